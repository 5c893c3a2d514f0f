"""Benchmark: full extraction against stock spaCy tokenising the same texts, cost against length and
density, start-up, memory.

Timings on a shared machine drift by 2x within a minute, so every comparison is made of paired
rounds in one process (A, B, C, A, B, C...) and the median of the per-round ratios is printed:
ratios, not seconds, are the numbers that travel between machines. `--clock cpu` times CPU
seconds instead of wall seconds: on cores shared with other work a round's wall time says more
about the neighbours than about the code. Sections:

- ratio: full extraction / `spacy.blank("id")` and / `spacy.blank("xx")` tokenising the corpus,
  with the time of each component;
- scaling: the same text cut into documents of 2.5 k to 2.6 M characters, seconds per MB each,
  and where the time goes at the longest;
- density: one sentence with up to 2,000 figures;
- affixes: one chunk made of a run of affixes (`RpRpRp...`), stock spaCy against ours;
- startup: `extractor extract` of one line against a process doing `spacy.blank("id")`, and
  `extractor --version` (separate processes; the prebuilt file is warmed first);
- memory: resident memory while streaming the corpus `--repeat` times over.

    python bench/bench_extract.py ../shared/corpus/real-news.jsonl.gz [--rounds 5] [--only ratio,scaling]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SECTIONS = ("startup", "ratio", "scaling", "density", "affixes", "memory")
LENGTHS = (2_500, 10_000, 40_000, 160_000, 640_000, 2_600_000)
DENSITIES = (10, 100, 500, 2_000)
CLOCK = time.perf_counter  # --clock cpu: time.process_time (see main)


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


def paired(runs: dict, rounds: int) -> dict[str, list[float]]:
    """Seconds of each run per round, the runs taking turns (their order rotates each round)."""
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            start = CLOCK()
            runs[name]()
            times[name].append(CLOCK() - start)
    return times


def median_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b))


def extract_all(texts) -> int:
    from extractor import extract_many

    return sum(len(r["quantities"]) for r in extract_many(({"text": t} for t in texts), max_chars=None, batch_size=64))


def tokenise_all(nlp, texts) -> None:
    for text in texts:
        nlp.make_doc(text)


def components(texts, rounds: int = 1) -> dict[str, float]:
    """Seconds in the tokenizer and each component, best of `rounds`."""
    from extractor.nlp.body import seed_body
    from extractor.nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    nlp.max_length = max(nlp.max_length, max(map(len, texts)) + 1)
    best: dict[str, float] = {}
    for _ in range(rounds):
        spent = dict.fromkeys(["tokenizer"] + nlp.pipe_names, 0.0)
        for text in texts:
            start = CLOCK()
            doc = nlp.make_doc(text)
            seed_body(doc, text)
            spent["tokenizer"] += CLOCK() - start
            for name, proc in nlp.pipeline:
                start = CLOCK()
                doc = proc(doc)
                spent[name] += CLOCK() - start
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    return best


def print_components(spent: dict[str, float], indent: str = "  ") -> None:
    total = sum(spent.values())
    print(indent + "  ".join(f"{name} {seconds:.2f} s ({seconds / total:.0%})" for name, seconds in spent.items()))


def section_ratio(texts: list[str], rounds: int) -> None:
    import spacy

    from extractor.nlp.pipeline import get_pipeline

    chars = sum(map(len, texts))
    print(f"\n== ratio: {len(texts)} articles, {chars / 1e6:.1f} M characters, {rounds} paired rounds")
    stock_id, stock_xx = spacy.blank("id"), spacy.blank("xx")
    for nlp in (stock_id, stock_xx):
        nlp.max_length = max(map(len, texts)) + 1
    get_pipeline().max_length = stock_id.max_length
    # Start-up and each pipeline's first sight of the words (vocabulary growth) are not compared.
    figures = extract_all(texts)
    tokenise_all(stock_id, texts)
    tokenise_all(stock_xx, texts)
    times = paired({"extract": lambda: extract_all(texts), "id": lambda: tokenise_all(stock_id, texts),
                    "xx": lambda: tokenise_all(stock_xx, texts)}, rounds)
    for name, label in (("id", "stock spacy.blank('id') tokenising"), ("xx", "stock spacy.blank('xx') tokenising"),
                        ("extract", f"full extraction ({figures} figures)")):
        print(f"  {label:<40} median {statistics.median(times[name]):6.2f} s   rounds " +
              " ".join(f"{t:.2f}" for t in times[name]))
    id_ratio, xx_ratio = median_ratio(times["extract"], times["id"]), median_ratio(times["extract"], times["xx"])
    print(f"  extraction / blank('id') tokenising: median {id_ratio:.2f}x  (target <= 0.80x)  "
          f"{'ok' if id_ratio <= 0.8 else 'OVER'}")
    print(f"  extraction / blank('xx') tokenising: median {xx_ratio:.2f}x  (target <= 2.00x)  "
          f"{'ok' if xx_ratio <= 2.0 else 'OVER'}")
    print("  where the time goes (one pass):")
    print_components(components(texts), "    ")


def documents_of(text: str, size: int) -> list[str]:
    """`text` cut into documents of about `size` characters, at line breaks where there is one."""
    docs, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            end = cut + 1 if cut > 0 else end
        docs.append(text[start:end])
        start = end
    return docs


def section_scaling(texts: list[str], rounds: int) -> None:
    joined = "\n".join(texts)[: LENGTHS[-1]]
    mb = len(joined) / 1e6
    print(f"\n== scaling: the same {len(joined) / 1e6:.1f} M characters as documents of each length, {rounds} paired rounds")
    sets = {size: documents_of(joined, size) for size in LENGTHS}
    extract_all(sets[LENGTHS[0]])
    times = paired({size: (lambda docs=docs: extract_all(docs)) for size, docs in sets.items()}, rounds)
    print(f"  {'characters/doc':>15} {'docs':>6} {'s/MB':>7} {'vs 2.5k':>8}  (paired median of ratios)")
    for size in LENGTHS:
        per_mb = statistics.median(times[size]) / mb
        ratio = median_ratio(times[size], times[LENGTHS[0]])
        print(f"  {size:>15,} {len(sets[size]):>6} {per_mb:>7.2f} {ratio:>7.2f}x")
    ratio = median_ratio(times[LENGTHS[-1]], times[LENGTHS[0]])
    print(f"  s/MB at {LENGTHS[-1]:,} / at {LENGTHS[0]:,}: {ratio:.2f}x  (target <= 1.30x)  {'ok' if ratio <= 1.3 else 'OVER'}")
    print(f"  where the time goes at {LENGTHS[0]:,} and at {LENGTHS[-1]:,} characters per document:")
    for size in (LENGTHS[0], LENGTHS[-1]):
        print(f"    {size:>9,}:", end="")
        print_components(components(sets[size]), " ")


def dense_sentence(k: int) -> str:
    figures = (f"Rp{i + 1},{i % 10} triliun" if i % 2 == 0 else f"naik {i % 50 + 1},5%" for i in range(k))
    return "Pendapatan perseroan tahun ini tercatat " + ", ".join(figures) + "."


def section_density() -> None:
    print("\n== density: one sentence with k figures")
    print(f"  {'figures':>8} {'found':>6} {'seconds':>8}  per component")
    for k in DENSITIES:
        text = dense_sentence(k)
        spent = components([text])
        from extractor import extract

        found = len(extract(text)["quantities"])
        total = sum(spent.values())
        verdict = "" if k < 2000 else ("  (target < 2 s) " + ("ok" if total < 2 else "OVER"))
        print(f"  {k:>8,} {found:>6,} {total:>8.2f} " + " ".join(f"{n} {s:.2f}" for n, s in spent.items()) + verdict)


def section_affixes() -> None:
    """A run of affixes in one chunk: quadratic in stock spaCy, linear here."""
    import spacy

    from extractor.nlp.pipeline import get_pipeline

    ours, stock = get_pipeline().tokenizer, spacy.blank("id").tokenizer
    print("\n== affix runs: one chunk of 'RpRpRp...' / '%%%...', seconds to tokenise")
    print(f"  {'characters':>11} {'stock id Rp':>12} {'ours Rp':>9} {'ours %':>9}")
    for size in (1_000, 2_000, 4_000, 200_000):
        row = []
        for tokenizer, unit in ((stock, "Rp"), (ours, "Rp"), (ours, "%")):
            if tokenizer is stock and size > 4_000:
                row.append("   (skip)")
                continue
            start = CLOCK()
            tokenizer(unit * (size // len(unit)))
            row.append(f"{CLOCK() - start:9.3f}")
        print(f"  {size:>11,} {row[0]:>12} {row[1]:>9} {row[2]:>9}")


def _run(cmd: list[str]) -> tuple[float, float]:
    """Seconds (wall, or the child's CPU with --clock cpu) and peak resident MB of one process."""
    start = CLOCK()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"error: {' '.join(cmd)}: exit {proc.returncode}")
    seconds = usage.ru_utime + usage.ru_stime if CLOCK is time.process_time else CLOCK() - start
    return seconds, usage.ru_maxrss / 1024


