"""Cross-source comparison for fact-checkers: figures about the same metric, subject and year
reported by different stories, and those whose values disagree beyond rounding (stories
published more than `max_days_apart` days apart report different moments and are not compared).

Each figure stands for an interval (its value ± half the place value of its last digit, widened
to 2.5% when hedged, as in relations.py); two stories disagree when their intervals do not meet.
Duplicates of one story (dedup.py) count once, so a syndicated copy never confirms itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..intervals import APPROX_WIDTH
from ..numfmt import quantity
from ..rules import cached, read_toml
from .tables import tables


@cached
def _rules() -> tuple[frozenset[str], int, float]:
    data = read_toml("compare.toml")
    return frozenset(w.lower() for w in data["ignore_words"]), int(data["min_words"]), float(data["max_days_apart"])


def metric_key(metric: str | None) -> str:
    """What a metric measures, in comparable form ('' when too vague): `Laba bersih mencapai` -> `laba bersih`."""
    ignore, min_words, _ = _rules()
    words = [w for w in metric.lower().split() if w not in ignore] if isinstance(metric, str) else []
    return " ".join(words) if len(words) >= min_words else ""


@dataclass
class Group:
    key: tuple               # (metric, subject, year, unit, role, item)
    figures: pd.DataFrame    # one row per figure, with its article's title, outlet and url
    disagree: list[tuple[int, int]] = field(default_factory=list)  # row pairs that do not meet


def compare(source: str | Path, all_groups: bool = False) -> list[Group]:
    """Groups of figures about one thing from two or more stories; only those with a
    disagreement unless `all_groups`."""
    t = tables(source, ("articles", "figures", "officials"))
    figs = t["figures"][~t["figures"]["duplicate"].astype(bool) & t["figures"]["value"].notna() & t["figures"]["year"].notna()]
    orgs = t["officials"].dropna(subset=["org"]).drop_duplicates(["article_id", "name"])[["article_id", "name", "org"]]
    figs = figs.merge(orgs, how="left", left_on=["article_id", "speaker"], right_on=["article_id", "name"])
    arts = t["articles"][["id", "title", "outlet", "url", "published", "dateline_region"]].rename(columns={"id": "article_id"})
    figs = figs.merge(arts, on="article_id", how="left")
    # a place is a subject when the sentence names it, not when it is only the dateline
    place = figs["region"].where(figs["region"] != figs["dateline_region"].fillna(""))
    figs["subject"] = figs["org"].fillna(place)
    figs["metric_key"] = figs["metric"].map(metric_key)
    figs = figs[(figs["metric_key"] != "") & figs["subject"].notna()]
    keys = ["metric_key", "subject", "year", "unit", "role", "item"]
    out = []
    for key, group in figs.groupby(keys, dropna=False, sort=True):
        if group["story_id"].nunique() < 2:
            continue
        group = group.reset_index(drop=True)
        found = Group(tuple(key), group, _disagreements(group))
        if found.disagree or all_groups:
            out.append(found)
    return out


def _disagreements(group: pd.DataFrame) -> list[tuple[int, int]]:
    hedged = group["value"].abs().to_numpy() * group["approx"].fillna(False).to_numpy() * APPROX_WIDTH
    margin = pd.Series(group["rounding"].fillna(0).to_numpy()).combine(pd.Series(hedged), max).to_numpy()
    low, high = group["value"].to_numpy() - margin, group["value"].to_numpy() + margin
    story = group["story_id"].to_numpy()
    when = pd.to_datetime(group["published"], errors="coerce", utc=True)
    days = _rules()[2]
    close = [[pd.isna(a) or pd.isna(b) or abs((a - b).total_seconds()) <= days * 86400 for b in when] for a in when]
    return [(i, j) for i in range(len(group)) for j in range(i + 1, len(group))
            if story[i] != story[j] and close[i][j] and (low[i] > high[j] or low[j] > high[i])]


def format_group(group: Group) -> str:
    metric, subject, year, unit, role, item = group.key
    flagged = {i for pair in group.disagree for i in pair}
    head = f"{'DISAGREE' if group.disagree else 'agree'}: {metric} | {subject} | {year} | {unit}{' ' + item if isinstance(item, str) else ''} | {role}"
    lines = [head]
    rows = group.figures.astype(object).where(group.figures.notna(), None)
    for i, row in rows.iterrows():
        mark = "!" if i in flagged else " "
        source = " ".join(x for x in (row["outlet"], row["title"] or row["url"] or row["article_id"]) if x)
        lines.append(f"  {mark} {row['text']:<24} {quantity(row):>24}  {source}")
    return "\n".join(lines)
