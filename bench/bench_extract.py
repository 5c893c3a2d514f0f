"""Benchmark: full extraction against stock `spacy.blank("id")` tokenisation of the same texts.

Prints articles per second of both, their ratio (the number that matters: it does not depend on
the machine), and the resident memory while streaming the corpus `--repeat` times over.

    python bench/bench_extract.py ../shared/corpus/real-news.jsonl.gz [--limit N] [--repeat K]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from extractor import extract_many  # noqa: E402
from extractor.nlp.pipeline import get_pipeline  # noqa: E402


def load_texts(path: Path, limit: int | None) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    texts = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
            if limit and len(texts) >= limit:
                break
    return texts


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_tokenize(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - start


def time_extract(texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    for record in extract_many(({"text": t} for t in texts), max_chars=None, batch_size=64):
        n += len(record["quantities"])
    return time.perf_counter() - start, n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, help="use the first N articles")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the best of each is kept")
    parser.add_argument("--repeat", type=int, default=4, help="stream the corpus this many times for the memory check")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"error: {args.corpus}: no such file", file=sys.stderr)
        return 1
    texts = load_texts(args.corpus, args.limit)
    stock = spacy.blank("id")
    stock.max_length = max(map(len, texts)) + 1
    # Start-up and the first sight of each word (vocabulary growth) are not what we compare:
    # both pipelines see the corpus once before the timed rounds.
    get_pipeline()
    time_tokenize(stock, texts)
    time_extract(texts)
    chars = sum(map(len, texts))
    print(f"corpus: {len(texts)} articles, {chars / 1e6:.1f} M characters")

    tok, ext, figures = float("inf"), float("inf"), 0
    for _ in range(args.rounds):
        tok = min(tok, time_tokenize(stock, texts))
        seconds, figures = time_extract(texts)
        ext = min(ext, seconds)
    print(f"stock spacy.blank('id') tokenising : {len(texts) / tok:8.0f} articles/s")
    print(f"full extraction                    : {len(texts) / ext:8.0f} articles/s  ({figures} figures)")
    print(f"ratio extraction / tokenising      : {ext / tok:8.2f}x  (target <= 2.00x)")

    after_pass = []
    for round_ in range(args.repeat):
        for _ in extract_many(({"text": t} for t in texts), max_chars=None, batch_size=64):
            pass
        after_pass.append(rss_mb())
        print(f"resident memory after {round_ + 1}x the corpus: {after_pass[-1]:.0f} MB")
    if len(after_pass) > 1:
        print(f"memory growth from 1x to {args.repeat}x: {after_pass[-1] - after_pass[0]:+.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