def section_startup(rounds: int) -> None:
    bindir = Path(sys.executable).parent
    cli = str(bindir / "extractor")
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text("Laba bersih naik 12,5% menjadi Rp1,2 triliun di Jakarta.\n", encoding="utf-8")
        cmds = {
            "extract": [cli, "extract", str(one)],
            "blank_id": [sys.executable, "-c", "import spacy; spacy.blank('id')"],
            "version": [cli, "--version"],
        }
        _run(cmds["extract"])  # builds the prebuilt file if it is missing
        print(f"\n== startup: separate processes, {rounds} paired rounds")
        walls: dict[str, list[float]] = {k: [] for k in cmds}
        peaks: dict[str, float] = {}
        for r in range(rounds):
            for name in list(cmds)[r % 3:] + list(cmds)[:r % 3]:
                wall, peak = _run(cmds[name])
                walls[name].append(wall)
                peaks[name] = max(peak, peaks.get(name, 0))
    for name, label in (("blank_id", "python -c 'spacy.blank(\"id\")'"), ("extract", "extractor extract (one line)"),
                        ("version", "extractor --version")):
        print(f"  {label:<34} median {statistics.median(walls[name]):5.2f} s  peak {peaks[name]:4.0f} MB   rounds "
              + " ".join(f"{t:.2f}" for t in walls[name]))
    extra = statistics.median(a - b for a, b in zip(walls["extract"], walls["blank_id"]))
    print(f"  extract - blank('id'): median {extra:+.2f} s  (target <= +0.30 s)  {'ok' if extra <= 0.3 else 'OVER'}")
    version = statistics.median(walls["version"])
    print(f"  --version: median {version:.2f} s  (target < 0.30 s)  {'ok' if version < 0.3 else 'OVER'}")


