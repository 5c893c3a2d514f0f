"""The store, its tables and exports, re-extraction, deduplication, cross-source comparison, the
multi-process and Dask engines, and bad input to the dataset commands."""
from __future__ import annotations

import gzip
import json
import sqlite3
import sys

import pandas as pd
import pytest

from extractor import extract_many, tables
from extractor.dataset.compare import compare
from extractor.dataset.schema import COLUMNS
from tests.conftest import ROOT, shared_path
from tests.test_bad_input import run_cli

sys.path.insert(0, str(ROOT / "corpus"))
from make_site import many_articles  # noqa: E402

SAMPLES = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]

ORIGINAL = ("SURABAYA — Laba bersih Bank Nusa Jatim pada 2024 sebesar Rp1,25 triliun. Angka itu naik 12,5% dibandingkan "
            "tahun sebelumnya. Direktur Utama Bank Nusa Jatim, Budi Santoso, mengatakan kredit usaha kecil "
            "menjadi penopang utama pertumbuhan tersebut. Penyaluran kredit bank daerah itu sepanjang tahun lalu "
            "tumbuh di semua kabupaten dan kota, terutama di sektor perdagangan, pertanian dan industri rumah "
            "tangga yang menyerap banyak tenaga kerja di pedesaan Jawa Timur.")
SYNDICATED = ("Surabaya (Kabar Jatim) - Laba bersih Bank Nusa Jatim pada 2024 sebesar Rp1,25 triliun. Angka itu naik 12,5% "
              "dibandingkan tahun sebelumnya. Direktur Utama Bank Nusa Jatim, Budi Santoso, mengatakan kredit usaha "
              "kecil menjadi penopang utama pertumbuhan tersebut. Penyaluran kredit bank daerah itu sepanjang tahun "
              "lalu tumbuh di semua kabupaten dan kota, terutama di sektor perdagangan, pertanian dan industri rumah "
              "tangga yang menyerap banyak tenaga kerja di pedesaan Jawa Timur. Baca berita lain di Kabar Jatim.")
OTHER_VALUE = ("JAKARTA — Bank Nusa Jatim membukukan kinerja positif. Laba bersih Bank Nusa Jatim pada 2024 "
               "sebesar Rp1,52 triliun, menurut laporan keuangan yang dipublikasikan perseroan pekan ini. Perseroan "
               "juga menambah jaringan kantor cabang di wilayah timur Indonesia.")
SAME_VALUE = ("MALANG — Kinerja bank daerah terus membaik. Laba bersih Bank Nusa Jatim pada 2024 sebesar "
              "Rp1,2 triliun, kata analis pasar modal setempat dalam diskusi di Malang, Jawa Timur, Senin.")


def write_jsonl(path, articles) -> str:
    with (gzip.open(path, "wt", encoding="utf-8") if str(path).endswith(".gz") else open(path, "w", encoding="utf-8")) as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    return str(path)


def story_articles():
    day = "2025-03-02T10:00:00+07:00"
    return [{"id": "bank-a", "url": "https://a.example/bank", "outlet": "Contoh News", "published": day, "text": ORIGINAL},
            {"id": "bank-b", "url": "https://b.example/bank", "outlet": "Kabar Jatim", "published": day, "text": SYNDICATED},
            {"id": "bank-c", "url": "https://c.example/bank", "outlet": "Warta Bisnis", "published": day, "text": OTHER_VALUE},
            {"id": "bank-d", "url": "https://d.example/bank", "outlet": "Malang Pos", "published": day, "text": SAME_VALUE}]


def test_store_tables_match_the_extraction_records(tmp_path):
    articles = many_articles(SAMPLES, 24)
    src = write_jsonl(tmp_path / "a.jsonl", articles)
    done = run_cli("ingest", src, "--db", str(tmp_path / "news.db"))
    assert done.returncode == 0, done.stderr.decode()
    t = tables(tmp_path / "news.db")
    records = list(extract_many(articles))
    assert list(t["articles"]["id"]) == sorted(a["id"] for a in articles)
    assert list(t["figures"].columns) == [c for c, _ in COLUMNS["figures"]]
    _assert_figures_match(t["figures"], records)
    assert len(t["relations"]) == sum(len(r["relations"]) for r in records)
    assert len(t["officials"]) == sum(len(r["officials"]) for r in records)


