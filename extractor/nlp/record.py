"""Turn a processed Doc into the extraction record of ../shared/eval/SPEC.md."""
from __future__ import annotations

from spacy.tokens import Doc

from ..article import ARTICLE_FIELDS, PAGE_FIELDS, article_id
from . import body  # noqa: F401  (registers doc._.body)
from .figure import FIGURE_FIELDS
from .quantities import SPAN_KEY


def quantity_record(span, text: str) -> dict:
    figure = span._.figure
    return {"text": text[span.start_char : span.end_char], "start": span.start_char, "end": span.end_char,
            **{name: getattr(figure, name) for name in FIGURE_FIELDS}}


def to_record(doc: Doc, meta: dict) -> dict:
    record = {name: meta.get(name) for name in ARTICLE_FIELDS}
    text = doc._.body
    record["id"] = record["id"] or article_id(text)
    record.update({name: meta[name] for name in PAGE_FIELDS if name in meta})
    record["text"] = text
    record["dateline"] = doc._.dateline
    record["dateline_region"] = doc._.dateline_region
    record["quantities"] = [quantity_record(s, text) for s in doc.spans.get(SPAN_KEY, [])]
    record["officials"] = list(doc._.officials or [])
    record["regions"] = list(doc._.regions or [])
    record["relations"] = list(doc._.relations or [])
    published = doc._.published
    record["published_iso"] = published.isoformat() if published else None
    return record
