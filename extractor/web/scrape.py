"""Fetch and read articles: a page fetched, parsed, its further pages joined; and discovery from
seeds (outlet names, sitemap/feed URLs, index pages) to article URLs."""
from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from ..dates import WIB
from ..errors import ExtractorError
from .discover import FeedError, Link, UrlFilter, canonical_url, days, index_urls, read_document
from .fetch import HTML_TYPES, ROBOTS_DISALLOW, XML_TYPES, Fetched, Fetcher, Settings
from .page import Article, PageError, join_pages, parse_page
from .sites import site_for, site_named, sites
from .urls import url_problem

MAX_PAGES = 20  # further pages of one article followed at most
MAX_DOCUMENTS = 200  # discovery documents read per run, unless told otherwise
MAX_NESTING = 3  # sitemap indexes within sitemap indexes followed at most (a chain ends here)
INDEX_PAGES = 5  # pages of one index read (the first and its further pages), unless told otherwise


class SeedError(ExtractorError):
    """A seed that is neither a well-formed http(s) URL nor a known outlet."""


async def fetch_article(fetcher: Fetcher, url: str, *, etag: str | None = None,
                        last_modified: str | None = None) -> tuple[Fetched, Article | None]:
    """The page and the article read from it (None when the fetch failed, the page was unchanged
    or holds no article; `page.reason` says which). Nothing raises: whatever a hostile page does
    to the parser fails that page alone."""
    page = await fetcher.get(url, etag=etag, last_modified=last_modified)
    if not page.ok or page.not_modified:
        return page, None
    try:
        article = parse_page(page.text, url=canonical_url(page.final_url), fetched=datetime.now(WIB))  # dates `2 jam yang lalu`
        if not article.text.strip():
            page.ok, page.reason = False, "no article body found on the page"
            return page, None
        return page, await _further_pages(fetcher, article)
    except PageError as err:
        page.ok, page.reason = False, str(err)
    except Exception as err:  # noqa: BLE001
        page.ok, page.reason = False, f"cannot read the page ({type(err).__name__}: {' '.join(str(err).split())[:200]})"
    return page, None


async def _further_pages(fetcher: Fetcher, article: Article) -> Article:
    """Join `Halaman 2...`: the outlet's single-page view when it has one, else page by page."""
    if not article.next_pages:
        return article
    site = site_for(article.url)
    if site.all_pages:
        sep = "&" if "?" in article.url else "?"
        whole = await fetcher.get(f"{article.url}{sep}{site.all_pages}")
        if whole.ok and whole.text:
            try:
                single = parse_page(whole.text, url=article.url)
            except PageError:
                single = None
            if single and len(single.text) > len(article.text):
                article.text = single.text
                return article
    more, seen, queue = [], {article.url}, list(article.next_pages)
    while queue and len(more) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        page = await fetcher.get(url)
        if not page.ok or not page.text:
            break
        try:
            nxt = parse_page(page.text, url=url)
        except PageError:
            break
        more.append(nxt)
        queue.extend(nxt.next_pages)
    return join_pages(article, more)


def seed_sources(seed: str, since: date | None = None, until: date | None = None, pages: int = 1) -> list[str]:
    """Discovery documents for a seed: an outlet's sitemaps, feeds and index pages (by day when a
    date range is given), or the seed URL itself. Raises SeedError for anything else."""
    if seed.startswith(("http://", "https://")):
        problem = url_problem(seed)
        if problem:
            raise SeedError(seed, problem)
        return [seed]
    site = site_named(seed)
    if site is None:
        raise SeedError(seed, f"{seed!r} is neither an http(s) URL nor a known outlet ({', '.join(sorted(sites()))})")
    if since or until:
        start, end = since or until, until or since
        return [u for day in days(start, end) for u in index_urls(site, day, pages)]
    return [*site.sitemaps, *site.feeds]


@dataclass
class Discovery:
    links: list[Link] = field(default_factory=list)
    failures: list[Fetched] = field(default_factory=list)  # documents that failed, bad links found
    stopped: str | None = None  # why discovery stopped before the end, when a bound stopped it
    refused: int = 0  # links robots.txt disallows, not listed


