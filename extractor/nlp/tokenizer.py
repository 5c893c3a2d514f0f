"""The tokenizer: spaCy's Indonesian rules plus ours from `patterns/tokenizer.toml`, arranged so
that it splits exactly as a stock spaCy tokenizer with those rules would, at a fraction of the cost
and in time linear in the text.

Registered as `indonews.tokenizer.v1`, so that a pipeline config can name it; its `patterns_dir`
setting points the whole pipeline at a copy of the rules (it is built before the components).

Why the arrangement, each point measured on 5,271 real articles:
- spaCy stops caching a document's chunks once one of them hit a special case (its issue #1250),
  and `\\n` is one: most chunks went through the affix regexes again in every document. Special
  cases that only keep a chunk whole (15,700 hyphenated words such as `masing-masing`) become a
  `token_match` set, and the infix splitter keeps them whole where spaCy's special-case matcher
  would have re-joined them (`year-on-year/yoy`); whitespace and lone characters (`'`, `—`)
  need no rule at all, spaCy splits them alike without.
- The cache holds the chunks of a whole batch of news (spaCy's default is 10,000).
- A run of affixes (`%%%%...`, `RpRpRp...`) costs spaCy a regex search over the whole chunk per
  affix, quadratic in the run: suffixes are searched near the end only, and a chunk longer than
  `LONG_CHUNK` characters (the longest in real news is about 250) is tokenised in pieces.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

try:  # Python 3.11 renamed the module; both give a pattern's possible widths
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

from ..rules import read_toml, use_patterns

LONG_CHUNK = 1000
CACHE_SIZE = 250_000  # chunks; 5,000 articles hold ~120,000 distinct ones, ~10 MB of cache
ORTH, NORM = 65, 67  # spaCy's attribute ids, as the exception tables use them


def compile_prefix_regex(entries: list[str]) -> re.Pattern:
    """Like spaCy's, but one anchor for the whole alternation.

    spaCy writes `^a|^b|...`; Python's `re` cannot see that as anchored and retries the search at
    every character of the token. `^(?:a|b|...)` matches the same prefixes at a fraction of the cost.
    """
    return re.compile("^(?:" + "|".join(piece for piece in entries if piece.strip()) + ")")


def suffix_window(entries: list[str]) -> int | None:
    """How many characters from the end every suffix match starts, runs of one character aside;
    None when some pattern has no such bound."""
    widest = 0
    for entry in entries:
        high = sre_parse.parse(entry).getwidth()[1]
        if high >= sre_parse.MAXREPEAT or high > 64:
            if not re.fullmatch(r"(\\?.)\1\+", entry):
                return None
        else:
            widest = max(widest, high)
    return widest + 4


class TailSearch:
    """`suffix_search` that looks at the last characters of a chunk only, with the same result.

    Every suffix pattern but runs of one character (`\\.\\.+`) is a few characters wide, so a
    match starts near the end; a search from `len - window` (lookbehinds still see the characters
    before it) finds the same match unless it starts right at the window, where only a run can
    reach further left, and then the whole chunk is searched."""

    def __init__(self, regex: re.Pattern, window: int | None):
        self.regex = regex
        self.window = window

    def __call__(self, text: str):
        window = self.window
        if window is None or len(text) <= window:
            return self.regex.search(text)
        start = len(text) - window
        match = self.regex.search(text, start)
        if match is not None and match.start() == start:
            return self.regex.search(text)
        return match


class _Cut:
    """A zero-width infix match: a token boundary."""

    __slots__ = ("at",)

    def __init__(self, at: int):
        self.at = at

    def start(self) -> int:
        return self.at

    end = start


def _pieces(text: str, matches) -> list[tuple[int, int]]:
    """The tokens spaCy makes of `text` from its infix matches (Tokenizer._attach_tokens)."""
    spans, start = [], 0
    for match in matches:
        a, b = match.start(), match.end()
        if a == 0:
            continue
        if a != start:
            spans.append((start, a))
        if a != b:
            spans.append((a, b))
        start = b
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def keep_whole_patterns(finditer: Callable, words: Iterable[str]) -> set[tuple[str, ...]]:
    """The pieces spaCy's infix rules would split each word into, for the words that split."""
    patterns = set()
    for word in words:
        pieces = tuple(word[a:b] for a, b in _pieces(word, finditer(word)))
        if len(pieces) > 1:
            patterns.add(pieces)
    return patterns


