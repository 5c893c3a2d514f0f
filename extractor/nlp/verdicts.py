"""Verdicts on stated relations: does the arithmetic hold, by how much not, and what would agree.

Every written figure stands for the interval of values it rounds (`1,88` is [1,875; 1,885]);
integers written in full (`1.704.308 orang`, `Rp1.482.000`) are exact; hedged figures (`sekitar`)
get `HEDGE` relative (not doubled for `immaterial`: a hedge is no rounding). A relation is
- `consistent` when the intervals of its two sides meet;
- `immaterial` when they meet once every rounding is doubled, or the gap is under 0.1% of the
  stated figure (rounding of the article's own wording explains it);
- `inconsistent` otherwise (what a fact-checker acts on);
- `unverifiable` when a member has no value (a range end, a zero whole).

Each verdict says the gap with its unit, what the stated figures would need to be to agree, and
a likely digit slip when changing one digit (or swapping two) of one figure makes it agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..intervals import APPROX_WIDTH, Interval
from ..numfmt import figure as fmt
from ..numfmt import number
from .numbers import parse_numeral

HEDGE = APPROX_WIDTH  # a hedged figure ("sekitar") may be this far off, relatively
IMMATERIAL = 0.001    # a gap under 0.1% of the stated figure
EXACT_MONEY = 100_000  # money written in full from here up is exact
RATIOS = ("%", "pp", "bps", "x")
_NUMERAL = re.compile(r"\d[\d.,]*\d|\d")


@dataclass
class Member:
    """What a verdict needs of a figure."""

    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    item: str | None
    approx: bool
    rounding: float

    @property
    def point(self) -> float | None:
        if self.value is not None:
            return float(self.value)
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return None

    @property
    def exact(self) -> bool:
        """A count written in full (`1.704.308 orang`), or money in full from 100.000 up
        (`Rp1.482.000`); a smaller sum of money (`Rp1.699` per kWh) may be rounded from decimals."""
        if self.approx or self.rounding != 0.5 or self.low is not None or self.value is None:
            return False
        return self.unit == "count" or (self.unit not in RATIOS and self.unit != "measure" and abs(self.value) >= EXACT_MONEY)

    def interval(self, widen: float = 1.0) -> Interval | None:
        if self.value is None:
            if self.low is None or self.high is None:
                return None
            return Interval(self.low, self.high)
        width = 0.0 if self.exact else self.rounding * widen
        if self.approx:
            width = max(width, abs(self.value) * HEDGE)
        return Interval(self.value - width, self.value + width)

    def stated_ratio(self, widen: float = 1.0) -> Interval | None:
        """A stated percentage may be rounded or cut: 64,925% is written 64,93 or 64,92."""
        i = self.interval(widen)
        if i is None:
            return None
        return i if self.approx else Interval(i.low, i.high + 2 * self.rounding * widen)


# ---- the arithmetic of each type: (stated, computed, point computed, point stated) -----------
def _share(m: dict, widen: float):
    part, whole, pct = m["part"], m["whole"], m["percent"]
    p, w, s = part.interval(widen), whole.interval(widen), pct.stated_ratio(widen)
    if p is None or w is None or s is None or w.low <= 0 or part.unit != whole.unit:
        return None
    return s, Interval(100 * p.low / w.high, 100 * p.high / w.low), 100 * part.point / whole.point, pct.point


def _sum(m: dict, widen: float):
    whole, parts = m["whole"], m["parts"]
    intervals = [p.interval(widen) for p in parts]
    total = whole.interval(widen)
    if total is None or any(i is None for i in intervals):
        return None
    return total, Interval(sum(i.low for i in intervals), sum(i.high for i in intervals)), \
        sum(p.point for p in parts), whole.point


def rate_kind(m: dict) -> str:
    """`amount` for points, money or counts; for a percentage between two percentages, the reading
    (relative or points) that comes closer; else `percent`."""
    rate, start, end = m["rate"], m["start"], m["end"]
    if rate.unit in ("pp", "bps") or rate.unit not in RATIOS:
        return "amount"
    if start.unit == "%" and end.unit == "%" and start.point and rate.point is not None:
        relative = abs(100 * (end.point / start.point - 1))
        points = abs(end.point - start.point)
        return "amount" if abs(points - abs(rate.point)) < abs(relative - abs(rate.point)) else "percent"
    return "percent"


def _change(m: dict, widen: float):
    rate, start, end = m["rate"], m["start"], m["end"]
    a, b, r = start.interval(widen), end.interval(widen), rate.stated_ratio(widen) if rate.unit in RATIOS else rate.interval(widen)
    if a is None or b is None or r is None or rate.point is None:
        return None
    scale = 0.01 if rate.unit == "bps" else 1.0
    r = Interval(r.low * scale, r.high * scale)
    stated = rate.point * scale
    if rate_kind(m) == "amount":
        low, high, point = b.low - a.high, b.high - a.low, end.point - start.point
    else:
        if a.low <= 0:
            return None
        low, high, point = 100 * (b.low / a.high - 1), 100 * (b.high / a.low - 1), 100 * (end.point / start.point - 1)
    if stated >= 0 and end.point < start.point:  # "turun 5%" is written as +5
        low, high, point = -high, -low, -point
    return r, Interval(low, high), point, stated


ARITHMETIC = {"share_of": _share, "sum_of": _sum, "change_of": _change}


def judge(kind: str, members: dict) -> tuple[str, float | None, float | None]:
    """(verdict, computed, stated) for the members of a relation."""
    check = ARITHMETIC[kind]
    first = check(members, 1.0)
    if first is None:
        return "unverifiable", None, None
    _, _, point, said = first
    if _agrees(first):
        return "consistent", point, said
    exact = all(m.exact for m in _flat(members))
    twice = check(members, 2.0)
    if (twice is not None and twice[0].overlaps(twice[1]) and not exact) or \
            (not exact and abs(point - said) <= IMMATERIAL * abs(said)):
        return "immaterial", point, said
    return "inconsistent", point, said


def _agrees(first) -> bool:
    """Whether a relation's first check (its arithmetic at the stated rounding) finds the stated
    and the computed figure within each other's rounding: `judge`'s "consistent"."""
    return first is not None and first[0].overlaps(first[1])


def _flat(members: dict) -> list[Member]:
    out = []
    for m in members.values():
        out += m if isinstance(m, list) else [m]
    return out


# ---- what a reader sees -----------------------------------------------------------------------
def _gap_unit(kind: str, members: dict) -> tuple[str | None, str | None]:
    if kind == "share_of":
        return "pp", None
    if kind == "sum_of":
        return members["whole"].unit, members["whole"].item
    rate = members["rate"]
    if rate_kind(members) == "percent" or rate.unit in ("pp", "bps", "%"):
        return "pp", None
    return rate.unit, rate.item


def _expected(kind: str, m: dict) -> list[str]:
    """What the stated figures would need to be to agree, one way per member that could be wrong."""
    if kind == "share_of":
        part, whole, pct = m["part"], m["whole"], m["percent"]
        return [f"{pct.text} dari {whole.text} = {fmt(pct.point / 100 * whole.point, whole.unit, whole.item)}",
                f"{part.text} / {whole.text} = {number(100 * part.point / whole.point)}%"]
    if kind == "sum_of":
        whole = m["whole"]
        return [f"{' + '.join(p.text for p in m['parts'])} = {fmt(sum(p.point for p in m['parts']), whole.unit, whole.item)}"]
    rate, start, end = m["rate"], m["start"], m["end"]
    up = end.point >= start.point
    sign = "+" if up else "−"
    if rate_kind(m) == "amount":
        size = abs(rate.point) * (0.01 if rate.unit == "bps" else 1)
        unit = "pp" if rate.unit in ("%", "pp", "bps") else rate.unit
        return [f"{start.text} {sign} {rate.text} = {fmt(start.point + (size if up else -size), start.unit, start.item)}",
                f"{end.text} − {start.text} = {fmt(end.point - start.point, unit, rate.item)}"]
    factor = 1 + (abs(rate.point) if up else -abs(rate.point)) / 100
    return [f"{start.text} {sign} {rate.text} = {fmt(start.point * factor, start.unit, start.item)}",
            f"({end.text} − {start.text}) / {start.text} = {number(100 * (end.point / start.point - 1))}%"]


def _variants(text: str):
    """Each way to change one digit of the figure's numeral, or swap two neighbouring digits."""
    m = _NUMERAL.search(text)
    if not m:
        return
    numeral = m.group()
    digits = [k for k, c in enumerate(numeral) if c.isdigit()]
    for k in digits:
        for d in "0123456789":
            if d != numeral[k] and not (k == digits[0] and d == "0" and len(digits) > 1 and numeral[k + 1:k + 2].isdigit()):
                yield numeral, numeral[:k] + d + numeral[k + 1:], m.start()
    for a, b in zip(digits, digits[1:]):
        if numeral[a] != numeral[b]:
            yield numeral, numeral[:a] + numeral[b] + numeral[a + 1:b] + numeral[a] + numeral[b + 1:], m.start()


