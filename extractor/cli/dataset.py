"""`crawl`, `ingest`, `update`, `export`, `compare` and `demo`: building and reading a dataset."""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from pathlib import Path

from ..errors import ExtractorError, printable
from . import options
from .extracting import articles
from .output import Problems, print_summary, progress
from .web import seed_sources, url_filter


def _open_store(path: str, problems: Problems, create: bool = True):
    from ..dataset.store import Store

    try:
        return Store(path, create=create)
    except ExtractorError as err:
        problems.report(err)
        return None


def cmd_crawl(args: argparse.Namespace) -> int:
    """Crawl seeds into a store: discovery, fetch, parse, extract, store; resumable."""
    from ..dataset.crawl import crawl
    from ..web.fetch import ROBOTS_DISALLOW

    problems = Problems()
    sources = seed_sources(args, problems)
    store = _open_store(args.db, problems)
    if store is None or (not sources and problems.count):
        return 1
    with store, progress("crawl") as bar:
        task = bar.add_task("crawl", total=None, detail="")

        def show(stats) -> None:
            bar.update(task, completed=stats.pages, total=(stats.pages + stats.queued) or None,
                       detail=f"{stats.articles} articles, {stats.figures} figures, {sum(stats.failures.values())} failed")

        try:
            stats = asyncio.run(crawl(store, sources, url_filter(args), options.settings(args), args.max_pages, show,
                                      args.max_documents))
            store.link_stories()
        except ExtractorError as err:
            return problems.report(err)
        except KeyboardInterrupt:
            store.put_back()  # a clean stop: the pages in flight are simply fetched next time
            raise
        lines = [f"crawl: {stats.documents} discovery documents, {stats.pages} article pages fetched "
                 f"({stats.resumed} in flight at the last stop), {stats.articles} articles stored with {stats.figures} figures"
                 + (f"; {stats.queued} pages left for the next run" if stats.queued else "")]
        if stats.stopped:
            lines.append(f"stopped: {stats.stopped}")
        refused = stats.failures.pop(ROBOTS_DISALLOW, 0)
        if refused:
            lines.append(f"skipped: {refused} page(s) robots.txt disallows")
        for reason, n in stats.failures.most_common():
            lines.append(f"failed: {n} x {printable(reason)}")
        print_summary(store, lines)
    return 1 if problems.count or stats.failures else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Extract articles from files into a store (or, with Dask, into Parquet partitions)."""
    problems = Problems()
    stream = articles(args.inputs, problems)
    if args.engine == "dask":
        from ..dataset.dask_engine import run_dask

        if not args.to:
            problems("--to", "the Dask engine writes Parquet partitions: give --to DIR")
            return 1
        try:
            done = run_dask(stream, args.scheduler, args.to, on_error=problems, max_chars=args.max_chars)
        except ExtractorError as err:
            return problems.report(err, args.scheduler or "dask")
        print(f"{done} article(s) extracted into {args.to}, {problems.count} error(s)")
        return problems.exit_code
    if not args.db:
        problems("--db", "give the store to write to (--db news.db), or --engine dask --to DIR")
        return 1
    from ..dataset.ingest import ingest

    store = _open_store(args.db, problems)
    if store is None:
        return 1
    with store:
        try:
            done = ingest(store, stream, problems, workers=args.workers, max_chars=args.max_chars)
        except ExtractorError as err:
            return problems.report(err)
        print_summary(store, [f"ingest: {done.stored} article(s) extracted and stored, {done.unchanged} unchanged, "
                              f"{problems.count} error(s)"])
    return problems.exit_code


def cmd_update(args: argparse.Namespace) -> int:
    """Re-extract the stored articles that an older pipeline version extracted; rows replaced in place."""
    from ..dataset.ingest import update
    from ..nlp.pipeline import pipeline_version

    problems = Problems()
    store = _open_store(args.db, problems, create=False)
    if store is None:
        return 1
    with store:
        try:
            n = update(store, problems, workers=args.workers)
        except ExtractorError as err:
            return problems.report(err)
        print_summary(store, [f"update: {n} article(s) re-extracted with pipeline {pipeline_version()}"])
    return problems.exit_code


def cmd_export(args: argparse.Namespace) -> int:
    from ..dataset.export import export

    try:
        written = export(args.db, args.to, args.format,
                         warn=lambda line: print(f"warning: {printable(line)}", file=sys.stderr))
    except ExtractorError as err:
        return Problems().report(err)
    for name, path in written.items():
        print(f"{name}: {path}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from ..dataset.compare import compare, disagreement_rows, format_group

    try:
        groups = compare(args.db, all_groups=args.all)
        rows = disagreement_rows(groups, args.db) if args.format != "text" else []
    except ExtractorError as err:
        return Problems().report(err)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["metric"])
        writer.writeheader()
        writer.writerows(rows)
    for group in groups if args.format == "text" else []:
        print(format_group(group) + "\n")
    disagree = sum(1 for g in groups if g.disagree)
    print(f"{len(groups)} figure(s) reported by more than one story, {disagree} disagreeing beyond rounding",
          file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the bundled site: serve it on 127.0.0.1, crawl it into a store, export the
    tables, summarise."""
    from .. import tables
    from ..web.localsite import LocalSite
    from . import main

    site_dir = Path(args.site).resolve()
    if not (site_dir / "sitemap.xml").is_file():
        return Problems()(args.site, "not a site directory (no sitemap.xml); run from the project's top directory") or 1
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
    figures = tables(db, ["figures"])["figures"]
    print(f"\nfirst figures (all in {out / 'tables' / 'figures.csv'}):")
    print(figures[["article_id", "sentence", "text", "value", "unit", "role", "year", "region", "metric"]]
          .head(10).to_string(index=False))
    return main(["compare", "--db", str(db), "--all"])