def _assert_figures_match(figures: pd.DataFrame, records: list[dict]) -> None:
    expected = [(r["id"], n, q["start"], q["end"], q["text"], q["unit"], q["role"], q["year"], q["value"])
                for r in records for n, q in enumerate(r["quantities"])]
    got = [(a, n, s, e, t, u, ro, None if pd.isna(y) else y, None if pd.isna(v) else v)
           for a, n, s, e, t, u, ro, y, v in figures[["article_id", "n", "start", "end", "text", "unit", "role", "year", "value"]]
           .astype(object).itertuples(index=False)]
    assert sorted(got, key=lambda x: (x[0], x[1])) == sorted(expected, key=lambda x: (x[0], x[1]))


def test_rerunning_and_updating_replace_rows_in_place(tmp_path):
    db = tmp_path / "news.db"
    src = write_jsonl(tmp_path / "a.jsonl", SAMPLES)
    assert run_cli("ingest", src, "--db", str(db)).returncode == 0
    before = tables(db)
    again = run_cli("ingest", src, "--db", str(db))
    assert b"0 article(s) extracted and stored, 4 unchanged" in again.stdout
    with sqlite3.connect(db) as con:  # as if an older pipeline had extracted two of them
        con.execute("UPDATE articles SET pipeline_version='0.0.1' WHERE id IN ('sample-001', 'sample-003')")
        con.execute("DELETE FROM figures WHERE article_id='sample-001' AND n > 2")
    update = run_cli("update", "--db", str(db))
    assert update.returncode == 0 and b"update: 2 article(s) re-extracted" in update.stdout
    after = tables(db)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_syndicated_copies_are_one_story_and_compare_flags_disagreement(tmp_path):
    db = tmp_path / "news.db"
    assert run_cli("ingest", write_jsonl(tmp_path / "s.jsonl", story_articles()), "--db", str(db)).returncode == 0
    arts = tables(db)["articles"].set_index("id")
    assert arts.loc["bank-b", "story_id"] == "bank-a" and arts.loc["bank-b", "duplicate"]
    assert not arts.loc["bank-a", "duplicate"]
    assert arts.loc[["bank-c", "bank-d"], "story_id"].tolist() == ["bank-c", "bank-d"]

    groups = compare(db, all_groups=True)
    profit = [g for g in groups if g.key[0] == "bersih bank nusa jatim" and g.key[3] == "IDR"]
    assert len(profit) == 1
    flagged = {frozenset(profit[0].figures.loc[list(p), "article_id"]) for p in profit[0].disagree}
    # 1,52 triliun disagrees with both; 1,25 and "1,2" (1,15..1,25) meet; the copy never counts twice
    assert flagged == {frozenset({"bank-a", "bank-c"}), frozenset({"bank-c", "bank-d"})}
    assert "bank-b" not in set(profit[0].figures["article_id"])
    out = run_cli("compare", "--db", str(db))
    assert out.returncode == 0 and b"DISAGREE: bersih bank nusa jatim" in out.stdout
    # as JSON and CSV: one row per disagreeing pair, naming both stories and their sentences
    rows = json.loads(run_cli("compare", "--db", str(db), "--format", "json").stdout)
    pair = next(r for r in rows if r["metric"] == "bersih bank nusa jatim" and r["unit"] == "IDR"
                and {r["a_outlet"], r["b_outlet"]} == {"Contoh News", "Warta Bisnis"})
    assert pair["a_url"].startswith("https://") and pair["b_sentence"] and pair["day"] == "2025-03-02"
    csv_out = run_cli("compare", "--db", str(db), "--format", "csv").stdout.decode()
    assert csv_out.splitlines()[0].startswith("metric,subject,year") and len(csv_out.splitlines()) == len(rows) + 1


def test_compare_needs_two_outlets_on_the_same_day(tmp_path):
    db = tmp_path / "news.db"
    same_outlet = [dict(a, outlet="Contoh News") for a in story_articles()]
    assert run_cli("ingest", write_jsonl(tmp_path / "s.jsonl", same_outlet), "--db", str(db)).returncode == 0
    assert not compare(db)  # one outlet's stories are no disagreement between outlets
    db2 = tmp_path / "news2.db"
    days = [dict(a, published=f"2025-03-0{k + 1}T10:00:00+07:00") for k, a in enumerate(story_articles())]
    assert run_cli("ingest", write_jsonl(tmp_path / "d.jsonl", days), "--db", str(db2)).returncode == 0
    assert not compare(db2)  # figures of different days refer to different moments


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "jsonl"])
def test_export_formats_round_trip(tmp_path, fmt):
    db = tmp_path / "news.db"
    assert run_cli("ingest", write_jsonl(tmp_path / "a.jsonl", SAMPLES), "--db", str(db)).returncode == 0
    done = run_cli("export", "--db", str(db), "--to", str(tmp_path / "out"), "--format", fmt)
    assert done.returncode == 0, done.stderr.decode()
    t = tables(db)
    read = {"csv": pd.read_csv, "parquet": pd.read_parquet, "jsonl": lambda p: pd.read_json(p, lines=True)}
    for name, df in t.items():
        if fmt == "xlsx":
            got = pd.read_excel(tmp_path / "out" / "tables.xlsx", sheet_name=name)
        else:
            got = read[fmt](tmp_path / "out" / f"{name}.{fmt}")
        assert list(got.columns) == list(df.columns) and len(got) == len(df), name
    if fmt == "parquet":
        pd.testing.assert_frame_equal(tables(tmp_path / "out")["figures"], t["figures"])


