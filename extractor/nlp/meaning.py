"""`figure_meaning`: the role, year and metric of every figure found by `quantities`.

Roles follow SPEC's order (target, forecast, change, share, actual: first that applies), from
the cue words of `patterns/roles.toml` and their reach: target and forecast cues reach every
later figure of their clause, change and share cues only the next figure. The year is the one the
sentence names (a year right after the figure, else the nearest before it, else one after it that
is not a comparison base), else a relative phrase (`tahun ini`) against the publication date, else
the year the article last named, else the publication year. A comparison period ("dibanding periode
yang sama tahun lalu") counts back from the year under discussion, the one its paragraph last named.
The base of a comparison ("naik 5% dari Rp100 miliar", "dibandingkan ... yakni Rp3,97 triliun")
takes the comparison's year, or, in a yearly comparison of amounts, the year before the one under
discussion. What describes a thing has no year: a product's size ("ukuran 1 gram", a price list's
"0,5 gram: Rp..."), a machine's specification ("106 PS pada 6.000 rpm"); and a number glued to a word
is a year only near the publication year ("pada2023" from a cut link, not "Auto2000").

All cue phrases are found in one PhraseMatcher pass; the rules then only look up positions.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from . import body  # noqa: F401  (registers doc._.body)
from ..dates import relative_years
from ..rules import cached, read_toml
from .lexicon import load_lexicon
from .quantities import SPAN_KEY
from .tokens import doc_words
from .figure import item_head
from .figure_table import figure_rows
from .component import RuleComponent

# A year, alone or after a quarter ("I/2025"), a year range, or a day/month with no year ("(12/1)").
# Each starts with a cheap test of the first character, so most positions fail before the look-behinds.
YEAR_RE = re.compile(r"(?=[IVX12])(?<!\d)(?<!\d[.,])(?:[IVX]+/\s?)?((?:19|20)\d{2})(?!\d|[.,]\d|/\d)")
# The four digits every YEAR_RE match holds: a pattern that starts with literals, which the regex
# engine scans for fast (YEAR_RE starts with look-arounds and is tried at every character).
YEAR_DIGITS_RE = re.compile(r"(?:19|20)\d{2}")
YEAR_CENTURIES = ("19", "20")  # how YEAR_DIGITS_RE's matches start (`year_digits` finds them so)
ROMAN = frozenset("IVX")
YEAR_RANGE_RE = re.compile(r"(?:19|20)\d{2}\s*[-–—/]\s*(?:19|20)\d{2}(?!\d)")
# A year that is part of an identifier: "Nomor 6 Tahun 2025", "Perpres 40/2016".
ID_YEAR_BEFORE = re.compile(r"(?:(?:Nomor|Nomer|No\.?)\s*[\w.-]+\s+[Tt]ahun\s+|(?<![\d/])\d{1,4}/)$")
DAY_MONTH_RE = re.compile(r"(?=\d)(?<![\d/])(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9])(?![\d/])")
# The slash and digit every DAY_MONTH_RE match holds, a literal start the regex engine scans for fast.
SLASH_DIGIT_RE = re.compile(r"/\d")
CUE_KINDS = ("target", "forecast", "change_before", "change_after", "share_before", "share_after", "level_before",
             "comparison_before", "clause_breaks", "actual_markers", "undated_before", "undated_clause",
             "change_subject", "base_before", "from_before", "yearly_comparison", "not_condition", "not_plan", "sequel",
             "size_before")
PUNCT = (",", ";", ":", "(", ")")
RELATIVE_UNRESOLVED = "extractor.relative_years_unresolved"
PASSED_WORDS = 100_000  # at most this many words' `_metric` verdicts are kept
GLUED_YEAR_SPAN = 2  # a year glued to a word counts when this close to the publication year
NOT_SAID = object()  # a comparison's base whose time the comparison does not say

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
    return {kind: frozenset(_roles()[kind]) for kind in ("pair_joiners", "list_joiners", "base_links", "earlier")}


@cached
def load_related_link() -> re.Pattern:
    """A line that links another article ("Baca juga: ..."): its figures are that article's, of no
    year this one says. Linear: anchored at a line start, then one run to the line's end."""
    words = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in _roles()["related_links"])
    return re.compile(rf"(?mi)^[ \t]*(?:{words})[ \t]*:[^\n]*")


