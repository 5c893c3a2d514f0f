"""Article pages -> articles: the real pages of ../shared/html, the rule files' examples, the
bundled corpus site, decoding and generic fallbacks."""
import collections
import json
import re
from datetime import datetime

import pytest

from conftest import ROOT, shared_path
from extractor.dates import read_date
from extractor.rules import read_toml
from extractor.web.encoding import decode_html
from extractor.web.page import PageError, clean_title, parse_page
from extractor.web.sites import GENERIC, sites



def token_f1(got: str, want: str) -> float:
    a = collections.Counter(re.findall(r"\w+", got.lower()))
    b = collections.Counter(re.findall(r"\w+", want.lower()))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r)


def _shared_pages():
    root = shared_path("html", "expected.json").parent
    return root, json.loads((root / "expected.json").read_text(encoding="utf-8"))


def _own_pages():
    root = ROOT / "corpus" / "pages"
    return root, json.loads((root / "expected.json").read_text(encoding="utf-8"))


def _scores(pages, force_generic=False, monkeypatch=None):
    root, expected = pages
    if force_generic:
        monkeypatch.setattr("extractor.web.page.site_for", lambda url: GENERIC)
    body, title, minute = [], [], []
    for e in expected:
        fetched = datetime.fromisoformat(e["fetched"]) if "fetched" in e else None
        article = parse_page((root / e["file"]).read_bytes(), url=e["url"], fetched=fetched)
        body.append(token_f1(article.text, e["text"]))
        title.append(article.title == e["title"])
        minute.append((article.published or "")[:16] == e["published"][:16])
    n = len(expected)
    return sum(body) / n, sum(title) / n, sum(minute) / n


def test_real_pages_meet_the_targets():
    body, title, minute = _scores(_shared_pages())
    assert body >= 0.95, body
    assert title >= 0.95, title
    assert minute >= 0.90, minute


def test_generic_rules_alone_read_real_pages_as_well_as_a_profile(monkeypatch):
    """Every profile off (as for an outlet we do not know): the generic title, date and
    content-density rules still read the real pages of ../shared/html (0.893 body and 0.867 time
    before they did)."""
    body, title, minute = _scores(_shared_pages(), force_generic=True, monkeypatch=monkeypatch)
    assert body >= 0.95, body
    assert title >= 0.95, title
    assert minute >= 0.93, minute


def test_generic_rules_read_pages_of_unprofiled_outlets(monkeypatch):
    """corpus/pages: layouts of outlets without a profile (WordPress and Newspaper themes, the site
    name before the title, dates printed in 12-hour English, WITA evening, relative to the fetch
    time, a date alone in JSON-LD beside a printed clock, local time written as UTC, teasers and
    ads beside the body) with every profile off."""
    body, title, minute = _scores(_own_pages(), force_generic=True, monkeypatch=monkeypatch)
    assert body >= 0.95, body
    assert title >= 0.95, title
    assert minute >= 0.93, minute


def test_bylines_beside_the_body_fill_author_and_editor():
    root, expected = _own_pages()
    checked = 0
    for e in expected:
        if "author" in e:
            article = parse_page((root / e["file"]).read_bytes(), url=e["url"])
            assert (article.author, article.editor) == (e["author"], e.get("editor")), e["file"]
            checked += 1
    assert checked >= 4


def test_a_relative_time_needs_the_fetch_time():
    root, expected = _own_pages()
    e = next(x for x in expected if "fetched" in x)
    html = (root / e["file"]).read_bytes()
    assert parse_page(html, url=e["url"]).published is None
    assert parse_page(html, url=e["url"], fetched=datetime.fromisoformat(e["fetched"])).published == e["published"]


def test_a_date_alone_with_a_zone_is_that_date_not_seven_oclock():
    """Python 3.11's fromisoformat reads `2022-06-28+07:00` as 07:00; it is the 28th, no time."""
    found = read_date("2022-06-28+07:00")
    assert (found.has_time, found.isoformat()) == (False, "2022-06-28")
    assert read_date("2022-06-28Z").value.date().isoformat() == "2022-06-28"
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ekspor Naik",'
            ' "datePublished": "2022-06-28+07:00"}</script></head><body><h1>Ekspor Naik</h1><div class="isi">'
            + "<p>Nilai ekspor naik lima persen pada Mei dibandingkan bulan yang sama tahun lalu, kata BPS.</p>" * 3
            + "</div></body></html>")
    assert parse_page(page, url="https://warta.contoh.id/ekspor-naik").published == "2022-06-28T00:00:00+07:00"


