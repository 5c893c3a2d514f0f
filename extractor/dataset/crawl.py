"""The main job: seeds → discovery → fetch → parse → extract → store, resumable, and always ending.

The frontier lives in the store. Discovery documents and article pages are claimed in batches;
each batch is stored in one transaction together with the frontier rows it finishes, so a crawl
killed at any point loses nothing and stores nothing twice. Restarted, it puts back what was
claimed but not stored (the pages in flight at the kill) and goes on from there; a page in flight
at two such stops is given up, so that a page that crashes the crawl cannot stop every run.

A crawl always ends: discovery reads at most `max_documents` documents per run (and stops once
`max_pages` pages are waiting), sitemap indexes nest at most MAX_NESTING deep, an index is read up
to its page `pages` (and no further once a page shows nothing new), a link that is not a
well-formed http(s) URL is recorded as failed, one robots.txt disallows is recorded as skipped
without a fetch, and whatever goes wrong with one page fails that page.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .batch import extract_chunk
from ..article import article_id
from ..web.discover import UrlFilter, page_number
from ..web.fetch import HTML_TYPES, ROBOTS_DISALLOW, XML_TYPES, Fetched, Fetcher, Settings
from ..web.scrape import (INDEX_PAGES, MAX_DOCUMENTS, MAX_NESTING, fetch_article, next_index_pages, read_links,
                          robots_refused)
from .store import GIVEN_UP, Store

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
    given_up: int = 0             # pages in flight at two stops, now failed
    stopped: str | None = None    # which bound stopped discovery, when one did


async def crawl(store: Store, sources: list[str], keep: UrlFilter | None = None, settings: Settings | None = None,
                max_pages: int | None = None, on_progress: Callable[[CrawlStats], None] | None = None,
                max_documents: int = MAX_DOCUMENTS, pages: int = INDEX_PAGES) -> CrawlStats:
    stats = CrawlStats()
    listed: set[str] = set()  # article links index pages showed in this run: a page showing none new ends its index
    keep = keep or UrlFilter()
    store.add_urls(sources, "source")
    stats.resumed, stats.given_up = store.release_in_flight()
    if stats.given_up:
        stats.failures[GIVEN_UP] += stats.given_up
    report = on_progress or (lambda s: None)
    async with Fetcher(settings) as fetcher:
        while True:
            stats.stopped = _discovery_bound(store, stats, max_documents, max_pages)
            urls = [] if stats.stopped else store.claim("source", min(BATCH, max_documents - stats.documents))
            if not urls:
                break
            for doc in await asyncio.gather(*(fetcher.get(u, kinds=HTML_TYPES + XML_TYPES) for u in urls)):
                stats.documents += 1
                await _finish_source(store, fetcher, doc, keep, stats, pages, listed)
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


def _discovery_bound(store: Store, stats: CrawlStats, max_documents: int, max_pages: int | None) -> str | None:
    """Why discovery stops here although documents are waiting, or None."""
    if stats.documents < max_documents and (max_pages is None or store.pending("article") < max_pages):
        return None
    left = store.pending("source")
    if not left:
        return None
    if stats.documents >= max_documents:
        return f"discovery stopped at --max-documents {max_documents}; {left} document(s) left for the next run"
    return f"discovery stopped with --max-pages {max_pages} pages waiting; {left} document(s) left for the next run"


async def _finish_source(store: Store, fetcher: Fetcher, doc: Fetched, keep: UrlFilter, stats: CrawlStats,
                         pages: int, listed: set[str]) -> None:
    """A discovery document read: its good links queued with its further index pages, its bad
    ones recorded as failed, those robots.txt disallows as skipped."""
    links, nested, further, reason = read_links(doc)
    if reason:
        doc.ok, doc.reason = False, reason
        stats.failures[reason] += 1
    bad = [(link.url, link.problem) for link in links if link.problem]
    kept = [x for x in links if not x.problem and keep(x)]
    refused = await robots_refused(fetcher, [x for x in kept if x.url not in listed])  # each counted once
    bad += [(url, ROBOTS_DISALLOW) for url in refused]
    good = [(x.url, x.published.isoformat() if x.published else None) for x in kept if x.url not in refused]
    if nested and store.nesting(doc.url) + 1 > MAX_NESTING:
        bad += [(n, f"sitemap nested more than {MAX_NESTING} deep") for n in nested]
        nested = []
    if further:
        page = page_number(doc.url) or store.nesting(doc.url) + 1
        fresh = {x.url for x in links} - listed
        if fresh or page == 1:  # a page that shows nothing new ends its index
            nested = nested + [url for url, _ in next_index_pages(further, page, pages, set())]
    listed.update(x.url for x in links)
    for _, problem in bad:
        stats.failures[problem] += 1
    store.finish_source(doc, good, nested, bad)


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
