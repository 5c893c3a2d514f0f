"""Extraction into a store: only articles whose text or pipeline changed, saved in transactions,
stories linked anew at the end. `ingest` and `update` of the CLI, and anyone's own script."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..article import article_id, content_hash
from ..article import DEFAULT_MAX_CHARS
from ..nlp.pipeline import pipeline_version
from .batch import Extracted, extract_stream
from .store import Store

OnError = Callable[[str, str], None]  # (where, what)


@dataclass
class Ingested:
    stored: int = 0
    unchanged: int = 0


def save_outcomes(store: Store, outcomes: Iterable[Extracted], on_error: OnError, every: int = 64) -> int:
    """Store outcomes in transactions of `every` articles (errors go to `on_error`, not the
    store), then link the stories anew; the number stored."""
    pending, n = [], 0
    for outcome in outcomes:
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


def ingest(store: Store, articles: Iterable[dict], on_error: OnError, workers: int | str = 1,
           max_chars: int | None = DEFAULT_MAX_CHARS) -> Ingested:
    """Extract and store articles; one already stored with the same text and pipeline is skipped."""
    version = pipeline_version()
    result = Ingested()

    def fresh() -> Iterator[dict]:
        for article in articles:
            text = article.get("text")
            if isinstance(text, str) and store.known(article.get("id") or article_id(text)) == (content_hash(text), version):
                result.unchanged += 1
                continue
            yield article

    result.stored = save_outcomes(store, extract_stream(fresh(), workers=workers, max_chars=max_chars), on_error)
    return result


def update(store: Store, on_error: OnError, workers: int | str = 1) -> int:
    """Re-extract the articles another pipeline version extracted; their rows are replaced in place."""
    return save_outcomes(store, extract_stream(store.stale(pipeline_version()), workers=workers), on_error)
