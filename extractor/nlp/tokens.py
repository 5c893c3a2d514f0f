"""A doc's token strings as plain Python lists, made once per doc and shared by the components.

`doc[i].lower_` builds a Token object on every call (about 0.3 µs); the rules read the same few
tokens around each figure many times. `doc_words(doc).lower[i]` is a list index: the hashes come
from one `doc.to_array` and each string from the vocabulary once per token. Indexes a few tokens
outside the doc read as "" (the lists end in PAD empty strings, which negative indexes down to
-PAD also reach), so rules looking one or two tokens past either end need no bounds test.
"""
from __future__ import annotations

import weakref

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc

PAD = 64  # further than any rule looks past either end of the doc

_WORDS: "weakref.WeakKeyDictionary[Doc, DocWords]" = weakref.WeakKeyDictionary()


class DocWords:
    """`words.lower` and `words.text`: lists of the doc's tokens (+ PAD ""), each built on first use."""

    def __init__(self, doc: Doc):
        self.doc = weakref.ref(doc)
        self.n = len(doc)
        self._lower: list[str] | None = None
        self._text: list[str] | None = None

    def _strings(self, attr) -> list[str]:
        doc = self.doc()
        words = list(map(doc.vocab.strings.__getitem__, doc.to_array(attr).tolist())) if self.n else []
        words.extend([""] * PAD)
        return words

    @property
    def lower(self) -> list[str]:
        if self._lower is None:
            self._lower = self._strings(LOWER)
        return self._lower

    @property
    def text(self) -> list[str]:
        if self._text is None:
            self._text = self._strings(ORTH)
        return self._text


def doc_words(doc: Doc) -> DocWords:
    """The doc's shared `DocWords` (made again if the doc was retokenised since)."""
    words = _WORDS.get(doc)
    if words is None or words.n != len(doc):
        words = _WORDS[doc] = DocWords(doc)
    return words
