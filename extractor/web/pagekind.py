"""Whether a page is an article or a list of links (front page, index, tag or search page, feed).

A page is a list when nothing on it reads as one story: no block of prose (sibling paragraphs of
text outside links) as long as an article's, no JSON-LD article, no heading (`<h1>`, `<h2>`) that
the page's title begins with, but many headline links (link texts of a few words) outside menus. Thresholds and the title
words of listing pages are data (patterns/pagekind.toml), measured on the saved pages in
../shared/html: every article page passes (photo pages with a one-line caption too), every front
page is refused. One walk of the tree: linear in the page.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from itertools import islice
from dataclasses import dataclass

from ..rules import cached, read_toml

NOT_ARTICLE = "not an article page"  # how a refusal begins: `not an article page (a list of 12 links)`
_ATTR_WORDS = re.compile(r"[^a-z0-9]+")
MAX_HEADINGS = 20  # headings looked at for the page's own story: a page of 10,000 costs no more
SKIP = frozenset({"script", "style", "noscript", "template", "select", "option", "button", "form", "iframe", "svg"})


@dataclass(frozen=True)
class KindRules:
    paragraph_chars: int       # a block with less own text outside links is not prose
    article_prose: int         # sibling paragraphs holding this much prose make an article
    min_links: int             # fewer headline links never make a list
    headline_words: int        # a link text of this many words is a headline
    listing_titles: frozenset  # words in the title of listing pages (`indeks`, `kumpulan`...)
    navigation_tags: frozenset
    navigation_words: frozenset


def link_words(a) -> int:
    """How many words a link's text has (read up to 300 characters): a headline has several."""
    return len(a.text_content()[:300].split())


@cached
def kind_rules() -> KindRules:
    data = read_toml("pagekind.toml")
    return KindRules(int(data["paragraph_chars"]), int(data["article_prose"]), int(data["min_links"]),
                     int(data["headline_words"]), frozenset(w.lower() for w in data["listing_titles"]),
                     frozenset(data["navigation_tags"]), frozenset(w.lower() for w in data["navigation_words"]))


def attr_words(el) -> set[str]:
    """The words of an element's class and id (`main-nav__item` -> main, nav, item)."""
    return set(_ATTR_WORDS.split(f"{el.get('class') or ''} {el.get('id') or ''}"[:300].lower()))


def is_navigation(el) -> bool:
    """A menu, footer, tag list, share bar or pager: its links are not the list of articles."""
    r = kind_rules()
    return el.tag in r.navigation_tags or not r.navigation_words.isdisjoint(attr_words(el))


def listing_links(doc) -> int | None:
    """The number of headline links (feed items) of a page that is a list of them; None for an
    article. `doc` is the lxml tree of the page (a feed read as HTML counts its items)."""
    items = sum(1 for _ in doc.iter("item", "entry"))
    if items >= 2 and next(doc.iter("channel", "feed", "rss"), None) is not None:
        return items
    r = kind_rules()
    prose: Counter = Counter()   # parent element -> prose of its paragraphs
    headlines = 0
    stack = [(doc, False, False)]
    while stack:
        el, in_link, nav = stack.pop()
        if not isinstance(el.tag, str) or el.tag in SKIP:
            continue
        nav = nav or is_navigation(el)
        is_link = el.tag == "a" and bool(el.get("href"))
        if is_link and not in_link and not nav and link_words(el) >= r.headline_words:
            headlines += 1
        in_link = in_link or is_link
        if not in_link:
            own = len((el.text or "").strip()) + sum(len(c.tail.strip()) for c in el if c.tail)
            if own >= r.paragraph_chars and el.getparent() is not None:
                prose[el.getparent()] += own
        stack.extend((child, in_link, nav) for child in el)
    if headlines < r.min_links or max(prose.values(), default=0) >= r.article_prose:
        return None
    if _json_ld_article(doc) or _headline_is_title(doc, r):
        return None
    return headlines


def _json_ld_article(doc) -> bool:
    for script in doc.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() and '"headline"' in (script.text or ""):
            try:
                json.loads(script.text, strict=False)
            except (ValueError, RecursionError):
                continue
            return True
    return False


def _headline_is_title(doc, r: KindRules) -> bool:
    """A heading (`<h1>`, `<h2>`, not a link) of a few words that the page's title begins with,
    the title no listing page's: the page is about that one story."""
    title = " ".join((doc.findtext(".//title") or "").split()).lower()
    if not title or r.listing_titles & set(title.replace(",", " ").replace("-", " ").split()):
        return False
    for heading in islice(doc.iter("h1", "h2"), MAX_HEADINGS):
        if heading.find(".//a") is not None or any(a.tag == "a" for a in heading.iterancestors()):
            continue
        text = " ".join(heading.text_content()[:300].split()).lower()
        if len(text.split()) >= 3 and title.startswith(text[:60]):
            return True
    return False
