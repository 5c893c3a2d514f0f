"""Command line: `extractor extract`, `check`, `eval`, `fetch`, `discover`, and the dataset
commands `crawl`, `ingest`, `update`, `export`, `compare`, `demo`.

User errors are one line on stderr (`error: WHERE: WHAT`); the exit code is 1 when any input
could not be processed, 2 for a wrong command line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..nlp.engine import DEFAULT_MAX_CHARS, ArticleError, extract_many
from ..dataset.inputs import InputProblem, read_inputs


class Problems:
    """Counts and prints the one-line errors of a run."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, where: str, message: str) -> None:
        self.count += 1
        print(f"error: {where}: {message}", file=sys.stderr, flush=True)


def _articles(inputs: list[str], problems: Problems, page_url: str | None = None):
    for item in read_inputs(inputs, page_url):
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
        records = extract_many(_articles(args.inputs, problems, args.url), max_chars=args.max_chars, on_error=on_error)
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
    from ..nlp.report import html_report, terminal_report

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
    from ..nlp.evaluate import report, score

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


def _settings(args: argparse.Namespace):
    from ..web.fetch import Settings

    return Settings(delay=args.delay, timeout=args.timeout, per_host=args.per_host, retries=args.retries,
                    **({"user_agent": args.user_agent} if args.user_agent else {}))


