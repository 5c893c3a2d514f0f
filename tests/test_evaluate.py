"""The scorer: a match needs overlapping spans, the same unit and the same value or range."""
from extractor.nlp.evaluate import quantity_matches, score


def q(text, start, value=None, unit="%", low=None, high=None, role="actual"):
    return {"text": text, "start": start, "end": start + len(text), "value": value, "unit": unit, "low": low,
            "high": high, "role": role, "approx": False, "year": None, "item": None}


def test_quantity_matching_rules():
    gold = q("24,44%", 10, 24.44)
    assert quantity_matches(q("24,44%", 10, 24.44), gold)
    assert quantity_matches(q("24,44", 10, 24.44), gold)            # overlap is enough
    assert not quantity_matches(q("24,44%", 10, 24.4), gold)        # a wrong value is a miss
    assert not quantity_matches(q("24,44%", 10, 24.44, "pp"), gold)  # so is a wrong unit
    assert not quantity_matches(q("24,44%", 30, 24.44), gold)       # and no overlap
    rng = q("20%-30%", 0, None, low=20, high=30)
    assert quantity_matches(q("20%-30%", 0, None, low=20, high=30), rng)
    assert not quantity_matches(q("20%", 0, 20), rng)


def test_scores_per_field_and_relations_through_matching():
    gold = {"id": "a", "dateline": "Medan", "quantities": [q("Rp1", 0, 1, "IDR"), q("5%", 10, 5), q("Rp20", 20, 20, "IDR")],
            "officials": [{"name": "Umardin Lubis", "title": "Deputy Direktur", "quoted": True}],
            "regions": [{"code": "12.71"}, {"code": "12"}],
            "relations": [{"type": "share_of", "part": 0, "whole": 2, "percent": 1}]}
    pred = {"id": "a", "dateline": "MEDAN", "quantities": [q("5%", 10, 5, role="share"), q("Rp1", 0, 1, "IDR"), q("Rp20", 20, 20, "IDR")],
            "officials": [{"name": "Umardin Lubis", "title": "Direktur", "quoted": False}],
            "regions": [{"code": "12.71"}, {"code": "11"}],
            "relations": [{"type": "share_of", "part": 1, "whole": 2, "percent": 0}]}
    s = score({"a": pred}, [gold])
    assert (s.quantities.tp, s.quantities.fp, s.quantities.fn) == (3, 0, 0)
    assert s.role.right == 2 and s.role.total == 3
    assert s.relations.f1 == 1.0           # indices are compared through the quantity matching
    assert s.regions.tp == 1 and s.regions.fp == 1 and s.regions.fn == 1
    assert s.officials.f1 == 1.0 and s.quoted.value == 0.0
    assert round(s.title_tokens.precision, 2) == 1.0 and round(s.title_tokens.recall, 2) == 0.5
    assert s.dateline.value == 1.0         # case does not matter
    missing = score({}, [gold])
    assert missing.quantities.recall == 0.0 and missing.quantities.precision == 1.0


def test_relations_written_with_spans_are_scored_per_type():
    from extractor.nlp.evaluate import score_relations, span_relations

    def m(text, start):
        return {"text": text, "start": start, "end": start + len(text)}

    gold = {"id": "b", "relations": [
        {"type": "share_of", "part": m("Rp1", 0), "whole": m("Rp20", 20), "percent": m("5%", 10), "verdict": "inconsistent"},
        {"type": "sum_of", "whole": m("Rp20", 20), "parts": [m("Rp1", 0), m("Rp19", 30)], "verdict": "consistent"},
        {"type": "change_of", "rate": m("5%", 10), "start": m("Rp19", 30), "end": m("Rp20", 20), "verdict": "consistent"}]}
    assert span_relations([gold]) and not span_relations([{"relations": [{"type": "share_of", "part": 0}]}])
    pred = {"id": "b", "quantities": [q("Rp1", 0, 1, "IDR"), q("5%", 10, 5), q("Rp20", 20, 20, "IDR"), q("Rp19", 30, 19, "IDR")],
            "relations": [{"type": "share_of", "part": 0, "whole": 2, "percent": 1, "verdict": "inconsistent"},
                          {"type": "sum_of", "whole": 2, "parts": [0], "verdict": "consistent"},        # a part missing
                          {"type": "change_of", "rate": 1, "start": 0, "end": 2, "verdict": "inconsistent"}]}  # wrong start
    s = score_relations({"b": pred}, [gold])
    assert (s.by_type["share_of"].tp, s.by_type["sum_of"].tp, s.by_type["change_of"].tp) == (1, 0, 0)
    assert (s.overall.precision, s.overall.recall) == (1 / 3, 1 / 3)
    assert s.verdict.value == 1.0
    assert (s.alarms.tp, s.alarms.fp, s.alarms.fn) == (1, 1, 0)