@cached
def load_comparison_periods() -> dict[tuple[str, ...], int]:
    return {tuple(k.lower().split()): int(v) for k, v in _roles()["comparison_periods"].items()}


@Language.factory("indonews_figure_meaning", requires=["doc._.sent_starts", "span._.figure"], assigns=["span._.role", "span._.year", "span._.metric", "span._.sentence"])
def make_figure_meaning(nlp: Language, name: str):
    return FigureMeaning(nlp, name)


@dataclass(slots=True)
class Fig:
    """What the rules read of a figure: plain attributes, cheaper than `Span._` lookups."""

    start: int
    end: int
    unit: str
    item: str | None
    role: str = "actual"
    year: int | None = None
    base: bool = False  # the base of a comparison ("dari Rp3,31 triliun")


class Cues:
    """Where each kind of cue phrase occurs in one doc, as sorted (start, end) token spans."""

    def __init__(self, matches, names: dict[int, str]):
        by_kind = defaultdict(list)
        for match_id, start, end in matches:
            by_kind[names[match_id]].append((start, end))
        masks = by_kind.pop("not_plan", None)
        if masks:  # "tepat sasaran": no target
            masked = {k for s, e in masks for k in range(s, e)}
            for kind in ("target", "forecast"):
                by_kind[kind] = [(s, e) for s, e in by_kind[kind] if s not in masked]
        # in order already: the PhraseMatcher walks the doc from each token in turn and lists the
        # phrases starting there shortest first, each (key, start, end) once (test_meaning_cues.py)
        self.spans = by_kind
        self.starts = {kind: [s for s, _ in spans] for kind, spans in self.spans.items()}
        self.ends: dict[str, dict[int, int]] = {}  # kind -> end -> the earliest start of a cue of <= 4 tokens

    def within(self, kind: str, start: int, end: int) -> list[tuple[int, int]]:
        """Cues of `kind` that lie inside tokens [start, end)."""
        spans = self.spans.get(kind)
        if not spans or start >= end:
            return []
        starts = self.starts[kind]
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        return [(s, e) for s, e in spans[lo:hi] if e <= end] if lo < hi else []

    def last_within(self, kind: str, start: int, end: int) -> tuple[int, int] | None:
        """The last of `within(kind, start, end)`, found from the end: a long sentence's clause
        breaks are not listed again for each of its figures."""
        spans = self.spans.get(kind)
        if not spans or start >= end:
            return None
        starts = self.starts[kind]
        lo = bisect.bisect_left(starts, start)
        for k in range(bisect.bisect_left(starts, end) - 1, lo - 1, -1):
            if spans[k][1] <= end:
                return spans[k]
        return None

    def any(self, kind: str, start: int, end: int) -> bool:
        """Whether `within(kind, start, end)` holds a cue, found without listing them."""
        spans = self.spans.get(kind)
        if not spans or start >= end:
            return False
        starts = self.starts[kind]
        for k in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
            if spans[k][1] <= end:
                return True
        return False

    def starting(self, kind: str, start: int, end: int) -> bool:
        """Whether a cue of `kind` starts within tokens [start, end), wherever it ends."""
        starts = self.starts.get(kind)
        return bool(starts) and bisect.bisect_left(starts, start) < bisect.bisect_left(starts, end)

    def ending_at(self, kind: str, end: int) -> tuple[int, int] | None:
        """The longest cue of `kind` that ends right before token `end`."""
        start = self.starts_by_end(kind).get(end)
        return None if start is None else (start, end)

    def starts_by_end(self, kind: str) -> dict[int, int]:
        """end -> the start of `ending_at(kind, end)`: for loops that step back over several cues."""
        ends = self.ends.get(kind)
        if ends is None:  # built on first use: most docs ask a few kinds only
            ends = self.ends[kind] = {}
            for s, e in reversed(self.spans.get(kind, [])):
                if e - s <= 4:
                    ends[e] = s
        return ends


