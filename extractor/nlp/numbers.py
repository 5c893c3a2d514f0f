"""Reading numerals the way Indonesian news writes them.

Indonesian uses `.` for thousands and `,` for decimals (`1.704.308`, `6,9`); some outlets and
wire copy use the English style (`1,704,308`, `6.9`). A whole text is read in one style,
decided from the numerals that can only be one or the other.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .lexicon import Lexicon

NUMERAL = re.compile(r"^[-−+]?\d+(?:[.,]\d+)*$")
# The numerals with a separator (`\d[\d.,]*\d` matches holding a `.` or `,`): "2025" and "10" tell no
# style, and skipping them in the pattern spares a Python step for each. `(?<!\d\d)` starts only at a
# digit run's first digit (where every `\d[\d.,]*\d` match starts), so `\d*` is never retried inside
# a long run (linear); it comes after the first `\d` so that `re` still skips ahead to the digits.
NUMERALS = re.compile(r"\d(?<!\d\d)\d*[.,][\d.,]*\d")
# The same for an ASCII text, where `\d` can only match 0-9: re.ASCII's digit test is 1.4x faster.
_NUMERALS_ASCII = re.compile(NUMERALS.pattern, re.ASCII)
_ID_ONLY = re.compile(r"\d\.\d{3},\d+|\d{1,3}(?:\.\d{3}){2,}|\d+,\d{1,2}")
_EN_ONLY = re.compile(r"\d,\d{3}\.\d+|\d{1,3}(?:,\d{3}){2,}")
_EN_DECIMAL = re.compile(r"\d+\.\d{1,2}")
_HALF = Fraction(1, 2)
_UNIT_AFTER = re.compile(r"\s?(?:%|persen|juta|miliar|triliun|million|billion|trillion)")


def decimal_style(text: str) -> str:
    """'id' unless the text has more numerals that only read in English style than in Indonesian.

    Only whole numerals are judged: `1.704.308` and `6,9` are Indonesian, `1,704,308` and `6.9%`
    English; `1.000` could be either, and `10.30` may be a clock time: neither counts.
    """
    en = id_ = 0
    for m in (_NUMERALS_ASCII if text.isascii() else NUMERALS).finditer(text):
        numeral = m.group()
        if _EN_ONLY.fullmatch(numeral) or (_EN_DECIMAL.fullmatch(numeral) and _UNIT_AFTER.match(text, m.end())):
            en += 1
        elif _ID_ONLY.fullmatch(numeral):
            id_ += 1
    return "en" if en > id_ else "id"


def parse_numeral(text: str, style: str = "id") -> Decimal | None:
    """`1.704.308` -> 1704308, `6,9` -> 6.9, `-7,2` -> -7.2; None if not a numeral."""
    if not NUMERAL.match(text):
        return None
    sign = -1 if text[0] in "-−" else 1
    body = text.lstrip("-−+")
    thousands, decimal = (".", ",") if style == "id" else (",", ".")
    if "." in body and "," in body:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal == "." else "."
    elif thousands in body:
        groups = body.split(thousands)
        if len(groups) == 2 and len(groups[1]) != 3:
            thousands, decimal = decimal, thousands  # "1.5" in an Indonesian text: a decimal point
    if body.count(decimal) > 1:
        return None
    try:
        return sign * Decimal(body.replace(thousands, "").replace(decimal, "."))
    except InvalidOperation:
        return None


def parse_number_words(words: list[str], lex: Lexicon) -> tuple[Decimal, int] | None:
    """Read spelled-out numbers from the start of `words` (lower case).

    Returns the value and how many words it used: `dua puluh lima` -> 25 (3 words),
    `dua pertiga` -> 2/3, `seratus dua puluh` -> 120, `setengah` -> 0.5.
    """
    if not words:
        return None
    first = words[0]
    if first in lex.fraction_words:
        return _to_decimal(lex.fraction_words[first]), 1
    total = Decimal(0)   # thousands and up, from "seribu", "sejuta"
    group = Decimal(0)   # the part below a thousand already closed by "puluh"/"ratus"
    last = Decimal(0)    # the digit word waiting for its multiplier
    used = 0
    for word in words:
        if word in lex.unit_words and (used == 0 or _may_follow(words[used - 1], lex)):
            last = lex.unit_words[word]
        elif word in lex.whole_words and used == 0:
            value = lex.whole_words[word]
            if value >= 1000:
                total += value
            else:
                group += value
        elif word in lex.multiplier_words and used and last and words[used - 1] in lex.unit_words:
            factor = lex.multiplier_words[word]
            if factor == "teen":
                last += 10
            else:
                group += last * Decimal(factor)
                last = Decimal(0)
        elif word in lex.denominators and used == 1 and last:
            return _to_decimal(Fraction(int(last), lex.denominators[word])), 2
        elif word in lex.fraction_words and lex.fraction_words[word] == _HALF and used and (last or group):  # "satu setengah"
            last += Decimal("0.5")
            used += 1
            break
        else:
            break
        used += 1
    if not used:
        return None
    return total + group + last, used


def _may_follow(prev: str, lex: Lexicon) -> bool:
    """A digit word may follow a multiplier ("dua puluh lima"), not another digit word."""
    return prev in lex.multiplier_words or (prev in lex.whole_words and lex.whole_words[prev] >= 100)


def _to_decimal(frac: Fraction) -> Decimal:
    return Decimal(frac.numerator) / Decimal(frac.denominator)


def to_json_number(value: Decimal | None):
    """Exact ints stay ints; other values become the nearest float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
