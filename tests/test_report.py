"""The check command's reports: terminal text, and HTML that is complete without JavaScript and
renders in headless Chromium with it off and on."""
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
PLANTED = ("Pendapatan perseroan mencapai Rp9,8 triliun terdiri atas Rp7,3 triliun dan Rp2,1 triliun. "
           "Laba bersih naik 12,5% menjadi Rp1,24 triliun dibandingkan Rp1,07 triliun.")


def _records():
    return list(extract_many([
        {"id": "seed-like", "title": "Seed-like", "url": "https://example.com/a?x=1&y=<2>", "text": SEED_LIKE},
        {"id": "planted", "title": "Planted </script><!--<script>", "text": PLANTED},
        {"id": "plain", "title": "Nothing to check", "text": "Harga cabai naik pada pekan ini di pasar tradisional."},
    ]))


def test_terminal_report_says_what_adds_up_and_what_to_fix():
    seed, planted, plain = (terminal_report(r) for r in _records())
    assert "The 3 parts add up to 1.704.308 orang; the article gives the total as 1.704.308: this adds up." in seed
    assert "The 3 parts add up to 1.699.046 orang; the article gives the total as 1.699.086: off by 40 orang" in seed
    assert "Rp1,88 triliun is 24,48% of 7,68 triliun; the article says 24,44%: this adds up." in seed
    assert "1 alarm(s)" in seed
    # the planted wrong total and the wrong growth are both reported, with what would agree
    assert "off by Rp400 miliar" in planted and "Rp7,3 triliun + Rp2,1 triliun = Rp9,4 triliun" in planted
    assert "From Rp1,07 triliun to Rp1,24 triliun is up 15,89%; the article says 12,5%" in planted
    assert "2 alarm(s)" in planted
    assert "no checkable statement found" in plain


def test_html_is_complete_without_scripts_and_escapes_what_it_embeds():
    page = html_report(_records())
    assert "3 article(s), 5 relation(s) checked" in page and "3 alarm(s)" in page
    # every alarm in the summary links to its relation, which links to its figures, which link back
    for link in re.findall(r'<ol class="alarms">(.*?)</ol>', page)[0].split("</li>"):
        if link:
            rel = re.search(r'href="#(a\d+-r\d+)"', link).group(1)
            item = re.search(rf'<li class="relation inconsistent" id="{rel}".*?</li>', page).group(0)
            for fig in re.findall(r'href="#(a\d+-q\d+)"', item):
                assert re.search(rf'id="{fig}"[^>]*><a href="#a\d+-r\d+">', page), fig
    assert '<h2>Seed-like</h2><p class="source"><a href="https://example.com/a?x=1&amp;y=&lt;2&gt;"' in page
    assert "no checkable statement found" in page
    # a title cannot end the script or open a comment; the embedded JSON holds no "<"
    assert page.count("</script>") == 2 and "<!--" not in page
    data = re.search(r'id="relation-figures">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data


def test_check_command_writes_html(tmp_path):
    out = tmp_path / "report.html"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "extractor", "check", str(ROOT / "corpus" / "articles.jsonl"),
                           "--html", str(out)], capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    page = out.read_text(encoding="utf-8")
    assert "relation(s) checked" in page and "<script" in page
    assert "http" not in page.split("<body>")[0]  # no external resources


CHROMIUM = shutil.which("chromium")


def _chromium(profile: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={profile}", *args], capture_output=True, timeout=120)


def _dump(page: Path, fragment: str = "") -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = _chromium(profile, "--dump-dom", page.as_uri() + fragment)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return proc.stdout.decode()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed")
def test_report_in_chromium_without_and_with_javascript(tmp_path):
    records = _records()
    html_text = html_report(records)
    # JavaScript off: the document without its scripts, as Chromium builds it, already holds every
    # figure, relation and link (headless Chromium cannot dump a page with scripting disabled)
    page = tmp_path / "report.html"
    page.write_text(html_text, encoding="utf-8")
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r"<script.*?</script>", "", html_text, flags=re.S), encoding="utf-8")
    off = _dump(bare)
    assert "data-interactive" not in off and "<script" not in off
    assert len(re.findall(r'<mark class="fig role-\w+[^"]*" id=', off)) == sum(len(r["quantities"]) for r in records)
    assert off.count('class="relation inconsistent"') == 3 and "no checkable statement found" in off
    assert len(re.findall(r'<ol class="alarms">.*?</ol>', off, re.S)[0].split("<li>")) == 4
    # JavaScript on: following an alarm's link (a click) lights every figure of that relation
    seed = records[0]
    j = next(j for j, r in enumerate(seed["relations"]) if r["verdict"] == "inconsistent")
    on = _dump(page, fragment=f"#a0-r{j}")
    assert 'data-interactive="yes"' in on
    lit = re.findall(r'<mark class="fig role-\w+ flagged lit" id="a0-q\d+"[^>]*><a [^>]*>([^<]+)</a>', on)
    assert lit == ["1.699.086", "798.228", "110.705", "790.113"]
    assert re.search(rf'<li class="relation inconsistent lit" id="a0-r{j}"', on)
