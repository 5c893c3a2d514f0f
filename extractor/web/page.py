"""An article page (HTML) -> an article: url, outlet, title, published (WIB), author, editor,
section, tags, dateline, image and the body text with its paragraphs.

Each field is read from the first source that has it: JSON-LD (`NewsArticle`), then OpenGraph and
meta tags, then the outlet's profile (patterns/sites/), then generic rules (patterns/page.toml);
the body is the densest prose (web/density.py) when no profile or generic selector finds it.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

from lxml import etree, html as lxml_html
from lxml.cssselect import CSSSelector

from ..dateline import parse_dateline
from ..dates import WIB, When, read_date
from ..errors import ExtractorError
from ..rules import cached, read_toml
from .density import body_elements
from .encoding import decode_html
from .pagekind import NOT_ARTICLE, listing_links
from .sites import Site, host_of, site_for

XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# ` - `, ` | `, `|`, ` :: `, `: ` after a word... (titles are read with their spaces made single: linear)
TITLE_SEPARATORS = re.compile(r" ?[|·•»] ?| [-–—:~/]{1,2} |(?<=\w): ")
SITE_NAME_WORDS = 6  # a title segment longer than this is not a site name
MAX_TITLE_CHARS = 1000  # a longer title is hostile: it is cut, so cleaning it stays cheap
MAX_TITLE_SEGMENTS = 8
BYLINE_END = re.compile(r" [|•·] ")
MIN_BODY_CHARS = 80  # shorter is navigation or a stub, not an article body
MIN_PROSE = 200  # a page with less prose than this outside its captions is a photo page


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
    captions: str                   # the part of `remove` that is a photo page's text
    body: tuple[str, ...]
    next_page: tuple[str, ...]
    blocks: frozenset[str]
    boilerplate: re.Pattern
    byline: re.Pattern
    byline_fields: dict[str, str]
    byline_key: re.Pattern          # where each byline of a line starts: `Penulis:`, `Editor :`
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
        remove=", ".join(data["remove"]), captions=", ".join(data["captions"]), body=tuple(data["body"]),
        next_page=tuple(data["next_page"]),
        blocks=frozenset(data["blocks"]),
        boilerplate=re.compile("|".join(f"(?:{p})" for p in data["boilerplate"]), re.I),
        byline=re.compile(data["bylines"]["pattern"], re.I),
        byline_fields={_byline_key(k): v for k, v in data["bylines"]["fields"].items()},
        byline_key=re.compile(r"\b(?:%s)\s{0,3}:" % "|".join(
            re.escape(k).replace(r"\ ", r"\s{0,3}") for k in sorted(data["bylines"]["fields"], key=len, reverse=True)), re.I),
        tags_ignore=frozenset(t.lower() for t in data["tags_ignore"]),
        article_types=frozenset(t.lower() for t in data["article_types"]),
        meta_dates=tuple(m.lower() for m in data["meta_dates"]),
        date_hint=re.compile("|".join(map(re.escape, data["date_hints"])), re.I),
        clock_zone=re.compile(rf"\d{{1,2}}[:.]\d{{2}}\s*(?:{'|'.join(sorted(zones, key=len, reverse=True))})\b"),
        local_zones=zones, second_level_domains=frozenset(data["second_level_domains"]))


def is_boilerplate(line: str) -> bool:
    return bool(rules().boilerplate.match(line.strip()))


def _byline_key(key: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*&\s*", " & ", key.lower())).strip()


def read_byline(line: str) -> tuple[str, str] | None:
    """`Editor : Rustam Agus` -> ("editor", "Rustam Agus"); `Redaktur & Reporter : X` -> ("author editor", "X");
    a field of "" means a byline we do not keep."""
    r = rules()
    m = r.byline.fullmatch(line.strip())
    if not m:
        return None
    return r.byline_fields[_byline_key(m["key"])], m["name"].strip(" ,;")


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
    """The outlet's names, letters and digits only: `kompas`, `cnbcindonesia`, `wartaekonomi`."""
    words = [site.name, meta.get("og:site_name", ""), meta.get("application-name", ""), *site.domains]
    host = host_of(url or "")
    if host:
        parts = host.split(".")
        words.append(parts[-3] if len(parts) >= 3 and parts[-2] in rules().second_level_domains else parts[-2])
    out = []
    for word in words:
        word = re.sub(r"\W|_", "", word.lower().split(".")[0] if "." in word and " " not in word else word.lower())
        if len(word) >= 3 and word not in out:
            out.append(word)
    return out


def _names_outlet(segment: str, outlet_words: list[str]) -> bool:
    if len(segment.split()) > SITE_NAME_WORDS:
        return False
    letters = re.sub(r"\W|_", "", segment.lower())
    return any(w in letters for w in outlet_words)


