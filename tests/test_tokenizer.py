"""Our tokenizer must split exactly like a stock spaCy Tokenizer built from the same rules (spaCy's
`^a|^b|...` prefixes, every Indonesian exception a special case), only faster."""
import gzip
import itertools
import json
import random

from conftest import ROOT, SHARED
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex as spacy_prefix_regex, compile_suffix_regex

from extractor.rules import read_toml
from extractor.nlp.pipeline import get_pipeline
from extractor.nlp.tokenizer import LONG_CHUNK


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    texts += [ex["text"] for ex in read_toml("tokenizer.toml")["examples"]]
    corpus = SHARED / "corpus" / "real-news.jsonl.gz"
    if corpus.exists():
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(300), fh)]
    return texts


def _reference(nlp) -> Tokenizer:
    rules = read_toml("tokenizer.toml")
    defaults = nlp.Defaults
    return Tokenizer(nlp.vocab, rules=defaults.tokenizer_exceptions,
                     prefix_search=spacy_prefix_regex(list(rules["prefixes"]) + list(defaults.prefixes)).search,
                     suffix_search=compile_suffix_regex(list(rules["suffixes"]) + list(defaults.suffixes)).search,
                     infix_finditer=compile_infix_regex(list(rules["infixes"]) + list(defaults.infixes)).finditer,
                     token_match=defaults.token_match, url_match=defaults.url_match)


def _tokens(doc):
    return [(t.text, t.whitespace_, t.norm_) for t in doc]


def test_splits_like_a_stock_spacy_tokenizer():
    nlp = get_pipeline()
    reference = _reference(nlp)
    for text in _texts():
        assert _tokens(nlp.tokenizer(text)) == _tokens(reference(text))


def test_exception_words_in_odd_company_split_like_spacy():
    """Hyphenated exception words glued to punctuation, digits and each other: where spaCy's
    special-case matcher re-joins a word, ours must too."""
    nlp = get_pipeline()
    reference = _reference(nlp)
    words = ["masing-masing", "year-on-year", "anak-anak", "Undang-Undang", "rata-rata", "No.", "dr.", "'", "—", "’",
             "8)", "):", "°C.", "Jum'at", "Jan.", "abu-abu", "kupu-kupu", "\xa0", "\n"]
    glue = ["", "/", "(", ")", "-", "--", ",", ".", "..", "...", "%", "1", "Rp", " ", "'", "''", "’’", "“", "”", '"',
            "…", "—", ":", "US$", "?!"]
    rng = random.Random(15)
    for _ in range(3000):
        parts = [rng.choice(words if i % 2 == 0 else glue) for i in range(rng.randint(1, 7))]
        text = "".join(parts)
        assert _tokens(nlp.tokenizer(text)) == _tokens(reference(text)), text
    for a, b in itertools.product(words, glue):
        for text in (a + b + a, b + a + b, a + b):
            assert _tokens(nlp.tokenizer(text)) == _tokens(reference(text)), text


def test_a_long_run_of_affixes_is_tokenised_in_pieces_keeping_the_text():
    """`RpRpRp...` or `%%%...` would cost spaCy a regex search over the chunk per affix; past
    LONG_CHUNK characters the chunk is cut, and the doc still reads as the text."""
    nlp = get_pipeline()
    for unit in ("Rp", "%", "(", "US$", "-", "'"):
        run = unit * (3 * LONG_CHUNK // len(unit) + 7)
        if unit == "%":
            run = unit * (2 * LONG_CHUNK)  # a multiple of the piece length: the space after the last piece
        text = f"naik 5% {run} dan {run}\nRp5 triliun"
        doc = nlp.tokenizer(text)
        assert doc.text == text
        assert [t.text for t in doc[:3]] == ["naik", "5", "%"]
        assert [t.text for t in doc[-3:]] == ["Rp", "5", "triliun"]
        assert max(len(t) for t in doc) <= LONG_CHUNK
        assert not any(t.is_space and t.text == " " for t in doc)  # each space attached as spaCy does


def test_a_long_run_in_an_article_keeps_the_offsets_of_the_figures_after_it():
    from extractor import extract

    text = "Harga naik 5% pekan lalu. " + "Rp" * (LONG_CHUNK + 500) + " Laba Rp5 triliun.\nNaik 7%."
    record = extract(text)
    found = {q["text"]: q for q in record["quantities"]}
    assert {"5%", "Rp5 triliun", "7%"} <= set(found)
    for q in record["quantities"]:
        assert text[q["start"]:q["end"]] == q["text"]


def test_the_quick_long_chunk_check_misses_no_long_chunk():
    """A text is tokenised whole when the block check finds no room for a LONG_CHUNK chunk: it must
    never say so of a text where the full search finds one (runs of every length around the bound,
    at every alignment, between spaces of several kinds)."""
    tokenizer = get_pipeline().tokenizer
    rng = random.Random(15)
    for _ in range(2000):
        length = rng.choice([LONG_CHUNK - 1, LONG_CHUNK, LONG_CHUNK + 1, 3 * LONG_CHUNK // 2, 2 * LONG_CHUNK])
        text = list("x" * (length + rng.randrange(0, 3 * LONG_CHUNK)))
        for _ in range(rng.randrange(0, 8)):
            text[rng.randrange(len(text))] = rng.choice([" ", "\n", "\xa0", "\u2003", "\t"])
        text = "".join(text)
        if tokenizer._long.search(text) is not None:
            assert tokenizer._may_hold_long_chunk(text), text
