"""`crawl`, `ingest`, `update`, `export`, `compare`, `demo` and `serve`: building, reading and browsing a dataset."""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
from pathlib import Path

from ..errors import ExtractorError, printable
from . import options
from ..numfmt import number
from .extracting import LOADING, articles, published_ok
from .output import Meter, Problems, print_summary, readable
from .web import index_pages, seed_sources, url_filter


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
    from ..web.pagekind import NOT_ARTICLE

    problems = Problems()
    sources = seed_sources(args, problems)
    store = _open_store(args.db, problems)
    if store is None or (not sources and problems.count):
        return 1
    with store:
        with Meter("crawl", "pages", quiet=args.quiet) as meter:

            def show(stats) -> None:
                total = stats.pages + stats.queued
                meter.update(done=stats.fetched, total=min(total, args.max_pages) if args.max_pages else total,
                             failed=sum(stats.failures.values()),
                             detail=f"{number(stats.documents)} documents read, {number(stats.articles)} articles, "
                                    f"{number(stats.figures)} figures stored")

            try:
                stats = asyncio.run(crawl(store, sources, url_filter(args), options.settings(args), args.max_pages, show,
                                          args.max_documents, index_pages(args)))
                store.link_stories()
            except ExtractorError as err:
                return problems.report(err)
            except KeyboardInterrupt:
                store.put_back()  # a clean stop: the pages in flight are simply fetched next time
                raise
        n = {k: number(v) for k, v in vars(stats).items() if isinstance(v, int)}
        lines = [f"crawl: {n['documents']} discovery documents, {n['pages']} article pages fetched "
                 f"({n['resumed']} in flight at the last stop), {n['articles']} articles stored with {n['figures']} figures"
                 + (f"; {n['queued']} pages left for the next run" if stats.queued else "")]
        if stats.stopped:
            lines.append(f"stopped: {stats.stopped}")
        refused = stats.failures.pop(ROBOTS_DISALLOW, 0)
        if refused:
            lines.append(f"skipped: {number(refused)} page(s) robots.txt disallows")
        lists = sum(stats.failures.pop(r) for r in list(stats.failures) if r.startswith(NOT_ARTICLE))
        if lists:
            lines.append(f"skipped: {number(lists)} page(s) that are lists of links, not articles")
        for reason, count in stats.failures.most_common():
            lines.append(f"failed: {number(count)} x {printable(reason)}")
        if not args.quiet:
            print_summary(store, lines)
    return 1 if problems.count or stats.failures else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Extract articles from files into a store (or, with Dask, into Parquet partitions)."""
    from ..dataset.inputs import count_articles

    if not published_ok(args):
        return 2
    problems = Problems()
    stream = articles(args.inputs, problems, published=args.published)
    if args.engine == "dask":
        from ..dataset.dask_engine import run_dask

        if not args.to:
            problems("--to", "the Dask engine writes Parquet partitions: give --to DIR")
            return 1
        try:
            done = run_dask(stream, args.scheduler, args.to, on_error=problems, max_chars=args.max_chars)
        except ExtractorError as err:
            return problems.report(err, args.scheduler or "dask")
        if not args.quiet:
            print(f"{number(done)} article(s) extracted into {args.to}, {number(problems.count)} error(s)")
        return problems.exit_code
    if not args.db:
        problems("--db", "give the store to write to (--db news.db), or --engine dask --to DIR")
        return 1
    from ..dataset.batch import auto_workers
    from ..dataset.ingest import ingest

    store = _open_store(args.db, problems)
    if store is None:
        return 1
    total = count_articles(args.inputs)
    workers = auto_workers(total) if args.workers == "auto" else args.workers
    with store:
        with Meter("ingest", "articles", total, quiet=args.quiet, waiting=LOADING) as meter:
            try:
                done = ingest(store, stream, problems, workers=workers, max_chars=args.max_chars,
                              on_progress=lambda n: meter.update(done=n, failed=problems.count))
            except ExtractorError as err:
                return problems.report(err)
        if not args.quiet:
            print_summary(store, [f"ingest: {number(done.stored)} article(s) extracted and stored, "
                                  f"{number(done.unchanged)} unchanged, {number(problems.count)} error(s) "
                                  f"({workers} worker process{'es' if workers > 1 else ''})"])
    return problems.exit_code


def cmd_update(args: argparse.Namespace) -> int:
    """Re-extract the stored articles that an older pipeline version extracted; rows replaced in place."""
    from ..dataset.batch import auto_workers
    from ..dataset.ingest import stale_count, update
    from ..nlp.pipeline import pipeline_version

    problems = Problems()
    store = _open_store(args.db, problems, create=False)
    if store is None:
        return 1
    with store:
        total = stale_count(store)
        workers = auto_workers(total) if args.workers == "auto" else args.workers
        with Meter("update", "articles", total, quiet=args.quiet, waiting=LOADING) as meter:
            try:
                n = update(store, problems, workers=workers,
                           on_progress=lambda done: meter.update(done=done, failed=problems.count))
            except ExtractorError as err:
                return problems.report(err)
        if not args.quiet:
            print_summary(store, [f"update: {number(n)} article(s) re-extracted with pipeline {pipeline_version()}"])
    return problems.exit_code


def _rows(path: str) -> int | None:
    """Rows a store's tables hold (for the export's progress); None for a Parquet directory or a
    store that cannot be read (the export says why)."""
    from ..dataset.schema import NAMES
    from ..dataset.store import Store

    if not Path(path).is_file():
        return None
    try:
        with Store(path, create=False) as store:
            counts = store.counts()
    except ExtractorError:
        return None
    return sum(counts[name] for name in NAMES)


def cmd_export(args: argparse.Namespace) -> int:
    from ..dataset.export import export

    try:
        with Meter("export", "rows", _rows(args.db), quiet=args.quiet) as meter:
            written = export(args.db, args.to, args.format,
                             on_progress=lambda name, rows: meter.update(done=meter.done + rows, detail=name),
                             warn=lambda line: print(f"warning: {printable(line)}", file=sys.stderr))
    except ExtractorError as err:
        return Problems().report(err)
    if not args.quiet:
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
    found = tables(db, ["figures", "regions"])
    names = found["regions"].drop_duplicates("code").set_index("code")["name"]
    figures = found["figures"].assign(region=lambda df: df["region"].map(names).astype("string"))  # names, not codes
    print(f"\nfirst figures (all of them in {out / 'tables' / 'figures.csv'}, with raw values; "
          f"{out / 'tables' / 'schema.json'} says what each column holds):")
    columns = ["article_id", "sentence", "text", "value", "low", "high", "unit", "item", "approx", "role", "year",
               "region", "metric"]
    print(readable(figures[columns].head(10)).to_string(index=False))
    code = main(["compare", "--db", str(db), "--all"])
    print(f"\nto browse the dataset: extractor serve --db {db}")
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    """The store in Datasette, with the metadata of dataset/browse.py; until Ctrl-C."""
    from ..dataset.browse import serve

    try:
        serve(args.db, args.host, args.port, open_browser=args.open)
    except ExtractorError as err:
        return Problems().report(err)
    return 0


def add_commands(sub) -> None:
    fetching = options.parent(options.fetching)
    inputs = options.parent(options.inputs)
    workers = options.parent(options.workers)

    cr = sub.add_parser("crawl", parents=[options.parent(options.seeds), fetching],
                        help="crawl outlets or sitemaps/feeds into a store: fetch, read, extract, store")
    cr.add_argument("--db", required=True, help="the store (SQLite file; created if missing)")
    cr.add_argument("--max-pages", type=int, help="fetch at most this many article pages in this run")
    options.documents(cr)
    options.quiet(cr)
    cr.set_defaults(run=cmd_crawl)

    ing = sub.add_parser("ingest", parents=[inputs, workers],
                         help="extract articles from files into a store (or Parquet partitions with Dask)")
    ing.add_argument("--db", help="the store (SQLite file; created if missing)")
    ing.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local: this machine's processes (default); dask: a Dask cluster")
    ing.add_argument("--scheduler", help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster")
    ing.add_argument("--to", metavar="DIR", help="with --engine dask: directory for the Parquet tables")
    options.quiet(ing)
    ing.set_defaults(run=cmd_ingest)

    up = sub.add_parser("update", parents=[workers], help="re-extract stored articles that an older pipeline version extracted")
    up.add_argument("--db", required=True, help="the store")
    options.quiet(up)
    up.set_defaults(run=cmd_update)

    exp = sub.add_parser("export", help="write the tables of a store as CSV, Parquet, Excel or JSONL")
    exp.add_argument("--db", required=True, help="a store, or a directory of Parquet tables")
    exp.add_argument("--to", required=True, metavar="DIR", help="directory for the tables (created if missing)")
    exp.add_argument("--format", choices=["csv", "parquet", "xlsx", "jsonl"], default="parquet",
                     help="file format (parquet); schema.json beside the tables gives every column's type and meaning")
    options.quiet(exp)
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

    se = sub.add_parser("serve", help="browse a store in Datasette: described tables, facets, and the questions "
                                      "people ask (alarms, targets by speaker and year, figures by region...)")
    se.add_argument("--db", required=True, help="the store (SQLite file)")
    se.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1: this machine only)")
    se.add_argument("--port", type=int, default=8001, help="port to listen on (8001; 0: any free port)")
    se.add_argument("--open", action="store_true", help="open the alarms page in a web browser")
    se.set_defaults(run=cmd_serve)
