"""Extraction on a Dask cluster: chunks of articles go to the workers, each writes its chunk's
tables as Parquet partitions (`DIR/<table>/part-NNNNN.parquet`); the client links stories at the
end (`DIR/stories.parquet`). `extractor.tables(DIR)` reads the result like a store.

At most two chunks per worker thread are in flight, so memory stays flat on both sides."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from ..article import DEFAULT_MAX_CHARS
from ..errors import ExtractorError
from .batch import CHUNK, _chunks, extract_chunk
from .dedup import stories
from .schema import NAMES, frame


class DaskError(ExtractorError):
    """The cluster cannot be reached or the output cannot be written."""


def extract_partition(articles: list[dict], out: str, part: int, max_chars: int | None) -> tuple[list, list]:
    """On a worker: extract one chunk and write its tables. Returns (errors, signatures)."""
    rows: dict[str, list] = {name: [] for name in NAMES}
    errors, signatures = [], []
    for o in extract_chunk(articles, max_chars):
        if o.error:
            errors.append((o.where, o.error))
            continue
        for name, found in o.rows.items():
            rows[name].extend(found)
        signatures.append((o.rows["articles"][0][0], o.minhash))
    for name in NAMES:
        directory = Path(out) / name
        directory.mkdir(parents=True, exist_ok=True)
        frame(name, rows[name]).to_parquet(directory / f"part-{part:05d}.parquet", index=False)
    return errors, signatures


def run_dask(articles: Iterable[dict], scheduler: str | None, out: str | Path,
             on_error: Callable[[str, str], None], max_chars: int | None = DEFAULT_MAX_CHARS, chunk: int = CHUNK) -> int:
    """Extract on the cluster at `scheduler` (a local one when None); returns articles extracted."""
    from distributed import Client, LocalCluster, as_completed

    out = Path(out).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in NAMES:  # a rerun replaces the tables, never mixes two runs
            for old in (out / name).glob("part-*.parquet"):
                old.unlink()
    except OSError as err:
        raise DaskError(str(out), f"cannot write there ({err.strerror or err})") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as err:
        raise DaskError(None, f"cannot reach the scheduler ({err})") from None
    signatures: list = []
    done = 0
    try:
        slots = 2 * max(1, sum(client.nthreads().values()))
        window = as_completed()
        in_flight = 0

        def collect(future) -> None:
            nonlocal done
            errors, sigs = future.result()
            for where, message in errors:
                on_error(where, message)
            signatures.extend(sigs)
            done += len(sigs)

        for part, items in enumerate(_chunks(articles, chunk)):
            window.add(client.submit(extract_partition, items, str(out), part, max_chars, pure=False))
            in_flight += 1
            if in_flight >= slots:
                collect(next(window))
                in_flight -= 1
        for future in window:
            collect(future)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    found = stories(sorted(signatures, key=lambda s: s[0]))
    pd.DataFrame([(a, s, d) for a, (s, d) in sorted(found.items())],
                  columns=["article_id", "story_id", "duplicate"]).to_parquet(out / "stories.parquet", index=False)
    return done
