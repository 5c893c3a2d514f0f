"""Turn Indonesian business news into checked, structured data.

Layers, each importing only those below it: `cli` -> `dataset` (store, crawl, ingest, exports)
-> `web` (fetch, discover, read pages) and `nlp` (the spaCy pipeline) -> shared modules here
(`rules`, `errors`, `article`, `dates`, `dateline`, `intervals`, `numfmt`, `version`). Names are imported on first use
(PEP 562), so `import extractor` loads neither spaCy nor pandas.
"""
from __future__ import annotations

from .version import __version__

__all__ = ["extract", "extract_many", "tables", "ExtractorError", "__version__"]


def tables(source, names=None):
    """The dataset as pandas DataFrames, from a store or a directory of Parquet tables
    (see `extractor.dataset.tables`)."""
    from .dataset.schema import NAMES
    from .dataset.tables import tables as read

    return read(source, tuple(names) if names else NAMES)


def __getattr__(name: str):
    if name in ("extract", "extract_many"):
        from .nlp import engine

        return getattr(engine, name)
    if name == "ExtractorError":
        from .errors import ExtractorError

        return ExtractorError
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
