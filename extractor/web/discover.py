"""Finding article URLs: news sitemaps and sitemap indexes, RSS/Atom feeds, outlet index pages
(by date, with pagination), canonical URLs and filters by section and date.

Discovery documents come from anyone: feeds and sitemaps are read in one streaming pass
(iterparse; entities never expanded, no DTD or network access), links are tested without
backtracking regexes, and a link that is not a well-formed http(s) URL comes back as a `Link` with
its `problem` rather than an exception.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from ..dates import WIB, parse_published
from ..errors import ExtractorError
from ..rules import cached, read_toml
from .page import PageError, html_tree
from .sites import GENERIC, Site, site_for
from .urls import url_problem

FEED_ROOTS = {"rss": "rss", "rdf": "rss", "feed": "feed", "urlset": "urlset", "sitemapindex": "sitemapindex"}
FEED_HEAD = 65536  # bytes read to find a document's root element (past any prolog and DOCTYPE)


class FeedError(ExtractorError):
    """A sitemap or feed from which nothing could be read; says why."""


@dataclass(frozen=True)
class Link:
    url: str
    published: datetime | None = None   # from the sitemap or feed, when it says
    problem: str | None = None          # why this is not a URL we fetch (malformed, not http)


def _link(url: str, base: str | None, published: datetime | None = None) -> Link:
    """A found URL made absolute and canonical, or a Link saying what is wrong with it."""
    url = url.strip()
    try:
        absolute = url if url[:8].lower().startswith(("http://", "https://")) else urljoin(base or "", url)
    except ValueError as err:
        return Link(url[:300], problem=f"malformed URL ({err})")
    problem = url_problem(absolute)
    if problem:
        return Link(absolute[:300], problem=problem)
    return Link(canonical_url(absolute), published)


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
    """`rss`, `feed` (Atom), `urlset`, `sitemapindex` for XML feeds and sitemaps, None for pages:
    the name of the root element, whatever prolog, comments or DOCTYPE come before it."""
    head = (text.encode("utf-8", "replace") if isinstance(text, str) else text)[:FEED_HEAD]
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None
    try:
        for _, el in etree.iterparse(io.BytesIO(head), events=("start",), recover=True, resolve_entities=False,
                                     no_network=True, load_dtd=False):
            return FEED_ROOTS.get(etree.QName(el).localname.lower()) if isinstance(el.tag, str) else None
    except (etree.XMLSyntaxError, ValueError):
        return None
    return None


def _date(text: str | None) -> datetime | None:
    """A sitemap or feed date (ISO 8601, RFC 2822 `Thu, 05 Nov 2015 15:08:01 +0700`) in WIB."""
    value = parse_published(text)
    return value.astimezone(WIB) if value else None


def _pick(candidates: list[Link]) -> Link | None:
    """A feed item's URL: the first that an outlet profile calls an article (feeds that link
    through a redirector keep the real URL in <guid> or origLink), else the first good one, else
    the first bad one (so that it is reported)."""
    good = [c for c in candidates if not c.problem]
    return next((c for c in good if site_for(c.url).is_article(c.url)), good[0] if good else
                next((c for c in candidates if c.url.lower().startswith(("http:", "https:"))), None))


_CONTEXTS = {"url", "sitemap", "item", "entry"}
_FIELDS = {"loc", "publication_date", "lastmod", "origLink", "link", "guid", "pubDate", "published", "updated", "date"}


def parse_xml_links(text: str | bytes, base: str | None = None) -> tuple[list[Link], list[str]]:
    """Article links and nested sitemaps of a sitemap, sitemap index, RSS or Atom feed, in one
    pass: each field belongs to the innermost <url>, <sitemap>, <item> or <entry> around it, so
    nesting costs nothing extra. Raises FeedError when the document yields nothing and says why."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    links: list[Link] = []
    nested: list[str] = []
    stack: list[dict] = []   # open contexts: {"kind", "fields": {name: [texts]}, "hrefs": [...]}
    entries = 0
    error = None
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), recover=True, resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    try:
        for event, el in events:
            if not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname
            if event == "start":
                if name in _CONTEXTS:
                    stack.append({"kind": name, "fields": {}, "order": [], "hrefs": []})
                continue
            if name in _FIELDS and stack:
                ctx = stack[-1]
                value = (el.text or "").strip()
                if value:
                    ctx["fields"].setdefault(name, value)
                    if name in ("origLink", "link", "guid"):
                        ctx["order"].append(value)
                if name == "link" and el.get("href"):
                    ctx["hrefs"].append(el.get("href"))
            elif name in _CONTEXTS and stack:
                entries += 1
                _emit(stack.pop(), base, links, nested)
                if not stack:  # done with it: keep memory flat on a sitemap of any size
                    el.clear()
                    parent = el.getparent()
                    while parent is not None and el.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as err:
        error = err
    if not links and not nested:
        if error is not None or (events.error_log and not entries):
            first = events.error_log[0] if events.error_log else None
            line, msg = (first.line, first.message) if first is not None else (error.lineno, error.msg)
            raise FeedError(None, f"unreadable sitemap or feed (line {line}: {' '.join(str(msg).split())[:120]})")
        if entries:
            raise FeedError(None, f"{entries} entries but no readable URL in them (entities are never expanded)")
    return links, nested


def _emit(ctx: dict, base: str | None, links: list[Link], nested: list[str]) -> None:
    fields = ctx["fields"]
    if ctx["kind"] == "sitemap":
        if "loc" in fields:
            link = _link(fields["loc"], base)
            if link.problem:
                links.append(link)
            else:
                nested.append(link.url)
    elif ctx["kind"] == "url":
        if "loc" in fields:
            when = _date(fields.get("publication_date") or fields.get("lastmod"))
            links.append(_link(fields["loc"], base, when))
    else:
        when = _date(next((fields[n] for n in ("pubDate", "published", "updated", "date") if n in fields), None))
        url = _pick([_link(c, base) for c in ctx["order"] + ctx["hrefs"]])
        if url is not None:
            links.append(Link(url.url, when, url.problem))


_WORD_CHAIN = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*", re.I)  # unambiguous: linear on any string


def _has_slug(path: str) -> bool:
    """The last segment holds four or more words joined by `-` or `.` (`harga-beras-naik-lagi`)."""
    last = (path[:-1] if path.endswith("/") else path).rsplit("/", 1)[-1]
    return any(m.group().count("-") + m.group().count(".") >= 3 for m in _WORD_CHAIN.finditer(last))


def looks_like_article(url: str, site: Site) -> bool:
    """The profile's article pattern; for unknown outlets, a path ending in a long slug
    (`/2025/06/01/.../harga-beras-naik-lagi`) on a page of its own."""
    if site.article_url is not None:
        return site.is_article(url)
    path = urlsplit(url).path
    return path.count("/") >= 2 and _has_slug(path) and not _rules()[1].search(path)


def page_links(html: str, base: str) -> list[Link]:
    """Article links on an index or front page, in page order, each once (malformed http(s)
    links too, with their problem; other schemes such as mailto: are not links to articles)."""
    try:
        doc = html_tree(html)
    except PageError:
        return []
    tag = doc.xpath("//base/@href")
    root = _link(tag[0], base) if tag else None
    root = root.url if root is not None and not root.problem else base
    out: dict[str, Link] = {}
    for href in doc.xpath("//a/@href"):
        href = href.strip()
        scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
        if href.startswith("#") or (scheme and scheme not in ("http", "https")):
            continue
        link = _link(href, root)
        if link.url in out:
            continue
        if link.problem or looks_like_article(link.url, site_for(link.url)):
            out[link.url] = link
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
