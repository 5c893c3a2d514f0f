"""Benchmark: building a store from a corpus (`extractor ingest`), each run a fresh process.

- Throughput with 2 worker processes against 1, as a ratio. Each is measured on the corpus
  twice over and on its first 200 articles; the difference of the two runs cancels the start-up
  (imports, pipeline build, pool start), which does not depend on the corpus size. The
  end-to-end ratio of the long runs is printed as well.
- Peak memory (max RSS) of one process ingesting the corpus 1x and 4x over (distinct ids).

    python bench/bench_store.py ../shared/corpus/real-news.jsonl.gz
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ("import resource, sys; from extractor.cli import main; code = main(sys.argv[1:]); "
       "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)")


def copies(src: Path, out: Path, times: int, limit: int | None = None) -> int:
    """`times` copies of the corpus with distinct ids (the first `limit` articles only, if given)."""
    n = 0
    with gzip.open(out, "wt", encoding="utf-8") as dst:
        for k in range(times):
            with gzip.open(src, "rt", encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if limit and i >= limit:
                        break
                    article = json.loads(line)
                    article["id"] = f"{article.get('id') or i}#{k}"
                    dst.write(json.dumps(article, ensure_ascii=False) + "\n")
                    n += 1
    return n


def ingest(corpus: Path, workers: int, tmp: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB, of the main process) of one ingest into a fresh store."""
    db = tmp / f"bench-{workers}-{corpus.stem}.db"
    for f in tmp.glob(db.name + "*"):
        f.unlink()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, "ingest", str(corpus), "--db", str(db), "--workers", str(workers)],
                          cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"ingest failed: {done.stderr.strip().splitlines()[-1]}")
    rss = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("MAXRSS")) / 1024
    return seconds, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        short, long = tmp / "short.jsonl.gz", tmp / "double.jsonl.gz"
        n_short, n_long = copies(args.corpus, short, 1, limit=200), copies(args.corpus, long, 2)
        rate = {}
        for workers in (1, 2):
            t_short, _ = ingest(short, workers, tmp)
            t_long, _ = ingest(long, workers, tmp)
            rate[workers] = (n_long - n_short) / (t_long - t_short)
            print(f"{workers} worker(s): {n_long} articles in {t_long:.1f} s, {n_short} in {t_short:.1f} s; "
                  f"steady {rate[workers]:.0f} articles/s, end to end {n_long / t_long:.0f} articles/s")
            rate[f"e2e{workers}"] = n_long / t_long
        print(f"throughput 2 workers / 1 process: {rate[2] / rate[1]:.2f}x steady, "
              f"{rate['e2e2'] / rate['e2e1']:.2f}x end to end (target >= 1.7)")
        if args.skip_memory:
            return 0
        peaks = {}
        for times in (1, 4):
            corpus = tmp / f"x{times}.jsonl.gz"
            n = copies(args.corpus, corpus, times)
            seconds, peaks[times] = ingest(corpus, 1, tmp)
            print(f"{times}x corpus: {n} articles into a store in {seconds:.0f} s, peak RSS {peaks[times]:.0f} MB")
        print(f"peak memory 4x / 1x: {peaks[4] / peaks[1]:.2f} (flat is 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