class FigureMeaning(RuleComponent):
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        self.lex = load_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.names = {}
        phrases = dict(load_role_cues())
        phrases["hedge"] = [" ".join(p) for p in self.lex.approx_before]
        self.relative = relative_years()
        phrases["relative_year"] = [" ".join(p) for p in self.relative]
        self.periods = load_comparison_periods()
        phrases["comparison_period"] = [" ".join(p) for p in self.periods]
        for kind, items in phrases.items():
            variants = set(items) | {p + "nya" for p in items if " " not in p}  # "potensinya", "targetnya"
            self.matcher.add(kind, [nlp.make_doc(p) for p in sorted(variants)])
            self.names[nlp.vocab.strings[kind]] = kind
        self.punct = frozenset(PUNCT)  # (no case: their lower-case forms are themselves)
        self.joiners = frozenset(w.lower() for w in load_joiners()["list_joiners"])
        self.abstract = frozenset(w.lower() for w in _roles()["abstract_items"])
        self.spec_units = frozenset(w.lower() for w in _roles()["specification_units"])
        self.not_metric = frozenset(w.lower() for w in _roles()["not_metric"]) | self.lex.months
        # "mencapai", "tercatat", "dibukukan": verbs report a figure, they do not name what it measures
        self.verb_prefixes = tuple(p for p in self.lex.verb_prefixes if p.startswith("me"))
        self.cue_words = {p for kind in ("target", "forecast", "change_before", "share_before", "level_before")
                          for p in phrases[kind] if " " not in p}
        # target and forecast cues that are verbs ("memproyeksi", "ditargetkan", "berpotensi") plan or
        # foresee a change; the level it starts from is a fact. Nouns ("target", "proyeksi") do not.
        self.plan_verb_prefixes = tuple(_roles()["plan_verb_prefixes"])
        # the words `_metric` passes over, in one set: stop and cue words, one-word hedges and units, months
        self.no_metric = (self.lex.stop_words | self.cue_words | self.not_metric
                          | {k[0] for k in self.lex.approx_before if len(k) == 1}
                          | {k[0] for k in self.lex.measure_units if len(k) == 1})
        self.passed: dict[str, bool] = {}  # word -> whether `_metric` passes over it

    def __call__(self, doc: Doc) -> Doc:
        rows = figure_rows(doc, SPAN_KEY)  # (start, end, start_char, end_char, figure) of each figure
        if not rows:
            return doc
        words = doc_words(doc)
        u = doc._  # (each doc._ read builds an Underscore object)
        n_tokens, body, pub = words.n, u.body, u.published
        cues = Cues(self.matcher(doc), self.names)
        starts = u.sent_starts
        starts = starts.tolist() if starts is not None else [0]
        links = related_links(body)
        years, discussed = self._year_mentions(doc, body, pub, words, cues, [(a, b) for _, _, a, b, _ in rows], links)
        positions = [pos for pos, _, _ in years]
        fig_ends = [end for _, end, _, _, _ in rows]
        prev_end, prev_sent, prev_metric, prev = 0, -1, None, None
        sent_figs: list[Fig] = []  # the figures of this sentence so far, and of the one before
        before_figs: list[Fig] = []
        # the year the article last named, carried to later sentences; at first, the publication year
        last_year = pub.year if pub else None
        last_measure = None  # the last measure of the sentence, for lists of attributes
        taken: set[int] = set()  # years that date a comparison's base, and no other figure
        for n, (start, end, start_char, _, x) in enumerate(rows):
            sent_i = bisect.bisect_right(starts, start) - 1
            s_start = starts[sent_i]
            s_end = starts[sent_i + 1] if sent_i + 1 < len(starts) else n_tokens
            if sent_i != prev_sent:
                prev_end, prev_metric, prev, last_measure = s_start, None, None, None
                before_figs, sent_figs = sent_figs, []
                first = bisect.bisect_left(positions, s_start)
                # the sentence's year mentions, made once for all its figures
                in_sentence = years[first : bisect.bisect_left(positions, s_end, first)]
                for k in range(first - 1, -1, -1):  # no copy of `years`
                    _, year, comparison = years[k]
                    if year is not None and not comparison:
                        last_year = year
                        break
            next_start = rows[n + 1][0] if n + 1 < len(rows) else n_tokens
            last_break = cues.last_within("clause_breaks", s_start, start)
            clause = last_break[0] if last_break else s_start
            local = max(prev_end, clause, start - 6)
            fig = Fig(start, end, x.unit, x.item)
            base = self._base(words, cues, fig, max(prev_end, clause), min(next_start, s_end))
            fig.role = x.role = self._role(words, cues, fig, clause, local, min(s_end, next_start), prev,
                                           base, fig_ends, (sent_figs, before_figs))
            link = _within(start_char, links) if links else None
            if link is not None:  # "Baca juga: ... Rp40,2 Triliun Sepanjang 2024": only the link's own year
                named = YEAR_RE.search(body, *link)
                fig.year = int(named.group(1)) if named else None
            elif self._undated(cues, fig, clause, last_measure) or self._specification(words, fig):
                fig.year = None
            else:
                fig.year = NOT_SAID
                if base is not None:
                    k = bisect.bisect_left(positions, start) - 1
                    fig.year = self._base_year(cues, fig, base, in_sentence, min(next_start, s_end, end + 6),
                                               discussed[k] if k >= 0 else None, s_start, s_end, pub, taken)
                if fig.year is NOT_SAID:
                    fig.year = self._year(words, cues, fig, in_sentence, last_year, prev, taken)
                if fig.unit == "count" and item_head(fig.item) in self.abstract \
                        and not YEAR_RE.search(body, doc[s_start].idx, doc[s_end - 1].idx + len(doc[s_end - 1])):
                    fig.year = None  # "tiga faktor": an abstract count dates nothing
            fig.base = base is not None
            x.year = fig.year
            x.metric = metric = self._metric(words, max(prev_end, clause, start - 8), start) or prev_metric
            x.sentence = sent_i
            prev_end, prev_sent, prev_metric, prev = end, sent_i, metric, fig
            sent_figs.append(fig)
            if fig.unit == "measure" and not cues.ending_at("size_before", start):
                last_measure = fig  # (a product's size, "LPG 3 kg", starts no list of attributes)
        return doc

    # ---- roles -----------------------------------------------------------------------------
    def _role(self, words, cues: Cues, span, clause: int, local: int, stop: int, prev, base,
              fig_ends, ranking) -> str:
        """`stop`: where the next figure or the sentence begins; cues after the figure reach only to it."""
        percent = span.unit == "%"
        plan = self._plan(words, cues, clause, span.start, base, fig_ends)
        if plan:
            return plan
        if base is not None and not percent:
            return "actual"  # the base of a comparison is a level: "dari sebelumnya Rp4,62 miliar secara tahunan"
        after_end = min(stop, span.end + 5)
        if percent and any(s == span.end for s, _ in cues.within("share_after", span.end, after_end)):
            return "share"
        end = span.start
        hedges = cues.starts_by_end("hedge")
        while (hedge := hedges.get(end)) is not None and hedge >= local:
            end = hedge  # "naik sekitar 5%": look past the hedge
        if end > local and cues.ending_at("level_before", end):
            return "actual"
        if prev is not None and self._continues(words, cues, prev, span, end):
            return prev.role
        sequel = cues.last_within("sequel", max(clause, prev.end if prev else clause), span.start)
        head = self._ranking_head(span, *ranking) if sequel else None
        if head is not None and not cues.any("change_before", sequel[1], span.start):
            return head.role  # "menguat 0,52 persen. Disusul oleh ringgit sebesar 0,24 persen": the next of a ranking
        # past the last punctuation mark between `local` and the figure (at most 6 tokens: local >= start - 6);
        # a search back, not an index of the doc's marks (most docs' words are never indexed)
        lower, lo = words.lower, local
        for k in range(span.start - 1, local - 1, -1):
            if lower[k] in self.punct:
                lo = k + 1
                break
        if prev is not None:
            # "231 saham menguat dan 190 saham diam": a change word before "dan" tells of the figure before it
            for k in range(span.start - 1, max(lo, prev.end) - 1, -1):
                if lower[k] in self.joiners:
                    lo = k + 1
                    break
        if cues.any("change_before", lo, span.start) or self._changed_after(cues, span, after_end):
            return "change"
        if percent and cues.any("share_before", clause, span.start):
            return "share"
        # the clause is about a change ("pertumbuhan volume ... mencapai 157%"): its first percentage
        subject = cues.within("change_subject", max(clause, prev.end if prev else clause), span.start)
        if percent and subject:
            # no comma between (nor a mark at the figure's first token): the same phrase
            for k in range(subject[-1][0], span.start + 1):
                if lower[k] in (",", ";") or (k == span.start and lower[k] in self.punct):
                    break
            else:
                return "change"
        return "actual"

    @staticmethod
    def _ranking_head(span, sent_figs, before_figs):
        """The first figure of the unit of `span` in its sentence, else in the sentence before: the head
        of a ranking that "disusul"/"diikuti" continues."""
        for figs in (sent_figs, before_figs):
            for fig in figs:
                if fig.unit == span.unit:
                    return fig
        return None

    @staticmethod
    def _changed_after(cues: Cues, span, stop: int) -> bool:
        """"7,55% YoY": a change cue after the figure; not one that a change word between them takes
        ("mencapai US$1.277 atau mengalami penurunan dibanding ...": the figure is a level)."""
        return any(not cues.any("change_before", span.end, s) for s, _ in cues.within("change_after", span.end, stop))

    def _plan(self, words, cues: Cues, clause: int, end: int, base, fig_ends) -> str | None:
        """`target` or `forecast` when a cue of either reaches the figure; the later one wins when a
        figure stands between them ("target pendapatan Rp1,8 triliun, ... proyeksi volume 11,8%")."""
        targets = [c for c in cues.within("target", clause, end) if self._plans(words, cues, c, clause, base, fig_ends)]
        forecasts = [c for c in cues.within("forecast", clause, end) if self._plans(words, cues, c, clause, base, fig_ends)]
        if targets and forecasts and forecasts[-1][0] > targets[-1][1]:
            k = bisect.bisect_left(fig_ends, targets[-1][1])
            if k < len(fig_ends) and fig_ends[k] <= forecasts[-1][0]:
                return "forecast"
            if forecasts[-1][1] >= end - 3 and not words.lower[forecasts[-1][0]].startswith(self.plan_verb_prefixes):
                return "forecast"  # "Anggaran itu naik dari outlook 2023 sebesar X": the noun right before names the figure
        if targets:
            return "target"
        return "forecast" if forecasts else None

    def _plans(self, words, cues: Cues, cue: tuple[int, int], clause: int, base, fig_ends) -> bool:
        """Whether a target or forecast cue reaches a figure after it in its clause. Not when it belongs
        to a realised figure named before it ("realisasi anggaran", "realisasi ... yang menyasar"), nor,
        as a verb, to the level a change starts from."""
        start = cue[0]
        verb = words.lower[start].startswith(self.plan_verb_prefixes)
        if base is not None and verb:
            return False
        k = bisect.bisect_right(fig_ends, start) - 1
        lo = max(clause, fig_ends[k] if k >= 0 else clause)
        relative = verb and start > 0 and words.lower[start - 1] == "yang"
        return not any(m_end >= start - 1 or relative for _, m_end in cues.within("actual_markers", lo, start))

    def _base(self, words, cues: Cues, span, lo: int, stop: int) -> int | None:
        """The start of the comparison whose base this figure is ("dibandingkan ... yakni 2,1 persen",
        "naik 5% dari Rp100 miliar"), else None. `lo`: the end of the previous figure of the clause."""
        links = load_joiners()["base_links"]
        found = cues.within("base_before", max(lo, span.start - 12), span.start)
        if found:
            start, end = found[-1]
            low, text = words.lower, words.text
            if all(text[k] != "," or k + 1 == span.start or low[k + 1] in links for k in range(end, span.start)) \
                    and "menjadi" not in low[end : span.start]:
                return start
        end = span.start
        hedges = cues.starts_by_end("hedge")
        while (hedge := hedges.get(end)) is not None and hedge >= lo:
            end = hedge
        while end > lo and words.lower[end - 1] in links and end > span.start - 3:
            end -= 1
        cue = cues.ending_at("from_before", end)
        if cue is None or cue[0] < lo:
            return None
        if any(words.lower[k] in load_joiners()["earlier"] for k in range(cue[0] + 1, span.start)):
            return cue[0]  # "dari sebelumnya Rp228 miliar", "dari semula": the word says it is the earlier value
        if cues.any("change_before", lo, cue[0]) or cues.any("change_after", lo, cue[0]):
            return cue[0]
        if any(words.lower[k] == "menjadi" for k in range(span.end, min(stop, span.end + 6))):
            return cue[0]
        return None

    @staticmethod
    def _continues(words, cues: Cues, prev, span, end: int) -> bool:
        """`0,34% atau 22,69 poin`; `ritel 22,68%, korporasi 12,14%`; `masing-masing 0,09% dan 0,05%`:
        the next figure of a pair or list."""
        if prev.role == "actual" or end - prev.end > 6:
            return False
        between = [words.lower[k] for k in range(prev.end, end) if words.text[k] not in ("(", ")")]
        item = (prev.item or "").lower().split()
        if item and between[: len(item)] == item:
            between = between[len(item):]  # "melemah 30,5 poin atau 0,20 persen": past the unit word
        joiners = load_joiners()
        words = [w for w in between if w != ","]
        if len(words) == 1 and words[0] in joiners["pair_joiners"]:
            return True
        rest = [w for w in words if w not in joiners["list_joiners"]]
        if prev.unit == span.unit and not rest:
            return True
        joined = "," in between or len(rest) < len(words)
        return prev.unit == span.unit and joined and len(rest) <= 3 and not cues.any("change_before", prev.end, end) \
            and not cues.any("share_before", prev.end, end)  # "inflasi 10,52% dan andil 0,16%"

    # ---- years -----------------------------------------------------------------------------
    def _year_mentions(self, doc: Doc, text: str, pub, words, cues: Cues, figure_chars, links):
        """(token index, year or None for a year range, is a comparison base) for every year named,
        and for each the year under discussion right after it in its paragraph (None at a new one).
        `text`, `pub`: the doc's body and publication time."""
        # each token's offset, searched once for all the mentions (a list of them costs more); made
        # here only for cue mentions, which read it, else once a mention is found (most docs with a figure)
        cue_found = cues.spans.get("comparison_period") or (pub and cues.spans.get("relative_year"))
        idx = doc.to_array(IDX) if cue_found else None
        digits = year_digits(text)
        ranges = year_ranges(text, digits)  # in order, not overlapping
        # (char, kind, value): "year" an absolute year (None in a range), "relative" an offset from the
        # publication year, "period" an offset from the year under discussion, "date" a day/month
        found: list[tuple[int, str, int | None]] = []
        for m in year_matches(text, digits):
            start = m.start()
            before = text[start - 1] if start else ""
            if identifier_year(text, start):
                continue
            if before.isalpha() and pub and abs(int(m.group(1)) - pub.year) > GLUED_YEAR_SPAN:
                continue  # "Auto2000", "IW1927": a name or code; glued text ("pada2023", "VNL2025") names a near year
            if not _inside(m.start(1), figure_chars) and not (links and _inside(m.start(1), links)):
                in_range = _inside(m.start(1), ranges)
                found.append((m.start(1), "year", None if in_range else int(m.group(1))))
        for start, end in cues.spans.get("comparison_period", []):
            found.append((int(idx[start]), "period", self.periods[tuple(words.lower[start:end])]))
        if pub:
            for start, end in cues.spans.get("relative_year", []):
                found.append((int(idx[start]), "relative", self.relative[tuple(words.lower[start:end])]))
            for m in day_month_matches(text):
                if not _inside(m.start(), figure_chars):
                    found.append((m.start(), "date", None))  # "Selasa (12/1)": a date in the publication year
        elif cues.spans.get("relative_year"):
            doc.user_data[RELATIVE_UNRESOLVED] = True  # said once per run by the CLI: pass --published
        out, discussed = [], []
        if not found:
            return out, discussed
        if idx is None:
            idx = doc.to_array(IDX)
        current, last_char = None, 0
        found.sort()
        chars = numpy.array([char for char, _, _ in found], dtype=idx.dtype)
        cmp_starts = cues.starts.get("comparison_before") or ()
        for (char, kind, value), after in zip(found, idx.searchsorted(chars, "right").tolist()):
            i = after - 1  # the token holding `char`
            # cues.starting("comparison_before", max(0, i - 8), i), inlined
            comparison = bisect.bisect_left(cmp_starts, max(0, i - 8)) < bisect.bisect_left(cmp_starts, i)
            # a new paragraph: a line break since the mention before (the mentions are in order)
            if text.find("\n", last_char, char) >= 0:
                current = None
            last_char = char
            ref = current if current is not None else (pub.year if pub else None)
            if kind == "period":
                if not comparison or ref is None:
                    continue  # "pada periode yang sama": the same period, not a year before
                year = ref + value
            elif kind == "relative":
                # "dibanding tahun lalu": counted back from the year under discussion
                year = (ref if value < 0 and comparison else pub.year) + value
            elif kind == "date":
                year = pub.year
            else:
                year = value
            if kind in ("year", "relative") and year is not None and not comparison:
                current = year
            out.append((i, year, comparison))
            discussed.append(current if current is not None else (pub.year if pub else None))
        return out, discussed

    def _year(self, words, cues: Cues, span, in_sentence, last_year, prev, taken: set[int]):
        if taken:  # (most docs date no comparison's base)
            in_sentence = [m for m in in_sentence if m[0] not in taken]
        after = [(pos, y) for pos, y, comparison in in_sentence if pos >= span.end and not comparison
                 and not cues.starting("comparison_before", max(span.end, pos - 8), pos)]
        if after and after[0][0] - span.end <= 4:
            return after[0][1]  # "Rp112,81 miliar pada kuartal I/2024"
        if prev is not None and not prev.base and span.start - prev.end <= 2 and all(
                words.lower[k] in load_joiners()["pair_joiners"] for k in range(prev.end, span.start) if words.text[k] != ","):
            return prev.year  # "US$1 miliar atau Rp16 triliun": the same amount, the same year
        before = [y for pos, y, comparison in in_sentence if pos < span.start and not comparison]
        if before:
            return before[-1]
        if after:
            return after[0][1]
        return last_year

    @staticmethod
    def _base_year(cues: Cues, span, base: int, in_sentence, stop: int, discussed, s_start: int, s_end: int, pub,
                   taken: set[int]):
        """The year of a comparison's base: the one named in the comparison (between its cue and the
        figure, else right after the figure); in a yearly comparison of amounts, the year before the
        one under discussion; else NOT_SAID. The base of a percentage ("dari 2,48% YoY") is a rate
        that may be yearly itself, so "yoy" says nothing of its date."""
        within = [(pos, y) for pos, y, _ in in_sentence if base <= pos < span.start and y is not None]
        after = [(pos, y) for pos, y, _ in in_sentence if span.end <= pos < stop and y is not None]
        if within or after:
            pos, year = within[-1] if within else after[0]
            taken.add(pos)
            return year
        if span.unit != "%" and cues.any("yearly_comparison", s_start, s_end):
            ref = discussed if discussed is not None else (pub.year if pub else None)
            return None if ref is None else ref - 1
        return NOT_SAID  # a change within the period under discussion: dated as other figures

    def _specification(self, words, span) -> bool:
        """A product's size or make, not a figure of a period: a measure that labels a price list
        ("0,5 gram: Rp1.033.000") or a unit of a machine's specification ("106 PS pada 6.000 rpm")."""
        if span.unit == "measure":
            item = span.item.split() if span.item else None
            after = span.end + (len(item) if item and words.text[span.end] == item[0] else 0)  # the unit word the span leaves out
            if after < words.n and words.text[after] == ":":
                return True
        return item_head(span.item) in self.spec_units

    @staticmethod
    def _undated(cues: Cues, span, clause: int, last_measure) -> bool:
        if cues.any("undated_before", max(clause, span.start - 3), span.start) or cues.ending_at("size_before", span.start):
            return True
        # "jika dibandingkan": a comparison, not a condition
        clauses = cues.within("undated_clause", clause, span.start)
        if clauses and any(not cues.starting("base_before", e, e + 1) and not cues.starting("not_condition", e, e + 1)
                           for _, e in clauses):
            return True
        # the next of a list of such attributes: "0,5 gram Rp528,5 ribu, 2 gram Rp1,85 juta"
        return span.unit == "measure" and last_measure is not None and last_measure.year is None

    # ---- metric ----------------------------------------------------------------------------
    def _passed_over(self, word: str) -> bool:
        """Whether `_metric` passes over `word` (not a content word), noted in `self.passed`: the
        answer depends on the word alone, and a few thousand words stand before most figures."""
        low = word.lower()  # (the token's LOWER)
        skip = not word.isalpha() or low in self.no_metric or low.startswith(self.verb_prefixes)
        if len(self.passed) >= PASSED_WORDS:
            self.passed.clear()  # bounded on an endless stream of new words
        self.passed[word] = skip
        return skip

    def _metric(self, words, start: int, end: int) -> str | None:
        """The content words right before a figure: `laba bersih`, `penjualan tenaga listrik`."""
        found = []
        text, passed = words.text, self.passed
        for k in range(end - 1, start - 1, -1):
            word = text[k]
            skip = passed.get(word)
            if skip is None:
                skip = self._passed_over(word)
            if skip:
                if found:
                    break
                continue
            found.append(word)
            if len(found) == 4:
                break
        return " ".join(reversed(found)) or None


