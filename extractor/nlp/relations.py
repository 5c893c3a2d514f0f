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

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..intervals import APPROX_WIDTH, Interval
from ..rules import cached, read_toml
from .lexicon import load_lexicon, phrases
from .meaning import load_role_cues
from .quantities import SPAN_KEY
from .tokens import TokenStrings

MONEY_OR_THINGS = ("count", "measure")
RATIOS = ("%", "pp", "bps", "x")
# Percentages in news are often computed from unrounded sources and rounded twice: a computed
# percentage may be this far off, relatively, before it is called inconsistent.
PERCENT_SLACK = 0.01
MAX_AHEAD = 50  # figures after one that a relation may reach

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@cached
def _words():
    data = read_toml("relations.toml")
    return {k: (phrases(v) if isinstance(v, list) else v) for k, v in data.items() if k != "examples"}


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
    year: int | None = None

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
        self.change_words = phrases(load_role_cues()["change_before"] + [w.lower() for w in self.w["comparatives"].values()])

    def __call__(self, doc: Doc) -> Doc:
        figs = []
        for i, span in enumerate(doc.spans.get(SPAN_KEY, [])):
            x = span._.figure
            figs.append(_F(i, span.start, span.end, x.sentence or 0, x.value, x.unit, x.item, x.role, x.approx,
                           float(x.rounding or 0), x.year))
        relations = []
        if len(figs) >= 2:
            lowers = TokenStrings(doc)
            relations += self._shares(figs, lowers)
            relations += self._changes(figs, lowers)
            relations += self._sums(figs, lowers)
        doc._.relations = relations
        return doc

    @staticmethod
    def _following(figs: list[_F], k: int, sentences: int):
        """The figures after figs[k] up to `sentences` sentences later (0: the same sentence)."""
        last = figs[k].sent + sentences
        for j in range(k + 1, min(len(figs), k + 1 + MAX_AHEAD)):  # bounded: linear on a list of 20,000
            if figs[j].sent > last:
                return
            yield figs[j]

    # ---- share_of --------------------------------------------------------------------------
    def _shares(self, figs: list[_F], low) -> list[dict]:
        out = []
        for k, p in enumerate(figs):
            if p.unit != "%" or not _starts(low, p.end, self.w["share_of"]):
                continue
            following = next((f for f in self._following(figs, k, 0) if f.unit not in RATIOS), None)
            if self._whole_referred_back(low, p):
                # "5%-10% dari total dana tersebut ..., nilainya Rp8-16 triliun": the whole was named before
                whole, part = self._last_of_previous_sentence(figs, k), following
                if whole is not None and part is not None:
                    out.append(dict({"type": "share_of", "part": part.i, "whole": whole.i, "percent": p.i},
                                    **share_verdict(part, whole, p)))
                continue
            whole = following if following is not None and self._close_after(low, p, following) else None
            part = self._part(figs, k, low)
            if part is None:
                continue
            if whole is None and _starts(low, p.end, self.w["share_of_total"]):
                whole = self._headline_total(figs, part)
            if whole is None or whole.i == part.i or whole.unit in RATIOS:
                continue
            if (p.role == "change" or self._is_rate(low, p)) and part.role != "change":
                # "Rp2,93 triliun, tumbuh 2,79% dari ... sebelumnya Rp2,85 triliun": a growth, not a share
                if part.same_kind(whole) and p.value is not None:
                    out.append(dict({"type": "change_of", "rate": p.i, "start": whole.i, "end": part.i},
                                    **change_verdict(whole, part, p)))
                continue
            out.append(dict({"type": "share_of", "part": part.i, "whole": whole.i, "percent": p.i},
                            **share_verdict(part, whole, p)))
        return out

    @staticmethod
    def _headline_total(figs: list[_F], part: _F) -> _F | None:
        """For "X atau 70,78% dari total" with no whole after it: the article's first figure of the
        part's unit, when it is of the same year, stated earlier and larger."""
        first = next((f for f in figs if f.unit == part.unit), None)
        if first is None or first.i >= part.i or first.year != part.year or (first.value or 0) <= (part.value or 0):
            return None
        return first

    def _is_average(self, low, r: _F) -> bool:
        """"rata-rata 2,2 persen per tahun": a yearly average, not the change between two ends."""
        return any(_ends(low, r.start - skip, self.w["average_words"]) for skip in (0, 1, 2)) or \
            _starts(low, r.end, self.w["average_words"])

    def _is_rate(self, low, p: _F) -> bool:
        """A signed percentage, or one right after a change word ("bergerak -0,89%", "naik 5%")."""
        if p.value is not None and p.value < 0:
            return True
        return any(_ends(low, p.start - skip, self.change_words) for skip in (0, 1, 2, 3))

    def _close_after(self, low, p: _F, whole: _F) -> bool:
        """The whole follows the percentage closely, in the same clause: "24,44% dari target APBN 2025
        sebesar 7,68 triliun", not "(22,13% dari target) ..., serta bea keluar Rp193,35 M"."""
        if whole.start - p.end > int(self.w["share_whole_within"]):
            return False
        if _ends(low, whole.start, self.w["restatement"]):
            return False  # "1% dari laba bersih atau senilai US$1,22 juta": the part itself
        depth = 0
        for t in range(p.end, whole.start):
            word = low[t]
            if word in (",", ";") or (t > p.end and (word,) in self.w["share_of"]):
                return False  # a clause or a second "dari" stands between
            depth += (word == "(") - (word == ")")
            if depth < 0:
                return False  # "(22,13% dari target) ...": the bracket around the percentage closes
        return True

    def _whole_referred_back(self, low, p: _F) -> bool:
        """`X% dari total dana tersebut`: the whole is a figure named before, not after."""
        words = [low[t] for t in range(p.end, p.end + 6)]
        return _starts(low, p.end, self.w["share_of_total"]) and any((w,) in self.w["back_reference"] for w in words)

    @staticmethod
    def _last_of_previous_sentence(figs: list[_F], k: int) -> _F | None:
        """The last amount (not a ratio) named in the two sentences before figs[k]'s."""
        for j in range(k - 1, -1, -1):
            f = figs[j]
            if f.sent < figs[k].sent - 2:
                return None
            if f.sent < figs[k].sent and f.unit not in RATIOS:
                return f
        return None

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
        start = max(0, p.start - 6)
        clause = [low[t] for t in range(start, p.start)]
        time_words = load_lexicon().time_words
        if any((w,) in self.w["back_reference"] and (j == 0 or clause[j - 1] not in time_words)
               for j, w in enumerate(clause)):
            return self._first_of_previous_sentence(figs, k)  # "Capaian ini setara 102,08 persen"
        return None

    @staticmethod
    def _first_of_previous_sentence(figs: list[_F], k: int) -> _F | None:
        """The first amount (not a ratio) of the sentence before figs[k]'s: its subject."""
        found = None
        for j in range(k - 1, -1, -1):
            f = figs[j]
            if f.sent < figs[k].sent - 1:
                break
            if f.sent == figs[k].sent - 1 and f.unit not in RATIOS:
                found = f
        return found

    # ---- change_of -------------------------------------------------------------------------
    def _changes(self, figs: list[_F], low) -> list[dict]:
        """"naik 11,9 persen, dari A menjadi B": each pair of ends goes with its nearest rate."""
        out = []
        taken: set[tuple[int, int]] = set()
        for k, r in enumerate(figs):
            if r.unit != "%" or r.role != "change" or r.value is None or self._is_average(low, r):
                continue
            same = [f for f in figs[max(0, k - 3) : k + 4]
                    if f.sent == r.sent and f.unit not in RATIOS and f.value is not None and f.role != "change"]
            start = next((f for f in same if _ends(low, f.start, self.w["change_from"])), None)
            end = next((f for f in same if _ends(low, f.start, self.w["change_to"]) and (start is None or f.i != start.i)), None)
            if start is None or end is None or not start.same_kind(end) or (start.i, end.i) in taken:
                continue
            if min(abs(start.start - r.end), abs(r.start - end.end), abs(end.start - r.end), abs(r.start - start.end)) > 8:
                continue  # the rate must stand by its ends
            rates = [f for f in figs[max(0, k - 3) : k + 4]
                     if f.unit == "%" and f.role == "change" and f.value is not None and f.sent == r.sent]
            nearest = min(rates, key=lambda f: min(abs(f.i - start.i), abs(f.i - end.i)))
            if nearest.i != r.i:
                continue
            taken.add((start.i, end.i))
            out.append(dict({"type": "change_of", "rate": r.i, "start": start.i, "end": end.i}, **change_verdict(start, end, r)))
        return out

    # ---- sum_of ----------------------------------------------------------------------------
    def _listed(self, low, total: _F, first_part: _F) -> bool:
        """Words after a total, up to just past its first part, that announce a breakdown
        ("terdiri atas 4.613 ...", "4.613 orang di antaranya ...")."""
        return any(_starts(low, t, self.w["sum_listing"]) for t in range(total.end, min(first_part.end + 4, total.end + 25)))

    def _sums(self, figs: list[_F], low) -> list[dict]:
        out = []
        tolerance = float(self.w["sum_tolerance"])
        used: set[int] = set()
        for t in figs:
            if t.unit in RATIOS or t.value is None or t.approx or t.value <= 0 or t.i in used:
                continue
            pool = [f for f in self._following(figs, t.i, self.w["sum_window_sentences"])
                    if f.same_kind(t) and f.role == t.role and f.value is not None and not f.approx and 0 < f.value < t.value
                    and low[f.end] != "per"]  # "Rp9 per lembar" is a price, not a part
            found = _run_summing_to(pool, t.value, tolerance, int(self.w["sum_max_parts"]))
            if found and not self._listed(low, t, found[0]):
                # without words that list the parts, only a near-exact sum is taken as one
                total = sum(f.value for f in found)
                if abs(total - t.value) > float(self.w["sum_tolerance_unlisted"]) * t.value + sum(f.rounding for f in found) + t.rounding:
                    found = None
            if found:
                used.update(f.i for f in found)
                out.append(dict({"type": "sum_of", "whole": t.i, "parts": [f.i for f in found]}, **sum_verdict(t, found)))
        return out


