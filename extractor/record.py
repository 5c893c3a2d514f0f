"""Turn a processed Doc into the extraction record of ../shared/eval/SPEC.md."""
from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from .quantities import SPAN_KEY

ARTICLE_FIELDS = ("id", "url", "title", "published")


def article_id(text: str) -> str:
    """A stable id for a text that came without one."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def quantity_record(span) -> dict:
    return {
        "text": span.text,
        "start": span.start_char,
        "end": span.end_char,
        "value": span._.value,
        "low": span._.low,
        "high": span._.high,
        "unit": span._.unit,
        "item": span._.item,
        "approx": span._.approx,
        "role": span._.role,
        "year": span._.year,
    }


def to_record(doc: Doc, meta: dict) -> dict:
    record = {name: meta.get(name) for name in ARTICLE_FIELDS}
    record["id"] = record["id"] or article_id(doc.text)
    record["text"] = doc.text
    record["dateline"] = None
    record["quantities"] = [quantity_record(s) for s in doc.spans.get(SPAN_KEY, [])]
    record["officials"] = []
    record["regions"] = []
    record["relations"] = []
    return record