class KeepWhole:
    """`infix_finditer` that keeps whole the words listed as exceptions.

    spaCy re-joins such a word after splitting (its special-case matcher) wherever the infix split
    of a chunk yields the word's pieces in a row; doing it here, with the matcher's own rule for
    overlaps (longest first, then the earlier one), gives the same tokens and lets the chunk be cached."""

    def __init__(self, finditer: Callable, patterns: set[tuple[str, ...]]):
        self.finditer = finditer
        self.patterns = patterns
        self.first = frozenset(p[0] for p in self.patterns)
        self.sizes = sorted({len(p) for p in self.patterns})

    def __call__(self, text: str):
        matches = list(self.finditer(text))
        if not matches:
            return matches
        spans = _pieces(text, matches)
        words = [text[a:b] for a, b in spans]
        found = []
        for i, word in enumerate(words):
            if word in self.first:
                found += [(n, i) for n in self.sizes if i + n <= len(words) and tuple(words[i:i + n]) in self.patterns]
        if not found:
            return matches
        seen: set[int] = set()
        keep = []
        for n, i in sorted(found, key=lambda f: (-f[0], f[1])):
            if i not in seen and i + n - 1 not in seen:
                keep.append((i, i + n))
            seen.update(range(i, i + n))
        joined = {i: j for i, j in keep}
        cuts, i = [], 0
        while i < len(spans):
            j = joined.get(i, i + 1)
            cuts.append(spans[i][0])
            i = j
        return [_Cut(at) for at in cuts if at > 0]


