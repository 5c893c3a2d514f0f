"""The officials component's own phrase and span readers give what spaCy's PhraseMatcher and
`Doc[a:b].text` give (invented sentences; the component is checked byte for byte on the corpus)."""
import pytest
from spacy.matcher import PhraseMatcher

from extractor.nlp.officials import RUN_BEFORE_ACRONYM, Phrases, _run_start
from extractor.nlp.pipeline import get_pipeline
from extractor.nlp.tokens import doc_words

PHRASES = ["Direktur", "Direktur Utama", "Wakil Direktur Utama", "Kepala Badan", "kata", "ujar dia"]
TEXTS = [
    "Wakil Direktur Utama PT Maju Jaya Budi Santoso mengatakan, kata dia, laba naik.",
    "DIREKTUR UTAMA bank itu dan direktur keuangan hadir; Kepala Badan Kepala Badan Pusat hadir.",
    "“Stok cukup,” ujar dia. Ujar",  # a phrase cut by the doc's end is no match
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_phrases_find_what_the_phrase_matcher_finds(text):
    nlp = get_pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("P", [nlp.make_doc(p) for p in PHRASES])
    doc = nlp.make_doc(text)
    expected = sorted((s, e) for _, s, e in matcher(doc))
    assert Phrases(nlp, PHRASES)(doc_words(doc)) == expected


def test_phrases_find_each_overlapping_reading():
    nlp = get_pipeline()
    doc = nlp.make_doc("Wakil Direktur Utama Ani")
    found = Phrases(nlp, PHRASES)(doc_words(doc))
    assert found == [(0, 3), (1, 2), (1, 3)]


@pytest.mark.parametrize("text", [
    "Menurut data Bursa Efek Indonesia (BEI), indeks naik.",
    "Ketua Komisi Pengawas Persaingan Usaha dan Pasar Modal Nasional Republik Indonesia Raya (KPPU) hadir.",
    "kata dia\nBank Indonesia (BI) mencatat",
    "Otoritas Jasa Keuangan\n(OJK) menyebut",
    "A B C D E F G H I J K L (ABC)",
])
def test_run_before_an_acronym_is_found_from_a_shorter_window(text):
    end = text.index("(")
    whole = RUN_BEFORE_ACRONYM.search(text, max(0, end - 400), end)
    cut = RUN_BEFORE_ACRONYM.search(text, _run_start(text, max(0, end - 400), end), end)
    assert (cut and cut.span()) == (whole and whole.span())
    assert whole is not None


def test_the_window_starts_after_the_ninth_space_back():
    text = "a b c d e f g h i j k"
    assert text[_run_start(text, 0, len(text)):] == "c d e f g h i j k"
    assert _run_start("Bank Indonesia", 0, 14) == 0
