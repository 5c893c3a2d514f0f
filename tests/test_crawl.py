"""The crawl into a store, killed and resumed: against a 320-page site of our own on 127.0.0.1."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from extractor import tables
from extractor.web.localsite import LocalSite
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "corpus"))
from make_site import many_articles, render_site  # noqa: E402

N_ARTICLES = 320


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    samples = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    out = tmp_path_factory.mktemp("site")
    render_site(many_articles(samples, N_ARTICLES), out, two_page_every=9)
    with LocalSite(out) as site:
        yield site


def start_crawl(db, site) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "extractor", "crawl", f"{site.url}/sitemap.xml", f"{site.url}/feed.xml",
                             "--db", str(db), "--delay", "0", "--per-host", "8"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)


def stored_articles(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def frontier(db) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT url, kind, state, published, found_in, reason FROM frontier ORDER BY url").fetchall()


def fetch_counts(db) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT url, COUNT(*) FROM fetches WHERE kind='article' GROUP BY url"))


def assert_same_store(a, b) -> None:
    ta, tb = tables(a), tables(b)
    for name in ta:
        assert len(ta[name]) == len(tb[name]), name
        assert ta[name].equals(tb[name]), name
    assert frontier(a) == frontier(b)


def test_killed_crawls_resume_to_the_same_store(big_site, tmp_path):
    whole = tmp_path / "whole.db"
    done = start_crawl(whole, big_site)
    out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err.decode()
    assert stored_articles(whole) == N_ARTICLES
    assert b"320 articles stored" in out

    killed = tmp_path / "killed.db"
    rng = random.Random(7)
    kills = 0
    for target in (40, 110, 190, 260):
        proc = start_crawl(killed, big_site)
        while stored_articles(killed) < target and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.4))  # land anywhere: in a fetch, an extraction, a commit
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
        assert 0 < stored_articles(killed) < N_ARTICLES
    assert kills == 4
    last = start_crawl(killed, big_site)
    out, err = last.communicate(timeout=600)
    assert last.returncode == 0, err.decode()

    assert_same_store(whole, killed)
    # Only pages in flight at a kill were fetched twice: at most two batches of 16 per kill.
    again = sum(n - 1 for n in fetch_counts(killed).values())
    assert again <= kills * 2 * 16
    assert all(n == 1 for n in fetch_counts(whole).values())


def test_sigint_stops_cleanly_and_the_rerun_finishes(big_site, tmp_path):
    db = tmp_path / "news.db"
    proc = start_crawl(db, big_site)
    while stored_articles(db) < 30 and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err and b"interrupted" in err
    kept = stored_articles(db)
    assert kept >= 30
    rerun = start_crawl(db, big_site)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert stored_articles(db) == N_ARTICLES
    assert len(tables(db)["articles"]["url"].unique()) == N_ARTICLES


def test_a_crawl_seeded_with_the_front_page_only_reaches_every_article(tmp_path):
    """corpus/site from `/` alone: the front page's short-slug links (its own date pattern), its
    page 2 for the oldest article, the draft its menu links to skipped without a fetch."""
    samples = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    db = tmp_path / "news.db"
    with LocalSite(ROOT / "corpus" / "site") as site:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-m", "extractor", "crawl", site.url + "/", "--db", str(db), "--delay", "0"],
                              capture_output=True, env=env, cwd=ROOT, timeout=300)
        requests = site.requests
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    stored = set(tables(db)["articles"]["url"])
    assert stored == {site.url + s["url"].split("contoh.local", 1)[1] for s in samples}
    assert "/page/2" in requests and not any(r.startswith("/internal") for r in requests)
    assert "crawl: 2 discovery documents" in out and "skipped: 1 page(s) robots.txt disallows" in out


def test_a_crawl_reads_an_index_up_to_pages(tmp_path):
    samples = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    out = tmp_path / "site"
    render_site(many_articles(samples, 12), out, two_page_every=0, per_page=3)  # 4 index pages
    with LocalSite(out) as site:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-m", "extractor", "crawl", site.url + "/", "--db", str(tmp_path / "n.db"),
                               "--delay", "0", "--pages", "2"], capture_output=True, env=env, cwd=ROOT, timeout=300)
        requests = site.requests
    assert done.returncode == 0, done.stderr.decode()
    assert stored_articles(tmp_path / "n.db") == 6
    assert "/page/2" in requests and "/page/3" not in requests


def test_a_listed_page_that_is_a_list_of_links_is_skipped_and_counted(tmp_path):
    """A sitemap that lists an index page as if it were an article: the page is refused as a list
    of links, counted as skipped, and the crawl still succeeds."""
    samples = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    out = tmp_path / "site"
    paths = render_site(samples, out)
    (out / "extra.xml").write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                   f"<url><loc>/page/2</loc></url><url><loc>{paths[0]}</loc></url></urlset>", encoding="utf-8")
    with LocalSite(out) as site:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-m", "extractor", "crawl", site.url + "/extra.xml", "--db",
                               str(tmp_path / "n.db"), "--delay", "0"], capture_output=True, env=env, cwd=ROOT, timeout=300)
    out_text = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode() + out_text
    assert "1 articles stored" in out_text and "skipped: 1 page(s) that are lists of links, not articles" in out_text
