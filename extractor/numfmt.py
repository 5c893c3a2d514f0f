"""Figures written the way Indonesian readers write them: `Rp11,3 triliun`, `24,44%`, `1.704.308`.

For people only: terminal listings, the demo, reports. The data keeps the raw values.
"""
from __future__ import annotations

import math

SCALES = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))
CURRENCY_SIGNS = {"IDR": "Rp", "USD": "US$"}


def number(value: float | int | None, decimals: int = 2) -> str:
    """`1704308` -> `1.704.308`, `100.386` -> `100,39`; at most `decimals` decimals, none trailing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def scaled(value: float) -> str:
    """`11300000000000` -> `11,3 triliun`; below a million, the whole number."""
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{number(value / size)} {word}"
    return number(value)


def figure(value: float | None, unit: str | None, item: str | None = None) -> str:
    """A value with its unit: `Rp11,3 triliun`, `US$2,5 miliar`, `24,44%`, `3,5 pp`, `1.704.308 peserta` (counts in full)."""
    if value is None:
        return "?"
    if unit == "%":
        return f"{number(value)}%"
    if unit in ("pp", "bps", "x"):
        return f"{number(value)} {unit}"
    if unit and len(unit) == 3 and unit.isupper():  # ISO 4217
        sign = CURRENCY_SIGNS.get(unit)
        return f"{sign}{scaled(value)}" if sign else f"{unit} {scaled(value)}"
    text = number(value)  # counts and measures in full: 1.704.308 peserta
    return f"{text} {item}" if item else text


def quantity(q) -> str:
    """A figure's mapping (value or low/high, unit, item, approx) as a reader writes it:
    `Rp11,3 triliun`, `Rp1 triliun – Rp2 triliun`, `~24,44%` (hedged)."""
    value, low, high = q.get("value"), q.get("low"), q.get("high")
    if value is None and low is not None and high is not None:
        text = f"{figure(low, q.get('unit'), q.get('item'))} – {figure(high, q.get('unit'), q.get('item'))}"
    else:
        text = figure(value, q.get("unit"), q.get("item"))
    return f"~{text}" if q.get("approx") else text
