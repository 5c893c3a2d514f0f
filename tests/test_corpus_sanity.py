"""Over the whole real corpus: no person whose name is a common word or a title alone, and no
region matched from an ordinary word. Skips when ../shared is absent."""
import functools
import gzip
import json
import re

from conftest import shared_path
from spacy.lang.id.stop_words import STOP_WORDS

from extractor import extract_many
from extractor.rules import read_toml

POSITIONS = {p.lower() for p in read_toml("officials.toml")["positions"]}
MONTHS = set(read_toml("dates.toml")["months"])
# Ordinary Indonesian words that are also (parts of) place names.
ORDINARY = {"batu", "bara", "tetap", "guna", "ibu", "tutur", "pati", "bone", "buru", "agam", "muna", "lebak", "karo",
            "banjar", "kota", "utara", "selatan", "barat", "timur", "tengah", "raya", "baru", "jaya", "pulau"}


@functools.lru_cache(maxsize=1)
def _records():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh]
    return list(extract_many(articles, on_error=lambda article, err: None))


def test_names_and_places_are_never_ordinary_words():
    bad_names, bad_places, people, places = [], [], 0, 0
    for record in _records():
        for official in record["officials"]:
            people += 1
            words = official["name"].split()
            lowered = official["name"].lower()
            if (not 1 <= len(words) <= 4 or lowered in POSITIONS or any(w.lower() in STOP_WORDS for w in words)
                    or any(w.lower() in MONTHS for w in words) or not all(w[:1].isupper() for w in words)):
                bad_names.append(official["name"])
        for region in record["regions"]:
            places += 1
            mention = region["mention"]
            if mention.islower() or mention.lower() in STOP_WORDS or mention.lower() in ORDINARY:
                bad_places.append(mention)
    assert people > 1000 and places > 2000
    assert bad_names == []
    assert bad_places == []


# What a figure measures (`metric`, read by `compare` and the tables) is never a verb of reporting,
# a unit or scale word, or a date: "mencapai", "ton", "persen", "Maret" say nothing of what is measured.
NOT_METRIC = {"mencapai", "sebesar", "senilai", "tercatat", "menjadi", "sekitar", "persen", "rp", "triliun", "miliar",
              "juta", "ribu", "yoy", "berukuran", "ditutup"} | {w.lower() for w in read_toml("units.toml")["measure"]["words"]} \
    | MONTHS


def test_metrics_are_never_verbs_units_or_dates():
    bad, measured = [], 0
    for record in _records():
        for q in record["quantities"]:
            words = (q.get("metric") or "").lower().split()
            measured += bool(words)
            if any(w in NOT_METRIC for w in words):
                bad.append(q["metric"])
    assert measured > 20000
    assert bad == []


OFFICIALS = read_toml("officials.toml")
GLUED = re.compile(r"[a-z]{3}[A-Z]")
SPEECH_VERBS = tuple(v for v in OFFICIALS["speech_after"] if len(v) > 6)
NAMES = read_toml("names.toml")
# Hand-kept organisation words and learned title words (learned organisation words are left out:
# "Chandra", "Adhi" name companies and people alike).
ORG_OR_TITLE = (set(OFFICIALS["org_words"]) | set(OFFICIALS["org_heads"]) | set(NAMES["title"])) - set(NAMES["person"])


def test_officials_are_people_not_organisations_or_titles():
    """The boundary between a title or organisation and the name after it holds on every article:
    no name starts with an organisation or title word, none is one letter, none holds words run
    together ("IranAyatollah", "Putinmengatakan"), no figure's speaker is an organisation."""
    bad_start, one_letter, org_speakers, glued, people = [], [], [], [], 0
    for record in _records():
        for official in record["officials"]:
            people += 1
            if any(GLUED.search(w) or w.lower().endswith(SPEECH_VERBS) for w in official["name"].split()):
                glued.append(official["name"])  # "JakartaPramono Anungmengatakan": words a cut link ran together
            first = official["name"].split()[0]
            if first in ORG_OR_TITLE or first.lower() in POSITIONS:
                bad_start.append(official["name"])
            if len(official["name"].replace(".", "").strip()) < 2:
                one_letter.append(official["name"])
        for q in record["quantities"]:
            speaker = q.get("speaker")
            if speaker and (speaker.split()[0] in ORG_OR_TITLE or speaker.isupper()):
                org_speakers.append(speaker)
    assert people > 4000
    assert bad_start == []
    assert one_letter == []
    assert org_speakers == []
    assert glued == []


# "Menteri Luar Negeri (Menlu) RI": the field of a minister spelled out in the title, before its short
# form or the home country.
MINISTER_FIELD = re.compile(r"^(?:[Ww]akil |[Mm]antan )?Menteri (?!Koordinator|Kementerian)"
                            r"((?:[A-Z][a-z]+|dan)(?: (?:[A-Z][a-z]+|dan))*?)(?: RI| Republik Indonesia)?(?: \(.*)?$")


def test_a_minister_speaks_for_the_ministry_of_the_whole_field():
    """Every minister whose title spells the field out speaks for "Kementerian <the whole field>":
    no ordinary word ("Luar", "Lingkungan") dropped, no short form or home country kept."""
    checked, bad = 0, []
    for record in _records():
        for official in record["officials"]:
            found = MINISTER_FIELD.match(official["title"] or "")
            if found and (official["org"] or "").startswith("Kementerian"):
                checked += 1
                if official["org"] != f"Kementerian {found.group(1)}":
                    bad.append((official["title"], official["org"]))
    assert checked > 200
    assert bad == []
