"""What the commands print: one-line errors and their count, output files put in place at the
end, the readable listing of a record and of tables (figures the Indonesian way), progress, and
store summaries."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..errors import ExtractorError, printable
from ..numfmt import number, quantity

PLAIN_SECONDS = float(os.environ.get("EXTRACTOR_PROGRESS_SECONDS", "10"))  # between plain progress lines


class Problems:
    """Counts and prints the one-line errors of a run: `error: WHERE: WHAT`."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, where: str | None, message: str) -> None:
        self.count += 1
        line = f"{where}: {message}" if where else message
        print(f"error: {printable(line)}", file=sys.stderr, flush=True)

    def report(self, err: ExtractorError, where: str | None = None) -> int:
        """One line for an error of the library; the exit code 1."""
        self(err.where or where, err.what)
        return 1

    @property
    def exit_code(self) -> int:
        return 1 if self.count else 0


class Output:
    """Standard output, or a file written under a temporary name beside it and put in place by
    `close(keep=True)`: a run whose every input failed leaves no file, an interrupted one no half
    file. Opening fails at once (OSError) when the directory cannot be written."""

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else Path(path)
        self.written = 0
        if self.path is not None:
            self.part = self.path.with_name(f".{self.path.name}.part")
            self.stream = open(self.part, "w", encoding="utf-8")

    def write(self, text: str) -> None:
        (sys.stdout if self.path is None else self.stream).write(text)  # sys.stdout: a progress bar may wrap it
        self.written += 1

    def flush(self) -> None:
        (sys.stdout if self.path is None else self.stream).flush()

    def close(self, keep: bool) -> None:
        if self.path is None:
            return
        self.stream.close()
        if keep:
            self.part.replace(self.path)
        else:
            self.part.unlink(missing_ok=True)


def open_output(path: str | None) -> Output:
    return Output(path)


def format_text(record: dict) -> str:
    """A readable listing of one record, for a person at a terminal: a header, the figures (values
    written the Indonesian way), and a relations section saying what adds up."""
    from ..nlp.report import describe

    head = record.get("title") or record.get("url") or record["id"]
    quantities, relations = record["quantities"], record["relations"]
    lines = [f"# {head}"]
    about = [x for x in (record.get("outlet"), record.get("published_iso") or record.get("published"),
                         record.get("url"), f"id {record['id']}") if x]
    lines.append("  " + " | ".join(about))
    if record.get("dateline"):
        lines.append(f"  dateline: {record['dateline']}")
    if record.get("regions"):
        lines.append("  regions: " + ", ".join(f"{r['mention']} ({r['code']})" for r in record["regions"]))
    for o in record.get("officials", []):
        lines.append(f"  official: {o['name']}" + (f", {o['title']}" if o["title"] else "") + (" (quoted)" if o["quoted"] else ""))
    lines.append(f"\n  figures ({len(quantities)}):")
    if quantities:
        lines.append(f"  {'at':>6}  {'as written':<24} {'value':<24} {'role':<9} {'year':<5} details")
    for q in quantities:
        details = "; ".join(x for x in (q.get("metric"), q.get("region") and f"region {q['region']}",
                                        q.get("speaker") and f"said by {q['speaker']}") if x)
        lines.append(f"  {q['start']:>6}  {q['text']:<24} {quantity(q):<24} {q['role']:<9} {q['year'] or '':<5} {details}".rstrip())
    lines.append(f"\n  relations ({len(relations)}):")
    lines += [f"  {describe(r, quantities)}" for r in relations] or ["  none stated"]
    # titles and names come from servers: no escapes to the terminal, one line stays one line
    return "\n".join(map(printable, "\n".join(lines).split("\n")))


