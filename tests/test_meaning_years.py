"""figure_meaning's year-digit scan (`year_digits`, by `str.find`) gives the starts of
`YEAR_DIGITS_RE.finditer`: overlapping and glued years, other scripts' digits, the text's end; and
`identifier_year`, which tries ID_YEAR_BEFORE only where it can end, answers as the plain search."""
import gzip
import json
import time
from itertools import islice

import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp.meaning import ID_YEAR_BEFORE, YEAR_DIGITS_RE, identifier_year, year_digits

# "\u0663" an Arabic-Indic three (a decimal digit, as \d reads it), "\u00b2" a superscript two (a
# digit to str.isdigit, not to \d)
PIECES = ["19", "20", "1", "2", "0", "9", "5", "\u0663", "\u00b2", " ", ".", "a", "\n"]


def _plain(text):
    return [m.start() for m in YEAR_DIGITS_RE.finditer(text)]


@pytest.mark.parametrize("text", [
    "Pada 2024 dan 1998, 20245 2020202020 191919 1920 12019 2\u0663\u06632 20\u00b2\u00b2 Rp20 miliar 20", "", "2", "202",
])
def test_year_digits_are_year_digits_re_finditer(text):
    assert year_digits(text) == _plain(text)


def test_year_digits_finds_years_not_their_overlaps():
    assert year_digits("2020202020 dan 1920") == [0, 4, 15]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_year_digits_on_generated_text(text):
    assert year_digits(text) == _plain(text)


def test_year_digits_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 800):
            text = json.loads(line).get("text") or ""
            assert year_digits(text) == _plain(text)


def test_year_digits_is_linear_on_a_run_of_centuries():
    short, long = "20" * 5_000, "20" * 50_000
    start = time.process_time()
    year_digits(short)
    small = time.process_time() - start
    start = time.process_time()
    assert len(year_digits(long)) == 25_000
    assert time.process_time() - start < 40 * small + 0.05


# what ID_YEAR_BEFORE's two branches and its "$" turn on
ID_PIECES = ["Nomor", "No.", "No", "Nomer", " ", "  ", "\n", "\t", "\u2003", "6", "12", "40", "/", "Tahun", "tahun",
             "TAHUN", "ahun", "-", ".", "a", "2025"]


def _identifier_plain(text, start):
    return ID_YEAR_BEFORE.search(text, max(0, start - 30), start) is not None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(ID_PIECES), max_size=14).map("".join))
def test_identifier_year_on_generated_text(text):
    for start in range(len(text) + 1):
        assert identifier_year(text, start) == _identifier_plain(text, start), start


@pytest.mark.parametrize("text", ["Peraturan Nomor 6 Tahun 2025", "Perpres 40/2016", "UU No. 4 Tahun\n2009",
                                  "UU No. 4 Tahun \u2003 2009", "Nomor 6 tahun lalu 2025", "nomor 40/\n2016"])
def test_identifier_year_cases(text):
    start = len(text) - 4
    assert identifier_year(text, start) == _identifier_plain(text, start)


def test_identifier_year_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 800):
            text = json.loads(line).get("text") or ""
            for start in year_digits(text):
                assert identifier_year(text, start) == _identifier_plain(text, start)
