"""`officials`: the people an article names with a position or quotes, once per person.

Indonesian news introduces a speaker as "<position> <organisation> <Name> <verb>" ("Kepala BPS Riau
Asep Riyadi menyebut"), "<position> ..., <Name>, <verb>", "kata/ujar <Name>" or "menurut <Name>";
later a first or last name alone, or "dia"/"jelasnya", refers back. A position opens a run of
capitalised words; the person's name is the run's tail that is not organisation vocabulary. Words
come from `patterns/officials.toml`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LOWER
from spacy.lang.id.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..rules import cached, read_toml
from .lexicon import load_lexicon
from .quantities import SPAN_KEY
from .regions import load_gazetteer

if not Doc.has_extension("officials"):
    Doc.set_extension("officials", default=None)

ORG_AFTER_PT = re.compile(r"\bPT\.? ((?:[A-Z][\w&-]*\.? ){1,4})")
ORG_BEFORE_ACRONYM = re.compile(r"(?<![\w&-])((?:[A-Z][\w&-]+ ){1,5})\([A-Z]{2,8}\)")  # from word starts only: linear
QUOTE = re.compile(r"[“\"]([^”\"\n]{1,3000})[”\"]")
NAME_TOKEN = re.compile(r"^[A-Z][a-z'’\-]+$|^[A-Z]\.?$|^[A-Z][a-z]*[A-Z][a-z]+$")
MAX_RUN = 16


@dataclass
class Person:
    name: str
    title: str | None = None
    org: str | None = None
    quoted: bool = False
    first: int = 0
    mentions: list[int] = field(default_factory=list)  # token index of every mention


@cached
def _words() -> dict:
    data = read_toml("officials.toml")
    lower = {k: {w.lower() for w in v} for k, v in data.items() if isinstance(v, list) and k not in ("honorifics", "org_words", "byline", "examples")}
    lower["honorifics"] = set(data["honorifics"])
    lower["org_words"] = set(data["org_words"])
    lower["byline"] = set(data["byline"])
    lower["positions_list"] = data["positions"]
    return lower


@Language.factory("officials")
def make_officials(nlp: Language, name: str):
    return Officials(nlp)


class Officials:
    def __init__(self, nlp: Language) -> None:
        self.w = _words()
        self.places = load_gazetteer().surfaces()
        lex = load_lexicon()
        self.not_names = set(STOP_WORDS) | lex.months | self.w["not_names"]
        self.positions = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.positions.add("POSITION", [nlp.make_doc(p) for p in self.w["positions_list"]])
        self.back_reference_ids = numpy.array([nlp.vocab.strings.add(w) for w in self.w["back_reference"]], dtype="uint64")
        self.speech_before = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.speech_before.add("SAY", [nlp.make_doc(p) for p in self.w["speech_before"]])

    def __call__(self, doc: Doc) -> Doc:
        self.doc_org_words = self._organisation_words(doc)
        people: list[Person] = []
        claimed: set[int] = set()  # tokens already read as part of a title or a name
        for _, start, end in sorted(self._longest(self.positions(doc))):
            if start in claimed or (start and doc[start - 1].text in self.w["byline"]):
                continue
            lower_case = not (doc[start].is_title or doc[start].is_upper or (start and doc[start - 1].text == ","))
            found = self._from_position(doc, start, end)
            if found and lower_case and len(found[0].name.split()) < 2:
                continue  # "ekonom Trimegah Securities Fakhrul Fulvian" yes; a lone word after "para analis" no
            if found:
                person, used = found
                claimed.update(used)
                people.append(person)
        for _, start, end in self.speech_before(doc):
            if not doc[start].is_lower:
                continue  # "PT Terang Dunia": a name, not the verb "terang"
            name_at = end
            if name_at < len(doc) and name_at not in claimed:
                name = self._name_run(doc, name_at)
                if name:
                    tokens = name
                    people.append(Person(self._clean(doc, tokens), quoted=True, first=tokens[0], mentions=[tokens[0]]))
                    claimed.update(tokens)
            elif name_at in claimed:
                for p in people:
                    if p.first <= name_at + 12 and p.first >= name_at:
                        p.quoted = True
        merged = self._merge(doc, people)
        doc._.officials = [{"name": p.name, "title": p.title, "org": p.org, "quoted": p.quoted} for p in merged]
        self._speakers(doc, merged)
        return doc

    def _speakers(self, doc: Doc, people: list[Person]) -> None:
        """A figure's speaker: the official its sentence names, or the last one named when the
        sentence refers back ("jelasnya", "kata dia")."""
        figures = doc.spans.get(SPAN_KEY, [])
        if not figures or not people:
            return
        mentions = sorted((k, p.name) for p in people for k in p.mentions)
        positions = [k for k, _ in mentions]
        quoted_by = self._quote_sources(doc, mentions)
        starts = list(doc._.sent_starts) if doc._.sent_starts is not None else [0]
        refers_back = numpy.nonzero(numpy.isin(doc.to_array([LOWER]), self.back_reference_ids))[0].tolist()
        for span in figures:
            source = next((name for a, b, name in quoted_by if a <= span.start_char < b), None)
            if source:
                span._.figure.speaker = source
                continue
            sent = bisect.bisect_right(starts, span.start) - 1
            lo, hi = starts[sent], (starts[sent + 1] if sent + 1 < len(starts) else len(doc))
            first = bisect.bisect_left(positions, lo)
            if first < len(positions) and positions[first] < hi:
                span._.figure.speaker = mentions[first][1]
            elif first and bisect.bisect_left(refers_back, lo) < bisect.bisect_left(refers_back, hi):
                span._.figure.speaker = mentions[first - 1][1]

    def _quote_sources(self, doc: Doc, mentions: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
        """(start char, end char, name) of quotations attributed right after them: “...,” kata X."""
        out = []
        text = doc._.body
        for m in QUOTE.finditer(text):
            after = doc.char_span(m.end(), min(len(text), m.end() + 80), alignment_mode="contract")
            if after is None or not len(after):
                continue
            named = [name for k, name in mentions if after.start <= k < after.end]
            if named:
                out.append((m.start(), m.end(), named[0]))
            elif any(t.lower_ in self.w["back_reference"] for t in after[:4]):
                earlier = [name for k, name in mentions if k < after.start]
                if earlier:
                    out.append((m.start(), m.end(), earlier[-1]))
        return out

    @staticmethod
    def _longest(matches):
        out, last_end = [], -1
        for m in sorted(matches, key=lambda m: (m[1], -(m[2] - m[1]))):
            if m[1] >= last_end:
                out.append(m)
                last_end = m[2]
        return out

    def _from_position(self, doc: Doc, start: int, end: int):
        """Read "<position> <org...> <Name>" or "<Name>, <position> <org...>," starting at a position."""
        k = end
        run_end = min(len(doc), end + MAX_RUN)
        while k < run_end:
            tok = doc[k]
            text = tok.text
            if text == ",":
                nxt = doc[k + 1] if k + 1 < len(doc) else None
                if nxt is not None and (nxt.is_title or nxt.is_upper or nxt.text in self.w["honorifics"]) \
                        and nxt.lower_ not in self.w["speech_after"]:
                    k += 1
                    continue
                break
            if text == "." and k > end and doc[k - 1].text in self.w["org_words"]:
                k += 1  # "Tbk." written as two tokens
                continue
            if text.endswith(".") and text not in self.w["org_words"] and not re.fullmatch(r"[A-Z]\.", text):
                break  # the sentence ends
            if tok.is_title or tok.is_upper or text in self.w["title_connectors"] or tok.like_num or text.endswith("."):
                k += 1
                continue
            if tok.is_lower and k - end <= 2 and tok.is_alpha and tok.lower_ not in self.w["speech_after"] \
                    and not tok.lower_.startswith(("me", "ber", "di")) and tok.lower_ not in self.w["not_speech_after"]:
                k += 1  # "Analis pasar uang Ariston Tjendra"
                continue
            break
        tokens = list(range(end, k))
        if start >= 2 and doc[start - 1].text == ",":
            before = self._name_before(doc, start - 1)
            if before and len(before) >= 2:  # "Elaine Buckberg, mantan ekonom General Motors"
                title_tokens = [t for t in range(start, k) if doc[t].text != ","]
                quoted = self._speaks_after(doc, k + (1 if k < len(doc) and doc[k].text == "," else 0))
                return Person(self._clean(doc, before), title=doc[start:k].text.rstrip(" ,") or None,
                              org=self._org(doc, title_tokens, end), quoted=quoted, first=before[0],
                              mentions=[before[0]]), set(range(before[0], k))
        name = self._tail_name(doc, tokens)
        if name:
            title_end = name[0]
            while title_end > start and doc[title_end - 1].text in (",",):
                title_end -= 1
            title_tokens = list(range(start, title_end))
            if "," in [doc[t].text for t in title_tokens]:
                title_tokens = title_tokens[: [doc[t].text for t in title_tokens].index(",")]
            title = doc[title_tokens[0] : title_tokens[-1] + 1].text if title_tokens else None
            quoted = self._speaks_after(doc, name[-1] + 1) or (start > 0 and doc[start - 1].lower_ == "oleh")
            person = Person(self._clean(doc, name), title=title, org=self._org(doc, title_tokens, end), quoted=quoted,
                            first=name[0], mentions=[name[0]])
            return person, set(range(start, name[-1] + 1))
        return None

    def _organisation_words(self, doc: Doc) -> set[str]:
        """Capitalised words this article uses in organisation names: after "PT" ("PT Padiksi
        Gunatama Tbk.") and before an acronym in brackets ("Bursa Efek Indonesia (BEI)")."""
        words = set()
        text = doc._.body
        for m in ORG_AFTER_PT.finditer(text):
            words.update(m.group(1).split())
        for m in ORG_BEFORE_ACRONYM.finditer(text):
            words.update(m.group(1).split())
        return words

    def _is_name_token(self, doc: Doc, k: int) -> bool:
        text = doc[k].text
        return (bool(NAME_TOKEN.match(text)) and text not in self.w["org_words"] and text not in self.places
                and text not in self.doc_org_words
                and text.lower() not in self.w["positions"] and text.lower() not in self.w["speech_before"]
                and text.lower() not in self.not_names) or text in self.w["honorifics"]

    def _tail_name(self, doc: Doc, tokens: list[int]) -> list[int] | None:
        """The person's name at the end of a title run: its trailing name-like tokens (at most 4)."""
        while tokens and doc[tokens[-1]].text in (",", ")"):
            if doc[tokens[-1]].text == ")":
                return None
            tokens = tokens[:-1]
        name: list[int] = []
        for k in reversed(tokens):
            if not self._is_name_token(doc, k) or len(name) == 3:
                break
            name.insert(0, k)
        while name and doc[name[0]].text in self.w["honorifics"]:
            name = name[1:]
        return name or None

    def _name_run(self, doc: Doc, k: int) -> list[int] | None:
        """A name right at token k ("kata Umardin Lubis")."""
        name = []
        while k < len(doc) and len(name) < 3 and self._is_name_token(doc, k):
            name.append(k)
            k += 1
        while name and doc[name[0]].text in self.w["honorifics"]:
            name = name[1:]
        return name or None

    def _name_before(self, doc: Doc, k: int) -> list[int] | None:
        name = []
        j = k - 1
        while j >= 0 and len(name) < 3 and self._is_name_token(doc, j):
            name.insert(0, j)
            j -= 1
        if j >= 0 and (doc[j].is_title or doc[j].is_upper) and doc[j].text not in (".",):
            return None  # part of a longer capitalised run: an organisation, not a person
        return name or None

    def _speaks_after(self, doc: Doc, k: int) -> bool:
        """Whether the words after a name make the person the source of a statement."""
        while k < len(doc) and (doc[k].text == "," or doc[k].lower_ in self.w["skip_after"]):
            k += 1
        if k + 1 < len(doc) and doc[k].lower_ == "yang":
            k += 1  # "Purbaya Yudhi Sadewa yang menyebut"
        if k >= len(doc):
            return False
        word = doc[k].lower_
        if word in self.w["not_speech_after"]:
            return False
        return word in self.w["speech_after"] or (doc[k].is_lower and word.startswith("me") and len(word) > 5)

    def _org(self, doc: Doc, title_tokens: list[int], position_end: int) -> str | None:
        org = [t for t in title_tokens if t >= position_end]
        while org and (doc[org[0]].is_lower or doc[org[0]].text in self.w["title_connectors"]):
            org = org[1:]
        return doc[org[0] : org[-1] + 1].text if org else None

    def _clean(self, doc: Doc, tokens: list[int]) -> str:
        return " ".join(doc[t].text for t in tokens if doc[t].text not in self.w["honorifics"]).strip(" ,")

    @staticmethod
    def _merge(doc: Doc, people: list[Person]) -> list[Person]:
        """One entry per person: a name that is part of a fuller one is the same person."""
        people = sorted(people, key=lambda p: (-len(p.name.split()), p.first))
        merged: list[Person] = []
        for p in people:
            words = set(p.name.split())
            same = next((m for m in merged if words <= set(m.name.split())), None)
            if same is None:
                merged.append(p)
                continue
            same.quoted = same.quoted or p.quoted
            same.title = same.title or p.title
            same.org = same.org or p.org
            same.first = min(same.first, p.first)
            same.mentions += p.mentions
        merged.sort(key=lambda p: p.first)
        return merged