class NewsTokenizer(Tokenizer):
    """spaCy's tokenizer with long chunks tokenised in pieces (see the module docstring)."""

    _long = re.compile(r"(?<!\S)\S{%d}\S*" % LONG_CHUNK)
    _space = re.compile(r"\s")

    def _may_hold_long_chunk(self, text: str) -> bool:
        """False when no chunk of `text` reaches LONG_CHUNK characters, told without reading it all:
        such a chunk covers a whole aligned block of half that length, and a block with a space in
        it is told by a search that stops at its first space (10x cheaper than `_long` on news)."""
        half, space = LONG_CHUNK // 2, self._space.search
        return any(space(text, at, at + half) is None for at in range(0, len(text) - half + 1, half))

    def __call__(self, text: str) -> Doc:
        if len(text) < LONG_CHUNK or not self._may_hold_long_chunk(text) or self._long.search(text) is None:
            return super().__call__(text)
        whole = super().__call__
        docs, pos = [], 0
        for match in self._long.finditer(text):
            if match.start() > pos:
                docs.append(whole(text[pos:match.start()]))
            end = match.end() + (text[match.end():match.end() + 1] == " ")  # its space, as spaCy attaches it
            for at in range(match.start(), match.end(), LONG_CHUNK):
                stop = at + LONG_CHUNK
                docs.append(whole(text[at:stop if stop < match.end() else end]))
            pos = end
        if pos < len(text):
            docs.append(whole(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    # Saved and loaded as rules, not as regexes: its searchers are not plain regex methods, and
    # the rules say everything it is. A saved pipeline carries them (see nlp/component.py); loading
    # reads them and builds the same tokenizer again.
    def to_disk(self, path, **kwargs) -> None:
        from .component import save_rules

        save_rules(path)

    def from_disk(self, path, **kwargs):
        from .component import load_rules

        load_rules(path)
        return self._rebuilt()

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self._rebuilt()

    def _rebuilt(self):
        """Self with every setting of a tokenizer built now from the rules in use."""
        from types import SimpleNamespace

        from spacy.util import get_lang_class

        fresh = build_tokenizer(SimpleNamespace(vocab=self.vocab, lang=self.vocab.lang,
                                                Defaults=get_lang_class(self.vocab.lang).Defaults))
        for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match", "rules",
                     "max_cache_size"):
            setattr(self, name, getattr(fresh, name))
        return self


def split_exceptions(exceptions: dict, tokenizer: Tokenizer) -> tuple[dict, frozenset[str]]:
    """The exceptions a Tokenizer still needs as special cases, and the words it can keep whole
    by `token_match` instead.

    A special case that only names its chunk as one token (and no attribute but its text) changes
    nothing but the caching when spaCy would make that one token anyway: whitespace (spaCy makes one
    token of a space run by itself; the NORM of `\\xa0` is kept on its lexeme), a single character
    that no affix rule reads as the start of something longer (`'`, `—`), and a word with no affix
    at either end that only infixes would split (`masing-masing`: `token_match` keeps it whole)."""
    rules, whole = {}, set()
    for chunk, tokens in exceptions.items():
        attrs = set(tokens[0]) if len(tokens) == 1 else {None}
        if chunk.isspace() and attrs <= {ORTH, "ORTH", NORM, "NORM"}:
            continue
        if attrs <= {ORTH, "ORTH"}:
            if len(chunk) == 1 and _alone(chunk, tokenizer):
                continue
            if not tokenizer.find_prefix(chunk) and not tokenizer.find_suffix(chunk):
                whole.add(chunk)
                continue
        rules[chunk] = tokens
    return rules, frozenset(whole)


def _alone(char: str, tokenizer: Tokenizer) -> bool:
    """spaCy makes `char` one token without a rule for it, and no prefix starting with it reaches
    into what follows (else a special case for it would cut such a prefix short)."""
    if [t.text for t in tokenizer(char)] != [char]:
        return False
    probes = [char + chr(c) for c in range(0x20, 0x3000)] + [char * 2, char * 3]
    return all(tokenizer.find_prefix(probe + "x") <= 1 for probe in probes)


def _space_norms(exceptions: dict) -> dict[str, str]:
    """NORMs the whitespace exceptions set (`\\xa0` reads as two spaces), kept on the lexeme."""
    return {chunk: tokens[0].get(NORM, tokens[0].get("NORM")) for chunk, tokens in exceptions.items()
            if chunk.isspace() and len(tokens) == 1 and (NORM in tokens[0] or "NORM" in tokens[0])}


def _affixes(nlp) -> tuple[list[str], list[str], list[str]]:
    rules = read_toml("tokenizer.toml")
    defaults = nlp.Defaults
    return (list(rules["prefixes"]) + list(defaults.prefixes), list(rules["suffixes"]) + list(defaults.suffixes),
            list(rules["infixes"]) + list(defaults.infixes))


def _tables(nlp, prefix_search, suffix_search, infix_finditer, suffixes: list[str]) -> dict:
    """What the tokenizer is built from besides its regexes: a second of work over 16,000
    exceptions, so it is prebuilt (see `extractor.prebuilt`)."""
    probe = Tokenizer(nlp.vocab, prefix_search=prefix_search, suffix_search=suffix_search)
    exceptions = nlp.Defaults.tokenizer_exceptions
    special, whole = split_exceptions(exceptions, probe)
    return {"special": special, "whole": whole, "keep_whole": keep_whole_patterns(infix_finditer, whole),
            "suffix_window": suffix_window(suffixes), "space_norms": _space_norms(exceptions)}


def build_tokenizer(nlp) -> NewsTokenizer:
    from spacy import about

    from .. import prebuilt

    prefixes, suffixes, infixes = _affixes(nlp)
    prefix_search = compile_prefix_regex(prefixes).search
    suffix_regex = compile_suffix_regex(suffixes)
    infix_finditer = compile_infix_regex(infixes).finditer
    tables = prebuilt.load(
        f"tokenizer-{nlp.lang}",
        lambda: _tables(nlp, prefix_search, TailSearch(suffix_regex, None), infix_finditer, suffixes),
        inputs=f"spacy {about.__version__}",
    )
    whole = tables["whole"]
    base_match = nlp.Defaults.token_match
    token_match = whole.__contains__ if base_match is None else (lambda s: s in whole or base_match(s))
    for chunk, norm in tables["space_norms"].items():
        nlp.vocab[chunk].norm_ = norm
    tokenizer = NewsTokenizer(
        nlp.vocab,
        rules=tables["special"],
        prefix_search=prefix_search,
        suffix_search=TailSearch(suffix_regex, tables["suffix_window"]),
        infix_finditer=KeepWhole(infix_finditer, tables["keep_whole"]),
        token_match=token_match,
        url_match=nlp.Defaults.url_match,
    )
    tokenizer.max_cache_size = CACHE_SIZE
    return tokenizer


@registry.tokenizers("indonews.tokenizer.v1")
def create_news_tokenizer(patterns_dir: str | None = None):
    def make(nlp) -> NewsTokenizer:
        if patterns_dir:
            use_patterns(patterns_dir)
        return build_tokenizer(nlp)

    return make
