"""`extractor serve`: the store in Datasette with descriptions, facets, labels, the questions people
ask as canned queries, and a fact-check page per article; what a person sees, in headless Chromium."""
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_report import SEED_LIKE

from extractor.dataset import browse
from extractor.dataset.ingest import ingest
from extractor.dataset.store import Store

SCREENSHOTS = ROOT / "out" / "screenshots"
ALARM_URL = "https://contoh.example/ekonomi/2025/06/18/bpjs-peserta"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The bundled sample articles plus one whose stated target does not add up."""
    db = tmp_path_factory.mktemp("browse") / "news.db"
    articles = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    articles.append({"id": "seed-like", "title": "Peserta BPJS Ketenagakerjaan melampaui target", "outlet": "bisnis",
                     "url": ALARM_URL, "published": "2025-06-18T10:00:00+07:00", "text": "MEDAN - " + SEED_LIKE})
    problems = []
    with Store(db) as s:
        ingest(s, articles, lambda where, what: problems.append((where, what)), workers=1)
    assert not problems
    return db


def get(ds, path: str):
    async def go():
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(go())


def test_metadata_queries_and_cells(store):
    ds = browse.app(store)
    alarms = get(ds, "/news/alarms.json?_shape=objects").json()["rows"]
    assert len(alarms) == 1
    alarm = alarms[0]
    assert alarm["article"] == "Peserta BPJS Ketenagakerjaan melampaui target" and alarm["url"] == ALARM_URL
    assert alarm["stated"] == "1.699.086" and alarm["relation"] == "sum_of"
    assert alarm["sentence"].startswith("Target 1.699.086 orang terdiri atas") and alarm["sentence"].endswith("790.113 orang.")
    figures_page = get(ds, "/news/figures").text
    for described in ("the value in units", "target, forecast, change, share or actual"):  # column meanings
        assert described in figures_page
    for facet in ("unit", "role", "year", "region", "speaker"):
        assert f'data-column="{facet}"' in figures_page
    assert "Rp12,4 triliun" in figures_page and "12400000000000.0</td>" not in figures_page  # readable, raw in the title
    assert "Jawa Timur" in get(ds, "/news/figures?region=35").text  # region names beside codes
    home = get(ds, "/news").text
    for title in ("Alarms: figures that do not add up", "Targets by speaker and year", "Figures by region",
                  "Stories covered by several outlets"):
        assert title in home
    by_region = get(ds, "/news/figures_by_region.json?_shape=objects").json()["rows"]
    assert by_region and by_region[0]["figures"] >= by_region[-1]["figures"]
    targets = get(ds, "/news/targets.json?_shape=objects&year=&speaker=").json()["rows"]
    assert all(row["figure"] and "e+" not in row["figure"] for row in targets)
    check = get(ds, "/-/fact-check/news/seed-like")
    assert check.status_code == 200 and "1.699.086" in check.text
    assert get(ds, "/-/fact-check/news/no-such-article").status_code == 404


def test_serve_refuses_what_is_not_a_store(tmp_path):
    bad = tmp_path / "x.db"
    bad.write_bytes(b"not a database at all" * 100)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "extractor", "serve", "--db", str(bad)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 1 and done.stderr.startswith(f"error: {bad}:") and done.stderr.count("\n") == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chromium(url: str, profile: Path, screenshot: Path | None = None) -> str:
    """The page's DOM after its scripts ran (and a screenshot of it)."""
    base = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            f"--user-data-dir={profile}", "--window-size=1400,1100"]
    if screenshot is not None:
        subprocess.run(base + [f"--screenshot={screenshot}", url], capture_output=True, timeout=120)
    return subprocess.run(base + ["--dump-dom", url], capture_output=True, timeout=120).stdout.decode()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed (make test installs it as root)")
def test_a_person_sees_the_alarms_and_an_article_in_chromium(store, tmp_path):
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "extractor", "serve", "--db", str(store), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.3)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        base = f"http://127.0.0.1:{port}/news"

        alarms = _chromium(f"{base}/alarms", tmp_path / "profile", SCREENSHOTS / "alarms.png")
        assert "Alarms: figures that do not add up" in alarms
        assert "Peserta BPJS Ketenagakerjaan melampaui target" in alarms
        assert "Target 1.699.086 orang terdiri atas" in alarms  # the sentence
        assert f'href="{ALARM_URL}"' in alarms  # the article's address, clickable
        assert 'href="/-/fact-check/news/seed-like"' in alarms

        article = _chromium(f"{base}/articles/seed-like", tmp_path / "profile", SCREENSHOTS / "article.png")
        assert "Peserta BPJS Ketenagakerjaan melampaui target" in article
        assert 'data-column-description="stable id: given in the input' in article  # what each column holds
        assert 'href="/-/fact-check/news/seed-like"' in article  # the link to its fact-check
        assert "Fact-check this article" in article  # ... at the top of the page
        assert re.search(r"<h1[^>]*>Peserta BPJS Ketenagakerjaan melampaui target</h1>", article)  # the title as heading

        check = _chromium(f"http://127.0.0.1:{port}/-/fact-check/news/seed-like", tmp_path / "profile",
                          SCREENSHOTS / "fact-check.png")
        assert 'data-interactive="yes"' in check  # its script ran
        assert '<li class="relation inconsistent"' in check and "1.699.086" in check
        for name in ("alarms.png", "article.png", "fact-check.png"):
            png = (SCREENSHOTS / name).read_bytes()
            assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000, name
    finally:
        server.terminate()
        server.wait(timeout=30)
