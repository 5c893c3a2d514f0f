"""figure_meaning's cue index takes the PhraseMatcher's matches in the order they come: each kind's
spans must be what sorting them gives, and each span listed once (invented text with overlapping
and nested cues, and real articles when ../shared is present)."""
import gzip
import json
from itertools import islice

import pytest
from conftest import shared_path

from extractor.nlp.meaning import Cues
from extractor.nlp.pipeline import get_pipeline

TEXTS = [
    "Target pendapatan naik 5% dibandingkan periode yang sama tahun lalu, sementara itu proyeksi laba turun.",
    "targetnya TARGET Target sementara sementara itu sementara itu namun dari sebelumnya naik naik sekitar 5%",
    "Sementara itu, dibanding tahun lalu yang tercatat Rp3 triliun, tahun ini ditargetkan tepat sasaran.",
    "",
]


def _check(doc):
    component = get_pipeline().get_pipe("figure_meaning")
    matches = component.matcher(doc)
    cues = Cues(matches, component.names)
    plain = {}
    for match_id, start, end in matches:
        plain.setdefault(component.names[match_id], set()).add((start, end))
    for kind, spans in cues.spans.items():
        assert spans == sorted(set(spans)), kind
        if kind not in ("target", "forecast", "not_plan"):  # (target and forecast lose masked cues)
            assert set(spans) == plain.get(kind, set()), kind
        assert cues.starts[kind] == [s for s, _ in spans]
    return cues


@pytest.mark.parametrize("text", TEXTS)
def test_cue_spans_are_sorted_and_once(text):
    cues = _check(get_pipeline().make_doc(text))
    if text:
        assert cues.spans  # the invented texts hold cues: the test reads something


def test_cue_spans_are_sorted_on_real_articles():
    nlp = get_pipeline()
    with gzip.open(shared_path("corpus", "real-news.jsonl.gz"), "rt", encoding="utf-8") as fh:
        for line in islice(fh, 300):
            _check(nlp.make_doc(json.loads(line).get("text") or ""))
