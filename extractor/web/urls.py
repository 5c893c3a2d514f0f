"""Which URLs may be fetched: http(s) with a host and a valid port, nothing else. Every URL a crawl
meets (a seed, a sitemap's <loc>, a link, a redirect's Location) passes here first."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL = 4096  # longer is not a page address but an attack or an error
_BAD_HOST = re.compile(r"[\s\x00-\x1f\x7f/\\?#@<>\"'`{}|^%]")


def url_problem(url: str) -> str | None:
    """None when `url` is an http(s) URL we can fetch, else why not, in a few words."""
    if not isinstance(url, str) or not url:
        return "empty URL"
    if len(url) > MAX_URL:
        return f"URL of {len(url):,} characters (over {MAX_URL:,})"
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        return f"not an http(s) URL ({scheme + ':' if scheme else 'no scheme'})"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:  # "Invalid IPv6 URL", "Port out of range 0-65535"
        return f"malformed URL ({err})"
    host = parts.hostname or ""
    if not host or _BAD_HOST.search(host):
        return "malformed URL (no valid host)"
    if port == 0:
        return "malformed URL (port 0)"
    return None
