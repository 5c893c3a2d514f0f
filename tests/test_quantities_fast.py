"""The fast paths of `quantities`, `numbers` and `news_sentences` give what the plain ways give:
`decimal_style` reads the same numerals as a plain pass over every numeral, sentence starts are
those of the plain abbreviation search and numpy bookkeeping, and figures set without an
Underscore object read back through `span._.figure` exactly as when set through it."""
import gzip
import json
import re
import time
from itertools import islice

import numpy
import pytest
from conftest import processed_doc, shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp import numbers, quantities
from extractor.nlp.figure_table import figure_rows
from extractor.nlp.numbers import decimal_style
from extractor.nlp.pipeline import get_pipeline
from extractor.nlp.quantities import SPAN_KEY

# ---- decimal_style ---------------------------------------------------------------------------

_EVERY_NUMERAL = re.compile(r"\d[\d.,]*\d")


def plain_decimal_style(text: str) -> str:
    """decimal_style as a pass over every numeral, skipping those without a separator."""
    en = id_ = 0
    for m in _EVERY_NUMERAL.finditer(text):
        numeral = m.group()
        if "." not in numeral and "," not in numeral:
            continue
        if numbers._EN_ONLY.fullmatch(numeral) or (numbers._EN_DECIMAL.fullmatch(numeral)
                                                   and numbers._UNIT_AFTER.match(text, m.end())):
            en += 1
        elif numbers._ID_ONLY.fullmatch(numeral):
            id_ += 1
    return "en" if en > id_ else "id"


def _separator_numerals(text):
    return [m.span() for m in numbers.NUMERALS.finditer(text)]


def _plain_separator_numerals(text):
    return [m.span() for m in _EVERY_NUMERAL.finditer(text) if "." in m.group() or "," in m.group()]


NUMERAL_PIECES = ["1", "12", "704", "2025", ".", ",", "..", ",,", " ", "%", " persen", " juta", "x", "-", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMERAL_PIECES), max_size=30).map("".join))
def test_numerals_with_separators_on_generated_text(text):
    assert _separator_numerals(text) == _plain_separator_numerals(text)
    assert decimal_style(text) == plain_decimal_style(text)


def test_decimal_style_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        texts = [json.loads(line).get("text") or "" for line in islice(fh, 1500)]
    assert [_separator_numerals(t) for t in texts] == [_plain_separator_numerals(t) for t in texts]
    assert [decimal_style(t) for t in texts] == [plain_decimal_style(t) for t in texts]


def test_decimal_style_is_linear_on_long_digit_runs():
    # a pattern retrying `\d+` inside a run would take minutes here
    text = ("7" * 200_000 + ". ") * 5 + "1,704,308 dan 2.5%"
    start = time.process_time()
    assert decimal_style(text) == "en"
    assert time.process_time() - start < 2


# ---- news_sentences -------------------------------------------------------------------------

def plain_sentence_starts(doc, component) -> list[int]:
    """Token starts as the plain way finds them: the word before every dot searched, numpy bookkeeping."""
    from extractor.nlp.sentences import _WORD_BEFORE, SENTENCE_END

    text = doc._.body
    ends = []
    for m in SENTENCE_END.finditer(text):
        if text[m.start()] == ".":
            word = _WORD_BEFORE.search(text, max(0, m.start() - component.reach), m.start())
            if word and word.group(1).lower() in component.abbreviations:
                continue
        ends.append(m.end())
    idx = numpy.array([t.idx for t in doc], dtype="int64")
    starts = numpy.unique(numpy.concatenate(([0], numpy.searchsorted(idx, numpy.array(ends, dtype="int64")))))
    return starts[starts < len(doc)].tolist()


def _sentence_starts(text):
    from extractor.nlp.body import seed_body

    nlp = get_pipeline()
    doc = nlp.make_doc(text)
    seed_body(doc, text)
    component = nlp.get_pipe("news_sentences")
    doc = component(doc)
    return doc, component


SENTENCE_PIECES = ["Dr", "dr", "DR", "\u212aab", "kab", "PT", "Tbk", "s.d", "jalan", "Jl", "naik", "1,5", ".", ". ", "! ",
                   "? ", "\n", "\n\n", " ", "\"", ")", "İ", "Budi"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=25).map("".join))
def test_sentence_starts_on_generated_text(text):
    doc, component = _sentence_starts(text)
    if not len(doc):
        return
    expected = plain_sentence_starts(doc, component)
    assert doc._.sent_starts.tolist() == expected
    assert doc._.sent_starts.dtype == numpy.int64
    assert [t.i for t in doc if t.is_sent_start] == expected
    assert all(t.is_sent_start is False for t in doc if t.i not in set(expected))


def test_sentence_starts_after_abbreviations():
    doc, component = _sentence_starts("Menurut Dr. Budi dari PT. Maju Tbk. harga naik. Hal itu s.d. akhir tahun. Selesai.")
    starts = doc._.sent_starts.tolist()
    assert [doc[i].text for i in starts] == ["Menurut", "Hal", "Selesai"]
    assert starts == plain_sentence_starts(doc, component)


def test_sentence_starts_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 300):
            text = json.loads(line).get("text") or ""
            doc, component = _sentence_starts(text)
            if len(doc):
                assert doc._.sent_starts.tolist() == plain_sentence_starts(doc, component)


# ---- figures stored without an Underscore -----------------------------------------------------

TEXT = ("Laba naik 12,5% menjadi Rp1,2 triliun pada 2024, dari Rp1,07 triliun. Ekspor 3 juta ton, "
        "sekitar 40-50 unit, IHSG di level 7.245 dan 5x lipat.")


def _figures(doc):
    return [(s.start, s.end, s.label_, s._.figure) for s in doc.spans[SPAN_KEY]]


def test_figures_set_directly_read_back_through_span_underscore():
    assert quantities._span_key_is_offsets()  # the spaCy in use keys span._ by character offsets
    doc = processed_doc(TEXT)
    rows = figure_rows(doc, SPAN_KEY)
    assert len(rows) >= 6
    assert all(row.figure is span._.figure for row, span in zip(rows, doc.spans[SPAN_KEY]))
    assert all(span._.value == row.figure.value for row, span in zip(rows, doc.spans[SPAN_KEY]))


def test_figures_set_through_span_underscore_are_the_same(monkeypatch):
    fast = processed_doc(TEXT)
    monkeypatch.setattr(quantities, "_span_key_is_offsets", lambda: False)
    plain = processed_doc(TEXT)
    assert _figures(plain) == _figures(fast) != []


@pytest.mark.parametrize("text, value, used", [
    ("satu setengah juta", "1.5", 2),
    ("dua setengah", "2.5", 2),
    ("setengah dua", "0.5", 1),
])
def test_half_words_after_a_number(text, value, used):
    from decimal import Decimal

    from extractor.nlp.lexicon import load_lexicon

    assert numbers.parse_number_words(text.split(), load_lexicon()) == (Decimal(value), used)
