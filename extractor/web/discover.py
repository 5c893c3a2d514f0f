"""Finding article URLs: news sitemaps and sitemap indexes, RSS/Atom feeds, index and front pages
of any site (its article links by the page's own URL pattern, its further pages), outlet index
pages by date, canonical URLs and filters by section and date.

Discovery documents come from anyone: feeds and sitemaps are read in one streaming pass
(iterparse; entities never expanded, no DTD or network access), links are tested without
backtracking regexes, and a link that is not a well-formed http(s) URL comes back as a `Link` with
its `problem` rather than an exception.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from ..dates import WIB, parse_published
from ..errors import ExtractorError
from ..rules import cached, read_toml
from .page import PageError, html_tree
from .pagekind import attr_words, is_navigation, kind_rules, link_words
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
_DIGIT_RUN = re.compile(r"\d+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_WORD_JOINS = re.compile(r"(?:w[-._])+")  # `w-w-w-` -> `w-`: a slug of any length is one shape


def _has_slug(path: str, words: int = 4) -> bool:
    """The last segment holds `words` or more words joined by `-` or `.` (`harga-beras-naik-lagi`)."""
    last = (path[:-1] if path.endswith("/") else path).rsplit("/", 1)[-1]
    return any(m.group().count("-") + m.group().count(".") >= words - 1 for m in _WORD_CHAIN.finditer(last))


def _segment_shape(seg: str) -> str:
    """What a path segment is, not what it says: `Y` a year, `n` a short number (month, day),
    `Ymd` a date, `#` an id (5+ digits), `w` a word, `s` a slug; ids inside words keep their
    place (`d-7123456` -> `w-#`, `harga-naik-2025-2437247` -> `w-#`)."""
    if seg.isascii() and seg.isdigit():
        if len(seg) == 4 and seg[:2] in ("19", "20"):
            return "Y"
        if len(seg) == 8 and seg[:2] == "20" and "01" <= seg[4:6] <= "12":
            return "Ymd"
        return "#" if len(seg) >= 5 else "n"
    if any(len(m.group()) >= 5 for m in _DIGIT_RUN.finditer(seg)):
        shape = _DIGIT_RUN.sub(lambda m: "#" if len(m.group()) >= 5 else "w", seg[:200])
        return _WORD_JOINS.sub("w-", _LETTER_RUN.sub("w", shape))
    return "s" if _has_slug("/" + seg, 2) else "w"


def url_shape(url: str) -> str:
    """A URL's path (and query) as segment shapes: `/ekonomi/2025/06/01/harga-naik` ->
    `w/Y/n/n/s`. Links that share a shape with a date or id are the site's article pattern."""
    parts = urlsplit(url)
    segs = [_segment_shape(s) for s in parts.path.strip("/").split("/")[:12] if s]
    if segs and segs[-1] == "w":
        segs[-1] = "s"  # a last word is a short slug: `/2025/06/01/inflasi` and `/2025/06/01/harga-naik` alike
    shape = "/".join(segs)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in link_rules().page_params]
    if query:  # a page number is never an article's id
        shape += "?" + "&".join(f"{k}={_segment_shape(v)}" for k, v in sorted(query)[:6])
    return shape


def _dated(shape: str) -> bool:
    """A shape with a date or an id in it that ends in something else than a bare date part."""
    path = shape.split("?", 1)[0]
    tokens = path.split("/")
    has = "#" in shape or "Ymd" in tokens or any(tokens[i:i + 3] == ["Y", "n", "n"] for i in range(len(tokens)))
    return has and tokens[-1] not in ("Y", "n", "Ymd")


def looks_like_article(url: str, site: Site) -> bool:
    """One URL alone: the profile's article pattern; for unknown outlets a path with a date or an
    id (`/2025/06/01/harga-naik`, `/berita/527615/...`) or ending in a long slug, outside listing
    paths (tags, authors, indexes). Links on a page are judged together by `page_links`."""
    if site.article_url is not None:
        return site.is_article(url)
    path = urlsplit(url).path
    if _rules()[1].search(path + "/"):
        return False
    return _dated(url_shape(url)) or (path.count("/") >= 2 and _has_slug(path))