def related_links(text: str) -> list[tuple[int, int]]:
    """The spans of `load_related_link().finditer(text)`, the regex tried only at the start of each
    line that holds a colon (every link's line does), not at every character. Linear: each line is
    searched back to its start once."""
    link, found = load_related_link(), []
    colon = text.find(":")
    while colon >= 0:
        m = link.match(text, text.rfind("\n", 0, colon) + 1)  # (its "^" holds there: after a line break)
        if m is not None:
            found.append(m.span())
        line_end = text.find("\n", colon)
        colon = text.find(":", line_end) if line_end >= 0 else -1
    return found


def identifier_year(text: str, start: int) -> bool:
    """Whether `ID_YEAR_BEFORE.search(text, max(0, start - 30), start)` matches: the year at `start`
    is part of an identifier. Its matches end in "/" or a space ("Tahun "), so the regex is only
    tried after one of those."""
    before = text[start - 1] if start else ""
    return (before == "/" or before.isspace()) and ID_YEAR_BEFORE.search(text, max(0, start - 30), start) is not None


def year_digits(text: str) -> list[int]:
    """Where the YEAR_DIGITS_RE matches start, for `year_matches` and `year_ranges`: one scan for both.

    Found by `str.find` of "19" and "20" (twice as fast as the regex, which tries each "1" and "2"
    of the text's numbers): a match is one of those followed by two digits (`\\d` is `isdecimal`),
    taken in order when it starts past the previous match, as `finditer` takes them. Linear: each
    place is found once.
    """
    starts = []
    for two in YEAR_CENTURIES:
        at = text.find(two)
        while at >= 0:
            starts.append(at)
            at = text.find(two, at + 1)
    starts.sort()
    found, last_end, n = [], 0, len(text)
    for at in starts:
        if at >= last_end and at + 4 <= n and text[at + 2].isdecimal() and text[at + 3].isdecimal():
            found.append(at)
            last_end = at + 4
    return found


