"""Build the extraction pipeline once: spaCy's blank Indonesian with our tokenizer and components."""
from __future__ import annotations

import spacy
from spacy.language import Language

from ..rules import cached
from . import meaning, officials, quantities, regions, relations, sentences, tokenizer  # noqa: F401  (registers the tokenizer and factories)

COMPONENTS = ("news_sentences", "quantities", "figure_meaning", "figure_relations", "regions", "officials")


def build_pipeline(patterns_dir: str | None = None) -> Language:
    """spaCy's blank Indonesian with our tokenizer and the `indonews_*` components, named
    without the namespace (`nlp.get_pipe("quantities")`). `patterns_dir` reads a copy of the rules."""
    tokenizer = {"@tokenizers": "indonews.tokenizer.v1", "patterns_dir": patterns_dir}
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": tokenizer}})
    for name in COMPONENTS:
        nlp.add_pipe(f"indonews_{name}", name=name)
    return nlp


@cached
def get_pipeline() -> Language:
    """The shared pipeline; building it reads `patterns/`, so do it once per process (and again
    after `rules.use_patterns`)."""
    return build_pipeline()


@cached
def pipeline_version() -> str:
    """The package version plus a digest of every rule file: rules change results as much as code
    does, so a store can tell which extractions a newer pipeline would redo."""
    import hashlib

    from ..version import __version__
    from ..rules import patterns_dir

    root = patterns_dir()
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*.toml")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"
