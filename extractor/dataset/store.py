"""The embedded store: one SQLite file (WAL) holding the crawl frontier, the fetch log, the
articles and their extractions.

Every change that belongs together is one transaction: an article, its figures, officials,
regions and relations, its frontier row turning `done` and its fetch-log line are written at once,
so a crawl killed at any moment leaves either all of it or none. Frontier rows claimed by a
crawl are `fetching` until then; a restart puts them back to `pending` (those, and only those,
are fetched again). Saving an article again replaces its rows: nothing is stored twice.
"""
from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from ..article import ARTICLE_FIELDS, PAGE_FIELDS
from ..errors import ExtractorError
from .schema import COLUMNS, KEY, NAMES, stored_columns

SCHEMA_VERSION = "1"
IN_FLIGHT = "in flight when a crawl stopped"
GIVEN_UP = "in flight when two crawls stopped; given up"
BUSY_SECONDS = 5.0
_SQL_TYPES = {"string": "TEXT", "Int64": "INTEGER", "Float64": "REAL", "boolean": "INTEGER"}


class StoreError(ExtractorError):
    """A store that cannot be used (`where` is its path); `what` says why in one line."""


def _table_sql(name: str) -> str:
    types = dict(COLUMNS[name])
    cols = ", ".join(f'"{c}" {_SQL_TYPES[types[c]]}' for c in stored_columns(name))
    extra = ", minhash BLOB" if name == "articles" else ""
    key = "id" if name == "articles" else "article_id, n"
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols}{extra}, PRIMARY KEY ({key}))"


SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    # kind: 'source' (sitemap, feed, index page) or 'article'; state: pending, fetching, done, failed
    """CREATE TABLE IF NOT EXISTS frontier (url TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,
        published TEXT, found_in TEXT, reason TEXT, seq INTEGER)""",
    "CREATE INDEX IF NOT EXISTS frontier_todo ON frontier (state, kind, seq)",
    """CREATE TABLE IF NOT EXISTS fetches (seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT, final_url TEXT,
        kind TEXT, ok INTEGER, status INTEGER, reason TEXT, attempts INTEGER, seconds REAL, at TEXT)""",
    *(_table_sql(name) for name in NAMES),
    "CREATE TABLE IF NOT EXISTS stories (article_id TEXT PRIMARY KEY, story_id TEXT, duplicate INTEGER)",
]


