"""Discovery: article links on real index pages and feeds, sitemaps, canonical URLs, filters, seeds."""
from datetime import date

import pytest

from conftest import shared_path
from extractor.web.discover import (Link, UrlFilter, canonical_url, feed_kind, index_urls, links_in,
                                parse_xml_links)
from extractor.web.scrape import SeedError, seed_sources
from extractor.web.sites import site_for, site_named

BASES = {"antara": "http://www.antaranews.com/", "detik": "http://www.detik.com/",
         "kompas": "http://www.kompas.com/", "liputan6": "http://www.liputan6.com/"}


@pytest.mark.parametrize("outlet,kind,at_least", [("antara", "rss", 20), ("detik", "rss", 20),
                                                   ("kompas", None, 10), ("liputan6", None, 90)])
def test_real_index_pages(outlet, kind, at_least):
    path = shared_path("html", "index_pages", f"{outlet}-mainpage.html")
    text = path.read_text(encoding="utf-8", errors="replace")
    assert feed_kind(text) == kind
    links, _ = links_in(text, BASES[outlet])
    urls = [link.url for link in links]
    assert len(urls) >= at_least and len(urls) == len(set(urls))
    assert all(site_for(u).is_article(u) for u in urls)
    assert not any(part in u for u in urls for part in ("/tag/", "/kategori/", "/indeks", "feedsportal"))


def test_real_front_page_links_include_the_saved_articles():
    """The saved liputan6 front page links the photo story saved in pages/; detik's feed links
    through a redirector but names the real article in <guid>."""
    liputan6 = shared_path("html", "index_pages", "liputan6-mainpage.html").read_text(encoding="utf-8")
    urls = {l.url for l in links_in(liputan6, BASES["liputan6"])[0]}
    assert "http://news.liputan6.com/read/2437204/obama-sambut-langsung-para-pemimpin-negara-asean" in urls
    detik = shared_path("html", "index_pages", "detik-mainpage.html").read_text(encoding="utf-8")
    urls = [l.url for l in links_in(detik, BASES["detik"])[0]]
    assert "http://inet.detik.com/read/2015/11/05/100026/3062623/323/google-umbar-kelemahan-galaxy-s6-edge" in urls


def test_sitemap_index_news_sitemap_and_atom():
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             "<sitemap><loc>https://x.co.id/news.xml</loc></sitemap></sitemapindex>")
    assert parse_xml_links(index, "https://x.co.id/sitemap.xml") == ([], ["https://x.co.id/news.xml"])
    news = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://x.co.id/a-b-c-d?utm_source=x</loc>'
            "<news:news><news:publication_date>2025-06-01T10:00:00+07:00</news:publication_date></news:news></url></urlset>")
    (link,), _ = parse_xml_links(news)
    assert link.url == "https://x.co.id/a-b-c-d" and link.published.isoformat() == "2025-06-01T10:00:00+07:00"
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://x.co.id/b"/>'
            "<published>2025-06-02T01:00:00Z</published></entry></feed>")
    (link,), _ = links_in(atom, "https://x.co.id/")
    assert link.url == "https://x.co.id/b" and link.published.isoformat() == "2025-06-02T08:00:00+07:00"


def test_canonical_urls():
    assert canonical_url("HTTPS://Money.Kompas.com:443/read/2025/x?utm_source=fb&page=2#top") == \
        "https://money.kompas.com/read/2025/x?page=2"
    assert canonical_url("http://x.co.id/a?fbclid=1") == "http://x.co.id/a"


def test_filters_by_section_and_date():
    keep = UrlFilter(sections=("money",), since=date(2025, 6, 1), until=date(2025, 6, 30))
    assert keep(Link("https://money.kompas.com/read/2025/06/18/204100926/bi-rate"))
    assert not keep(Link("https://bola.kompas.com/read/2025/06/18/204100926/gol"))
    assert not keep(Link("https://money.kompas.com/read/2025/05/31/204100926/bi-rate"))


def test_index_urls_by_date_and_page():
    site = site_named("kompas")
    assert index_urls(site, date(2025, 6, 1), pages=2) == [
        "https://indeks.kompas.com/?site=all&date=2025-06-01&page=1",
        "https://indeks.kompas.com/?site=all&date=2025-06-01&page=2"]
    assert index_urls(site_named("detik.com"), date(2025, 6, 1))[0].startswith("https://finance.detik.com/indeks?date=06/01/2025")


def test_seeds():
    assert seed_sources("https://x.co.id/feed.xml") == ["https://x.co.id/feed.xml"]
    assert seed_sources("Kompas") == [*site_named("kompas").sitemaps, *site_named("kompas").feeds]
    assert len(seed_sources("bisnis", date(2025, 6, 1), date(2025, 6, 3))) == 3
    with pytest.raises(SeedError, match="neither an http"):
        seed_sources("not-an-outlet")




