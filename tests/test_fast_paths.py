"""The faster ways the components find things give what the plain ways give: `year_matches` is
`YEAR_RE.finditer`, `day_month_matches` is `DAY_MONTH_RE.finditer`, `year_ranges` is `YEAR_RANGE_RE.finditer`,
`related_links` is the related-link regex's `finditer`, `decimal_style` still tells the styles apart, the figure table reads what the spans hold."""
import gzip
import json
from itertools import islice

import pytest
from conftest import processed_doc, shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp.figure_table import figure_rows
from extractor.nlp.meaning import (DAY_MONTH_RE, ID_YEAR_BEFORE, YEAR_RANGE_RE, YEAR_RE, day_month_matches, load_related_link,
                                   related_links, year_digits, year_matches, year_ranges)
from extractor.nlp.quantities import SPAN_KEY
from extractor.nlp.numbers import decimal_style

# the characters YEAR_RE's look-arounds and roman-numeral prefix turn on
PIECES = ["19", "20", "2024", "1998", "0", "5", "I", "V", "X", "II/", "/", " ", "\u2003", "\n", ".", ",", "-", "a",
          "Tahun ", "Nomor 6 Tahun ", "Perpres 40/"]

CASES = [
    "Laba pada kuartal I/2024 naik, dari tahun 2023 dan periode III/ 2022.",
    "IIIIIIII/2024, XI/2025 5XI/2024 1.2024 1,2025 2024.5 2024/5 2024,5 20245 12024",
    "I/2019 /2020 V/ \n2021 X/\u20032022 2019-2020 2020/2021",
    "2020202020 1920 2099 1899 2100",
    "",
]


def _spans(matches):
    return [(m.span(), m.span(1), m.group(1)) for m in matches]


@pytest.mark.parametrize("text", CASES)
def test_year_matches_are_year_re_finditer(text):
    assert _spans(year_matches(text)) == _spans(YEAR_RE.finditer(text))


def test_year_matches_finds_quarters_and_skips_numbers():
    assert [m.group(1) for m in year_matches("kuartal I/2024, 20245 dan 5XI/2023 serta (2022)")] == ["2024", "2023", "2022"]
    assert [m.start() for m in year_matches("kuartal I/2024")] == [8]  # the match starts at the numeral


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_year_matches_on_generated_text(text):
    assert _spans(year_matches(text)) == _spans(YEAR_RE.finditer(text))


def test_year_matches_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 800):
            text = json.loads(line).get("text") or ""
            assert _spans(year_matches(text)) == _spans(YEAR_RE.finditer(text))


# the characters DAY_MONTH_RE's look-arounds and its day and month digits turn on
DATE_PIECES = ["1", "2", "3", "0", "9", "12", "31", "32", "13", "/", "//", " ", "(", ")", "a", "\u0663", "\n"]


@pytest.mark.parametrize("text", ["Selasa (12/1) dan 3/12, 31/12/2024, 32/1 1/13 0/5 05/09 123/4 1/2/3 4//5 /6 7/", ""])
def test_day_month_matches_are_day_month_re_finditer(text):
    assert [m.span() for m in day_month_matches(text)] == [m.span() for m in DAY_MONTH_RE.finditer(text)]


def test_day_month_matches_finds_dates_not_parts_of_numbers():
    assert [m.group() for m in day_month_matches("Selasa (12/1), 5/11 dan 123/4, 1/2/3 serta 40/2016")] == ["12/1", "5/11"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=25).map("".join))
def test_day_month_matches_on_generated_text(text):
    assert [m.span() for m in day_month_matches(text)] == [m.span() for m in DAY_MONTH_RE.finditer(text)]


def test_day_month_matches_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 800):
            text = json.loads(line).get("text") or ""
            assert [m.span() for m in day_month_matches(text)] == [m.span() for m in DAY_MONTH_RE.finditer(text)]


def _ranges_agree(text):
    assert year_ranges(text, year_digits(text)) == [m.span() for m in YEAR_RANGE_RE.finditer(text)]


def _links_agree(text):
    assert related_links(text) == [m.span() for m in load_related_link().finditer(text)]


@pytest.mark.parametrize("text", ["2019-2020 2020/2021 2019 - 2020 2019—20 20192020-2021 202019-2020 2019-2020-2021",
                                  "1920-19201920-2000 12019-2020 2019-20201 \u0662\u0660\u0661\u0669-2020", ""])
def test_year_ranges_are_year_range_re_finditer(text):
    _ranges_agree(text)


def test_year_ranges_find_ranges_hidden_inside_other_years():
    text = "kode 202019-2020 dan 2018 - 2019"
    assert [text[a:b] for a, b in year_ranges(text, year_digits(text))] == ["2019-2020", "2018 - 2019"]


@pytest.mark.parametrize("text", ["Baca juga: Laba naik 2024\nIsi", "  baca   JUGA :x\n\tSimak juga:\nlihat juga", "a: b\nBaca juga: c: d",
                                  "x Baca juga: tidak\n:\n\n:Baca juga:", "Baca juga", ""])
def test_related_links_are_the_regex_finditer(text):
    _links_agree(text)


