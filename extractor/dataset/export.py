"""Write the dataset's tables to a directory: CSV, Parquet, Excel or JSONL, one file per table
(Excel: one sheet per table), chunk by chunk, so exports of any size run in flat memory, and
`schema.json` beside them (every column's type and meaning, so codes such as `32.10` read back
as text: `tables.read_csv_dir`).

Exports are opened by people in spreadsheets, so they are made safe to open: a text cell that a
spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR; OWASP's CSV
injection rule) gets a leading `'` in CSV and Excel (numbers such as `-7,2` stay as they are); CSV
quotes every field holding a CR or LF; Excel cells lose control characters, and a text longer
than Excel's 32,767 characters is cut with a visible mark and a warning, never silently. All tables
are read in one snapshot of the store, so an export taken while `ingest` runs is consistent.
Every file is written under a fresh name (O_EXCL, never through a planted link) in the target
directory and renamed into place only when complete.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ExtractorError
from .schema import COLUMNS, NAMES, schema_json, typed
from .tables import reader

FORMATS = ("csv", "parquet", "xlsx", "jsonl")
FORMULA_START = re.compile(r"[=+\-@\t\r]")
PLAIN_NUMBER = re.compile(r"[-+]?[0-9][0-9.,]*%?")  # a figure as written, not a formula
XLSX_MAX_CHARS = 32_767
XLSX_MAX_ROWS = 1_048_576
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what the XLSX format cannot hold


class ExportError(ExtractorError):
    """An export that cannot be written (`where`: the directory or file); one line."""


def neutralise(value: str) -> str:
    """A text that a spreadsheet would run as a formula, prefixed with `'`; others unchanged."""
    if value and FORMULA_START.match(value) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


OnProgress = Callable[[str, int], None]  # (table, rows just read)


def export(source: str | Path, to: str | Path, fmt: str = "parquet", warn: Callable[[str], None] | None = None,
           on_progress: OnProgress | None = None) -> dict[str, Path]:
    """Every table of a store (or Parquet directory) written under `to`, with `schema.json`;
    returns table -> file. `warn` receives lines about cells Excel cannot hold whole;
    `on_progress(table, rows)` follows each chunk read."""
    to = Path(to)
    try:
        to.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=to, prefix=".write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise ExportError(str(to), f"cannot write there ({err.strerror or err})") from None
    warn = warn or (lambda line: None)
    report = on_progress or (lambda name, rows: None)
    with reader(source) as read_table:

        def read(name: str):
            for df in read_table(name):
                yield df
                report(name, len(df))

        if fmt == "xlsx":
            path = to / "tables.xlsx"
            _atomic(path, lambda out: _write_xlsx(read, out, path, warn))
            written = {name: path for name in NAMES}
        else:
            written = {}
            for name in NAMES:
                path = to / f"{name}.{fmt}"
                _atomic(path, lambda out: _write(read(name), name, out, fmt))
                written[name] = path
    schema = to / "schema.json"
    text = json.dumps(schema_json(), indent=1, ensure_ascii=False) + "\n"
    _atomic(schema, lambda out: out.write(text.encode("utf-8")))
    written["schema"] = schema
    return written


def _atomic(path: Path, write: Callable) -> None:
    """Write through `write(file)` into a fresh file beside `path`, then rename it into place: a
    finished file or none, and never through a symlink or file someone planted there."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")  # O_EXCL | O_NOFOLLOW
    except OSError as err:
        raise ExportError(str(path.parent), f"cannot write there ({err.strerror or err})") from None
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except OSError as err:
        raise ExportError(str(path), f"cannot write it ({err.strerror or err})") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _safe_strings(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Text columns with formula-like cells neutralised (numeric columns are numbers already)."""
    df = df.copy()
    for column, kind in COLUMNS[name]:
        if kind == "string" and column in df:
            s = df[column]
            risky = s.str.match(FORMULA_START.pattern).fillna(False) & ~s.str.fullmatch(PLAIN_NUMBER.pattern).fillna(False)
            if risky.any():
                df.loc[risky, column] = "'" + s[risky]
    return df


def _write(chunks, name: str, out, fmt: str) -> None:
    writer = None
    first = True
    for df in chunks:
        if fmt == "parquet":
            table = pa.Table.from_pandas(df, preserve_index=False)
            writer = writer or pq.ParquetWriter(out, table.schema)
            writer.write_table(table)
        elif fmt == "csv":  # CRLF rows: every field holding a CR or LF is quoted
            out.write(_safe_strings(name, df).to_csv(index=False, header=first, lineterminator="\r\n").encode("utf-8"))
        else:
            out.write(df.to_json(orient="records", lines=True, force_ascii=False).encode("utf-8"))
        first = False
    if fmt == "parquet":
        if writer is None:
            writer = pq.ParquetWriter(out, pa.Table.from_pandas(typed(name, pd.DataFrame()), preserve_index=False).schema)
        writer.close()
    elif fmt == "csv" and first:
        out.write(typed(name, pd.DataFrame()).to_csv(index=False, lineterminator="\r\n").encode("utf-8"))


def _write_xlsx(read, out, path: Path, warn: Callable[[str], None]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    cut = 0
    for name in NAMES:
        sheet = book.create_sheet(name)
        columns = [c for c, _ in COLUMNS[name]]
        sheet.append(columns)
        rows = 1
        for df in read(name):
            rows += len(df)
            if rows > XLSX_MAX_ROWS:
                raise ExportError(str(path), f"table {name} has more rows than Excel's {XLSX_MAX_ROWS:,}; "
                                             "export it as csv or parquet")
            for row in _safe_strings(name, df).astype(object).itertuples(index=False, name=None):
                cells = []
                for value in row:
                    if value is pd.NA or value is None or (isinstance(value, float) and value != value):
                        value = None
                    elif isinstance(value, str):
                        value = _XLSX_ILLEGAL.sub("", value)
                        if len(value) > XLSX_MAX_CHARS:
                            mark = f" [cut: {len(value):,} characters in all; see the CSV or Parquet export]"
                            value = value[: XLSX_MAX_CHARS - len(mark)] + mark
                            cut += 1
                    cells.append(value)
                sheet.append(cells)
    book.save(out)
    if cut:
        warn(f"{path}: {cut} text(s) longer than Excel's {XLSX_MAX_CHARS:,} characters were cut, each marked "
             "'[cut: N characters in all ...]'; the CSV, JSONL and Parquet exports hold them whole")