def add_commands(sub) -> None:
    fetching = options.parent(options.fetching)
    inputs = options.parent(options.inputs)
    workers = options.parent(options.workers)

    cr = sub.add_parser("crawl", parents=[options.parent(options.seeds), fetching],
                        help="crawl outlets or sitemaps/feeds into a store: fetch, read, extract, store")
    cr.add_argument("--db", required=True, help="the store (SQLite file; created if missing)")
    cr.add_argument("--max-pages", type=int, help="fetch at most this many article pages in this run")
    options.documents(cr)
    cr.set_defaults(run=cmd_crawl)

    ing = sub.add_parser("ingest", parents=[inputs, workers],
                         help="extract articles from files into a store (or Parquet partitions with Dask)")
    ing.add_argument("--db", help="the store (SQLite file; created if missing)")
    ing.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local: this machine's processes (default); dask: a Dask cluster")
    ing.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster")
    ing.add_argument("--to", metavar="DIR", help="with --engine dask: directory for the Parquet tables")
    ing.set_defaults(run=cmd_ingest)

    up = sub.add_parser("update", parents=[workers], help="re-extract stored articles that an older pipeline version extracted")
    up.add_argument("--db", required=True, help="the store")
    up.set_defaults(run=cmd_update)

    exp = sub.add_parser("export", help="write the tables of a store as CSV, Parquet, Excel or JSONL")
    exp.add_argument("--db", required=True, help="a store, or a directory of Parquet tables")
    exp.add_argument("--to", required=True, metavar="DIR", help="directory for the tables (created if missing)")
    exp.add_argument("--format", choices=["csv", "parquet", "xlsx", "jsonl"], default="parquet", help="file format (parquet)")
    exp.set_defaults(run=cmd_export)

    co = sub.add_parser("compare", help="figures about the same thing reported by different stories, and disagreements")
    co.add_argument("--db", required=True, help="a store, or a directory of Parquet tables")
    co.add_argument("--all", action="store_true", help="also list the figures on which the stories agree")
    co.add_argument("--format", choices=["text", "csv", "json"], default="text",
                    help="text: groups for reading (default); csv/json: one row per disagreeing pair, naming both stories")
    co.set_defaults(run=cmd_compare)

    de = sub.add_parser("demo", help="crawl the bundled corpus/site from a local server, export, summarise")
    de.add_argument("--site", default="corpus/site", help="the site to serve (corpus/site)")
    de.add_argument("--out", default="out", help="where the store and tables go (out/)")
    de.set_defaults(run=cmd_demo)
