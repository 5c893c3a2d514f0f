"""Outlet profiles: every outlet of the issue has one, each says whether a saved page backs it."""
import json
from urllib.parse import urlsplit

from conftest import shared_path
from extractor.web.sites import site_for, sites

OUTLETS = {"bisnis.com", "kontan.co.id", "cnbcindonesia.com", "katadata.co.id", "idxchannel.com", "investor.id",
           "kumparan.com", "suara.com", "merdeka.com", "sindonews.com", "bareksa.com", "infobanknews.com"}


def test_the_business_outlets_have_profiles_with_examples_of_both_kinds():
    by_domain = {d: site for site in sites().values() for d in site.domains}
    assert OUTLETS <= set(by_domain)
    for domain in OUTLETS:
        site = by_domain[domain]
        assert {ex["article"] for ex in site.examples} == {True, False}, domain
        assert site.body and site.index and (site.sitemaps or site.feeds), domain
        for ex in site.examples:
            assert site_for(ex["url"]) is site and site.is_article(ex["url"]) is ex["article"], ex["url"]


def test_a_profile_says_so_when_no_saved_page_backs_it():
    """`saved_page = false` exactly for the outlets without a page in ../shared/html."""
    expected = json.loads(shared_path("html", "expected.json").read_text(encoding="utf-8"))
    saved = {site_for(page["url"]).name for page in expected if site_for(page["url"]).name}
    for stem, site in sites().items():
        assert site.saved_page is (site.name in saved), stem
    assert not any(site_for(u).saved_page for u in ("https://bisnis.com/read/20220628/9/1548786/x",
                                                    "https://infobanknews.com/a-b-c-d/"))


def test_the_url_shapes_the_outlets_use():
    articles = ["https://ekonomi.bisnis.com/read/20220628/9/1548786/harga-minyak-naik",
                "https://nasional.kontan.co.id/news/ekonomi-tumbuh-lima-persen",
                "https://www.cnbcindonesia.com/news/20220628140512-4-351234/bi-tahan-suku-bunga",
                "https://www.suara.com/bisnis/2022/06/28/140512/harga-emas-turun",
                "https://ekbis.sindonews.com/read/815734/33/inflasi-juni-1656400000"]
    for url in articles:
        assert site_for(url).is_article(url), url
    assert not any(site_for(u).is_article(u) for u in (
        "https://www.bisnis.com/index?categoryId=43", "https://www.kontan.co.id/search/indeks",
        "https://www.cnbcindonesia.com/news", "https://www.suara.com/indeks/terkini", "https://ekbis.sindonews.com/"))
    assert urlsplit(articles[0]).hostname.endswith("bisnis.com")
