"""Token strings read on demand, each once per doc: a rule looking around a figure reads the same
few tokens many times, and `doc[i].lower_` builds a Token object every time."""
from spacy.tokens import Doc


class TokenStrings:
    """`strings.lower(i)`, `strings.text(i)`; an index outside the doc reads as ""."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.n = len(doc)
        self._lower: dict[int, str] = {}
        self._text: dict[int, str] = {}

    def lower(self, i: int) -> str:
        word = self._lower.get(i)
        if word is None:
            word = self._lower[i] = self.doc[i].lower_ if 0 <= i < self.n else ""
        return word

    def text(self, i: int) -> str:
        word = self._text.get(i)
        if word is None:
            word = self._text[i] = self.doc[i].text if 0 <= i < self.n else ""
        return word

    __getitem__ = lower
