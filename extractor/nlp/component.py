"""What our pipeline components share: their rules come from the patterns directory, and a saved
pipeline carries a copy of them.

`nlp.to_disk(path)` writes the rule files beside the first component; `spacy.load(path)` builds
the components, then `from_disk` points the process at the saved copy and each component reads its
rules again, so a saved pipeline extracts what it extracted when it was saved.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..rules import patterns_dir, use_patterns


class RuleComponent:
    """Base of the `indonews_*` components. A subclass reads its rules in `__init__(nlp, name)`.

    The rules are one directory for the whole pipeline: the first of our components in the pipeline
    saves it (`patterns/` in its directory) and, when loaded, points the process at it before the
    components read their rules again in pipeline order.
    """

    nlp = None
    name = ""

    def _keeps_rules(self) -> bool:
        return next(name for name, pipe in self.nlp.pipeline if isinstance(pipe, RuleComponent)) == self.name

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self._keeps_rules():
            shutil.copytree(patterns_dir(), path / "patterns", dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.py", "__pycache__"))

    def from_disk(self, path, *, exclude=()):
        rules = Path(path) / "patterns"
        if rules.is_dir():
            use_patterns(rules)
        type(self).__init__(self, self.nlp, self.name)
        return self
