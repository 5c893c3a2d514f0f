"""The fast paths of record building and the article checks agree with their plain ways."""
from __future__ import annotations

import pytest
from conftest import processed_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp.engine import _BINARY_CHARS, ArticleError, _odd_chars, check_text
from extractor.nlp.figure import Figure
from extractor.nlp.figure_table import figure_rows
from extractor.nlp.quantities import SPAN_KEY
from extractor.nlp.record import QUANTITY_FIELDS, _quantity_record_plain, quantity_record, to_record

ARTICLE = ("Laba bersih perseroan naik 12,5% menjadi Rp1,2 triliun, sekitar US$80 juta, dan 40 pabrik "
           "menjual 3 juta ton semen. IHSG ditutup di level 7.245.")


def test_quantity_record_is_the_plain_record():
    doc = processed_doc(ARTICLE)
    rows = figure_rows(doc, SPAN_KEY)
    assert len(rows) >= 4
    for row in rows:
        fast = quantity_record(row.start_char, row.end_char, row.figure, ARTICLE)
        plain = _quantity_record_plain(row.start_char, row.end_char, row.figure, ARTICLE)
        assert fast == plain and list(fast) == list(plain) == list(QUANTITY_FIELDS)


def test_quantity_record_of_a_figure_with_extra_attributes_keeps_the_fields():
    figure = Figure(value=5, unit="%")
    figure.note = "set by hand"  # not a field: the plain way leaves it out
    record = quantity_record(0, 2, figure, "5% naik")
    assert list(record) == list(QUANTITY_FIELDS) and record["value"] == 5 and "note" not in record


def test_figure_spans_carry_their_unit_as_label():
    doc = processed_doc(ARTICLE)
    spans = list(doc.spans[SPAN_KEY])
    assert [span.label_ for span in spans] == [row.figure.unit for row in figure_rows(doc, SPAN_KEY)]
    assert {"%", "IDR", "USD", "count", "measure"} <= {span.label_ for span in spans}


def test_record_reads_the_docs_values():
    doc = processed_doc(ARTICLE)
    record = to_record(doc, {"id": "a1", "title": "t"})
    assert record["id"] == "a1" and record["text"] == ARTICLE and record["title"] == "t"
    assert [q["text"] for q in record["quantities"]][:2] == ["12,5%", "Rp1,2 triliun"]


_ODD = "\x00\x01\x08\x09\x0a\x0b\x0c\x0d\x0e\x1f\x20\x7f\ufffd\ud800\udfffaé“€😀"


@given(st.text(alphabet=st.sampled_from(_ODD) | st.characters(), max_size=200))
@settings(max_examples=400, deadline=None)
def test_odd_chars_counts_what_the_regex_finds(text):
    assert _odd_chars(text) == len(_BINARY_CHARS.findall(text))


def test_check_text_still_rejects_binary_and_keeps_news():
    assert check_text("Harga naik 5%.\n\tBaris\r\nbaru “kutip”.") .startswith("Harga")
    with pytest.raises(ArticleError, match="binary"):
        check_text("ab\x00\x01\x02\x03" * 10)
    with pytest.raises(ArticleError, match="binary"):
        check_text("ab\ud800\ufffd" * 10)  # a lone surrogate takes the regex way


@given(st.text(alphabet=st.sampled_from("0123456789.,% \n-abc"), max_size=80)
       | st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=80))
@settings(max_examples=400, deadline=None)
def test_ascii_numerals_are_the_unicode_numerals(text):
    from extractor.nlp.numbers import _NUMERALS_ASCII, NUMERALS

    assert text.isascii()
    assert [m.span() for m in _NUMERALS_ASCII.finditer(text)] == [m.span() for m in NUMERALS.finditer(text)]


def test_decimal_style_reads_non_ascii_digits_the_unicode_way():
    from extractor.nlp.numbers import decimal_style

    # Arabic-Indic and full-width digits are digits to `\d`: an English-style numeral in them still counts
    assert decimal_style("naik ١,٧٠٤,٣٠٨ unit dan ２,５００,０００ ton“") == "en"
    assert decimal_style("naik 1,704,308 unit dan 2,500,000 ton") == "en"
    assert decimal_style("naik 1.704.308 unit “kutip”") == "id"
