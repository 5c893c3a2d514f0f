"""`figure_relations`: the arithmetic relations an article states between its figures, and whether they add up.

- share_of: a part, a whole and the percentage between them ("Rp1,88 triliun atau 24,44% dari
  target ... 7,68 triliun"; "Rp700 miliar, atau 30% dari nilai anggaran tersebut" refers back);
- sum_of: a total and the parts a breakdown word lists for it ("terdiri atas", "rinciannya",
  "masing-masing", "Dari total W, A ... dan B"): found from the words alone, so that a wrong total
  is reported whatever the gap; price and size lists are never sums;
- change_of: a rate of change (percent, or an amount: `Rp35 ribu`, `25 basis poin`) with both
  its earlier and its later value ("naik 12% dari A menjadi B", "B, naik 4,5% dibandingkan ...
  A", "Angka tersebut naik 75,56% dibandingkan ... A").

Members are found from the words around the figures, never from whether they add up; the verdict
(`verdicts.py`) then says whether they do. Words come from `patterns/relations.toml`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import cached, read_toml
from .lexicon import load_lexicon, phrases
from .meaning import load_role_cues
from .figure import item_head
from .quantities import SPAN_KEY
from .figure_table import figure_rows
from .tokens import doc_words
from .component import RuleComponent
from .verdicts import Member, change_verdict, share_verdict, sum_verdict

RATIOS = ("%", "pp", "bps", "x")
POINTS = ("pp", "bps")

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@cached
def _words():
    data = read_toml("relations.toml")
    return {k: (phrases(v) if isinstance(v, list) else v) for k, v in data.items() if k != "examples"}


@dataclass
class _F(Member):
    """A figure as the relation rules see it (token offsets)."""

    i: int = 0
    start: int = 0
    end: int = 0
    sent: int = 0
    role: str = "actual"
    year: int | None = None

    @property
    def amount(self) -> bool:
        return self.unit not in RATIOS

    def same_kind(self, other: "_F") -> bool:
        if self.unit in ("count", "measure"):
            return self.unit == other.unit and item_head(self.item) == item_head(other.item)
        return self.unit == other.unit


@Language.factory("indonews_figure_relations", requires=["span._.role", "span._.sentence"], assigns=["doc._.relations"])
def make_figure_relations(nlp: Language, name: str):
    return FigureRelations(nlp, name)


class FigureRelations(RuleComponent):
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        self.w = _words()
        cues = load_role_cues()
        self.change_words = phrases(cues["change_before"] + list(self.w["comparatives"].values()))
        self.not_change = self.w["gap_words"]

    def __call__(self, doc: Doc) -> Doc:
        rows = figure_rows(doc, SPAN_KEY)  # (plain tuples: no Span or Underscore object per figure)
        relations: list[dict] = []
        ext = doc._  # (one Underscore object for the body, the sentence starts and the relations)
        if len(rows) >= 2:  # (one figure relates to nothing: none read)
            body = ext.body
            # (positional, 3x quicker than by keyword: Member's fields text ... rounding, then i, start, end, sent, role, year)
            figs = [_F(body[sc:ec], x.value, x.low, x.high, x.unit, x.item, bool(x.approx), float(x.rounding or 0),
                       i, s, e, x.sentence or 0, x.role, x.year)
                    for i, (s, e, sc, ec, x) in enumerate(rows)]
            self.words = doc_words(doc)
            self.doc, self.low, self.figs = doc, self.words.lower, figs  # "" past either end
            self._rates: dict[int, bool] = {}
            self._words_of: dict[int, frozenset[str]] = {}
            self._first_at: dict[int, list[int]] = {}
            starts = ext.sent_starts
            self.sent_start = starts.tolist() if starts is not None else [0]
            self.fig_starts = [f.start for f in figs]
            self.fig_at: dict[int, _F] = {}  # the figure starting at each token (the first, as a bisection finds)
            for f in figs:
                self.fig_at.setdefault(f.start, f)
            self.by_sent: dict[int, list[_F]] = {}
            for f in figs:
                self.by_sent.setdefault(f.sent, []).append(f)
            sums = self._sums()
            taken = {r["whole"] for r in sums}
            sums += [r for r in self._enumerated_sums() if r["whole"] not in taken]
            relations = self._bounded(self._changes() + self._shares() + sums)
            del self.doc, self.words, self.low, self.figs, self._rates, self._words_of, self._first_at, self.fig_at
        ext.relations = relations
        return doc

    def _bounded(self, relations: list[dict]) -> list[dict]:
        """At most `max_per_sentence` relations per sentence (a table read as prose states none)."""
        cap = int(self.w["max_per_sentence"])
        count: dict[int, int] = {}
        out = []
        for r in relations:
            sent = self.figs[r["_anchor"]].sent
            count[sent] = count.get(sent, 0) + 1
            if count[sent] <= cap:  # the verdict is worked out only for what is kept
                judge, members = r["_verdict"]
                out.append({k: v for k, v in r.items() if not k.startswith("_")} | judge(*members))
        return out

    # ---- token helpers ---------------------------------------------------------------------
    def _sent_bounds(self, sent: int) -> tuple[int, int]:
        s = self.sent_start
        return s[sent] if sent < len(s) else 0, s[sent + 1] if sent + 1 < len(s) else len(self.doc)

    def _starts(self, i: int, table) -> int:
        """The length of the longest phrase of `table` starting at token i (0: none)."""
        low = self.low
        sizes = table.sizes_by_first.get(low[i])
        if sizes is None:
            return 0  # (so i is in the doc: a slice from it reads the padding past the end)
        for size in sizes:  # (only the lengths of the phrases opening on this word, longest first)
            if size == 1 or tuple(low[i : i + size]) in table:
                return size
        return 0

    def _hits(self, a: int, b: int, table) -> list[int]:
        """The tokens in [a, b) where a phrase of `table` may start (its first word is there)."""
        at = self._first_at.get(id(table))
        if at is None:
            at = self._first_at[id(table)] = self.words.positions(table.first)
        return at[bisect.bisect_left(at, a) : bisect.bisect_left(at, b)]

    def _ends_before(self, i: int, table, skip: int = 0) -> bool:
        """Whether a phrase of `table` ends right before token i, or up to `skip` tokens earlier.
        Read from the word before each place: most words close no phrase, a dict miss each (no
        per-doc pass over the phrase's places; the padding "" past either end closes none)."""
        low, by_last = self.low, table.sizes_by_last
        for j in range(i - skip, i + 1):
            sizes = by_last.get(low[j - 1])  # the lengths of the phrases closing on that word, if any
            if sizes is not None:
                for size in sizes:
                    if size <= j and (size == 1 or tuple(low[j - size : j]) in table):
                        return True
        return False

    def _figure_at(self, t: int) -> _F | None:
        return self.fig_at.get(t)

    def _figures_between(self, a: int, b: int) -> list[_F]:
        return self.figs[bisect.bisect_left(self.fig_starts, a) : bisect.bisect_left(self.fig_starts, b)]

    def _breaks(self, a: int, b: int) -> bool:
        """Whether a clause break stands between tokens a and b."""
        table = self.w["clause_breaks"]
        return any(self._starts(t, table) for t in self._hits(a, b, table))

    def _bracketed(self, f: _F) -> bool:
        """A figure in brackets right after another: a restatement ("USD 392,8 juta (Rp6,4 triliun)")."""
        return self.low[f.start - 1] == "(" and self.low[f.end] == ")" and self._figure_ending(f.start - 1)

    def _figure_ending(self, t: int) -> bool:
        k = bisect.bisect_left(self.fig_starts, t) - 1
        return k >= 0 and self.figs[k].end == t

    # ---- change_of -------------------------------------------------------------------------
    def _is_rate(self, f: _F) -> bool:
        """A figure that states a change: after a change word ("naik 5%", "turun sebesar Rp35
        ribu"), a signed percentage, or points ("25 basis poin")."""
        known = self._rates.get(f.i)
        if known is None:
            known = self._rates[f.i] = self._rate(f)
        return known

    def _rate(self, f: _F) -> bool:
        if f.value is None:
            return False
        if self._ends_before(f.start, self.not_change, skip=2):
            return False  # "selisih 5%", "terpaut Rp2 miliar": a gap between two things
        ends_before, change, since, to = self._ends_before, self.change_words, self.w["change_from"], self.w["change_to"]
        stops = self.w["rate_fillers_stop"].first
        for t in range(f.start, f.start - int(self.w["rate_skip"]) - 1, -1):
            word = self.low[t - 1]  # (a phrase ends before t only if this word closes one of the table's phrases)
            if word in change.sizes_by_last and ends_before(t, change):
                return True
            if word == "atau" and t == f.start:
                # "naik Rp200 miliar atau 20%": the same change, restated as a percentage
                k = bisect.bisect_left(self.fig_starts, t - 1) - 1
                if k >= 0 and self.figs[k].end == t - 1 and self.figs[k].i != f.i and self._is_rate(self.figs[k]):
                    return True
            if not word or word in stops or (word in since.sizes_by_last and ends_before(t, since)) \
                    or (word in to.sizes_by_last and ends_before(t, to)) or any(map(str.isdigit, word)):
                break
        return f.unit in POINTS or (f.unit == "%" and f.value < 0)

    def _end_kind(self, rate: _F, f: _F) -> bool:
        """Whether f can be an end of a change stated by `rate`."""
        if f.value is None or f.i == rate.i or self._is_rate(f):
            return False
        if rate.unit in POINTS:
            return f.unit == "%"
        if rate.unit == "%":
            return f.unit not in ("pp", "bps", "x")
        return rate.same_kind(f)

    def _after_word(self, a: int, b: int, table, within: int, rate: _F) -> _F | None:
        """The first end figure within `within` tokens after a phrase of `table` in tokens [a, b).
        The search stops at another rate (its own ends follow it), a change word (a new predicate:
        "tumbuh 1,7%, turun dari 4,9%"), a word that opens another clause, or a breakdown
        ("terdiri dari")."""
        low, opens, fig_at, change_first = self.low, table.sizes_by_first, self.fig_at, self.change_words.first
        t = a
        while t < b:
            size = self._starts(t, table) if low[t] in opens else 0  # (_starts is 0 unless the word opens a phrase)
            if not size:
                # (_stops_search is False unless a figure starts at t or the word may open a change word)
                if t > a and (t in fig_at or low[t] in change_first) and self._stops_search(t, rate):
                    return None
                t += 1
                continue
            if self._ends_before(t + size, self.w["sum_triggers"]):
                t += size
                continue
            for f in self._figures_between(t + size, min(b, t + size + within)):
                if any(self._starts(u, self.w["member_stops"]) or self._starts(u, self.w["clause_breaks"])
                       for u in range(t + size, f.start)):
                    break
                if self._end_kind(rate, f) and not self._average(f):
                    return f
                if f.amount and f.unit == rate.unit and f.i != rate.i and not self._bracketed(f):
                    break  # another figure of the kind stands first
            t += size
        return None

    def _stops_search(self, t: int, rate: _F) -> bool:
        f = self._figure_at(t)
        if f is not None and f.i != rate.i and self._is_rate(f):
            # "naik Rp4.000 atau 0,5 persen dari ...": two rates of one change share its ends
            return not any(self.low[u] == "atau" for u in range(rate.end, f.start))
        return self.low[t] in self.change_words.first and self._starts(t, self.change_words) > 0

    def _end_after_start(self, start: _F, rate: _F) -> _F | None:
        """"dari Rp15.360 per liter menjadi Rp16.350 per liter": the later value right after the earlier."""
        return self._after_word(start.end, start.end + 4, self.w["change_to"], 4, rate)

    def _average(self, r: _F) -> bool:
        """"rata-rata 2,2 persen per tahun": a yearly average, not the change between two ends."""
        return self._ends_before(r.start, self.w["average_words"], skip=2) or self._starts(r.end, self.w["average_words"]) > 0

    def _clause(self, r: _F) -> tuple[int, int]:
        s0, s1 = self._sent_bounds(r.sent)
        breaks = self.w["clause_breaks"]
        a0, b0 = max(s0, r.start - 40), min(s1, r.end + 40)
        a = next((t + 1 for t in reversed(self._hits(a0, r.start, breaks)) if self._starts(t, breaks)), a0)
        b = next((t for t in self._hits(r.end, b0, breaks) if self._starts(t, breaks)), b0)
        return a, b

    def _changes(self) -> list[dict]:
        out = []
        seen: set[tuple[int, int, int]] = set()
        for r in self.figs:
            if not self._is_rate(r) or self._average(r):
                continue
            a, b = self._clause(r)
            end = self._after_word(r.end, min(b, r.end + 14), self.w["change_to"], 4, r)
            start = self._after_word(r.end, min(b, r.end + 16), self.w["change_from"], 10, r)
            if start is None and end is None:
                # "dari S menjadi E, naik 12%": both ends right before the rate
                start = self._after_word(max(a, r.start - 16), r.start, self.w["change_from"], 6, r)
                end = self._after_word(start.end, r.start, self.w["change_to"], 4, r) if start else None
                if end is not None and (r.start - end.end > 4 or not any(self.low[u] in (",", "atau") for u in range(end.end, r.start))):
                    start = end = None
            if end is None and start is not None:
                end = self._end_after_start(start, r)
            if end is None:
                end = self._end_before(r, a)
            if start is None and end is not None:
                start = self._start_next_sentence(r, end, b)
            if end is None and start is not None:
                end = self._end_referred_back(r, start)
            if start is None or end is None or start.i == end.i or not start.same_kind(end) or _role_clash(start, end):
                continue
            key = (r.i, start.i, end.i)
            if key in seen:
                continue
            seen.add(key)
            out.append({"type": "change_of", "rate": r.i, "start": start.i, "end": end.i,
                        "_verdict": (change_verdict, (*_shared_scale(start, end), r)), "_anchor": r.i})
        return out

    def _end_before(self, r: _F, a: int) -> _F | None:
        """"mencapai 21.666 ton atau naik 4,5%", "USD 1,04 miliar (Rp17 triliun) atau naik 11%":
        the figure right before the rate, joined by "atau" or a comma."""
        before = [f for f in self._figures_between(a, r.start) if not self._bracketed(f)]
        if not before:
            return None
        f = before[-1]
        if not self._end_kind(r, f):
            return None
        between = [self.low[t] for t in range(f.end, r.start)]
        words = [w for w in between if w not in ("(", ")") and not any(c.isdigit() for c in w)]
        if len(words) > int(self.w["end_before_within"]):
            return None
        if not any(w in ("atau", ",", "dan") for w in words) and not any((w,) in self.change_words for w in words):
            return None
        return f

    def _end_referred_back(self, r: _F, start: _F) -> _F | None:
        """"Angka tersebut naik 75,56 persen ... dibandingkan ... Rp457,59 miliar": the later value is
        the first figure of the kind in the sentence before (its subject)."""
        s0, _ = self._sent_bounds(r.sent)
        if any(f.amount for f in self._figures_between(s0, r.start)):
            return None
        if not any(self._refers_back(t) for t in range(max(s0, r.start - 8), r.start)) and not self._same_subject(r.sent):
            return None
        prev = [f for f in self.by_sent.get(r.sent - 1, []) if f.same_kind(start) and not self._is_rate(f)
                and f.value is not None and not self._in_brackets(f) and not _role_clash(f, start)
                and self._per_unit(f) == self._per_unit(start)  # "102.350 pengguna per minggu" is no total
                and not self._ends_before(f.start, self.w["earlier_markers"], skip=3)]
        return prev[-1] if prev else None

    def _same_subject(self, sent: int) -> bool:
        """"Harga jual emas Antam berada di posisi Rp932 ribu. Harga emas menguat Rp1.000 dari ...":
        the sentence opens on what the one before was about."""
        s0, s1 = self._sent_bounds(sent)
        p0, p1 = self._sent_bounds(sent - 1)
        head = [self.low[t] for t in range(s0, min(s1, s0 + 4)) if self.low[t].isalpha()][:3]
        before = {self.low[t] for t in range(p0, min(p1, p0 + 8))}
        return len(head) >= 2 and sum(w in before for w in head) >= 2

    def _per_unit(self, f: _F) -> str | None:
        """What f is per: "gram" for "Rp932 ribu per gram", "minggu" for "102.350 pengguna per minggu";
        None for "Rp803 miliar per Desember 2024"."""
        for t in range(f.end, f.end + 2):
            if self._starts(t, self.w["price_words"]):
                nxt = self.low[t + 1]
                dated = any(c.isdigit() for c in nxt) or nxt in load_lexicon().months or (nxt,) in self.w["per_dates"]
                return None if dated else nxt or None
        return None

    def _refers_back(self, t: int) -> bool:
        """"Angka itu", "Capaian tersebut"; not "Sementara itu", "tahun ini"."""
        return self._starts(t, self.w["back_reference"]) > 0 and not self._ends_before(t + 1, self.w["not_back_reference"])

    def _in_brackets(self, f: _F) -> bool:
        """Inside parentheses opened earlier in its sentence: "(asumsi kurs Rp16.492 per dolar AS)"."""
        s0, _ = self._sent_bounds(f.sent)
        depth = 0
        for t in range(max(s0, f.start - 30), f.start):
            depth += (self.low[t] == "(") - (self.low[t] == ")")
        return depth > 0

    def _start_next_sentence(self, r: _F, end: _F, b: int) -> _F | None:
        """"... turun 21% menjadi USD 392,8 juta. Ini merupakan penurunan dari yang tercatat pada periode
        sama tahun sebelumnya senilai USD 496 juta": the earlier value, named in the next sentence."""
        nxt = self.by_sent.get(r.sent + 1, [])
        if not nxt or any(self._is_rate(f) for f in nxt):
            return None  # no figure there to be the earlier value (and no sentence scanned for nothing)
        s0, s1 = self._sent_bounds(r.sent + 1)
        if not self._starts_between(s0, s1, self.w["earlier_words"]):
            return None
        compared = self._starts_between(r.end, b, self.w["compared_with"])
        refers = any(self._refers_back(t) for t in range(s0, min(s1, s0 + 3)))
        if not (compared or refers):
            return None
        same = [f for f in nxt if f.same_kind(end) and f.value is not None and not self._bracketed(f) and not _role_clash(f, end)]
        if len(same) != 1 or not self._starts_between(s0, same[0].start, self.w["earlier_words"]):
            return None  # the earlier time is named before the figure: "pada Februari kemarin ... 20.737 ton"
        return same[0]

    # ---- share_of --------------------------------------------------------------------------
    def _shares(self) -> list[dict]:
        out = []
        last_whole: dict[int, _F] = {}  # sentence -> the whole its shares were of, for "(26%)" lists
        for k, p in enumerate(self.figs):
            if p.unit != "%" or p.value is None or self._is_rate(p) or self._ends_before(p.start, self.not_change, 2):
                continue
            part = self._part(k)
            size = self._starts(p.end, self.w["share_of"])
            whole = None
            if size:
                whole = self._whole_after(p, size)
                named = self._named_words(p.end + size)
                if whole is None and part is not None and self._referred_back(p.end + size):
                    whole = self._whole_before(part, named)
                if whole is None and part is not None and self._starts(p.end, self.w["share_of_total"]):
                    whole = self._headline_total(part, named)
                if part is None and self._referred_back(p.end + size):
                    # "5% dari total dana tersebut ..., nilainya Rp5 triliun": whole before, part after
                    part = next((f for f in self.by_sent.get(p.sent, []) if f.start > p.end and f.amount), None)
                    whole = self._whole_before(part, named) if part is not None else None
            elif part is not None and self.low[p.start - 1] == "(" and part.sent in last_whole:
                whole = last_whole[part.sent]  # "... 31% dari total penjualan, disusul X 14.849 unit (26%)"
            elif part is not None:
                whole = self._opening_whole(part)
            if part is None and whole is None and (size == 0 or self._starts(p.end, self.w["share_of_total"])) \
                    and not self._figures_between(p.end, p.end + int(self.w["share_whole_within"]) * (size > 0)):
                part, whole = self._market_share(p, last_whole.get(p.sent))
            if part is None or whole is None or part.i == whole.i or part.unit != whole.unit:
                continue  # (the percentage ties them: "244,98 terawatt hour ... 81,66 persen dari target 299,99 TWh")
            last_whole[part.sent] = last_whole[p.sent] = whole
            out.append({"type": "share_of", "part": part.i, "whole": whole.i, "percent": p.i,
                        "_verdict": (share_verdict, (part, whole, p)), "_anchor": p.i})
        return out

    def _opening_whole(self, part: _F) -> _F | None:
        """"Dari angka tersebut, sekitar 6,8 juta ton atau 68% ...": a sentence that opens on the
        whole (named before, or "Dari total W,") states each "X atau p%" after it as a share of W."""
        s0, _ = self._sent_bounds(part.sent)
        size = self._starts(s0, self.w["share_openers"])
        if not size:
            return None
        within = int(self.w["share_opener_within"])
        head = self._figures_between(s0 + size, part.start)
        back = next((t for t in range(s0 + size, min(part.start, s0 + size + within)) if self._refers_back(t)), None)
        whole = None
        if head and head[0].start - (s0 + size) <= 2:
            whole = head[0]  # "Dari total 219.168 rekening, 49.316 atau 22,5% ..."
        elif back is not None and not self._figures_between(s0 + size, back):
            prev = [f for f in self.by_sent.get(part.sent - 1, []) if f.same_kind(part) and not self._is_rate(f)
                    and f.value is not None and not self._in_brackets(f) and not self._bracketed(f) and not self._is_part(f)]
            whole = prev[-1] if prev else None
        if whole is None or not whole.same_kind(part) or whole.value is None or part.value is None \
                or whole.value <= part.value or not _same_year(whole, part) or self._is_rate(whole):
            return None
        return whole

    def _market_share(self, p: _F, earlier: _F | None) -> tuple[_F | None, _F | None]:
        """"... 6.334 unit ... 4.144 unit. Artinya dari total penjualan ... 60.613 unit, mobil listrik
        meraih pangsa pasar sebesar 10,4%": a share word names the percentage; the whole is the total
        named before it in its sentence, the part the figure of the whole's kind whose clause names
        the share's subject most (one figure only)."""
        s0, _ = self._sent_bounds(p.sent)
        noun = next((t for t in range(p.start - 1, max(s0, p.start - 5) - 1, -1) if self._ends_before(t + 1, self.w["share_nouns"])), None)
        clause = self._clause_start(p.start, s0)
        whole = earlier
        if whole is None:
            if noun is None:
                return None, None
            for f in reversed(self._figures_between(s0, p.start)):
                if f.amount and not self._is_rate(f) and f.value is not None and not self._bracketed(f):
                    a = self._clause_start(f.start, s0)
                    if self._starts_between(max(a, f.start - 8), f.start, self.w["whole_words"]):
                        whole = f
                    break
        if whole is None:
            return None, None
        if whole.end > clause:
            clause = whole.end + (1 if whole.item else 0)
        subject = {self.low[t] for t in range(clause, noun if noun is not None else p.start)
                   if len(self.low[t]) > 3 and self.low[t].isalpha() and self.low[t] not in self.w["vague_words"].first}
        if not subject:
            return None, None
        best, score, tie = None, 0, False
        for f in (self.by_sent.get(p.sent - 1, []) + self._figures_between(s0, whole.start))[-12:]:
            if not f.same_kind(whole) or f.value is None or f.value >= whole.value or self._is_rate(f) \
                    or self._bracketed(f) or not _same_year(f, whole) or _role_clash(f, whole):
                continue
            a = self._clause_start(f.start, self._sent_bounds(f.sent)[0])
            n = len({self.low[t] for t in range(max(a, f.start - 8), f.start)} & subject)
            if n > score:
                best, score, tie = f, n, False
            elif n == score and n:
                tie = True
        if best is None or tie:
            return None, None
        return best, whole

    def _clause_start(self, t: int, s0: int) -> int:
        """The first token of the clause holding token t (after a comma or a clause break)."""
        first = max(s0, t - 40)
        for u in range(t - 1, first - 1, -1):
            if self.low[u] == "," or self._starts(u, self.w["clause_breaks"]):
                return u + max(1, self._starts(u, self.w["clause_breaks"]))
        return first

    def _time_word(self, word: str) -> bool:
        return word.isdigit() or word in load_lexicon().months or (word,) in self.w["time_filler"]

    def _whole_after(self, p: _F, size: int) -> _F | None:
        """"24,44% dari target APBN 2025 sebesar 7,68 triliun": the whole closes the clause."""
        following = next((f for f in self._figures_between(p.end, p.end + int(self.w["share_whole_within"]) + 1)
                          if f.amount), None)
        if following is None or following.sent != p.sent:
            return None
        if self._ends_before(following.start, self.w["restatement"], 1):
            return None  # "1% dari laba bersih atau senilai US$1,22 juta": the part itself
        depth = 0
        for t in range(p.end, following.start):
            word = self.low[t]
            if word in (",", ";") or (t >= p.end + size and self._starts(t, self.w["share_of"])):
                return None  # a clause or a second "dari" stands between
            depth += (word == "(") - (word == ")")
            if depth < 0:
                return None  # "(22,13% dari target) ...": the bracket around the percentage closes
        return following

    def _referred_back(self, t: int) -> bool:
        """"dari nilai anggaran ... tersebut": the whole is a figure named before."""
        for u in range(t, t + int(self.w["back_reference_within"])):
            if self._figure_at(u) is not None or self.low[u] in (",", ";", ".", ""):
                return False
            if self._refers_back(u):
                return True
        return False

    def _named_words(self, t: int) -> set[str]:
        """The words naming the whole after "dari": "dari total premi perusahaan" -> {premi, perusahaan}."""
        words = set()
        for u in range(t, t + int(self.w["back_reference_within"])):
            word = self.low[u]
            if not word or self._figure_at(u) is not None or not word.isalpha() or self._starts(u, self.w["back_reference"]):
                break
            if (word,) in self.w["name_stops"]:
                break  # "dari seluruh kredit macet pinjol per Maret": a date follows the name
            if len(word) > 3 and (word,) not in self.w["share_of_total"] and word not in self.w["vague_words"].first:
                words.add(word)
        return words

    def _names(self, f: _F, words: set[str]) -> bool:
        """Whether f's sentence names the whole the way the share does (no words: nothing to go by):
        one of its words, two when it has more ("kredit macet pinjol" is not "utang pinjol")."""
        if not words:
            return True
        s0, s1 = self._sent_bounds(f.sent)
        found = {self.low[t] for t in range(s0, s1)} & words
        return len(found) >= min(2, len(words))

    def _is_part(self, f: _F) -> bool:
        """"Rp597,28 miliar atau 13,28% dari total": a figure stated as a share of something else."""
        nxt = self._figures_between(f.end, f.end + 4)
        return bool(nxt) and nxt[0].unit == "%" and nxt[0].sent == f.sent and self._starts(nxt[0].end, self.w["share_of"]) > 0

    def _whole_before(self, part: _F, named: set[str]) -> _F | None:
        """The latest figure of the part's kind and year, larger than it, in the sentences before,
        whose sentence names the whole as the share does."""
        for f in reversed(self.figs[: part.i]):
            if f.sent < part.sent - int(self.w["back_reference_sentences"]):
                return None
            if f.sent < part.sent and f.same_kind(part) and f.value is not None and part.value is not None \
                    and f.value > part.value and not self._is_rate(f) and _same_year(f, part) and self._names(f, named) \
                    and not self._is_part(f):
                return f
        return None

    def _headline_total(self, part: _F, named: set[str]) -> _F | None:
        """For "X atau 70,78% dari total penjualan" with no whole after it: the first figure of the
        part's kind in the sentences before, when of the same year, larger, and named alike."""
        first = None
        for f in self.figs[: part.i]:
            if f.sent >= part.sent - int(self.w["headline_sentences"]) and f.sent < part.sent and f.unit == part.unit:
                first = f
                break
        if first is None or not _same_year(first, part) or (first.value or 0) <= (part.value or 0) \
                or self._is_rate(first) or self._is_part(first) or not self._names(first, named) \
                or not (named or (part.item and first.same_kind(part))):  # "3.863 wisman atau 56,62% dari total"
            return None
        return first

    def _part(self, k: int) -> _F | None:
        p = self.figs[k]
        prev = self.figs[k - 1] if k else None
        if prev is not None and prev.sent == p.sent and prev.amount and not self._is_rate(prev):
            between = [self.low[t] for t in range(prev.end, p.start)]
            joiners = self.w["share_joiners"]
            rest = [w for w in between if (w,) not in joiners and w not in (prev.item or "").lower().split()
                    and not self._time_word(w)]  # "Rp8,66 triliun hingga 4 Juli 2025, atau setara 34,32% dari"
            if len(rest) <= int(self.w["part_within"]) and any((w,) in joiners for w in between):
                return prev
            return None
        # "Capaian ini setara 102,08 persen": the first figure of the previous sentence
        s0, _ = self._sent_bounds(p.sent)
        clause = range(max(s0, p.start - 6), p.start)
        if any(self._refers_back(t) for t in clause) and not self._figures_between(s0, p.start):
            prev_figs = [f for f in self.by_sent.get(p.sent - 1, []) if f.amount and not self._is_rate(f)]
            return prev_figs[0] if prev_figs else None
        return None

    # ---- sum_of ----------------------------------------------------------------------------
    def _sums(self) -> list[dict]:
        out = []
        for sent, figs in self.by_sent.items():
            s0, s1 = self._sent_bounds(sent)
            if len(figs) > int(self.w["sum_max_figures"]):
                continue  # a table read as prose
            triggers = []
            table, t0 = self.w["sum_triggers"], s0
            for t in self._hits(s0, s1, table):
                size = self._starts(t, table) if t >= t0 else 0  # (no trigger inside the one before)
                if size:
                    triggers.append((t, size))
                    t0 = t + size
            found = None
            for t, size in reversed(triggers):  # "Rincian outlook W tersebut terdiri dari A dan B": the last word that lists
                found = self._breakdown(sent, s0, s1, t, size)
                if found:
                    break
            if found is None:
                found = self._opening_sum(s0, s1)
            if found:
                whole, parts = found
                out.append({"type": "sum_of", "whole": whole.i, "parts": [f.i for f in parts],
                            "_verdict": (sum_verdict, (whole, parts)), "_anchor": parts[0].i})
        return out

    def _opening_sum(self, s0: int, s1: int):
        """"Dari total 90 kota, 77 kota mengalami inflasi dan 13 kota deflasi": a whole opening the
        sentence, its parts after it."""
        size = self._starts(s0, self.w["sum_opening"])
        if not size:
            return None
        whole = next(iter(self._figures_between(s0 + size, s0 + size + 2)), None)
        if whole is None:
            return None
        return self._with_parts(whole, whole.end, s1)

    def _breakdown(self, sent: int, s0: int, s1: int, t: int, size: int):
        """"W terdiri atas A dan B", "W. Rinciannya, A dan B", "W itu dihitung dari A dan B"."""
        if self._starts(t, self.w["of_which"]):
            # "6.294 orang, dan 4.613 orang di antaranya jemaah Sumbar, 1.636 orang ...": the first part
            # stands before the words, the whole before it; elsewhere the words list only some parts
            first = self._figures_between(max(s0, t - 3), t)
            whole = [f for f in self._figures_between(s0, first[0].start) if not self._bracketed(f)] if first else []
            if not first or not whole or self._breaks(whole[-1].end, first[0].start):
                return None
            return self._with_parts(whole[-1], first[0].start, s1)
        first = next((f for f in self._figures_between(t + size, s1)
                      if f.value is not None and not self._bracketed(f) and not self._is_rate(f)), None)
        if first is None:
            return None
        # the whole: the last figure of the parts' kind before the words ("44 titik di dua ruas jalan,
        # dengan rincian ... 21 titik dan ... 23 titik")
        before = [f for f in self._figures_between(max(s0, t - int(self.w["sum_whole_within"])), t)
                  if not self._bracketed(f) and f.value is not None and f.same_kind(first)]
        whole = before[-1] if before else None
        if whole is not None and self._breaks(whole.end, t):
            whole = None
        each = self._starts(t, self.w["each_words"]) > 0
        if whole is None:
            opening = self._starts(t, self.w["sum_openers"]) and t - s0 <= 1
            back = any(self._refers_back(u) for u in range(max(s0, t - 6), t))
            if each or not (opening or back) or self._figures_between(s0, t):
                return None
            parts = self._parts(None, t + size, s1)
            if len(parts) < 2:
                return None
            prev = [f for f in self.by_sent.get(sent - 1, []) if f.same_kind(parts[0]) and f.value is not None
                    and not self._in_brackets(f) and f.unit not in RATIOS]
            if not prev:
                return None
            whole = prev[-1]
        found = self._with_parts(whole, t + size, s1)
        if found and each:
            # "A dan B masing-masing 70,6% dan 10%": the parts follow at once, closed by "dan"
            parts = found[1]
            if parts[0].start - (t + size) > 2 or not self._closed_by(parts, self.w["each_closers"]):
                return None
        return found

    def _with_parts(self, whole: _F, a: int, b: int):
        if whole.value is None or self._is_rate(whole) or self._priced(whole):
            return None
        parts = self._parts(whole, a, b)
        if len(parts) < 2:
            return None
        if self._starts_between(a, parts[-1].end, self.w["partial_words"]):
            return None  # "termasuk", "antara lain": only some of the parts
        if any(self._starts(t, self.w["of_which"]) and not self._figures_between(t - 3, t) for t in self._hits(a, parts[-1].end, self.w["of_which"])):
            return None  # "di antaranya A, B": among others
        for t in self._hits(a, parts[-1].end + 3, self.w["remainder_words"]):
            if self._starts(t, self.w["remainder_words"]) and not self._figures_between(t - 3, t + 4):
                return None  # "sisanya berasal dari karyawan": a part with no figure
        if not (self._closed_by(parts, self.w["list_closers"]) or self._ends_sentence(parts[-1], b)):
            return None  # "Sumedang 31 lokasi, Subang 24 lokasi, lalu ada Garut, ...": the list goes on without figures
        return whole, parts

    def _closed_by(self, parts: list[_F], table) -> bool:
        """"A, B dan C": a closing word stands between the parts, shortly before the last."""
        last = parts[-1]
        return self._starts_between(max(parts[-2].end, last.start - int(self.w["closer_within"])), last.start, table)

    def _ends_sentence(self, last: _F, b: int) -> bool:
        """The last part ends the sentence (give or take its item)."""
        rest = [self.low[t] for t in range(last.end, b) if self.low[t].strip()]
        return len(rest) <= 4 and all(w.isalpha() or w in (".", ")", "”", '"') for w in rest)

    def _parts(self, whole: _F | None, a: int, b: int) -> list[_F]:
        """The figures of the whole's kind from token a on, in one list: it ends at a figure of
        another kind, or another breakdown word. Restatements, rates, the start values of changes
        and figures of another role or year are not parts. A figure of a size next to a price
        makes the list a price list: no parts."""
        parts: list[_F] = []
        for f in self._figures_between(a, b):
            if f.value is None:
                continue
            if parts and any(self._starts(t, self.w["sum_triggers"]) and not self._starts(t, self.w["of_which"])
                             for t in range(parts[-1].end, f.start)):
                break
            if self._priced(f):
                return []  # "0,5 gram: Rp1.051.000", "Rp1.051.000/gram": a price list
            kind = whole if whole is not None else (parts[0] if parts else None)
            if kind is None:
                if f.unit in RATIOS or self._bracketed(f):
                    continue
            elif not kind.same_kind(f):
                if self._bracketed(f) or f.unit in RATIOS or (f.unit != kind.unit and kind.unit in RATIOS):
                    continue  # "Rp235 triliun (43,7%)": a restatement beside the part
                if parts:
                    break  # the list ends at a figure of another kind
                continue
            if self._bracketed(f) or self._is_rate(f):
                continue
            if self._restates(f):
                continue
            if self._ends_before(f.start, self.w["change_from"], 1) and not self._ends_before(f.start, self.w["sum_triggers"], 1) \
                    and self._after_word(f.end, f.end + 4, self.w["change_to"], 4, f) is not None:
                continue  # "dari Rp10 miliar menjadi Rp12 miliar": the later value is the part
            if whole is not None and (not _same_year(f, whole) or _role_clash(f, whole)):
                continue
            parts.append(f)
            if len(parts) > int(self.w["sum_max_parts"]):
                return []
        if whole is not None and whole.unit == "%" and parts and whole.sent != parts[0].sent:
            return []
        return parts

    # ---- sum_of stated by an enumeration -----------------------------------------------------
    def _enumerated_sums(self) -> list[dict]:
        """"W tenaga kerja. ... melampaui target, baik untuk tenaga kerja A, B dan C." and later
        "... A ... a tenaga kerja", "... B ... b ...", "... C ... c ...": the total breaks down into
        the categories the words list, each given its figure in a later sentence naming it."""
        out = []
        table = self.w["enumeration_triggers"]
        done = -1  # the last sentence whose list was read or ruled out
        for t in self._hits(0, len(self.doc), table):  # (sentence 0 starts at token 0)
            sent = bisect.bisect_right(self.sent_start, t) - 1
            if sent <= done:
                continue
            s0, s1 = self._sent_bounds(sent)
            size = self._starts(t, table)
            if not size:
                continue
            categories = self._categories(t + size, s1)
            if categories is None:
                continue
            done = sent  # one list per sentence
            if self._starts_between(s0, s1, self.w["partial_words"]) or self._starts_between(s0, s1, self.w["ranking_words"]):
                continue  # "3 komoditas utama, yaitu ...", "seperti A dan B": only some of the parts
            for whole in self._enumerated_totals(sent, t):
                parts = self._category_parts(whole, categories, sent)
                if parts:
                    out.append({"type": "sum_of", "whole": whole.i, "parts": [f.i for f in parts],
                                "_verdict": (sum_verdict, (whole, parts)), "_anchor": parts[0].i})
        return out

    def _categories(self, a: int, b: int) -> list[tuple[list[str], list[str]]] | None:
        """The list after an enumeration word, when it ends the sentence: each category's words and
        its bracketed short name ("tenaga kerja jasa konstruksi (jakon)"); None when the words
        are no closed list of at least two named categories without figures."""
        joiners, closers = self.w["enumeration_joiners"], self.w["enumeration_closers"]
        cats: list[tuple[list[str], list[str]]] = [([], [])]
        depth = 0
        end = b
        while end > a and (self.low[end - 1] in (".", '"', "”", "'", "’", "!", "?") or not self.low[end - 1].strip()):
            end -= 1
        longest = (int(self.w["category_words"]) + 4) * int(self.w["enumeration_categories"])
        if end - a > longest or self._figures_between(a, end):
            return None  # bounded: a long tail is no list of names
        if closers.first.isdisjoint(self.low[a:end]):
            return None  # no closing word at all, so none before a last category (checked below)
        for t in range(a, end):
            word = self.low[t]
            if word in ("(", ")"):
                depth += 1 if word == "(" else -1
                if depth not in (0, 1):
                    return None
                continue
            if depth == 0 and (word,) in joiners:
                if cats[-1][0]:
                    cats.append(([], []))
                continue
            if not word.replace("-", "").isalpha():  # (a word with a digit is not alphabetic either)
                return None
            (cats[-1][1] if depth else cats[-1][0]).append(word)
        if depth != 0 or not cats[-1][0]:
            return None
        if not 2 <= len(cats) <= int(self.w["enumeration_categories"]):
            return None
        if any(len(main) > int(self.w["category_words"]) or not main for main, _ in cats):
            return None
        # the list is closed: "dan"/"serta"/"maupun" right before its last category
        last_start = self._category_start(a, end, len(cats) - 1)
        if last_start is None or self.low[last_start - 1] not in closers.first:
            return None
        return cats

    def _category_start(self, a: int, b: int, n: int) -> int | None:
        """The first token of the n-th category of the list in tokens [a, b)."""
        joiners = self.w["enumeration_joiners"]
        k, depth, prev_sep = 0, 0, True
        for t in range(a, b):
            word = self.low[t]
            depth += (word == "(") - (word == ")")
            if depth == 0 and (word,) in joiners:
                prev_sep = True
                continue
            if prev_sep and word not in ("(", ")"):
                if k == n:
                    return t
                k += 1
            prev_sep = False
        return None

    def _sentence_words(self, sent: int) -> frozenset[str]:
        """A sentence's lower-cased words, worked out once."""
        words = self._words_of.get(sent)
        if words is None:
            s0, s1 = self._sent_bounds(sent)
            words = self._words_of[sent] = frozenset(self.low[u] for u in range(s0, s1))
        return words

    def _enumerated_totals(self, sent: int, t: int) -> list[_F]:
        """The totals a list breaks down: the latest figure of each kind and role before its word,
        in its sentence or the few before it ("Realisasi ... W. ... melampaui target V, baik untuk")."""
        s0, _ = self._sent_bounds(sent)
        back = int(self.w["enumeration_back_sentences"])
        pool = [f for k in range(max(0, sent - back), sent) for f in self.by_sent.get(k, [])]
        pool += self._figures_between(s0, t)
        # the list's own words before it: "realisasi kepesertaan ... melampaui target yang ditetapkan"
        said = {self.low[u] for u in range(s0, t) if len(self.low[u]) > 3 and self.low[u].isalpha()}
        said -= {w for (w, *rest) in self.w["category_fillers"] if not rest}
        latest: dict[tuple, _F] = {}
        for f in pool:
            if f.value is None or not f.amount or self._is_rate(f) or self._bracketed(f) or self._priced(f):
                continue
            if f.sent != sent and not self._names(f, said) and not self._starts_between(s0, t, self.w["back_reference"]):
                continue  # the list says nothing of that total
            latest[(f.unit, item_head(f.item), _planned(f))] = f
        return list(latest.values())

    def _category_parts(self, whole: _F, categories, sent: int) -> list[_F] | None:
        """One figure per category, of the whole's kind, role and year, each the only such figure in
        the first later sentence that names that category (or, in a sentence naming several, between
        its name and the next); None unless every category has its own."""
        item = set((whole.item or "").lower().split())
        fillers = self.w["category_fillers"]

        def own(words: list[str], k: int) -> set[str]:
            others = {w for j, (main, alt) in enumerate(categories) if j != k for w in main + alt}
            return {w for w in words if w not in others and w not in item and (w,) not in fillers and len(w) > 1}

        keys = [(own(main, k), own(alt, k)) for k, (main, alt) in enumerate(categories)]
        if any(not main and not alt for main, alt in keys):
            return None
        window = int(self.w["enumeration_window"])
        parts: list[_F] = []
        for k, (main, alt) in enumerate(keys):
            found = None
            for s in range(sent + 1, min(len(self.sent_start), sent + 1 + window)):
                s0, s1 = self._sent_bounds(s)
                words = self._sentence_words(s)
                named = [j for j, (m, a) in enumerate(keys) if (m and m <= words) or (a and a <= words)]
                if k not in named:
                    continue
                a, b = s0, s1
                if len(named) > 1:
                    # "A mencapai a dan B b": each category's figure stands after its name, before the next
                    first = {j: next(u for u in range(s0, s1) if self.low[u] in keys[j][0] | keys[j][1]) for j in named}
                    a = first[k]
                    b = min([u for j, u in first.items() if u > a] + [s1])
                figs = [f for f in self._figures_between(a, b) if f.value is not None and f.same_kind(whole)
                        and _planned(f) == _planned(whole) and (not _planned(f) or f.role == whole.role)
                        and _same_year(f, whole) and not self._is_rate(f) and not self._bracketed(f)
                        and not self._priced(f)]
                if not figs:
                    continue
                if len(figs) > 1:
                    return None  # two figures of the kind: which is the category's is not said
                found = figs[0]
                break
            if found is None or found in parts or found.value >= whole.value:
                return None
            parts.append(found)
        return parts

    def _starts_between(self, a: int, b: int, table) -> bool:
        return any(self._starts(t, table) for t in self._hits(a, b, table))

    def _restates(self, f: _F) -> bool:
        """"Rp571.206.378.465 atau Rp571,20 miliar": the same amount again, right after another figure."""
        return self._ends_before(f.start, self.w["restatement"], 1) and self._figure_ending_near(f.start - 1, 3)

    def _figure_ending_near(self, t: int, within: int) -> bool:
        k = bisect.bisect_left(self.fig_starts, t) - 1
        return k >= 0 and t - self.figs[k].end < within

    def _priced(self, f: _F) -> bool:
        """A size or count beside a price, or a price per unit."""
        if f.unit not in RATIOS and (self._per_unit(f) or self._ends_before(f.start, self.w["price_verbs"], skip=2)):
            return True  # "Rp9 per lembar" (not "per 31 Maret"), "dijual Rp128.750.000"
        near = self._figures_between(f.end, f.end + 3)
        money = lambda x: x.unit not in RATIOS and x.unit not in ("count", "measure")  # noqa: E731
        return bool(near) and ((f.unit in ("measure", "count") and money(near[0])) or (money(f) and near[0].unit == "measure"))


def _shared_scale(start: _F, end: _F) -> tuple[_F, _F]:
    """"dari Rp821 menjadi Rp831 ribu": one end written without the scale word the other has."""
    scales = load_lexicon().scales
    sa, sb = _scale_word(start.text, scales), _scale_word(end.text, scales)
    if (sa is None) == (sb is None) or start.value is None or end.value is None:
        return start, end
    if sa is None and start.value < 1000:
        return replace(start, value=start.value * float(scales[sb]), rounding=start.rounding * float(scales[sb])), end
    if sb is None and end.value < 1000:
        return start, replace(end, value=end.value * float(scales[sa]), rounding=end.rounding * float(scales[sa]))
    return start, end


def _scale_word(text: str, scales) -> str | None:
    words = text.lower().split()
    return words[-1] if len(words) > 1 and words[-1] in scales else None


def _same_year(a: _F, b: _F) -> bool:
    return a.year is None or b.year is None or a.year == b.year


def _planned(f: _F) -> bool:
    return f.role in ("target", "forecast")


def _role_clash(a: _F, b: _F) -> bool:
    """A target is not part of an actual total, nor a forecast of a reported one."""
    planned = ("target", "forecast")
    return (a.role in planned) != (b.role in planned)
