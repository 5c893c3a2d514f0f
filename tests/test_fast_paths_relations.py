"""The faster ways relations, their verdicts and regions work give what the plain ways give:
`filter_spans_at` is spaCy's `filter_spans` on offsets, and the digit-slip search, which checks
each trial for agreement only, names the slips a search through the whole `judge` names."""
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import filter_spans

from extractor.nlp.numbers import parse_numeral
from extractor.nlp.regions import filter_spans_at
from extractor.nlp.tokens import doc_words
from extractor.nlp.verdicts import Member, _variants, digit_slips, judge

from conftest import processed_doc


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 29), st.integers(1, 6)), max_size=25))
def test_filter_spans_at_is_filter_spans(pairs):
    doc = processed_doc(" ".join(f"kata{k}" for k in range(36)))
    spans = [(start, start + size) for start, size in pairs]
    plain = [(s.start, s.end) for s in filter_spans([doc[a:b] for a, b in spans])]
    assert filter_spans_at(spans) == plain


def test_regions_found_in_text_order_without_overlaps():
    doc = processed_doc("Pemprov Jawa Barat dan Kota Bandung, Kabupaten Bandung Barat serta Jakarta Selatan menyalurkan Rp5 miliar.")
    names = [r["mention"] for r in doc._.regions]
    assert names == ["Jawa Barat", "Kota Bandung", "Kabupaten Bandung Barat", "Jakarta Selatan"]
    assert doc_words(doc).text[:3] == ["Pemprov", "Jawa", "Barat"]


def _plain_slips(kind: str, members: dict, limit: int = 3) -> list[str]:
    """The slip search as first written: each trial judged in full."""
    found = []
    for role, member in members.items():
        group = member if isinstance(member, list) else [member]
        for n, fig in enumerate(group):
            if fig.value is None:
                continue
            for old, new, at in _variants(fig.text):
                base, slipped = parse_numeral(old), parse_numeral(new)
                if not base or slipped is None:
                    continue
                changed = replace(fig, value=fig.value * float(slipped / base))
                trial = dict(members)
                trial[role] = group[:n] + [changed] + group[n + 1:] if isinstance(member, list) else changed
                if judge(kind, trial)[0] == "consistent":
                    found.append(f"{fig.text} → {fig.text[:at]}{new}{fig.text[at + len(old):]}")
                    if len(found) > limit:
                        return found
    return found


def _member(numeral: str, unit: str) -> Member:
    decimals = len(numeral.partition(",")[2])
    text = f"{numeral}%" if unit == "%" else f"Rp{numeral} miliar"
    return Member(text, float(parse_numeral(numeral)), None, None, unit, None, False, 0.5 * 10 ** -decimals)


NUMERALS = st.one_of(st.integers(1, 99_999).map(lambda n: f"{n:,}".replace(",", ".")),
                     st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda p: f"{p[0]},{p[1]:02d}"))


@settings(max_examples=300, deadline=None)
@given(NUMERALS, NUMERALS, NUMERALS, st.sampled_from(["%", "IDR"]))
def test_digit_slips_are_the_plain_search(a, b, c, rate_unit):
    change = {"rate": _member(a, rate_unit), "start": _member(b, "IDR"), "end": _member(c, "IDR")}
    share = {"part": _member(a, "IDR"), "whole": _member(b, "IDR"), "percent": _member(c, "%")}
    parts = {"whole": _member(a, "IDR"), "parts": [_member(b, "IDR"), _member(c, "IDR")]}
    for kind, members in (("change_of", change), ("share_of", share), ("sum_of", parts)):
        assert digit_slips(kind, members) == _plain_slips(kind, members)


def test_a_slip_found_both_ways():
    members = {"part": _member("50", "IDR"), "whole": _member("200", "IDR"), "percent": _member("35,00", "%")}
    assert digit_slips("share_of", members) == _plain_slips("share_of", members) != []
