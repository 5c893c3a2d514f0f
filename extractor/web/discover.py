"""Finding article URLs: news sitemaps and sitemap indexes, RSS/Atom feeds, outlet index pages
(by date, with pagination), canonical URLs and filters by section and date."""
from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from ..dates import WIB, parse_published
from ..rules import cached, read_toml
from .page import PageError, html_tree
from .sites import GENERIC, Site, site_for

FEED_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<\?xml-stylesheet[^>]*>\s*)*(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF|urlset|sitemapindex)\b",
                       re.S | re.I)


@dataclass(frozen=True)
class Link:
    url: str
    published: datetime | None = None   # from the sitemap or feed, when it says


@cached
def _rules() -> tuple[re.Pattern, re.Pattern]:
    """(tracking parameter, listing-page path) patterns from patterns/discovery.toml."""
    data = read_toml("discovery.toml")
    params = "|".join(re.escape(p).replace(r"\*", r"\w*") for p in data["tracking_params"])
    listing = "|".join(map(re.escape, data["listing_segments"]))
    return re.compile(rf"^(?:{params})$", re.I), re.compile(rf"/(?:{listing})/", re.I)


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no fragment, no
    tracking parameters, no empty query."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    tracking = _rules()[0]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not tracking.match(k)])
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def feed_kind(text: str | bytes) -> str | None:
    """`rss`, `feed` (Atom), `urlset`, `sitemapindex` for XML feeds and sitemaps, None for pages."""
    head = (text.encode("utf-8", "replace") if isinstance(text, str) else text)[:2048]
    m = FEED_ROOT.match(head)
    if not m:
        return None
    kind = m.group(1).decode().lower()
    return "rss" if kind == "rdf:rdf" else kind


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:  # RSS dates: "Thu, 05 Nov 2015 15:08:01 +0700"
        value = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        value = parse_published(text.strip())
    if value is None:
        return None
    return value.astimezone(WIB) if value.tzinfo else value.replace(tzinfo=WIB)


def _pick(candidates: list[str]) -> str | None:
    """A feed item's URL: the first that an outlet profile calls an article (feeds that link
    through a redirector keep the real URL in <guid> or origLink), else the first."""
    urls = [c.strip() for c in candidates if c and c.strip().startswith(("http://", "https://"))]
    return next((u for u in urls if site_for(u).is_article(u)), urls[0] if urls else None)


def parse_xml_links(text: str, base: str | None = None) -> tuple[list[Link], list[str]]:
    """Article links and nested sitemaps of a sitemap, sitemap index, RSS or Atom feed."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    root = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True))
    links: list[Link] = []
    nested: list[str] = []
    if root is None:
        return links, nested

    def children(el, *names):  # namespace-blind: <news:publication_date>, <atom:link>...
        return [c for c in el.iter() if isinstance(c.tag, str) and etree.QName(c).localname in names]

    def first_text(el, *names):
        for name in names:  # in the order asked: publication_date before lastmod
            for c in children(el, name):
                if c.text and c.text.strip():
                    return c.text.strip()
        return None

    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        if name == "sitemap" and (loc := first_text(el, "loc")):
            nested.append(urljoin(base or "", loc))
        elif name == "url" and (loc := first_text(el, "loc")):
            links.append(Link(canonical_url(urljoin(base or "", loc)), _date(first_text(el, "publication_date", "lastmod"))))
        elif name in ("item", "entry"):
            candidates = [c.text for c in children(el, "origLink", "link", "guid") if c.text]
            candidates += [c.get("href") for c in children(el, "link") if c.get("href")]
            url = _pick([urljoin(base or "", c.strip()) for c in candidates])
            if url:
                links.append(Link(canonical_url(url), _date(first_text(el, "pubDate", "published", "updated", "date"))))
    return links, nested


_SLUG = re.compile(r"/[^/]*[a-z0-9]+(?:[-.][a-z0-9]+){3,}[^/]*/?$", re.I)


def looks_like_article(url: str, site: Site) -> bool:
    """The profile's article pattern; for unknown outlets, a path ending in a long slug
    (`/2025/06/01/.../harga-beras-naik-lagi`) on a page of its own."""
    if site.article_url is not None:
        return site.is_article(url)
    path = urlsplit(url).path
    return bool(_SLUG.search(path)) and path.count("/") >= 2 and not _rules()[1].search(path)


def page_links(html: str, base: str) -> list[Link]:
    """Article links on an index or front page, in page order, each once."""
    try:
        doc = html_tree(html)
    except PageError:
        return []
    tag = doc.xpath("//base/@href")
    root = urljoin(base, tag[0]) if tag else base
    out: dict[str, Link] = {}
    for href in doc.xpath("//a/@href"):
        href = href.strip()
        if href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = canonical_url(urljoin(root, href))
        if url not in out and looks_like_article(url, site_for(url)):
            out[url] = Link(url)
    return list(out.values())


def links_in(text: str, base: str) -> tuple[list[Link], list[str]]:
    """Article links and further sitemaps in any discovery document: feed, sitemap or HTML page."""
    if feed_kind(text):
        return parse_xml_links(text, base)
    return page_links(text, base), []


def index_urls(site: Site, day: date, pages: int = 1) -> list[str]:
    """The outlet's index pages for one day: `{date:%Y-%m-%d}`, `{page}` (1-based) and `{offset}`."""
    out = []
    for template in site.index:
        for page in range(1, pages + 1):
            url = template.format(date=day, page=page, offset=(page - 1) * 20)
            if url not in out:
                out.append(url)
    return out


def days(since: date, until: date) -> list[date]:
    return [since + timedelta(days=i) for i in range((until - since).days + 1)]


@dataclass
class UrlFilter:
    """Keep links by section (profile's section pattern or first path segment) and date range
    (the feed's date, else the date in the URL)."""
    sections: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def __call__(self, link: Link) -> bool:
        site = site_for(link.url)
        if self.sections:
            m = site.section_url.search(link.url) if site.section_url else None
            section = m["section"] if m else (urlsplit(link.url).path.strip("/").split("/") or [""])[0]
            if section.lower() not in {s.lower() for s in self.sections}:
                return False
        if self.since or self.until:
            day = link.published.date() if link.published else _url_day(link.url, site)
            if day is None:
                return True  # undated links are kept; the article's own date decides later
            if (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return True


_URL_DAY = re.compile(r"/(20\d{2}|19\d{2})/?(\d{2})/?(\d{2})(?=/|\d)")


def _url_day(url: str, site: Site = GENERIC) -> date | None:
    m = site.url_time.search(url) if site.url_time else None
    if m:
        return date(int(m["y"]), int(m["mo"]), int(m["d"]))
    m = _URL_DAY.search(urlsplit(url).path)
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None
