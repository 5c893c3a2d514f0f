"""Write the dataset's tables to a directory: CSV, Parquet, Excel or JSONL, one file per table,
and `schema.json` beside them (every column's type and meaning, so codes such as `32.10` read
back as text). Tables are written chunk by chunk (Excel excepted), so exports of any size run in
flat memory."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ExtractorError
from .schema import NAMES, schema_json, typed
from .tables import iter_table

FORMATS = ("csv", "parquet", "xlsx", "jsonl")


class ExportError(ExtractorError):
    """The export directory cannot be written; one line."""


OnProgress = Callable[[str, int], None]  # (table, rows just written)


def export(source: str | Path, to: str | Path, fmt: str = "parquet",
           on_progress: OnProgress | None = None) -> dict[str, Path]:
    """Every table of a store (or Parquet directory) written under `to`, with `schema.json`;
    returns table -> file. `on_progress(table, rows)` follows each chunk written."""
    to = Path(to)
    report = on_progress or (lambda name, rows: None)
    try:
        to.mkdir(parents=True, exist_ok=True)
        probe = to / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise ExportError(str(to), f"cannot write there ({err.strerror or err})") from None
    written = {}
    if fmt == "xlsx":
        path = to / "tables.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as book:
            for name in NAMES:
                parts = list(iter_table(source, name))
                report(name, sum(len(p) for p in parts))
                df = pd.concat(parts, ignore_index=True) if parts else typed(name, pd.DataFrame())
                df.to_excel(book, sheet_name=name, index=False)
                written[name] = path
    else:
        for name in NAMES:
            path = to / f"{name}.{fmt}"
            _write(_reported(iter_table(source, name), name, report), name, path, fmt)
            written[name] = path
    schema = to / "schema.json"
    schema.write_text(json.dumps(schema_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    written["schema"] = schema
    return written


def _reported(chunks, name: str, report: OnProgress):
    for df in chunks:
        yield df
        report(name, len(df))


def _write(chunks, name: str, path: Path, fmt: str) -> None:
    tmp = path.with_name(path.name + ".part")  # a finished file or none, never half of one
    writer = None
    first = True
    try:
        with open(tmp, "wb") as out:
            for df in chunks:
                if fmt == "parquet":
                    table = pa.Table.from_pandas(df, preserve_index=False)
                    writer = writer or pq.ParquetWriter(out, table.schema)
                    writer.write_table(table)
                elif fmt == "csv":
                    out.write(df.to_csv(index=False, header=first).encode("utf-8"))
                else:
                    out.write(df.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8"))
                first = False
            if fmt == "parquet":
                if writer is None:
                    writer = pq.ParquetWriter(out, pa.Table.from_pandas(typed(name, pd.DataFrame()), preserve_index=False).schema)
                writer.close()
            elif fmt == "csv" and first:
                out.write(typed(name, pd.DataFrame()).to_csv(index=False).encode("utf-8"))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