def read_links(doc: Fetched) -> tuple[list[Link], list[str], list[tuple[str, int | None]], str | None]:
    """(links, nested sitemaps, further index pages with their numbers, reason the document gave
    nothing) of a fetched discovery document."""
    if not doc.ok or not doc.text:
        return [], [], [], doc.reason or "failed"
    try:
        links, nested, further = read_document(doc.text, doc.final_url)
    except FeedError as err:
        return [], [], [], err.what
    except Exception as err:  # noqa: BLE001 - a hostile document fails alone
        return [], [], [], f"unreadable document ({type(err).__name__}: {' '.join(str(err).split())[:200]})"
    return links, nested, further, None


def next_index_pages(further: list[tuple[str, int | None]], page: int, pages: int, known) -> list[tuple[str, int]]:
    """The further pages of an index page (itself page `page`) to read, with their page numbers:
    a URL's own number (`?page=3`) or the next one, up to `pages`, none already known."""
    out = []
    for url, number in further:
        number = number or page + 1
        if number <= pages and url not in known and all(url != u for u, _ in out):
            out.append((url, number))
    return out


async def robots_refused(fetcher: Fetcher, links: list[Link]) -> set[str]:
    """The URLs among these that robots.txt disallows: never listed as found, never fetched."""
    return {link.url for link in links if not link.problem and await fetcher.allowed(link.url) == ROBOTS_DISALLOW}


def failed_link(link: Link, found_in: str) -> Fetched:
    """A link that cannot be fetched, as a failed fetch (so that it is reported like one)."""
    return Fetched(url=link.url, final_url=link.url, ok=False, reason=f"{link.problem} (found in {found_in})")


async def discover(fetcher: Fetcher, sources: Iterable[str], keep: UrlFilter | None = None,
                   limit: int | None = None, max_documents: int = MAX_DOCUMENTS, pages: int = INDEX_PAGES) -> Discovery:
    """Article links from discovery documents, following sitemap indexes (at most MAX_NESTING
    deep) and the further pages of index pages (up to page `pages`; a page that shows no new
    link ends its index), at most `max_documents` documents, each link once; links robots.txt
    disallows are counted in `refused`, not listed."""
    keep = keep or UrlFilter()
    found = Discovery()
    seen_links: set[str] = set()
    depth = {url: 0 for url in sources}
    page_of = {url: 1 for url in sources}
    queue, seen_docs = list(sources), set()
    while queue:
        url = queue.pop(0)
        if url in seen_docs:
            continue
        if len(seen_docs) >= max_documents:
            left = len({u for u in queue if u not in seen_docs}) + 1
            found.stopped = f"stopped at {max_documents} discovery documents; {left} more not read"
            break
        seen_docs.add(url)
        doc = await fetcher.get(url, kinds=HTML_TYPES + XML_TYPES)
        links, nested, further, reason = read_links(doc)
        if reason:
            doc.ok, doc.reason = False, reason
            found.failures.append(doc)
            continue
        for n in nested:
            if n in seen_docs or n in depth:
                continue
            if depth[url] + 1 > MAX_NESTING:
                found.failures.append(failed_link(Link(n, problem=f"sitemap nested more than {MAX_NESTING} deep"), url))
                continue
            depth[n] = depth[url] + 1
            queue.append(n)
        fresh = [link for link in links if link.url not in seen_links]
        if fresh or page_of.get(url, 1) == 1:  # a page repeating what was seen ends its index
            for n, number in next_index_pages(further, page_of.get(url, 1), pages, page_of):
                page_of[n] = number
                depth[n] = depth[url]
                queue.append(n)
        refused = await robots_refused(fetcher, [link for link in fresh if not link.problem and keep(link)])
        for link in fresh:
            seen_links.add(link.url)
            if link.problem:
                found.failures.append(failed_link(link, url))
            elif link.url in refused:
                found.refused += 1
            elif keep(link):
                found.links.append(link)
                if limit and len(found.links) >= limit:
                    return found
    return found


def fetch_articles(urls: list[str], settings: Settings | None = None) -> list[tuple[Fetched, Article | None]]:
    """Blocking helper: fetch and read these URLs politely, results in input order."""
    async def run():
        async with Fetcher(settings) as fetcher:
            return await asyncio.gather(*(fetch_article(fetcher, u) for u in urls))
    return asyncio.run(run())
