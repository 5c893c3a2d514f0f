"""What our pipeline components share: their rules come from the patterns directory, and a saved
pipeline carries a copy of them.

`nlp.to_disk(path)` writes the rule files beside the tokenizer and the first component;
`spacy.load(path)` builds the pipeline, then `from_disk` points the process at the saved copy and
the tokenizer and each component read their rules again, so a saved pipeline extracts what it
extracted when it was saved.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..rules import patterns_dir, use_patterns


def save_rules(path) -> None:
    """The rules in use, copied to `path/patterns`."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    shutil.copytree(patterns_dir(), path / "patterns", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))


def load_rules(path) -> None:
    """Read the rules from `path/patterns` from now on, when the directory holds them."""
    rules = Path(path) / "patterns"
    if rules.is_dir():
        use_patterns(rules)


class RuleComponent:
    """Base of the `indonews_*` components. A subclass reads its rules in `__init__(nlp, name)`.

    The rules are one directory for the whole pipeline: the tokenizer saves it (it is loaded
    first), and the first of our components saves it again beside itself, so that a pipeline
    whose tokenizer is another still carries them; on loading, each reads its rules again.
    """

    nlp = None
    name = ""

    def _keeps_rules(self) -> bool:
        return next(name for name, pipe in self.nlp.pipeline if isinstance(pipe, RuleComponent)) == self.name

    def to_disk(self, path, *, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        if self._keeps_rules():
            save_rules(path)

    def from_disk(self, path, *, exclude=()):
        load_rules(path)
        type(self).__init__(self, self.nlp, self.name)
        return self
