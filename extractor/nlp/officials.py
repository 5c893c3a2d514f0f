"""`officials`: the people an article names with a position or quotes, once per person.

Indonesian news introduces a speaker as "<position> <organisation> <Name> <verb>" ("Kepala BPS Riau
Asep Riyadi menyebut"), "<position> ..., <Name>, <verb>", "kata/ujar <Name>", "menurut <Name>" or
"<Name> mengatakan"; later a first or last name alone, a nickname, or "dia"/"jelasnya" refers back.
A position opens a run of capitalised words; the person's name is the run's tail whose words are
names by the evidence of the corpus (`patterns/names.toml`, learned by `make lexicons`) and of the
article itself, not organisation, title or place words. Hand-kept words come from
`patterns/officials.toml`. Pages whose links were cut out run words together ("JakartaPramono
Anungmengatakan"); such names are taken apart before they are judged. The organisation is the one
the body names: an acronym it spells out, "PT X Tbk." in full, a ministry or a regional government.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import compress

from spacy.lang.id.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from ..rules import cached, read_toml
from .lexicon import load_lexicon
from .quantities import SPAN_KEY
from .regions import load_gazetteer
from .component import RuleComponent
from .figure_table import figure_rows
from .tokens import doc_words

if not Doc.has_extension("officials"):
    Doc.set_extension("officials", default=None)

ORG_AFTER_PT = re.compile(r"PT(?<=\bPT)\.? ((?:[A-Z][\w&-]*\.? ){1,4})")  # a literal first: found by a fast scan
ACRONYM_IN_BRACKETS = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
RUN_BEFORE_ACRONYM = re.compile(r"(?<![\w&.-])((?:(?:[A-Z][\w&.-]*|dan|&) ){0,7}[A-Z][\w&.-]*) ?$")
RUN_SPACES = 8  # the most spaces a RUN_BEFORE_ACRONYM match holds
QUOTE_CHARS = "“”\""
NAME_TOKEN = re.compile(r"^[A-Z][a-z'’\-]+$|^[A-Z]\.?$|^[A-Z][a-z]*[A-Z][a-z]+$")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
PT_BEFORE = re.compile(r"\bPT\.? (?:[A-Z][\w&-]* ){0,3}$")
LEGAL_SUFFIX = re.compile(r" \(Persero\)| Tbk\b\.?")
GLUED = re.compile(r"[a-z]{3}[A-Z]")
WORD = re.compile(r"[A-Z][a-z]+")
INNER_CAPITAL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
INITIAL = re.compile(r"[A-Z]\.?")  # fullmatch: "M", "M."
NAME_SEPARATOR = re.compile(r"[ -]")
SPACED_HYPHEN = re.compile(r" ?- ?")
MAX_RUN = 16
MAX_NAME = 4
BACK_REFERENCE_REACH = 3  # people named before a "katanya" looked at for the one who spoke


@dataclass
class Person:
    name: str
    title: str | None = None
    org: str | None = None
    quoted: bool = False
    first: int = 0
    mentions: list[int] = field(default_factory=list)  # token index of every mention
    aliases: set[str] = field(default_factory=set)  # "Saifullah Yusuf (Gus Ipul)": the words of "Gus Ipul"


@cached
def _words() -> dict:
    data = read_toml("officials.toml")
    keep_case = ("honorifics", "org_words", "org_heads", "byline", "examples")
    lower = {k: {w.lower() for w in v} for k, v in data.items() if isinstance(v, list) and k not in keep_case}
    for k in keep_case[:4] + ("degrees", "org_abbreviations"):
        lower[k] = set(data[k])
    short_forms = load_names().short_forms  # learned: "Menkes" = "Menteri Kesehatan"
    lower["positions"] |= {k.lower() for k in short_forms}
    lower["positions_list"] = data["positions"] + sorted(k.lower() for k in short_forms)
    lower["org_of_position"] = {k.lower(): v for k, v in data["org_of_position"].items()}
    lower["org_of_regional_head"] = {k.lower(): v for k, v in data["org_of_regional_head"].items()}
    return lower


@dataclass(frozen=True)
class Names:
    """The corpus-learned classes of capitalised words (`patterns/names.toml`)."""

    person: frozenset[str]
    not_person: frozenset[str]  # organisation, title, place and common words
    named_not_person: frozenset[str]  # organisation, title and place words (not common ones)
    organisation: frozenset[str]
    place: frozenset[str]
    common: frozenset[str]
    acronyms: dict[str, str] = field(default_factory=dict)  # "Kemenkeu": "Kementerian Keuangan"
    short_forms: dict[str, str] = field(default_factory=dict)  # "Menkes": "Menteri Kesehatan"


@cached
def load_names() -> Names:
    data = read_toml("names.toml")
    person = frozenset(data["person"])
    return Names(person=person,
                 not_person=frozenset(w for k in ("organisation", "title", "place", "common") for w in data[k]) - person,
                 named_not_person=frozenset(w for k in ("organisation", "title", "place") for w in data[k]) - person,
                 organisation=frozenset(data["organisation"]), place=frozenset(data["place"]),
                 common=frozenset(data["common"]), acronyms=dict(data.get("acronyms", {})),
                 short_forms=dict(data.get("short_forms", {})))


@Language.factory("indonews_officials", requires=["doc._.sent_starts", "span._.figure"], assigns=["doc._.officials", "span._.speaker"])
def make_officials(nlp: Language, name: str):
    return Officials(nlp, name)


class Officials(RuleComponent):
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        self.w = _words()
        self.names = load_names()
        self.places = load_gazetteer().surfaces()
        lex = load_lexicon()
        self.not_names = set(STOP_WORDS) | lex.months | self.w["not_names"]
        self.positions = Phrases(nlp, self.w["positions_list"])
        self.back_reference_words = self.w["back_reference"]
        self.speech_after_words = self.w["speech_after"]
        self.org_cue_words = self.w["org_cues"]
        self.glued_suffixes = set(self.w["speech_after"]) | self.w["glued_words"]
        self.verb_prefixes = tuple(sorted(self.w["verb_prefixes"]))
        self.glued_verb = re.compile(rf"(?:{'|'.join(self.verb_prefixes)})[a-z]{{4,}}")
        self.glued_me_verb = re.compile(rf"(?:{'|'.join(sorted(self.w['nasal_prefixes']))})[a-z]{{3,}}")
        self.speech_before = Phrases(nlp, self.w["speech_before"])
        # every start of a position's text: a word no position starts with opens none (`_org`)
        self.position_prefixes = frozenset(p[:i] for p in self.w["positions"] for i in range(1, len(p) + 1))
        # every lower-case word the component looks up by position: one scan of the doc finds them all
        self.cue_words = frozenset(self.positions.by_first.keys() | self.speech_before.by_first.keys()
                                   | self.speech_after_words | self.org_cue_words | self.back_reference_words)

    def __call__(self, doc: Doc) -> Doc:
        self.written_words = None
        self.name_words: dict[str, bool] = {}  # `_is_name_token`'s answers by word
        self.glued_words: dict[str, bool] = {}  # `_glued`'s answers by word
        self.known_names: dict[str, bool] = {}  # `_known_name`'s answers by word
        self.in_full: dict[str, str | None] = {}  # `_named_in_full`'s answers by acronym
        self.legal_names: dict[str, str | None] = {}  # `_legal_name`'s answers by organisation
        self.doc = doc
        self.words = doc_words(doc)
        # each token's text and lower-case form, indexed as `doc[i]`: the shared lists themselves,
        # which read "" a few tokens past either end (a copy cut to the doc's length touched every word)
        self.text, self.lower = self.words.text, self.words.lower
        # the tokens reading a cue word, ascending: `_tokens_in` and the phrase tables pick theirs from these
        self.cue_at = list(compress(range(len(doc)), map(self.cue_words.__contains__, self.lower)))
        self.said = self.speech_before(self.words, self.cue_at)  # read by _person_words and below
        self.body = doc._.body
        self._org_words: tuple[set[str], dict[str, str]] | None = None  # read on first use: `doc_org_words`
        self.doc_person_words = self._person_words(doc)
        people: list[Person] = []
        owner: dict[int, Person] = {}  # token -> the person whose title or name it is part of
        positions = sorted(self._longest(self.positions(self.words, self.cue_at)))
        self.position_starts = {s for s, _ in positions}
        for start, end in positions:
            if start in owner or (start and self.text[start - 1] in self.w["byline"]):
                continue
            lower_case = not (self.text[start].istitle() or self.text[start].isupper() or (start and self.text[start - 1] == ","))
            found = self._from_position(doc, start, end, owner)
            if found and lower_case and len(found[0].name.split()) < 2:
                continue  # "ekonom Trimegah Securities Fakhrul Fulvian" yes; a lone word after "para analis" no
            if found:
                person, used = found
                for k in used:
                    owner[k] = person
                people.append(person)
        for start, end in self.said:
            if not (self.text[start].islower() or self.lower[start] == "menurut") or end >= len(doc):
                continue  # "PT Terang Dunia": a name, not the verb "terang"; "Menurut Iwan," opens a sentence
            if end in owner:
                owner[end].quoted = True
                continue
            name = self._name_run(doc, end)
            if name and not self.text[start].islower() and self.text[name[0]] not in self.names.person:
                continue  # "Menurut Forbes,", "Menurut Elbit Systems,": a sentence's "Menurut" vouches for no name
            if name is None and (self.text[end].istitle() or self.text[end].isupper()):
                titled = self._after_title_run(doc, end, owner)  # "kata Pemimpin Wilayah PT X, Edwin S Inkiriwang,"
                if titled:
                    people.append(titled)
                    continue
            if name and (len(name) > 1 or self._known_name(self.text[name[0]]) and len(self.text[name[0]].rstrip(".")) > 2):
                person = Person(self._clean(doc, name), quoted=True, first=name[0], mentions=[name[0]])
                people.append(person)
                for k in name:
                    owner[k] = person
        people += self._speakers_by_verb(doc, owner)
        places = self._doc_places(doc) if people else set()  # read only to judge the people found
        self._unglue(people)
        people = [p for p in people if self._is_person_name(p.name, places)]
        merged = self._merge(doc, people)
        self._later_mentions(doc, merged, owner)
        if self._complete_names(doc, merged, owner):
            merged = [p for p in self._merge(doc, merged) if self._is_person_name(p.name, places)]
        merged = _merge_short_names(merged)
        for p in merged:
            p.org = self._expand_org(p.org, p.title)
        doc._.officials = [{"name": p.name, "title": p.title, "org": p.org, "quoted": p.quoted} for p in merged]
        self._speakers(doc, merged)
        self.doc = None  # the component keeps no doc alive between calls
        return doc

    # ---- who is named ------------------------------------------------------------------------
    def _speakers_by_verb(self, doc: Doc, owner: dict[int, Person]) -> list[Person]:
        """ "Budi Santoso mengatakan ...": a name with no position, right before a speech verb."""
        out = []
        for k in self._tokens_in(self.speech_after_words):
            if not k or not self.text[k].islower():
                continue
            j = k - 1
            while j > 0 and self.lower[j] in self.w["skip_after"]:
                j -= 1
            if j in owner or not self._is_name_token(doc, j):
                continue
            name = self._name_before(doc, j + 1, owner)
            if not name or any(t in owner for t in name):
                continue
            if len(name) == 1 and (len(self.text[name[0]].rstrip(".")) < 3 or not self._known_name(self.text[name[0]])):
                continue  # a lone word is a name only when this article or the corpus says so
            person = Person(self._clean(doc, name), quoted=True, first=name[0], mentions=[name[0]])
            for t in name:
                owner[t] = person
            out.append(person)
        return out

    def _after_title_run(self, doc: Doc, k: int, owner: dict[int, Person]) -> Person | None:
        """ "kata Pemimpin Wilayah PT Pegadaian, Edwin S Inkiriwang, saat ...": a capitalised run,
        a comma, and a name the run's end confirms (a comma, lower case or the sentence's end)."""
        start, end = k, min(len(doc), k + MAX_RUN)
        while k < end and (self.text[k].istitle() or self.text[k].isupper() or self.lower[k] in self.w["title_connectors"]) \
                and self.text[k] not in (",", ".") and k not in owner:
            k += 1
        if k >= len(doc) or self.text[k] != "," or k == start:
            return None
        name = self._name_run(doc, k + 1)
        if not name or any(t in owner for t in name) or (len(name) == 1 and not self._known_name(self.text[name[0]])):
            return None
        title_tokens = list(range(start, k))
        person = Person(self._clean(doc, name), title=self._span_text(start, k), org=self._org(doc, title_tokens, start, start),
                        quoted=True, first=name[0], mentions=[name[0]])
        for t in range(start, name[-1] + 1):
            owner[t] = person
        return person

    @staticmethod
    def _doc_places(doc: Doc) -> set[str]:
        """Places the `regions` component found in this article, as written and by name, with
        every tail of them after a space ("Bangka Belitung" of "Kepulauan Bangka Belitung"), so
        that a name is looked up once rather than against every place."""
        places = {w for r in (doc._.regions or []) for w in (r.get("mention"), r.get("name")) if w}
        tails = set()
        for p in places:
            i = p.find(" ")
            while i != -1:
                tails.add(p[i + 1:])
                i = p.find(" ", i + 1)
        return tails | places

    @staticmethod
    def _is_place(name: str, places: set[str]) -> bool:
        """ "Bangka Belitung" of "Kepulauan Bangka Belitung": a place the article names
        (`places` from `_doc_places`)."""
        return name in places

    def _unglue(self, people: list[Person]) -> None:
        """Pages whose links were cut out run words together ("JakartaPramono Anungmengatakan",
        "KeuanganSri MulyaniIndrawati"): the first word keeps what follows its last inner capital,
        later words split there, and a word that is a known name with a small word or verb glued on
        ends the name ("Khamenei" of "Khameneimengatakan", "Sirait" of "Siraitatau")."""
        glued = [p for p in people if self._glued(p.name)]
        if not glued:
            return
        known = self.doc_person_words | {w for p in people if p not in glued for w in p.name.split()}
        for p in glued:
            words = p.name.split()
            parts = INNER_CAPITAL.split(words[0])
            if len(parts) > 1 and not self._title_word(parts[-2]):
                continue  # "WhatsApp", "KrediOne": a brand's own capitals, not a cut link
            words = parts[-1:]
            for w in p.name.split()[1:]:
                parts = INNER_CAPITAL.split(w)
                for part in parts[:-1]:
                    if self._title_word(part):
                        words = []  # "Komnas PerempuanMaria Ulfah": the organisation ends at the glue
                    else:
                        words.append(part)  # "MulyaniIndrawati": two words of one name
                words.append(parts[-1])
            for i, w in enumerate(words):
                stem = self._glued_stem(w, known)
                if stem:
                    words = words[:i] + [stem]
                    break
            while words and (words[0] in self.w["honorifics"] or self._title_word(words[0])):
                words = words[1:]  # "GubernurBank IndonesiaFilianingsih": the title's words
            p.name = " ".join(words)

    def _title_word(self, word: str) -> bool:
        """A word of titles, organisations or places, never a person's."""
        return (word in self.names.not_person or word in self.w["org_words"] or word in self.places
                or word.lower() in self.w["positions"]) and word not in self.names.person

    def _glued_stem(self, word: str, known: set[str] = frozenset()) -> str | None:
        """ "Khamenei" of "Khameneimengatakan", "Anung" of "Anungmengungkap": a name with a small word
        or a verb run onto it; the name must be one the corpus or the article knows, unless a
        me-verb follows four letters or more."""
        if len(word) < 7:
            return None  # a name of three letters and a glued word of four at least
        for i in range(3, len(word) - 3):
            tail, stem = word[i:], word[:i]
            if tail in self.glued_suffixes or tail.startswith(self.verb_prefixes) and self.glued_verb.fullmatch(tail):
                if stem in known or stem in self._doc_words() or i >= 4 and tail in self.w["glued_words"] \
                        or self.glued_me_verb.fullmatch(tail) and (i >= 4 or stem in self.names.person):
                    return stem
        return None

    def _doc_words(self) -> set[str]:
        """The article's words as written, read once and only when a name looks glued."""
        if self.written_words is None:
            self.written_words = set(WORD.findall(self.body))
        return self.written_words

    def _glued(self, name: str) -> bool:
        """Words run together where a link was cut out of the page (a short prefix is a name's own:
        "McDonald", "DeAngelis")."""
        return any(self._glued_word(w) for w in name.split())

    def _glued_word(self, word: str) -> bool:
        """One word of `_glued`, judged once per word and doc: the answer reads only the word and
        the doc's fixed word sets (each name is judged before and after `_unglue`)."""
        glued = self.glued_words.get(word)
        if glued is None:
            glued = self.glued_words[word] = bool(GLUED.search(word) or self._glued_stem(word, self.doc_person_words))
        return glued

    def _is_person_name(self, name: str, places: set[str]) -> bool:
        """Not an organisation, a place, an organisation's or title's word first, one letter, or
        words run together."""
        return bool(name) and len(name.replace(".", "")) > 1 and not self._is_organisation(name) \
            and name not in self.places and not self._is_place(name, places) \
            and name.split()[0] not in self.w["org_words"] and name.split()[0] not in self.w["org_heads"] \
            and not self._glued(name)

    def _is_organisation(self, name: str) -> bool:
        """A name all of whose words are an organisation's, by this article ("perusahaan Ipsos",
        "PT Sri Rejeki Isman") or by the corpus and not a person's there: never a person."""
        words = [w for w in NAME_SEPARATOR.split(name) if w]
        if not words:
            return False
        org_words, names = self.doc_org_words, self.names  # read once, not per word
        return all(w in org_words or (w in names.organisation and w not in names.person) for w in words)

    def _complete_names(self, doc: Doc, people: list[Person], owner: dict[int, Person]) -> bool:
        """The first full mention gives the name: "Metty" named in full as "Metty Yan Harahap", "Ali"
        as "M Ali Ridho", and "Saifullah Yusuf (Gus Ipul)" or "... atau Aguan" gives a nickname."""
        changed = False
        for p in people:
            words = p.name.split()
            if "-" in p.name:
                continue
            best = None
            for k in sorted(set(p.mentions)):
                if self.text[k] == words[0] and len(words) == 2 and self._span_text(k, k + 2).split() != words:
                    j = k + 1  # "Khalid Zeed Abdullah Basalamah" named in full before "Khalid Basalamah"
                    while j < len(doc) and j - k < MAX_NAME - 1 and self.text[j] != words[1] and self._is_name_token(doc, j) \
                            and self.text[j] not in self.w["honorifics"] and j not in owner:
                        j += 1
                    if j < len(doc) and j - k >= 2 and self.text[j] == words[1] and (best is None or j + 1 - k > best[1] - best[0]):
                        best = (k, j + 1)
                    continue
                if self.text[k] != words[0] or self._span_text(k, k + len(words)).split() != words:
                    continue
                i, j = k, k + len(words)
                while j < len(doc) and j - i < MAX_NAME and self._is_name_token(doc, j) \
                        and self.text[j] not in self.w["honorifics"] and (j not in owner or owner[j] is p):
                    j += 1
                if j < len(doc) and (self.text[j].istitle() or self.text[j].isupper()) and self.text[j] not in QUOTE_CHARS:
                    j = k + len(words)  # the capitalised run goes on: not clearly a longer name
                while i > 0 and j - i < MAX_NAME and (i - 1 not in owner or owner[i - 1] is p) and (
                        self._known_name(self.text[i - 1]) and self.lower[i - 1] not in self.w["positions"]
                        and self.lower[i - 1] not in self.not_names
                        or INITIAL.fullmatch(self.text[i - 1])):
                    i -= 1
                alias = self._alias_after(doc, j)
                if alias:
                    p.aliases |= set(alias[0].split())
                if j - i > len(words) and (best is None or j - i > best[1] - best[0]):
                    best = (i, j)
            if best:
                p.name = self._clean(doc, list(range(*best)))
                changed = True
        return changed or any(p.aliases for p in people)

    def _alias_after(self, doc: Doc, j: int) -> tuple[str, int] | None:
        """ "(Gus Ipul)", "alias Aguan", "atau Titiek Soeharto" right after a name: the nickname and
        the token after it."""
        if j + 2 < len(doc) and self.text[j] == "(":
            k = j + 1
            while k < len(doc) and k - j <= 3 and self._is_name_token(doc, k):
                k += 1
            if j + 1 < k and k < len(doc) and self.text[k] == ")":
                return self._clean(doc, list(range(j + 1, k))), k + 1
        if j + 1 < len(doc) and self.lower[j] in ("alias", "atau"):
            name = self._name_run(doc, j + 1)
            if name and len(name) <= 3:
                return self._clean(doc, name), name[-1] + 1
        return None

    def _known_name(self, word: str) -> bool:
        """A name by the corpus, or by this article when the corpus knows the word only as a common
        one ("ungkap Raihan dalam persidangan": the noun "raihan" elsewhere). Judged once per word and
        doc: the answer reads only the word and the doc's fixed words and body (each judging counted
        the word over the whole body)."""
        known = self.known_names.get(word)
        if known is None:
            known = self.known_names[word] = self._judge_known_name(word)
        return known

    def _judge_known_name(self, word: str) -> bool:
        if word in self.doc_person_words and word not in self.names.named_not_person and word not in self.w["org_words"]:
            if word not in self.names.common or self.body.count(word) >= 3:
                return True  # a common noun is a name when the article writes it as one again and again
        return word in self.names.person and word not in self.names.not_person

    def _later_mentions(self, doc: Doc, people: list[Person], owner: dict[int, Person]) -> None:
        """Every later "Budi" or "Jokowi" (a word or nickname of one person's full name) is a mention."""
        by_word: dict[str, Person | None] = {}
        for p in people:
            for w in set(p.name.split()) | _nicknames(p.name):
                if len(w) > 1:
                    by_word[w] = None if by_word.get(w, p) is not p else p  # shared by two people: nobody's
        if not by_word:
            return
        text, lower = self.text, self.lower
        # the tokens reading a name in lower case, from the shared word index (an earlier component
        # built it for most docs: a lookup per name instead of a scan); the names match as written
        names = {w.lower() for w in by_word}
        for k in self.words.positions(names):
            if text[k] not in by_word:
                continue
            p = by_word[text[k]]
            if p is not None and k not in owner:
                p.mentions.append(k)
        for p in people:
            p.mentions.sort()

    def _from_position(self, doc: Doc, start: int, end: int, owner: dict[int, Person]):
        """Read "<position> <org...> <Name>" or "<Name>, <position> <org...>," starting at a position."""
        k = end
        run_end = min(len(doc), end + MAX_RUN)
        words, lowers, w = self.text, self.lower, self.w  # read once: the loop reads them per token
        honorifics, title_connectors = w["honorifics"], w["title_connectors"]
        while k < run_end:
            text = words[k]
            if k > end and k in self.position_starts and lowers[k - 1] in w["list_joiners"] \
                    and self._tail_name(doc, list(range(end, k - 1))):
                break  # "..., Direktur Keuangan Ani Wijaya": the next official of a list
            if text == ",":
                if self._comma_name_comma(doc, end, k, start > 0 and lowers[start - 1] in w["speech_before"]):
                    break  # "Menurut Senior Manager Garuda Indonesia, Iksan Rosan, Garuda ...": the name ends the run
                nxt = words[k + 1] if k + 1 < len(doc) else None
                if nxt is not None and (nxt.istitle() or nxt.isupper() or nxt in honorifics) \
                        and lowers[k + 1] not in w["speech_after"]:
                    k += 1
                    continue
                break
            if text == "." and k > end and (words[k - 1] in w["org_abbreviations"] or words[k - 1] in honorifics):
                k += 1  # "Tbk." written as two tokens
                continue
            if text.endswith(".") and text not in w["org_words"] and not (len(text) == 2 and INITIAL.fullmatch(text)) \
                    and text not in honorifics:
                break  # the sentence ends
            alias = self._alias_after(doc, k) if text == "(" and k > end else None
            if alias and (alias[1] >= len(doc) or not (words[alias[1]].istitle() or words[alias[1]].isupper())):
                name = self._tail_name(doc, list(range(end, k)))
                if name and len(name) > 1:
                    break  # "Menteri Sosial Saifullah Yusuf (Gus Ipul) mengatakan": a nickname, not the title's
            if text.istitle() or text.isupper() or text in title_connectors or lowers[k] in title_connectors \
                    or doc[k].like_num or text.endswith(".") or NAME_TOKEN.match(text):
                k += 1
                continue
            lower = lowers[k]
            if text.islower() and k - end <= 2 and text.isalpha() and all(words[t].islower() for t in range(end, k)) and lower not in w["speech_after"] \
                    and not lower.startswith(("me", "ber", "di")) and lower not in w["not_speech_after"]:
                k += 1  # "Analis pasar uang Ariston Tjendra"
                continue
            break
        while k > end and self.text[k - 1] in (",", "dan", "serta"):
            k -= 1
        tokens = list(range(end, k))
        comma = start - 1
        while comma > start - 3 and comma > 0 and self.lower[comma] in ("yang", "juga"):
            comma -= 1  # "Khalid Basalamah, yang juga Ketua Majelis ...": the title after the name
        if comma >= 1 and self.text[comma] == ",":
            before = self._name_before(doc, comma, owner)
            if before and len(before) >= 2:  # "Elaine Buckberg, mantan ekonom General Motors"
                title_tokens = [t for t in range(start, k) if self.text[t] != ","]
                quoted = self._speaks_after(doc, k + (1 if k < len(doc) and self.text[k] == "," else 0))
                return Person(self._clean(doc, before), title=self._span_text(start, k).rstrip(" ,") or None,
                              org=self._org(doc, title_tokens, start, end), quoted=quoted, first=before[0],
                              mentions=[before[0]]), set(range(before[0], k))
        name = self._tail_name(doc, tokens)
        if name:
            title_end = name[0]
            while title_end > start and self.text[title_end - 1] in (",",):
                title_end -= 1
            title_tokens = list(range(start, title_end))
            while len(title_tokens) > 1 and (self.text[title_tokens[-1]] in self.w["honorifics"] or self.text[title_tokens[-1]] == ","
                                             or self.text[title_tokens[-1]] == "." and self.text[title_tokens[-2]] in self.w["honorifics"]):
                title_tokens.pop()  # "Kapolri Jenderal Pol Listyo": the rank is not the title
            title = self._span_text(title_tokens[0], title_tokens[-1] + 1) if title_tokens else None
            quoted = self._speaks_after(doc, name[-1] + 1) or (start > 0 and (self.lower[start - 1] == "oleh" or self.lower[start - 1] in self.w["speech_before"]
                                                                                   and (self.text[start - 1].islower() or self.lower[start - 1] == "menurut")))
            after_comma = self.text[name[0] - 1] == ","  # "Menteri Koordinator ..., Pratikno."
            word = self.text[name[0]]
            if len(name) == 1 and (len(word.rstrip(".")) < 3
                                   or not quoted and not after_comma and not self._known_name(word)):
                return None  # "CEO Banpu saat itu": a lone unknown word that says nothing is no name
            person = Person(self._clean(doc, name), title=title, org=self._org(doc, title_tokens, start, end), quoted=quoted,
                            first=name[0], mentions=[name[0]])
            return person, set(range(start, name[-1] + 1))
        return None

    def _comma_name_comma(self, doc: Doc, end: int, k: int, said: bool) -> bool:
        """Whether the words between the run's last comma and the comma at k are a name of two to
        four words ("menurut <title>, Iksan Rosan, ..."): its first word a known name, or the run
        opened by a speech verb ("Kantor Gubernur Kepri, Pulau Dompak," is a place)."""
        c = k - 1
        while c > end and self.text[c] != ",":
            c -= 1
        return self.text[c] == "," and 2 <= k - c - 1 <= MAX_NAME and (said or self._known_name(self.text[c + 1])) \
            and all(self._name_token_at(doc, t) and self.text[t] not in self.w["honorifics"] for t in range(c + 1, k))

    def _span_text(self, a: int, b: int) -> str:
        """`doc[a:b].text` (a >= 0) from the word lists, without making Token objects."""
        text = self.text
        b = min(b, self.words.n)
        if b <= a + 1:
            return text[a] if b == a + 1 else ""
        doc = self.doc  # whitespace token by token: some 20 reads a doc cost less than one `doc.to_array`
        return "".join([text[i] + doc[i].whitespace_ for i in range(a, b - 1)]) + text[b - 1]

    def _tokens_in(self, words: set[str]) -> list[int]:
        """Indices of the tokens whose lower-case form is one of `words` (a subset of `cue_words`),
        ascending: what `doc_words(doc).positions(words)` gives, picked from the doc's one cue scan
        (the word index costs more to build than the scan, and no earlier component may have built it)."""
        lower = self.lower
        return [k for k in self.cue_at if lower[k] in words]

    def _organisation_words(self, doc: Doc) -> tuple[set[str], dict[str, str]]:
        """Capitalised words this article uses in organisation names: after "PT" ("PT Padiksi
        Gunatama Tbk.") and before an acronym in brackets ("Bursa Efek Indonesia (BEI)"); and the
        acronyms it spells out, for `org`."""
        words = set()
        acronyms: dict[str, str] = {}
        text = self.body
        for m in ORG_AFTER_PT.finditer(text):
            run = m.group(1).split()
            end = next((i + 1 for i, w in enumerate(run) if w.startswith("Tbk")), len(run))
            words.update(run[:end])  # "PT Mega Sekuritas Tbk. Ratna Sari": the name after "Tbk." is a person's
        for k in self._tokens_in(self.org_cue_words):
            if self.text[k].islower():
                j = k + 1
                while j < len(doc) and j - k <= 3 and (self.text[j].istitle() or self.text[j].isupper()) and self.text[j].isalpha():
                    j += 1
                if j > k + 1 and (j >= len(doc) or not (self.text[j].istitle() or self.text[j].isupper())):
                    words.update(self.text[k + 1:j])  # "perusahaan Meta", "riset Ipsos"
        for a in ACRONYM_IN_BRACKETS.finditer(text):
            m = RUN_BEFORE_ACRONYM.search(text, _run_start(text, max(0, a.start() - 400), a.start()), a.start())
            if m is None:
                continue  # the words right before "(BEI)": looked for only where an acronym stands
            run, acronym = m.group(1).split(), a.group(1)
            start = next((i for i, w in enumerate(run) if w == "PT"), None)
            if start is None:
                start = next((i for i in range(max(0, len(run) - len(acronym) - 2), len(run))
                              if run[i][0] == acronym[0] and len(run) - i >= 2), None)
            while start is not None and start < len(run) - 1 and run[start].lower() in self.w["positions"]:
                start += 1  # "Ketua Komisi Pemberantasan Korupsi (KPK)": the title is no part of the name
            if start and run[start - 1] in self.w["org_heads"]:
                start -= 1  # "Kementerian Perumahan dan Kawasan Permukiman (PKP)"
            if start is not None and all(w in self.names.person for w in run[start:]):
                continue  # "Presiden Joko Widodo (Jokowi)": a person's nickname, not an organisation's acronym
            if start is not None:
                words.update(run[start:])
                acronyms.setdefault(acronym, " ".join(run[start:]))
        return words, acronyms

    def _org_tables(self) -> tuple[set[str], dict[str, str]]:
        """`_organisation_words` of the doc, read when a name is first judged: an article with no
        position or speech cue judges none and skips its regex passes."""
        if self._org_words is None:
            self._org_words = self._organisation_words(self.doc)
        return self._org_words

    @property
    def doc_org_words(self) -> set[str]:
        """The capitalised words the article uses in organisation names."""
        return self._org_tables()[0]

    @property
    def acronyms(self) -> dict[str, str]:
        """The acronyms the article spells out ("BEI": "Bursa Efek Indonesia")."""
        return self._org_tables()[1]

    def _person_words(self, doc: Doc) -> set[str]:
        """Words this article itself uses as a name: right after "kata"/"ujar" ("kata Chandra,")."""
        out = set()
        for start, end in self.said:
            k = end
            run = []
            while k < len(doc) and len(run) < 3 and NAME_TOKEN.match(self.text[k]):
                run.append(self.text[k])
                k += 1
            if run and (k >= len(doc) or not self.text[k].istitle()) \
                    and self.text[start].islower() \
                    and run[0].lower() not in self.w["positions"]:
                out.update(run)
        return out

    def _is_name_token(self, doc: Doc, k: int) -> bool:
        """Whether token k is a word of a person's name, judged once per word and doc: the answer
        reads only the word and what is fixed for the doc, and runs are read over and over."""
        text = self.text[k]
        known = self.name_words.get(text)
        if known is None:
            known = self.name_words[text] = self._is_name_word(text)
        return known

    def _is_name_word(self, text: str) -> bool:
        if text in self.w["honorifics"]:
            return True
        lower = text.lower()  # the token's `lower` form
        if not NAME_TOKEN.match(text) or text in self.w["org_words"] or text in self.places \
                or lower in self.w["positions"] or lower in self.w["speech_before"] or lower in self.not_names:
            return False
        if text in self.doc_person_words or text in self.names.person:
            return True  # "Direktur Utama PT Bank Mandiri Darmawan Junaidi": not the PT's words
        return text not in self.doc_org_words and text not in self.names.not_person

    def _name_token_at(self, doc: Doc, k: int) -> bool:
        """A name word, or the hyphen inside a hyphenated name ("Abdul-Aziz")."""
        text = self.text[k]
        if text == "-" and 0 < k < len(doc) - 1 and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
            return self._is_name_token(doc, k - 1) and self._is_name_token(doc, k + 1)
        return self._is_name_token(doc, k)

    def _tail_name(self, doc: Doc, tokens: list[int]) -> list[int] | None:
        """The person's name at the end of a title run: its trailing name-like tokens."""
        while len(tokens) > 1 and (self.text[tokens[-1]] in self.w["degrees"] or self.text[tokens[-1]] == ","
                                   and self.text[tokens[-2]] in self.w["degrees"]):
            tokens = tokens[:-1]  # "H. Rahmat Hidayat, S.E.": the degree is no part of the name
        while tokens and self.text[tokens[-1]] in (",", ")"):
            if self.text[tokens[-1]] == ")":
                return None
            tokens = tokens[:-1]
        name: list[int] = []
        if len(tokens) > 1 and self._surname_like_org(doc, tokens[-1]) and self._name_token_at(doc, tokens[-2]):
            name, tokens = [tokens[-1]], tokens[:-1]  # "Mohamad Ilham Pratama": "PT ... Pratama" too, a surname here
        for k in reversed(tokens):
            if not self._name_token_at(doc, k) or (self._word_count(doc, name) == MAX_NAME - 1 and self.text[k + 1] != "-"):
                break
            name.insert(0, k)
        while name and (self.text[name[0]] in self.w["honorifics"] or self.text[name[0]] == "-"):
            name = name[1:]
        known = self._known_start(doc, tokens, name)
        if known is not None:
            name = known
        if len(name) > 2 and self.text[name[0] - 1].islower() and self.lower[name[0] - 1] in self.w["title_connectors"]:
            later = next((i for i in range(1, len(name) - 1) if self._known_name(self.text[name[i]])), None)
            if later:
                name = name[later:]  # "Friends of the Earth Kate DeAngelis": "Earth" ends the organisation
        if name and name[0] > 0 and self._opens_org(doc, name[0] - 1) \
                and (len(name) == 1 or not self._known_name(self.text[name[0]])):
            name = name[1:]  # "Partai Gerindra": the organisation's own name ("Barclays Bank Brian Tan" is a name)
        if name:
            text, org_words = self.text, self.doc_org_words  # read once, not per word
            if all(text[t] in org_words or text[t] == "-" for t in name):
                return None
        if len(name) == 1 and name[0] >= 2 and self.text[name[0] - 2] == "," and self._known_name(self.text[name[0]]) \
                and NAME_TOKEN.match(self.text[name[0] - 1]) and self.text[name[0] - 1] in self.names.place:
            name = [name[0] - 1] + name  # "Menteri Pertahanan Israel, Israel Katz,": a given name that is a place's too
        if len(name) == 1 and name[0] and self.text[name[0] - 1].islower() and self.lower[name[0] - 1] in self.w["title_connectors"]:
            return None  # "American Society for Nutrition": the end of an organisation's name
        if len(name) == 1 and not self._known_name(self.text[name[0]]) and self.text[name[0]] in self.names.not_person:
            return None
        return name or None

    def _opens_org(self, doc: Doc, k: int) -> bool:
        """ "Partai", "PT" open an organisation's name, unless they end one ("Barclays Bank")."""
        if self.text[k] not in self.w["org_heads"]:
            return False
        before = self.text[k - 1] if k else None
        return before is None or not (before.istitle() or before.isupper()) or before in self.w["org_words"] \
            or self.lower[k - 1] in self.w["positions"] or before in self.names.not_person

    def _surname_like_org(self, doc: Doc, k: int) -> bool:
        """A word of company names that is also a surname ("Pratama", "Putera"): not common, not a place."""
        text = self.text[k]
        return text in self.names.organisation and text not in self.names.common and text not in self.names.place \
            and self._shaped_like_name(doc, k)

    def _known_start(self, doc: Doc, tokens: list[int], name: list[int]) -> list[int] | None:
        """ "Ketua Panitia Werry Ramadhana Putera": a word this article or the corpus knows as a name
        starts the name even when a later word of it is also an organisation's ("Putera")."""
        lo = len(tokens) - len(name)
        for i in range(max(0, len(tokens) - MAX_NAME), lo):
            k = tokens[i]
            if self._known_name(self.text[k]) and all(self._shaped_like_name(doc, t) for t in tokens[i:]):
                return tokens[i:]
        return None

    def _shaped_like_name(self, doc: Doc, k: int) -> bool:
        text = self.text[k]
        return bool(NAME_TOKEN.match(text)) and text not in self.w["org_words"] and text not in self.places \
            and text.lower() not in self.w["positions"] and text.lower() not in self.not_names

    def _word_count(self, doc: Doc, name: list[int]) -> int:
        """Words of a name, a hyphenated one counting once ("Abdul - Aziz" is one)."""
        return sum(1 for t in name if self.text[t] != "-" and (t == 0 or self.text[t - 1] != "-" or doc[t - 1].whitespace_))

    def _name_run(self, doc: Doc, k: int) -> list[int] | None:
        """A name right at token k ("kata Umardin Lubis")."""
        name = []
        while k < len(doc) and len(name) < MAX_NAME and self._name_token_at(doc, k):
            name.append(k)
            k += 1
        while name and self.text[name[0]] in self.w["honorifics"]:
            name = name[1:]
        if name and k < len(doc) and (self.text[k].istitle() or self.text[k].isupper()) and self.text[k] not in self.w["honorifics"]:
            return None  # "kata Kepala BPS ...", "menurut Bank Dunia": a longer run, not a name alone
        return name or None

    def _name_before(self, doc: Doc, k: int, owner: dict[int, Person]) -> list[int] | None:
        """The name ending right before token k ("... WHHG Metty Yan Harahap menyebut"): the tail
        of the capitalised run there, cut from its title or organisation by evidence."""
        run = []
        j = k - 1
        while j >= 0 and len(run) < MAX_RUN and j not in owner and (
                self._name_token_at(doc, j) or self.text[j].istitle() or self.text[j].isupper()
                or self.text[j] in self.w["honorifics"]) and self.text[j] not in QUOTE_CHARS:
            run.insert(0, j)
            j -= 1
        if not run:
            return None
        name = self._tail_name(doc, run)
        if name and name[0] == run[0] and len(run) >= MAX_NAME and self._name_token_at(doc, run[0]):
            return None  # a long run of name-like words: where the name starts is unclear
        return name

    def _speaks_after(self, doc: Doc, k: int) -> bool:
        """Whether the words after a name make the person the source of a statement."""
        while k < len(doc) and (self.text[k] == "," or self.lower[k] in self.w["skip_after"] or self.text[k] in self.w["degrees"]):
            k += 1
        if k + 1 < len(doc) and self.lower[k] == "yang":
            k += 1  # "Purbaya Yudhi Sadewa yang menyebut"
        if k >= len(doc):
            return False
        word = self.lower[k]
        if word in self.w["not_speech_after"]:
            return False
        return word in self.w["speech_after"] or (self.text[k].islower() and word.startswith("me") and len(word) > 5)

    # ---- what organisation -----------------------------------------------------------------------
    def _org(self, doc: Doc, title_tokens: list[int], start: int, position_end: int) -> str | None:
        org = [t for t in title_tokens if t >= position_end]
        while org and (self.text[org[0]].islower() or self.text[org[0]] in self.w["title_connectors"]):
            org = org[1:]
        while len(org) > 1:
            # the text of a position starts with its first word's: a word that starts none opens none
            n = 0 if self.lower[org[0]] not in self.position_prefixes else \
                next((n for n in (3, 2, 1) if n < len(org) and org[n - 1] - org[0] == n - 1
                      and self._span_text(org[0], org[n - 1] + 1).lower() in self.w["positions"]), 0)
            if not n:
                break
            stripped = self._span_text(org[0], org[n - 1] + 1).lower()
            if stripped in self.w["org_of_position"] or stripped in self.w["org_of_regional_head"]:
                start = org[0]  # "mantan Menteri Agama", "Pj. Gubernur Jawa Barat": the governing position is the last one
            position_end = org[n - 1] + 1
            org = org[n:]
            while org and (self.text[org[0]].islower() or self.text[org[0]] in self.w["title_connectors"]):
                org = org[1:]  # "sekaligus Direktur Eksekutif Energy Watch": the next position of the title
        if len(org) == 1 and self.lower[org[0]] in self.w["positions"]:
            return None
        period = next((i for i, t in enumerate(org) if self.lower[t] in self.w["office_periods"]), None)
        if period is not None:
            org = org[:period]  # "Menteri Perdagangan Periode 2014-2019": the period is the title's
        position = self._span_text(start, position_end).lower()
        ministry = self.w["org_of_position"].get(position)
        if ministry and org and not self.text[org[0]].isupper():
            return self._ministry(doc, ministry, org)
        while len(org) > 3 and self.text[org[-1]] == ")":
            opening = next((i for i in range(len(org) - 3, max(0, len(org) - 6), -1) if self.text[org[i]] == "("), None)
            if not opening:
                break
            org = org[:opening]  # "Bursa Efek Indonesia (BEI)", "... Umrah (Mutiara Haji)": the name, not its short form again
        if len(org) > 2 and ACRONYM.match(self.text[org[-1]]) and self.text[org[-2]] != "(":
            org = org[-1:]  # "Pengawas Pasar Modal ... OJK": the division is the title's, the OJK speaks
        if "," in [self.text[t] for t in org]:
            org = org[: [self.text[t] for t in org].index(",")]  # "Universitas X (UX), Yogyakarta"
        head = next((i for i, t in enumerate(org[:-1]) if self.text[t] in self.w["org_heads"]), None)
        if head:
            org = org[head:]  # "Direktur Keuangan dan TI Bank Sumut": the bank, not the division
        while len(org) > 1 and (self.text[org[0]] in self.names.common or self.lower[org[0]] in self.w["title_connectors"]
                                or self.text[org[0]] == ","):
            org = org[1:]  # "Deputy Direktur Wilayah BPJS TK": the organisation starts after the unit
        government = self.w["org_of_regional_head"].get(position)
        if government and org and self._span_text(org[0], org[-1] + 1) in self.places:
            return f"{government} {self._span_text(org[0], org[-1] + 1)}"  # "Bupati Garut": Pemerintah Kabupaten Garut
        if org and all(self.text[t] in self.places or self.text[t] in self.names.place or self.text[t] in ("(", ")")
                       or self.text[t].isupper() and self.lower[t] in self.w["country_abbreviations"] for t in org):
            return None  # "Presiden Rusia": a place, not an organisation
        if org and all(self.text[t] in self.names.common for t in org):
            return None  # "Pengamat Pasar Uang": a field, not an organisation
        return self._span_text(org[0], org[-1] + 1) if org else None

    def _ministry(self, doc: Doc, ministry: str, org: list[int]) -> str:
        """A minister's ministry from the whole field of the title, before any ordinary word is taken
        off ("Menteri Luar Negeri": Kementerian Luar Negeri; "Menko Perekonomian": Kementerian
        Koordinator Bidang Perekonomian); the short form, a second position and the home country are
        the title's ("Menteri Luar Negeri (Menlu) RI")."""
        cut = next((i for i, t in enumerate(org) if i and (self.text[t] in ("(", ",") or self.lower[t] == "sekaligus")),
                   len(org))
        org = org[:cut]
        for home in self.w["home_country"]:
            words = home.split()
            if len(org) > len(words) and [self.lower[t] for t in org[-len(words):]] == words:
                org = org[: -len(words)]
        field = self._span_text(org[0], org[-1] + 1)
        if field.startswith(ministry.split()[0]):
            return field  # "Wakil Menteri ... Kementerian Luar Negeri Belanda": the ministry named in full
        bidang = self.lower[org[0] - 1] == "bidang"  # "Bidang" taken off as a connector
        if bidang or ministry.endswith(" Bidang") and field.lower().startswith("bidang "):
            ministry = ministry.removesuffix(" Bidang")
            field = "Bidang " + (field if bidang else field.split(" ", 1)[1])
        return f"{ministry} {field}"

    def _expand_org(self, org: str | None, title: str | None) -> str | None:
        """An acronym the article spells out becomes the name ("BPS Riau" -> "Badan Pusat Statistik
        Riau"); a division's long title ending in its organisation's acronym gives that organisation."""
        if not org:
            return org
        full = self.acronyms.get(org) or self._named_in_full(org)
        if full:  # "Antam" of "PT Aneka Tambang Tbk (Antam)"
            ministry = title and self.w["org_of_position"].get(title.split()[0].lower())
            if ministry and not full.startswith(ministry.split()[0]):
                return f"{ministry} {full}"  # "Menteri PKP": the ministry of "Perumahan dan Kawasan Permukiman (PKP)"
            return full
        if not org.startswith("PT"):
            legal = self._legal_name(org)
            if legal:
                return legal  # "Pertamina Patra Niaga" of "PT Pertamina Patra Niaga": the name as the body writes it
        words = org.split()
        out = [self.acronyms.get(w) or self._named_in_full(w) or w if ACRONYM.match(w) else w for w in words]
        return " ".join(out)

    def _named_in_full(self, acronym: str) -> str | None:
        """The name the corpus spells the acronym out as, when this article names it so too ("BI"
        where the body says "Bank Indonesia" without brackets); never a name the article lacks."""
        if acronym not in self.in_full:  # once per acronym and doc: the search reads the whole body
            full = self.names.acronyms.get(acronym)
            self.in_full[acronym] = full if full and full in self.body else None
        return self.in_full[acronym]

    def _legal_name(self, org: str) -> str | None:
        """ "PT Sumber Tirta Abadi Tbk." where the body writes "PT" and up to three words before
        the organisation's name, and "Tbk."/"(Persero)" after it (string search, no pattern built
        per name). Looked up once per organisation and doc: several people share one."""
        if org not in self.legal_names:
            self.legal_names[org] = self._find_legal_name(org)
        return self.legal_names[org]

    def _find_legal_name(self, org: str) -> str | None:
        body, i = self.body, self.body.find(org)
        while i != -1:
            end = i + len(org)
            if end == len(body) or not body[end].isalnum():
                before = PT_BEFORE.search(body, max(0, i - 80), i)
                if before:
                    after = LEGAL_SUFFIX.match(body, end)
                    return body[before.start(): after.end() if after else end]
            i = body.find(org, i + 1)
        return None

    def _clean(self, doc: Doc, tokens: list[int]) -> str:
        out, honorifics = "", self.w["honorifics"]
        for t in tokens:
            text = self.text[t]
            if text in honorifics:
                continue
            out += text + (doc[t].whitespace_ if text != "-" else "")
        return SPACED_HYPHEN.sub("-", out).strip(" ,")

    @staticmethod
    def _merge(doc: Doc, people: list[Person]) -> list[Person]:
        """One entry per person: a name that is part of a fuller one is the same person."""
        people = sorted(people, key=lambda p: (-len(p.name.split()), p.first))
        merged: list[Person] = []
        by_word: dict[str, list[Person]] = {}
        known: dict[int, set[str]] = {}  # each merged person's name words and nicknames (names do not change here)
        for p in people:
            words = set(p.name.split())
            candidates = by_word.get(next(iter(words)), []) if words else []
            same = next((m for m in candidates if words <= known[id(m)] or m.aliases and words <= m.aliases), None)
            if same is None:
                merged.append(p)
                known[id(p)] = words | _nicknames(p.name)
                for w in known[id(p)] | p.aliases:
                    by_word.setdefault(w, []).append(p)
                continue
            same.aliases |= p.aliases
            same.quoted = same.quoted or p.quoted
            same.title = same.title or p.title
            same.org = same.org or p.org
            same.first = min(same.first, p.first)
            same.mentions += p.mentions
        for p in merged:
            p.mentions = sorted(set(p.mentions))
        merged.sort(key=lambda p: p.first)
        return merged

    # ---- who said each figure --------------------------------------------------------------------
    def _speakers(self, doc: Doc, people: list[Person]) -> None:
        """A figure's speaker: the source of the quotation it stands in, else the official its
        sentence names, else the last one named when the sentence refers back ("jelasnya", "kata dia")."""
        figures = figure_rows(doc, SPAN_KEY)  # plain tuples: no Span or Underscore object per figure
        people = [p for p in people if not self._is_organisation(p.name)]  # a speaker is never an organisation
        if not figures or not people:
            return
        mentions = sorted((k, p.name) for p in people for k in p.mentions)
        positions = [k for k, _ in mentions]
        quoted_by = self._quote_sources(doc, mentions, positions, self._quotations_to_figure(doc, figures))
        quote_starts = [a for a, _, _ in quoted_by]
        starts = doc._.sent_starts
        starts = starts.tolist() if starts is not None else [0]  # Python ints: bisect compares them faster
        refers_back = self._tokens_in(self.back_reference_words)
        for start, _, start_char, _, figure in figures:
            q = bisect.bisect_right(quote_starts, start_char) - 1
            if q >= 0 and quoted_by[q][0] <= start_char < quoted_by[q][1]:
                figure.speaker = quoted_by[q][2]
                continue
            sent = bisect.bisect_right(starts, start) - 1
            lo, hi = starts[sent], (starts[sent + 1] if sent + 1 < len(starts) else len(doc))
            first = bisect.bisect_left(positions, lo)
            if first < len(positions) and positions[first] < hi:
                figure.speaker = mentions[first][1]
            elif first and bisect.bisect_left(refers_back, lo) < bisect.bisect_left(refers_back, hi):
                figure.speaker = self._last_speaker(doc, mentions, first)

    def _epithet_after(self, after) -> bool:
        """ “...,” ujar politikus Partai Gerindra itu: the verb names its speaker by a description that
        points back with "itu"/"tersebut" (two words at least, no time, place or number in it)."""
        verb = next((n for n, t in enumerate(after[:3]) if t.lower_ in self.w["speech_before"]), None)
        if verb is None:
            return False
        for n in range(verb + 1, min(len(after), verb + 10)):
            t = after[n]
            if t.lower_ in self.w["epithet_ends"]:
                return n - verb > 2
            if t.is_punct and t.text not in "()" or t.like_num or t.lower_ in self.w["epithet_breaks"]:
                return False
        return False

    def _last_speaker(self, doc: Doc, mentions: list[tuple[int, str]], i: int) -> str:
        """Whom "katanya", "jelas dia" refer back to: of the last few people named before mention `i`,
        the last one named as a source ("Ariston mengatakan", "kata Ariston") or as the subject of a
        sentence ("Harli Siregar pun angkat bicara"), not one merely spoken of inside a clause
        ("pernyataan Gubernur The Fed Jerome Powell", "dengan Menteri ESDM Arifin Tasrif"); else the
        last one named."""
        for j in range(i - 1, max(-1, i - 1 - BACK_REFERENCE_REACH), -1):
            k = mentions[j][0]
            if self._named_as_source(doc, k) or not self._spoken_of(doc, k):
                return mentions[j][1]
        return mentions[i - 1][1]

    def _spoken_of(self, doc: Doc, k: int) -> bool:
        """The name, with the title before it, follows an ordinary lower-case word of its clause."""
        t = k - 1
        while t >= 0 and (self.text[t][:1].isupper() or self.lower[t] in self.w["title_connectors"] or self.lower[t] == "atau"):
            t -= 1
        return t >= 0 and self.text[t].islower() and self.text[t].isalpha() and self.lower[t] not in self.w["speech_before"]

    def _named_as_source(self, doc: Doc, k: int) -> bool:
        for t in range(k + 1, min(len(doc), k + 8)):
            if self.text[t] in "." or self.text[t] in QUOTE_CHARS:
                break
            if self.lower[t] in self.w["speech_after"]:
                return True
        for t in range(k - 1, max(-1, k - 8), -1):
            if self.text[t] in "." or self.text[t] in QUOTE_CHARS:
                break
            if self.lower[t] in self.w["speech_before"]:
                return True
        return False

    @staticmethod
    def _quotations(text: str) -> list[tuple[int, int]]:
        """(start, end) of each quotation, a quote continued over paragraphs as one: a paragraph
        that opens a quote and does not close it goes on in the next one that opens again.

        One pass over the marks, not over the paragraphs: a quote still open when a mark comes in a
        later paragraph goes on only if that paragraph is the very next one and the mark opens it
        (a paragraph without marks in between closes it, as it does paragraph by paragraph)."""
        out, open_at = [], None
        para_end = -1  # the "\n" ending the paragraph the open quote has reached
        for m in _quote_marks(text):
            if open_at is not None and m > para_end:
                start = text.rfind("\n", 0, m) + 1
                if start == para_end + 1 and not text[start:m].strip():
                    para_end = _paragraph_end(text, m)  # the paragraph's opening mark carries the quote on
                    continue
                open_at = None
            if open_at is None:
                open_at, para_end = m, _paragraph_end(text, m)
            else:
                out.append((open_at, m + 1))
                open_at = None
        return out

    def _quotations_to_figure(self, doc: Doc, figures) -> list[tuple[int, int]]:
        """The article's quotations up to the last one a figure starts in: the later ones are looked
        up by no figure, and whether one goes on from an earlier one (`_goes_on`) looks only back."""
        quotations = self._quotations(doc._.body)
        chars = sorted(row.start_char for row in figures)
        last = 0
        for n, (a, b) in enumerate(quotations):
            i = bisect.bisect_left(chars, a)
            if i < len(chars) and chars[i] < b:
                last = n + 1
        return quotations[:last]

    def _quote_sources(self, doc: Doc, mentions: list[tuple[int, str]], positions: list[int],
                       quotations: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """(start char, end char, name) of the quotations attributed right after them (“...,” kata X),
        or right before them (X mengatakan, “...”), or going on from the paragraph before."""
        out = []
        text = doc._.body
        for a, b in quotations:
            after = doc.char_span(b, min(len(text), b + 80), alignment_mode="contract")
            if after is not None and len(after):
                i = bisect.bisect_left(positions, after.start)
                if i < len(positions) and positions[i] < after.end and not any(self.text[t] in QUOTE_CHARS for t in range(after.start, positions[i])):
                    out.append((a, b, mentions[i][1]))
                    continue
                if i and (any(self.lower[t] in self.w["back_reference"] for t in range(after.start, min(after.end, after.start + 4))) or self._epithet_after(after)):
                    out.append((a, b, self._last_speaker(doc, mentions, i)))
                    continue
            before = doc.char_span(max(0, a - 120), a, alignment_mode="contract")
            last = range(max(before.start, before.end - 12), before.end) if before is not None else ()
            if last and any(self.lower[t] in self.w["speech_after"] for t in last) and not any(self.text[t] in ".\n" for t in last):
                i = bisect.bisect_left(positions, before.end) - 1
                if i >= 0 and positions[i] >= before.end - 14:
                    out.append((a, b, mentions[i][1]))
                    continue
            if out and self._goes_on(text, out[-1][1], a, b):
                out.append((a, b, out[-1][2]))
        return out

    @staticmethod
    def _goes_on(text: str, last_end: int, a: int, b: int) -> bool:
        """A paragraph that is one quotation and nothing else, right after the paragraph of an
        attributed quotation, goes on with that speaker's words (“...,” kata Budi. ¶ “...”)."""
        start = text.rfind("\n", 0, a) + 1
        end = text.find("\n", b)
        end = len(text) if end == -1 else end
        if text[start:a].strip() or text[b:end].strip(" .\t"):
            return False
        return start > 0 and text.rfind("\n", 0, start - 1) < last_end < start

    @staticmethod
    def _longest(matches):
        out, last_end = [], -1
        for m in sorted(matches, key=lambda m: (m[0], m[0] - m[1])):
            if m[0] >= last_end:
                out.append(m)
                last_end = m[1]
        return out


class Phrases:
    """Where a doc's lower-cased tokens read one of the phrases, as sorted (start, end) pairs: what
    a LOWER PhraseMatcher finds, from the shared word index (a phrase's first word) without a pass
    over the doc."""

    def __init__(self, nlp: Language, phrases) -> None:
        self.by_first: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(t.lower_ for t in nlp.make_doc(phrase))
            if words:
                self.by_first.setdefault(words[0], set()).add(words)
        # the phrases of each first word by length: one set lookup per length rather than a
        # comparison per phrase (two phrases of one length never both match at one place)
        self.sizes: dict[str, tuple[tuple[int, frozenset[tuple[str, ...]]], ...]] = {
            first: tuple(sorted((size, frozenset(p for p in phrases if len(p) == size)) for size in {len(p) for p in phrases}))
            for first, phrases in self.by_first.items()}

    def __call__(self, words, at: list[int] | None = None) -> list[tuple[int, int]]:
        """`at`: ascending token indices holding at least every phrase's first word (default: found
        through the doc's word index)."""
        lower, n, out = words.lower, words.n, []
        sizes = self.sizes
        for k in (words.positions(sizes.keys()) if at is None else at):
            by_size = sizes.get(lower[k])
            if by_size is None:
                continue
            for size, phrases in by_size:
                if size == 1:
                    out.append((k, k + 1))  # the word itself
                elif k + size <= n and tuple(lower[k:k + size]) in phrases:
                    out.append((k, k + size))
        out.sort()
        return out


def _run_start(text: str, lo: int, end: int) -> int:
    """Where a RUN_BEFORE_ACRONYM match ending at `end` can start at the earliest: after the
    (RUN_SPACES + 1)th space back, so the search does not try every place in `text[lo:end]`."""
    for _ in range(RUN_SPACES + 1):
        end = text.rfind(" ", lo, end)
        if end == -1:
            return lo
    return end + 1


def _quote_marks(text: str) -> list[int]:
    """Where `text` holds a quote mark, ascending: what a regex of the marks finds, by `str.find`
    per mark character (six times faster on news text, which holds a few marks)."""
    out = []
    for ch in QUOTE_CHARS:
        i = text.find(ch)
        while i != -1:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _paragraph_end(text: str, i: int) -> int:
    """Where the paragraph holding `i` ends: its "\n", or the text's end."""
    end = text.find("\n", i)
    return len(text) if end == -1 else end


def _nicknames(name: str) -> set[str]:
    """ "Joko Widodo" -> Jokowi, Jokowid: the first name with the start of the last, as Indonesian
    news shortens names."""
    words = name.split()
    return {words[0] + words[-1][:k].lower() for k in (2, 3)} if len(words) > 1 else set()


def _merge_short_names(people: list[Person]) -> list[Person]:
    """ "Ara" after "Maruarar Sirait": a lone untitled word inside one word of exactly one fuller
    name is that person's short name, as Indonesian news shortens given names."""
    out = []
    for p in people:
        word = p.name.lower()
        if p.title is None and " " not in word and len(word) >= 3:
            fuller = [m for m in people if m is not p and " " in m.name
                      and any(word in w.lower() and word != w.lower() for w in m.name.split())]
            if len(fuller) == 1:
                m = fuller[0]
                m.quoted = m.quoted or p.quoted
                m.mentions = sorted(set(m.mentions + p.mentions))
                m.aliases.add(p.name)
                m.first = min(m.first, p.first)
                continue
        out.append(p)
    return out
