"""Command line: `extractor extract`, `extractor check`, `extractor eval`.

User errors are one line on stderr (`error: WHERE: WHAT`); the exit code is 1 when any input
could not be processed, 2 for a wrong command line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .engine import DEFAULT_MAX_CHARS, ArticleError, extract_many
from .inputs import InputProblem, read_inputs


class Problems:
    """Counts and prints the one-line errors of a run."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, where: str, message: str) -> None:
        self.count += 1
        print(f"error: {where}: {message}", file=sys.stderr, flush=True)


def _articles(inputs: list[str], problems: Problems):
    for item in read_inputs(inputs):
        if isinstance(item, InputProblem):
            problems(item.where, item.message)
        else:
            yield item


def _open_output(path: str | None):
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
    return "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    problems = Problems()

    def on_error(article: dict, err: ArticleError) -> None:
        where = article.get("_where", "?") if isinstance(article, dict) else "?"
        problems(where, str(err))

    try:
        out = _open_output(args.output)
    except OSError as err:
        problems(args.output, f"cannot write: {err.strerror}")
        return 1
    n = 0
    try:
        records = extract_many(_articles(args.inputs, problems), max_chars=args.max_chars, on_error=on_error)
        for record in records:
            n += 1
            for warning in record.get("warnings", []):
                print(f"warning: {record.get('id')}: {warning}", file=sys.stderr)
            if args.format == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(format_text(record) + "\n\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{n} article(s) extracted, {problems.count} error(s)", file=sys.stderr)
    return 1 if problems.count else 0


def cmd_check(args: argparse.Namespace) -> int:
    from .report import html_report, terminal_report

    problems = Problems()

    def on_error(article: dict, err: ArticleError) -> None:
        problems(article.get("_where", "?") if isinstance(article, dict) else "?", str(err))

    records = []
    for record in extract_many(_articles(args.inputs, problems), max_chars=args.max_chars, on_error=on_error):
        print(terminal_report(record) + "\n")
        if args.html:
            records.append(record)
    if args.html:
        try:
            Path(args.html).write_text(html_report(records), encoding="utf-8")
        except OSError as err:
            problems(args.html, f"cannot write: {err.strerror}")
        else:
            print(f"HTML report: {args.html}", file=sys.stderr)
    return 1 if problems.count else 0


def _load_jsonl(path: str, problems: Problems) -> list[dict]:
    out = []
    for item in read_inputs([path]):
        if isinstance(item, InputProblem):
            problems(item.where, item.message)
        else:
            item.pop("_where", None)
            out.append(item)
    return out


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import report, score

    problems = Problems()
    golds = _load_jsonl(args.gold, problems)
    if not golds:
        problems(args.gold, "no gold articles")
        return 1
    if args.pred:
        preds = {p.get("id"): p for p in _load_jsonl(args.pred, problems)}
    else:
        preds = {}
        for gold, record in zip(golds, extract_many(golds)):
            preds[gold["id"]] = record
    scores = score(preds, golds)
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        print(report(scores))
    if args.misses:
        for kind, aid, q in scores.misses:
            print(f"{kind:<9} {aid} {q['text']!r} {q['unit']} {q.get('value')} [{q.get('low')}, {q.get('high')}]")
    return 1 if problems.count else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="extractor", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract figures from articles")
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="a text file (the body), a JSONL file of articles (.gz too), or - for stdin")
    ex.add_argument("--format", choices=["jsonl", "text"], default="jsonl")
    ex.add_argument("-o", "--output", help="write here instead of standard output")
    ex.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                    help=f"longest body to extract (default {DEFAULT_MAX_CHARS:,})")
    ex.set_defaults(run=cmd_extract)

    ch = sub.add_parser("check", help="recompute every stated relation and say whether it adds up")
    ch.add_argument("inputs", nargs="+", metavar="INPUT", help="as for extract")
    ch.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    ch.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS)
    ch.set_defaults(run=cmd_check)

    ev = sub.add_parser("eval", help="score extraction against gold records")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("pred", nargs="?", metavar="PRED.jsonl", help="predictions; default: extract the gold texts now")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--misses", action="store_true", help="list missed and spurious quantities")
    ev.set_defaults(run=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
