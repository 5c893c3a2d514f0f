"""Extraction measured where a user would notice: the dev set, the seed article, our corpus."""
import json

import pytest

from conftest import ROOT, shared_path

from extractor import extract, extract_many
from extractor.nlp.evaluate import score


@pytest.fixture(scope="module")
def dev_scores():
    golds = [json.loads(line) for line in shared_path("eval", "dev.jsonl").open(encoding="utf-8")]
    preds = {g["id"]: r for g, r in zip(golds, extract_many(golds))}
    return score(preds, golds)


def test_dev_set_quantities(dev_scores):
    assert dev_scores.quantities.f1 >= 0.93, dev_scores.as_dict()["quantities"]
    assert dev_scores.approx.value >= 0.95


def test_dev_set_meaning_and_relations(dev_scores):
    assert dev_scores.role.value >= 0.85
    assert dev_scores.year.value >= 0.85
    assert dev_scores.relations.f1 >= 0.80


def test_dev_set_officials_regions_datelines(dev_scores):
    assert dev_scores.officials.f1 >= 0.85
    assert dev_scores.title_tokens.f1 >= 0.80
    assert dev_scores.quoted.value >= 0.90
    assert dev_scores.regions.f1 >= 0.90
    assert dev_scores.dateline.value >= 0.95


def test_seed_article_figures():
    text = shared_path("seed", "bpjs-sumbagut-2017.txt").read_text(encoding="utf-8")
    got = {(q["text"], q["value"], q["unit"]) for q in extract(text)["quantities"]}
    for figure in ("1.704.308", "1.699.086", "801.356", "111.698", "791.254", "798.228", "110.705", "790.113"):
        assert (figure, int(figure.replace(".", "")), "count") in got
    assert ("6,9 juta", 6_900_000, "count") in got
    assert ("50.000-an", 50_000, "count") in got
    assert {("100%", 100, "%"), ("101%", 101, "%"), ("27", 27, "count")} <= got
    dates = [q for q in extract(text)["quantities"] if q["text"] in ("22", "2017", "2018", "17:30", "12")]
    assert dates == []


def test_bundled_corpus_matches_its_expected_extractions():
    articles = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    expected = {json.loads(line)["id"]: json.loads(line) for line in (ROOT / "corpus" / "expected.jsonl").open(encoding="utf-8")}
    for record in extract_many(articles):
        want = expected[record["id"]]["quantities"]
        got = [{k: q[k] for k in want[0]} for q in record["quantities"]]
        assert got == want, record["id"]


def test_records_have_every_spec_field():
    record = extract("Ekspor naik 5%.", id="x1", url="https://contoh.local/a", title="T")
    assert set(record) >= {"id", "url", "title", "published", "text", "dateline", "quantities",
                           "officials", "regions", "relations"}
    assert record["id"] == "x1"
    assert set(record["quantities"][0]) >= {"text", "start", "end", "value", "low", "high", "unit", "item",
                                            "approx", "role", "year"}
