"""Benchmark: page parsing against trafilatura, and fetching from a local server.

1. Parsing: `parse_page` against trafilatura's `bare_extraction` (with metadata) on the same real
   pages (../shared/html); prints both rates and their ratio (ours / trafilatura, <= 1 required).
2. Fetching: the same pages served many times over by a local server on 127.0.0.1, fetched with
   politeness delays off; prints pages/s fetched against pages/s parsed, to show the fetcher is
   not the bottleneck.

    python bench/bench_scrape.py [../shared/html] [--rounds 5] [--copies 20]
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extractor.web.fetch import Fetcher, Settings  # noqa: E402
from extractor.web.localsite import LocalSite  # noqa: E402
from extractor.web.encoding import decode_html  # noqa: E402
from extractor.web.page import parse_page  # noqa: E402


def rate(fn, pages, rounds: int) -> float:
    for html in pages:  # warm both (imports, caches, compiled selectors)
        fn(html)
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for html in pages:
            fn(html)
        best = min(best, time.perf_counter() - started)
    return len(pages) / best


async def fetch_all(urls: list[str]) -> tuple[int, float]:
    async with Fetcher(Settings(delay=0, per_host=8, total=8, retries=0)) as fetcher:
        started = time.perf_counter()
        results = await asyncio.gather(*(fetcher.get(u) for u in urls))
        return sum(r.ok for r in results), time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html_dir", nargs="?", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "html"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--copies", type=int, default=20, help="times each page is served in the fetch test")
    args = ap.parse_args()
    files = sorted(Path(args.html_dir).glob("pages/*.html")) + sorted(Path(args.html_dir).glob("unlabelled/*.html"))
    if not files:
        print(f"error: {args.html_dir}: no pages/*.html", file=sys.stderr)
        return 1
    pages = [decode_html(f.read_bytes()) for f in files]

    ours = rate(parse_page, pages, args.rounds)
    theirs = rate(lambda h: trafilatura.bare_extraction(h, with_metadata=True), pages, args.rounds)
    print(f"parse: {len(pages)} pages; parse_page {ours:.1f} pages/s, trafilatura bare_extraction {theirs:.1f} pages/s")
    print(f"parse time ratio (ours / trafilatura): {theirs / ours:.2f}  (target <= 1.00)")

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.copies):
            for f in files:
                shutil.copy(f, Path(tmp) / f"{i}-{f.name}")
        with LocalSite(tmp) as site:
            urls = [f"{site.url}/{i}-{f.name}" for i in range(args.copies) for f in files]
            ok, seconds = asyncio.run(fetch_all(urls))
    fetched = ok / seconds
    print(f"fetch: {ok}/{len(urls)} pages from 127.0.0.1 with delays off: {fetched:.1f} pages/s "
          f"({fetched / ours:.1f}x the parse rate: {'not' if fetched > ours else 'IS'} the bottleneck)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
