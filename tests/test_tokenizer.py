"""Our anchored prefix regex must split exactly like spaCy's own `^a|^b|...` form."""
import gzip
import json

from conftest import ROOT, SHARED
from spacy.tokenizer import Tokenizer
from spacy.util import compile_prefix_regex as spacy_prefix_regex

from extractor.rules import read_toml
from extractor.nlp.pipeline import get_pipeline


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    texts += [ex["text"] for ex in read_toml("tokenizer.toml")["examples"]]
    corpus = SHARED / "corpus" / "real-news.jsonl.gz"
    if corpus.exists():
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(300), fh)]
    return texts


def test_anchored_prefixes_split_like_spacy():
    nlp = get_pipeline()
    ours = nlp.tokenizer
    prefixes = list(read_toml("tokenizer.toml")["prefixes"]) + list(nlp.Defaults.prefixes)
    reference = Tokenizer(nlp.vocab, rules=nlp.Defaults.tokenizer_exceptions,
                          prefix_search=spacy_prefix_regex(prefixes).search, suffix_search=ours.suffix_search,
                          infix_finditer=ours.infix_finditer, token_match=ours.token_match, url_match=ours.url_match)
    for text in _texts():
        assert [t.text for t in ours(text)] == [t.text for t in reference(text)]
