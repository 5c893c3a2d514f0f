"""Turn Indonesian business news into checked, structured data."""
from .engine import extract, extract_many

__all__ = ["extract", "extract_many"]
__version__ = "0.1.0"
