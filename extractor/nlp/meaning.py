"""`figure_meaning`: the role, year and metric of every figure found by `quantities`.

Roles follow SPEC's order (target, forecast, change, share, actual: first that applies), from
the cue words of `patterns/roles.toml` and their reach: target and forecast cues reach every
later figure of their clause, change and share cues only the next figure. The year is the one the
sentence names (a year right after the figure, else the nearest before it, else one after it that
is not a comparison base), else a relative phrase (`tahun ini`) against the publication date, else
the year the article last named, else the publication year.

All cue phrases are found in one PhraseMatcher pass; the rules then only look up positions.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import body  # noqa: F401  (registers doc._.body)
from ..dates import relative_years
from ..rules import cached, read_toml
from .lexicon import load_lexicon
from .quantities import SPAN_KEY

# A year, alone or after a quarter ("I/2025"), a year range, or a day/month with no year ("(12/1)").
# Each starts with a cheap test of the first character, so most positions fail before the look-behinds.
YEAR_RE = re.compile(r"(?=[IVX12])(?<!\d)(?<!\d[.,])(?:[IVX]+/\s?)?((?:19|20)\d{2})(?!\d|[.,]\d|/\d)")
YEAR_RANGE_RE = re.compile(r"(?:19|20)\d{2}\s*[-–—/]\s*(?:19|20)\d{2}(?!\d)")
# A year that is part of an identifier: "Nomor 6 Tahun 2025", "Perpres 40/2016".
ID_YEAR_BEFORE = re.compile(r"(?:(?:Nomor|Nomer|No\.?)\s*[\w.-]+\s+[Tt]ahun\s+|(?<![\d/])\d{1,4}/)$")
DAY_MONTH_RE = re.compile(r"(?=\d)(?<![\d/])(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9])(?![\d/])")
CUE_KINDS = ("target", "forecast", "change_before", "change_after", "share_before", "share_after", "level_before",
             "comparison_before", "clause_breaks", "actual_markers", "undated_before", "undated_clause")
PUNCT = (",", ";", ":", "(", ")")
RELATIVE_UNRESOLVED = "extractor.relative_years_unresolved"

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)  # a datetime, set before the pipeline runs


@cached
def _roles() -> dict:
    return read_toml("roles.toml")


@cached
def load_role_cues() -> dict[str, list[str]]:
    return {kind: [p.lower() for p in _roles()[kind]] for kind in CUE_KINDS}


@cached
def load_joiners() -> dict[str, frozenset[str]]:
    return {kind: frozenset(_roles()[kind]) for kind in ("pair_joiners", "list_joiners")}


@Language.factory("figure_meaning")
def make_figure_meaning(nlp: Language, name: str):
    return FigureMeaning(nlp)


@dataclass
class Fig:
    """What the rules read of a figure: plain attributes, cheaper than `Span._` lookups."""

    start: int
    end: int
    unit: str
    item: str | None
    role: str = "actual"
    year: int | None = None


class Cues:
    """Where each kind of cue phrase occurs in one doc, as sorted (start, end) token spans."""

    def __init__(self, matches, names: dict[int, str]):
        by_kind = defaultdict(list)
        for match_id, start, end in matches:
            by_kind[names[match_id]].append((start, end))
        self.spans = {kind: sorted(spans) for kind, spans in by_kind.items()}
        self.starts = {kind: [s for s, _ in spans] for kind, spans in self.spans.items()}

    def within(self, kind: str, start: int, end: int) -> list[tuple[int, int]]:
        """Cues of `kind` that lie inside tokens [start, end)."""
        spans = self.spans.get(kind)
        if not spans or start >= end:
            return []
        starts = self.starts[kind]
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return [(s, e) for s, e in spans[lo:hi] if e <= end]

    def any(self, kind: str, start: int, end: int) -> bool:
        return bool(self.within(kind, start, end))

    def ending_at(self, kind: str, end: int) -> tuple[int, int] | None:
        """The longest cue of `kind` that ends right before token `end`."""
        found = [c for c in self.within(kind, max(0, end - 4), end) if c[1] == end]
        return min(found) if found else None


class FigureMeaning:
    def __init__(self, nlp: Language) -> None:
        self.lex = load_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.names = {}
        phrases = dict(load_role_cues())
        phrases["hedge"] = [" ".join(p) for p in self.lex.approx_before]
        self.relative = relative_years()
        phrases["relative_year"] = [" ".join(p) for p in self.relative]
        for kind, items in phrases.items():
            variants = set(items) | {p + "nya" for p in items if " " not in p}  # "potensinya", "targetnya"
            self.matcher.add(kind, [nlp.make_doc(p) for p in sorted(variants)])
            self.names[nlp.vocab.strings[kind]] = kind
        self.punct_ids = numpy.array([nlp.vocab.strings.add(p) for p in PUNCT], dtype="uint64")
        self.not_metric = frozenset(w.lower() for w in _roles()["not_metric"])
        # "mencapai", "tercatat", "dibukukan": verbs report a figure, they do not name what it measures
        self.verb_prefixes = tuple(p for p in self.lex.verb_prefixes if p.startswith("me"))
        self.cue_words = {p for kind in ("target", "forecast", "change_before", "share_before", "level_before")
                          for p in phrases[kind] if " " not in p}

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPAN_KEY, []))
        if not spans:
            return doc
        cues = Cues(self.matcher(doc), self.names)
        punct = numpy.nonzero(numpy.isin(doc.to_array([ORTH]).reshape(-1), self.punct_ids))[0].tolist()
        starts = doc._.sent_starts.tolist() if doc._.sent_starts is not None else [0]
        years = self._year_mentions(doc, cues, spans)
        positions = [pos for pos, _, _ in years]
        pub = doc._.published
        prev_end, prev_sent, prev_metric, prev = 0, -1, None, None
        # the year the article last named, carried to later sentences; at first, the publication year
        last_year = pub.year if pub else None
        last_measure = None  # the last measure of the sentence, for lists of attributes
        for span in spans:
            sent_i = bisect.bisect_right(starts, span.start) - 1
            s_start = starts[sent_i]
            s_end = starts[sent_i + 1] if sent_i + 1 < len(starts) else len(doc)
            if sent_i != prev_sent:
                prev_end, prev_metric, prev, last_measure = s_start, None, None, None
                for _, year, comparison in reversed(years[: bisect.bisect_left(positions, s_start)]):
                    if year is not None and not comparison:
                        last_year = year
                        break
            in_sentence = years[bisect.bisect_left(positions, s_start) : bisect.bisect_left(positions, s_end)]
            breaks = cues.within("clause_breaks", s_start, span.start)
            clause = breaks[-1][0] if breaks else s_start
            local = max(prev_end, clause, span.start - 6)
            x = span._.figure
            fig = Fig(span.start, span.end, x.unit, x.item)
            fig.role = x.role = self._role(doc, cues, punct, fig, clause, local, s_end, prev)
            undated = self._undated(cues, fig, clause, last_measure)
            fig.year = x.year = None if undated else self._year(fig, in_sentence, last_year)
            x.metric = self._metric(doc, max(prev_end, clause, span.start - 8), span.start) or prev_metric
            x.sentence = sent_i
            prev_end, prev_sent, prev_metric, prev = span.end, sent_i, x.metric, fig
            if fig.unit == "measure":
                last_measure = fig
        return doc

    # ---- roles -----------------------------------------------------------------------------
    def _role(self, doc, cues: Cues, punct, span, clause: int, local: int, s_end: int, prev) -> str:
        percent = span.unit == "%"
        if self._target(cues, clause, span.start):
            return "target"
        if cues.any("forecast", clause, span.start):
            return "forecast"
        after_end = min(s_end, span.end + 5)
        if percent and any(s == span.end for s, _ in cues.within("share_after", span.end, after_end)):
            return "share"
        end = span.start
        while (hedge := cues.ending_at("hedge", end)) is not None and hedge[0] >= local:
            end = hedge[0]  # "naik sekitar 5%": look past the hedge
        if end > local and cues.ending_at("level_before", end):
            return "actual"
        if prev is not None and self._continues(doc, cues, prev, span, end):
            return prev.role
        last_punct = punct[bisect.bisect_left(punct, span.start) - 1] if punct and punct[0] < span.start else -1
        if cues.any("change_before", max(local, last_punct + 1), span.start) or cues.any("change_after", span.end, after_end):
            return "change"
        if percent and cues.any("share_before", clause, span.start):
            return "share"
        return "actual"

    @staticmethod
    def _target(cues: Cues, clause: int, end: int) -> bool:
        """A target cue in the clause, not right after a word of a realised figure ("realisasi anggaran")."""
        markers = cues.within("actual_markers", clause, end)
        return any(not any(m_end <= s <= m_end + 1 for _, m_end in markers) for s, _ in cues.within("target", clause, end))

    @staticmethod
    def _continues(doc, cues: Cues, prev, span, end: int) -> bool:
        """`0,34% atau 22,69 poin`; `ritel 22,68%, korporasi 12,14%`: the next figure of a pair or list."""
        if prev.role == "actual" or end - prev.end > 6:
            return False
        between = [doc[k].lower_ for k in range(prev.end, end)]
        joiners = load_joiners()
        words = [w for w in between if w != ","]
        if len(words) == 1 and words[0] in joiners["pair_joiners"]:
            return True
        rest = [w for w in words if w not in joiners["list_joiners"]]
        return prev.unit == span.unit and "," in between and len(rest) <= 3 and not cues.any("change_before", prev.end, end)

    # ---- years -----------------------------------------------------------------------------
    def _year_mentions(self, doc: Doc, cues: Cues, spans) -> list[tuple[int, int | None, bool]]:
        """(token index, year or None for a year range, is a comparison base) for every year named."""
        text = doc._.body
        pub = doc._.published
        idx = doc.to_array([IDX]).reshape(-1).tolist()  # a plain list: bisect costs log n, not a dtype cast of the array
        figure_chars = [(s.start_char, s.end_char) for s in spans]
        ranges = [m.span() for m in YEAR_RANGE_RE.finditer(text)]
        found: list[tuple[int, int | None]] = []
        for m in YEAR_RE.finditer(text):
            if ID_YEAR_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                continue
            if not _inside(m.start(1), figure_chars):
                in_range = any(a <= m.start(1) < b for a, b in ranges)
                found.append((m.start(1), None if in_range else int(m.group(1))))
        if pub:
            for start, end in cues.spans.get("relative_year", []):
                found.append((idx[start], pub.year + self.relative[tuple(t.lower_ for t in doc[start:end])]))
            for m in DAY_MONTH_RE.finditer(text):
                if not _inside(m.start(), figure_chars):
                    found.append((m.start(), pub.year))  # "Selasa (12/1)": a date in the publication year
        elif cues.spans.get("relative_year"):
            doc.user_data[RELATIVE_UNRESOLVED] = True  # said once per run by the CLI: pass --published
        out = []
        for char, year in sorted(found):
            i = bisect.bisect_right(idx, char) - 1
            out.append((i, year, cues.any("comparison_before", max(0, i - 8), i)))
        return out

    @staticmethod
    def _year(span, in_sentence, last_year):
        after = [(pos, y) for pos, y, comparison in in_sentence if pos >= span.end and not comparison]
        if after and after[0][0] - span.end <= 4:
            return after[0][1]  # "Rp112,81 miliar pada kuartal I/2024"
        before = [y for pos, y, _ in in_sentence if pos < span.start]
        if before:
            return before[-1]
        if after:
            return after[0][1]
        return last_year

    @staticmethod
    def _undated(cues: Cues, span, clause: int, last_measure) -> bool:
        if cues.any("undated_before", max(clause, span.start - 3), span.start):
            return True
        if cues.any("undated_clause", clause, span.start):
            return True
        # the next of a list of such attributes: "0,5 gram Rp528,5 ribu, 2 gram Rp1,85 juta"
        return span.unit == "measure" and last_measure is not None and last_measure.year is None

    # ---- metric ----------------------------------------------------------------------------
    def _metric(self, doc: Doc, start: int, end: int) -> str | None:
        """The content words right before a figure: `laba bersih`, `penjualan tenaga listrik`."""
        found = []
        for k in range(end - 1, start - 1, -1):
            tok = doc[k]
            low = tok.lower_
            if not tok.is_alpha or low in self.lex.stop_words or low in self.cue_words or (low,) in self.lex.approx_before \
                    or low in self.not_metric or (low,) in self.lex.measure_units or low.startswith(self.verb_prefixes):
                if found:
                    break
                continue
            found.append(tok.text)
            if len(found) == 4:
                break
        return " ".join(reversed(found)) or None


def _inside(char: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(spans, (char, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]
