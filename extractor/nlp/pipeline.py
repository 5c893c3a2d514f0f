"""Build the extraction pipeline once: spaCy's blank Indonesian with our tokenizer and components."""
from __future__ import annotations

import spacy
from spacy.language import Language

from ..rules import cached
from . import meaning, officials, quantities, regions, relations, sentences, tokenizer  # noqa: F401  (registers the tokenizer and factories)

TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "extractor.news_tokenizer.v1"}}}


def build_pipeline() -> Language:
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    nlp.add_pipe("news_sentences")
    nlp.add_pipe("quantities")
    nlp.add_pipe("figure_meaning")
    nlp.add_pipe("figure_relations")
    nlp.add_pipe("regions")
    nlp.add_pipe("officials")
    return nlp


@cached
def get_pipeline() -> Language:
    """The shared pipeline; building it reads `patterns/`, so do it once per process."""
    return build_pipeline()


@cached
def pipeline_version() -> str:
    """The package version plus a digest of every rule file: rules change results as much as code
    does, so a store can tell which extractions a newer pipeline would redo."""
    import hashlib

    from .. import __version__
    from ..rules import patterns_dir

    root = patterns_dir()

    digest = hashlib.sha1()
    for path in sorted(root.rglob("*.toml")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"
