"""The dateline: the place an article was filed from, before the first dash of its body.

Read by the page parser (`web/page.py`, the article's `dateline` field) and by the `regions`
component (its Kemendagri code), so it stands below both.
"""
from __future__ import annotations

import re

DASH = re.compile(r"(?<!\s)\s*[-–—]+")  # linear: a whitespace run is tried from its start only
DATELINE_CHARS = 60  # a dateline stands in the first characters of the body


def parse_dateline(text: str, outlets: list[str]) -> tuple[str, int, int] | None:
    """The place before the first dash of the body: `Bisnis.com, JAKARTA --` -> ("Jakarta", start, end)."""
    m = DASH.search(text, 0, DATELINE_CHARS)
    if not m or m.start() == 0:
        return None
    # "(ANTARA News)" beside the place is the outlet; blanked so offsets stay right
    head = re.sub(r"\([^()]*\)", lambda p: " " * len(p.group()), text[: m.start()])
    pos = 0
    place = None
    for part in head.split(","):
        start = pos + len(part) - len(part.lstrip())
        pos += len(part) + 1
        word = part.strip()
        if not word or word in outlets or re.search(r"\.(?:com|co|id)\b", word, re.I):
            continue
        if not re.fullmatch(r"[A-Z][A-Za-z'.]*(?: [A-Z][A-Za-z'.]*){0,2}", word):
            return None
        if place is None:  # "Mataram, NTB": the city comes first, its province after
            place = (word, start, start + len(word))
    if place is None:
        return None
    word, start, end = place
    return (word.title() if word.isupper() else word), start, end
