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
_N_FIELDS = len(FIGURE_FIELDS)


def quantity_record(start: int, end: int, figure, text: str) -> dict:
    values = figure.__dict__
    # A Figure's __dict__ holds its fields in declaration order (its __init__ sets them so, and the
    # components only reassign them): unpacking it gives the plain way's dict at 0.4x the cost.
    if len(values) == _N_FIELDS:
        return {"text": text[start:end], "start": start, "end": end, **values}
    return _quantity_record_plain(start, end, figure, text)


def _quantity_record_plain(start: int, end: int, figure, text: str) -> dict:
    return dict(zip(QUANTITY_FIELDS, (text[start:end], start, end, *_figure_values(figure))))


def to_record(doc: Doc, meta: dict) -> dict:
    u = doc._  # one Underscore object for all the reads
    record = {name: meta.get(name) for name in ARTICLE_FIELDS}
    text = u.body
    record["id"] = record["id"] or article_id(text)
    record.update({name: meta[name] for name in PAGE_FIELDS if name in meta})
    record["text"] = text
    record["dateline"] = u.dateline
    record["dateline_region"] = u.dateline_region
    # from the figure table: no Span or Underscore object per figure
    record["quantities"] = [quantity_record(start_char, end_char, figure, text)
                            for _, _, start_char, end_char, figure in figure_rows(doc, SPAN_KEY)]
    record["officials"] = list(u.officials or [])
    record["regions"] = list(u.regions or [])
    record["relations"] = list(u.relations or [])
    published = u.published
    record["published_iso"] = published.isoformat() if published else None
    return record
