"""`fetch` and `discover`: articles and article links from the web, politely."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from ..errors import printable
from . import options
from .output import Problems, open_output


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch article URLs and write the articles read from them as JSONL (input for `extract`)."""
    from ..web.fetch import Fetcher
    from ..web.scrape import fetch_article

    problems = Problems()
    try:
        out = open_output(args.output)
    except OSError as err:
        problems(args.output, f"cannot write: {err.strerror}")
        return 1

    async def run() -> int:
        n = 0
        async with Fetcher(options.settings(args)) as fetcher:
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
    return problems.exit_code


def seed_sources(args: argparse.Namespace, problems: Problems) -> list[str]:
    """Discovery documents for the seeds; a seed that is neither URL nor outlet is reported."""
    from ..web.scrape import SeedError, seed_sources

    sources = []
    for seed in args.seeds:
        try:
            sources += seed_sources(seed, args.since, args.until, args.pages)
        except SeedError as err:
            problems.report(err)
    return sources


def url_filter(args: argparse.Namespace):
    from ..web.discover import UrlFilter

    return UrlFilter(tuple(args.section or ()), args.since, args.until)


def cmd_discover(args: argparse.Namespace) -> int:
    """List article URLs found from seeds: outlet names, sitemap or feed URLs, index pages."""
    from ..web.fetch import Fetcher
    from ..web.scrape import discover

    problems = Problems()
    sources = seed_sources(args, problems)

    async def run():
        async with Fetcher(options.settings(args)) as fetcher:
            return await discover(fetcher, sources, url_filter(args), limit=args.limit, max_documents=args.max_documents)

    found = asyncio.run(run()) if sources else None
    for failure in (found.failures if found else []):
        problems(failure.url, failure.reason or "failed")
    for link in (found.links if found else []):
        print(printable(link.url) + (f"\t{link.published.isoformat()}" if link.published and args.dates else ""))
    if found and found.stopped:
        print(f"discover: {found.stopped} (see --max-documents)", file=sys.stderr)
    print(f"{len(found.links) if found else 0} article URL(s), {problems.count} problem(s)", file=sys.stderr)
    return problems.exit_code


def add_commands(sub) -> None:
    fetching = options.parent(options.fetching)
    fe = sub.add_parser("fetch", parents=[fetching], help="fetch article URLs politely and write the articles as JSONL")
    fe.add_argument("urls", nargs="+", metavar="URL")
    options.output(fe)
    fe.set_defaults(run=cmd_fetch)

    di = sub.add_parser("discover", parents=[options.parent(options.seeds), fetching],
                        help="list article URLs from outlets, sitemaps, feeds or index pages")
    di.add_argument("--limit", type=int, help="stop after this many URLs")
    options.documents(di)
    di.add_argument("--dates", action="store_true", help="print each URL's date from the sitemap or feed")
    di.set_defaults(run=cmd_discover)
