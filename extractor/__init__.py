"""Turn Indonesian business news into checked, structured data."""
from .engine import extract, extract_many


def tables(source, names=None):
    """The dataset as pandas DataFrames (see extractor.dataset.tables); imported lazily so that
    extraction alone does not load pandas."""
    from .dataset import NAMES, tables as read

    return read(source, tuple(names) if names else NAMES)


__all__ = ["extract", "extract_many", "tables"]
__version__ = "0.1.0"