# ---- any index page: the page's own article pattern, further pages, robots.txt ---------------------
import asyncio  # noqa: E402
import json  # noqa: E402

from conftest import ROOT  # noqa: E402
from extractor.web import discover as discover_module  # noqa: E402
from extractor.web.discover import further_pages, page_links, url_shape  # noqa: E402
from extractor.web.fetch import Fetcher, Settings  # noqa: E402
from extractor.web.localsite import LocalSite  # noqa: E402
from extractor.web.scrape import discover  # noqa: E402
from extractor.web.sites import GENERIC  # noqa: E402

SITE = ROOT / "corpus" / "site"
FAST = Settings(delay=0, retries=0, timeout=10)


def test_url_shapes_name_dates_ids_and_slugs():
    assert url_shape("https://x.id/ekonomi/2025/06/01/ihsg-menguat") == "w/Y/n/n/s"
    assert url_shape("https://x.id/ekonomi/2025/06/01/inflasi") == "w/Y/n/n/s"
    assert url_shape("https://finance.detik.com/berita-ekonomi-bisnis/d-7123456/bi-rate") == "s/w-#/s"
    assert url_shape("https://www.cnbcindonesia.com/news/20220628140512-4-351234/x") == "w/#-w-#/s"
    assert url_shape("https://x.id/read/20220628/9/1548786/a-b") == "w/Ymd/n/#/s"
    assert url_shape("https://x.id/berita?id=123456") == "s?id=#"


@pytest.mark.parametrize("outlet,base,at_least", [("kompas", "http://indeks.kompas.com/", 10),
                                                  ("liputan6", "http://www.liputan6.com/indeks", 90)])
def test_real_front_pages_without_profiles(outlet, base, at_least, monkeypatch):
    """With every profile off, the page's own pattern finds the same article links the profile
    does: the repeated shapes with a date or id, menus' article links included, sections never."""
    text = shared_path("html", "index_pages", f"{outlet}-mainpage.html").read_text(encoding="utf-8", errors="replace")
    with_profile = [link.url for link in page_links(text, base)]
    monkeypatch.setattr(discover_module, "site_for", lambda url: GENERIC)
    generic = [link.url for link in page_links(text, base)]
    assert len(generic) >= at_least and set(generic) == set(with_profile)
    assert all(site_for(u).is_article(u) for u in generic)


def test_short_slugs_on_a_front_page_are_articles_menus_and_tags_are_not():
    html = ('<html><body><nav class="menu"><a href="/ekonomi">Ekonomi</a><a href="/bisnis/keuangan">Keuangan</a></nav>'
            '<ul>' + "".join(f'<li><a href="/ekonomi/2025/06/0{i}/kur-{i}">Penyaluran KUR naik lagi {i}</a></li>' for i in range(1, 5))
            + '<li><a href="/tag/kur-bank-rakyat-naik">Tag KUR</a></li><li><a href="/2025/06/">Arsip Juni 2025</a></li></ul>'
            '<div class="footer"><a href="/tentang-kami-redaksi-contoh">Tentang kami</a></div></body></html>')
    urls = [link.url for link in page_links(html, "https://warta.contoh.id/")]
    assert urls == [f"https://warta.contoh.id/ekonomi/2025/06/0{i}/kur-{i}" for i in range(1, 5)]


def test_a_date_pattern_shown_once_is_not_a_pattern():
    html = ('<html><body><a href="/ekonomi/2025/06/01/kur">KUR naik</a><a href="/ekonomi">Ekonomi</a>'
            '<a href="/profil">Profil</a></body></html>')
    assert page_links(html, "https://warta.contoh.id/") == []


def test_slugs_without_dates_need_headline_link_texts():
    heads = "".join(f'<li><a href="/news/harga-beras-naik-lagi-{w}">Harga beras naik lagi di pasar {w}</a></li>'
                    for w in ("induk", "kramat", "cipinang"))
    menu = "".join(f'<li><a href="/kanal/pasar-modal-{w}">{w}</a></li>' for w in ("saham", "obligasi", "reksadana"))
    urls = {link.url for link in page_links(f"<html><body><ul>{heads}</ul><ul>{menu}</ul></body></html>", "https://k.id/")}
    assert urls == {f"https://k.id/news/harga-beras-naik-lagi-{w}" for w in ("induk", "kramat", "cipinang")}


