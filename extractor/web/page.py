"""An article page (HTML) -> an article: url, outlet, title, published (WIB), author, editor,
section, tags, dateline, image and the body text with its paragraphs.

Each field is read from the first source that has it: JSON-LD (`NewsArticle`), then OpenGraph and
meta tags, then the outlet's profile (patterns/sites/), then generic rules (patterns/page.toml);
the body falls back to trafilatura when no profile selector finds it.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree, html as lxml_html
from lxml.cssselect import CSSSelector

from ..dateline import parse_dateline
from ..dates import WIB, parse_published
from ..errors import ExtractorError
from ..rules import cached, read_toml
from .encoding import decode_html
from .pagekind import NOT_ARTICLE, listing_links
from .sites import Site, host_of, site_for

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+[-|–—:]\s+")  # a space run is tried from its start only: linear
MIN_BODY_CHARS = 80  # shorter is navigation or a stub, not an article body


class PageError(ExtractorError):
    """A page that cannot be read as an article; the message says why in one line."""


@dataclass
class Article:
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    editor: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    dateline: str | None = None
    image: str | None = None
    text: str = ""
    next_pages: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The article's fields, without the crawl-only `next_pages`."""
        out = asdict(self)
        del out["next_pages"]
        return out


@dataclass(frozen=True)
class Rules:
    """patterns/page.toml, compiled."""
    remove: str                     # one selector list
    body: tuple[str, ...]
    next_page: tuple[str, ...]
    blocks: frozenset[str]
    boilerplate: re.Pattern
    byline: re.Pattern
    byline_fields: dict[str, str]
    tags_ignore: frozenset[str]
    article_types: frozenset[str]
    meta_dates: tuple[str, ...]
    date_hint: re.Pattern
    clock_zone: re.Pattern          # a clock time with a local zone: `15:00 WIB`
    local_zones: tuple[str, ...]
    second_level_domains: frozenset[str]


@cached
def rules() -> Rules:
    data = read_toml("page.toml")
    zones = tuple(z.upper() for z, offset in read_toml("dates.toml")["timezones"].items() if offset != "+00:00")
    return Rules(
        remove=", ".join(data["remove"]), body=tuple(data["body"]), next_page=tuple(data["next_page"]),
        blocks=frozenset(data["blocks"]),
        boilerplate=re.compile("|".join(f"(?:{p})" for p in data["boilerplate"]), re.I),
        byline=re.compile(data["bylines"]["pattern"], re.I),
        byline_fields={re.sub(r"\s+", " ", k): v for k, v in data["bylines"]["fields"].items()},
        tags_ignore=frozenset(t.lower() for t in data["tags_ignore"]),
        article_types=frozenset(t.lower() for t in data["article_types"]),
        meta_dates=tuple(m.lower() for m in data["meta_dates"]),
        date_hint=re.compile("|".join(map(re.escape, data["date_hints"])), re.I),
        clock_zone=re.compile(rf"\d{{1,2}}[:.]\d{{2}}\s*(?:{'|'.join(sorted(zones, key=len, reverse=True))})\b"),
        local_zones=zones, second_level_domains=frozenset(data["second_level_domains"]))


def is_boilerplate(line: str) -> bool:
    return bool(rules().boilerplate.match(line.strip()))


def read_byline(line: str) -> tuple[str, str] | None:
    """`Editor : Rustam Agus` -> ("editor", "Rustam Agus"); a field of "" means a byline we do not keep."""
    r = rules()
    m = r.byline.fullmatch(line.strip())
    if not m:
        return None
    return r.byline_fields[re.sub(r"\s+", " ", m["key"].lower())], m["name"].strip(" ,;")


def html_tree(html: str):
    """The lxml tree of a page's text; PageError when it is not HTML."""
    if "<" not in html:
        raise PageError(None, "not an HTML page")
    try:
        return lxml_html.document_fromstring(XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError) as err:
        raise PageError(None, f"not an HTML page ({err})") from None


# -- sources ----------------------------------------------------------------------------------------