def section_memory(texts: list[str], repeat: int) -> None:
    from extractor import extract_many

    print(f"\n== memory: streaming the corpus {repeat}x")
    after = []
    for round_ in range(repeat):
        for _ in extract_many(({"text": t} for t in texts), max_chars=None, batch_size=64):
            pass
        after.append(rss_mb())
        print(f"  resident memory after {round_ + 1}x the corpus: {after[-1]:.0f} MB")
    import resource

    print(f"  peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if len(after) > 1:
        print(f"  growth from 1x to {repeat}x: {after[-1] - after[0]:+.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, help="use the first N articles")
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds per comparison (the median is kept)")
    parser.add_argument("--repeat", type=int, default=4, help="stream the corpus this many times for the memory check")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run, of {','.join(SECTIONS)}")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall: elapsed time; cpu: this process's CPU time (children's for start-up), "
                             "steadier when other work shares the cores")
    args = parser.parse_args()
    if args.clock == "cpu":
        global CLOCK
        CLOCK = time.process_time
    if not args.corpus.exists():
        print(f"error: {args.corpus}: no such file", file=sys.stderr)
        return 1
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        print(f"error: --only: unknown section(s) {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    texts = load_texts(args.corpus, args.limit)
    if "startup" in only:
        section_startup(args.rounds)  # first, while this process has loaded nothing heavy
    if "ratio" in only:
        section_ratio(texts, args.rounds)
    if "scaling" in only:
        section_scaling(texts, max(3, args.rounds - 2))
    if "density" in only:
        section_density()
    if "affixes" in only:
        section_affixes()
    if "memory" in only:
        section_memory(texts, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