def digit_slips(kind: str, members: dict, limit: int = 3) -> list[str]:
    """`46,68% → 24,68%`: one-digit changes of one stated figure that make the relation agree."""
    found = []
    check = ARITHMETIC[kind]
    for role, member in members.items():
        group = member if isinstance(member, list) else [member]
        for n, fig in enumerate(group):
            if fig.value is None:
                continue
            base = None
            for old, new, at in _variants(fig.text):
                if base is None:
                    base = parse_numeral(old)  # (every variant changes the same numeral `old`)
                slipped = parse_numeral(new)  # the same separators: the same reading
                if not base or slipped is None:
                    continue
                changed = replace(fig, value=fig.value * float(slipped / base))
                trial = dict(members)
                trial[role] = group[:n] + [changed] + group[n + 1:] if isinstance(member, list) else changed
                if _agrees(check(trial, 1.0)):  # judge's "consistent", without a miss's further checks
                    found.append(f"{fig.text} → {fig.text[:at]}{new}{fig.text[at + len(old):]}")
                    if len(found) > limit:
                        return found
    return found


def _sentence(kind: str, verdict: str, m: dict, computed: float | None, gap_text: str) -> str:
    """One plain sentence per verdict."""
    if verdict == "unverifiable":
        return "A member has no single value, so the arithmetic cannot be checked."
    if kind == "share_of":
        said = f"{m['part'].text} is {number(computed)}% of {m['whole'].text}; the article says {m['percent'].text}"
    elif kind == "sum_of":
        said = (f"The {len(m['parts'])} parts add up to {fmt(computed, m['whole'].unit, m['whole'].item)}; "
                f"the article gives the total as {m['whole'].text}")
    else:
        move = "up" if m["end"].point >= m["start"].point else "down"
        unit = "%" if rate_kind(m) == "percent" else (" pp" if m["rate"].unit in RATIOS else "")
        size = fmt(abs(computed), m["rate"].unit, m["rate"].item) if unit == "" else f"{number(abs(computed))}{unit}"
        said = f"From {m['start'].text} to {m['end'].text} is {move} {size}; the article says {m['rate'].text}"
    tail = {"consistent": "this adds up.",
            "immaterial": f"off by {gap_text}, which the rounding of the figures explains.",
            "inconsistent": f"off by {gap_text}, more than rounding explains."}[verdict]
    return f"{said}: {tail}"