def _run_summing_to(pool: list[_F], total: float, tolerance: float, max_parts: int) -> list[_F] | None:
    """The run of 2+ figures at the head of `pool` (the total's parts follow it) whose sum is
    within `tolerance` of the total."""
    for a in range(min(1, len(pool))):
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


def _slack(i: Interval) -> Interval:
    width = PERCENT_SLACK * max(abs(i.low), abs(i.high))
    return Interval(i.low - width, i.high + width)


def _stated_ratio(f: _F) -> Interval | None:
    """A stated percentage may be rounded or cut: 64,925% is written 64,93 or 64,92."""
    i = f.interval()
    return None if i is None else Interval(i.low, i.high + 2 * f.rounding if not f.approx else i.high)


def share_verdict(part: _F, whole: _F, percent: _F) -> dict:
    p, w, s = part.interval(), whole.interval(), _stated_ratio(percent)
    if part.unit != whole.unit or p is None or w is None or w.low <= 0:
        return _verdict(None, None, None, None)
    computed = _slack(Interval(100 * p.low / w.high, 100 * p.high / w.low))
    return _verdict(s, computed, 100 * part.value / whole.value, percent.value)


def change_verdict(start: _F, end: _F, rate: _F) -> dict:
    a, b, r = start.interval(), end.interval(), _stated_ratio(rate)
    if a is None or b is None or a.low <= 0:
        return _verdict(None, None, None, None)
    growth = [100 * (b.low / a.high - 1), 100 * (b.high / a.low - 1)]
    if r.mid >= 0 and end.value < start.value:
        growth = [-g for g in growth]  # "turun 5%" is written as +5
    computed = _slack(Interval(min(growth), max(growth)))
    point = 100 * (end.value / start.value - 1)
    return _verdict(r, computed, abs(point) if r.mid >= 0 else point, rate.value)


def sum_verdict(total: _F, parts: list[_F]) -> dict:
    intervals = [p.interval() for p in parts]
    computed = Interval(sum(i.low for i in intervals), sum(i.high for i in intervals))
    return _verdict(total.interval(), computed, sum(p.value for p in parts), total.value)


def _head(item: str | None) -> str:
    """The counted thing's head noun: `orang` for `orang jakon`."""
    return (item or "").split(" ")[0].lower()


def _starts(low, i: int, table) -> bool:
    """Whether a phrase of `table` (lower-case token tuples) starts at token i."""
    return any(tuple(low[i + k] for k in range(size)) in table for size in range(1, table.longest + 1))


def _ends(low, i: int, table) -> bool:
    """Whether a phrase of `table` ends right before token i, or one token earlier."""
    for skip in (0, 1):
        end = i - skip
        if any(tuple(low[end - size + k] for k in range(size)) in table for size in range(1, table.longest + 1)):
            return True
    return False