# the characters YEAR_RANGE_RE and the related-link regex turn on
RANGE_PIECES = ["19", "20", "2019", "1999", "0", "5", "-", "/", "—", " ", "\n", "\t", ":", "Baca juga", "baca  Juga",
                "Lihat juga", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(RANGE_PIECES), max_size=25).map("".join))
def test_year_ranges_and_related_links_on_generated_text(text):
    _ranges_agree(text)
    _links_agree(text)


def test_year_ranges_and_related_links_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 800):
            text = json.loads(line).get("text") or ""
            _ranges_agree(text)
            _links_agree(text)


@pytest.mark.parametrize("text, style", [
    ("Tahun 2025 laba 1.704.308 dan 6,9 persen pada 2024.", "id"),
    ("In 2025 profit rose 6.9% to 1,704,308 from 2024 and 2023.", "en"),
    ("Pada 2025, 2024, 2023 dan 10 lainnya.", "id"),  # plain numerals tell no style
])
def test_decimal_style_reads_only_numerals_with_separators(text, style):
    assert decimal_style(text) == style


def _read(doc):
    return [(s.start, s.end, s.start_char, s.end_char, s._.figure) for s in doc.spans[SPAN_KEY]]


def test_figure_rows_are_the_spans_and_follow_changes_to_the_group():
    doc = processed_doc("Laba naik 12,5% menjadi Rp1,2 triliun pada 2024, dari Rp1,07 triliun. Ekspor 3 juta ton.")
    rows = figure_rows(doc, SPAN_KEY)
    assert len(rows) >= 4 and [tuple(r) for r in rows] == _read(doc)
    assert all(r.figure is s._.figure for r, s in zip(rows, doc.spans[SPAN_KEY]))  # the same objects
    doc.spans[SPAN_KEY] = list(doc.spans[SPAN_KEY])[1:]  # replaced
    assert [tuple(r) for r in figure_rows(doc, SPAN_KEY)] == _read(doc)
    doc.spans[SPAN_KEY].append(doc[0:1])  # grown
    assert [tuple(r) for r in figure_rows(doc, SPAN_KEY)] == _read(doc)
    assert figure_rows(doc, "no such group") == []


def test_figure_rows_of_a_doc_read_back_from_bytes():
    from spacy.tokens import DocBin

    doc = processed_doc("Penjualan 5.000 unit senilai US$2 juta.")
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    back = next(DocBin(store_user_data=True).from_bytes(bin_.to_bytes()).get_docs(doc.vocab))
    assert [(r.start, r.end, r.figure.value) for r in figure_rows(back, SPAN_KEY)] == \
        [(r.start, r.end, r.figure.value) for r in figure_rows(doc, SPAN_KEY)] != []


def test_metric_verdicts_kept_per_word_change_no_metric(monkeypatch):
    """`_metric` keeps each word's verdict (`FigureMeaning.passed`); cold, warm, and cleared at its
    bound, the metrics it reads are the same."""
    import extractor.nlp.meaning as meaning
    from extractor.nlp.pipeline import get_pipeline

    texts = ["Laba bersih perseroan naik 12% menjadi Rp1,2 triliun pada 2024.",
             "Penjualan tenaga listrik mencapai 250 TWh, sementara pendapatan usaha tercatat Rp40 triliun.",
             "Harga emas 0,5 gram Rp528.000 dan ekspor batu bara turun 3,1 persen."]
    component = get_pipeline().get_pipe("figure_meaning")

    def metrics():
        return [[f.metric for _, _, _, _, f in figure_rows(processed_doc(t), SPAN_KEY)] for t in texts]

    component.passed.clear()
    cold = metrics()
    assert cold == metrics()  # warm
    assert any(m for ms in cold for m in ms) and len(component.passed) > 5
    monkeypatch.setattr(meaning, "PASSED_WORDS", 3)
    component.passed.clear()
    assert metrics() == cold  # cleared again and again
    assert len(component.passed) <= 3


ID_PIECES = ["Nomor", "No.", "No", "Nomer", " ", "  ", "\n", "\t", "6", "12", "2016", "/", "Tahun", "tahun", "a", "-", ".", "x"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(ID_PIECES), max_size=12).map("".join))
def test_identifier_years_follow_a_space_or_slash(text):
    """figure_meaning searches ID_YEAR_BEFORE only before a year that follows a space or "/":
    whatever it matches ends so."""
    if ID_YEAR_BEFORE.search(text):
        assert text[-1] == "/" or text[-1].isspace()


def test_identifier_years_are_not_years():
    def years(text):
        return [f.year for _, _, _, _, f in figure_rows(processed_doc(text), SPAN_KEY)]

    assert years("Laba naik 5% sesuai rencana 2025.") == [2025]  # a year named after the figure dates it
    for text in ["Laba naik 5% sesuai Peraturan Nomor 6 Tahun 2025.", "Laba naik 5% sesuai Perpres 40/2016.",
                 "Laba naik 5% sesuai UU No. 4 Tahun\n2009."]:
        assert years(text) == [None]  # an identifier's does not
