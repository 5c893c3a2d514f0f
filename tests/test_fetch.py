"""The fetcher against local servers on 127.0.0.1: robots.txt, Retry-After, retries, timeouts,
body cap, charsets, redirects, content types, conditional GET, politeness delay, and a crawl of
the bundled site that fetches every page exactly once."""
import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


from conftest import ROOT, send
from extractor.web.fetch import Fetcher, Settings
from extractor.web.localsite import LocalSite
from extractor.web.scrape import discover, fetch_article

ARTICLE = ("<html><head><title>Ekspor Naik</title></head><body><h1>Ekspor Naik</h1>"
           "<div class='article-content'><p>JAKARTA - Nilai ekspor naik 5% menjadi Rp12 triliun pada 2025, "
           "kata Kepala BPS.</p><p>Kenaikan terbesar datang dari batu bara dan minyak sawit mentah.</p></div></body></html>")


class Server:
    """A scripted server: `routes[path]` is a function(handler, hits) -> None that answers."""

    def __init__(self, routes: dict):
        self.routes = routes
        self.hits: list[tuple[str, float, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                outer.hits.append((self.path, time.monotonic(), dict(self.headers)))
                route = outer.routes.get(self.path)
                if route is None:
                    send(self, 404, b"not found", "text/plain")
                else:
                    route(self, sum(1 for h in outer.hits if h[0] == self.path))

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def count(self, path: str) -> int:
        return sum(1 for h in self.hits if h[0] == path)

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def page(body=ARTICLE.encode(), **kw):
    return lambda h, n: send(h, 200, body, **kw)


ROBOTS = {"/robots.txt": lambda h, n: send(h, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")}
FAST = Settings(delay=0, backoff=0.05, timeout=5, retries=2)


def fetch(server, paths, settings=FAST, **kw):
    async def run():
        async with Fetcher(settings) as f:
            return await asyncio.gather(*(f.get(server.url + p, **kw) for p in paths))
    return asyncio.run(run())


def test_robots_disallowed_path_is_never_requested():
    with Server({**ROBOTS, "/ok": page(), "/private/secret": page()}) as s:
        ok, private = fetch(s, ["/ok", "/private/secret"])
    assert ok.ok and not private.ok
    assert private.reason == "robots.txt disallows it"
    assert s.count("/private/secret") == 0 and s.count("/robots.txt") == 1


def test_redirect_into_a_disallowed_path_is_not_followed():
    with Server({**ROBOTS, "/moved": lambda h, n: send(h, 301, b"", headers={"Location": "/private/x"}),
                 "/private/x": page()}) as s:
        (r,) = fetch(s, ["/moved"])
    assert not r.ok and r.reason == "robots.txt disallows it" and s.count("/private/x") == 0


def test_429_with_retry_after_is_waited_out():
    def limited(h, n):
        if n == 1:
            send(h, 429, b"slow down", "text/plain", {"Retry-After": "1"})
        else:
            page()(h, n)
    with Server({**ROBOTS, "/a": limited}) as s:
        (r,) = fetch(s, ["/a"])
    times = [t for p, t, _ in s.hits if p == "/a"]
    assert r.ok and r.attempts == 2
    assert times[1] - times[0] >= 1.0


def test_a_retry_after_beyond_our_patience_fails_with_the_reason():
    with Server({**ROBOTS, "/a": lambda h, n: send(h, 503, b"", "text/plain", {"Retry-After": "3600"})}) as s:
        (r,) = fetch(s, ["/a"])
    assert not r.ok and "Retry-After 3600 s" in r.reason and s.count("/a") == 1


def test_500s_are_retried_then_recorded_as_failed():
    with Server({**ROBOTS, "/err": lambda h, n: send(h, 500, b"boom", "text/plain")}) as s:
        (r,) = fetch(s, ["/err"])
    assert not r.ok and r.status == 500
    assert r.reason == "HTTP 500 after 3 tries"
    assert s.count("/err") == 3


def test_a_slow_server_times_out():
    def slow(h, n):
        time.sleep(3)
        page()(h, n)
    with Server({**ROBOTS, "/slow": slow}) as s:
        started = time.monotonic()
        (r,) = fetch(s, ["/slow"], Settings(delay=0, timeout=0.5, retries=0))
    assert not r.ok and r.reason == "timed out after 0.5 s"
    assert time.monotonic() - started < 2.5


def test_a_50_mb_body_is_cut_off():
    def huge(h, n):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65533 + b"</p>"
        try:
            for _ in range(50 * 16):  # 50 MB, no Content-Length
                h.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
    with Server({**ROBOTS, "/huge": huge, "/declared": page(b"x" * 2_000_000)}) as s:
        huge_r, declared = fetch(s, ["/huge", "/declared"], Settings(delay=0, max_bytes=1_000_000, retries=0))
    assert not huge_r.ok and huge_r.reason == "body cut off at the 1,000,000-byte cap" and huge_r.text is None
    assert not declared.ok and declared.reason == "body of 2,000,000 bytes is over the 1,000,000-byte cap"


def test_latin1_and_bom_pages_decode():
    latin = "<html><body><p>Kafé di Medan: harga Rp5.000</p></body></html>".encode("latin-1")
    bom = b"\xef\xbb\xbf" + "<html><body><p>Kafé – Rp5.000</p></body></html>".encode("utf-8")
    meta_only = b'<html><head><meta charset="iso-8859-1"></head><body><p>Kaf\xe9</p></body></html>'
    with Server({**ROBOTS, "/latin": page(latin, content_type="text/html; charset=iso-8859-1"),
                 "/bom": page(bom, content_type="text/html"), "/meta": page(meta_only, content_type="text/html")}) as s:
        latin_r, bom_r, meta_r = fetch(s, ["/latin", "/bom", "/meta"])
    assert "Kafé di Medan" in latin_r.text
    assert bom_r.text.startswith("<html>") and "Kafé – Rp5.000" in bom_r.text
    assert "Kafé" in meta_r.text


def test_a_redirect_loop_stops_and_redirects_are_limited():
    routes = {**ROBOTS,
              "/loop1": lambda h, n: send(h, 302, b"", headers={"Location": "/loop2"}),
              "/loop2": lambda h, n: send(h, 302, b"", headers={"Location": "/loop1"})}
    for i in range(10):
        routes[f"/chain{i}"] = (lambda i: lambda h, n: send(h, 301, b"", headers={"Location": f"/chain{i + 1}"}))(i)
    routes["/moved"] = lambda h, n: send(h, 301, b"", headers={"Location": "/ok"})
    routes["/ok"] = page()
    with Server(routes) as s:
        loop, chain, moved = fetch(s, ["/loop1", "/chain0", "/moved"])
    assert not loop.ok and loop.reason == f"redirect loop at {s.url}/loop1"
    assert s.count("/loop1") == 1 and s.count("/loop2") == 1
    assert not chain.ok and chain.reason == "more than 5 redirects"
    assert moved.ok and moved.final_url == s.url + "/ok"


def test_non_html_is_skipped_with_a_reason():
    with Server({**ROBOTS, "/report.pdf": page(b"%PDF-1.4", content_type="application/pdf")}) as s:
        (r,) = fetch(s, ["/report.pdf"])
    assert not r.ok and r.reason == "not HTML (application/pdf)"


def test_conditional_get_uses_etag_and_last_modified():
    def cached(h, n):
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.send_header("Content-Length", "0")
            h.end_headers()
        else:
            send(h, 200, ARTICLE.encode(), headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Sep 2025 10:00:00 GMT"})
    with Server({**ROBOTS, "/a": cached}) as s:
        (first,) = fetch(s, ["/a"])
        (again,) = fetch(s, ["/a"], etag=first.etag, last_modified=first.last_modified)
    assert first.ok and first.etag == '"v1"' and first.last_modified
    assert again.ok and again.not_modified and again.text is None
    sent = [h for p, _, h in s.hits if p == "/a"][1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == first.last_modified


def test_requests_to_one_host_are_spaced_and_say_who_we_are():
    with Server({**ROBOTS, **{f"/p{i}": page() for i in range(4)}}) as s:
        fetch(s, [f"/p{i}" for i in range(4)], Settings(delay=0.3, retries=0))
    times = sorted(t for p, t, _ in s.hits if p.startswith("/p"))
    assert all(b - a >= 0.28 for a, b in zip(times, times[1:]))
    assert all(h["User-Agent"].startswith("indonews-extractor/") for _, _, h in s.hits)


def test_robots_crawl_delay_is_honoured():
    robots = {"/robots.txt": lambda h, n: send(h, 200, b"User-agent: *\nCrawl-delay: 0.5\n", "text/plain")}
    with Server({**robots, "/a": page(), "/b": page()}) as s:
        fetch(s, ["/a", "/b"], Settings(delay=0, retries=0))
    times = sorted(t for p, t, _ in s.hits if p in ("/a", "/b"))
    assert times[1] - times[0] >= 0.45


def test_unreachable_robots_means_no_fetching():
    with Server({"/robots.txt": lambda h, n: send(h, 503, b"", "text/plain"), "/a": page()}) as s:
        (r,) = fetch(s, ["/a"], Settings(delay=0, retries=0))
    assert not r.ok and "robots.txt answered HTTP 503" in r.reason and s.count("/a") == 0


def test_crawl_of_the_bundled_site_fetches_every_page_once():
    want = {json.loads(line)["title"]: json.loads(line) for line in open(ROOT / "corpus" / "articles.jsonl", encoding="utf-8")}

    async def crawl(base):
        async with Fetcher(Settings(delay=0)) as f:
            found = await discover(f, [base + "/sitemap.xml", base + "/feed.xml", base + "/"])
            return found, await asyncio.gather(*(fetch_article(f, link.url) for link in found.links))

    with LocalSite(ROOT / "corpus" / "site") as site:
        found, results = asyncio.run(crawl(site.url))
        requests = site.requests
    assert not found.failures
    assert len(found.links) == len(want)  # the articles; not the draft the front page's menu links to
    assert found.refused == 1             # (robots.txt disallows it)
    for page_, article in results:
        assert page_.ok and article.text == want[article.title]["text"]
    assert not any(r.startswith("/internal/") for r in requests)
    assert len(requests) == len(set(requests))      # every page exactly once
    assert sum(1 for r in requests if r.endswith("/2") and not r.startswith("/page/")) == 2  # second pages joined
    assert "/page/2" in requests  # the front page's own page 2


def test_single_page_view_is_read_when_the_outlet_has_one(monkeypatch):
    from extractor.web.sites import Site

    monkeypatch.setattr("extractor.web.scrape.site_for", lambda url: Site(name="Contoh", domains=(), all_pages="page=all"))
    first = ("<html><body><h1>Ekspor</h1><div class='article-content'><p>Paragraf pertama tentang ekspor yang naik "
             "lima persen pada April menurut data resmi.</p></div><a rel='next' href='/a/2'>Halaman 2</a></body></html>")
    whole = first.replace("</p></div>", "</p><p>Paragraf kedua: impor turun dua persen pada periode yang sama.</p></div>")
    with Server({**ROBOTS, "/a": page(first.encode()), "/a?page=all": page(whole.encode()), "/a/2": page()}) as s:
        async def run():
            async with Fetcher(FAST) as f:
                return await fetch_article(f, s.url + "/a")
        _, article = asyncio.run(run())
    assert article.text.endswith("impor turun dua persen pada periode yang sama.")
    assert s.count("/a?page=all") == 1 and s.count("/a/2") == 0
