"""Not an article: front, index, tag pages and feeds are refused as lists of links; no article page is."""
import pytest

from conftest import ROOT, SHARED, shared_path
from extractor.web.page import PageError, html_tree, parse_page
from extractor.web.pagekind import _headline_is_title, _json_ld_article, kind_rules, listing_links
from test_bad_input import run_cli

SITE = ROOT / "corpus" / "site"
ARTICLE_PAGES = [p for folder in ("pages", "unlabelled") for p in sorted((SHARED / "html" / folder).glob("*.html"))]
FRONT_PAGES = {"antara": 20, "detik": 20, "kompas": 10, "liputan6": 34}  # feed items or headline links on each


def read(path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("path", ARTICLE_PAGES or [None], ids=lambda p: p.name if p else "absent")
def test_no_saved_article_page_is_refused(path):
    if path is None:
        shared_path("html", "pages")
    doc = html_tree(read(path))
    assert listing_links(doc) is None
    # the margin: each names its one story (a heading the title begins with, or JSON-LD), so a
    # short article (a photo with a caption) would pass as well
    assert _json_ld_article(doc) or _headline_is_title(doc, kind_rules())
    assert parse_page(read(path)).text  # read as an article, with a body


def test_no_page_of_the_bundled_site_with_an_article_is_refused():
    pages = [p for p in SITE.rglob("*.html") if p.parent != SITE and "page" not in p.parts and "tag" not in p.parts
             and "internal" not in p.parts]
    assert len(pages) >= 6
    for path in pages:
        assert listing_links(html_tree(read(path))) is None, path


@pytest.mark.parametrize("outlet,links", FRONT_PAGES.items())
def test_saved_front_pages_are_refused(outlet, links):
    path = shared_path("html", "index_pages", f"{outlet}-mainpage.html")
    assert listing_links(html_tree(read(path))) == links
    with pytest.raises(PageError, match=rf"^not an article page \(a list of {links} links\)$"):
        parse_page(read(path))


def test_extract_refuses_index_pages_with_one_line_each_and_goes_on():
    good = SITE / "pasar" / "2025" / "07" / "09" / "ihsg-menguat.html"
    front, second, tag = SITE / "index.html", SITE / "page" / "2.html", SITE / "tag" / "ekonomi.html"
    r = run_cli("extract", str(front), str(good), str(second), str(tag))
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err
    assert len(r.stdout.decode().splitlines()) == 1
    assert f"error: {front}: not an article page (a list of 5 links)\n" in err
    assert f"error: {second}: not an article page (a list of 5 links)\n" in err
    assert f"error: {tag}: not an article page (a list of 7 links)\n" in err


def test_check_refuses_a_saved_front_page():
    path = shared_path("html", "index_pages", "kompas-mainpage.html")
    r = run_cli("check", str(path))
    assert r.returncode == 1
    assert r.stderr.decode().splitlines()[0] == f"error: {path}: not an article page (a list of 10 links)"
