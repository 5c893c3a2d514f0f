"""The package version, in one place: pyproject.toml reads it, the User-Agent and the pipeline version carry it."""
__version__ = "0.1.0"
