"""A doc's token strings as plain Python lists, made once per doc and shared by the components.

`doc[i].lower_` builds a Token object on every call (about 0.3 µs); the rules read the same few
tokens around each figure many times. `doc_words(doc).lower[i]` is a list index: each token's text
is cut from the doc's text at the offset and length one `doc.to_array` gives (a slice costs 0.7x a
vocabulary lookup), once per token. Indexes a few tokens
outside the doc read as "" (the lists end in PAD empty strings, which negative indexes down to
-PAD also reach), so rules looking one or two tokens past either end need no bounds test.
"""
from __future__ import annotations

import weakref
from itertools import chain

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from . import body  # noqa: F401  (registers doc._.body)

PAD = 64  # further than any rule looks past either end of the doc

_WORDS: "weakref.WeakKeyDictionary[Doc, DocWords]" = weakref.WeakKeyDictionary()


class DocWords:
    """`words.lower` and `words.text`: lists of the doc's tokens (+ PAD ""), each built on first use."""

    def __init__(self, doc: Doc):
        self.doc = weakref.ref(doc)
        self.n = len(doc)
        self._lower: list[str] | None = None
        self._text: list[str] | None = None
        self._where: dict[str, list[int]] | None = None

    @property
    def text(self) -> list[str]:
        if self._text is None:
            doc = self.doc()
            self._text = []
            if self.n:
                text, at = doc._.body, doc.to_array([IDX, LENGTH])
                self._text = [text[a:b] for a, b in zip(at[:, 0].tolist(), (at[:, 0] + at[:, 1]).tolist())]
            self._text.extend([""] * PAD)
        return self._text

    @property
    def lower(self) -> list[str]:
        # a lexeme's LOWER is its text's str.lower() (spaCy's lex_attrs), 4x cheaper than a lookup
        if self._lower is None:
            self._lower = [word.lower() for word in self.text]
        return self._lower

    @property
    def where(self) -> dict[str, list[int]]:
        """Each lower-cased word -> the tokens that read so, ascending (one pass per doc; do not modify)."""
        if self._where is None:
            where: dict[str, list[int]] = {}
            get = where.get
            for t, word in enumerate(self.lower[: self.n]):
                at = get(word)
                if at is None:
                    where[word] = [t]
                else:
                    at.append(t)
            self._where = where
        return self._where

    def positions(self, words) -> list[int]:
        """The tokens whose lower-cased form is one of `words`, ascending: a cue's occurrences
        without a pass over the doc (do not modify the list)."""
        where = self.where
        found = [where[w] for w in where.keys() & words]
        if len(found) == 1:
            return found[0]
        return sorted(chain.from_iterable(found))


def doc_words(doc: Doc) -> DocWords:
    """The doc's shared `DocWords` (made again if the doc was retokenised since)."""
    words = _WORDS.get(doc)
    if words is None or words.n != len(doc):
        words = _WORDS[doc] = DocWords(doc)
    return words
