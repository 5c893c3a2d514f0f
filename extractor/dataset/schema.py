"""The dataset's tables: their columns and types, and an extraction record as rows.

One schema serves every path (the store, `export`, the Dask engine), so their tables compare
row for row. Figures, officials, regions and relations are numbered `n` within their article;
relations name figures by that number.
"""
from __future__ import annotations

import json

import pandas as pd


STORY = [("story_id", "string"), ("duplicate", "boolean")]  # from deduplication, joined on read

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "string"), *STORY, ("url", "string"), ("outlet", "string"), ("title", "string"),
        ("published", "string"), ("author", "string"), ("editor", "string"), ("section", "string"),
        ("tags", "string"), ("image", "string"), ("dateline", "string"), ("dateline_region", "string"),
        ("figures", "Int64"), ("content_hash", "string"), ("pipeline_version", "string"), ("text", "string"),
    ],
    "figures": [
        ("article_id", "string"), *STORY, ("n", "Int64"), ("sentence", "Int64"), ("start", "Int64"),
        ("end", "Int64"), ("text", "string"), ("value", "Float64"), ("low", "Float64"), ("high", "Float64"),
        ("unit", "string"), ("item", "string"), ("metric", "string"), ("role", "string"), ("year", "Int64"),
        ("region", "string"), ("speaker", "string"), ("approx", "boolean"), ("rounding", "Float64"),
    ],
    "officials": [("article_id", "string"), ("n", "Int64"), ("name", "string"), ("title", "string"),
                  ("org", "string"), ("quoted", "boolean")],
    "regions": [("article_id", "string"), ("n", "Int64"), ("code", "string"), ("name", "string"),
                ("mention", "string")],
    "relations": [("article_id", "string"), ("n", "Int64"), ("type", "string"), ("verdict", "string"),
                  ("computed", "Float64"), ("difference", "Float64"), ("whole", "Int64"), ("part", "Int64"),
                  ("percent", "Int64"), ("rate", "Int64"), ("start", "Int64"), ("end", "Int64"),
                  ("parts", "string"), ("rate_kind", "string"), ("direction", "string"), ("gap", "string"),
                  ("expected", "string"), ("slips", "string"), ("explanation", "string")],
}
NAMES = tuple(COLUMNS)
KEY = {name: "id" if name == "articles" else "article_id" for name in NAMES}


def stored_columns(name: str) -> list[str]:
    """The columns a table keeps in the store (story columns live in `stories`)."""
    story = {c for c, _ in STORY}
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


def typed(name: str, df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    types = dict(COLUMNS[name])
    columns = columns or [c for c, _ in COLUMNS[name]]
    for c in columns:
        if c not in df:
            df[c] = None
    return df[columns].astype({c: types[c] for c in columns})