def test_a_body_nested_as_deep_as_the_parser_keeps_is_read():
    """libxml2 keeps 255 levels of HTML; the body found at the bottom of them all."""
    page = ("<html><body>" + "<nav><a href='/'>Beranda</a></nav>" + "<div>" * 250 + "<p>" + "Harga beras naik lima persen pada Mei. " * 5
            + "</p>" + "</div>" * 250 + "</body></html>")
    article = parse_page(page, url="https://warta.contoh.id/beras")
    assert article.text.startswith("Harga beras naik")


def test_real_page_fields():
    root, expected = _shared_pages()
    e = next(x for x in expected if x["file"].endswith("liputan6-singlepage.html"))
    article = parse_page((root / e["file"]).read_bytes(), url=e["url"])
    assert (article.outlet, article.author, article.editor, article.section) == ("Liputan6", "Corry Anestia", "Iskandar", "Tekno")
    assert article.image == e["image"]
    assert "Media Visit" in article.tags and not any(":" in t for t in article.tags)
    e = next(x for x in expected if x["file"].endswith("antara-singlepage.html"))
    article = parse_page((root / e["file"]).read_bytes(), url=e["url"])
    assert article.dateline == "Mataram"
    assert "berita terkini" not in [t.lower() for t in article.tags]


def test_detik_local_times_written_as_utc_are_read_as_wib():
    root, expected = _shared_pages()
    e = next(x for x in expected if x["file"].endswith("detik-singlepage.html"))
    assert parse_page((root / e["file"]).read_bytes(), url=e["url"]).published == e["published"]


def test_every_outlet_has_a_profile_with_examples_of_both_kinds():
    wanted = {"bisnis.com", "kontan.co.id", "cnbcindonesia.com", "katadata.co.id", "detik.com", "kompas.com",
              "liputan6.com", "antaranews.com", "tempo.co", "okezone.com", "cnnindonesia.com", "republika.co.id"}
    assert wanted <= {d for s in sites().values() for d in s.domains}
    for stem, site in sites().items():
        kinds = {ex["article"] for ex in site.examples}
        assert kinds == {True, False}, stem
        assert site.body and site.index and (site.sitemaps or site.feeds), stem


def test_titles_lose_the_outlet_name_only_wherever_it_stands():
    words = ["kompas"]
    assert clean_title("Polres Serahkan Anggota - Kompas.com Regional", words) == "Polres Serahkan Anggota"
    assert clean_title("Harga Cabai - Pasar Induk Naik", words) == "Harga Cabai - Pasar Induk Naik"
    assert clean_title("Saat pengadilan bertemu | KOMPAS.com", words) == "Saat pengadilan bertemu"
    assert clean_title("Kompas.com: Harga Cabai Naik", words) == "Harga Cabai Naik"
    assert clean_title("KOMPAS - Harga Cabai Naik · Kompas Regional", words) == "Harga Cabai Naik"
    assert clean_title("BI: Inflasi Terkendali", words) == "BI: Inflasi Terkendali"
    assert clean_title("Harga Cabai Naik | Warta Ekonomi", ["wartaekonomi"]) == "Harga Cabai Naik"


@pytest.mark.parametrize("og_title,h1", [
    ("Bisnis - Harga Cabai Naik - Warta Kita", "Harga Cabai Naik"),        # a section and a site name unknown to us
    ("Harga Cabai Naik | WK Online", "Harga Cabai Naik"),
    ("WK: Harga Cabai Naik", "Harga Cabai Naik"),
    ("BI: Inflasi Terkendali | WK Online", "BI: Inflasi Terkendali"),      # the title's own colon stays
])
def test_the_h1_tells_the_title_from_the_site_name_around_it(og_title, h1):
    page = (f'<html><head><meta property="og:title" content="{og_title}"></head><body>'
            f'<div class="logo"><a href="/">WK Online</a></div><h1>{h1}</h1><div class="isi">'
            + "<p>Harga cabai rawit naik lima ribu rupiah per kilogram di pasar induk pada Senin pagi.</p>" * 3
            + "</div></body></html>")
    assert parse_page(page, url="https://www.wartakita.example/bisnis/harga-cabai-naik").title == h1


