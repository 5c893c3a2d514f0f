"""The officials component's faster ways give what the plain ways give: quotations found in one pass
over the quote marks are those found paragraph by paragraph; the cue scan finds what the word index finds."""
import gzip
import json
import re
from itertools import islice

from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp.officials import Officials, _quote_marks
from extractor.nlp.pipeline import get_pipeline
from extractor.nlp.tokens import doc_words

QUOTE_MARK = re.compile("[“”\"]")


def plain_quotations(text: str) -> list[tuple[int, int]]:
    """The paragraph-by-paragraph reading `Officials._quotations` must equal."""
    out, open_at, pos = [], None, 0
    for para in text.split("\n"):
        marks = [pos + m.start() for m in QUOTE_MARK.finditer(para)]
        if open_at is not None:
            if marks and not para[: marks[0] - pos].strip():
                marks = marks[1:]
            else:
                open_at = None
        for m in marks:
            if open_at is None:
                open_at = m
            else:
                out.append((open_at, m + 1))
                open_at = None
        pos += len(para) + 1
    return out


CASES = [
    "“Naik,” kata Budi.\n“Terus naik.”",  # one quote per paragraph
    "“Harga naik, dan\n“terus naik,” kata Budi.",  # a quote carried on into the next paragraph
    "“Harga naik\nBudi: “naik”",  # the next paragraph does not open with the mark: the quote is dropped
    "“Harga naik\n\n“naik”",  # an empty paragraph in between closes it
    "“a\n  “b\n \t“c” d “e",  # carried on twice, the opening mark after white space
    "\"\"\"\n\"\n\n\"",
    "tanpa kutipan\n",
    "",
]


def test_quotations_cases():
    for text in CASES:
        assert Officials._quotations(text) == plain_quotations(text), text
    assert Officials._quotations(CASES[1]) == [(0, 30)]  # one quotation over both paragraphs


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", "\"", "\n", " ", "\t", "a", "kata Budi", ".", "\r"]), max_size=30).map("".join))
def test_quotations_on_generated_text(text):
    assert Officials._quotations(text) == plain_quotations(text)


def test_quotations_on_real_articles():
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 1500):
            text = json.loads(line).get("text") or ""
            assert Officials._quotations(text) == plain_quotations(text)
            assert _quote_marks(text) == [m.start() for m in QUOTE_MARK.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="“”\"'a \n", max_size=40))
def test_quote_marks_are_the_regex_matches(text):
    assert _quote_marks(text) == [m.start() for m in QUOTE_MARK.finditer(text)]


def test_cue_scan_is_the_word_index():
    """`_tokens_in` and the phrase tables read the one cue scan; the word index gives the same tokens."""
    nlp = get_pipeline()
    officials = nlp.get_pipe("officials")
    text = ("Menurut Kepala BPS Riau Asep Riyadi, harga naik. “Naik,” kata dia. Direktur Utama PT Bank Mandiri "
            "Darmawan Junaidi mengatakan perusahaan Meta juga naik, jelasnya. Budi menyebut KATA kata.")
    doc = nlp(text)
    words = doc_words(doc)
    officials(doc)  # sets the per-doc lists the lookups read
    for cue in (officials.speech_after_words, officials.org_cue_words, officials.back_reference_words):
        assert officials._tokens_in(cue) == words.positions(cue)
    assert officials.positions(words, officials.cue_at) == officials.positions(words)
    assert officials.speech_before(words, officials.cue_at) == officials.speech_before(words)
    assert officials._tokens_in(officials.speech_after_words)  # the text holds them: the test can fail
    assert officials.positions(words)
