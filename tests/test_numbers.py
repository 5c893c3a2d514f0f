from decimal import Decimal

import pytest

from extractor.nlp.lexicon import load_lexicon
from extractor.nlp.numbers import decimal_style, parse_number_words, parse_numeral


@pytest.mark.parametrize("text,style,value", [
    ("1.704.308", "id", "1704308"),
    ("6,9", "id", "6.9"),
    ("5.967,99", "id", "5967.99"),
    ("-7,2", "id", "-7.2"),
    ("1.5", "id", "1.5"),          # a lone dot before one digit can only be a decimal point
    ("1,704,308", "en", "1704308"),
    ("6.9", "en", "6.9"),
    ("1,845.40", "en", "1845.40"),
    ("1.000", "id", "1000"),
    ("1,000", "en", "1000"),
])
def test_parse_numeral(text, style, value):
    assert parse_numeral(text, style) == Decimal(value)


def test_not_numerals():
    assert parse_numeral("1,2,3,", "id") is None
    assert parse_numeral("abc", "id") is None


def test_decimal_style_follows_the_text():
    assert decimal_style("naik 24,44% menjadi 1.704.308 orang") == "id"
    assert decimal_style("rose 2.5% to 1,704,308 people and 3.25% more") == "en"
    assert decimal_style("tanpa angka") == "id"


@pytest.mark.parametrize("words,value,used", [
    ("dua puluh lima pabrik", "25", 3),
    ("seratus dua puluh nasabah", "120", 3),
    ("sebelas wilayah", "11", 1),
    ("dua belas bulan", "12", 2),
    ("tiga ratus ribu orang", "300", 2),  # the scale word is read by the component
    ("setengah anggaran", "0.5", 1),
    ("satu setengah juta", "1.5", 2),
    ("dua tiga", "2", 1),
])
def test_number_words(words, value, used):
    got = parse_number_words(words.split(), load_lexicon())
    assert got == (Decimal(value), used)


def test_fraction_words():
    value, used = parse_number_words(["dua", "pertiga"], load_lexicon())
    assert used == 2 and abs(value - Decimal(2) / 3) < Decimal("1e-20")


def test_clock_times_are_no_evidence_of_english_style():
    assert decimal_style("pukul 10.30 WIB, 11.45 WIB dan 13.15 WIB; harga naik 2,5%") == "id"
