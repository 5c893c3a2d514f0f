"""Output for people: figures as Indonesian readers write them in the listing and the demo, raw
values kept in the data; CSV exports that read back with their types."""
import json
import os
import re
import subprocess
import sys

import pandas as pd
from conftest import ROOT

import extractor
from extractor.cli.output import format_text, readable
from extractor.dataset.tables import read_csv_dir

# A raw float or a pandas missing value as a person should never see it: 11300000000000.0, 24.44,
# 1.13e+13, <NA>, nan. Indonesian numbers (1.704.308, 24,44) have groups of exactly three digits
# after each dot, so they do not match.
RAW = re.compile(r"<NA>|\bnan\b|\bNaN\b|\d\.?\d*e[+-]\d+|\b\d+\.(?!\d{3}\b)\d+|\b\d{7,}\b")
URL_OR_PATH = re.compile(r"(https?://|/)\S+")


def raw_numbers(text: str) -> list[str]:
    return RAW.findall(URL_OR_PATH.sub(" ", text))


def test_the_raw_number_detector_itself():
    assert raw_numbers("value 11300000000000.0 and 24.44 and <NA> and 1.13e+13") == ["11300000000000.0", "24.44", "<NA>", "1.13e+13"]
    assert raw_numbers("Rp11,3 triliun 24,44% 1.704.308 peserta at http://127.0.0.1:8001/x/1.5 2025-06-18") == []


def test_text_listing_has_a_header_readable_figures_and_relations():
    record = extractor.extract(
        "Realisasi Rp1,88 triliun atau 24,44% dari target sebesar Rp7,68 triliun. Pendapatan naik 11,9 persen, "
        "dari Rp487,38 triliun menjadi Rp545,4 triliun.",
        published="2025-06-18T10:00:00+07:00", id="x1", title="Realisasi pajak", url="https://contoh.example/a")
    text = format_text(record)
    assert text.startswith("# Realisasi pajak\n  2025-06-18T10:00:00+07:00 | https://contoh.example/a | id x1")
    assert "Rp1,88 triliun" in text and "24,44%" in text and "Rp545,4 triliun" in text
    relations = text.split("\n  relations (2):\n")[1].splitlines()
    assert sorted(line.split()[0] for line in relations) == ["change_of", "share_of"]
    assert all("adds up" in line for line in relations)
    assert raw_numbers(text) == []
    assert record["quantities"][0]["value"] == 1.88e12  # the data keeps the raw value


def test_readable_tables_have_figures_and_no_missing_markers():
    df = pd.DataFrame({"text": ["Rp11,3 triliun", "1-2 persen"], "value": [11.3e12, None], "low": [None, 1.0],
                       "high": [None, 2.0], "unit": ["IDR", "%"], "item": [None, None], "approx": [False, True],
                       "year": [2025, None], "rounding": [5e10, 0.5]})
    df = df.astype({"value": "Float64", "low": "Float64", "high": "Float64", "year": "Int64", "approx": "boolean",
                    "unit": "string", "item": "string", "text": "string", "rounding": "Float64"})
    out = readable(df).to_string(index=False)
    assert "Rp11,3 triliun" in out and "~1% – 2%" in out and "2025" in out
    assert raw_numbers(out) == []


def test_fresh_demo_prints_no_raw_floats(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "extractor", "demo", "--site", str(ROOT / "corpus" / "site"),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout + done.stderr
    assert "first figures" in printed and "Rp" in printed
    assert raw_numbers(printed) == [], printed[-4000:]
    # the exported data keeps the raw values, and schema.json says what every column holds
    figures = pd.read_csv(tmp_path / "out" / "tables" / "figures.csv")
    assert (figures["value"].dropna() > 1e9).any()
    schema = json.loads((tmp_path / "out" / "tables" / "schema.json").read_text(encoding="utf-8"))
    assert all(c["type"] and c["description"] for t in schema.values() for c in t["columns"])


def test_csv_round_trip_gives_the_dtypes_of_tables(tmp_path):
    db = tmp_path / "news.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    articles = [json.loads(line) for line in (ROOT / "corpus" / "articles.jsonl").open(encoding="utf-8")]
    articles.append({"id": "00123", "title": "NA", "published": "2025-06-18", "outlet": "bisnis",
                     "text": "BANDUNG - Realisasi investasi di Kota Bandung mencapai Rp1,5 triliun. "
                             "Di Kabupaten Bandung Barat investasi Rp300 miliar."})
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    for cmd in (["ingest", str(tmp_path / "a.jsonl"), "--db", str(db)],
                ["export", "--db", str(db), "--to", str(tmp_path / "csv"), "--format", "csv"]):
        done = subprocess.run([sys.executable, "-m", "extractor", *cmd], capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
    want, got = extractor.tables(db), read_csv_dir(tmp_path / "csv")
    assert set(got) == set(want)
    for name in want:
        assert got[name].dtypes.to_dict() == want[name].dtypes.to_dict(), name
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=False)
    codes = set(got["regions"]["code"])
    assert "32.73" in codes and "32.17" in codes  # codes stay text (32.10 would not become 32.1)
    assert "00123" in set(got["articles"]["id"]) and "NA" in set(got["articles"]["title"])
    naive = pd.read_csv(tmp_path / "csv" / "regions.csv")  # what the schema saves a reader from: codes as floats
    assert naive["code"].dtype == float
