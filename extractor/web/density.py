"""The article body of a page with no known container, found by content density.

Every block element (p, div, td...) owns the text that is not inside a nested block: its
"paragraph". A paragraph of prose (long enough, few of its characters in links) is content; link
text and short fragments (menus, dates, share counts, headline lists) are clutter. A paragraph
credits its own element, its parent in full and its grandparent by half (text written straight
into a div, or paragraphs side by side in one container); the body is the element with the most
credit less the clutter of its whole subtree. So a wrapper one level too high pays for the menus
it adds and gets only half of the paragraphs; teasers with a sentence each, one per box, credit
their boxes, not the page. One pass over the tree, bottom up, without
recursion: linear in the page.
"""
from __future__ import annotations

from dataclasses import dataclass

PROSE_CHARS = 80       # a paragraph this long is prose...
SENTENCE_CHARS = 30    # ...or this long and ending like a sentence
MAX_LINK_SHARE = 0.3   # a paragraph with more of its characters in links is a link list
DENSE_LINKS = 0.5      # a block inside the body with more of its text in links is dropped
SIBLING_SHARE = 0.3    # a sibling of the body with this share of its prose is body too


@dataclass
class _Stats:
    own: int = 0        # characters of the element's own paragraph
    own_links: int = 0  # of them, in links
    last: str = ""      # the paragraph's last character
    text: int = 0       # characters in the whole subtree
    links: int = 0      # of them, in links
    credit: int = 0     # prose of the element's own, its children's and half its grandchildren's paragraphs
    clutter: int = 0    # clutter in the subtree (<= 0)

    @property
    def score(self) -> int:
        return self.credit + self.clutter


NEVER_TEXT = frozenset({"script", "style", "template", "noscript"})


def measure(root, blocks: frozenset[str], skipped: set) -> dict:
    """Each element of `root` -> its _Stats; the subtrees in `skipped` are never body text and
    count for nothing."""
    order = [el for el in root.iter() if isinstance(el.tag, str)]
    stats = {el: _Stats() for el in order}
    dead = set()
    for el in order:  # parents before their children
        if el in skipped or el.tag in NEVER_TEXT or el.getparent() in dead:
            dead.add(el)
    for el in reversed(order):  # children before their parents
        s = stats[el]
        if el not in dead:
            text = (el.text or "").strip()
            s.own += len(text)
            s.text += len(text)
            s.last = _last(el, stats, blocks) or text[-1:]
            if el.tag == "a":
                s.own_links, s.links = s.own, s.text
            if el.tag in blocks:
                _credit(el, _paragraph_score(s.own, s.own_links, s.last), stats)
        parent = el.getparent()
        if parent is None or parent not in stats:
            continue
        p = stats[parent]
        tail = len((el.tail or "").strip())
        p.text += s.text + tail
        p.links += s.links
        p.clutter += s.clutter
        p.own += tail
        if el.tag not in blocks:  # an inline element's paragraph is its parent's
            p.own += s.own
            p.own_links += s.own_links
    return stats


def _credit(el, score: int, stats: dict) -> None:
    if score < 0:
        stats[el].clutter += score
        return
    stats[el].credit += score
    parent = el.getparent()
    if parent in stats:
        stats[parent].credit += score
        grandparent = parent.getparent()
        if grandparent in stats:
            stats[grandparent].credit += score // 2


def _last(el, stats: dict, blocks: frozenset[str]) -> str:
    """The last character of the element's own paragraph that its children give (tails, inline text)."""
    for child in reversed(el):
        tail = (child.tail or "").strip()
        if tail:
            return tail[-1]
        if isinstance(child.tag, str) and child.tag not in blocks and stats[child].last:
            return stats[child].last
    return ""


def _paragraph_score(chars: int, link_chars: int, last: str) -> int:
    if not chars:
        return 0
    prose = chars >= PROSE_CHARS or (chars >= SENTENCE_CHARS and last in ".!?\"”'")
    if prose and link_chars <= MAX_LINK_SHARE * chars:
        return chars - link_chars
    return -chars


def body_elements(root, blocks: frozenset[str], skipped: set, min_score: int = 1) -> list:
    """The elements holding the article's prose, in page order: the best one (at least `min_score`
    of prose) and its siblings that hold a good part of it too (a body split around an ad or a
    photo); [] when the page has none. Link lists inside them are dropped from the tree."""
    stats = measure(root, blocks, skipped)
    best, best_score = None, min_score
    for el, s in stats.items():  # document order: on a tie the deeper element wins
        if el.tag in blocks and s.score >= best_score:
            best, best_score = el, s.score
    if best is None:
        return []
    parent = best.getparent()
    siblings = [el for el in parent if el in stats and el.tag in blocks] if parent is not None else [best]
    chosen = [el for el in siblings if el is best or stats[el].score >= max(min_score, SIBLING_SHARE * best_score)]
    for container in chosen:
        for el in list(container.iter()):  # link lists inside it (related articles, tags) are not body
            s = stats.get(el)
            if el is not container and s and el.tag in blocks and s.text and s.links > DENSE_LINKS * s.text:
                el.drop_tree()
    return chosen