def readable(df):
    """A table for people: `figure` (value, range, unit and item as a reader writes them) instead of
    raw values, numbers the Indonesian way, empty cells empty. The data keeps the raw values."""
    import pandas as pd

    out = pd.DataFrame(index=df.index)
    raw = {"value", "low", "high", "unit", "item", "approx"}
    has_figures = {"value", "unit"} <= set(df.columns)
    for column in df.columns:
        if has_figures and column in raw:
            if column == "value":
                rows = df.astype(object).where(df.notna(), None).to_dict("records")
                out["figure"] = [quantity(r) for r in rows]
            continue
        values = df[column]
        if pd.api.types.is_float_dtype(values) or pd.api.types.is_integer_dtype(values):
            out[column] = [("" if pd.isna(v) else number(v) if column not in ("year", "n", "sentence", "start", "end")
                            else str(int(v))) for v in values]
        elif pd.api.types.is_bool_dtype(values):
            out[column] = ["" if pd.isna(v) else ("yes" if v else "no") for v in values]
        else:
            out[column] = ["" if pd.isna(v) else str(v) for v in values]
    return out


class Meter:
    """Progress of long work, moved per article or page: a rich bar on standard error when it is a
    terminal (done/total, rate, time left, failures so far, detail), a plain line every
    PLAIN_SECONDS when it is not, nothing when quiet. The library only reports counts to it."""

    def __init__(self, what: str, unit: str = "articles", total: int | None = None, quiet: bool = False,
                 waiting: str = "") -> None:
        self.what, self.unit, self.total, self.quiet = what, unit, total, quiet
        self.done = self.failed = 0
        self.detail = ""
        self.waiting = waiting  # said until the first article is done (the pipeline loads meanwhile)
        self.bar = self.task = None
        self.started = self.last_line = time.monotonic()

    def __enter__(self) -> Meter:
        if not self.quiet and sys.stderr.isatty():
            self.bar = _rich_bar(self.unit)
            self.bar.start()
            self.task = self.bar.add_task(self.what, total=self.total, detail=self.waiting)
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advance(self, n: int = 1, failed: int = 0) -> None:
        self.update(done=self.done + n, failed=self.failed + failed)

    def update(self, done: int | None = None, total: int | None = None, failed: int | None = None,
               detail: str | None = None) -> None:
        self.done = self.done if done is None else done
        self.total = self.total if total is None else total
        self.failed = self.failed if failed is None else failed
        self.detail = self.detail if detail is None else detail
        text = ", ".join(x for x in (self.detail, f"{number(self.failed)} failed" if self.failed else "",
                                     self.waiting if not self.done else "") if x)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, total=self.total or None, detail=text, refresh=True)
        elif not self.quiet and time.monotonic() - self.last_line >= PLAIN_SECONDS:
            self.last_line = time.monotonic()
            print(self.line(text), file=sys.stderr, flush=True)

    def line(self, text: str = "") -> str:
        """`ingest: 1.204/5.271 articles, 31,2/s, about 2:13 left, 3 failed`."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        parts = [f"{number(self.done)}/{number(self.total)} {self.unit}" if self.total else f"{number(self.done)} {self.unit}",
                 f"{number(rate, 1)}/s"]
        if self.total and rate > 0 and self.done < self.total:
            left = int((self.total - self.done) / rate)
            parts.append(f"about {left // 60}:{left % 60:02d} left")
        return f"{self.what}: " + ", ".join(parts + ([text] if text else []))


def _rich_bar(unit: str):
    """A rich progress display on standard error: what, bar, done/total, rate, time left, detail."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class Count(ProgressColumn):
        def render(self, task) -> Text:
            done = number(int(task.completed))
            return Text(f"{done}/{number(int(task.total))}" if task.total else done)

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{number(speed, 1) if speed else '-'} {unit}/s")

    return Progress(TextColumn("{task.description}"), BarColumn(), Count(), Rate(), TextColumn("ETA"),
                    TimeRemainingColumn(), TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty())


def print_summary(store, lines: list[str]) -> None:
    """What the store holds now, after what this run did."""
    counts = store.counts()
    for line in lines:
        print(line)
    n = {k: number(v) for k, v in counts.items()}
    print(f"store {store.path}: {n['articles']} articles ({n['stories']} stories), {n['figures']} figures, "
          f"{n['officials']} officials, {n['regions']} regions, {n['relations']} relations "
          f"({n['inconsistent']} inconsistent)")
