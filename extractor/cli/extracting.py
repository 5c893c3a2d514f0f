"""`extract`, `check` and `eval`: articles in, records, fact-check reports or scores out."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import printable
from . import options
from .output import Problems, format_text, open_output


def articles(inputs: list[str], problems: Problems, page_url: str | None = None):
    """The articles of the inputs; each unreadable input is reported and skipped."""
    from ..dataset.inputs import InputProblem, read_inputs

    for item in read_inputs(inputs, page_url):
        if isinstance(item, InputProblem):
            problems(item.where, item.message)
        else:
            yield item


def _records(args: argparse.Namespace, problems: Problems, page_url: str | None = None):
    from ..nlp.engine import extract_many

    def on_error(article, err) -> None:
        problems.report(err, article.get("_where", "?") if isinstance(article, dict) else "?")

    return extract_many(articles(args.inputs, problems, page_url), max_chars=args.max_chars, on_error=on_error)


def cmd_extract(args: argparse.Namespace) -> int:
    problems = Problems()
    try:
        out = open_output(args.output)
    except OSError as err:
        problems(args.output, f"cannot write: {err.strerror}")
        return 1
    n = 0
    try:
        for record in _records(args, problems, args.url):
            n += 1
            for warning in record.get("warnings", []):
                print(f"warning: {printable(record.get('id'))}: {printable(warning)}", file=sys.stderr)
            if args.format == "jsonl":
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(format_text(record) + "\n\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{n} article(s) extracted, {problems.count} error(s)", file=sys.stderr)
    return problems.exit_code


def cmd_check(args: argparse.Namespace) -> int:
    from ..nlp.report import html_report, terminal_report

    problems = Problems()
    records = []
    for record in _records(args, problems):
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
    return problems.exit_code


def _load_jsonl(path: str, problems: Problems) -> list[dict]:
    out = []
    for item in articles([path], problems):
        item.pop("_where", None)
        out.append(item)
    return out


def cmd_eval(args: argparse.Namespace) -> int:
    from ..nlp.engine import extract_many
    from ..nlp.evaluate import describe_relation, relations_report, report, score, score_relations, span_relations

    problems = Problems()
    golds = _load_jsonl(args.gold, problems)
    if not golds:
        problems(args.gold, "no gold articles")
        return 1
    if args.pred:
        preds = {p.get("id"): p for p in _load_jsonl(args.pred, problems)}
    else:
        preds = {gold["id"]: record for gold, record in zip(golds, extract_many(golds))}
    if span_relations(golds):  # relations-dev.jsonl: relations only, members by span
        scores = score_relations(preds, golds)
        print(json.dumps(scores.as_dict(), indent=2) if args.json else relations_report(scores))
        if args.misses:
            for kind, aid, relation in scores.misses:
                print(f"{kind:<9} {aid} {describe_relation(relation)}")
        return problems.exit_code
    scores = score(preds, golds)
    print(json.dumps(scores.as_dict(), indent=2) if args.json else report(scores))
    if args.misses:
        for kind, aid, q in scores.misses:
            print(f"{kind:<9} {aid} {q['text']!r} {q['unit']} {q.get('value')} [{q.get('low')}, {q.get('high')}]")
    return problems.exit_code


def add_commands(sub) -> None:
    inputs = options.parent(options.inputs)
    ex = sub.add_parser("extract", parents=[inputs], help="extract figures, officials, regions and relations from articles")
    ex.add_argument("--url", help="where a saved HTML page came from (picks the outlet profile)")
    ex.add_argument("--format", choices=["jsonl", "text"], default="jsonl",
                    help="jsonl: one SPEC record per article (default); text: a readable listing")
    options.output(ex)
    ex.set_defaults(run=cmd_extract)

    ch = sub.add_parser("check", parents=[inputs], help="recompute every stated relation and say whether it adds up")
    ch.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    ch.set_defaults(run=cmd_check)

    ev = sub.add_parser("eval", help="score extraction against gold records")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("pred", nargs="?", metavar="PRED.jsonl", help="predictions; default: extract the gold texts now")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--misses", action="store_true", help="list missed and spurious quantities")
    ev.set_defaults(run=cmd_eval)
