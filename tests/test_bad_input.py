"""Bad input: one line of error each, the rest of the batch extracted, a non-zero exit code."""
import json
import os
import subprocess
import sys

from conftest import ROOT

GOOD = "Laba bersih naik 12,5% menjadi Rp1,2 triliun pada kuartal I."


def run_cli(*args, stdin: bytes | None = None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True,
                          env=env, cwd=ROOT, timeout=300)


def test_a_batch_with_every_kind_of_bad_input(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "huge.txt").write_text("Harga naik 5%. " * 350_000, encoding="utf-8")  # ~5 MB
    lines = [
        json.dumps({"id": "a1", "text": GOOD}),
        "{this is not json",
        json.dumps({"id": "a3", "title": "no body"}),
        json.dumps({"id": "a4", "text": "\x00\x01\x02\x03garbage\x04\x05\x06\x07" * 50}),
        json.dumps({"id": "a5", "text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a7", "text": "Ekspor tumbuh 3,1% yoy."}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = ["good.txt", "empty.txt", "binary.txt", "huge.txt", "batch.jsonl", "missing.txt"]
    proc = run_cli("extract", *[str(tmp_path / n) for n in names])

    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 9, err
    for needle in ("empty.txt: empty body", "binary.txt: not UTF-8", "huge.txt: body has", "batch.jsonl:2: not JSON",
                   "batch.jsonl:3: no 'text' field", "batch.jsonl:4: body looks like binary", "batch.jsonl:5: empty body",
                   "batch.jsonl:6: not a JSON object", "missing.txt: cannot read"):
        assert any(needle in line for line in errors), needle
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(records) == 3 and [r["id"] for r in records][1:] == ["a1", "a7"]
    assert [q["text"] for q in records[0]["quantities"]] == ["12,5%", "Rp1,2 triliun"]


def test_a_large_body_is_extracted_when_the_limit_is_raised(tmp_path):
    body = "Harga naik 5%. " * 350_000
    (tmp_path / "huge.txt").write_text(body, encoding="utf-8")
    proc = run_cli("extract", str(tmp_path / "huge.txt"), "--max-chars", "6000000")
    assert proc.returncode == 0, proc.stderr.decode()
    record = json.loads(proc.stdout)
    assert len(record["quantities"]) == 350_000


def test_stdin_text_and_output_file(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = run_cli("extract", "-", "-o", str(out), stdin=GOOD.encode())
    assert proc.returncode == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["text"] == GOOD and len(record["quantities"]) == 2


def test_unwritable_output_is_one_line(tmp_path):
    proc = run_cli("extract", "-", "-o", str(tmp_path / "no" / "such" / "dir.jsonl"), stdin=GOOD.encode())
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("error:") and "Traceback" not in proc.stderr.decode()


def test_unreadable_publication_time_is_a_warning_not_an_error(tmp_path):
    line = json.dumps({"id": "p1", "published": "kemarin sore", "text": "Laba naik 5% tahun ini."})
    (tmp_path / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    proc = run_cli("extract", str(tmp_path / "a.jsonl"))
    assert proc.returncode == 0
    assert "warning: p1: cannot read the publication time 'kemarin sore'" in proc.stderr.decode()
    record = json.loads(proc.stdout)
    assert record["quantities"][0]["year"] is None  # "tahun ini" needs the publication year