def clean_title(title: str, outlet_words: list[str]) -> str:
    """Drop the segments that name the outlet wherever they stand: `Judul - Kompas.com Regional`,
    `Outlet.com: Judul`, `Judul | ANTARA News`."""
    title = re.sub(r"\s+", " ", title).strip()
    while True:
        parts = list(TITLE_SEPARATORS.finditer(title))
        if not parts:
            return title
        if _names_outlet(title[parts[-1].end():], outlet_words):
            title = title[: parts[-1].start()].strip()
        elif _names_outlet(title[: parts[0].start()], outlet_words):
            title = title[parts[0].end():].strip()
        else:
            return title


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _title(doc, ld: dict, meta: dict, site: Site, words: list[str]) -> str | None:
    """The best of JSON-LD headline, og:title, <title> and <h1>: a title that the page's <h1>
    repeats; else the <h1> when another title is it plus a site name (`H1 - Outlet`); else the
    first title with the outlet's name taken off."""
    titles = [t[:MAX_TITLE_CHARS] for t in (ld.get("headline"), meta.get("og:title"), meta.get("twitter:title"),
                                            meta.get("title"), doc.findtext(".//title")) if isinstance(t, str) and t.strip()]
    cleaned = [clean_title(t, words) for t in titles]
    h1s = [text_of(el) for elements in select_ordered(doc, site.title or ("h1",)) for el in elements[:3]]
    h1s = [h for h in h1s if h and len(h) <= 400 and not _names_outlet(h, words)][:3]  # not the logo
    for h1 in h1s:
        plain = _plain(h1)
        same = next((c for c in cleaned if _plain(c) == plain), None)
        if same:
            return same
        if any(_h1_among_short_segments(plain, title) for title in titles):
            return clean_title(h1, words)
    if cleaned:
        return cleaned[0]
    return clean_title(h1s[0], words) if h1s else None


def _h1_among_short_segments(plain: str, title: str) -> bool:
    """Whether `title` is the <h1> with short segments (site name, section) around it:
    `Bisnis - Harga Cabai Naik - Kontan` for `Harga Cabai Naik`."""
    title = re.sub(r"\s+", " ", title).strip()
    seps = list(TITLE_SEPARATORS.finditer(title))[:MAX_TITLE_SEGMENTS]
    if not seps:
        return False
    starts = [0] + [m.end() for m in seps]
    ends = [m.start() for m in seps] + [len(title)]
    short = [len(title[a:b].split()) <= SITE_NAME_WORDS for a, b in zip(starts, ends)]
    for i in range(len(starts)):
        for j in range(i, len(starts)):
            if (i, j) != (0, len(starts) - 1) and all(short[:i]) and all(short[j + 1:]) \
                    and _plain(title[starts[i]:ends[j]]) == plain:
                return True
    return False


def _time_value(text: str, site: Site, now: datetime | None) -> When | None:
    if site.date_is_local:
        text = re.sub(r"(?<=\d)Z$", "+07:00", text.strip())
    return read_date(text, now)


def _published(doc, ld: dict, meta: dict, site: Site, url: str | None, fetched: datetime | None) -> str | None:
    """The first publication time that has a clock time; a bare date only when nothing better exists.

    Many outlets write their local time with a `Z`: a UTC time whose clock the page prints as a
    local time (`10:08:58Z` beside `10:08 WIB`) is read as that local time."""
    r = rules()

    def structured():
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

    def shown():
        """Printed dates, those below the headline before those above it (a list of the latest
        news with their times): in elements whose class says date or time, in text with a local
        zone, in the short texts that follow the headline (`17 Juni 2023 - 14:35`)."""
        h1 = next(doc.iter("h1"), None)
        above, below, past = [], [], h1 is None
        for el in doc.iter("h1", "time", "span", "div", "p", "small", "li", "em", "strong", "b", "i", "a", "abbr"):
            if el is h1:
                past = True
                continue
            hint = (el.get("class") or "") + " " + (el.get("id") or "")
            if el.tag == "time" or r.date_hint.search(hint):
                text = text_of(el) if len(el) < 20 else ""
                if 6 <= len(text) <= 80:
                    (below if past else above).append(text)
                    if len(above) + len(below) > 80:
                        break
        yield from below
        has_zone = " or ".join(f"contains(., '{z}')" for z in r.local_zones)
        for text in doc.xpath(f"(//h1)[1]/following::text()[{has_zone}]")[:20]:
            if r.clock_zone.search(text):
                yield str(text)[:200]
        for text in doc.xpath("(//h1)[1]/following::text()[string-length(normalize-space(.)) > 7][position() <= 40]"):
            if len(text) <= 80:
                yield str(text)
        yield from above
        for text in doc.xpath(f"//text()[{has_zone}]")[:20]:
            if r.clock_zone.search(text):
                yield str(text)[:200]

    def from_url():
        if site.url_time and url and (m := site.url_time.search(url)):
            g = m.groupdict()  # a URL with a date alone gives the date alone
            clock = f"T{g['h']}:{g.get('mi') or '00'}:00+07:00" if g.get("h") else ""
            yield f"{g['y']}-{g['mo']}-{g['d']}{clock}"

    date_only = None
    for source in (structured, shown, from_url):
        for text in source():
            found = _time_value(text, site, fetched) if text else None
            if found is None:
                continue
            if not found.has_time:
                date_only = date_only or found.value
                continue
            value = found.value
            if source is structured and value.utcoffset() == timedelta(0) and _printed_as_local(value, shown(), site):
                value = value.replace(tzinfo=WIB)
            return value.astimezone(WIB).isoformat()
    return date_only.isoformat() if date_only else None


