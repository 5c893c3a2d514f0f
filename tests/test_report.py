"""The check command's reports: terminal text, and HTML that renders in headless Chromium."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

from extractor import extract_many
from extractor.nlp.report import html_report, terminal_report

SEED_LIKE = ("Peserta mencapai 1.704.308 orang. Rinciannya 801.356 orang jakon, 111.698 orang informal dan "
             "791.254 orang formal. Target 1.699.086 orang terdiri atas target 798.228 orang, target 110.705 orang "
             "dan target 790.113 orang. Realisasi Rp1,88 triliun atau 24,44% dari target sebesar 7,68 triliun.")


def _records():
    articles = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    articles.append({"id": "seed-like", "title": "Seed-like", "text": SEED_LIKE})
    return list(extract_many(articles))


def test_terminal_report_says_what_adds_up():
    text = terminal_report(_records()[-1])
    assert "801.356 + 111.698 + 791.254 = 1.704.308, stated 1.704.308  ->  consistent" in text
    assert "stated 1.699.086  ->  INCONSISTENT (off by -40)" in text
    assert "Rp1,88 triliun / 7,68 triliun = 24,48%, stated 24,44%  ->  consistent" in text


def test_check_command_writes_html(tmp_path):
    out = tmp_path / "report.html"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "extractor", "check", str(ROOT / "corpus" / "articles.jsonl"),
                           "--html", str(out)], capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "consistent" in proc.stdout.decode()
    page = out.read_text(encoding="utf-8")
    assert "<script" in page and "http" not in page.split('id="records"')[0]  # no external resources


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed (make test installs it as root)")
def test_html_report_renders_highlights_in_chromium():
    records = _records()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html_report(records), encoding="utf-8")
        proc = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp}/profile", "--dump-dom", page.as_uri()],
            capture_output=True, timeout=120)
    dom = proc.stdout.decode()
    assert 'data-rendered="yes"' in dom, proc.stderr.decode()[-2000:]
    marks = re.findall(r'<mark class="fig role-(\w+)( flagged)?" data-index="(\d+)"', dom)
    assert len(marks) == sum(len(r["quantities"]) for r in records)
    seed = dom.split('data-id="seed-like"')[1]
    flagged = re.findall(r'<mark class="fig role-target flagged"[^>]*>([^<]+)</mark>', seed)
    assert flagged == ["1.699.086", "798.228", "110.705", "790.113"]
    assert seed.count('class="relation consistent"') == 2 and seed.count('class="relation inconsistent"') == 1
    assert re.search(r'title="share · 24,44%[^"]*chars \d+–\d+', seed)  # as readers write it