def _json_ld(doc) -> dict:
    """The page's NewsArticle (or Article) object from its JSON-LD scripts, {} if none."""
    found = []
    types = rules().article_types

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            kinds = node.get("@type", [])
            kinds = [kinds] if isinstance(kinds, str) else kinds
            if any(str(k).lower() in types for k in kinds) and (node.get("headline") or node.get("articleBody")):
                found.append(node)
            walk(node.get("@graph", []))

    for script in doc.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            walk(json.loads(script.text or "", strict=False))
        except (ValueError, RecursionError):
            continue
    found.sort(key=lambda n: "article" not in str(n.get("@type", "")).lower())
    return found[0] if found else {}


def _meta(doc) -> dict[str, str]:
    """First content of each <meta> by property, name or itemprop (lower-cased)."""
    out: dict[str, str] = {}
    for tag in doc.iter("meta"):
        content = tag.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if key:
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _names(value) -> list[str]:
    """Person names from a JSON-LD author/creator value (string, dict or list)."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        if str(value.get("@type", "Person")).lower() not in ("person", ""):
            return []
        value = value.get("name")
    return [value.strip()] if isinstance(value, str) and value.strip() else []


def _image(value) -> str | None:
    if isinstance(value, list):
        return next((u for u in map(_image, value) if u), None)
    if isinstance(value, dict):
        return _image(value.get("url") or value.get("contentUrl"))
    return value.strip() if isinstance(value, str) and value.strip() else None


@functools.lru_cache(maxsize=1024)
def css(selector: str) -> CSSSelector:
    """A CSS selector compiled once to XPath (lxml evaluates it in C)."""
    return CSSSelector(selector, translator="html")


def select_ordered(root, selectors) -> list[list]:
    """The elements each selector matches, in selector order."""
    return [css(sel)(root) for sel in selectors]


def text_of(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _select_text(doc, selectors) -> str | None:
    for elements in select_ordered(doc, selectors):
        for el in elements:
            text = text_of(el)
            if text:
                return text
    return None


# -- fields -----------------------------------------------------------------------------------------

def _outlet_words(site: Site, url: str | None, meta: dict) -> list[str]:
    words = [site.name, meta.get("og:site_name", ""), *site.domains]
    host = host_of(url or "")
    if host:
        parts = host.split(".")
        words.append(parts[-3] if len(parts) >= 3 and parts[-2] in rules().second_level_domains else parts[-2])
    return [w.lower().split(".")[0] for w in words if w]


def clean_title(title: str, outlet_words: list[str]) -> str:
    """Drop trailing ` - Kompas.com Regional` / ` | ANTARA News`: segments that name the outlet."""
    title = re.sub(r"\s+", " ", title).strip()
    while True:
        parts = list(TITLE_SEPARATORS.finditer(title))
        if not parts:
            return title
        tail = title[parts[-1].end():].lower()
        if not any(w and w in tail for w in outlet_words):
            return title
        title = title[: parts[-1].start()].strip()


def _time_value(text: str, site: Site):
    text = re.sub(r"\s+T(?=\d)", "T", text.strip())
    if site.date_is_local:
        text = re.sub(r"(?<=\d)Z$", "+07:00", text)
    return parse_published(text)


def _has_time(value) -> bool:
    return (value.hour, value.minute, value.second) != (0, 0, 0)


def _published(doc, ld: dict, meta: dict, site: Site, url: str | None) -> str | None:
    """The first publication time that has a clock time; a bare date only when nothing better exists."""
    r = rules()

    def candidates():
        for key in ("datePublished", "dateCreated"):
            if isinstance(ld.get(key), str):
                yield ld[key]
        for key in r.meta_dates:
            if key in meta:
                yield meta[key]
        for elements in select_ordered(doc, site.date):
            for el in elements[:3]:
                yield el.get("datetime") or el.get("content") or text_of(el)
        for el in doc.xpath("//*[@datetime]")[:3]:
            yield el.get("datetime")
        hinted = 0
        for el in doc.iter("time", "span", "div", "p", "small", "li"):
            hint = (el.get("class") or "") + " " + (el.get("id") or "")
            if el.tag == "time" or r.date_hint.search(hint):
                text = text_of(el)
                if 6 <= len(text) <= 80:
                    hinted += 1
                    yield text
                    if hinted > 40:
                        break
        has_zone = " or ".join(f"contains(., '{z}')" for z in r.local_zones)
        for text in doc.xpath(f"//text()[{has_zone}]")[:20]:
            if r.clock_zone.search(text):
                yield str(text)[:200]
        if site.url_time and url and (m := site.url_time.search(url)):
            g = m.groupdict()
            yield f"{g['y']}-{g['mo']}-{g['d']}T{g.get('h') or '00'}:{g.get('mi') or '00'}:00+07:00"

    date_only = None
    for text in candidates():
        value = _time_value(text, site) if text else None
        if value is None:
            continue
        if _has_time(value):
            return value.astimezone(WIB).isoformat()
        date_only = date_only or value
    return date_only.astimezone(WIB).isoformat() if date_only else None


def _tags(ld: dict, meta: dict) -> list[str]:
    raw = ld.get("keywords") or meta.get("news_keywords") or meta.get("keywords") or ""
    items = []

    def add(value):
        if isinstance(value, list):
            for v in value:
                add(v)
        elif isinstance(value, str):
            items.extend(value.split(","))

    add(raw)
    ignore = rules().tags_ignore
    out = []
    for item in (i.strip() for i in items):
        if item and ":" not in item and item.lower() not in ignore and item not in out:
            out.append(item)
    return out


def _editor_from_keywords(ld: dict) -> str | None:
    """Some outlets put a byline (`Editor:Name`) among the JSON-LD keywords."""
    def flat(value):
        if isinstance(value, list):
            for v in value:
                yield from flat(v)
        elif isinstance(value, str):
            yield from value.split(",")

    for keyword in flat(ld.get("keywords")):
        byline = read_byline(keyword)
        if byline and byline[0] == "editor":
            return byline[1]
    return None


# -- body -------------------------------------------------------------------------------------------

def _outermost(elements: list) -> list:
    chosen = set(elements)
    return [el for el in elements if not any(p in chosen for p in el.iterancestors())]


def _lines(elements: list, remove: str) -> list[str]:
    """Text of the body elements, one line per block, after removing what is never body text."""
    blocks = rules().blocks
    for root in elements:
        for el in css(remove)(root):
            if el is not root:
                el.drop_tree()  # keeps the text that follows it
    parts: list[str] = []

    def walk(node):
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):  # not a comment or processing instruction
                block = child.tag in blocks
                if block:
                    parts.append("\n")
                if child.tag not in ("script", "style", "template"):
                    walk(child)
                if block:
                    parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    for root in elements:
        walk(root)
        parts.append("\n")
    return [line for line in (re.sub(r"\s+", " ", x).strip() for x in "".join(parts).split("\n")) if line]


def _fallback_lines(html: str, url: str | None) -> list[str]:
    import trafilatura  # the fallback is rare; its import is not paid by every parse

    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                      include_images=False, with_metadata=False)
    text = getattr(doc, "text", None) if doc is not None else None
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _clean_body(lines: list[str], article: Article, title: str | None) -> str:
    """Drop boilerplate lines and the title repeated; byline lines fill author/editor instead."""
    kept = []
    for line in lines:
        if is_boilerplate(line) or (title and line == title and not kept):
            continue
        byline = read_byline(line) if len(line) < 140 else None
        if byline:
            key, name = byline
            if key and not getattr(article, key):
                setattr(article, key, name)
            continue
        kept.append(line)
    return "\n".join(kept)


def _next_pages(doc, site: Site, url: str | None) -> list[str]:
    """Links to the article's further pages: profile selectors, then generic rel=next; only URLs
    that continue this article's own path (`/2`, `?page=2`)."""
    if not url:
        return []
    base = urlsplit(url)
    stem = base.path.rstrip("/")
    out = []
    for elements in select_ordered(doc, (*site.next_page, *rules().next_page)):
        for el in elements:
            href = el.get("href")
            if not href:
                continue
            nxt = urljoin(url, href)
            parts = urlsplit(nxt)
            same = parts.netloc == base.netloc and (parts.path.rstrip("/") == stem or parts.path.startswith(stem + "/"))
            if same and nxt.split("#")[0] != url.split("#")[0] and nxt not in out:
                out.append(nxt)
    return out


