"""The Python API: one article or a stream of them in, extraction records out."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .body import seed_body
from ..article import DEFAULT_MAX_CHARS
from ..dates import parse_published
from ..errors import ExtractorError
from .pipeline import get_pipeline
from .meaning import RELATIVE_UNRESOLVED
from .record import to_record

NO_PUBLICATION_TIME = ("relative years ('tahun ini', 'tahun lalu') left empty: no publication time "
                       "(give one with --published YYYY-MM-DD)")

_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ud800-\udfff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20)])  # the class's control characters


def _odd_chars(sample: str) -> int:
    """How many characters of `sample` _BINARY_CHARS matches, 3x faster than its findall.

    A text with no surrogate encodes to UTF-8, where a control character is its own byte (every
    byte of a longer character is >= 0x80): the control bytes deleted, plus the U+FFFD count.
    """
    try:
        raw = sample.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return len(_BINARY_CHARS.findall(sample))
    return len(raw) - len(raw.translate(None, _CONTROL_BYTES)) + sample.count("\ufffd")


class ArticleError(ExtractorError):
    """An article that cannot be extracted; the message says why in one line."""


def check_text(text, max_chars: float = DEFAULT_MAX_CHARS) -> str:
    """Return the body if it can be extracted, else raise ArticleError saying why."""
    if not isinstance(text, str):
        raise ArticleError(None, f"'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise ArticleError(None, "empty body")
    if len(text) > max_chars:
        raise ArticleError(None, f"body has {len(text):,} characters, more than the limit of {max_chars:,} (see --max-chars)")
    sample = text[:20000]
    odd = _odd_chars(sample)
    if odd > 0.05 * len(sample):
        raise ArticleError(None, f"body looks like binary data ({odd / len(sample):.0%} control or undecodable characters)")
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
    nlp = get_pipeline()

    def checked() -> Iterator[tuple[str, dict]]:
        for article in articles:
            try:
                if not isinstance(article, dict):
                    raise ArticleError(None, f"an article must be a JSON object, not {type(article).__name__}")
                if "text" not in article:
                    raise ArticleError(None, "no 'text' field")
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
        u = doc._  # one Underscore object for both reads
        warnings = list(u.warnings or [])
        if article.get("published") and u.published is None:
            warnings.insert(0, f"cannot read the publication time {article['published']!r}; relative years left empty")
        elif doc.user_data.get(RELATIVE_UNRESOLVED):
            warnings.insert(0, NO_PUBLICATION_TIME)
        if warnings:
            record["warnings"] = warnings
        yield record
