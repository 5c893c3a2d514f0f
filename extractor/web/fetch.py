"""A polite async fetcher on httpx: robots.txt on every fetch, per-host concurrency and delay,
Retry-After and exponential backoff, a per-URL time budget, a body-size cap, a content-type check,
charset decoding, a redirect limit and conditional GET.

The web is adversarial: every read (robots.txt, sitemaps, feeds, pages) is streamed and stopped
at `max_bytes` of decompressed body, every URL spends at most `timeout` seconds over all its tries
and redirects, and only well-formed http(s) URLs are requested or followed. Every fetch ends in a
`Fetched` with `ok` and, when not ok, a one-line `reason`; nothing raises.
"""
from __future__ import annotations

import asyncio
import email.utils
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from ..version import __version__
from .encoding import decode_html
from .urls import url_problem

USER_AGENT = f"indonews-extractor/{__version__} (research crawler; honours robots.txt)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml", "application/x-rss+xml")
RETRY_STATUSES = {429, 500, 502, 503, 504}
ROBOTS_DISALLOW = "robots.txt disallows it"  # a refusal by the site, not a failure of the crawl


@dataclass
class Settings:
    """How politely and how patiently to fetch."""
    user_agent: str = USER_AGENT
    delay: float = 1.0              # seconds between two requests to one host
    per_host: int = 2               # requests in flight per host
    total: int = 16                 # requests in flight overall
    timeout: float = 30.0           # per URL: all its tries, retry waits and redirects
    max_bytes: int = 10_000_000     # decompressed bodies over this are cut off and the read failed
    max_redirects: int = 5
    retries: int = 3                # further tries after a 429/5xx or a network error
    backoff: float = 1.0            # first wait; doubled each try
    max_wait: float = 120.0         # longest Retry-After we wait out
    robots: bool = True


@dataclass
class Fetched:
    url: str                        # as asked
    final_url: str                  # after redirects
    ok: bool
    status: int | None = None
    reason: str | None = None       # why not ok, in one line
    text: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False      # a conditional GET answered 304
    attempts: int = 0
    seconds: float = 0.0
    history: list[str] = field(default_factory=list)


class _Host:
    """One host's slot: at most `per_host` requests in flight, `delay` seconds apart."""

    def __init__(self, per_host: int) -> None:
        self.sem = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.next_at = 0.0
        self.robots: Protego | None = None
        self.robots_failed: str | None = None
        self.delay: float | None = None   # robots.txt Crawl-delay, when longer than ours

    async def wait_turn(self, delay: float) -> None:
        async with self.lock:
            now = time.monotonic()
            if self.next_at > now:
                await asyncio.sleep(self.next_at - now)
            self.next_at = max(now, self.next_at) + delay

    def push_back(self, seconds: float) -> None:
        """A 429/503 slows every request to this host, not just the one retried."""
        self.next_at = max(self.next_at, time.monotonic() + seconds)


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


