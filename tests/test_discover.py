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


