"""Structures built from the rules, kept in a file so that the next process loads them instead of
building them again (the gazetteer, the tokenizer's exception tables: seconds of start-up).

A file is named for what it holds and a digest of everything it was built from: the package
version, Python's, the caller's own inputs (a library version), the source file of the code that
builds it and every file of the rules directory in use. Editing `patterns/` or upgrading thus builds it anew; stale files are removed.
The directory is `$EXTRACTOR_CACHE`, else the user's cache directory (`$XDG_CACHE_HOME` or
`~/.cache`)/indonews-extractor, never the installed package. When it cannot be read or written
(read-only, full, corrupt file) the structure is built in memory as before.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .version import __version__
from .rules import cached, patterns_dir

T = TypeVar("T")
_FORMAT = 1  # bump when the layout of a stored structure changes without a version change


def cache_dir() -> Path:
    own = os.environ.get("EXTRACTOR_CACHE")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "indonews-extractor"


@cached
def _rules_digest(root: Path) -> str:
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*.toml")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(inputs: str = "", code: str = "") -> str:
    """A digest of what a prebuilt structure depends on (`code`: the file that builds it)."""
    root = patterns_dir()
    source = Path(code).read_bytes() if code and Path(code).is_file() else b""
    parts = [str(_FORMAT), __version__, sys.version, inputs, _rules_digest(root), hashlib.sha1(source).hexdigest()]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def _stem(name: str) -> str:
    """The file name's stable part: one file per structure and rules directory, so that a user's
    own `--patterns` copy and the installed rules do not evict each other."""
    return f"{name}-{hashlib.sha1(str(patterns_dir()).encode()).hexdigest()[:8]}"


def load(name: str, build: Callable[[], T], inputs: str = "") -> T:
    """The structure `build()` returns, from the cache file when one was built from the same
    rules and versions, else built now and stored for the next process."""
    try:
        folder = cache_dir()
    except (RuntimeError, KeyError):  # no home directory to find a cache in
        return build()
    stem = _stem(name)
    path = folder / f"{stem}-{key(inputs, build.__code__.co_filename)}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # none yet, unreadable, truncated or foreign: build anew and replace it
        pass
    value = build()
    _store(folder, stem, path, value)
    return value


def _store(folder: Path, stem: str, path: Path, value) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{stem}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # read-only or full: the next process builds it again
