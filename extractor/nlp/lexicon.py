"""Load the rule data in `patterns/` once, into lookup structures the components use."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from spacy.lang.id.stop_words import STOP_WORDS

from ..rules import cached, read_toml


class Phrases(dict):
    """Lower-cased token tuples -> value, with the set of first words for a quick miss, and each
    first word -> the lengths of the phrases it opens, longest first (`sizes_by_first`), and each
    last word -> the lengths of those it closes, shortest first (`sizes_by_last`): a look-up at a
    place tries only those lengths, and a one-word phrase needs no slice."""

    def __init__(self, items):
        super().__init__(items)
        self.first = frozenset(k[0] for k in self)
        self.longest = max((len(k) for k in self), default=0)
        first: dict[str, set[int]] = {}
        last: dict[str, set[int]] = {}
        for k in self:
            first.setdefault(k[0], set()).add(len(k))
            last.setdefault(k[-1], set()).add(len(k))
        self.sizes_by_first = {w: tuple(sorted(n, reverse=True)) for w, n in first.items()}
        self.sizes_by_last = {w: tuple(sorted(n)) for w, n in last.items()}


def phrases(items) -> Phrases:
    """Map lower-cased token tuples to a value; a list maps each phrase to itself."""
    if isinstance(items, dict):
        return Phrases({tuple(k.lower().split()): v for k, v in items.items()})
    return Phrases({tuple(k.lower().split()): k for k in items})


def _dec(text: str) -> Decimal:
    return Decimal(str(Fraction(text))) if "/" in text else Decimal(text)


@dataclass(frozen=True)
class Lexicon:
    unit_words: dict[str, Decimal]
    whole_words: dict[str, Decimal]
    multiplier_words: dict[str, str]
    fraction_words: dict[str, Fraction]
    denominators: dict[str, int]
    scales: dict[str, Decimal]
    money_scales: dict[str, Decimal]
    approx_suffixes: frozenset[str]
    approx_scales: frozenset[str]
    currency_before: dict[str, str]
    currency_after: dict[tuple[str, ...], str]
    ratio_units: dict[tuple[str, ...], str]
    measure_units: dict[tuple[str, ...], str]
    measure_exact: frozenset[str]
    indexes: dict[tuple[str, ...], str]
    approx_before: dict[tuple[str, ...], str]
    approx_not_before_range: frozenset[tuple[str, ...]]
    range_joiners: dict[tuple[str, ...], str]
    range_openers: frozenset[str]
    not_a_number_after: frozenset[str]
    bare_cues: frozenset[str]
    level_cues: frozenset[str]
    time_words: frozenset[str]
    months: frozenset[str]
    id_before: frozenset[str]
    count_nouns: frozenset[str]
    verb_prefixes: tuple[str, ...]
    not_items: frozenset[str]
    stop_words: frozenset[str]

    @functools.cached_property
    def number_words(self) -> frozenset[str]:
        return frozenset(self.unit_words) | frozenset(self.whole_words) | frozenset(self.fraction_words)


@cached
def load_lexicon() -> Lexicon:
    numbers = read_toml("numbers.toml")
    currencies = read_toml("currencies.toml")
    units = read_toml("units.toml")
    context = read_toml("context.toml")
    dates = read_toml("dates.toml")
    words = numbers["words"]
    ctx_stop = {w.lower() for w in context["count_nouns"]}
    return Lexicon(
        unit_words={k: Decimal(v) for k, v in words["units"].items()},
        whole_words={k: Decimal(v) for k, v in words["whole"].items()},
        multiplier_words=dict(words["multipliers"]),
        fraction_words={k: Fraction(v) for k, v in words["fractions"].items()},
        denominators={k: int(v) for k, v in words["denominators"].items()},
        scales={k.lower(): _dec(v) for k, v in numbers["scales"].items()},
        money_scales={k: _dec(v) for k, v in numbers["money_scales"].items()},
        approx_suffixes=frozenset(numbers["approx_suffixes"]["tokens"]),
        approx_scales=frozenset(numbers["approx_suffixes"]["scales"]),
        currency_before=dict(currencies["before"]),
        currency_after=phrases(currencies["after"]),
        ratio_units=phrases(units["ratio"]),
        measure_units=phrases(units["measure"]["words"]),
        measure_exact=frozenset(units["measure"]["exact"]),
        indexes=phrases(units["measure"]["indexes"]),
        approx_before=phrases(context["approx_before"]),
        approx_not_before_range=frozenset(phrases(context["approx_not_before_range"])),
        range_joiners=phrases(context["range_joiners"]),
        range_openers=frozenset(w.lower() for w in context["range_openers"]),
        not_a_number_after=frozenset(w.lower() for w in context["not_a_number_after"]),
        bare_cues=frozenset(w.lower() for w in context["bare_cues"]),
        level_cues=frozenset(w.lower() for w in context["level_cues"]),
        time_words=frozenset(w.lower() for w in context["time_words"]),
        months=frozenset(w.lower() for w in dates["months"]),
        id_before=frozenset(w.lower() for w in context["id_before"]),
        count_nouns=frozenset(ctx_stop),
        verb_prefixes=tuple(context["verb_prefixes"]),
        not_items=frozenset(w.lower() for w in context["not_items"]),
        stop_words=frozenset(STOP_WORDS) - ctx_stop,
    )

