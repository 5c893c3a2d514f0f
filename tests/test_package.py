"""The package as a user installs and loads it: a cheap `import extractor`, the spaCy pipeline as
spaCy expects it (namespaced factories, a clean `analyze_pipes`, DocBin and to_disk round trips),
and rules read from a user's own copy of patterns/ with one-line errors for a broken one."""
import json
import shutil
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import DocBin

from conftest import ROOT, processed_doc
from extractor import extract
from extractor.nlp.pipeline import COMPONENTS, get_pipeline
from extractor.nlp.record import to_record
from extractor.rules import patterns_dir, use_patterns

TEXT = ("Realisasi penerimaan pajak mencapai Rp1,88 triliun atau 24,44% dari target 7,68 triliun, "
        "kata Kepala Kanwil DJP Sumut I Budi Santoso di Medan. Jaraknya 5 parsec.")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_import_extractor_loads_neither_spacy_nor_pandas():
    out = _python("import sys, extractor; extractor.__version__; print(sorted(m for m in ('spacy', 'pandas', 'httpx') if m in sys.modules))")
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stderr


def test_version_answers_without_loading_spacy():
    out = _python("import sys; from extractor.cli import main; code = main(['--version']); print(code, 'spacy' in sys.modules)")
    assert out.stdout.split() == ["extractor", "0.1.0", "0", "False"], out


def test_the_pipeline_is_clean_for_spacy():
    nlp = get_pipeline()
    assert nlp.pipe_names == list(COMPONENTS)
    assert all(nlp.get_pipe_meta(name).factory == f"indonews_{name}" for name in COMPONENTS)
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]


def test_a_processed_doc_round_trips_through_docbin():
    doc = processed_doc(TEXT)
    before = to_record(doc, {})
    assert before["quantities"] and before["relations"] and before["officials"]
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    again = next(DocBin().from_bytes(data).get_docs(get_pipeline().vocab))
    assert again.spans["quantities"][0]._.figure == doc.spans["quantities"][0]._.figure
    assert json.dumps(to_record(again, {})) == json.dumps(before)


def _own_patterns(tmp_path):
    copy = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    units = copy / "units.toml"
    units.write_text(units.read_text(encoding="utf-8").replace('words = [\n  "ton",', 'words = [\n  "parsec", "ton",', 1),
                     encoding="utf-8")
    return copy


def _units(record):
    return [(q["text"], q["unit"], q["item"]) for q in record["quantities"] if q["item"] == "parsec"]


def test_a_saved_pipeline_carries_its_rules(tmp_path):
    assert _units(extract(TEXT)) == [("5", "count", "parsec")]
    try:
        use_patterns(_own_patterns(tmp_path))
        get_pipeline().to_disk(tmp_path / "saved")
        use_patterns(None)
        assert _units(extract(TEXT)) == [("5", "count", "parsec")]
        copies = sorted(p.parent.parent.name for p in (tmp_path / "saved").rglob("units.toml"))
        assert copies == ["news_sentences", "tokenizer"]  # beside the tokenizer and the first component
        doc = spacy.load(tmp_path / "saved")(TEXT)  # its from_disk points the process at the saved rules
        assert [(s.text, s._.unit, s._.item) for s in doc.spans["quantities"] if s._.item == "parsec"] == [("5", "measure", "parsec")]
    finally:
        use_patterns(None)
    assert _units(extract(TEXT)) == [("5", "count", "parsec")]


def _cli(*args, stdin: str = TEXT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_patterns_option_reads_a_users_copy(tmp_path):
    out = _cli("--patterns", str(_own_patterns(tmp_path)), "extract", "-")
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert _units(record) == [("5", "measure", "parsec")]


@pytest.mark.parametrize("breakage,message", [
    (lambda s: s.replace("[measure]\nwords = [", "[measure]\nword = [", 1), "units.toml: missing key 'measure.words'"),
    (lambda s: s.replace("[measure]", "[measure", 1), "units.toml: Expected ']'"),
])
def test_a_broken_rule_file_is_one_line_naming_file_and_key(tmp_path, breakage, message):
    copy = _own_patterns(tmp_path)
    units = copy / "units.toml"
    units.write_text(breakage(units.read_text(encoding="utf-8")), encoding="utf-8")
    out = _cli("--patterns", str(copy), "extract", "-")
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_not_a_patterns_directory(tmp_path):
    out = _cli("--patterns", str(tmp_path), "extract", "-")
    assert out.returncode == 1 and out.stderr.strip() == f"error: {tmp_path}: not a patterns directory (no numbers.toml in it)"