def parse_page(html: str | bytes, url: str | None = None) -> Article:
    """Read one article page. `url` (where the page came from) picks the outlet profile; without it
    the page's canonical URL is used. Raises PageError for a page that is not HTML or is a list
    of links (a front, index, tag or search page) rather than an article."""
    if isinstance(html, bytes):
        html = decode_html(html)
    doc = html_tree(html)
    if (links := listing_links(doc)) is not None:
        raise PageError(None, f"{NOT_ARTICLE} (a list of {links} links)")
    meta = _meta(doc)
    canonical = doc.xpath("//link[@rel='canonical']/@href")
    url = url or (canonical[0].strip() if canonical else None) or meta.get("og:url")
    site = site_for(url)
    ld = _json_ld(doc)
    words = _outlet_words(site, url, meta)

    title = ld.get("headline") if isinstance(ld.get("headline"), str) else None
    title = title or meta.get("og:title") or meta.get("twitter:title") or meta.get("title")
    title = title or _select_text(doc, site.title or ("h1",)) or doc.findtext(".//title")
    article = Article(url=url, outlet=site.name or meta.get("og:site_name") or host_of(url or "") or None)
    article.title = clean_title(title, words) if title else None
    article.published = _published(doc, ld, meta, site, url)
    authors = _names(ld.get("author")) or _names(ld.get("creator"))
    if not authors and site.author:
        authors = [a for a in [_select_text(doc, site.author)] if a]
    meta_author = meta.get("author") or meta.get("dc.creator")
    if not authors and meta_author and "/" not in meta_author and not any(w in meta_author.lower() for w in words):
        authors = [meta_author]
    article.author = ", ".join(dict.fromkeys(clean_title(a, words) for a in authors)) or None
    article.editor = _editor_from_keywords(ld) or (_select_text(doc, site.editor) if site.editor else None)
    section = ld.get("articleSection") or meta.get("article:section")
    if isinstance(section, list):
        section = section[0] if section else None
    if not section and site.section_url and url and (m := site.section_url.search(url)):
        section = m["section"]
    article.section = section or None
    article.tags = _tags(ld, meta)
    article.image = _image(ld.get("image")) or meta.get("og:image") or meta.get("twitter:image")
    article.next_pages = _next_pages(doc, site, url)

    remove = ", ".join((rules().remove, *site.remove))
    lines: list[str] = []
    for elements in select_ordered(doc, (*site.body, *rules().body)):
        if elements:
            lines = _lines(_outermost(elements), remove)
            if sum(map(len, lines)) >= MIN_BODY_CHARS:
                break
    if sum(map(len, lines)) < MIN_BODY_CHARS and isinstance(ld.get("articleBody"), str) and len(ld["articleBody"]) >= 200:
        lines = [x.strip() for x in ld["articleBody"].splitlines() if x.strip()]
    if sum(map(len, lines)) < MIN_BODY_CHARS:
        lines = _fallback_lines(html, url) or lines
    text = _clean_body(lines, article, article.title)
    article.text = text if len(text) >= MIN_BODY_CHARS else ""  # a menu or a stub is not an article
    article.dateline = _dateline(article.text)
    return article


def _dateline(text: str) -> str | None:
    found = parse_dateline(text, _dateline_outlets())
    return found[0] if found else None


@cached
def _dateline_outlets() -> list[str]:
    return read_toml("regions.toml")["dateline"]["outlets"]


def join_pages(first: Article, more: list[Article]) -> Article:
    """The article with the bodies of its further pages appended (repeated lines dropped)."""
    seen = set(first.text.split("\n"))
    lines = first.text.split("\n") if first.text else []
    for page in more:
        for line in page.text.split("\n"):
            if line and line not in seen:
                seen.add(line)
                lines.append(line)
    first.text = "\n".join(lines)
    for page in more:  # a byline at the end of the last page
        first.author = first.author or page.author
        first.editor = first.editor or page.editor
    return first
