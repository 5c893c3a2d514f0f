"""One figure's values (`span._.figure`), the per-field span extensions, and how they and the
publication time travel in msgpack, so `DocBin(store_user_data=True)` round-trips a processed doc.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import srsly.msgpack
from spacy.tokens import Span


@dataclass
class Figure:
    """Everything the pipeline knows of one figure, stored once per span as `span._.figure`.

    Each field is also its own extension (`span._.value`, `span._.role`...) reading and writing
    this object; the components use the object itself, since every `Span._` access costs about a
    microsecond and a figure has fourteen fields.
    """

    value: int | float | None = None
    low: int | float | None = None
    high: int | float | None = None
    unit: str | None = None
    item: str | None = None
    approx: bool = False
    rounding: int | float | None = None
    role: str = "actual"
    year: int | None = None
    metric: str | None = None
    sentence: int | None = None
    region: str | None = None
    speaker: str | None = None


FIGURE_FIELDS = tuple(Figure.__dataclass_fields__)


def _field_getter(name: str):
    def get(span: Span):
        figure = span._.figure
        return getattr(figure, name) if figure is not None else getattr(Figure, name, None)
    return get


def _field_setter(name: str):
    def set_(span: Span, value) -> None:
        figure = span._.figure
        if figure is None:
            figure = span._.figure = Figure()
        setattr(figure, name, value)
    return set_


if not Span.has_extension("figure"):
    Span.set_extension("figure", default=None)
for _name in FIGURE_FIELDS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_field_getter(_name), setter=_field_setter(_name))


_FIGURE, _DATETIME = "__indonews_figure__", "__indonews_datetime__"


def _encode(obj, chain=None):
    if isinstance(obj, Figure):
        return {_FIGURE: asdict(obj)}
    if isinstance(obj, datetime):
        return {_DATETIME: obj.isoformat()}
    return obj if chain is None else chain(obj)


def _decode(obj, chain=None):
    if isinstance(obj, dict) and len(obj) == 1:
        if _FIGURE in obj:
            return Figure(**obj[_FIGURE])
        if _DATETIME in obj:
            return datetime.fromisoformat(obj[_DATETIME])
    return obj if chain is None else chain(obj)


def item_head(item: str | None) -> str:
    """The counted thing's head noun: `orang` for `orang jakon`."""
    return (item or "").split(" ")[0].lower()


srsly.msgpack.msgpack_encoders.register("indonews", func=_encode)
srsly.msgpack.msgpack_decoders.register("indonews", func=_decode)