@dataclass(frozen=True)
class LinkRules:
    """patterns/discovery.toml: further index pages, navigation, article patterns."""
    next_words: frozenset[str]
    arrows: str
    page_params: frozenset[str]
    page_segments: frozenset[str]
    min_pattern_links: int
    slug_words: int


@cached
def link_rules() -> LinkRules:
    data = read_toml("discovery.toml")
    low = lambda key: frozenset(w.lower() for w in data[key])  # noqa: E731
    return LinkRules(low("next_words"), "".join(data["arrows"]) + " \t\n", low("page_params"), low("page_segments"),
                     int(data["min_pattern_links"]),
                     int(data["slug_words"]))


def anchors(doc) -> list[tuple[object, bool]]:
    """Every <a href> in page order with whether it sits in navigation: one walk of the tree."""
    out = []
    stack = [(doc, False)]
    while stack:
        el, nav = stack.pop()
        if not isinstance(el.tag, str):
            continue
        nav = nav or is_navigation(el)
        if el.tag == "a" and el.get("href"):
            out.append((el, nav))
        stack.extend((child, nav) for child in reversed(el))
    return out


def _site_key(host: str) -> str:
    """The registered part of a host (`money.kompas.com` -> `kompas.com`, `x.co.id` -> `x.co.id`)."""
    labels = host.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def page_number(url: str) -> int | None:
    """The page an index URL names: `?page=3`, `/page/3`, `/halaman/3`."""
    r = link_rules()
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in r.page_params and value.isascii() and value.isdigit() and len(value) <= 6:
            return int(value)
    segs = parts.path.strip("/").split("/")
    for name, value in zip(segs, segs[1:]):
        if name.lower() in r.page_segments and value.isascii() and value.isdigit() and len(value) <= 6:
            return int(value)
    return None


def _base_of(doc, base: str) -> str:
    tag = doc.xpath("//base/@href")
    root = _link(tag[0], base) if tag else None
    return root.url if root is not None and not root.problem else base


def _tree(html):
    """A page's tree from its text (or the tree itself, read once for links and further pages)."""
    if not isinstance(html, str):
        return html
    try:
        return html_tree(html)
    except PageError:
        return None


def _anchor_links(doc, base: str) -> list[tuple[object, bool, Link]]:
    """Every http(s) <a href> of a page with whether it sits in navigation and its Link (made
    once, for the article links and the further pages alike)."""
    root = _base_of(doc, base)
    out = []
    made: dict[str, Link] = {}
    for a, nav in anchors(doc):
        href = a.get("href").strip()
        scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
        if href.startswith("#") or (scheme and scheme not in ("http", "https")):
            continue
        link = made.get(href) or made.setdefault(href, _link(href, root))
        out.append((a, nav, link))
    return out


def further_pages(html, base: str, found: list | None = None) -> list[tuple[str, int | None]]:
    """An index page's further pages on its own host, with the page number their URL names (None
    when it names none): `rel=next`, "Berikutnya"/"Next"/"Older posts", arrows, and numbered links
    whose URL numbers the page so (`2` -> `?page=2`)."""
    doc = _tree(html)
    if doc is None:
        return []
    r = link_rules()
    here = canonical_url(base)
    host = urlsplit(here).netloc
    current = page_number(here) or 1
    out: dict[str, int | None] = {}
    root = _base_of(doc, base)
    heads = [(h, _link(h.get("href"), root)) for h in doc.xpath("//link[@href]")
             if "next" in (h.get("rel") or "").lower().split()]
    candidates = [(h, True, link) for h, link in heads]
    candidates += [(a, False, link) for a, _, link in (found if found is not None else _anchor_links(doc, base))]
    for el, is_head, link in candidates:
        text = "" if is_head else " ".join(el.text_content()[:80].split()).lower()
        words = text.strip(r.arrows)
        rel = (el.get("rel") or "").lower().split()
        numbered = words.isascii() and words.isdigit() and len(words) <= 6
        if not (is_head or "next" in rel or words in r.next_words or (text and not words)
                or "next" in attr_words(el) or numbered):
            continue
        if link.problem or link.url == here or urlsplit(link.url).netloc != host:
            continue
        number = page_number(link.url)
        if (numbered and number != int(words)) or (number is not None and number <= current):
            continue  # a page number that is not the URL's, or a page before this one
        if text and not words and number is None:  # a bare arrow counts only when the URL numbers a page
            continue
        out.setdefault(link.url, number)
    return list(out.items())


