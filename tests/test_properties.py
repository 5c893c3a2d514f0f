"""Extraction never raises on arbitrary text, and offsets always point at the figure."""
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import extract
from extractor.nlp.engine import ArticleError

PIECES = ["Rp", "US$", " ", "1", "2,5", "1.704.308", "%", "-", "—", "juta", "miliar", "triliun", "persen", "sekitar",
          "hingga", "kali lipat", "ton", "orang", "dua", "puluh", "setengah", "pertiga", "(", ")", "/", "2025", "-an",
          "Januari", "tahun", "poin", "basis", "±", ",", ".", "\n", "M", "T", "level", "IHSG", "sebanyak", "an"]


def check(text: str) -> None:
    try:
        record = extract(text)
    except ArticleError:
        return
    for q in record["quantities"]:
        assert text[q["start"]:q["end"]] == q["text"]
        assert (q["value"] is None) == (q["low"] is not None)
        assert q["unit"] in {"IDR", "USD", "%", "pp", "bps", "x", "count", "measure"} or len(q["unit"]) == 3


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode(text):
    check(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_number_heavy_text(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join))
def test_number_heavy_spaced_text(text):
    check(text)
