"""Command-line conventions: help on every option, the subcommand's usage with a suggestion on a
wrong flag, --version, fetch -i, --published, no output file when every input failed, --quiet."""
import argparse
import json

import pytest
from conftest import ROOT
from test_cli_scrape import run_cli

from extractor.cli import build_parser
from extractor.web.localsite import LocalSite

SITE = ROOT / "corpus" / "site"
RELATIVE = "Pendapatan perseroan tahun ini ditargetkan Rp11,3 triliun, naik 24,44% dibanding tahun lalu.\n"


def commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, sub.choices


def test_every_option_of_every_command_is_explained():
    parser, choices = commands()
    missing = [f"{name} {action.option_strings or action.dest}" for name, command in [("extractor", parser), *choices.items()]
               for action in command._actions
               if not isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)) and not action.help]
    assert missing == []
    for name in ("extract", "check", "ingest", "update", "export", "crawl", "fetch"):
        assert "--quiet" in choices[name].format_help(), name


@pytest.mark.parametrize("args, usage, hint", [
    (["ingest", "a.jsonl", "--db", "x.db", "--wokers", "2"], "usage: extractor ingest", "--wokers (did you mean --workers?)"),
    (["export", "--db", "x.db", "--to", "t", "--fromat=csv"], "usage: extractor export", "--fromat=csv (did you mean --format?)"),
    (["fetch", "--inptu", "urls.txt"], "usage: extractor fetch", "(did you mean --input?)"),
])
def test_a_wrong_flag_gets_the_commands_usage_and_a_suggestion(args, usage, hint):
    r = run_cli(*args)
    assert r.returncode == 2
    assert r.stderr.startswith(usage) and hint in r.stderr
    assert "COMMAND ..." not in r.stderr  # not the top-level usage


def test_version_is_quick_and_names_the_package():
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("extractor ")


def test_fetch_reads_urls_from_a_file(tmp_path):
    with LocalSite(SITE) as site:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# articles to fetch\n\n{site.url}/pasar/2025/07/09/ihsg-menguat   # the index\n"
                        f"{site.url}/ekonomi/2025/05/02/penyaluran-kur-jatim#top\nnot a url\n", encoding="utf-8")
        r = run_cli("fetch", "-i", str(urls), "--delay", "0", "-o", str(tmp_path / "a.jsonl"))
    titles = sorted(json.loads(line)["title"] for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines())
    assert titles == ["IHSG Ditutup Menguat 0,85%", "Penyaluran KUR di Jawa Timur Capai Rp12,4 Triliun"]
    assert r.returncode == 1 and f"error: {urls}:5: not an http(s) URL: 'not a url'" in r.stderr


def test_published_reads_relative_years_and_a_bad_value_is_one_line(tmp_path):
    body = tmp_path / "body.txt"
    body.write_text(RELATIVE, encoding="utf-8")
    without = run_cli("extract", str(body))
    assert [q["year"] for q in json.loads(without.stdout)["quantities"]][0] is None
    assert "no publication time" in without.stderr and "--published" in without.stderr  # said, not silent
    dated = run_cli("extract", str(body), "--published", "2025-06-18")
    record = json.loads(dated.stdout)
    assert record["quantities"][0]["text"] == "Rp11,3 triliun" and record["quantities"][0]["year"] == 2025
    assert "no publication time" not in dated.stderr
    kept = tmp_path / "a.jsonl"  # an article's own publication time wins over --published
    kept.write_text(json.dumps({"id": "a", "text": RELATIVE, "published": "2024-03-01T09:00:00+07:00"}) + "\n")
    assert json.loads(run_cli("extract", str(kept), "--published", "2025-06-18").stdout)["quantities"][0]["year"] == 2024
    for command in ("extract", "check"):
        bad = run_cli(command, str(body), "--published", "kemarin sore")
        assert bad.returncode == 2 and bad.stdout == ""
        assert bad.stderr.splitlines() == ["error: --published: cannot read 'kemarin sore' as a publication time "
                                           "(give 2025-06-18 or 2025-06-18T10:00+07:00)"]


def test_no_output_file_when_every_input_failed(tmp_path):
    missing = str(tmp_path / "missing.txt")
    r = run_cli("extract", missing, "-o", str(tmp_path / "out.jsonl"))
    assert r.returncode == 1 and not (tmp_path / "out.jsonl").exists()
    r = run_cli("check", missing, "--html", str(tmp_path / "x.html"))
    assert r.returncode == 1 and not (tmp_path / "x.html").exists()
    with LocalSite(SITE) as site:
        r = run_cli("fetch", site.url + "/nope/2025/01/01/tidak-ada", "--delay", "0", "-o", str(tmp_path / "f.jsonl"))
    assert r.returncode == 1 and not (tmp_path / "f.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no temporary file left either
    body = tmp_path / "body.txt"  # one good input of two: the file is written
    body.write_text(RELATIVE, encoding="utf-8")
    r = run_cli("extract", str(body), missing, "-o", str(tmp_path / "out.jsonl"), "--published", "2025-06-18")
    assert r.returncode == 1 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def test_unknown_outlet_lists_the_known_ones():
    r = run_cli("discover", "kompass")
    assert r.returncode == 1
    line = r.stderr.splitlines()[0]
    assert line.startswith("error: kompass: 'kompass' is neither an http(s) URL nor a known outlet (")
    assert "kompas" in line and "detik" in line and "bisnis" in line


def test_quiet_prints_only_the_output(tmp_path):
    body = tmp_path / "body.txt"
    body.write_text(RELATIVE, encoding="utf-8")
    r = run_cli("extract", str(body), "--published", "2025-06-18", "--format", "text", "--quiet")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("# ") and "Rp11,3 triliun" in r.stdout
