"""Extraction at scale: articles in chunks, on this process or on a pool of worker processes,
with a bounded number of chunks in flight so memory stays flat whatever the corpus size.
Results come back in input order, so every engine gives the same tables.

An article whose extraction fails in an unforeseen way fails alone; a worker that dies (killed,
out of memory) ends the run with one line (`WorkerError`); workers exit when their parent dies.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from ..article import DEFAULT_MAX_CHARS, content_hash
from ..errors import ExtractorError
from ..nlp.engine import ArticleError, extract_many
from ..nlp.pipeline import pipeline_version
from .dedup import signature
from .schema import record_rows

CHUNK = 64  # articles per task: large enough to amortise the hand-over, small enough to stream
# Fewer articles than this go on one process under `workers="auto"`: a worker's start and the
# hand-over of its chunks cost about what one process extracts of a thousand articles meanwhile.
AUTO_MIN_ARTICLES = 1_000


class WorkerError(ExtractorError):
    """A worker process died; what was stored before stays."""


@dataclass
class Extracted:
    """One article's outcome: its table rows (dataset.record_rows) and text signature, or the
    one-line error. Rows, not records, cross the process boundary: the workers do that work."""
    where: str
    rows: dict[str, list[tuple]] | None = None
    minhash: bytes | None = None
    error: str | None = None


def extract_chunk(articles: list[dict], max_chars: int | None = DEFAULT_MAX_CHARS) -> list[Extracted]:
    """Extract a list of articles in order; an article that cannot be extracted gets its error."""
    version = pipeline_version()
    errors: dict[int, str] = {}
    keyed = [dict(a, _n=i) if isinstance(a, dict) else a for i, a in enumerate(articles)]

    def on_error(article, err: ArticleError) -> None:
        errors[article["_n"] if isinstance(article, dict) else keyed.index(article)] = str(err)

    try:
        records = list(extract_many(keyed, max_chars=max_chars, on_error=on_error))
    except Exception:  # noqa: BLE001 - one article broke the batch: find it, extract the others
        if len(articles) == 1:
            raise
        return [out for article in articles for out in _extract_alone(article, max_chars)]
    done = iter(records)  # in input order, the failed ones left out
    out = []
    for i, article in enumerate(articles):
        where = (article.get("_where") or article.get("url") or article.get("id")) if isinstance(article, dict) else None
        where = where or f"article {i + 1}"
        if i in errors:
            out.append(Extracted(where, error=errors[i]))
            continue
        record = next(done)
        rows = record_rows(record, content_hash(record["text"]), version)
        out.append(Extracted(where, rows, signature(record["text"])))
    return out


def _extract_alone(article, max_chars) -> list[Extracted]:
    try:
        return extract_chunk([article], max_chars)
    except Exception as err:  # noqa: BLE001
        where = (article.get("_where") or article.get("url") or article.get("id")) if isinstance(article, dict) else None
        detail = " ".join(str(err).split())[:200]
        return [Extracted(where or "article", error=f"extraction failed ({type(err).__name__}: {detail})")]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def effective_cores() -> int:
    """Cores this process may use that other work is not already using: the CPU affinity and
    cgroup quota, less the load average beyond this process's own."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_cores()
    if quota is not None:
        cores = min(cores, max(1, int(quota)))
    try:
        busy = max(0.0, os.getloadavg()[0] - 1)
    except (AttributeError, OSError):
        busy = 0.0
    return max(1, min(cores, int(cores - busy + 0.5)))


def _cgroup_cores() -> float | None:
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    return None if quota == "max" else int(quota) / int(period)


def auto_workers(articles: int | None) -> int:
    """Processes worth starting for `articles` articles (None: many): one for a small input or
    when only one core is free, else one per free core."""
    if articles is not None and articles < AUTO_MIN_ARTICLES:
        return 1
    return effective_cores()


def extract_stream(articles: Iterable[dict], workers: int | str = 1, chunk: int = CHUNK,
                   max_chars: int | None = DEFAULT_MAX_CHARS) -> Iterator[Extracted]:
    """Outcomes for a stream of articles, in input order. With workers > 1, chunks go to worker
    processes and at most 2 per worker are in flight; `workers="auto"` picks the number with
    `auto_workers`, counting the articles up to AUTO_MIN_ARTICLES."""
    if workers == "auto":
        articles = iter(articles)
        head = list(islice(articles, AUTO_MIN_ARTICLES))
        workers = auto_workers(len(head) if len(head) < AUTO_MIN_ARTICLES else None)
        articles = chain(head, articles)
    if workers <= 1:
        for part in _chunks(articles, chunk):
            yield from extract_chunk(part, max_chars)
        return
    # The pipeline is loaded here first, from its prebuilt files (written now if missing): forked
    # workers inherit it and others load those files instead of building it each.
    from ..nlp.pipeline import get_pipeline

    get_pipeline()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_warm, initargs=(os.getpid(),)) as pool:
            window: deque = deque()
            for part in _chunks(articles, chunk):
                window.append(pool.submit(extract_chunk, part, max_chars))
                if len(window) >= 2 * workers:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
    except BrokenProcessPool:
        raise WorkerError("workers", "a worker process died (killed or out of memory); the articles "
                                     "stored before it are kept, run the command again for the rest") from None


def _warm(parent: int) -> None:
    """In each worker: exit when the parent dies (Linux: at once, by the kernel; elsewhere: within
    a second, by a watchdog), then have the pipeline (inherited, or loaded from its prebuilt files)."""
    _die_with_parent(parent)
    from ..nlp.pipeline import get_pipeline

    get_pipeline()


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()

