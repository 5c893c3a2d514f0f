"""The dataset's tables: their columns, types and meanings, and an extraction record as rows.

One schema serves every path (the store, `export`, the Dask engine), so their tables compare
row for row. Figures, officials, regions and relations are numbered `n` within their article;
relations name figures by that number.
"""
from __future__ import annotations

import json

import pandas as pd


STORY = [("story_id", "string", "the story it belongs to: the smallest article id among its near-duplicate copies"),
         ("duplicate", "boolean", "true for every copy of a story but the first, so `not duplicate` counts each story once")]
# ^ from deduplication, joined on read

# Every table's columns: name, pandas type, meaning. The one source for the store's SQL types,
# the typed DataFrames, `schema.json` beside exports and the column descriptions of `serve`.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "articles": [
        ("id", "string", "stable id: given in the input, else 12 hex digits of the SHA-1 of the canonical URL (crawl) or of the text"),
        *STORY,
        ("url", "string", "where the article was read"),
        ("outlet", "string", "the news outlet (kompas, bisnis, detik...)"),
        ("title", "string", "headline"),
        ("published", "string", "publication time, ISO 8601 with +07:00 (WIB) when readable"),
        ("author", "string", "author from the page"),
        ("editor", "string", "editor from the page"),
        ("section", "string", "the outlet's section"),
        ("tags", "string", "the page's tags, comma-separated"),
        ("image", "string", "the page's main image URL"),
        ("dateline", "string", "the place before the first dash of the body (Bisnis.com, MEDAN --)"),
        ("dateline_region", "string", "Kemendagri code of the dateline's place"),
        ("figures", "Int64", "how many figures were extracted"),
        ("content_hash", "string", "SHA-1 of the body"),
        ("pipeline_version", "string", "package version and digest of the rules that extracted it"),
        ("text", "string", "the body, one paragraph per line"),
    ],
    "figures": [
        ("article_id", "string", "the article (articles.id)"),
        *STORY,
        ("n", "Int64", "number of the figure within its article, from 0 in the order of the body"),
        ("sentence", "Int64", "0-based sentence of the body"),
        ("start", "Int64", "character offset where the figure starts in the body"),
        ("end", "Int64", "character offset where it ends: text == body[start:end]"),
        ("text", "string", "the figure as written (Rp11,3 triliun)"),
        ("value", "Float64", "the value in units (11300000000000 for Rp11,3 triliun); empty for a range"),
        ("low", "Float64", "a range's lower end"),
        ("high", "Float64", "a range's upper end"),
        ("unit", "string", "IDR, USD... (ISO 4217), % , pp (percentage points), bps, x (multiplier), count, measure"),
        ("item", "string", "what is counted or the unit word (peserta, MW)"),
        ("metric", "string", "what is measured (laba bersih)"),
        ("role", "string", "target, forecast, change, share or actual"),
        ("year", "Int64", "the year the figure is about"),
        ("region", "string", "Kemendagri code of the place its sentence names"),
        ("speaker", "string", "the official who stated it"),
        ("approx", "boolean", "hedged (sekitar, hampir)"),
        ("rounding", "Float64", "half the place value of the last digit written (Rp1,88 triliun: 0,005 triliun)"),
    ],
    "officials": [
        ("article_id", "string", "the article (articles.id)"),
        ("n", "Int64", "number of the person within the article"),
        ("name", "string", "fullest form of the name, without honorifics"),
        ("title", "string", "position as written"),
        ("org", "string", "organisation"),
        ("quoted", "boolean", "quoted in the article"),
    ],
    "regions": [
        ("article_id", "string", "the article (articles.id)"),
        ("n", "Int64", "number of the region within the article"),
        ("code", "string", "Kemendagri code (32.73; grp:... for groupings such as Jabodetabek): text, not a number"),
        ("name", "string", "official name"),
        ("mention", "string", "as written in the article"),
    ],
    "relations": [
        ("article_id", "string", "the article (articles.id)"),
        ("n", "Int64", "number of the relation within the article"),
        ("type", "string", "share_of (part / whole = percent), sum_of (parts add up to whole), change_of (start to end at rate)"),
        ("verdict", "string", "consistent, immaterial (a gap rounding explains, or under 0.1%), inconsistent or unverifiable"),
        ("computed", "Float64", "the value recomputed from the other figures"),
        ("difference", "Float64", "computed minus stated"),
        ("whole", "Int64", "figure number n of the whole (share_of, sum_of)"),
        ("part", "Int64", "figure number n of the part (share_of)"),
        ("percent", "Int64", "figure number n of the stated share (share_of)"),
        ("rate", "Int64", "figure number n of the stated rate (change_of)"),
        ("start", "Int64", "figure number n of the value before (change_of)"),
        ("end", "Int64", "figure number n of the value after (change_of)"),
        ("parts", "string", "JSON list of the figure numbers of the parts (sum_of)"),
        ("rate_kind", "string", "percent or amount: how the change's rate is stated (change_of)"),
        ("direction", "string", "up or down, by the numbers (change_of)"),
        ("gap", "string", "the difference as a reader writes it, with its unit (0,75 pp, Rp400 miliar)"),
        ("expected", "string", "what the stated figures would need to be to agree"),
        ("slips", "string", "a likely digit slip that would make the figures agree"),
        ("explanation", "string", "the verdict in a plain sentence"),
    ],
}
DESCRIPTIONS = {
    "articles": "one row per article: where it came from, its metadata and body",
    "figures": "every figure of every article: value, unit, role, year, region, speaker",
    "officials": "the officials named in each article",
    "regions": "the provinces, regencies and cities each article names",
    "relations": "what a reader can recompute (shares, sums, changes) and whether it adds up",
}
COLUMNS: dict[str, list[tuple[str, str]]] = {name: [(c, t) for c, t, _ in cols] for name, cols in TABLES.items()}
NAMES = tuple(COLUMNS)
KEY = {name: "id" if name == "articles" else "article_id" for name in NAMES}


