"""Structures built from the rules are loaded from a prebuilt file, rebuilt when the rules change,
and still built when the cache directory cannot be written."""
import os
import shutil
import subprocess
import sys

import pytest

from extractor import prebuilt
from extractor.rules import patterns_dir, use_patterns


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EXTRACTOR_CACHE", str(folder))
    yield folder
    use_patterns(None)


def _counting():
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    return build, calls


def test_a_second_load_reads_the_file(cache):
    build, calls = _counting()
    assert prebuilt.load("thing", build) == {"built": 1}
    assert prebuilt.load("thing", build) == {"built": 1}
    assert len(calls) == 1
    assert len(list(cache.glob("thing-*.pickle"))) == 1


def test_editing_the_rules_builds_it_again_and_drops_the_stale_file(cache, tmp_path):
    own = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), own)
    use_patterns(own)
    build, calls = _counting()
    prebuilt.load("thing", build)
    with (own / "numbers.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    use_patterns(own)  # what `--patterns` does; clears every cache built on the rules
    assert prebuilt.load("thing", build) == {"built": 2}
    assert len(list(cache.glob("thing-*.pickle"))) == 1


def test_a_corrupt_file_is_replaced(cache):
    build, calls = _counting()
    prebuilt.load("thing", build)
    (path,) = cache.glob("thing-*.pickle")
    path.write_bytes(b"not a pickle")
    assert prebuilt.load("thing", build) == {"built": 2}
    assert prebuilt.load("thing", build) == {"built": 2}


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_still_builds(cache):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        build, calls = _counting()
        assert prebuilt.load("thing", build) == {"built": 1}
        assert prebuilt.load("thing", build) == {"built": 2}
    finally:
        cache.chmod(0o700)


def test_an_unwritable_cache_path_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("EXTRACTOR_CACHE", str(blocker / "cache"))  # a directory under a file
    build, calls = _counting()
    assert prebuilt.load("thing", build) == {"built": 1}
    assert prebuilt.load("thing", build) == {"built": 2}


def test_version_and_help_do_not_load_spacy():
    code = ("import sys\nfrom extractor.cli import build_parser, main\n"
            "assert main(['--version']) == 0\n"
            "build_parser().format_help()\n"
            "assert 'spacy' not in sys.modules, 'spaCy was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("extractor ")
