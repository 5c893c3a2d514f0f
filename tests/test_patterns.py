"""Every example in patterns/*.toml is run: the rule files carry their own test corpus."""
import math

import pytest

from extractor import extract
from extractor.rules import pattern_examples, read_toml
from extractor.nlp.pipeline import get_pipeline

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


ROLE_EXAMPLES = read_toml("roles.toml")["examples"]


@pytest.mark.parametrize("example", ROLE_EXAMPLES, ids=lambda ex: ex["text"][:60])
def test_role_examples(example):
    """Roles; with `published`, also each figure's year (0: none)."""
    got = extract(example["text"], published=example.get("published"))["quantities"]
    assert [q["role"] for q in got] == example["roles"]
    if "years" in example:
        assert [q["year"] or 0 for q in got] == example["years"]
    else:
        assert "published" not in example  # a publication time is given only to check years


DATE_EXAMPLES = read_toml("dates.toml")["examples"]


@pytest.mark.parametrize("example", DATE_EXAMPLES, ids=lambda ex: ex["published"])
def test_publication_time_examples(example):
    from extractor.dates import parse_published

    parsed = parse_published(example["published"])
    assert (parsed.isoformat() if parsed else "") == example["iso"]


REGION_EXAMPLES = read_toml("regions.toml")["examples"]


@pytest.mark.parametrize("example", REGION_EXAMPLES, ids=lambda ex: ex["text"][:50])
def test_region_examples(example):
    record = extract(example["text"])
    assert (record["dateline"] or "") == example["dateline"]
    assert [[r["code"], r["mention"]] for r in record["regions"]] == example["regions"]


OFFICIAL_EXAMPLES = read_toml("officials.toml")["examples"]


@pytest.mark.parametrize("example", OFFICIAL_EXAMPLES, ids=lambda ex: ex["text"][:50])
def test_official_examples(example):
    got = [[o["name"], o["title"] or "", o["quoted"]] for o in extract(example["text"])["officials"]]
    assert got == example["officials"]


NAME_EXAMPLES = read_toml("names.toml")["examples"]


@pytest.mark.parametrize("example", NAME_EXAMPLES, ids=lambda ex: ex["text"][:50])
def test_learned_name_examples(example):
    got = [[o["name"], o["title"], o["quoted"]] for o in extract(example["text"])["officials"]]
    assert got == example["officials"]


def test_learned_lexicons_are_disjoint_and_rebuildable(tmp_path):
    """names.toml: a word is in one class; the learner rebuilds classes from a corpus it reads."""
    import json
    import subprocess
    import sys

    from conftest import ROOT

    names = read_toml("names.toml")
    person = set(names["person"])
    assert len(person) > 500 and not person & set(names["organisation"]) and not person & set(names["common"])
    lines = ["Pengamat pasar uang Ariston Tjendra mengatakan pasar uang tenang, kata Ariston.",
             "PT Sinar Mas Tbk. naik. Harga di Rusia turun, kata Budi Santoso."] * 3
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines), encoding="utf-8")
    out = tmp_path / "names.toml"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "learn_lexicons.py"), str(corpus), str(out)], check=True,
                   capture_output=True)
    import tomllib

    learned = tomllib.loads(out.read_text(encoding="utf-8"))
    assert {"Ariston", "Budi", "Santoso"} <= set(learned["person"])
    assert "Sinar" in learned["organisation"] and "Rusia" in learned["place"]
    assert learned["examples"]
