"""Outlet profiles (patterns/sites/*.toml): where each outlet keeps its title, body, byline, dates,
index pages, sitemaps and feeds. Adding an outlet is adding a file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..rules import cached, patterns_dir, read_toml


@dataclass(frozen=True)
class Site:
    name: str
    domains: tuple[str, ...]
    saved_page: bool = True             # false: no saved page of the outlet to check the selectors against
    article_url: re.Pattern | None = None
    section_url: re.Pattern | None = None
    url_time: re.Pattern | None = None
    date_is_local: bool = False
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    editor: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()
    all_pages: str = ""
    index: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    examples: tuple[dict, ...] = field(default=(), compare=False)

    def is_article(self, url: str) -> bool:
        return bool(self.article_url and self.article_url.search(url))


GENERIC = Site(name="", domains=())
_REGEX_FIELDS = ("article_url", "section_url", "url_time")


def load_site(data: dict) -> Site:
    """A Site from a profile's TOML table; regexes compiled, lists made tuples."""
    values = {}
    for key, value in data.items():
        if key in _REGEX_FIELDS:
            value = re.compile(value)
        elif key == "url_date":
            key, value = "url_time", re.compile(value)
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    return Site(**values)


@cached
def sites() -> dict[str, Site]:
    """Every profile by file stem (`kompas`, `detik`...)."""
    out = {}
    for path in sorted((patterns_dir() / "sites").glob("*.toml")):
        out[path.stem] = load_site(read_toml(f"sites/{path.name}"))
    return out


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def site_for(url: str | None) -> Site:
    """The profile whose domain the URL's host is (or ends in); GENERIC when none is."""
    host = host_of(url or "")
    for site in sites().values():
        if any(host == d or host.endswith("." + d) for d in site.domains):
            return site
    return GENERIC


def site_named(name: str) -> Site | None:
    """A profile by file stem, outlet name or domain, case ignored (`kompas`, `Kompas`, `kompas.com`)."""
    key = name.lower().strip()
    for stem, site in sites().items():
        if key in (stem, site.name.lower(), *site.domains):
            return site
    return None
