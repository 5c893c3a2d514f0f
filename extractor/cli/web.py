"""`fetch` and `discover`: articles and article links from the web, politely."""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys

from ..errors import printable
from . import options
from ..numfmt import number
from .output import Meter, Problems, open_output


def url_list(path: str, problems: Problems) -> list[str]:
    """URLs from a file, one per line; blank lines and `#` comments skipped."""
    try:
        lines = (sys.stdin if path == "-" else open(path, encoding="utf-8-sig")).read().splitlines()
    except (OSError, UnicodeDecodeError) as err:
        problems(path, f"cannot read: {getattr(err, 'strerror', None) or err}")
        return []
    urls = []
    for lineno, line in enumerate(lines, 1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        url = re.split(r"\s#", url, maxsplit=1)[0].rstrip()  # a comment after the URL (a URL's own #fragment stays)
        if not url.startswith(("http://", "https://")):
            problems(f"{path}:{lineno}", f"not an http(s) URL: {url[:80]!r}")
            continue
        urls.append(url)
    return urls


def cmd_fetch(args: argparse.Namespace) -> int:
    """Fetch article URLs and write the articles read from them as JSONL (input for `extract`)."""
    from ..web.fetch import Fetcher
    from ..web.scrape import fetch_article

    problems = Problems()
    urls = list(args.urls)
    for path in args.input or ():
        urls += url_list(path, problems)
    urls = list(dict.fromkeys(urls))
    if not urls:
        if not problems.count:
            problems(None, "no URLs: give them as arguments or in a file with -i FILE")
        return 1
    try:
        out = open_output(args.output)
    except OSError as err:
        problems(args.output, f"cannot write: {err.strerror}")
        return 1

    async def run(meter: Meter) -> int:
        n = 0
        async with Fetcher(options.settings(args)) as fetcher:
            tasks = [asyncio.ensure_future(fetch_article(fetcher, url)) for url in urls]
            for task in asyncio.as_completed(tasks):
                page, article = await task
                if article is None:
                    problems(page.url, page.reason or "no article")
                else:
                    out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
                    out.flush()
                    n += 1
                meter.update(done=meter.done + 1, failed=problems.count)
        return n

    n = 0
    try:
        with Meter("fetch", "pages", len(urls), quiet=args.quiet) as meter:
            n = asyncio.run(run(meter))
    finally:
        out.close(keep=n > 0 or not problems.count)  # no file when every URL failed
    if not args.quiet:
        print(f"{number(n)} article(s) fetched, {number(problems.count)} failure(s)", file=sys.stderr)
    return problems.exit_code


def seed_sources(args: argparse.Namespace, problems: Problems) -> list[str]:
    """Discovery documents for the seeds; a seed that is neither URL nor outlet is reported."""
    from ..web.scrape import SeedError, seed_sources

    sources = []
    for seed in args.seeds:
        try:
            sources += seed_sources(seed, args.since, args.until, args.pages or 1)
        except SeedError as err:
            problems.report(err)
    return sources


def index_pages(args: argparse.Namespace) -> int:
    """How far each index is read: --pages, else the default."""
    from ..web.scrape import INDEX_PAGES

    return args.pages or INDEX_PAGES


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
            return await discover(fetcher, sources, url_filter(args), limit=args.limit, max_documents=args.max_documents,
                                  pages=index_pages(args))

    found = asyncio.run(run()) if sources else None
    for failure in (found.failures if found else []):
        problems(failure.url, failure.reason or "failed")
    for link in (found.links if found else []):
        print(printable(link.url) + (f"\t{link.published.isoformat()}" if link.published and args.dates else ""))
    if found and found.stopped:
        print(f"discover: {found.stopped} (see --max-documents)", file=sys.stderr)
    if not args.quiet:
        refused = f", {number(found.refused)} robots.txt disallows (not listed)" if found and found.refused else ""
        print(f"{number(len(found.links)) if found else 0} article URL(s), {number(problems.count)} problem(s){refused}",
              file=sys.stderr)
    return problems.exit_code


def add_commands(sub) -> None:
    fetching = options.parent(options.fetching)
    fe = sub.add_parser("fetch", parents=[fetching], help="fetch article URLs politely and write the articles as JSONL")
    fe.add_argument("urls", nargs="*", metavar="URL", help="article URLs (http or https)")
    fe.add_argument("-i", "--input", action="append", metavar="FILE",
                    help="read URLs from this file, one per line, # starts a comment; - for standard input (repeatable)")
    options.output(fe)
    options.quiet(fe)
    fe.set_defaults(run=cmd_fetch)

    di = sub.add_parser("discover", parents=[options.parent(options.seeds), fetching],
                        help="list article URLs from outlets, sitemaps, feeds or index pages")
    di.add_argument("--limit", type=int, help="stop after this many URLs")
    options.documents(di)
    di.add_argument("--dates", action="store_true", help="print each URL's date from the sitemap or feed")
    options.quiet(di)
    di.set_defaults(run=cmd_discover)
