"""`extract`, `check` and `eval`: articles in, records, fact-check reports or scores out."""
from __future__ import annotations

import argparse
import json
import sys

from ..errors import printable
from . import options
from ..numfmt import number
from .output import Meter, Problems, format_text, open_output


def articles(inputs: list[str], problems: Problems, page_url: str | None = None, published: str | None = None):
    """The articles of the inputs; each unreadable input is reported and skipped. `published` is
    given to articles that carry no publication time."""
    from ..dataset.inputs import InputProblem, read_inputs

    for item in read_inputs(inputs, page_url):
        if isinstance(item, InputProblem):
            problems(item.where, item.message)
            continue
        if published and not item.get("published"):
            item["published"] = published
        yield item


def warner():
    """Prints a record's warnings; one that would be the same for every article (no publication
    time for relative years) is said once per run."""
    from ..nlp.engine import NO_PUBLICATION_TIME

    said = set()

    def warn(record: dict) -> None:
        for warning in record.get("warnings", []):
            if warning in said:
                continue
            if warning == NO_PUBLICATION_TIME:
                said.add(warning)
            print(f"warning: {printable(record.get('id'))}: {printable(warning)}", file=sys.stderr)

    return warn


def published_ok(args: argparse.Namespace) -> bool:
    """False, after one line on standard error, when --published cannot be read as a time."""
    from ..dates import parse_published

    if args.published is None or parse_published(args.published) is not None:
        return True
    print(f"error: --published: cannot read {args.published!r} as a publication time "
          "(give 2025-06-18 or 2025-06-18T10:00+07:00)", file=sys.stderr)
    return False


def _records(args: argparse.Namespace, problems: Problems, meter: Meter, page_url: str | None = None):
    """Records of the inputs, the meter moved per article (extracted or failed)."""
    from ..nlp.engine import extract_many

    def on_error(article, err) -> None:
        problems.report(err, article.get("_where", "?") if isinstance(article, dict) else "?")
        meter.update(done=meter.done + 1, failed=problems.count)

    stream = articles(args.inputs, problems, page_url, args.published)
    for record in extract_many(stream, max_chars=args.max_chars, on_error=on_error):
        meter.update(done=meter.done + 1, failed=problems.count)
        yield record


LOADING = "loading the extraction pipeline..."


def _meter(args: argparse.Namespace, what: str) -> Meter:
    from ..dataset.inputs import count_articles

    total = None if args.quiet else count_articles(args.inputs)  # a quiet run shows no total: no first read
    return Meter(what, "articles", total, quiet=args.quiet, waiting=LOADING)


def cmd_extract(args: argparse.Namespace) -> int:
    if not published_ok(args):
        return 2
    problems = Problems()
    try:
        out = open_output(args.output)
    except OSError as err:
        problems(args.output, f"cannot write: {err.strerror}")
        return 1
    n, warn = 0, warner()
    try:
        with _meter(args, "extract") as meter:
            for record in _records(args, problems, meter, args.url):
                n += 1
                warn(record)
                if args.format == "jsonl":
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    out.write(format_text(record) + "\n\n")
    finally:
        out.close(keep=n > 0 or not problems.count)  # no file when every input failed
    if not args.quiet:
        print(f"{number(n)} article(s) extracted, {number(problems.count)} error(s)", file=sys.stderr)
    return problems.exit_code


def cmd_check(args: argparse.Namespace) -> int:
    from ..nlp.report import html_report, terminal_report

    if not published_ok(args):
        return 2
    problems = Problems()
    records, warn = [], warner()
    with _meter(args, "check") as meter:
        for record in _records(args, problems, meter):
            warn(record)
            print(terminal_report(record) + "\n")
            if args.html:
                records.append(record)
    if args.html and (records or not problems.count):  # no report of nothing when every input failed
        try:
            out = open_output(args.html)
            out.write(html_report(records))
            out.close(keep=True)
        except OSError as err:
            problems(args.html, f"cannot write: {err.strerror}")
        else:
            if not args.quiet:
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
                    help="jsonl: one SPEC record per article (default); text: a readable listing with "
                         "figures written the Indonesian way and the relations")
    options.output(ex)
    options.quiet(ex)
    ex.set_defaults(run=cmd_extract)

    ch = sub.add_parser("check", parents=[inputs], help="recompute every stated relation and say whether it adds up")
    ch.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report (not written when every input failed)")
    options.quiet(ch)
    ch.set_defaults(run=cmd_check)

    ev = sub.add_parser("eval", help="score extraction against gold records")
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold records (SPEC): id, text, quantities...")
    ev.add_argument("pred", nargs="?", metavar="PRED.jsonl", help="predictions; default: extract the gold texts now")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--misses", action="store_true", help="list missed and spurious quantities")
    ev.set_defaults(run=cmd_eval)