def page_links(html, base: str, found: list | None = None) -> list[Link]:
    """Article links on an index or front page, in page order, each once (malformed http(s)
    links too, with their problem; other schemes such as mailto: are not links to articles).
    A profiled outlet's links are judged by its article pattern; others by the page's own: the
    path shapes with a date or an id that at least `min_pattern_links` links outside navigation
    share, or slugs under headline-like link texts; listing paths (tags, authors) never. A link
    in a menu counts only when its shape is such a pattern (a menu's sections never are)."""
    doc = _tree(html)
    if doc is None:
        return []
    r = link_rules()
    home = _site_key(urlsplit(base).hostname or "")
    listing = _rules()[1]
    seen: dict[str, Link] = {}
    texts: dict[str, int] = {}       # URL -> most words of a link text to it
    candidates: dict[str, str] = {}  # URL -> shape, for links of the page's own site
    outside_nav: set[str] = set()
    articles = set()
    profiles: dict[str, Site] = {}   # host -> its profile, looked up once
    for a, nav, link in (found if found is not None else _anchor_links(doc, base)):
        words = link_words(a)
        texts[link.url] = max(texts.get(link.url, 0), words)
        if link.url in seen:
            if not nav and link.url in candidates:
                outside_nav.add(link.url)
            continue
        seen[link.url] = link
        if link.problem:
            continue
        parts = urlsplit(link.url)
        site = profiles.get(parts.netloc) or profiles.setdefault(parts.netloc, site_for(link.url))
        if site.article_url is not None:
            if site.is_article(link.url):
                articles.add(link.url)
            continue
        if _site_key(parts.hostname or "") != home or listing.search(parts.path + "/"):
            continue
        candidates[link.url] = url_shape(link.url)
        if not nav:
            outside_nav.add(link.url)
    counts = Counter(shape for url, shape in candidates.items() if url in outside_nav)
    by_shape: dict[str, list[str]] = {}
    for url, shape in candidates.items():
        by_shape.setdefault(shape, []).append(url)
    for shape, urls in by_shape.items():
        if counts[shape] < r.min_pattern_links:
            continue  # a pattern is learnt from the page's content, then found in its menus too
        if _dated(shape):
            articles.update(urls)
        elif shape.split("?")[0].endswith("/s"):
            slugs = [u for u in urls if _has_slug(urlsplit(u).path, r.slug_words)]
            headlines = [u for u in slugs if texts[u] >= kind_rules().headline_words]
            if len(headlines) >= r.min_pattern_links:
                articles.update(headlines)
    return [link for url, link in seen.items() if link.problem or url in articles]


def links_in(text: str, base: str) -> tuple[list[Link], list[str]]:
    """Article links and further sitemaps in any discovery document: feed, sitemap or HTML page."""
    links, nested, _ = read_document(text, base)
    return links, nested


def read_document(text: str, base: str) -> tuple[list[Link], list[str], list[tuple[str, int | None]]]:
    """(article links, nested sitemaps, further index pages with their numbers) of a discovery
    document."""
    if feed_kind(text):
        links, nested = parse_xml_links(text, base)
        return links, nested, []
    doc = _tree(text)
    if doc is None:
        return [], [], []
    found = _anchor_links(doc, base)
    links = page_links(doc, base, found)
    articles = {link.url for link in links}  # "Selanjutnya" under a teaser reads on: an article, not a page
    return links, [], [(url, n) for url, n in further_pages(doc, base, found) if url not in articles]


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