class Store:
    """`with Store("news.db") as store: ...`. Raises StoreError for a file that is not a usable
    store (corrupt, locked by another writer, unwritable); never changes such a file."""

    def __init__(self, path: str | Path, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(str(self.path), "no such store")
        try:
            if readonly:  # export and compare: works on a read-only file or directory, writes nothing
                self.db = _open_readonly(self.path)
            else:
                # used by one thread at a time: the crawl stores batches from a worker thread
                self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute("PRAGMA foreign_keys=OFF")
            if create and not readonly:
                with self.transaction():
                    for sql in SCHEMA:
                        self.db.execute(sql)
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            found = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.Error as err:
            raise StoreError(str(self.path), _explain(err)) from None
        if not found or found[0] != SCHEMA_VERSION:
            raise StoreError(str(self.path), f"not a store of this tool (schema {found[0] if found else 'missing'})")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        return _Transaction(self.db, self.path)

    @contextmanager
    def snapshot(self):
        """One read transaction: every table read inside sees the store at one moment (a writer
        may go on meanwhile; WAL keeps this view intact)."""
        try:
            self.db.execute("BEGIN")
            self.db.execute("SELECT COUNT(*) FROM meta").fetchone()  # the snapshot starts here
        except sqlite3.Error as err:
            raise StoreError(str(self.path), _explain(err)) from None
        try:
            yield self
        finally:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error:
                pass

    # ---- frontier ------------------------------------------------------------------------------
    def add_urls(self, urls: Iterable[str], kind: str) -> int:
        """Queue URLs not seen before (a URL is fetched once per store). Returns how many were new."""
        with self.transaction():
            return self._add([(u, None) for u in urls], kind, None)

    def _add(self, rows: list[tuple[str, str | None]], kind: str, found_in: str | None) -> int:
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM frontier").fetchone()[0]
        before = self.db.total_changes
        self.db.executemany(
            "INSERT OR IGNORE INTO frontier (url, kind, state, published, found_in, seq) VALUES (?, ?, 'pending', ?, ?, ?)",
            [(url, kind, published, found_in, seq + i + 1) for i, (url, published) in enumerate(rows)])
        return self.db.total_changes - before

    def release_in_flight(self) -> tuple[int, int]:
        """Put back what a crawl that was killed had claimed but not stored, marked as such; what
        was already in flight at an earlier stop is given up (failed). Returns (put back, given up)."""
        with self.transaction():
            given_up = self.db.execute("UPDATE frontier SET state='failed', reason=? WHERE state='fetching' AND reason=?",
                                       (GIVEN_UP, IN_FLIGHT)).rowcount
            released = self.db.execute("UPDATE frontier SET state='pending', reason=? WHERE state='fetching'",
                                       (IN_FLIGHT,)).rowcount
        return released, given_up

    def put_back(self) -> int:
        """A crawl stopped cleanly (Ctrl-C): what it had claimed is simply pending again."""
        with self.transaction():
            return self.db.execute("UPDATE frontier SET state='pending' WHERE state='fetching'").rowcount

    def nesting(self, url: str) -> int:
        """How many discovery documents lie between a seed and this one (0 for a seed)."""
        row = self.db.execute(
            """WITH RECURSIVE up(url, n) AS (
                 SELECT found_in, 0 FROM frontier WHERE url = ? AND found_in IS NOT NULL
                 UNION ALL SELECT f.found_in, up.n + 1 FROM frontier f JOIN up ON f.url = up.url
                 WHERE f.found_in IS NOT NULL AND up.n < 50)
               SELECT COALESCE(MAX(n) + 1, 0) FROM up""", (url,)).fetchone()
        return row[0]

    def claim(self, kind: str, limit: int) -> list[str]:
        """Mark the next pending URLs of a kind as being fetched, in the order they were found."""
        with self.transaction():
            urls = [r[0] for r in self.db.execute(
                "SELECT url FROM frontier WHERE state='pending' AND kind=? ORDER BY seq LIMIT ?", (kind, limit))]
            self.db.executemany("UPDATE frontier SET state='fetching' WHERE url=?", [(u,) for u in urls])
        return urls

    def finish_source(self, fetched, links: list[tuple[str, str | None]], nested: list[str],
                      bad: list[tuple[str, str]] = ()) -> None:
        """A discovery document read: its links queued, links that cannot be fetched recorded as
        failed (url, reason), and it marked done, at once."""
        with self.transaction():
            self._log(fetched, "source")
            self._add(links, "article", fetched.url)
            self._add([(u, None) for u in nested], "source", fetched.url)
            self.db.executemany(
                "INSERT OR IGNORE INTO frontier (url, kind, state, found_in, reason) VALUES (?, 'article', 'failed', ?, ?)",
                [(url, fetched.url, reason) for url, reason in bad])
            self._set_state(fetched.url, fetched)

    def finish_articles(self, results: list[tuple[object, dict | None, bytes | None]]) -> None:
        """Fetch results with their table rows (None when the fetch or the page failed) and text
        signatures, stored in one transaction. An article whose rows cannot be stored fails alone."""
        with self.transaction():
            for fetched, rows, minhash in results:
                if rows is not None:
                    self.db.execute("SAVEPOINT article")
                    try:
                        self._save(rows, minhash)
                    except (OverflowError, ValueError, TypeError, sqlite3.IntegrityError) as err:
                        self.db.execute("ROLLBACK TO article")
                        fetched.ok, fetched.reason = False, f"cannot store the article ({err})"
                    self.db.execute("RELEASE article")
                self._log(fetched, "article")
                self._set_state(fetched.url, fetched)

    def _set_state(self, url: str, fetched) -> None:
        state = "done" if fetched.ok else "failed"
        self.db.execute("UPDATE frontier SET state=?, reason=? WHERE url=?", (state, fetched.reason, url))

    def _log(self, fetched, kind: str) -> None:
        self.db.execute(
            "INSERT INTO fetches (url, final_url, kind, ok, status, reason, attempts, seconds, at) VALUES (?,?,?,?,?,?,?,?,?)",
            (fetched.url, fetched.final_url, kind, fetched.ok, fetched.status, fetched.reason, fetched.attempts,
             round(fetched.seconds, 3), time.strftime("%Y-%m-%dT%H:%M:%S%z")))

    # ---- articles and extractions ----------------------------------------------------------------
    def save(self, extracted: Iterable[tuple[dict[str, list[tuple]], bytes | None]]) -> None:
        """Store articles' table rows (with their text signatures) in one transaction, replacing
        earlier rows of the same articles."""
        with self.transaction():
            for rows, minhash in extracted:
                self._save(rows, minhash)

    def _save(self, rows: dict[str, list[tuple]], minhash: bytes | None) -> None:
        aid = rows["articles"][0][0]
        for name in NAMES[1:]:
            self.db.execute(f"DELETE FROM {name} WHERE article_id=?", (aid,))
        cols = stored_columns("articles") + ["minhash"]
        self.db.execute(f"INSERT OR REPLACE INTO articles ({', '.join(map(_q, cols))}) VALUES ({', '.join('?' * len(cols))})",
                        (*rows["articles"][0], minhash))
        for name in NAMES[1:]:
            if rows[name]:
                n = len(stored_columns(name))
                self.db.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * n)})", rows[name])

    def known(self, article_id: str) -> tuple[str, str] | None:
        """(content_hash, pipeline_version) of a stored article."""
        return self.db.execute("SELECT content_hash, pipeline_version FROM articles WHERE id=?", (article_id,)).fetchone()

    def stale_count(self, version: str) -> int:
        """How many stored articles another pipeline version extracted (what `stale` yields)."""
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE pipeline_version IS NOT ?", (version,)).fetchone()[0]

    def stale(self, version: str, batch: int = 256) -> Iterator[dict]:
        """Stored articles extracted by another pipeline version, as articles to extract again."""
        cols = [*ARTICLE_FIELDS, *PAGE_FIELDS, "text"]
        last = ""
        while True:
            rows = self.db.execute(
                f"SELECT {', '.join(cols)} FROM articles WHERE pipeline_version IS NOT ? AND id > ? ORDER BY id LIMIT ?",
                (version, last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                article = {c: v for c, v in zip(cols, row) if v is not None}
                if isinstance(article.get("tags"), str):
                    article["tags"] = [t for t in article["tags"].split(", ") if t]
                yield article
            last = rows[-1][0]

    def link_stories(self) -> None:
        """Recompute which articles are one story (see dedup.py) over the whole store."""
        from .dedup import stories

        found = stories(self.db.execute("SELECT id, minhash FROM articles ORDER BY id"))
        with self.transaction():
            self.db.execute("DELETE FROM stories")
            self.db.executemany("INSERT INTO stories VALUES (?, ?, ?)",
                                [(a, s, int(d)) for a, (s, d) in sorted(found.items())])

    # ---- reading -----------------------------------------------------------------------------------
    def read_table(self, name: str, chunk_rows: int = 50_000) -> Iterator[pd.DataFrame]:
        cols = ", ".join(f"t.{_q(c)}" for c in stored_columns(name))
        if name in ("articles", "figures"):
            key = KEY[name]
            sql = (f"SELECT {cols}, COALESCE(s.story_id, t.{key}) AS story_id, COALESCE(s.duplicate, 0) AS duplicate "
                   f"FROM {name} t LEFT JOIN stories s ON s.article_id = t.{key}")
        else:
            sql = f"SELECT {cols} FROM {name} t"
        order = " ORDER BY t.id" if name == "articles" else " ORDER BY t.article_id, t.n"
        try:
            yield from pd.read_sql_query(sql + order, self.db, chunksize=chunk_rows)
        except sqlite3.Error as err:
            raise StoreError(str(self.path), _explain(err)) from None

    def counts(self) -> dict[str, int]:
        """Rows per table, plus `stories` (articles that are not duplicates) and `inconsistent` relations."""
        out = {name: self.db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in NAMES}
        out["stories"] = self.db.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN stories s ON s.article_id = a.id WHERE COALESCE(s.duplicate, 0) = 0"
        ).fetchone()[0]
        out["inconsistent"] = self.db.execute("SELECT COUNT(*) FROM relations WHERE verdict='inconsistent'").fetchone()[0]
        return out

    def pending(self, kind: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM frontier WHERE state='pending' AND kind=?", (kind,)).fetchone()[0]




def _q(column: str) -> str:
    return f'"{column}"'


def _open_readonly(path: Path) -> sqlite3.Connection:
    """A connection that never writes. On a read-only directory SQLite cannot create the WAL's
    shared-memory file; the file is then read as immutable (as of its last checkpoint)."""
    uri = path.resolve().as_uri()
    for mode in ("mode=ro", "immutable=1"):
        db = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError as err:
            db.close()
            if mode != "mode=ro" or not any(w in str(err) for w in ("unable to open", "readonly", "read-only")):
                raise
    raise AssertionError("unreachable")


def _explain(err: sqlite3.Error) -> str:
    text = str(err)
    if "disk is full" in text or "database or disk is full" in text:
        return "disk full: no room left to write the store (what was stored before is intact)"
    if "locked" in text or "busy" in text:
        return f"the database is locked by another process (waited {BUSY_SECONDS:g} s)"
    if "not a database" in text or "malformed" in text:
        return f"not an SQLite database or damaged ({text})"
    if "readonly" in text or "unable to open" in text:
        return f"cannot write the database ({text})"
    return text


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; sqlite errors become StoreError."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    def __enter__(self):
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise StoreError(str(self.path), _explain(err)) from None

    def __exit__(self, kind, err, tb):
        if kind is None:
            try:
                self.db.execute("COMMIT")
                return False
            except sqlite3.Error as commit_err:
                err = commit_err
        if self.db.in_transaction:  # SQLite rolls back by itself on some errors (disk full)
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        if isinstance(err, sqlite3.Error):
            raise StoreError(str(self.path), _explain(err)) from None
        return False
