"""Turn a processed Doc into the extraction record of ../shared/eval/SPEC.md."""
from __future__ import annotations

from operator import attrgetter

from spacy.tokens import Doc

from ..article import ARTICLE_FIELDS, PAGE_FIELDS, article_id
from . import body  # noqa: F401  (registers doc._.body)
from .figure import FIGURE_FIELDS
from .figure_table import figure_rows
from .quantities import SPAN_KEY

QUANTITY_FIELDS = ("text", "start", "end", *FIGURE_FIELDS)
_figure_values = attrgetter(*FIGURE_FIELDS)


def quantity_record(start: int, end: int, figure, text: str) -> dict:
    return dict(zip(QUANTITY_FIELDS, (text[start:end], start, end, *_figure_values(figure))))


def to_record(doc: Doc, meta: dict) -> dict:
    record = {name: meta.get(name) for name in ARTICLE_FIELDS}
    text = doc._.body
    record["id"] = record["id"] or article_id(text)
    record.update({name: meta[name] for name in PAGE_FIELDS if name in meta})
    record["text"] = text
    record["dateline"] = doc._.dateline
    record["dateline_region"] = doc._.dateline_region
    # from the figure table: no Span or Underscore object per figure
    record["quantities"] = [quantity_record(row.start_char, row.end_char, row.figure, text)
                            for row in figure_rows(doc, SPAN_KEY)]
    record["officials"] = list(doc._.officials or [])
    record["regions"] = list(doc._.regions or [])
    record["relations"] = list(doc._.relations or [])
    published = doc._.published
    record["published_iso"] = published.isoformat() if published else None
    return record
