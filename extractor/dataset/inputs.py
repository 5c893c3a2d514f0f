"""Read articles from the command line's inputs: text files, JSONL files (optionally .gz), stdin.

Every problem becomes an `InputProblem` naming the file and line; reading goes on.
"""
from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def read_inputs(inputs: list[str], page_url: str | None = None) -> Iterator[dict | InputProblem]:
    """Yield article dicts (with a `_where` key for error messages) or problems.

    http(s) URLs are fetched and saved HTML pages parsed (`page_url`: where a page came from).
    """
    fetched = _fetch_urls([n for n in inputs if _is_url(n)])
    for name in inputs:
        if _is_url(name):
            yield fetched[name]
            continue
        if name == "-":
            data = sys.stdin.buffer.read()
            yield from _read_bytes(data, "<stdin>")
            continue
        path = Path(name)
        try:
            stream = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")
        except IsADirectoryError:
            yield InputProblem(name, "is a directory")
            continue
        except OSError as err:
            yield InputProblem(name, f"cannot read: {err.strerror or err}")
            continue
        with stream:
            try:
                head = stream.read(512)
                stream.seek(0)
            except (OSError, EOFError) as err:
                yield InputProblem(name, f"cannot read: {getattr(err, 'strerror', None) or err}")
                continue
            if _is_html(path, head):
                yield _read_page(stream.read(), name, page_url)
                continue
            jsonl = _is_jsonl_name(path)
            if jsonl is None:
                jsonl = head.lstrip()[:1] == b"{"
            if jsonl:  # streamed line by line: a corpus of any size in flat memory
                yield from _read_jsonl(stream, name)
            else:
                yield from _read_text(stream.read(), name)


def _is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def _is_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _read_page(data: bytes, where: str, url: str | None) -> dict | InputProblem:
    from ..web.page import PageError, parse_page

    try:
        article = parse_page(data, url=url)
    except PageError as err:
        return InputProblem(where, str(err))
    if not article.text.strip():
        return InputProblem(where, "no article body found on the page")
    return {**article.to_dict(), "_where": where}


def _fetch_urls(urls: list[str]) -> dict[str, dict | InputProblem]:
    if not urls:
        return {}
    from ..web.scrape import fetch_articles

    out: dict[str, dict | InputProblem] = {}
    unique = list(dict.fromkeys(urls))
    for url, (page, article) in zip(unique, fetch_articles(unique)):
        out[url] = {**article.to_dict(), "_where": url} if article else InputProblem(url, page.reason or "no article")
    return out


def _is_jsonl_name(path: Path) -> bool | None:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] in (".jsonl", ".ndjson", ".json"):
        return True
    if suffixes and suffixes[-1] in (".txt", ".text", ".md"):
        return False
    return None


def _read_text(data: bytes, where: str) -> Iterator[dict | InputProblem]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        yield InputProblem(where, f"not UTF-8 text (byte {err.start})")
        return
    yield {"text": text, "_where": where}


def _read_bytes(data: bytes, where: str) -> Iterator[dict | InputProblem]:
    if data.lstrip()[:1] == b"{":
        yield from _read_jsonl(io.BytesIO(data), where)
    else:
        yield from _read_text(data, where)


def _read_jsonl(raw, where: str) -> Iterator[dict | InputProblem]:
    stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    lineno = 0
    while True:
        lineno += 1
        try:
            line = stream.readline()
        except UnicodeDecodeError:
            yield InputProblem(f"{where}:{lineno}", "not UTF-8 text; stopped reading this file")
            return
        except (OSError, EOFError) as err:  # a truncated or corrupt .gz
            yield InputProblem(f"{where}:{lineno}", f"cannot read: {err}; stopped reading this file")
            return
        if not line:
            return
        if not line.strip():
            continue
        try:
            article = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputProblem(f"{where}:{lineno}", f"not JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(article, dict):
            yield InputProblem(f"{where}:{lineno}", f"not a JSON object but {type(article).__name__}")
            continue
        if "text" not in article:
            yield InputProblem(f"{where}:{lineno}", "no 'text' field")
            continue
        article["_where"] = f"{where}:{lineno}"
        yield article


def count_articles(inputs: list[str]) -> int | None:
    """About how many articles the inputs hold (a JSONL file's non-blank lines, one for any other
    file or URL), read cheaply for progress totals and the choice of workers; None when standard
    input is among them. Unreadable files count 0: reading them reports the problem."""
    total = 0
    for name in inputs:
        if name == "-":
            return None
        path = Path(name)
        if _is_url(name) or not path.is_file():
            total += _is_url(name)
            continue
        try:
            with gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb") as stream:
                head = stream.read(512)
                jsonl = _is_jsonl_name(path)
                if _is_html(path, head) or not (jsonl or (jsonl is None and head.lstrip()[:1] == b"{")):
                    total += 1
                    continue
                stream.seek(0)
                total += sum(1 for line in stream if line.strip())
        except (OSError, EOFError):
            continue
    return total
