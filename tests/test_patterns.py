"""Every example in patterns/*.toml is run: the rule files carry their own test corpus."""
import math

import pytest

from extractor import extract
from extractor.lexicon import pattern_examples, read_toml
from extractor.pipeline import get_pipeline

QUANTITY_EXAMPLES = [(f, ex) for f, ex in pattern_examples() if "expect" in ex]
TOKEN_EXAMPLES = read_toml("tokenizer.toml")["examples"]


def test_the_table_is_large_and_has_both_kinds():
    assert len(QUANTITY_EXAMPLES) >= 60
    assert sum(1 for _, ex in QUANTITY_EXAMPLES if not ex["expect"]) >= 10


@pytest.mark.parametrize("example", TOKEN_EXAMPLES, ids=lambda ex: ex["text"])
def test_tokenizer_examples(example):
    assert [t.text for t in get_pipeline().make_doc(example["text"])] == example["tokens"]


def _close(a, b):
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12)


@pytest.mark.parametrize("example", [ex for _, ex in QUANTITY_EXAMPLES],
                         ids=[f"{f}:{ex['text']}" for f, ex in QUANTITY_EXAMPLES])
def test_quantity_examples(example):
    got = extract(example["text"])["quantities"]
    want = example["expect"]
    assert [q["text"] for q in got] == [w["text"] for w in want]
    for q, w in zip(got, want):
        assert example["text"][q["start"]:q["end"]] == q["text"]
        assert q["unit"] == w["unit"], q
        if "low" in w:
            assert (q["value"], _close(q["low"], w["low"]), _close(q["high"], w["high"])) == (None, True, True), q
        else:
            assert q["low"] is None and _close(q["value"], w["value"]), q
        assert q["approx"] == w.get("approx", False), q
        if "item" in w:
            assert q["item"] == w["item"], q
