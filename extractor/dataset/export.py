"""Write the dataset's tables to a directory: CSV, Parquet, Excel or JSONL, one file per table.
Tables are written chunk by chunk (Excel excepted), so exports of any size run in flat memory."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ExtractorError
from .schema import NAMES, typed
from .tables import iter_table

FORMATS = ("csv", "parquet", "xlsx", "jsonl")


class ExportError(ExtractorError):
    """The export directory cannot be written; one line."""


def export(source: str | Path, to: str | Path, fmt: str = "parquet") -> dict[str, Path]:
    """Every table of a store (or Parquet directory) written under `to`; returns table -> file."""
    to = Path(to)
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
                df = pd.concat(parts, ignore_index=True) if parts else typed(name, pd.DataFrame())
                df.to_excel(book, sheet_name=name, index=False)
                written[name] = path
        return written
    for name in NAMES:
        path = to / f"{name}.{fmt}"
        _write(iter_table(source, name), name, path, fmt)
        written[name] = path
    return written


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