def _printed_as_local(value: datetime, texts, site: Site) -> bool:
    """Whether the page prints the clock of a UTC `value` as a local time (`10:08 WIB` for 10:08Z)."""
    wall = value.replace(tzinfo=None, second=0, microsecond=0)
    for text in texts:
        found = _time_value(text, site, None)
        if found and found.has_time and found.value.utcoffset() != timedelta(0):
            if found.value.replace(tzinfo=None, second=0, microsecond=0) == wall:
                return True
    return False


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


def read_bylines(line: str) -> list[tuple[str, str]]:
    """`Penulis: Sari Dewi | Editor: Budi Santoso` -> [("author", "Sari Dewi"), ("editor", "Budi Santoso")];
    [] unless the whole line is bylines."""
    r = rules()
    starts = [m.start() for m in r.byline_key.finditer(line)]
    if not starts or line[: starts[0]].strip(" |/•·,;-–—"):
        return []
    # a name ends at a separator: `Penulis: Tim Contoh | 28/06/2022 14:05 WIB`
    parts = [BYLINE_END.split(line[a:b], 1)[0].strip(" |/•·,;-–—") for a, b in zip(starts, [*starts[1:], len(line)])]
    found = [read_byline(part) for part in parts]
    return found if found and all(found) else []


def _bylines_outside(doc, article: Article) -> None:
    """Fill author and editor from a byline line printed beside the body (`Penulis: ... | Editor: ...`)."""
    r = rules()
    seen = 0
    for text in doc.xpath("//body//text()[contains(., ':')]"):
        if not r.byline_key.search(text):
            continue
        seen += 1
        if seen > 20:
            return
        el = text.getparent()
        if text.is_tail:
            el = el.getparent()
        if el is None or len(el) > 12:
            continue
        line = text_of(el)
        if len(line) > 200:
            continue
        _fill_bylines(article, read_bylines(line))


def _fill_bylines(article: Article, bylines) -> None:
    """Author and editor from byline pairs (`"author editor"`, name); a field already set stays."""
    for keys, name in bylines:
        for key in keys.split():
            if not getattr(article, key):
                setattr(article, key, name)


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


def _density_lines(doc, remove: str) -> list[str]:
    """The body of a page whose container no rule names: the densest prose (web/density.py)."""
    root = doc.body if doc.body is not None else doc
    skipped = {el for el in css(remove)(root) if el.tag not in ("html", "body")}
    found = body_elements(root, rules().blocks, skipped, MIN_PROSE)
    if not found:  # a photo page: its text is in the captions
        captions = set(css(rules().captions)(root))
        found = body_elements(root, rules().blocks, skipped - captions)
        remove = ", ".join(sel for sel in remove.split(", ") if sel not in rules().captions.split(", "))
    return _lines(found, remove) if found else []


def _clean_body(lines: list[str], article: Article, title: str | None) -> str:
    """Drop boilerplate lines and the title repeated; byline lines fill author/editor instead."""
    kept = []
    joined: list[str] = []
    for line in lines:  # `Editor` / `: Rustam Agus` in two table cells is one byline
        if line.startswith(":") and joined and len(joined[-1]) <= 30:
            joined[-1] += " " + line
        else:
            joined.append(line)
    for line in joined:
        if is_boilerplate(line) or (title and line == title and not kept):
            continue
        bylines = read_bylines(line) if len(line) < 200 else []
        _fill_bylines(article, bylines)
        if bylines or _is_date_line(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def _is_date_line(line: str) -> bool:
    """`Selasa, 23 Februari 2016 15:06 WIB | 998 Views`: a short line that is a publication time."""
    if len(line) > 60:
        return False
    found = read_date(line)
    return bool(found and found.has_time)


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


def parse_page(html: str | bytes, url: str | None = None, fetched: datetime | None = None) -> Article:
    """Read one article page. `url` (where the page came from) picks the outlet profile; without it
    the page's canonical URL is used. `fetched` (when the page was fetched) dates a relative
    publication time (`2 jam yang lalu`); without it such a time is not read. Raises PageError for
    a page that is not HTML or is a list of links (a front, index, tag or search page) rather than
    an article."""
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

    article = Article(url=url, outlet=site.name or meta.get("og:site_name") or host_of(url or "") or None)
    article.title = _title(doc, ld, meta, site, words)
    article.published = _published(doc, ld, meta, site, url, fetched)
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
        lines = _density_lines(doc, remove) or lines
    text = _clean_body(lines, article, article.title)
    _bylines_outside(doc, article)
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