def test_dask_engine_gives_the_same_tables_as_the_local_path(tmp_path):
    distributed = pytest.importorskip("distributed")
    articles = many_articles(SAMPLES, 90) + story_articles()  # 94 articles: two partitions of 64
    src = write_jsonl(tmp_path / "a.jsonl.gz", articles)
    assert run_cli("ingest", src, "--db", str(tmp_path / "news.db"), "--workers", "2").returncode == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        done = run_cli("ingest", src, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                       "--to", str(tmp_path / "parts"))
    assert done.returncode == 0, done.stderr.decode()
    assert len(list((tmp_path / "parts" / "figures").glob("part-*.parquet"))) >= 2
    local, dask = tables(tmp_path / "news.db"), tables(tmp_path / "parts")
    for name in local:
        pd.testing.assert_frame_equal(local[name], dask[name], obj=name)


def test_whole_corpus_store_and_parquet_match_extract(tmp_path):
    corpus = shared_path("corpus", "real-news.jsonl.gz")
    db = tmp_path / "news.db"
    done = run_cli("ingest", str(corpus), "--db", str(db), "--workers", "2")
    assert done.returncode == 0, done.stderr.decode()
    assert run_cli("export", "--db", str(db), "--to", str(tmp_path / "out")).returncode == 0
    figures = pd.read_parquet(tmp_path / "out" / "figures.parquet")
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        records = list(extract_many(json.loads(line) for line in fh))
    assert len(records) > 5000
    _assert_figures_match(figures, records)


# ---- bad input ----------------------------------------------------------------------------------

def _one_error_line(done, *needles: str) -> str:
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err, err
    line = next(x for x in err.splitlines() if x.startswith("error: "))
    for needle in needles:
        assert needle in line, line
    return line


def test_corrupt_database_is_refused_and_left_as_it_is(tmp_path):
    db = tmp_path / "news.db"
    junk = b"this is not a database\n" * 100
    db.write_bytes(junk)
    src = write_jsonl(tmp_path / "a.jsonl", SAMPLES[:1])
    for args in (("ingest", src, "--db", str(db)), ("export", "--db", str(db), "--to", str(tmp_path / "o")),
                 ("crawl", "http://127.0.0.1:9/sitemap.xml", "--db", str(db)), ("compare", "--db", str(db))):
        _one_error_line(run_cli(*args), str(db), "not an SQLite database")
    assert db.read_bytes() == junk


def test_locked_database_gives_one_line_and_loses_nothing(tmp_path):
    db = tmp_path / "news.db"
    src = write_jsonl(tmp_path / "a.jsonl", SAMPLES)
    assert run_cli("ingest", src, "--db", str(db)).returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        more = write_jsonl(tmp_path / "b.jsonl", many_articles(SAMPLES, 3))
        _one_error_line(run_cli("ingest", more, "--db", str(db)), "locked by another process")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(tables(db)["articles"]) == 4


def test_unwritable_export_dir_and_bad_seed(tmp_path):
    db = tmp_path / "news.db"
    assert run_cli("ingest", write_jsonl(tmp_path / "a.jsonl", SAMPLES), "--db", str(db)).returncode == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _one_error_line(run_cli("export", "--db", str(db), "--to", str(blocker / "out")), "cannot write there")
    _one_error_line(run_cli("export", "--db", str(tmp_path / "missing.db"), "--to", str(tmp_path / "o")), "no such store")
    bad = run_cli("crawl", "not-an-outlet", "--db", str(db))
    _one_error_line(bad, "not-an-outlet", "neither an http(s) URL nor a known outlet")
    assert len(tables(db)["articles"]) == 4
