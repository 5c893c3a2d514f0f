"""Serve a directory of pages on 127.0.0.1 the way a news site would: `/a/b` is `a/b.html`,
`/` is `index.html`, XML and robots.txt as they are. For the demo and the scraper's tests."""
from __future__ import annotations

import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Handler(SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        rel = unquote(urlsplit(path).path).lstrip("/")
        root = Path(self.directory)
        for candidate in (rel or "index.html", f"{rel}.html", f"{rel.rstrip('/')}/index.html"):
            target = (root / candidate).resolve()
            if target.is_file() and root.resolve() in target.parents:
                return str(target)
        return str(root / "__missing__")

    def log_request(self, code="-", size="-"):  # every request once, quietly
        self.server.log.append(self.path)

    def log_message(self, format, *args):
        pass


class LocalSite:
    """`with LocalSite(dir) as site: site.url` -> http://127.0.0.1:PORT ; `site.requests` lists paths."""

    def __init__(self, directory: str | Path, port: int = 0) -> None:
        handler = lambda *a, **k: _Handler(*a, directory=str(directory), **k)  # noqa: E731
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.server.log = []
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def requests(self) -> list[str]:
        return list(self.server.log)

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