def verdict(kind: str, members: dict) -> dict:
    """The verdict fields of a relation record."""
    result, computed, said = judge(kind, members)
    out = {"verdict": result, "computed": None, "difference": None, "gap": None, "expected": [], "slips": [],
           "explanation": _sentence(kind, result, members, computed, "")}
    if kind == "change_of":
        out["rate_kind"] = rate_kind(members)
        s, e = members["start"].point, members["end"].point
        out["direction"] = None if s is None or e is None else ("up" if e > s or (e == s and (members["rate"].point or 0) >= 0) else "down")
    if result == "unverifiable":
        return out
    difference = computed - said
    unit, item = _gap_unit(kind, members)
    gap = fmt(abs(difference), unit, item)
    out.update(computed=round(computed, 6), difference=round(difference, 6), gap=gap,
               explanation=_sentence(kind, result, members, computed, gap))
    if result != "consistent":
        out["expected"] = _expected(kind, members)
    if result == "inconsistent":
        slips = digit_slips(kind, members)
        out["slips"] = slips if len(slips) <= 2 else []
    return out


def share_verdict(part: Member, whole: Member, percent: Member) -> dict:
    return verdict("share_of", {"part": part, "whole": whole, "percent": percent})


def change_verdict(start: Member, end: Member, rate: Member) -> dict:
    return verdict("change_of", {"rate": rate, "start": start, "end": end})


def sum_verdict(whole: Member, parts: list[Member]) -> dict:
    return verdict("sum_of", {"whole": whole, "parts": list(parts)})
