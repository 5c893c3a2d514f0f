"""What every layer knows of an article: the fields it carries and how it is identified."""
from __future__ import annotations

import hashlib

ARTICLE_FIELDS = ("id", "url", "title", "published")
PAGE_FIELDS = ("outlet", "author", "editor", "section", "tags", "image")  # when read from a page
DEFAULT_MAX_CHARS = 1_000_000  # the longest body extracted unless told otherwise: spaCy's own max_length


def article_id(text: str) -> str:
    """A stable id for a text (or a canonical URL) that came without one."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def content_hash(text: str) -> str:
    """The SHA-1 of a body: a store skips an article whose text it already extracted."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
