"""Extraction into a store: only articles whose text or pipeline changed, saved in transactions,
stories linked anew at the end. `ingest` and `update` of the CLI, and anyone's own script."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..article import DEFAULT_MAX_CHARS, article_id, content_hash
from ..nlp.pipeline import pipeline_version
from .batch import Extracted, extract_stream
from .store import Store

OnError = Callable[[str, str], None]  # (where, what)
OnProgress = Callable[[int], None]  # articles done so far (stored, unchanged or failed)

PROGRESS_CHUNK = 16  # articles per extraction chunk: progress moves every 16 articles at worst


@dataclass
class Ingested:
    stored: int = 0
    unchanged: int = 0


def save_outcomes(store: Store, outcomes: Iterable[Extracted], on_error: OnError, every: int = 64,
                  on_progress: Callable[[], None] | None = None) -> int:
    """Store outcomes in transactions of `every` articles (errors go to `on_error`, not the
    store), then link the stories anew; the number stored. `on_progress()` follows each outcome."""
    pending, n = [], 0
    tick = on_progress or (lambda: None)
    for outcome in outcomes:
        tick()
        if outcome.error:
            on_error(outcome.where, outcome.error)
            continue
        pending.append((outcome.rows, outcome.minhash))
        if len(pending) >= every:
            store.save(pending)
            n += len(pending)
            pending = []
    if pending:
        store.save(pending)
        n += len(pending)
    store.link_stories()
    return n


def _counter(on_progress: OnProgress | None) -> Callable[[], None]:
    """A tick per article done (stored, unchanged or failed), passing the count on to `on_progress`."""
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done)

    return tick


def ingest(store: Store, articles: Iterable[dict], on_error: OnError, workers: int | str = 1,
           max_chars: int | None = DEFAULT_MAX_CHARS, on_progress: OnProgress | None = None) -> Ingested:
    """Extract and store articles; one already stored with the same text and pipeline is skipped.
    `on_progress(done)` follows every article (chunks are small enough for it to move often)."""
    version = pipeline_version()
    result = Ingested()
    tick = _counter(on_progress)

    def fresh() -> Iterator[dict]:
        for article in articles:
            text = article.get("text")
            if isinstance(text, str) and store.known(article.get("id") or article_id(text)) == (content_hash(text), version):
                result.unchanged += 1
                tick()
                continue
            yield article

    outcomes = extract_stream(fresh(), workers=workers, chunk=PROGRESS_CHUNK, max_chars=max_chars)
    result.stored = save_outcomes(store, outcomes, on_error, on_progress=tick)
    return result


def stale_count(store: Store) -> int:
    """How many stored articles `update` would extract again."""
    return store.stale_count(pipeline_version())


def update(store: Store, on_error: OnError, workers: int | str = 1, on_progress: OnProgress | None = None) -> int:
    """Re-extract the articles another pipeline version extracted; their rows are replaced in place."""
    tick = _counter(on_progress)

    outcomes = extract_stream(store.stale(pipeline_version()), workers=workers, chunk=PROGRESS_CHUNK)
    return save_outcomes(store, outcomes, on_error, on_progress=tick)
