"""Cross-source comparison for fact-checkers: figures about the same metric, subject and year
reported by different outlets, and those whose values disagree beyond rounding. Only figures
that refer to the same day are compared (a rate, a price, a running total changes from day to
day: the reference day is the publication day in Jakarta), only across outlets (one outlet's
daily series is no disagreement), and only for a specific metric (not "harga" alone) of a named
subject. An empty list is better than a wrong one.

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
def _rules() -> tuple[frozenset[str], int]:
    data = read_toml("compare.toml")
    return frozenset(w.lower() for w in data["ignore_words"]), int(data["min_words"])


def metric_key(metric: str | None) -> str:
    """What a metric measures, in comparable form ('' when too vague): `Laba bersih mencapai` -> `laba bersih`,
    `harga` -> ''."""
    ignore, min_words = _rules()
    words = [w for w in metric.lower().split() if w not in ignore] if isinstance(metric, str) else []
    if all(w in _vague() for w in words):
        return ""
    return " ".join(words) if len(words) >= min_words else ""


@cached
def _vague() -> frozenset[str]:
    return frozenset(w.lower() for w in read_toml("compare.toml")["vague_words"])


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
    figs["source"] = figs["outlet"].fillna(figs["url"].map(_host))
    figs["day"] = pd.to_datetime(figs["published"], errors="coerce", utc=True).dt.tz_convert("Asia/Jakarta").dt.date
    figs = figs[figs["day"].notna()]
    keys = ["metric_key", "subject", "year", "unit", "role", "item", "day"]
    out = []
    for key, group in figs.groupby(keys, dropna=False, sort=True):
        if group["story_id"].nunique() < 2 or group["source"].nunique() < 2:
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
    story, source = group["story_id"].to_numpy(), group["source"].to_numpy()
    return [(i, j) for i in range(len(group)) for j in range(i + 1, len(group))
            if story[i] != story[j] and source[i] != source[j] and (low[i] > high[j] or low[j] > high[i])]


def _host(url) -> str | None:
    from urllib.parse import urlsplit
    return urlsplit(url).hostname if isinstance(url, str) else None


def _sentence(text, start: int, end: int) -> str:
    """The sentence around a figure, for a reader to check it in its story."""
    if not isinstance(text, str):
        return ""
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[a:min(stops) + 1 if stops else len(text)].strip()


def disagreement_rows(groups: list[Group], source: str | Path) -> list[dict]:
    """One row per disagreeing pair: both stories (outlet, title, URL, sentence, figure)."""
    t = tables(source, ("articles",))
    texts = t["articles"].set_index("id")["text"]
    rows = []
    for g in groups:
        metric, subject, year, unit, role, item, day = g.key
        for i, j in g.disagree:
            row = {"metric": metric, "subject": subject, "year": _plain(year), "unit": unit, "role": role,
                   "item": _plain(item), "day": str(day)}
            for side, k in (("a", i), ("b", j)):
                f = g.figures.loc[k]
                row |= {f"{side}_{name}": _plain(f[name]) for name in ("outlet", "title", "url", "text", "value")}
                row[f"{side}_sentence"] = _sentence(texts.get(f["article_id"]), int(f["start"]), int(f["end"]))
            rows.append(row)
    return rows


def _plain(value):
    """A table cell as plain Python (None for missing), for JSON and CSV."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def format_group(group: Group) -> str:
    metric, subject, year, unit, role, item, day = group.key
    flagged = {i for pair in group.disagree for i in pair}
    head = (f"{'DISAGREE' if group.disagree else 'agree'}: {metric} | {subject} | {year} | "
            f"{unit}{' ' + item if isinstance(item, str) else ''} | {role} | {day}")
    lines = [head]
    rows = group.figures.astype(object).where(group.figures.notna(), None)
    for i, row in rows.iterrows():
        mark = "!" if i in flagged else " "
        source = " ".join(x for x in (row["outlet"], row["title"] or row["url"] or row["article_id"]) if x)
        lines.append(f"  {mark} {row['text']:<24} {quantity(row):>24}  {source}")
    return "\n".join(lines)
