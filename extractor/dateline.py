"""The dateline: the place an article was filed from, before the first dash of its body.

Read by the page parser (`web/page.py`, the article's `dateline` field) and by the `regions`
component (its Kemendagri code), so it stands below both.
"""
from __future__ import annotations

import re
from functools import lru_cache

DASH = re.compile(r"(?<!\s)\s*[-–—]+")  # linear: a whitespace run is tried from its start only
DATELINE_CHARS = 60  # a dateline stands in the first characters of the body
PLACE = re.compile(r"[A-Z][A-Za-z'.]*(?: [A-Z][A-Za-z'.]*){0,2}")
# "Liputan6.com, JakartaPT Semen ...": the dash was lost in extraction and the place is glued to
# the first word of the story; the glue (a lower-case letter, then a capital or a quote) ends it.
GLUED = re.compile(r"([A-Z][a-z]++(?: [A-Z][a-z]++)?)(?=[A-Z“\"])")  # possessive: linear wherever searched
_NOT_WORD = re.compile(r"[\W_]+")
_DOMAIN_END = re.compile(r"(?:coid|com|co|id)$")
_BRACKETED = re.compile(r"\([^()]*\)")
_OUTLET_END = re.compile(r"\.|com$")
_DOMAIN = re.compile(r"\.(?:com|co|id)\b", re.I)


def _outlet_key(word: str) -> str:
    """`Bisnis.com`, `Bisnis,com`, `KOMPAS com`, `REPUBLIKA.CO.ID` -> `bisnis`, `kompas`, `republika`:
    outlets as typed in a hurry."""
    key = _NOT_WORD.sub("", word).lower()
    return _DOMAIN_END.sub("", key) or key


@lru_cache(maxsize=8)
def _outlet_keys(outlets: tuple[str, ...]) -> frozenset[str]:
    """The outlets' keys, made once per outlet list rather than per article."""
    return frozenset(_outlet_key(o) for o in outlets)


def parse_dateline(text: str, outlets: list[str]) -> tuple[str, int, int] | None:
    """The place before the first dash of the body: `Bisnis.com, JAKARTA --` -> ("Jakarta", start, end)."""
    keys = _outlet_keys(tuple(outlets))
    glued = _glued(text, keys)
    if glued:
        return glued
    m = DASH.search(text, 0, DATELINE_CHARS)
    if not m or m.start() == 0:
        return None
    # "(ANTARA News)" beside the place is the outlet; blanked so offsets stay right
    head = _BRACKETED.sub(lambda p: " " * len(p.group()), text[: m.start()])
    pos = 0
    place = None
    for part in head.split(","):
        start = pos + len(part) - len(part.lstrip())
        pos += len(part) + 1
        word = part.strip()
        if not word or word in ("com", "co", "id") or _outlet_key(word) in keys:
            continue
        # "Bisnis.com MAKASSAR", "JAKARTA KOMPAS.com": the outlet and the place with no comma between
        words = word.split(" ")
        if len(words) > 1 and _outlet_key(words[0]) in keys:
            start += len(words[0]) + 1
            word = " ".join(words[1:]).strip()
        elif len(words) > 1 and _outlet_key(words[-1]) in keys and _OUTLET_END.search(words[-1]):
            word = " ".join(words[:-1]).strip()
        if _DOMAIN.search(word):
            continue
        if not PLACE.fullmatch(word):
            return None
        if place is None:  # "Mataram, NTB": the city comes first, its province after
            place = (word, start, start + len(word))
    if place is None:
        return None
    word, start, end = place
    return (word.title() if word.isupper() else word), start, end


def _glued(text: str, keys: set[str]) -> tuple[str, int, int] | None:
    """`Liputan6.com, JakartaKita ...` -> ("Jakarta", 14, 21): only right after an outlet's name."""
    comma = text.find(",", 0, 25)
    if comma <= 0 or _outlet_key(text[:comma]) not in keys:
        return None
    start = comma + 1
    while start < comma + 4 and text[start : start + 1] in (" ", "\u00a0", "\t"):
        start += 1
    m = GLUED.match(text, start)
    if not m:
        return None
    return m.group(1), m.start(1), m.end(1)