def _add_fetch_options(p: argparse.ArgumentParser) -> None:
    from ..web.fetch import Settings

    d = Settings()
    p.add_argument("--delay", type=float, default=d.delay, help=f"seconds between requests to one host ({d.delay:g})")
    p.add_argument("--per-host", type=int, default=d.per_host, help=f"requests in flight per host ({d.per_host})")
    p.add_argument("--timeout", type=float, default=d.timeout, help=f"seconds per request ({d.timeout:g})")
    p.add_argument("--retries", type=int, default=d.retries, help=f"tries after a 429/5xx/network error ({d.retries})")
    p.add_argument("--user-agent", help="User-Agent header (default names this tool)")


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch article URLs and write the articles read from them as JSONL (input for `extract`)."""
    import asyncio

    from ..web.fetch import Fetcher
    from ..web.scrape import fetch_article

    problems = Problems()
    try:
        out = _open_output(args.output)
    except OSError as err:
        problems(args.output, f"cannot write: {err.strerror}")
        return 1

    async def run() -> int:
        n = 0
        async with Fetcher(_settings(args)) as fetcher:
            tasks = [asyncio.ensure_future(fetch_article(fetcher, url)) for url in dict.fromkeys(args.urls)]
            for task in asyncio.as_completed(tasks):
                page, article = await task
                if article is None:
                    problems(page.url, page.reason or "no article")
                    continue
                out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
                out.flush()
                n += 1
        return n

    try:
        n = asyncio.run(run())
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{n} article(s) fetched, {problems.count} failure(s)", file=sys.stderr)
    return 1 if problems.count else 0


def _seed_sources(args: argparse.Namespace, problems: Problems) -> list[str]:
    """Discovery documents for the seeds; a seed that is neither URL nor outlet is reported."""
    from ..web.scrape import SeedError, seed_sources

    sources = []
    for seed in args.seeds:
        try:
            sources += seed_sources(seed, args.since, args.until, args.pages)
        except SeedError as err:
            problems(seed, str(err))
    return sources


def cmd_discover(args: argparse.Namespace) -> int:
    """List article URLs found from seeds: outlet names, sitemap or feed URLs, index pages."""
    import asyncio

    from ..web.discover import UrlFilter
    from ..web.fetch import Fetcher
    from ..web.scrape import discover

    problems = Problems()
    sources = _seed_sources(args, problems)
    keep = UrlFilter(tuple(args.section or ()), args.since, args.until)

    async def run():
        async with Fetcher(_settings(args)) as fetcher:
            return await discover(fetcher, sources, keep, limit=args.limit)

    found = asyncio.run(run()) if sources else None
    for failure in (found.failures if found else []):
        problems(failure.url, failure.reason or "failed")
    for link in (found.links if found else []):
        print(link.url + (f"\t{link.published.isoformat()}" if link.published and args.dates else ""))
    print(f"{len(found.links) if found else 0} article URL(s), {problems.count} problem(s)", file=sys.stderr)
    return 1 if problems.count else 0


def _failed(problems: Problems, err: Exception) -> int:
    """Report a store or export error ("WHERE: what") as one line; the exit code."""
    where, _, message = str(err).partition(": ")
    problems(where, message)
    return 1


def _open_store(path: str, problems: Problems, create: bool = True):
    from ..dataset.store import Store, StoreError

    try:
        return Store(path, create=create)
    except StoreError as err:
        _failed(problems, err)
        return None


def _progress(description: str):
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


def cmd_crawl(args: argparse.Namespace) -> int:
    """Crawl seeds into a store: discovery, fetch, parse, extract, store; resumable."""
    import asyncio

    from ..dataset.crawl import crawl
    from ..web.discover import UrlFilter
    from ..web.fetch import ROBOTS_DISALLOW
    from ..dataset.store import StoreError

    problems = Problems()
    sources = _seed_sources(args, problems)
    store = _open_store(args.db, problems)
    if store is None or (not sources and problems.count):
        return 1
    keep = UrlFilter(tuple(args.section or ()), args.since, args.until)
    with store, _progress("crawl") as progress:
        task = progress.add_task("crawl", total=None, detail="")

        def show(stats) -> None:
            progress.update(task, completed=stats.pages, total=(stats.pages + stats.queued) or None,
                            detail=f"{stats.articles} articles, {stats.figures} figures, {sum(stats.failures.values())} failed")

        try:
            stats = asyncio.run(crawl(store, sources, keep, _settings(args), args.max_pages, show))
            store.link_stories()
        except StoreError as err:
            return _failed(problems, err)
        lines = [f"crawl: {stats.documents} discovery documents, {stats.pages} article pages fetched "
                 f"({stats.resumed} in flight at the last stop), {stats.articles} articles stored with {stats.figures} figures"
                 + (f"; {stats.queued} pages left for the next run" if stats.queued else "")]
        refused = stats.failures.pop(ROBOTS_DISALLOW, 0)
        if refused:
            lines.append(f"skipped: {refused} page(s) robots.txt disallows")
        for reason, n in stats.failures.most_common():
            lines.append(f"failed: {n} x {reason}")
        print_summary(store, lines)
    return 1 if problems.count or stats.failures else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Extract articles from files into a store (or, with Dask, into Parquet partitions)."""
    from ..dataset.batch import extract_stream
    from ..nlp.pipeline import pipeline_version
    from ..article import article_id
    from ..article import content_hash
    from ..dataset.store import StoreError

    problems = Problems()
    articles = _articles(args.inputs, problems)
    if args.engine == "dask":
        from ..dataset.dask_engine import DaskError, run_dask

        if not args.to:
            problems("--to", "the Dask engine writes Parquet partitions: give --to DIR")
            return 1
        try:
            done = run_dask(articles, args.scheduler, args.to, on_error=problems, max_chars=args.max_chars)
        except DaskError as err:
            problems(args.scheduler or "dask", str(err))
            return 1
        print(f"{done} article(s) extracted into {args.to}, {problems.count} error(s)")
        return 1 if problems.count else 0
    if not args.db:
        problems("--db", "give the store to write to (--db news.db), or --engine dask --to DIR")
        return 1
    store = _open_store(args.db, problems)
    if store is None:
        return 1
    version = pipeline_version()
    stored = skipped = 0

    def fresh():
        nonlocal skipped
        for article in articles:
            text = article.get("text")
            if isinstance(text, str) and store.known(article.get("id") or article_id(text)) == (content_hash(text), version):
                skipped += 1  # same text, same pipeline: nothing to redo
                continue
            yield article

    with store:
        try:
            stored = _save_stream(store, extract_stream(fresh(), workers=args.workers, max_chars=args.max_chars), problems)
        except StoreError as err:
            return _failed(problems, err)
        print_summary(store, [f"ingest: {stored} article(s) extracted and stored, {skipped} unchanged, {problems.count} error(s)"])
    return 1 if problems.count else 0


