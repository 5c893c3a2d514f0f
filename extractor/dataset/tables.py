"""The dataset read back as pandas DataFrames, from a store (SQLite), a directory of Parquet files
(from `export` or the Dask engine), or a directory of CSV files with their `schema.json`."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..errors import ExtractorError
from .schema import KEY, NAMES, typed
from .store import Store


def _join_stories(name: str, df: pd.DataFrame, stories: pd.DataFrame | None) -> pd.DataFrame:
    if "story_id" in df or name not in ("articles", "figures"):
        return typed(name, df)
    if stories is not None and len(stories):
        df = df.merge(stories.rename(columns={"article_id": KEY[name]}), how="left", on=KEY[name])
    df["story_id"] = df["story_id"].fillna(df[KEY[name]]) if "story_id" in df else df[KEY[name]]
    df["duplicate"] = df["duplicate"].fillna(False) if "duplicate" in df else False
    return typed(name, df)


@contextmanager
def reader(source: str | Path) -> Iterator[Callable[[str], Iterator[pd.DataFrame]]]:
    """`with reader(source) as read: read("figures")` -> that table in chunks. From a store every
    table is read in one snapshot (one read transaction), so tables read while another process
    writes still agree with each other; the store is opened read-only."""
    path = Path(source)
    if path.is_dir():
        stories_path = path / "stories.parquet"
        stories = pd.read_parquet(stories_path) if stories_path.exists() else None

        def from_parquet(name: str, chunk_rows: int = 50_000) -> Iterator[pd.DataFrame]:
            for part in _parquet_parts(path, name):
                yield _join_stories(name, pd.read_parquet(part), stories)
        yield from_parquet
        return
    with Store(path, create=False, readonly=True) as store, store.snapshot():
        def from_store(name: str, chunk_rows: int = 50_000) -> Iterator[pd.DataFrame]:
            for df in store.read_table(name, chunk_rows):
                yield typed(name, df)
        yield from_store


def iter_table(source: str | Path, name: str, chunk_rows: int = 50_000) -> Iterator[pd.DataFrame]:
    """One table in chunks (flat memory for exports of any size), from a store or a Parquet directory."""
    with reader(source) as read:
        yield from read(name, chunk_rows)


def _parquet_parts(directory: Path, name: str) -> list[Path]:
    single = directory / f"{name}.parquet"
    if single.exists():
        return [single]
    return sorted((directory / name).glob("*.parquet"))


def tables(source: str | Path, names: tuple[str, ...] = NAMES) -> dict[str, pd.DataFrame]:
    """The dataset as DataFrames: `articles`, `figures`, `officials`, `regions`, `relations`, read
    from a store (`news.db`) or a directory of Parquet tables (from `export` or the Dask engine),
    sorted by article and number so that equal datasets give equal frames."""
    out = {}
    with reader(source) as read:
        for name in names:
            parts = list(read(name))
            df = pd.concat(parts, ignore_index=True) if parts else typed(name, pd.DataFrame())
            order = [KEY[name]] + (["n"] if name != "articles" else [])
            out[name] = df.sort_values(order, kind="stable").reset_index(drop=True)
    return out


def read_csv_dir(directory: str | Path) -> dict[str, pd.DataFrame]:
    """Tables exported as CSV, read with the types of the `schema.json` written beside them, so
    they come back as `tables()` gives them: ids and codes (`32.10`) as text, integers that may be
    empty as `Int64`. Only an empty field is missing (a name written `NA` stays a name)."""
    directory = Path(directory)
    try:
        schema = json.loads((directory / "schema.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ExtractorError(str(directory / "schema.json"), f"cannot read the tables' schema ({err})") from None
    out = {}
    for name, table in schema.items():
        path = directory / f"{name}.csv"
        if path.exists():
            types = {c["name"]: c["type"] for c in table["columns"]}
            out[name] = pd.read_csv(path, dtype=types, keep_default_na=False, na_values=[""])
    return out
