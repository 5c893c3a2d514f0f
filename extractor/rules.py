"""Rule files: where `patterns/` is, each file read into a checked table, and the caches built on them.

The rules are edited as plain files in the project's top-level `patterns/` and installed with the
package as `extractor.patterns`; `use_patterns(DIR)` (CLI `--patterns DIR`) reads a user's own copy.
"""
from __future__ import annotations

import functools
import importlib.resources
import tomllib
from pathlib import Path

from .errors import RuleError

PACKAGE = "extractor.patterns"
_own_dir: Path | None = None
_caches: list = []


def patterns_dir() -> Path:
    """The directory the rules are read from: the user's copy, else the installed `patterns/`."""
    return _own_dir or Path(str(importlib.resources.files(PACKAGE)))


def use_patterns(directory: str | Path | None) -> None:
    """Read rules from `directory` from now on (None: the installed ones); every structure built
    from rules is rebuilt on next use."""
    global _own_dir
    if directory is not None:
        directory = Path(directory).resolve()
        if not (directory / "numbers.toml").is_file():
            raise RuleError(str(directory), "not a patterns directory (no numbers.toml in it)")
    _own_dir = directory
    for cache in _caches:
        cache.cache_clear()


def cached(fn):
    """Build once per rules directory: `use_patterns` clears every function decorated so."""
    wrapped = functools.lru_cache(maxsize=None)(fn)
    _caches.append(wrapped)
    return wrapped


class RuleTable(dict):
    """A table of a rule file; a missing key is a one-line error naming the file and the key."""

    def __init__(self, data: dict, where: str, path: str = ""):
        super().__init__({key: _wrap(value, where, f"{path}{key}") for key, value in data.items()})
        self.where = where
        self.path = path

    def __missing__(self, key):
        raise RuleError(self.where, f"missing key '{self.path}{key}'")


def _wrap(value, where: str, path: str):
    if isinstance(value, dict):
        return RuleTable(value, where, path + ".")
    if isinstance(value, list):
        return [_wrap(v, where, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def read_toml(name: str) -> RuleTable:
    """One rule file (`roles.toml`, `sites/kompas.toml`) as a checked table."""
    path = patterns_dir() / name
    where = f"patterns/{name}" if _own_dir is None else str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(where, "no such rule file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RuleError(where, f"cannot read it ({err.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as err:
        raise RuleError(where, str(err)) from None
    return RuleTable(data, where)


def rule_files() -> list[str]:
    """Every rule file, as names relative to the patterns directory (`sites/kompas.toml`)."""
    root = patterns_dir()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.toml"))


def pattern_examples() -> list[tuple[str, dict]]:
    """Every `[[examples]]` entry of every top-level rule file, with the file name."""
    return [(name, ex) for name in rule_files() if "/" not in name for ex in read_toml(name).get("examples", [])]
