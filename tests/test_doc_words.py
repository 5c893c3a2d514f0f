"""The shared per-doc word lists (`nlp/tokens.py`) and the phrase lookups relations builds on them
read exactly what spaCy's tokens and a token-by-token scan read."""
import gzip
import json
from itertools import islice

import pytest
from conftest import processed_doc, shared_path

from extractor.nlp.pipeline import get_pipeline
from extractor.nlp.quantities import SPAN_KEY
from extractor.nlp.tokens import PAD, doc_words

TEXTS = [
    "Laba bersih PT Maju Tbk. naik 12,5% menjadi Rp1,2 triliun, dari Rp1,07 triliun tahun lalu.",
    "JAKARTA - Realisasi investasi terdiri atas PMA Rp200 miliar dan PMDN Rp150 miliar. Harga "
    "emas ANTAM turun Rp1.000 per gram; ÉLAN vital, İstanbul, ǅ, straße.",
    "",
    "naik",
    " \n\n  Naik 😀 5%\u00a0dan 𝔘 Rp2 miliar \n",  # spaces, astral characters
    "naik 5% " + "Rp" * 1500 + " dan 7%",  # a chunk tokenised in pieces
]


@pytest.mark.parametrize("text", TEXTS)
def test_lists_match_the_tokens_and_read_empty_past_either_end(text):
    doc = processed_doc(text)
    words = doc_words(doc)
    n = len(doc)
    assert words.text[:n] == [t.text for t in doc]
    assert words.lower[:n] == [t.lower_ for t in doc]
    for i in (-PAD, -2, -1, n, n + 1, n + PAD - 1):
        assert words.lower[i] == "" and words.text[i] == ""
    assert doc_words(doc) is words  # made once per doc


def test_positions_are_the_tokens_reading_so():
    doc = processed_doc(TEXTS[1])
    words = doc_words(doc)
    for cue in ({"rp200", "dan"}, {"miliar"}, {"tidak-ada"}, set()):
        assert words.positions(cue) == [t.i for t in doc if t.lower_ in cue]


def _naive_ends_before(low, i, table, skip=0):
    """Relations' first rule, token by token: a phrase of `table` ends right before token i or up to
    `skip` tokens earlier."""
    for end in range(i, i - skip - 1, -1):
        for size in range(1, table.longest + 1):
            if end - size >= 0 and tuple(low[end - size + k] for k in range(size)) in table:
                return True
    return False


def _naive_starts(low, i, table):
    for size in range(table.longest, 0, -1):
        if 0 <= i and tuple(low[i + k] for k in range(size)) in table:
            return size
    return 0


def _check_lookups(doc):
    relations = get_pipeline().get_pipe("figure_relations")
    low = [t.lower_ for t in doc] + [""] * PAD
    relations.words, relations.low, relations._first_at = doc_words(doc), doc_words(doc).lower, {}
    try:
        tables = [v for v in relations.w.values() if hasattr(v, "longest")] + [relations.change_words]
        for table in tables:
            for i in range(-3, len(doc) + 3):
                assert relations._starts(i, table) == _naive_starts(low, i, table)
                assert relations._ends_before(i, table, 2) == _naive_ends_before(low, i, table, 2)
            starts = [i for i in range(len(doc)) if _naive_starts(low, i, table)]
            assert [t for t in relations._hits(0, len(doc), table) if relations._starts(t, table)] == starts
    finally:
        del relations.words, relations.low, relations._first_at


@pytest.mark.parametrize("text", TEXTS)
def test_relation_phrase_lookups_match_a_token_by_token_scan(text):
    _check_lookups(processed_doc(text))


def test_relation_phrase_lookups_on_real_news():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in islice(fh, 40)]
    checked = 0
    for article in articles:
        doc = processed_doc(article["text"])
        if len(doc.spans.get(SPAN_KEY, [])) >= 2:
            _check_lookups(doc)
            checked += 1
    assert checked >= 10
