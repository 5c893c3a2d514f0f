"""The command line on pages and URLs: `extract PAGE.html`, `extract URL`, `fetch`, `discover`."""
import json

from conftest import ROOT, shared_path
from extractor.web.localsite import LocalSite
from test_bad_input import run_cli as run_cli_bytes

SITE = ROOT / "corpus" / "site"


def run_cli(*args):
    r = run_cli_bytes(*args)
    r.stdout, r.stderr = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    return r


def test_extract_a_saved_page_gives_article_fields_and_figures():
    page = SITE / "ekonomi" / "2025" / "05" / "02" / "penyaluran-kur-jatim.html"
    r = run_cli("extract", str(page), "--url", "http://127.0.0.1/ekonomi/2025/05/02/penyaluran-kur-jatim")
    assert r.returncode == 0, r.stderr
    record = json.loads(r.stdout)
    assert record["title"] == "Penyaluran KUR di Jawa Timur Capai Rp12,4 Triliun"
    assert record["published"] == "2025-05-02T14:20:00+07:00" and record["author"] == "Tim Contoh"
    assert "Baca Juga" not in record["text"] and "ADVERTISEMENT" not in record["text"]
    assert any(q["text"] == "Rp12,4 triliun" for q in record["quantities"])


def test_extract_a_real_saved_page_uses_its_canonical_url():
    page = shared_path("html", "pages", "kompas-singlepage5.html")
    record = json.loads(run_cli("extract", str(page)).stdout)
    assert record["outlet"] == "Kompas" and record["published"] == "2016-02-23T16:52:00+07:00"
    assert any(q["text"] == "Rp 9,2 triliun" for q in record["quantities"])


def test_extract_and_fetch_urls_from_a_local_site():
    with LocalSite(SITE) as site:
        good = site.url + "/pasar/2025/07/09/ihsg-menguat"
        r = run_cli("extract", good, site.url + "/nope/2025/01/01/tidak-ada-di-sini")
        f = run_cli("fetch", good, site.url + "/feed.xml", "--delay", "0")
    assert r.returncode == 1
    assert [json.loads(line)["title"] for line in r.stdout.splitlines()] == ["IHSG Ditutup Menguat 0,85%"]
    assert f"error: {site.url}/nope/2025/01/01/tidak-ada-di-sini: HTTP 404" in r.stderr
    assert "Traceback" not in r.stderr
    assert f.returncode == 1 and json.loads(f.stdout)["url"] == good
    assert f"error: {site.url}/feed.xml: not HTML (application/xml)" in f.stderr


def test_discover_from_a_local_site_and_bad_seeds():
    with LocalSite(SITE) as site:
        r = run_cli("discover", site.url + "/sitemap.xml", "not-an-outlet", "--delay", "0")
    assert r.returncode == 1
    assert len(r.stdout.splitlines()) == 4
    assert "error: not-an-outlet: 'not-an-outlet' is neither an http(s) URL nor a known outlet" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_pages_get_one_line_each_and_the_good_page_is_still_extracted(tmp_path):
    (tmp_path / "report.html").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Beranda</a> Ekonomi</nav></body></html>")
    good = SITE / "pasar" / "2025" / "07" / "09" / "ihsg-menguat.html"
    r = run_cli("extract", *(str(tmp_path / n) for n in ("report.html", "empty.html", "menu.html")), str(good))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert [json.loads(line)["title"] for line in r.stdout.splitlines()] == ["IHSG Ditutup Menguat 0,85%"]
    assert f"error: {tmp_path / 'report.html'}: not an HTML page" in r.stderr
    assert f"error: {tmp_path / 'empty.html'}: not an HTML page" in r.stderr
    assert f"error: {tmp_path / 'menu.html'}: no article body found on the page" in r.stderr
