"""Every `[[examples]]` entry of every rule file in patterns/ is run here, through one registry of
runners (rule file -> what its examples assert): the rule files carry their own test corpus, and
a rule file whose examples no runner reads fails the suite."""
import math

import pytest

from extractor import extract
from extractor.dataset.compare import metric_key
from extractor.dates import read_date
from extractor.nlp.pipeline import get_pipeline
from extractor.rules import read_toml, rule_files
from extractor.web.discover import canonical_url, further_pages, looks_like_article
from extractor.web.page import is_boilerplate, read_byline, read_bylines
from extractor.web.sites import site_for, sites


def _close(a, b):
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12)


def run_quantities(example, _file):
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


def run_tokens(example, _file):
    assert [t.text for t in get_pipeline().make_doc(example["text"])] == example["tokens"]


def run_roles(example, _file):
    """Roles; with `published`, also each figure's year (0: none)."""
    got = extract(example["text"], published=example.get("published"))["quantities"]
    assert [q["role"] for q in got] == example["roles"]
    if "years" in example:
        assert [q["year"] or 0 for q in got] == example["years"]
    else:
        assert "published" not in example  # a publication time is given only to check years


def run_dates(example, _file):
    """`iso` is the time read, or the date alone when none is printed; `now` is the fetch time."""
    now = read_date(example["now"]).value if "now" in example else None
    found = read_date(example["published"], now)
    assert (found.isoformat() if found else "") == example["iso"]


def run_regions(example, _file):
    record = extract(example["text"])
    assert (record["dateline"] or "") == example["dateline"]
    assert [[r["code"], r["mention"]] for r in record["regions"]] == example["regions"]


def run_officials(example, _file):
    """Officials as [name, title ("" for none: TOML has no null), quoted]."""
    got = [[o["name"], o["title"] or "", o["quoted"]] for o in extract(example["text"])["officials"]]
    assert got == example["officials"]


def run_relations(example, _file):
    got = extract(example["text"])["relations"]
    want = example["relations"]
    assert [{k: r[k] for k in w} for r, w in zip(got, want)] == want
    assert len(got) == len(want)


def run_compare(example, _file):
    assert metric_key(example["metric"]) == example["key"]


def run_discovery(example, _file):
    if "link" in example:
        found = further_pages(f"<html><body>{example['link']}</body></html>", "https://x.id/indeks")
        assert [url for url, _ in found] == ([example["further"]] if example["further"] else [])
    elif "canonical" in example:
        assert canonical_url(example["url"]) == example["canonical"]
    else:
        assert looks_like_article(example["url"], site_for(example["url"])) is example["article"]


def run_pagekind(example, _file):
    from extractor.web.page import html_tree
    from extractor.web.pagekind import listing_links

    assert (listing_links(html_tree(example["html"])) or 0) == example["links"]


def run_page(example, _file):
    if "boilerplate" in example:
        assert is_boilerplate(example["line"]) is example["boilerplate"]
    elif "bylines" in example:
        assert read_bylines(example["line"]) == [tuple(b) for b in example["bylines"]]
    else:
        assert read_byline(example["line"]) == (example["field"], example["name"])


def run_site(example, file):
    stem = file.removeprefix("sites/").removesuffix(".toml")
    site = site_for(example["url"])
    assert site is sites()[stem]
    assert site.is_article(example["url"]) is example["article"]


RUNNERS = {
    "numbers.toml": run_quantities, "context.toml": run_quantities, "currencies.toml": run_quantities,
    "units.toml": run_quantities, "tokenizer.toml": run_tokens, "roles.toml": run_roles, "dates.toml": run_dates,
    "regions.toml": run_regions, "officials.toml": run_officials, "names.toml": run_officials, "relations.toml": run_relations,
    "compare.toml": run_compare, "discovery.toml": run_discovery, "page.toml": run_page,
    "pagekind.toml": run_pagekind, "sites/": run_site,
}


def runner_for(file: str):
    return RUNNERS.get(file) or RUNNERS.get(file.rpartition("/")[0] + "/")


EXAMPLES = [(f, i, ex) for f in rule_files() for i, ex in enumerate(read_toml(f).get("examples", []))]


def test_every_rule_file_with_examples_has_a_runner():
    unrun = sorted({f for f, _, _ in EXAMPLES if runner_for(f) is None})
    assert not unrun, f"rule files whose [[examples]] nothing runs: {unrun}"


def test_the_quantity_table_is_large_and_has_both_kinds():
    quantities = [ex for f, _, ex in EXAMPLES if runner_for(f) is run_quantities]
    assert len(quantities) >= 60
    assert sum(1 for ex in quantities if not ex["expect"]) >= 10


def test_every_outlet_has_url_examples_of_both_kinds():
    for stem, site in sites().items():
        assert {ex["article"] for ex in site.examples} == {True, False}, stem


@pytest.mark.parametrize("file,n,example", EXAMPLES, ids=[f"{f}:{n}" for f, n, _ in EXAMPLES])
def test_rule_file_examples(file, n, example):
    runner = runner_for(file)
    if runner is None:
        pytest.fail(f"no runner for {file}")
    runner(example, file)


def test_learned_lexicons_are_disjoint_and_rebuildable(tmp_path):
    """names.toml: a word is in one class; the learner rebuilds classes from a corpus it reads."""
    import json
    import subprocess
    import sys
    import tomllib

    from conftest import ROOT

    names = read_toml("names.toml")
    person = set(names["person"])
    assert len(person) > 500 and not person & set(names["organisation"]) and not person & set(names["common"])
    lines = ["Pengamat pasar uang Ariston Tjendra mengatakan pasar uang tenang, kata Ariston.",
             "PT Sinar Mas Tbk. naik. Harga di Rusia turun, kata Budi Santoso.",
             "Kepala Badan Pusat Statistik (BPS) Budi Santoso mengatakan ekspor naik.",
             "Menteri Kesehatan (Menkes) Budi Santoso hadir. Kepala Dinas Perkim Kepulauan Riau (Kepri) hadir."] * 3
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines), encoding="utf-8")
    out = tmp_path / "names.toml"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "learn_lexicons.py"), str(corpus), str(out)], check=True,
                   capture_output=True)
    learned = tomllib.loads(out.read_text(encoding="utf-8"))
    assert {"Ariston", "Budi", "Santoso"} <= set(learned["person"])
    assert "Sinar" in learned["organisation"] and "Rusia" in learned["place"]
    assert learned["acronyms"]["BPS"] == "Badan Pusat Statistik"  # the position is not the name's
    # a title's short form is learned as one ("Menkes"), a province's name after a title is not ("Kepri")
    assert learned["short_forms"] == {"Menkes": "Menteri Kesehatan"} and "Menkes" not in learned["person"]
    assert learned["examples"]
