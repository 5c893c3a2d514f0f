"""Learn the person/organisation/title/place vocabulary of `patterns/names.toml` from real news.

Run `make lexicons` (or `python scripts/learn_lexicons.py CORPUS.jsonl.gz patterns/names.toml`).
Every capitalised word gets counts of the frames it stands in across the corpus:

- person: the words after a speech verb ("kata Asep Riyadi."), before one ("Asep mengatakan",
  ", Umardin Lubis, mengatakan"), after an honorific ("Pak Budi"), and the tail of a title run
  whose words were seen as a name elsewhere ("Pengamat Pasar Uang <Ariston Tjendra>").
- organisation: after "PT" and "Bank", before "Tbk", before an acronym in brackets whose first
  letter fits ("Bursa Efek Indonesia (BEI)").
- title: the words between a position and a known name ("Kepala <Ekonom Bank Permata> Josua"),
  and the first words of such runs (the title vocabulary).
- organisation too: after a noun that names a kind of organisation ("perusahaan Meta", "riset
  Ipsos"; `org_cues` in `patterns/officials.toml`).
- place: after "di"/"ke" ("di Rusia").
- common: words mostly written in lower case ("Uang", "Tim"): a capital there is the sentence's or
  a title's, not a name's.
- acronyms: the name an acronym in brackets spells out across the corpus ("Kementerian Keuangan
  (Kemenkeu)"), kept when one name has most of its evidence; `officials` writes that name for the
  acronym only in an article that itself names it in full somewhere.

A word goes to the class with the most evidence, by a clear margin; words with too little
evidence are left out, so the rules of `officials` decide them by their shape. The output is
sorted and deterministic, so a rebuild shows as a readable diff.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|\n+")
ROOT = Path(__file__).resolve().parent.parent

# The frames it counts are rules, kept with the other officials rules in patterns/officials.toml.
RULES = tomllib.loads((ROOT / "patterns" / "officials.toml").read_text(encoding="utf-8"))
LEARNING = RULES["learning"]
SAY_BEFORE = set(LEARNING["say_before"])
SAY_AFTER = set(LEARNING["say_after"])
HONORIFICS = set(LEARNING["honorifics"])
LOCATIVE = set(LEARNING["locative"])
CONNECTORS = set(LEARNING["connectors"])


def is_cap(tok: str) -> bool:
    return tok[:1].isupper() and not tok.isupper() and tok.replace("-", "").replace("'", "").replace("’", "").isalpha()


def is_acronym(tok: str) -> bool:
    return len(tok) >= 2 and tok.isupper() and tok.isalpha()


def read_corpus(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text")
            if isinstance(text, str):
                yield text


def sentences(text: str):
    for part in SENTENCE.split(text):
        toks = TOKEN.findall(part)
        if toks:
            yield toks


def cap_run(toks: list[str], i: int, step: int = 1, limit: int = 8) -> list[int]:
    """Indices of the capitalised run starting at i, going forward (step 1) or back (-1)."""
    out = []
    while 0 <= i < len(toks) and len(out) < limit and (is_cap(toks[i]) or is_acronym(toks[i])):
        out.append(i)
        i += step
    return out if step == 1 else out[::-1]


class Evidence:
    def __init__(self, positions: set[str], stop_words: set[str], org_cues: set[str] = frozenset(),
                 ranks: set[str] = frozenset()) -> None:
        self.positions = positions
        self.org_cues = org_cues
        self.ranks = ranks  # "Brigjen", "Pak": stand before names, are none
        self.stop = stop_words
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.lower = Counter()  # how often each word is written in lower case
        self.capital = Counter()  # ... and capitalised, not first in its sentence
        self.title_heads = Counter()

    def add(self, word: str, kind: str, n: int = 1) -> None:
        for part in word.split("-"):
            if is_cap(part):
                self.counts[part][kind] += n

    def read(self, texts) -> None:
        tails = []
        for text in texts:
            for toks in sentences(text):
                self._sentence(toks, tails)
        # second pass: runs "<position> <words...> <name>" split where the name words begin
        for run in tails:
            self._title_run(run)

    def _sentence(self, toks: list[str], tails: list) -> None:
        n = len(toks)
        for i, tok in enumerate(toks):
            if tok.islower():
                self.lower[tok] += 1
            elif i and is_cap(tok):
                self.capital[tok.lower()] += 1
            low = tok.lower()
            if low in SAY_BEFORE and tok.islower():
                run = cap_run(toks, i + 1, limit=4)
                if run and len(run) <= 3 and not self._title_word(toks[run[0]]) and self._ends(toks, run[-1] + 1):
                    for k in run:
                        if not is_acronym(toks[k]) and toks[k] not in self.ranks:
                            self.add(toks[k], "person")
                elif run and self._title_word(toks[run[0]]):
                    tails.append([toks[k] for k in cap_run(toks, i + 1, limit=10)])
            elif tok in SAY_AFTER and i:
                end = i - (1 if toks[i - 1] == "," else 0)
                run = cap_run(toks, end - 1, step=-1, limit=10)
                if not run:
                    continue
                before = run[0] - 1
                opened = before < 0 or toks[before] in {",", "“", '"'} or toks[before].islower()
                if opened and len(run) <= 3 and not self._title_word(toks[run[0]]) and not any(is_acronym(toks[k]) for k in run):
                    for k in run:
                        if toks[k] not in self.ranks:
                            self.add(toks[k], "person")
                elif self._title_word(toks[run[0]]) or (before >= 0 and toks[before].lower() in self.positions):
                    tails.append([toks[k] for k in run])
            elif tok in HONORIFICS and i + 1 < n and is_cap(toks[i + 1]) and not self._title_word(toks[i + 1]) \
                    and toks[i + 1] not in self.ranks:
                self.add(toks[i + 1], "person")  # "Pak Budi", not "Pak Gubernur"
            elif low in self.org_cues and tok.islower() and i + 1 < n:
                run = cap_run(toks, i + 1, limit=3)
                if run and self._ends(toks, run[-1] + 1):
                    for k in run:
                        self.add(toks[k], "organisation")  # "perusahaan Meta", "survei Ipsos"
            elif (tok == "PT" or tok == "Bank") and (i == 0 or not is_cap(toks[i - 1])):
                # only a run that ends there ("PT Abc Def Tbk", "Bank Permata,"), so that a name
                # right after the organisation ("PT Abc Budi Santoso mengatakan") is not counted
                run = cap_run(toks, i + 1, limit=6)
                nxt = toks[run[-1] + 1] if run and run[-1] + 1 < n else "."
                if run and len(run) <= (4 if tok == "PT" else 2) and (nxt in {"(", ",", ".", "Tbk"} or nxt in self.stop):
                    for k in run:
                        if not is_acronym(toks[k]) and toks[k] != "Tbk":
                            self.add(toks[k], "organisation")
            elif tok == "Tbk" and i:
                for k in cap_run(toks, i - 1, step=-1, limit=4):
                    if toks[k] != "PT":
                        self.add(toks[k], "organisation")
            elif tok == "(" and i + 2 < n and is_acronym(toks[i + 1]) and toks[i + 2] == ")":
                self._before_acronym(toks, i, toks[i + 1])
            elif low in LOCATIVE and tok.islower() and i + 1 < n:
                run = cap_run(toks, i + 1, limit=3)
                if len(run) == 1 and self._ends(toks, run[-1] + 1):
                    self.add(toks[run[0]], "place")

    def _before_acronym(self, toks: list[str], i: int, acronym: str) -> None:
        """ "Bursa Efek Indonesia (BEI)": the words the acronym abbreviates, by their initials."""
        k, words = i - 1, []
        while k >= 0 and len(words) < 8 and (is_cap(toks[k]) or toks[k] in CONNECTORS):
            words.insert(0, toks[k])
            k -= 1
        caps = [w for w in words if is_cap(w)]
        for j in range(max(0, len(caps) - len(acronym) - 1), len(caps)):
            if caps[j][0] == acronym[0] and len(caps) - j >= 2:
                for w in caps[j:]:
                    self.add(w, "organisation")
                break

    def _title_run(self, run: list[str]) -> None:
        """ "Pengamat Pasar Uang Ariston Tjendra": the tail seen as a name elsewhere is the name,
        the words before it belong to the title."""
        k = len(run)
        while k > 0 and len(run) - k < 3 and self._person_score(run[k - 1]) > 0:
            k -= 1
        if k == len(run) or k == 0:
            return
        self.title_heads[run[0].lower()] += 1
        for w in run[1 : k - 1]:  # not the word right before the name: it may be a first name
            if not is_acronym(w):
                self.add(w, "title")

    def _person_score(self, word: str) -> int:
        c = self.counts.get(word)
        if not c:
            return 0
        return c["person"] - c["organisation"] - c["place"] - c["title"]

    def _title_word(self, word: str) -> bool:
        return word.lower() in self.positions

    @staticmethod
    def _ends(toks: list[str], k: int) -> bool:
        return k >= len(toks) or not (is_cap(toks[k]) or is_acronym(toks[k]))

    def classes(self, min_evidence: int) -> dict[str, list[str]]:
        out: dict[str, set[str]] = {k: set() for k in ("person", "organisation", "title", "place", "common")}
        for word in {w.capitalize() for w in self.capital} - set(self.counts):
            low, cap = self.lower[word.lower()], self.capital[word.lower()]
            if low >= 5 and low > 2 * cap and word.lower() not in self.stop:
                out["common"].add(word)  # "Ancaman", "Tertawakan": never seen in a name's frame, mostly lower case
        for word, c in self.counts.items():
            if word.lower() in self.positions or word in self.ranks:
                continue  # "Gubernur", "Brigjen": a title or rank, whatever frames it stood in
            total = sum(c.values())
            low, cap = self.lower[word.lower()], self.capital[word.lower()]
            if low >= 5 and low > 2 * cap and c["person"] < low:
                out["common"].add(word)  # "Tim", "Uang": a lower-case word capitalised
                continue
            kind, best = c.most_common(1)[0]
            if total >= min_evidence and best >= 0.75 * total and word.lower() not in self.stop:
                out[kind].add(word)
        out["title_heads"] = {w for w, n in self.title_heads.items() if n >= min_evidence and w not in self.positions}
        return {k: sorted(v) for k, v in out.items()}


# "Badan Pusat Statistik (BPS)": up to eight capitalised words (and "dan") before an acronym in brackets.
SPELLED_OUT = re.compile(r"((?:(?:[A-Z][\w'’-]*|dan|&) ){0,7}[A-Z][\w'’-]*) \(([A-Z][A-Za-z]{1,9})\)")
ACRONYM_SHARE = 0.75


def learn_acronyms(texts, positions: set[str], min_evidence: int) -> dict[str, str]:
    """Acronym -> the name it spells out most often: the run before "(ACR)" from the first word whose
    initial is the acronym's, near enough to its end, past any position word ("Ketua Komisi ...")."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for m in SPELLED_OUT.finditer(text):
            run, acronym = m.group(1).split(), m.group(2)
            start = next((i for i in range(max(0, len(run) - len(acronym) - 2), len(run) - 1)
                          if run[i][0] == acronym[0]), None)
            if start is None:
                continue
            while start < len(run) - 1 and run[start].lower() in positions:
                start += 1
            if run[start][0] == acronym[0] and run[start] != acronym:
                seen[acronym][" ".join(run[start:])] += 1
    out = {}
    for acronym, names in seen.items():
        (name, n), total = names.most_common(1)[0], sum(names.values())
        if n >= min_evidence and n >= ACRONYM_SHARE * total:
            out[acronym] = name
    return dict(sorted(out.items()))