def _save_stream(store, outcomes, problems: Problems, every: int = 64) -> int:
    """Store outcomes in transactions of `every` articles (errors are reported, not stored), then
    link the stories anew."""
    pending, n = [], 0
    for outcome in outcomes:
        if outcome.error:
            problems(outcome.where, outcome.error)
            continue
        pending.append((outcome.rows, outcome.minhash))
        if len(pending) >= every:
            store.save(pending)
            n += len(pending)
            pending = []
    if pending:
        store.save(pending)
        n += len(pending)
    store.link_stories()
    return n


def cmd_update(args: argparse.Namespace) -> int:
    """Re-extract the stored articles that an older pipeline version extracted; rows replaced in place."""
    from ..dataset.batch import extract_stream
    from ..nlp.pipeline import pipeline_version
    from ..dataset.store import StoreError

    problems = Problems()
    store = _open_store(args.db, problems, create=False)
    if store is None:
        return 1
    version = pipeline_version()
    with store:
        try:
            n = _save_stream(store, extract_stream(store.stale(version), workers=args.workers), problems)
        except StoreError as err:
            return _failed(problems, err)
        print_summary(store, [f"update: {n} article(s) re-extracted with pipeline {version}"])
    return 1 if problems.count else 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..dataset.export import ExportError, export
    from ..dataset.store import StoreError

    problems = Problems()
    try:
        written = export(args.db, args.to, args.format)
    except (StoreError, ExportError) as err:
        return _failed(problems, err)
    for name, path in written.items():
        print(f"{name}: {path}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from ..dataset.compare import compare, format_group
    from ..dataset.store import StoreError

    try:
        groups = compare(args.db, all_groups=args.all)
    except StoreError as err:
        return _failed(Problems(), err)
    for group in groups:
        print(format_group(group) + "\n")
    disagree = sum(1 for g in groups if g.disagree)
    print(f"{len(groups)} figure(s) reported by more than one story, {disagree} disagreeing beyond rounding",
          file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the bundled site: serve corpus/site on 127.0.0.1, crawl it into a store,
    export the tables, summarise."""
    from ..web.localsite import LocalSite

    site_dir = Path(__file__).resolve().parent.parent / "corpus" / "site"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "news.db"
    for stale in (db, db.with_name("news.db-wal"), db.with_name("news.db-shm")):
        stale.unlink(missing_ok=True)  # a fresh demo every time
    with LocalSite(site_dir) as site:
        print(f"serving {site_dir} at {site.url}")
        code = main(["crawl", f"{site.url}/sitemap.xml", f"{site.url}/feed.xml", f"{site.url}/",
                     "--db", str(db), "--delay", "0.05"])
    if code:
        return code
    code = main(["export", "--db", str(db), "--to", str(out / "tables"), "--format", "csv"])
    if code:
        return code
    from .. import tables

    figures = tables(db, ["figures"])["figures"]
    print("\nfirst figures (all in out/tables/figures.csv):")
    print(figures[["article_id", "sentence", "text", "value", "unit", "role", "year", "region", "metric"]]
          .head(10).to_string(index=False))
    return main(["compare", "--db", str(db), "--all"])


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(prog="extractor", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")  # before spaCy loads
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract figures from articles")
    ex.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="a text file (the body), a JSONL file of articles (.gz too), a saved HTML page, "
                         "an article URL, or - for stdin")
    ex.add_argument("--url", help="where a saved HTML page came from (picks the outlet profile)")
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

    fe = sub.add_parser("fetch", help="fetch article URLs politely and write the articles as JSONL")
    fe.add_argument("urls", nargs="+", metavar="URL")
    fe.add_argument("-o", "--output", help="write here instead of standard output")
    _add_fetch_options(fe)
    fe.set_defaults(run=cmd_fetch)

    di = sub.add_parser("discover", help="list article URLs from outlets, sitemaps, feeds or index pages")
    di.add_argument("seeds", nargs="+", metavar="SEED", help="an outlet (kompas, detik...) or a sitemap/feed/index URL")
    di.add_argument("--since", type=_day, help="first day (YYYY-MM-DD); with an outlet, walks its daily index")
    di.add_argument("--until", type=_day, help="last day (YYYY-MM-DD)")
    di.add_argument("--section", action="append", help="keep only this section (repeatable)")
    di.add_argument("--pages", type=int, default=1, help="index pages per day (1)")
    di.add_argument("--limit", type=int, help="stop after this many URLs")
    di.add_argument("--dates", action="store_true", help="print each URL's date from the sitemap or feed")
    _add_fetch_options(di)
    di.set_defaults(run=cmd_discover)

    cr = sub.add_parser("crawl", help="crawl outlets or sitemaps/feeds into a store: fetch, read, extract, store")
    cr.add_argument("seeds", nargs="+", metavar="SEED", help="an outlet (kompas, detik...) or a sitemap/feed/index URL")
    cr.add_argument("--db", required=True, help="the store (SQLite file; created if missing)")
    cr.add_argument("--since", type=_day, help="first day (YYYY-MM-DD); with an outlet, walks its daily index")
    cr.add_argument("--until", type=_day, help="last day (YYYY-MM-DD)")
    cr.add_argument("--section", action="append", help="keep only this section (repeatable)")
    cr.add_argument("--pages", type=int, default=1, help="index pages per day (1)")
    cr.add_argument("--max-pages", type=int, help="fetch at most this many article pages in this run")
    _add_fetch_options(cr)
    cr.set_defaults(run=cmd_crawl)

    ing = sub.add_parser("ingest", help="extract articles from files into a store (or Parquet partitions with Dask)")
    ing.add_argument("inputs", nargs="+", metavar="INPUT", help="as for extract: JSONL (.gz), text, saved pages, URLs")
    ing.add_argument("--db", help="the store (SQLite file; created if missing)")
    ing.add_argument("--workers", type=int, default=1, help="extraction processes (1)")
    ing.add_argument("--engine", choices=["local", "dask"], default="local")
    ing.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster")
    ing.add_argument("--to", help="with --engine dask: directory for the Parquet tables")
    ing.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS)
    ing.set_defaults(run=cmd_ingest)

    up = sub.add_parser("update", help="re-extract stored articles that an older pipeline version extracted")
    up.add_argument("--db", required=True)
    up.add_argument("--workers", type=int, default=1, help="extraction processes (1)")
    up.set_defaults(run=cmd_update)

    exp = sub.add_parser("export", help="write the tables of a store as CSV, Parquet, Excel or JSONL")
    exp.add_argument("--db", required=True, help="a store, or a directory of Parquet tables")
    exp.add_argument("--to", required=True, metavar="DIR")
    exp.add_argument("--format", choices=["csv", "parquet", "xlsx", "jsonl"], default="parquet")
    exp.set_defaults(run=cmd_export)

    co = sub.add_parser("compare", help="figures about the same thing reported by different stories, and disagreements")
    co.add_argument("--db", required=True, help="a store, or a directory of Parquet tables")
    co.add_argument("--all", action="store_true", help="also list the figures on which the stories agree")
    co.set_defaults(run=cmd_compare)

    de = sub.add_parser("demo", help="crawl the bundled corpus/site from a local server, export, summarise")
    de.add_argument("--out", default="out", help="where the store and tables go (out/)")
    de.set_defaults(run=cmd_demo)

    ev = sub.add_parser("eval", help="score extraction against gold records")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("pred", nargs="?", metavar="PRED.jsonl", help="predictions; default: extract the gold texts now")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--misses", action="store_true", help="list missed and spurious quantities")
    ev.set_defaults(run=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:  # answered before any heavy import
        from .. import __version__

        print(f"extractor {__version__}")
        return 0
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("error: interrupted (a crawl goes on from where it stopped when run again)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
