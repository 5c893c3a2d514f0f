"""The main job: seeds → discovery → fetch → parse → extract → store, resumable.

The frontier lives in the store. Discovery documents and article pages are claimed in batches;
each batch is stored in one transaction together with the frontier rows it finishes, so a crawl
killed at any point loses nothing and stores nothing twice. Restarted, it puts back what was
claimed but not stored (the pages in flight at the kill) and goes on from there.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .batch import extract_chunk
from ..article import article_id
from ..web.discover import UrlFilter, links_in
from ..web.fetch import HTML_TYPES, XML_TYPES, Fetcher, Settings
from ..web.scrape import fetch_article
from .store import Store

BATCH = 16  # pages claimed, fetched and stored together


@dataclass
class CrawlStats:
    resumed: int = 0              # pages in flight at the last stop, fetched again
    documents: int = 0            # discovery documents read
    pages: int = 0                # article pages claimed for fetching
    fetched: int = 0              # of those, fetched (progress moves per page)
    articles: int = 0             # articles stored
    figures: int = 0
    failures: Counter = field(default_factory=Counter)
    queued: int = 0               # article pages waiting in the frontier


async def crawl(store: Store, sources: list[str], keep: UrlFilter | None = None, settings: Settings | None = None,
                max_pages: int | None = None, on_progress: Callable[[CrawlStats], None] | None = None) -> CrawlStats:
    stats = CrawlStats()
    keep = keep or UrlFilter()
    store.add_urls(sources, "source")
    stats.resumed = store.release_in_flight()
    report = on_progress or (lambda s: None)
    async with Fetcher(settings) as fetcher:
        while urls := store.claim("source", BATCH):
            for doc in await asyncio.gather(*(fetcher.get(u, kinds=HTML_TYPES + XML_TYPES) for u in urls)):
                stats.documents += 1
                links, nested = links_in(doc.text, doc.final_url) if doc.ok and doc.text else ([], [])
                if not doc.ok:
                    stats.failures[doc.reason or "failed"] += 1
                store.finish_source(doc, [(x.url, x.published.isoformat() if x.published else None)
                                          for x in links if keep(x)], nested)
            stats.queued = store.pending("article")
            report(stats)

        budget = max_pages if max_pages is not None else float("inf")

        async def fetch_one(url: str):
            fetched = await fetch_article(fetcher, url)
            stats.fetched += 1  # progress moves per page, not per batch
            report(stats)
            return fetched

        def start_next():
            urls = store.claim("article", int(min(BATCH, budget - stats.pages))) if stats.pages < budget else []
            if not urls:
                return None
            stats.pages += len(urls)
            stats.queued = max(0, stats.queued - len(urls))
            future = asyncio.ensure_future(asyncio.gather(*(fetch_one(u) for u in urls)))
            future.add_done_callback(_quiet)
            return future

        stats.queued = store.pending("article")
        report(stats)
        batch = start_next()
        try:
            while batch is not None:
                results = await batch
                batch = start_next()  # fetch the next pages while this batch is extracted
                await asyncio.to_thread(_store_batch, store, results, stats)
                report(stats)
        finally:  # Ctrl-C while a batch is stored: its successor stops before the fetcher closes
            if batch is not None and not batch.done():
                batch.cancel()
    stats.queued = store.pending("article")  # left for the next run
    return stats


def _quiet(future: asyncio.Future) -> None:
    """A batch cut short by Ctrl-C: its cancellation is expected, not worth a traceback."""
    if not future.cancelled():
        future.exception()


def _store_batch(store: Store, results, stats: CrawlStats) -> None:
    """Extract the pages read and store them with the failed ones, in one transaction."""
    readable = [dict(article.to_dict(), id=article_id(article.url)) for _, article in results if article is not None]
    outcomes = iter(extract_chunk(readable))
    rows = []
    for page, article in results:
        outcome = next(outcomes) if article is not None else None
        if outcome is not None and outcome.error:
            page.ok, page.reason, outcome = False, outcome.error, None
        if not page.ok:
            stats.failures[page.reason or "failed"] += 1
        elif outcome is not None:
            stats.articles += 1
            stats.figures += len(outcome.rows["figures"])
        rows.append((page, outcome.rows if outcome else None, outcome.minhash if outcome else None))
    store.finish_articles(rows)
