"""`figure_relations`: stated relations between figures, and whether they add up.

- share_of: a part, a whole and the percentage between them ("Rp1,88 triliun atau 24,44% dari
  target ... 7,68 triliun");
- sum_of: a total and components stated after it that add up to it (to within `sum_tolerance`,
  so that near misses are caught and flagged);
- change_of: a rate of change with both ends ("naik 11,9 persen, dari A menjadi B").

Each relation carries a verdict from rounding-aware interval arithmetic: every written figure
stands for an interval (`1,88` is [1.875, 1.885)), and a relation is consistent when the
intervals of its two sides overlap. Words come from `patterns/relations.toml`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import _phrases, read_toml
from .quantities import SPAN_KEY

MONEY_OR_THINGS = ("count", "measure")
RATIOS = ("%", "pp", "bps", "x")
APPROX_WIDTH = 0.025  # a hedged figure ("sekitar 20%") may be this far off, relatively

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def overlaps(self, other: "Interval") -> bool:
        return self.low <= other.high and other.low <= self.high


@functools.lru_cache(maxsize=1)
def _words():
    data = read_toml("relations.toml")
    return {k: (_phrases(v) if isinstance(v, list) else v) for k, v in data.items() if k != "examples"}


@dataclass
class _F:
    """A figure as the relation rules see it."""

    i: int
    start: int
    end: int
    sent: int
    value: float | None
    unit: str
    item: str | None
    role: str
    approx: bool
    rounding: float

    def interval(self) -> Interval | None:
        if self.value is None:
            return None
        width = max(self.rounding, abs(self.value) * APPROX_WIDTH if self.approx else 0.0)
        return Interval(self.value - width, self.value + width)

    def same_kind(self, other: "_F") -> bool:
        if self.unit in MONEY_OR_THINGS:
            return self.unit == other.unit and _head(self.item) == _head(other.item)
        return self.unit == other.unit


@Language.factory("figure_relations")
def make_figure_relations(nlp: Language, name: str):
    return FigureRelations()


class FigureRelations:
    def __init__(self) -> None:
        self.w = _words()

    def __call__(self, doc: Doc) -> Doc:
        figs = []
        for i, span in enumerate(doc.spans.get(SPAN_KEY, [])):
            x = span._.figure
            figs.append(_F(i, span.start, span.end, x.sentence or 0, x.value, x.unit, x.item, x.role, x.approx,
                           float(x.rounding or 0)))
        relations = []
        if len(figs) >= 2:
            lowers = _LazyLower(doc)
            relations += self._shares(figs, lowers)
            relations += self._changes(figs, lowers)
            relations += self._sums(figs)
        doc._.relations = relations
        return doc

    @staticmethod
    def _following(figs: list[_F], k: int, sentences: int):
        """The figures after figs[k] up to `sentences` sentences later (0: the same sentence)."""
        last = figs[k].sent + sentences
        for j in range(k + 1, len(figs)):
            if figs[j].sent > last:
                return
            yield figs[j]

    # ---- share_of --------------------------------------------------------------------------
    def _shares(self, figs: list[_F], low) -> list[dict]:
        out = []
        for k, p in enumerate(figs):
            if p.unit != "%" or p.value is None or not _starts(low, p.end, self.w["share_of"]):
                continue
            whole = next((f for f in self._following(figs, k, 0) if f.unit not in RATIOS), None)
            part = self._part(figs, k, low)
            if part is None:
                continue
            if whole is None and _starts(low, p.end, self.w["share_of_total"]):
                whole = next((f for f in figs if f.i != part.i and f.unit == part.unit and (f.value or 0) > (part.value or 0)), None)
            if whole is None or whole.i == part.i or whole.unit in RATIOS:
                continue
            out.append(dict({"type": "share_of", "part": part.i, "whole": whole.i, "percent": p.i},
                            **share_verdict(part, whole, p)))
        return out

    def _part(self, figs: list[_F], k: int, low) -> _F | None:
        p = figs[k]
        prev = figs[k - 1] if k else None
        if prev is not None and prev.sent == p.sent and prev.unit not in RATIOS:
            between = [low[t] for t in range(prev.end, p.start)]
            rest = [w for w in between if (w,) not in self.w["share_joiners"] and w not in (prev.item or "").lower().split()]
            if len(rest) <= 3 and any((w,) in self.w["share_joiners"] for w in between):
                return prev
            return None
        # "Capaian ini setara 102,08 persen": the last figure of the previous sentence
        clause = [low[t] for t in range(max(0, p.start - 6), p.start)]
        if any((w,) in self.w["back_reference"] for w in clause):
            for f in (figs[j] for j in range(k - 1, -1, -1)):
                if f.sent < p.sent - 1:
                    break
                if f.sent == p.sent - 1 and f.unit not in RATIOS:
                    return f
        return None

    # ---- change_of -------------------------------------------------------------------------
    def _changes(self, figs: list[_F], low) -> list[dict]:
        out = []
        for k, r in enumerate(figs):
            if r.unit != "%" or r.role != "change" or r.value is None:
                continue
            same = [f for f in figs[max(0, k - 3) : k + 4] if f.sent == r.sent and f.unit not in RATIOS and f.value is not None]
            start = next((f for f in same if _ends(low, f.start, self.w["change_from"])), None)
            end = next((f for f in same if _ends(low, f.start, self.w["change_to"]) and (start is None or f.i != start.i)), None)
            if start is None or end is None or not start.same_kind(end) or abs(end.i - r.i) > 3 or abs(start.i - r.i) > 3:
                continue
            out.append(dict({"type": "change_of", "rate": r.i, "start": start.i, "end": end.i}, **change_verdict(start, end, r)))
        return out

    # ---- sum_of ----------------------------------------------------------------------------
    def _sums(self, figs: list[_F]) -> list[dict]:
        out = []
        tolerance = float(self.w["sum_tolerance"])
        used: set[int] = set()
        for t in figs:
            if t.unit in RATIOS or t.value is None or t.approx or t.value <= 0 or t.i in used:
                continue
            pool = [f for f in self._following(figs, t.i, self.w["sum_window_sentences"])
                    if f.same_kind(t) and f.role == t.role and f.value is not None and not f.approx and 0 < f.value < t.value]
            found = _run_summing_to(pool, t.value, tolerance, int(self.w["sum_max_parts"]))
            if found:
                used.update(f.i for f in found)
                out.append(dict({"type": "sum_of", "whole": t.i, "parts": [f.i for f in found]}, **sum_verdict(t, found)))
        return out


def _run_summing_to(pool: list[_F], total: float, tolerance: float, max_parts: int) -> list[_F] | None:
    """The first run of 2+ consecutive figures in `pool` whose sum is within `tolerance` of total."""
    for a in range(len(pool)):
        acc = 0.0
        for b in range(a, min(len(pool), a + max_parts)):
            acc += pool[b].value
            if b > a and abs(acc - total) <= tolerance * total:
                return pool[a : b + 1]
            if acc > total * (1 + tolerance):
                break
    return None


# ---- verdicts ------------------------------------------------------------------------------
def _verdict(stated: Interval | None, computed: Interval | None, point: float | None, stated_value) -> dict:
    if stated is None or computed is None or point is None:
        return {"verdict": "unverifiable", "computed": None, "difference": None}
    verdict = "consistent" if stated.overlaps(computed) else "inconsistent"
    return {"verdict": verdict, "computed": round(point, 6), "difference": round(point - stated_value, 6)}


def share_verdict(part: _F, whole: _F, percent: _F) -> dict:
    p, w, s = part.interval(), whole.interval(), percent.interval()
    if part.unit != whole.unit or p is None or w is None or w.low <= 0:
        return _verdict(None, None, None, None)
    computed = Interval(100 * p.low / w.high, 100 * p.high / w.low)
    return _verdict(s, computed, 100 * part.value / whole.value, percent.value)


def change_verdict(start: _F, end: _F, rate: _F) -> dict:
    a, b, r = start.interval(), end.interval(), rate.interval()
    if a is None or b is None or a.low <= 0:
        return _verdict(None, None, None, None)
    growth = [100 * (b.low / a.high - 1), 100 * (b.high / a.low - 1)]
    if r.mid >= 0 and end.value < start.value:
        growth = [-g for g in growth]  # "turun 5%" is written as +5
    computed = Interval(min(growth), max(growth))
    point = 100 * (end.value / start.value - 1)
    return _verdict(r, computed, abs(point) if r.mid >= 0 else point, rate.value)


def sum_verdict(total: _F, parts: list[_F]) -> dict:
    intervals = [p.interval() for p in parts]
    computed = Interval(sum(i.low for i in intervals), sum(i.high for i in intervals))
    return _verdict(total.interval(), computed, sum(p.value for p in parts), total.value)


def _head(item: str | None) -> str:
    """The counted thing's head noun: `orang` for `orang jakon`."""
    return (item or "").split(" ")[0].lower()


class _LazyLower:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.n = len(doc)

    def __getitem__(self, i: int) -> str:
        return self.doc[i].lower_ if 0 <= i < self.n else ""


def _starts(low, i: int, table) -> bool:
    return any(tuple(low[i + k] for k in range(len(p))) == p for p in table)


def _ends(low, i: int, table) -> bool:
    """Whether a phrase of `table` ends right before token i (hedges like `sebesar` skipped)."""
    for skip in (0, 1):
        if any(tuple(low[i - skip - len(p) + k] for k in range(len(p))) == p for p in table):
            return True
    return False