@pytest.mark.parametrize("data,content_type,want", [
    ("Harga naik Rp5.000 – café".encode("utf-8"), "text/html", "Harga naik Rp5.000 – café"),
    ("Harga café".encode("latin-1"), "text/html; charset=ISO-8859-1", "Harga café"),
    (b'<meta charset="iso-8859-1"><p>caf\xe9</p>', None, '<meta charset="iso-8859-1"><p>café</p>'),
    (b"\xef\xbb\xbf<p>Rp1,5 triliun \xe2\x80\x93 naik</p>", None, "<p>Rp1,5 triliun – naik</p>"),
    (b"<p>undeclared caf\xe9</p>", None, "<p>undeclared café</p>"),
    ("naïve".encode("utf-8"), "text/html; charset=windows-1252", "naÃ¯ve"),  # the header wins, as in browsers
])
def test_decoding(data, content_type, want):
    assert decode_html(data, content_type) == want


def test_not_html_is_a_clear_error():
    with pytest.raises(PageError, match="not an HTML page"):
        parse_page(b"%PDF-1.4 binary stuff without any tags")


def test_bundled_site_pages_give_back_the_articles():
    """corpus/site renders corpus/articles.jsonl with share widgets, ads, captions, 'Baca Juga',
    tags and bylines: none of it reaches the body, and the text comes back exactly."""
    site = ROOT / "corpus" / "site"
    for line in (ROOT / "corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        want = json.loads(line)
        path = want["url"].split("://", 1)[1].split("/", 1)[1]
        article = parse_page((site / (path + ".html")).read_bytes(), url="http://127.0.0.1/" + path)
        assert article.title == want["title"]
        assert article.author == "Tim Contoh"
        if not (site / path / "2.html").exists():
            assert article.text == want["text"]
            assert article.editor == "Redaksi Contoh"
        else:
            assert article.next_pages == [f"http://127.0.0.1/{path}/2"]
            assert want["text"].startswith(article.text)


def test_every_selector_in_the_rules_compiles():
    from extractor.web.page import css

    rules = read_toml("page.toml")
    for selector in (*rules["remove"], *rules["body"], *rules["next_page"]):
        css(selector)
    for site in sites().values():
        for selector in (*site.title, *site.body, *site.author, *site.editor, *site.date, *site.remove, *site.next_page):
            css(selector)


@pytest.mark.parametrize("printed,iso", [
    ("Kamis, 01 Mei 2025 | 15:00 WIB", "2025-05-01T15:00:00+07:00"),
    ("22 Des 2017, 17:30 WIB", "2017-12-22T17:30:00+07:00"),
    ("Selasa, 23/02/2016 15:32 WIB", "2016-02-23T15:32:00+07:00"),
    ("Senin, 5 Mei 2025 10:15 WITA", "2025-05-05T09:15:00+07:00"),
])
def test_printed_dates_and_bylines_on_an_unknown_site(printed, iso):
    page = (f"<html><head><title>Ekspor Naik Lagi | Warta Contoh</title></head><body><h1>Ekspor Naik Lagi</h1>"
            f"<div class='post-date'>{printed}</div><div class='entry-content'><p>JAKARTA - Nilai ekspor naik 5% "
            "pada April, kata Kepala BPS di Jakarta (1/5/2025).</p><p>Baca Juga: Impor Turun</p>"
            "<p>Kenaikan terbesar datang dari batu bara dan minyak sawit mentah.</p>"
            "<p>Reporter: Sari Dewi</p><p>Editor: Budi Santoso</p></div></body></html>")
    article = parse_page(page, url="https://warta.contoh.id/ekonomi/ekspor-naik-lagi-pada-april")
    assert article.published == iso
    assert (article.title, article.author, article.editor, article.dateline) == ("Ekspor Naik Lagi", "Sari Dewi", "Budi Santoso", "Jakarta")
    assert article.text.splitlines() == ["JAKARTA - Nilai ekspor naik 5% pada April, kata Kepala BPS di Jakarta (1/5/2025).",
                                         "Kenaikan terbesar datang dari batu bara dan minyak sawit mentah."]
