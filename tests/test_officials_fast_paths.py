"""The officials component's faster ways give what the plain ways give: quotations found in one pass
over the quote marks are those found paragraph by paragraph; the cue scan finds what the word index finds."""
import gzip
import json
import re
from itertools import islice

from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp.officials import GLUED, Officials, _quote_marks
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


def _articles(n: int) -> list[str]:
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        return [t for t in (json.loads(line).get("text") or "" for line in islice(fh, n)) if t.strip()]


def _pre_officials(nlp, text):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "officials":
            break
        doc = proc(doc)
    return doc


def test_per_doc_answers_equal_the_plain_judgements():
    """`_known_name`, `_glued_word`, `_legal_name` and `_named_in_full` answer from per-doc caches:
    each cached answer is what judging the word afresh gives for that doc."""
    nlp = get_pipeline()
    officials = nlp.get_pipe("officials")
    checked = 0
    for text in _articles(300):
        doc = _pre_officials(nlp, text)
        officials(doc)  # the caches and per-doc word sets stay readable until the next doc
        for word, known in officials.known_names.items():
            assert officials._judge_known_name(word) == known, word
        for word, glued in officials.glued_words.items():
            assert glued == bool(GLUED.search(word) or officials._glued_stem(word, officials.doc_person_words)), word
        for org, legal in officials.legal_names.items():
            assert officials._find_legal_name(org) == legal, org
        for acronym, full in officials.in_full.items():
            expected = officials.names.acronyms.get(acronym)
            assert full == (expected if expected and expected in officials.body else None), acronym
        checked += len(officials.known_names) + len(officials.glued_words) + len(officials.legal_names)
    assert checked > 100  # the articles exercise the caches: the test can fail


def test_no_answer_carries_over_to_the_next_doc():
    """One component over a run of articles finds what a fresh component finds on each: nothing
    cached for one article (name words, known names, glued words, legal names) leaks into the next."""
    nlp = get_pipeline()
    shared = nlp.get_pipe("officials")
    texts = _articles(120)
    docs = [_pre_officials(nlp, t) for t in texts]
    found = [shared(doc)._.officials for doc in docs]
    for doc, officials in zip(docs, found):
        fresh = Officials(nlp, "officials")
        assert fresh(doc)._.officials == officials
    assert sum(map(len, found)) > 50


def test_span_text_and_padded_lists():
    """The component reads the shared padded word lists: `_span_text` is `doc[a:b].text`, also for a
    span running past the doc's end, and the token before the first reads ""."""
    nlp = get_pipeline()
    officials = nlp.get_pipe("officials")
    doc = nlp("Kata  Budi\n\nSantoso,\u00a0Direktur Utama PT X Tbk. “naik”  ")
    officials(doc)
    officials.doc = doc  # the component lets go of its doc after the call; `_span_text` reads its spaces
    n = len(doc)
    for a in range(n):
        for b in range(a, n + 4):
            assert officials._span_text(a, b) == doc[a:min(b, n)].text, (a, b)
    assert officials.text[-1] == "" and officials.lower[n] == ""


def test_position_prefixes_hold_every_position_start():
    """`_org` skips the span texts when the word is no position's start: every run of one to three
    tokens of real articles whose text is a position starts with a word in `position_prefixes`."""
    nlp = get_pipeline()
    officials = nlp.get_pipe("officials")
    found = 0
    for text in _articles(300):
        doc = nlp.make_doc(text)
        for a in range(len(doc)):
            for n in (1, 2, 3):
                if a + n <= len(doc) and doc[a:a + n].text.lower() in officials.w["positions"]:
                    found += 1
                    assert doc[a].lower_ in officials.position_prefixes, doc[a:a + n].text
    assert found > 300
