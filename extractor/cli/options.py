"""Option groups shared by several commands, so each option is spelled and explained once."""
from __future__ import annotations

import argparse
from datetime import date

from ..article import DEFAULT_MAX_CHARS
from ..numfmt import number


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def parent(build) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    build(p)
    return p


def workers_value(text: str) -> int | str:
    if text == "auto":
        return text
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1, 2... or auto): {text!r}")
    return n


def inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a text file (the body), a JSONL file of articles (.gz too), a saved HTML page, "
                        "an article URL, or - for standard input")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                   help=f"longest body to extract; longer ones are reported, not extracted ({number(DEFAULT_MAX_CHARS)})")
    p.add_argument("--published", metavar="TIME",
                   help="publication time of inputs that carry none, e.g. plain-text bodies (2025-06-18 or "
                        "2025-06-18T10:00+07:00; times without a zone are WIB): relative years such as "
                        "'tahun ini' are read against it")


def quiet(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress and no summary; errors and warnings are still printed")


def output(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def fetching(p: argparse.ArgumentParser) -> None:
    from ..web.fetch import Settings

    d = Settings()
    g = p.add_argument_group("fetching")
    g.add_argument("--delay", type=float, default=d.delay, help=f"seconds between requests to one host ({d.delay:g})")
    g.add_argument("--per-host", type=int, default=d.per_host, help=f"requests in flight per host ({d.per_host})")
    g.add_argument("--timeout", type=float, default=d.timeout, help=f"seconds per request ({d.timeout:g})")
    g.add_argument("--retries", type=int, default=d.retries, help=f"tries after a 429/5xx/network error ({d.retries})")
    g.add_argument("--user-agent", help="User-Agent header (default names this tool)")


def seeds(p: argparse.ArgumentParser) -> None:
    p.add_argument("seeds", nargs="+", metavar="SEED", help="an outlet (kompas, detik...) or a sitemap, feed or index-page URL")
    p.add_argument("--since", type=day, help="first day (YYYY-MM-DD); with an outlet, walks its daily index")
    p.add_argument("--until", type=day, help="last day (YYYY-MM-DD)")
    p.add_argument("--section", action="append", help="keep only this section (repeatable)")
    from ..web.scrape import INDEX_PAGES

    p.add_argument("--pages", type=int, metavar="N",
                   help=f"read each index up to its page N: its further pages (Berikutnya, Next, ?page=N, /page/N; "
                        f"default {INDEX_PAGES}) and, for an outlet with --since, that many daily index pages (default 1)")


def documents(p: argparse.ArgumentParser) -> None:
    from ..web.scrape import MAX_DOCUMENTS

    p.add_argument("--max-documents", type=int, default=MAX_DOCUMENTS,
                   help=f"read at most this many discovery documents (sitemaps, feeds, index pages) in this run ({MAX_DOCUMENTS})")


def workers(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=workers_value, default="auto", metavar="N",
                   help="extraction processes, or auto: one process for inputs under 1.000 articles or without "
                        "a free second core, else one per free core (auto)")


def settings(args: argparse.Namespace):
    """The fetcher's settings from the fetching options."""
    from ..web.fetch import Settings

    return Settings(delay=args.delay, timeout=args.timeout, per_host=args.per_host, retries=args.retries,
                    **({"user_agent": args.user_agent} if args.user_agent else {}))