def _spells_title(acronym: str, position: str, field: str) -> bool:
    """"menkes" of "menteri" + "kesehatan", "mentan" of "menteri" + "pertanian": the acronym begins
    with three letters or more of the position, and the rest begins the next word or is spelled
    from its letters in order ("kepri" of "kepala dinas" is not: "Kepri" is a province)."""
    n = 0
    while n < min(len(acronym), len(position)) and acronym[n] == position[n]:
        n += 1
    rest = acronym[n:]
    if n < 3 or not rest:
        return False
    letters = iter(field)
    return field.startswith(rest[0]) or all(c in letters for c in rest)


def learn_short_forms(texts, positions: set[str]) -> dict[str, str]:
    """Short forms of titles -> the title they spell out: "Menteri Kesehatan (Menkes)", "Kepala Pusat
    Penerangan (Kapuspen)". An acronym in brackets written in mixed case whose spelled-out run starts
    at a position word with the acronym's initial; the run it follows most often (75%) is its title."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for m in SPELLED_OUT.finditer(text):
            run, acronym = m.group(1).split(), m.group(2)
            if acronym.isupper() or not acronym[1:].islower():
                continue
            start = next((i for i, w in enumerate(run) if w.lower() in positions), None)
            if start is not None and start < len(run) - 1 and _spells_title(acronym.lower(), run[start].lower(), run[start + 1].lower()):
                seen[acronym][" ".join(run[start:])] += 1
    out = {}
    for acronym, titles in seen.items():
        (title, n), total = titles.most_common(1)[0], sum(titles.values())
        if n >= ACRONYM_SHARE * total:
            out[acronym] = title
    return dict(sorted(out.items()))


def wrap(words: list[str], width: int = 110) -> str:
    lines, line = [], ""
    for w in words:
        item = json.dumps(w, ensure_ascii=False) + ", "
        if len(line) + len(item) > width:
            lines.append(line.rstrip())
            line = ""
        line += item
    if line:
        lines.append(line.rstrip())
    return "[\n" + "\n".join("  " + l for l in lines) + "\n]"


HEADER = """# Learned, not listed: built by `make lexicons` (scripts/learn_lexicons.py) from {articles:,} real
# articles ({source}); do not edit by hand, rebuild. Each word is in the class whose frames it
# stood in most (at least {min_evidence} times, 75% of its evidence): `person` after/before speech
# verbs and honorifics, `organisation` after PT/Bank, before Tbk or an acronym in brackets,
# `title` between a position and a name, `place` after di/ke, `common` mostly written in lower case.
# `officials` reads them as sets: a word of a non-person class ends a name, a `person` word may
# start one. Words not listed are judged by their shape.
"""

EXAMPLES = """
# What `officials` must make of them (run by tests/test_patterns.py).
[[examples]]
text = "Pengamat Pasar Uang Ariston Tjendra mengatakan rupiah melemah. Tim riset menilai pasar stabil."
officials = [["Ariston Tjendra", "Pengamat Pasar Uang", true]]

