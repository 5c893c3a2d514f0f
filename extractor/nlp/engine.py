"""The Python API: one article or a stream of them in, extraction records out.

spaCy and the pipeline are imported on the first extraction, so that a command that extracts
nothing (`extractor --help`, `--version`) starts at once.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..dates import parse_published

DEFAULT_MAX_CHARS = 1_000_000  # spaCy's own max_length
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ud800-\udfff]")


class ArticleError(ValueError):
    """An article that cannot be extracted; the message says why in one line."""


def check_text(text, max_chars: float = DEFAULT_MAX_CHARS) -> str:
    """Return the body if it can be extracted, else raise ArticleError saying why."""
    if not isinstance(text, str):
        raise ArticleError(f"'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise ArticleError("empty body")
    if len(text) > max_chars:
        raise ArticleError(f"body has {len(text):,} characters, more than the limit of {max_chars:,} (see --max-chars)")
    sample = text[:20000]
    odd = len(_BINARY_CHARS.findall(sample))
    if odd > 0.05 * len(sample):
        raise ArticleError(f"body looks like binary data ({odd / len(sample):.0%} control or undecodable characters)")
    return text


def extract(text: str, published: str | None = None, **meta) -> dict:
    """Extract one article body; `meta` may carry id, url, title. Raises ArticleError."""
    return next(extract_many([dict(meta, text=text, published=published)], max_chars=None))


def extract_many(
    articles: Iterable[dict],
    *,
    batch_size: int = 32,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    on_error: Callable[[dict, ArticleError], None] | None = None,
) -> Iterator[dict]:
    """Stream records for articles (dicts with `text` and optional id, url, title, published).

    An article that cannot be extracted goes to `on_error(article, error)` and the stream goes
    on; without `on_error` the error is raised.
    """
    from .body import seed_body
    from .pipeline import get_pipeline
    from .record import to_record

    nlp = get_pipeline()

    def checked() -> Iterator[tuple[str, dict]]:
        for article in articles:
            try:
                if not isinstance(article, dict):
                    raise ArticleError(f"an article must be a JSON object, not {type(article).__name__}")
                if "text" not in article:
                    raise ArticleError("no 'text' field")
                text = check_text(article["text"], max_chars if max_chars is not None else float("inf"))
            except ArticleError as err:
                if on_error is None:
                    raise
                on_error(article, err)
                continue
            if len(text) >= nlp.max_length:
                nlp.max_length = len(text) + 1
            doc = nlp.make_doc(text)
            seed_body(doc, text)
            doc._.published = parse_published(article.get("published"))
            yield doc, article

    for doc, article in nlp.pipe(checked(), as_tuples=True, batch_size=batch_size):
        record = to_record(doc, article)
        if article.get("published") and doc._.published is None:
            record["warnings"] = [f"cannot read the publication time {article['published']!r}; relative years left empty"]
        yield record
