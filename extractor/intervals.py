"""Rounding-aware arithmetic: every written figure stands for an interval of the values it rounds.

`1,88` stands for [1.875, 1.885); two statements agree when their intervals overlap. The checker
(`nlp/relations.py`) and the cross-source comparison (`dataset/compare.py`) both read figures so.
"""
from __future__ import annotations

from dataclasses import dataclass

APPROX_WIDTH = 0.025  # a hedged figure ("sekitar 20%") may be this far off, relatively


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def overlaps(self, other: "Interval") -> bool:
        return self.low <= other.high and other.low <= self.high