[[examples]]
text = "Presiden Rusia Vladimir Putin mengatakan pasokan gas aman, ujar Kepala Ekonom Bank Permata Josua Pardede."
officials = [["Vladimir Putin", "Presiden Rusia", true], ["Josua Pardede", "Kepala Ekonom Bank Permata", true]]
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "real-news.jsonl.gz"))
    ap.add_argument("output", nargs="?", default=str(ROOT / "patterns" / "names.toml"))
    ap.add_argument("--min-evidence", type=int, default=2)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_file():
        print(f"error: {corpus}: no such corpus file", file=sys.stderr)
        return 1
    rules = RULES
    from spacy.lang.id.stop_words import STOP_WORDS

    texts = list(read_corpus(corpus))
    one_word_positions = {p.lower() for p in rules["positions"] if " " not in p}
    short_forms = learn_short_forms(texts, one_word_positions)
    ev = Evidence(one_word_positions, set(STOP_WORDS),
                  {w.lower() for w in rules["org_cues"]}, {w.rstrip(".") for w in rules["honorifics"]})
    ev.read(texts)
    classes = ev.classes(args.min_evidence)
    classes["person"] = [w for w in classes["person"] if w not in short_forms]  # "Menkes Budi": a title
    old_examples = ""
    out = Path(args.output)
    text = out.read_text(encoding="utf-8") if out.is_file() else ""
    if "[[examples]]" in text:
        old_examples = "\n" + text[text.index("# What `officials`"):] if "# What `officials`" in text else ""
    body = HEADER.format(articles=len(texts), source=corpus.name, min_evidence=args.min_evidence)
    for kind in ("person", "organisation", "title", "place", "common", "title_heads"):
        body += f"\n{kind} = {wrap(classes[kind])}\n"
    acronyms = learn_acronyms(texts, {p.lower() for p in rules["positions"]}, args.min_evidence)
    body += "\n# The name each acronym spells out in the corpus (read only where the article names it too).\n[acronyms]\n"
    body += "".join(f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in acronyms.items())
    body += "\n# Short forms of titles and the titles they spell out (read as positions by `officials`).\n[short_forms]\n"
    body += "".join(f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in short_forms.items())
    body += old_examples.rstrip("\n") + "\n" if old_examples else EXAMPLES
    out.write_text(body, encoding="utf-8")
    print(f"{out}: " + ", ".join(f"{len(v)} {k}" for k, v in classes.items()) + f", {len(acronyms)} acronyms, {len(short_forms)} short forms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