class Fetcher:
    """`async with Fetcher(settings) as f: page = await f.get(url)`."""

    def __init__(self, settings: Settings | None = None, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings or Settings()
        self.hosts: dict[str, _Host] = {}
        self.total = asyncio.Semaphore(self.settings.total)
        self.client = httpx.AsyncClient(
            headers={"User-Agent": self.settings.user_agent, "Accept-Language": "id,en;q=0.5"},
            follow_redirects=False, timeout=self.settings.timeout, transport=transport,
            event_hooks={"response": [_take_location]},
            limits=httpx.Limits(max_connections=self.settings.total, max_keepalive_connections=self.settings.total))

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        if key not in self.hosts:
            self.hosts[key] = _Host(self.settings.per_host)
        return self.hosts[key]

    async def allowed(self, url: str) -> str | None:
        """None when robots.txt lets us fetch `url`, else the reason it does not."""
        if not self.settings.robots:
            return None
        host = self._host(url)
        if host.robots is None and host.robots_failed is None:
            async with host.lock:
                if host.robots is None and host.robots_failed is None:
                    await self._load_robots(url, host)
        if host.robots_failed:
            return host.robots_failed
        if not host.robots.can_fetch(url, self.settings.user_agent):
            return ROBOTS_DISALLOW
        return None

    async def _load_robots(self, url: str, host: _Host) -> None:
        """Read robots.txt like any page: streamed, capped, within the timeout."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        s = self.settings
        try:
            async with asyncio.timeout(s.timeout):
                async with self.client.stream("GET", robots_url) as r:
                    if r.status_code >= 500:
                        host.robots_failed = f"robots.txt answered HTTP {r.status_code}; not fetching from this host"
                        return
                    body = await _read_capped(r, s.max_bytes) if r.status_code < 300 else b""
        except TimeoutError:
            host.robots_failed = f"robots.txt timed out after {s.timeout:g} s; not fetching from this host"
            return
        except httpx.ConnectError as err:
            host.robots_failed = f"cannot reach {parts.netloc} ({_network_detail(err)})"
            return
        except httpx.HTTPError as err:
            host.robots_failed = f"robots.txt unreadable ({_network_detail(err)}); not fetching from this host"
            return
        if body is None:
            host.robots_failed = f"robots.txt is over the {s.max_bytes:,}-byte cap; not fetching from this host"
            return
        host.robots = Protego.parse(body.decode("utf-8", "replace"))
        crawl_delay = host.robots.crawl_delay(s.user_agent)
        if crawl_delay and crawl_delay > s.delay:
            host.delay = min(float(crawl_delay), MAX_CRAWL_DELAY)

    async def get(self, url: str, *, kinds: tuple[str, ...] = HTML_TYPES, etag: str | None = None,
                  last_modified: str | None = None) -> Fetched:
        """Fetch `url` following redirects; `kinds` are the content types accepted."""
        started = time.monotonic()
        result = Fetched(url=url, final_url=url, ok=False)
        seen = {url}
        current = url
        budget = _Budget(self.settings.timeout)
        while True:
            problem = url_problem(current)
            if problem:
                result.reason = problem if current == url else f"redirect to {problem}"
                break
            reason = await self.allowed(current)
            if reason:
                result.reason = reason
                break
            location = await self._attempts(current, result, kinds, etag, last_modified, budget)
            if location is None:
                break
            try:
                nxt = urljoin(current, location.strip()).split("#")[0]
            except ValueError as err:
                result.ok, result.reason = False, f"redirect to malformed URL ({err})"
                break
            result.history.append(current)
            if nxt in seen:
                result.ok, result.reason = False, f"redirect loop at {nxt}"
                break
            if len(result.history) > self.settings.max_redirects:
                result.ok, result.reason = False, f"more than {self.settings.max_redirects} redirects"
                break
            seen.add(nxt)
            current = result.final_url = nxt
        result.seconds = time.monotonic() - started
        return result

    async def _attempts(self, url: str, result: Fetched, kinds, etag, last_modified, budget: _Budget) -> str | None:
        """Try `url` until it answers, the retries run out or the URL's time budget is spent;
        returns a redirect's Location."""
        s = self.settings
        host = self._host(url)
        for attempt in range(s.retries + 1):
            async with host.sem, self.total:
                await host.wait_turn(host.delay or s.delay)
                budget.start()
                if budget.left() <= 0:
                    result.ok, result.status = False, None
                    result.reason = budget.timed_out(result.attempts)
                    return None
                result.attempts += 1
                location = None
                try:
                    async with asyncio.timeout(budget.left()):
                        wait, location = await self._once(url, result, kinds, etag, last_modified)
                except TimeoutError:
                    result.ok, result.status = False, None
                    result.reason = budget.timed_out(result.attempts)
                    return None
                except httpx.HTTPError as err:
                    result.ok, result.status = False, None
                    result.reason = f"network error: {_network_detail(err)}"
                    if isinstance(err, (httpx.UnsupportedProtocol, httpx.LocalProtocolError)):
                        return None  # asking again gets the same answer
                    wait = s.backoff * 2 ** attempt
                except (httpx.InvalidURL, httpx.StreamError, ValueError, UnicodeError) as err:
                    result.ok, result.status = False, None  # a request that cannot even be made
                    result.reason = f"cannot request it ({_network_detail(err)})"
                    return None
            if wait is None or attempt == s.retries:
                return location
            if wait > s.max_wait:
                result.reason += f"; Retry-After {wait:.0f} s is longer than the {s.max_wait:g} s we wait"
                return None
            if wait >= budget.left():
                result.reason += f"; no time left to retry within the {s.timeout:g} s timeout"
                return None
            host.push_back(wait)
            await asyncio.sleep(wait * (1 + random.random() * 0.1))

    async def _once(self, url: str, result: Fetched, kinds, etag, last_modified) -> tuple[float | None, str | None]:
        """One request. Returns (seconds to wait before a retry or None when done, redirect Location)."""
        s = self.settings
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with self.client.stream("GET", url, headers=headers) as r:
            result.status = r.status_code
            result.content_type = r.headers.get("content-type")
            result.etag = r.headers.get("etag")
            result.last_modified = r.headers.get("last-modified")
            location = getattr(r, "location", None)
            if location is not None:
                return None, location
            if r.status_code == 304:
                result.ok, result.not_modified, result.reason = True, True, None
                return None, None
            if r.status_code in RETRY_STATUSES:
                result.ok, result.reason = False, f"HTTP {r.status_code} after {result.attempts} tries"
                wait = retry_after(r.headers.get("retry-after"))
                return (wait if wait is not None else s.backoff * 2 ** (result.attempts - 1)), None
            if r.status_code >= 400:
                result.ok, result.reason = False, f"HTTP {r.status_code}"
                return None, None
            kind = (result.content_type or "").split(";")[0].strip().lower()
            if kind and kind not in kinds:
                result.ok, result.reason = False, f"not {'HTML' if kinds == HTML_TYPES else 'a page we read'} ({kind[:100]})"
                return None, None
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > s.max_bytes:
                result.ok, result.reason = False, f"body of {int(declared):,} bytes is over the {s.max_bytes:,}-byte cap"
                return None, None
            body = await _read_capped(r, s.max_bytes)
            if body is None:
                result.ok, result.reason = False, f"body cut off at the {s.max_bytes:,}-byte cap"
                return None, None
        result.text = decode_html(body, result.content_type)
        result.ok, result.reason = True, None
        return None, None


async def _take_location(response: httpx.Response) -> None:
    """httpx reads a redirect's Location even when it is not to follow it, and raises on
    `mailto:...` or `http://[zz/x`: take it out of the headers first and judge it ourselves."""
    if response.has_redirect_location:
        response.location = response.headers.pop("location")


MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is not waited out between every request


class _Budget:
    """One URL's time: `timeout` seconds from its first request, over every try, retry wait and
    redirect (waiting for the host's turn before the first request does not count)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.started: float | None = None

    def start(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    def left(self) -> float:
        return self.timeout - (time.monotonic() - (self.started or time.monotonic()))

    def timed_out(self, attempts: int) -> str:
        spent = time.monotonic() - (self.started or time.monotonic())
        tries = f" ({attempts} tries)" if attempts > 1 else ""
        return f"timed out after {round(spent, 1):g} s{tries}"


async def _read_capped(r: httpx.Response, limit: int) -> bytes | None:
    """The decompressed body, or None once it passes `limit` bytes (the rest is never read, so a
    gzip bomb or an endless stream costs at most `limit` plus one decoded chunk)."""
    body = bytearray()
    async for chunk in r.aiter_bytes():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def _network_detail(err: Exception) -> str:
    """`ConnectError: [Errno 111] Connection refused`, shortened and one line."""
    text = " ".join(str(err).split())[:200]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
