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
from itertools import islice

from ..article import DEFAULT_MAX_CHARS, content_hash
from ..errors import ExtractorError
from ..nlp.engine import ArticleError, extract_many
from ..nlp.pipeline import pipeline_version
from .dedup import signature
from .schema import record_rows

CHUNK = 64  # articles per task: large enough to amortise the hand-over, small enough to stream


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


def extract_stream(articles: Iterable[dict], workers: int = 1, chunk: int = CHUNK,
                   max_chars: int | None = DEFAULT_MAX_CHARS) -> Iterator[Extracted]:
    """Outcomes for a stream of articles, in input order. With workers > 1, chunks go to worker
    processes (each builds the pipeline once) and at most 2 per worker are in flight."""
    if workers <= 1:
        for part in _chunks(articles, chunk):
            yield from extract_chunk(part, max_chars)
        return
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
    a second, by a watchdog), then build the pipeline once."""
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

