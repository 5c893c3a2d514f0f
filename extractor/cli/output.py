"""What the commands print: one-line errors and their count, output files, the text listing of a
record, progress bars and store summaries."""
from __future__ import annotations

import sys

from ..errors import ExtractorError, printable


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


def open_output(path: str | None):
    if path in (None, "-"):
        return sys.stdout
    return open(path, "w", encoding="utf-8")


def format_text(record: dict) -> str:
    """A readable listing of one record, for a person at a terminal."""
    head = record.get("title") or record.get("url") or record["id"]
    lines = [f"# {head}"]
    if record.get("dateline"):
        lines.append(f"  dateline: {record['dateline']}")
    if record.get("regions"):
        lines.append("  regions: " + ", ".join(f"{r['mention']} ({r['code']})" for r in record["regions"]))
    for o in record.get("officials", []):
        lines.append(f"  official: {o['name']}" + (f", {o['title']}" if o["title"] else "") + (" (quoted)" if o["quoted"] else ""))
    for q in record["quantities"]:
        value = q["value"] if q["low"] is None else f"{q['low']}..{q['high']}"
        extra = " ".join(x for x in (q["item"] or "", "~" if q["approx"] else "", q["role"], str(q["year"] or ""),
                                     f"[{q['speaker']}]" if q.get("speaker") else "") if x)
        lines.append(f"  {q['start']:>6}  {q['text']:<28} {value!s:>20} {q['unit']:<8} {extra}")
    return "\n".join(map(printable, lines))  # titles and names come from servers: no escapes to the terminal


def progress(description: str):
    """A rich progress bar on stderr when it is a terminal; quiet otherwise."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(TextColumn(description), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[detail]}"),
                    TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)


def print_summary(store, lines: list[str]) -> None:
    """What the store holds now, after what this run did."""
    counts = store.counts()
    for line in lines:
        print(line)
    print(f"store {store.path}: {counts['articles']} articles ({counts['stories']} stories), {counts['figures']} figures, "
          f"{counts['officials']} officials, {counts['regions']} regions, {counts['relations']} relations "
          f"({counts['inconsistent']} inconsistent)")
