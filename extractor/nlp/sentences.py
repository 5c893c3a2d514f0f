"""`news_sentences`: sentence starts from punctuation and line breaks, cheaply.

News bodies are short paragraphs; a full parser is not needed to find where a sentence ends.
A sentence ends at `.`, `!` or `?` followed by a space and not preceded by a known abbreviation,
and at every line break.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..rules import read_toml
from . import body  # noqa: F401  (registers doc._.body)
from .component import RuleComponent

# `[.!?]+["'”’)\]]*\s+|\n+`, written to start with one character class so that `re` skips ahead
# to the candidates instead of trying both branches at every character (3x faster, same matches),
# and only at the start of a run of end marks, so that a long run is read once, not once per mark.
# The "not after an end mark" test is a lookbehind placed after the class: before it, `re` could not
# skip ahead and tried the pattern at every character (3x slower on real news, same matches).
SENTENCE_END = re.compile(r"[.!?\n](?<![.!?].)(?:(?<=\n)\n*|[.!?]*[\"'”’)\]]*\s+)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NOT_START = numpy.uint64(2**64 - 1)  # -1 (int32) read as uint64, as from_array wants

if not Doc.has_extension("sent_starts"):
    Doc.set_extension("sent_starts", default=None)  # token indices where sentences start


@Language.factory("indonews_news_sentences", requires=[], assigns=["token.is_sent_start", "doc._.sent_starts"])
def make_news_sentences(nlp: Language, name: str):
    return NewsSentences(nlp, name)


class NewsSentences(RuleComponent):
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        # Words that end with a dot but do not end a sentence (patterns/context.toml); how far back
        # to look for one: a character more than the longest (a longer word is no abbreviation).
        self.abbreviations = frozenset(read_toml("context.toml")["sentence_abbreviations"])
        self.reach = max(map(len, self.abbreviations)) + 1
        # Their last characters: a word whose lower case is one of them ends with one of these, lower-cased
        # alone, so most words before a dot need no search. (True when they are ASCII: a character whose
        # lower case holds ASCII lowers to one character; else every dot is searched.) Plus "\n": the
        # search's `$` also matches before a newline ending the window ("Dr\n." reads "Dr").
        ascii_only = all(word.isascii() for word in self.abbreviations)
        self.last_chars = frozenset([word[-1] for word in self.abbreviations] + ["\n"]) if ascii_only else None

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        u = doc._  # one Underscore object for the body and the starts
        text = u.body
        ends = []
        append = ends.append
        reach, last_chars, abbreviations = self.reach, self.last_chars, self.abbreviations
        for m in SENTENCE_END.finditer(text):
            start, end = m.span()
            if text[start] == "." and (last_chars is None or text[start - 1].lower() in last_chars):
                word = _WORD_BEFORE.search(text, max(0, start - reach), start)
                if word and word.group(1).lower() in abbreviations:
                    continue
            append(end)
        n = len(doc)
        # The token at or after each end; the ends ascend, so these do too and repeats are neighbours:
        # a plain pass keeps the first of each below n (what numpy.unique and a mask gave, in a few
        # numpy calls fewer: on a doc of a few dozen sentences each call costs more than the work).
        starts = [0]
        for t in doc.to_array(IDX).searchsorted(ends).tolist():
            if t >= n:
                break
            if t != starts[-1]:
                starts.append(t)
        # one conversion of the list: the array indexes the flags and is the doc's sent_starts
        # (a list as an index is converted again, 2 µs of a doc's 5)
        at = numpy.array(starts, dtype="int64")
        flags = numpy.empty(n, dtype="uint64")
        flags.fill(_NOT_START)  # -1 as SENT_START stores it
        flags[at] = 1
        doc.from_array([SENT_START], flags)
        u.sent_starts = at
        return doc

