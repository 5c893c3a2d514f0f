"""Near-duplicate stories: the same text syndicated or republished (ANTARA copy in a regional
paper, a story updated under a new URL) is one story.

Each body gets a MinHash signature of its word 5-gram shingles (datasketch); LSH finds candidate
pairs, the estimated Jaccard similarity decides, and linked articles form one story (connected
components). A story's id is its smallest article id and its other articles are `duplicate`, so
the result does not depend on the order articles arrived in.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5          # words per shingle
MIN_SHINGLES = 20    # shorter bodies are never linked: too little text to tell
THRESHOLD = 0.7      # estimated Jaccard similarity of shingle sets for the same story
_WORD = re.compile(r"\w+")
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations  # drawn once, not per article


def signature(text: str) -> bytes | None:
    """The MinHash signature of a body (None for a body too short to compare)."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMUTATIONS)
    m.update_batch([s.encode("utf-8", "surrogatepass") for s in shingles])
    return m.hashvalues.astype("<u8").tobytes()


def stories(signatures: Iterable[tuple[str, bytes | None]]) -> dict[str, tuple[str, bool]]:
    """article id -> (story id, duplicate) for every article given."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for aid, blob in signatures:
        parent[aid] = aid
        if blob is None:
            continue
        m = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(blob, dtype="<u8"), permutations=_PERMUTATIONS)
        for other in lsh.query(m):
            if m.jaccard(hashes[other]) >= THRESHOLD:
                a, b = root(aid), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        lsh.insert(aid, m)
        hashes[aid] = m
    out = {}
    for aid in parent:
        story = root(aid)
        out[aid] = (story, story != aid)
    return out