@pytest.mark.parametrize("html,want", [
    ('<a href="/indeks?page=2">Berikutnya</a>', [("https://x.id/indeks?page=2", 2)]),
    ('<a href="/list/page/2/">Older posts</a>', [("https://x.id/list/page/2/", 2)]),
    ('<a href="/more?cursor=abc">Selanjutnya »</a>', [("https://x.id/more?cursor=abc", None)]),
    ('<link rel="next" href="/indeks?hal=2">', [("https://x.id/indeks?hal=2", 2)]),
    ('<a href="/indeks?page=2">2</a> <a href="/indeks?page=3">3</a> <a href="/lain">4</a>',
     [("https://x.id/indeks?page=2", 2), ("https://x.id/indeks?page=3", 3)]),
    ('<a href="/indeks?page=1">1</a> <a href="https://y.id/indeks?page=2">Next</a> <a href="/a">Sebelumnya</a>', []),
    ('<a href="/indeks?page=2">»</a> <a href="/x">»</a>', [("https://x.id/indeks?page=2", 2)]),
])
def test_further_pages_of_an_index(html, want):
    assert further_pages(f"<html><head></head><body>{html}</body></html>", "https://x.id/indeks") == want


def test_saved_front_page_pagination():
    text = shared_path("html", "index_pages", "liputan6-mainpage.html").read_text(encoding="utf-8")
    assert further_pages(text, "http://www.liputan6.com/indeks") == [
        (f"http://www.liputan6.com/indeks?page={n}", n) for n in range(2, 11)]


def run_discover(sources, **kw):
    async def go():
        async with Fetcher(FAST) as fetcher:
            return await discover(fetcher, sources, **kw)
    return asyncio.run(go())


def test_discover_from_the_bundled_front_page_follows_pages_and_robots():
    """Seeded with the front page only: every article, page 2 read for the oldest, the draft the
    menu links to (robots.txt disallows it) neither listed nor fetched."""
    want = {json.loads(line)["url"].split("/", 3)[3] for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")}
    with LocalSite(SITE) as site:
        found = run_discover([site.url + "/"])
        one = run_discover([site.url + "/"], pages=1)
        requests = site.requests
    assert {link.url.split("/", 3)[3] for link in found.links} == want
    assert found.refused == 1 and not found.failures
    assert len(one.links) == len(want) - 1  # the oldest article is only on page 2
    assert "/page/2" in requests and not any(r.startswith("/internal") for r in requests)


def test_pagination_ends_at_the_limit_and_at_a_repeated_page(tmp_path):
    """An index whose "Next" never ends (every ?page=N is the same page) is read twice: the
    second page shows nothing new. Distinct pages stop at --pages."""
    rows = "".join(f'<li><a href="/berita/2025/06/0{i}/kabar-{i}">Kabar ekonomi hari ini nomor {i}</a></li>' for i in range(1, 4))
    (tmp_path / "loop.html").write_text(f'<html><body><ul>{rows}</ul><a href="/loop?page=2">Next</a>'
                                        f'<a href="/loop?page=7">7</a></body></html>', encoding="utf-8")
    (tmp_path / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    for n in range(1, 30):
        items = "".join(f'<li><a href="/berita/2025/06/{n:02d}/kabar-{n}-{i}">Kabar ekonomi {n} nomor {i}</a></li>' for i in range(3))
        (tmp_path / "page").mkdir(exist_ok=True)
        (tmp_path / "page" / f"{n}.html").write_text(f'<html><body><ul>{items}</ul><a rel="next" href="/page/{n + 1}">'
                                                     f'Berikutnya</a></body></html>', encoding="utf-8")
    with LocalSite(tmp_path) as site:
        loop = run_discover([site.url + "/loop"], pages=50)
        loop_requests = [r for r in site.requests if r.startswith("/loop")]
        chain = run_discover([site.url + "/page/1"], pages=4)
    assert len(loop.links) == 3 and loop_requests == ["/loop", "/loop?page=2", "/loop?page=7"]  # repeats end it
    assert len(chain.links) == 12  # pages 1-4, 3 articles each


def test_a_read_on_link_under_a_teaser_is_not_a_further_page():
    items = "".join(f'<li><a href="/berita/2025/06/0{i}/kabar-{i}">Kabar ekonomi hari ini {i}</a> Ringkasan. '
                    f'<a href="/berita/2025/06/0{i}/kabar-{i}">Selanjutnya</a></li>' for i in range(1, 4))
    html = f'<html><body><ul>{items}</ul><a href="/indeks/2">Selanjutnya</a></body></html>'
    links, nested, further = discover_module.read_document(html, "https://x.id/indeks")
    assert len(links) == 3 and further == [("https://x.id/indeks/2", None)]


def test_a_huge_front_page_is_read_in_linear_time():
    """20,000 headlines each with a numbered page link (2.4 MB): links and further pages in one
    pass each, seconds of CPU, not minutes."""
    import time

    html = "<html><body><ul>" + "".join(f'<li><a href="/berita/2025/06/01/kabar-{i}">Kabar ekonomi hari ini nomor {i}</a>'
                                        f' <a href="/x?page={i}">{i}</a></li>' for i in range(20_000)) + "</ul></body></html>"
    started = time.process_time()
    links, _, further = discover_module.read_document(html, "https://x.id/")
    seconds = time.process_time() - started
    print(f"20,000-headline front page: {seconds:.1f} s")
    assert len(links) == 20_000 and len(further) == 19_998 and seconds < 10
