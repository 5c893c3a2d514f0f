"""Each figure span's bounds and `Figure` as plain tuples, made once per doc and shared by the components.

Iterating `doc.spans["quantities"]` builds a Span object per figure and `span._.figure` an
Underscore object per read (together about 3 µs a figure, paid again by each component). The
quantities component records the table as it makes the spans; for a doc made elsewhere (a DocBin,
spans set by hand) it is read from the spans once. A span group replaced or grown since is read again
(one edited in place, `group[i] = span`, is not noticed: no component does that).
"""
from __future__ import annotations

import weakref
from typing import NamedTuple

from spacy.tokens import Doc

from .figure import Figure


class Row(NamedTuple):
    start: int
    end: int
    start_char: int
    end_char: int
    figure: Figure | None  # the span's `span._.figure` object itself: setting its fields sets the span's


_TABLES: "weakref.WeakKeyDictionary[Doc, tuple[object, int, list[Row]]]" = weakref.WeakKeyDictionary()


def record(doc: Doc, key: str, rows: list[Row]) -> None:
    """Note `rows` as the table of `doc.spans[key]`, just set from the same figures in the same order."""
    group = doc.spans[key]
    _TABLES[doc] = (group, len(group), rows)


def figure_rows(doc: Doc, key: str) -> list[Row]:
    """The rows of `doc.spans[key]` in order (do not modify the list)."""
    group = doc.spans.get(key)
    if group is None:
        return []
    known = _TABLES.get(doc)
    if known is not None and known[0] is group and known[1] == len(group):
        return known[2]
    rows = [Row(s.start, s.end, s.start_char, s.end_char, s._.figure) for s in group]
    _TABLES[doc] = (group, len(group), rows)
    return rows
