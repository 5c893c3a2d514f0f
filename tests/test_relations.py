"""Relations and their verdicts: the examples in patterns/relations.toml, the seed, and a
mutation test: a stated figure changed beyond its rounding must be flagged."""
import json
import re

from conftest import shared_path

from extractor import extract, extract_many

def test_seed_article_adds_up():
    text = shared_path("seed", "bpjs-sumbagut-2017.txt").read_text(encoding="utf-8")
    record = extract(text, published="Bisnis.com,22 Des 2017, 17:30 WIB")
    q = record["quantities"]
    shares = [r for r in record["relations"] if r["type"] == "share_of"]
    assert [(q[r["part"]]["text"], q[r["percent"]]["text"], q[r["whole"]]["text"], r["verdict"]) for r in shares] == [
        ("801.356", "100%", "798.228", "consistent"),
        ("111.698", "101%", "110.705", "consistent"),
        ("791.254", "100%", "790.113", "consistent"),
    ]
    # "melampaui target ..., baik untuk tenaga kerja jasa konstruksi (jakon), tenaga kerja informal
    # dan tenaga kerja formal": both totals break down into the three categories given later
    sums = {q[r["whole"]]["text"]: ([q[i]["text"] for i in r["parts"]], r["verdict"], r["difference"])
            for r in record["relations"] if r["type"] == "sum_of"}
    assert sums["1.704.308"] == (["801.356", "111.698", "791.254"], "consistent", 0)
    # the article's own targets do not add up: 798.228 + 110.705 + 790.113 = 1.699.046
    assert sums["1.699.086"] == (["798.228", "110.705", "790.113"], "inconsistent", -40)
    assert len(sums) == 2


def test_seed_breakdown_with_a_changed_part_is_flagged():
    """A part given paragraphs after the list of categories, changed: the stated total is flagged."""
    text = shared_path("seed", "bpjs-sumbagut-2017.txt").read_text(encoding="utf-8").replace("111.698", "121.698")
    record = extract(text, published="Bisnis.com,22 Des 2017, 17:30 WIB")
    q = record["quantities"]
    sums = {q[r["whole"]]["text"]: (r["verdict"], r["difference"]) for r in record["relations"] if r["type"] == "sum_of"}
    assert sums["1.704.308"] == ("inconsistent", 10000)


def _format_id(value: float, decimals: int) -> str:
    whole, _, frac = f"{value:,.{decimals}f}".partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def _decimals(text: str) -> int:
    m = re.search(r",(\d+)", text)
    return len(m.group(1)) if m else 0


def _coarse(text: str) -> bool:
    """Whether the figure's rounding is over 4% of it (`Rp5 triliun`, not `Rp5,12 triliun`)."""
    number = re.search(r"\d[\d.,]*", text).group()
    value = float(number.replace(".", "").replace(",", "."))
    return value == 0 or 0.5 * 10 ** -_decimals(number) / value > 0.04


def _mutations(gold: dict):
    """(mutated text, start of the changed figure) for each gold share_of relation."""
    q = gold["quantities"]
    for rel in gold["relations"]:
        if any(_coarse(q[rel[k]]["text"]) for k in ("part", "whole", "percent")):
            continue  # "Rp5 triliun" stands for 4,5 to 5,5: a 20% change of another member is immaterial
        for role in ("percent", "part"):
            fig = q[rel[role]]
            if fig["value"] is None:
                continue
            number = re.search(r"\d[\d.,]*", fig["text"])
            start, end = fig["start"] + number.start(), fig["start"] + number.end()
            for factor in (0.8, 1.25):
                new = _format_id(float(fig["value"] if role == "percent" else float(number.group().replace(".", "").replace(",", "."))) * factor,
                                 _decimals(number.group()))
                yield gold["text"][:start] + new + gold["text"][end:], fig["start"]


def test_mutated_figures_are_flagged_and_true_ones_are_not():
    golds = [json.loads(line) for line in shared_path("eval", "dev.jsonl").open(encoding="utf-8")]
    golds = [g for g in golds if g["relations"]]
    cases = [(text, start) for g in golds for text, start in _mutations(g)]
    records = list(extract_many([{"text": text} for text, _ in cases]))
    caught = sum(
        any(r["verdict"] == "inconsistent" and any(rec["quantities"][i]["start"] == start for i in _members(r))
            for r in rec["relations"])
        for (text, start), rec in zip(cases, records)
    )
    assert len(cases) >= 20
    assert caught / len(cases) >= 0.95, f"caught {caught} of {len(cases)}"

    false_alarms = 0
    for gold, rec in zip(golds, extract_many(golds)):
        starts = {(gold["quantities"][r["part"]]["start"], gold["quantities"][r["percent"]]["start"]) for r in gold["relations"]}
        for r in rec["relations"]:
            if r["type"] == "share_of" and (rec["quantities"][r["part"]]["start"], rec["quantities"][r["percent"]]["start"]) in starts:
                false_alarms += r["verdict"] == "inconsistent"
    assert false_alarms == 0


def _members(relation: dict) -> list[int]:
    keys = ("part", "whole", "percent", "rate", "start", "end")
    return [relation[k] for k in keys if k in relation] + relation.get("parts", [])