def year_ranges(text: str, digits: list[int]) -> list[tuple[int, int]]:
    """The spans of `YEAR_RANGE_RE.finditer(text)`, found from `digits = year_digits(text)`.

    A range starts with a year's four digits: at a YEAR_DIGITS_RE match or inside one (which hid
    a start overlapping it), so YEAR_RANGE_RE is only tried there, in order, past the previous range.
    """
    found, last_end = [], 0
    match = YEAR_RANGE_RE.match
    for at in digits:
        for start in range(max(at, last_end), at + 4):
            m = match(text, start)
            if m is not None:
                found.append(m.span())
                last_end = m.end()
                break
    return found


def year_matches(text: str, digits: list[int] | None = None):
    """`YEAR_RE.finditer(text)` in about half its time, found from the matches of YEAR_DIGITS_RE
    (`digits`: `year_digits(text)` if already made).

    A YEAR_RE match's year has no digit before it, so it is a YEAR_DIGITS_RE match; the match
    starts at the year or in the run of roman numerals before its "/" (and optional space), so
    YEAR_RE is only tried at those places, in order, past the previous match.
    """
    last_end = 0
    for year in year_digits(text) if digits is None else digits:
        if year and text[year - 1].isdigit():
            continue
        first = year
        slash = year - 1 if year and text[year - 1] == "/" else \
            year - 2 if year >= 2 and text[year - 2] == "/" and text[year - 1].isspace() else -1
        if slash > 0:
            first = slash
            while first and text[first - 1] in ROMAN:
                first -= 1
            if first == slash:
                first = year  # no numeral before the "/"
        for start in range(max(first, last_end), year + 1):
            m = YEAR_RE.match(text, start)
            if m is not None:
                last_end = m.end()
                yield m
                break


def day_month_matches(text: str):
    """`DAY_MONTH_RE.finditer(text)` in a tenth of its time, found from the matches of SLASH_DIGIT_RE.

    A match is one or two digits, a slash and a digit, so it starts one or two characters before a
    SLASH_DIGIT_RE match (which finds every slash before a digit: two cannot overlap); DAY_MONTH_RE
    is only tried there, in order, past the previous match.
    """
    last_end = 0
    match = DAY_MONTH_RE.match
    for slash in SLASH_DIGIT_RE.finditer(text):
        at = slash.start()
        for start in range(max(at - 2, last_end), at):
            m = match(text, start)
            if m is not None:
                last_end = m.end()
                yield m
                break


def _within(char: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of sorted, disjoint `spans` that holds `char`, if any."""
    k = bisect.bisect_right(spans, (char, float("inf"))) - 1
    return spans[k] if k >= 0 and spans[k][0] <= char < spans[k][1] else None


def _inside(char: int, spans: list[tuple[int, int]]) -> bool:
    return _within(char, spans) is not None
