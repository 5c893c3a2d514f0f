"""The `quantities` pipeline component: every figure in a text, with its normalised value.

It reads tokens from left to right. At a currency sign or a number it tries, in order:
number (digits or words) + scale word + hedge suffix, then a unit (percent, points, multiplier,
currency word, measure, or the counted noun), then a second end joined by a range word.
Dates, years, times, durations, identifiers and ordinals are rejected by their context.
All the words involved come from `patterns/` (see `lexicon.py`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import body  # noqa: F401  (registers doc._.body)
from .figure import Figure
from .figure_table import Row, record
from .lexicon import Lexicon, Phrases, load_lexicon
from .tokens import doc_words
from .numbers import NUMERAL, decimal_style, parse_number_words, parse_numeral, to_json_number
from .component import RuleComponent

SPAN_KEY = "quantities"
_LIKE_NUMBER = re.compile(r"[-−+]?\d")
RATIO_UNITS = {"%", "pp", "bps", "x"}
# Beyond these a numeral is noise or an attack, not a figure: it is dropped with a warning (an int
# over 2**63 cannot be stored, one of 4,300 digits cannot even be printed).
MAX_DIGITS = 30
MAX_VALUE = Decimal(10) ** 18
MAX_WARNINGS = 20

if not Doc.has_extension("decimal_style"):
    Doc.set_extension("decimal_style", default="id")
if not Doc.has_extension("warnings"):
    Doc.set_extension("warnings", default=None)  # lines for the record's `warnings`


@dataclass(slots=True)
class _Number:
    start: int
    end: int                 # token index after the number, its scale and suffix
    value: Decimal
    from_words: bool = False
    word: str = ""           # the first word of a spelled-out number
    has_scale: bool = False
    approx: bool = False
    raw: Decimal = Decimal(0)  # the value before the scale word
    rounding: Decimal = Decimal(0)  # half the place value of the last digit written, times the scale


class _Sets(NamedTuple):
    """Sets made once from the lexicon, so that a test per candidate is one lookup."""
    money: frozenset   # the currencies' units ("IDR", "USD"...)
    after: frozenset   # the units of currency words written after the number
    unit_starts: frozenset  # lower-case words a scale or unit may start with (after a year, they make it a figure)
    hedge_ends: frozenset   # the last words of the hedges before a number ("sekitar", "kurang dari")


@dataclass(slots=True)
class _Figure:
    start: int
    end: int
    value: Decimal | None
    unit: str | None         # None: a bare number
    item: str | None = None
    approx: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    number: _Number | None = field(default=None, repr=False)

    @property
    def rounding(self) -> Decimal | None:
        return self.number.rounding if self.low is None and self.number is not None else None


@Language.factory("indonews_quantities", requires=[], assigns=["doc.spans", "span._.figure", "doc._.decimal_style"])
def make_quantities(nlp: Language, name: str):
    return QuantityFinder(nlp, name)


class QuantityFinder(RuleComponent):
    """Finds figures and stores them as spans in `doc.spans["quantities"]`."""

    def __init__(self, nlp: Language, name: str):
        self.nlp, self.name = nlp, name
        self.lex: Lexicon = load_lexicon()
        currencies, words = set(self.lex.currency_before), self.lex.number_words
        # The units the currency tables give as sets (`unit in dict.values()` is a scan per test), and
        # other sets of words each test reads in one lookup.
        lex = self.lex
        self.sets = _Sets(frozenset(lex.currency_before.values()), frozenset(lex.currency_after.values()),
                          frozenset(lex.scales).union(lex.ratio_units.first, lex.measure_units.first,
                                                      lex.currency_after.first),
                          frozenset(k[-1] for k in lex.approx_before))
        # unit -> its hash, added to the string store now (outside any memory zone, so it stays)
        units = {*lex.currency_before.values(), *lex.currency_after.values(), *lex.ratio_units.values(),
                 "measure", "count"}
        self.labels: dict[str, int] = {unit: nlp.vocab.strings.add(unit) for unit in units}
        # A lexeme flag: computed once per vocabulary entry, read for a whole doc in one call.
        self._candidate_flag = nlp.vocab.add_flag(
            lambda text: text in currencies or text.lower() in words or _LIKE_NUMBER.match(text) is not None
        )

    def __call__(self, doc: Doc) -> Doc:
        u = doc._  # one Underscore object for both
        u.decimal_style = style = decimal_style(u.body)
        spans, rows = [], []
        if len(doc):
            candidates = doc.to_array(self._candidate_flag).nonzero()[0]  # the method: no numpy.nonzero wrapper
            reader = _Reader(doc, self.lex, style, self.sets)
            user_data = doc.user_data
            fast_key = _span_key_is_offsets()
            last_end = 0
            # each unit's string-store hash (a Span given a str label hashes and adds it each time);
            # any other unit, or a doc of another vocabulary, passes the string as before
            labels = self.labels if doc.vocab is self.nlp.vocab else {}
            for i in candidates.tolist():
                if i < last_end:
                    continue
                fig = reader.figure_at(i)
                if fig is None:
                    continue
                span = Span(doc, fig.start, fig.end, label=labels.get(fig.unit, fig.unit))
                figure = _figure_of(fig)
                start_char, end_char = span.start_char, span.end_char
                if fast_key:  # what `span._.figure = figure` stores, without building an Underscore
                    user_data[("._.", "figure", start_char, end_char)] = figure
                else:
                    span._.figure = figure
                spans.append(span)
                rows.append(Row(fig.start, fig.end, start_char, end_char, figure))
                last_end = fig.end
        doc.spans[SPAN_KEY] = spans
        record(doc, SPAN_KEY, rows)
        return doc


class _Reader:
    """Reads figures from one doc; holds the per-doc state the rules look at."""

    def __init__(self, doc: Doc, lex: Lexicon, style: str, sets: _Sets):
        self.doc = doc
        self.lex = lex
        self.style = style
        self.money_units, self.after_units, self.unit_starts, self.hedge_ends = sets
        self.n = len(doc)
        self.last_money: tuple[int, str] | None = None  # (token index, currency) of the last money figure
        self.warned: set[int] = set()  # tokens already in doc._.warnings
        words = doc_words(doc)
        self.low, self.text = words.lower, words.text  # lists; "" a few tokens past either end

    # ---- token helpers -------------------------------------------------------------------
    def phrase_at(self, i: int, table: Phrases, max_len: int = 4):
        """Longest phrase of `table` (lower-case token tuples) starting at token i."""
        if self.low[i] not in table.first:
            return None, 0
        for size in range(min(max_len, table.longest, self.n - i), 0, -1):
            key = tuple(self.low[i : i + size])
            if key in table:
                return table[key], size
        return None, 0

    def phrase_before(self, i: int, table: Phrases, max_len: int = 3):
        """Longest phrase of `table` ending right before token i."""
        for size in range(min(max_len, table.longest, i), 0, -1):
            if self.low[i - size] not in table.first:
                continue
            key = tuple(self.low[i - size : i])
            if key in table:
                return key
        return None

    # ---- numbers -------------------------------------------------------------------------
    def number_at(self, i: int, money: bool = False) -> _Number | None:
        if i >= self.n:
            return None
        text = self.text[i]
        if len(text) <= MAX_DIGITS:
            read = _short_numeral(text, self.style)
        elif NUMERAL.match(text) and sum(c.isdigit() for c in text) > MAX_DIGITS:
            return self.warn(i, f"a numeral of more than {MAX_DIGITS} digits")
        else:
            read = _read_numeral(text, self.style)
        lex, low = self.lex, self.low
        if read is not _NOT_A_NUMERAL:
            if read is None:
                return None
            num = _Number(i, i + 1, read[0], raw=read[0], rounding=read[1])
        else:
            words = low[i:min(i + 6, self.n)]
            parsed = parse_number_words(words, lex)
            if parsed is None:
                return None
            num = _Number(i, i + parsed[1], parsed[0], from_words=True, word=words[0], raw=parsed[0])
        k = num.end
        scale = lex.scales.get(low[k])
        if scale is None and money:
            scale = lex.money_scales.get(self.text[k])
        if scale is not None:
            num.value *= scale
            num.rounding *= scale
            num.has_scale = True
            num.approx = low[k] in lex.approx_scales
            k += 1
        if self.text[k] in lex.approx_suffixes and self.doc[k - 1].whitespace_ == "":
            num.approx = True
            k += 1
        num.end = k
        if abs(num.value) > MAX_VALUE:
            return self.warn(i, "a value over 10^18")
        return num

    def warn(self, i: int, what: str) -> None:
        """Note a number not taken as a figure (at character offset) in `doc._.warnings`."""
        if self.doc._.warnings is None:
            self.doc._.warnings = []
        warnings = self.doc._.warnings
        if i in self.warned:
            return None
        self.warned.add(i)
        if len(warnings) < MAX_WARNINGS:
            warnings.append(f"not a figure at character {self.doc[i].idx}: {what}")
        elif len(warnings) == MAX_WARNINGS:
            warnings.append("further numbers not taken as figures are not listed")

    # ---- figures -------------------------------------------------------------------------
    def figure_at(self, i: int) -> _Figure | None:
        if self.clearly_not_a_figure(i):
            return None
        first = self.single_at(i)
        if first is None:
            return None
        fig = self.range_from(first) or first
        if fig.unit is None and not self.bare_allowed(fig):
            return None
        if fig.unit is None:
            self.resolve_bare(fig)
            if fig.unit is None:
                return None
        if fig.unit in self.money_units:
            self.last_money = (fig.end, fig.unit)
        # a hedge ends with the word before the figure: most figures have none there, and need no search
        hedge = self.phrase_before(fig.start, self.lex.approx_before) if self.low[fig.start - 1] in self.hedge_ends else None
        if hedge and not (fig.low is not None and hedge in self.lex.approx_not_before_range):
            fig.approx = True
        return fig

    def clearly_not_a_figure(self, i: int) -> bool:
        """A cheap first look: part of a date (1/7/2025, 10:30) or a year with no unit after it."""
        text = self.text[i]
        if not text[:1].isdigit():
            return False
        if self.date_around(i, i + 1):
            return True
        if _is_year(text):
            return not (self.low[i + 1] in self.unit_starts or self.text[i + 1] in self.lex.measure_exact)
        return False

    def single_at(self, i: int) -> _Figure | None:
        lex = self.lex
        currency = lex.currency_before.get(self.text[i])
        start = i
        if currency:
            i += 1
        num = self.number_at(i, money=bool(currency))
        if num is None:
            return None
        if num.from_words and not currency and self.low[start - 1] in lex.not_a_number_after:
            return None
        k = num.end
        unit, item, size = None, None, 0
        low_k = self.low[k]
        # phrase_at's own first test, made here: most numbers have no ratio unit, so no call
        ratio, size = self.phrase_at(k, lex.ratio_units, 3) if low_k in lex.ratio_units.first else (None, 0)
        if ratio == "x" and low_k == "kali" and size == 1 and (num.has_scale or num.value == num.value.to_integral_value()):
            ratio = None  # "tampil 16 kali", "6,84 juta kali" count times; "15,06 kali" is a multiple
        if ratio:
            unit = ratio
        elif currency:
            unit, size = currency, 0
        else:
            after, size = self.phrase_at(k, lex.currency_after, 3) if low_k in lex.currency_after.first else (None, 0)
            if after:
                unit = after
            else:
                unit, item, size = self.measure_or_count(k)
        end = k + (size if unit in RATIO_UNITS or (not currency and unit in self.after_units) else 0)
        fig = _Figure(start, end, num.value, unit, item, approx=num.approx, number=num)
        if not self.plausible(fig):
            return None
        return fig

    def measure_or_count(self, k: int):
        lex = self.lex
        if self.text[k] == "[":
            k += 1  # an editor's insertion: "3 juta [ton]"
        if self.text[k] in lex.measure_exact:
            return "measure", self.item_with_per(k, 1), 0
        unit, size = self.phrase_at(k, lex.measure_units, 3)
        if unit:
            return "measure", self.item_with_per(k, size), 0
        if self.is_item(k):
            words = [self.text[k]]
            if self.is_item(k + 1) and self.text[k + 1].islower():
                words.append(self.text[k + 1])
            return "count", " ".join(words), 0
        return None, None, 0

    def item_with_per(self, k: int, size: int) -> str:
        words = [self.text[j] for j in range(k, k + size)]
        if self.low[k + size] == "per" and self.text[k + size + 1].isalpha():
            words += ["per", self.text[k + size + 1]]
        return " ".join(words)

    def is_item(self, k: int) -> bool:
        if k >= self.n:
            return False
        text, low = self.text[k], self.low[k]
        if not text.isalpha() or len(text) < 2:
            return False
        lex = self.lex
        if low in lex.count_nouns:
            return True
        if low in lex.stop_words or low in lex.time_words or low in lex.months or low in lex.not_items:
            return False
        if low in lex.number_words or low in lex.scales:
            return False
        if len(low) >= 6 and low.startswith(lex.verb_prefixes):
            return False
        return text.islower() or (text.isupper() and len(text) >= 3)

    def plausible(self, fig: _Figure) -> bool:
        """Reject dates, years, times, durations, identifiers and ordinals."""
        lex = self.lex
        num = fig.number
        if fig.unit in self.money_units or fig.unit in RATIO_UNITS:
            if fig.unit == "x" and num.from_words and self.low[fig.end] in lex.time_words:
                return False
            return not self.in_date(num)
        if num.from_words and num.word == "satu" and not num.has_scale and fig.unit != "measure":
            return False
        nxt = self.low[num.end]
        if nxt in lex.time_words or nxt in lex.months:
            return False
        if fig.unit is None and nxt[:1].isalpha() and self.doc[num.end - 1].whitespace_ == "":
            return False  # a code such as "3T" or "4G"
        if self.in_date(num):
            return False
        if self.looks_like_year(num) and fig.unit != "measure":
            return False
        prev = self.low[fig.start - 1]
        if prev in lex.id_before or (prev.endswith("-") and len(prev) > 1):
            return False
        if prev in ("-", "/") and self.doc[fig.start - 1].whitespace_ == "" and fig.start >= 2 and self.text[fig.start - 2][-1:].isalpha():
            return False  # Covid-19, A/2
        if self.text[fig.start - 1] == "(" and self.text[num.end] == ")" and fig.unit is None:
            return False  # ages: "Budi (37)"
        return True

    def looks_like_year(self, num: _Number) -> bool:
        return not num.has_scale and _is_year(self.text[num.start])

    def in_date(self, num: _Number) -> bool:
        return self.date_around(num.start, num.end)

    def date_around(self, start: int, end: int) -> bool:
        """Tokens [start, end) are part of 1/7/2025, 22/12 or 10:30."""
        if self.text[end] in ("/", ":") and self.text[end + 1][:1].isdigit():
            return True
        return self.text[start - 1] in ("/", ":") and self.text[start - 2][-1:].isdigit()

    def range_from(self, first: _Figure) -> _Figure | None:
        k = first.end
        if first.unit in self.money_units and self.low[k] == "per" and self.text[k + 1].isalpha():
            k += 2  # "Rp15 ribu per liter sampai Rp17 ribu"
        if self.text[k] == "±":
            second = self.single_at(k + 1)
            if second is None or first.value is None or second.value is None:
                return None
            unit = first.unit or second.unit
            return _Figure(first.start, second.end, None, unit, second.item or first.item, low=first.value - second.value,
                           high=first.value + second.value, number=first.number)
        joiner, size = self.phrase_at(k, self.lex.range_joiners, 2) if self.low[k] in self.lex.range_joiners.first else (None, 0)
        if not joiner:
            return None
        second = self.single_at(k + size)
        if second is None or second.low is not None:
            return None
        if first.unit is not None and second.unit is not None and first.unit != second.unit:
            return None
        if self.looks_like_year(first.number):
            return None
        a, b = first.number, second.number
        low, high = first.value, second.value
        if b.has_scale and not a.has_scale and 0 < b.raw and a.raw < b.raw:
            low = a.value * (b.value / b.raw)  # "1-1,5 juta", "Rp1-2 triliun": the scale is shared
        if low > high:
            return None
        return _Figure(first.start, second.end, None, second.unit or first.unit, second.item or first.item,
                       approx=first.approx or second.approx, low=low, high=high, number=a)

    def bare_allowed(self, fig: _Figure) -> bool:
        """A number with no unit is a figure only after a cue word or an index name."""
        if fig.number.from_words:
            return False
        prev = self.low[fig.start - 1]
        if prev in self.lex.bare_cues or prev in self.lex.level_cues or self.index_before(fig.start) is not None:
            return True
        if fig.number.has_scale and self.last_money and fig.start - self.last_money[0] <= 30:
            return True
        return fig.low is not None and prev in self.lex.range_openers and self.index_before(fig.start, 40) is not None

    def resolve_bare(self, fig: _Figure) -> None:
        """Give a number with no unit of its own the unit its context makes certain."""
        if fig.low is not None and fig.low == fig.high:
            return  # a score such as "3-3"
        if fig.number.has_scale and self.last_money and fig.start - self.last_money[0] <= 30 \
                and "\n" not in self.doc[self.last_money[0]:fig.start].text:
            fig.unit = self.last_money[1]  # "Rp1,88 triliun ... dari target 7,68 triliun"
            return
        index = self.index_before(fig.start, window=40)
        if index is not None or self.low[fig.start - 1] in self.lex.level_cues:
            fig.unit, fig.item = "measure", index  # "IHSG ... di level 7.245"
        else:
            fig.unit = "count"  # "sebanyak 40"

    def index_before(self, i: int, window: int = 1) -> str | None:
        """The index named in the `window` tokens before i, within the paragraph."""
        for k in range(i - 1, max(-1, i - 1 - window), -1):
            if "\n" in self.text[k]:
                return None
            name, size = self.phrase_at(k, self.lex.indexes, 2)
            if name:
                return name
        return None


def _figure_of(fig: _Figure) -> Figure:
    item = fig.item if fig.unit in ("count", "measure") else None
    if fig.low is None:  # a single value: no bounds (to_json_number(None) is None)
        return Figure(value=to_json_number(fig.value), unit=fig.unit, item=item, approx=fig.approx,
                      rounding=to_json_number(fig.rounding))
    return Figure(low=to_json_number(fig.low), high=to_json_number(fig.high), unit=fig.unit, item=item,
                  approx=fig.approx)


@functools.cache
def _span_key_is_offsets() -> bool:
    """Whether this spaCy keeps `span._.x` in `doc.user_data[("._.", "x", start_char, end_char)]`
    (checked once on a throw-away doc; if not, figures are set through `span._`)."""
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["a", "b"])
    marker = object()
    Span(doc, 1, 2, label="percent")._.figure = marker  # labelled, as the figures' spans are
    return doc.user_data.get(("._.", "figure", 2, 3)) is marker and len(doc.user_data) == 1


_NOT_A_NUMERAL = object()
_HALF = Decimal("0.5")


def _read_numeral(text: str, style: str):
    """(value, rounding) of a numeral token, None if it reads as none, _NOT_A_NUMERAL if it is no numeral."""
    if not NUMERAL.match(text):
        return _NOT_A_NUMERAL
    value = parse_numeral(text, style)
    if value is None:
        return None
    return value, _HALF.scaleb(min(0, value.as_tuple().exponent))


# News repeats its numerals ("2025", "10", "1,5"): each short one is read once (values are immutable).
_short_numeral = functools.lru_cache(maxsize=1 << 15)(_read_numeral)


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100
