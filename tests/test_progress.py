"""Progress of long work: a bar that moves on a terminal, plain lines elsewhere, nothing with --quiet;
the number of worker processes chosen for the input's size."""
import errno
import json
import os
import re
import select
import subprocess
import sys
import time

from conftest import ROOT



def generated_articles(n: int) -> list[dict]:
    """Short business articles written from templates, each with its own figures."""
    out = []
    for i in range(n):
        out.append({
            "id": f"gen-{i:03d}", "published": "2025-06-18T10:00:00+07:00", "outlet": ["kompas", "bisnis", "detik"][i % 3],
            "title": f"Pendapatan PT Contoh Usaha {i} naik",
            "text": (f"JAKARTA - PT Contoh Usaha {i} menargetkan pendapatan tahun ini Rp{i % 9 + 1},{i % 10} triliun, "
                     f"naik {i % 30 + 1},5% dibanding tahun lalu. Laba bersih perseroan mencapai Rp{i % 7 + 1}{i % 10}0 miliar "
                     f"pada kuartal I. Perseroan juga menyalurkan kredit kepada {1000 + 37 * i} debitur di "
                     f"{['Jawa Timur', 'Sumatera Utara', 'Bali'][i % 3]}."),
        })
    return out


def write_jsonl(path, articles) -> str:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return str(path)


def run_in_pty(cmd: list[str], timeout: float = 240) -> tuple[int, str]:
    """Run a command with a terminal as its stdout and stderr; everything it drew, and its exit code."""
    master, slave = os.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="160", LINES="40", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError as err:  # EIO: the terminal's other end is closed
                if err.errno == errno.EIO:
                    break
                raise
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        proc.wait(timeout=30)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_ingest_draws_a_bar_that_advances_on_a_terminal(tmp_path):
    inputs = write_jsonl(tmp_path / "articles.jsonl", generated_articles(200))
    code, screen = run_in_pty([sys.executable, "-m", "extractor", "ingest", inputs, "--db", str(tmp_path / "news.db")])
    assert code == 0, screen[-2000:]
    done = [int(n) for n in re.findall(r"ingest\S*\s.*?(\d+)/200", screen)]
    before_end = list(dict.fromkeys(n for n in done if n < 200))
    assert len([n for n in before_end if n > 0]) >= 3, screen[-3000:]  # moved at least three times before the end
    assert before_end == sorted(before_end)
    assert "articles/s" in screen and "ETA" in screen
    assert "ingest: 200 article(s) extracted and stored" in screen


def test_plain_lines_when_not_a_terminal_and_nothing_when_quiet(tmp_path):
    inputs = write_jsonl(tmp_path / "articles.jsonl", generated_articles(40))
    env = dict(os.environ, PYTHONPATH=str(ROOT), EXTRACTOR_PROGRESS_SECONDS="0")
    plain = subprocess.run([sys.executable, "-m", "extractor", "extract", inputs, "-o", str(tmp_path / "out.jsonl")],
                           capture_output=True, text=True, env=env, timeout=240)
    assert plain.returncode == 0, plain.stderr
    lines = re.findall(r"^extract: (\d+)/40 articles, [\d,]+/s", plain.stderr, flags=re.M)
    assert len(lines) >= 3 and lines[-1] == "40"
    assert "\x1b[" not in plain.stderr  # no terminal control codes in a log
    quiet = subprocess.run([sys.executable, "-m", "extractor", "extract", inputs, "-o", str(tmp_path / "q.jsonl"), "--quiet"],
                           capture_output=True, text=True, env=env, timeout=240)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    assert (tmp_path / "q.jsonl").read_text() == (tmp_path / "out.jsonl").read_text()