def stored_columns(name: str) -> list[str]:
    """The columns a table keeps in the store (story columns live in `stories`)."""
    story = {c for c, _, _ in STORY}
    return [c for c, _ in COLUMNS[name] if c not in story]


def record_rows(record: dict, content_hash: str, version: str) -> dict[str, list[tuple]]:
    """An extraction record as rows of the stored columns of every table."""
    aid = record["id"]
    article = dict(record, published=record.get("published_iso") or record.get("published"),
                   figures=len(record["quantities"]), content_hash=content_hash, pipeline_version=version,
                   tags=", ".join(record["tags"]) if isinstance(record.get("tags"), list) else record.get("tags"))
    rows = {"articles": [tuple(article.get(c) for c in stored_columns("articles"))]}
    rows["figures"] = [(aid, n, *(q.get(c) for c in stored_columns("figures")[2:]))
                       for n, q in enumerate(record["quantities"])]
    rows["officials"] = [(aid, n, o["name"], o.get("title"), o.get("org"), o.get("quoted"))
                         for n, o in enumerate(record["officials"])]
    rows["regions"] = [(aid, n, r["code"], r.get("name"), r.get("mention")) for n, r in enumerate(record["regions"])]
    rows["relations"] = [
        (aid, n, r["type"], r.get("verdict"), r.get("computed"), r.get("difference"),
         *(r.get(c) for c in ("whole", "part", "percent", "rate", "start", "end")),
         json.dumps(r["parts"]) if "parts" in r else None, r.get("rate_kind"), r.get("direction"), r.get("gap"),
         "; ".join(r.get("expected") or []) or None, "; ".join(r.get("slips") or []) or None, r.get("explanation"))
        for n, r in enumerate(record["relations"])]
    return rows


def frame(name: str, rows) -> pd.DataFrame:
    """Rows of the stored columns as a typed DataFrame."""
    columns = stored_columns(name)
    return typed(name, pd.DataFrame.from_records(list(rows), columns=columns), columns)


def schema_json() -> dict:
    """Every table's columns with their types and meanings, as written beside exports (`schema.json`)."""
    return {name: {"description": DESCRIPTIONS[name],
                   "columns": [{"name": c, "type": t, "description": d} for c, t, d in TABLES[name]]}
            for name in NAMES}


def typed(name: str, df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    types = dict(COLUMNS[name])
    columns = columns or [c for c, _ in COLUMNS[name]]
    for c in columns:
        if c not in df:
            df[c] = None
    return df[columns].astype({c: types[c] for c in columns})
