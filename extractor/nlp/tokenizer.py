"""The tokenizer: spaCy's Indonesian rules plus ours from `patterns/tokenizer.toml`.

Registered as `indonews.tokenizer.v1`, so that a pipeline config can name it; its `patterns_dir`
setting points the whole pipeline at a copy of the rules (it is built before the components).

spaCy peels affixes off a whitespace-free run one at a time, and each peel searches the suffix
pattern over the whole rest of the run: a run of prefixes (`RpRpRp...`, `((((...`) costs the
square of its length (stock `blank("id")` takes 15 s on `"Rp" * 5000`). Here the suffix search
looks only at the run's tail, and runs longer than `MAX_RUN` characters are tokenized in pieces,
so the cost stays linear in the text; ordinary words and URLs are far shorter and untouched.
"""
from __future__ import annotations

import re

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

from ..rules import read_toml, use_patterns

MAX_RUN = 500    # characters without whitespace tokenized in one go
SUFFIX_TAIL = 100  # a suffix is found among a run's last characters (suffixes are a few characters)


def compile_prefix_regex(entries: list[str]) -> re.Pattern:
    """Like spaCy's, but one anchor for the whole alternation.

    spaCy writes `^a|^b|...`; Python's `re` cannot see that as anchored and retries the search at
    every character of the token. `^(?:a|b|...)` matches the same prefixes at a fraction of the cost.
    """
    return re.compile("^(?:" + "|".join(piece for piece in entries if piece.strip()) + ")")


class TailSearch:
    """`pattern.search` started `SUFFIX_TAIL` characters before the end (lookbehinds still see the
    characters before): the same suffix as a full search for any suffix shorter than that."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.__self__ = pattern  # spaCy's serializer reads `suffix_search.__self__.pattern`

    def __call__(self, text: str):
        return self.__self__.search(text, max(0, len(text) - SUFFIX_TAIL))


class NewsTokenizer(Tokenizer):
    """spaCy's tokenizer, with whitespace-free runs over `MAX_RUN` characters cut into pieces."""

    def __call__(self, text: str) -> Doc:
        if len(text) <= MAX_RUN or max(map(len, text.split()), default=0) <= MAX_RUN:
            return super().__call__(text)
        docs, start = [], 0
        for m in re.finditer(r"\S+", text):
            if m.end() - m.start() <= MAX_RUN:
                continue
            if start < m.start():
                docs.append(super().__call__(text[start : m.start()]))
            end = m.end() + (text[m.end() : m.end() + 1] == " ")  # the space after is the last token's
            for at in range(m.start(), m.end(), MAX_RUN):
                docs.append(super().__call__(text[at : end if at + MAX_RUN >= m.end() else at + MAX_RUN]))
            start = end
        if start < len(text):
            docs.append(super().__call__(text[start:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


@registry.tokenizers("indonews.tokenizer.v1")
def create_news_tokenizer(patterns_dir: str | None = None):
    def make(nlp) -> Tokenizer:
        if patterns_dir:
            use_patterns(patterns_dir)
        rules = read_toml("tokenizer.toml")
        defaults = nlp.Defaults
        prefixes = list(rules["prefixes"]) + list(defaults.prefixes)
        suffixes = list(rules["suffixes"]) + list(defaults.suffixes)
        infixes = list(rules["infixes"]) + list(defaults.infixes)
        return NewsTokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(prefixes).search,
            suffix_search=TailSearch(compile_suffix_regex(suffixes)),
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make
