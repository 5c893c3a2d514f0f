"""The store in a browser: Datasette with our metadata (what every table and column holds, from
schema.py), facets, figures written the Indonesian way, article titles and region names beside
ids and codes, canned queries for the questions people ask, and a fact-check page per article.

Nothing here writes to the store; the raw values stay what Datasette's JSON and CSV give.
"""
from __future__ import annotations

import asyncio
import json
import socket
import sys
from pathlib import Path

from markupsafe import Markup, escape

from ..errors import ExtractorError
from ..numfmt import number, quantity
from .schema import DESCRIPTIONS, NAMES, TABLES
from .store import Store

STORE_TABLES = {  # the store's own bookkeeping, described for a reader who wanders there
    "frontier": "every URL the crawl found, once: state pending, fetching, done or failed, and why",
    "fetches": "the fetch log: every request with its status, reason, tries and seconds",
    "stories": "which articles are copies of one story (near-duplicate bodies)",
}
FACETS = {
    "articles": ["outlet", "section"],
    "figures": ["unit", "role", "year", "region", "speaker"],
    "officials": ["org", "title"],
    "regions": ["name"],
    "relations": ["type", "verdict"],
}
STATED = "CASE r.type WHEN 'share_of' THEN r.percent WHEN 'sum_of' THEN r.whole ELSE r.rate END"
NOT_A_COPY = "COALESCE((SELECT duplicate FROM stories s WHERE s.article_id = {key}), 0) = 0"

QUERIES = {  # SQL hidden on the page (one click shows it): people read the answers
    "alarms": {
        "title": "Alarms: figures that do not add up",
        "description": "Every relation whose arithmetic fails even with rounding allowed: the article, the sentence "
                       "with the stated figure, what the other figures give, and where to read it.",
        "sql": f"""SELECT a.title AS article, a.outlet, substr(a.published, 1, 10) AS published, r.type AS relation,
  st.text AS stated, recomputed(r.type, r.computed, st.unit, st.item) AS recomputed,
  sentence_at(a.text, st.start) AS sentence, a.url, a.id AS fact_check
FROM relations r
JOIN articles a ON a.id = r.article_id
LEFT JOIN figures st ON st.article_id = r.article_id AND st.n = {STATED}
WHERE r.verdict = 'inconsistent'
ORDER BY a.published DESC, a.id, r.n""",
    },
    "targets": {
        "title": "Targets by speaker and year",
        "description": "Figures stated as targets, with who stated them, for a year and a speaker (leave either "
                       "empty for all); each story counted once.",
        "sql": f"""SELECT f.year, f.speaker, f.metric, f.text AS as_written, figure_of(f.value, f.low, f.high, f.unit, f.item, f.approx) AS figure,
  f.region, a.outlet, a.title AS article, f.article_id
FROM figures f JOIN articles a ON a.id = f.article_id
WHERE f.role = 'target' AND f.speaker IS NOT NULL AND {NOT_A_COPY.format(key='f.article_id')}
  AND (:year = '' OR f.year = CAST(:year AS INTEGER))
  AND (:speaker = '' OR f.speaker LIKE '%' || :speaker || '%')
ORDER BY f.year DESC, f.speaker, f.article_id, f.n""",
    },
    "figures_by_region": {
        "title": "Figures by region",
        "description": "Which regions have the most figures: figures, targets and articles per region code "
                       "(the region its sentence names); each story counted once.",
        "sql": f"""SELECT f.region, count(*) AS figures, sum(f.role = 'target') AS targets,
  count(DISTINCT f.article_id) AS articles
FROM figures f
WHERE f.region IS NOT NULL AND {NOT_A_COPY.format(key='f.article_id')}
GROUP BY f.region ORDER BY figures DESC""",
    },
    "stories_in_several_outlets": {
        "title": "Stories covered by several outlets",
        "description": "Stories (near-duplicate or syndicated bodies) that more than one outlet published.",
        "sql": """SELECT s.story_id, (SELECT title FROM articles WHERE id = s.story_id) AS title,
  count(DISTINCT a.outlet) AS outlets, group_concat(DISTINCT a.outlet) AS which, count(*) AS articles,
  min(a.published) AS first_published
FROM stories s JOIN articles a ON a.id = s.article_id
GROUP BY s.story_id HAVING count(DISTINCT a.outlet) > 1
ORDER BY outlets DESC, articles DESC""",
    },
}


def metadata(database: str) -> dict:
    """Datasette metadata for a store served under the name `database`."""
    tables = {name: {"description": DESCRIPTIONS[name], "columns": {c: d for c, _, d in TABLES[name]},
                     "facets": FACETS[name]} for name in NAMES}
    tables["articles"]["label_column"] = "title"
    tables["articles"]["columns"]["minhash"] = "the body's MinHash signature (finds near-duplicate copies)"
    tables["regions"]["label_column"] = "name"
    tables |= {name: {"description": text} for name, text in STORE_TABLES.items()}
    tables["meta"] = {"hidden": True}
    queries = {name: dict(query, hide_sql=True) for name, query in QUERIES.items()}
    return {
        "title": "indonews-extractor dataset",
        "description": "Figures, officials, regions and fact-checked relations extracted from Indonesian business news. "
                       "Start with the queries below; every table and column says what it holds.",
        "databases": {database: {"tables": tables, "queries": queries}},
    }


# ---- the Datasette plugin: SQL functions, cells, the fact-check page -------------------------------

def sentence_at(text: str | None, start: int | None, reach: int = 600) -> str | None:
    """The sentence around character `start`: from the previous sentence end (`. ` before a
    capital or quote, or a line break) to the next, at most `reach` characters each way."""
    if not text or start is None:
        return None
    lo = start
    while lo > 0 and start - lo < reach and not _ends_before(text, lo):
        lo -= 1
    hi = start
    while hi < len(text) and hi - start < reach and not _ends_before(text, hi):
        hi += 1
    return text[lo:hi].strip()


def _ends_before(text: str, i: int) -> bool:
    """A sentence ends just before position i."""
    if text[i - 1] == "\n" or text[i] == "\n":
        return True
    return (text[i - 1] == " " and i >= 2 and text[i - 2] in ".!?" and (text[i].isupper() or text[i] in "\"“'"))


def _recomputed(kind, computed, unit, item) -> str | None:
    if computed is None:
        return None
    return quantity({"value": computed, "unit": unit if kind == "sum_of" else "%", "item": item})


def _figure_of(value, low, high, unit, item, approx) -> str:
    return quantity({"value": value, "low": low, "high": high, "unit": unit, "item": item, "approx": approx})


def prepare_connection(conn, database, datasette) -> None:
    conn.create_function("sentence_at", 2, sentence_at, deterministic=True)
    conn.create_function("recomputed", 4, _recomputed, deterministic=True)
    conn.create_function("figure_of", 6, _figure_of, deterministic=True)


_REGION_COLUMNS = {None: "region", "figures": "region", "articles": "dateline_region", "regions": "code"}


def render_cell(row, value, column, table, database, datasette):
    """Titles beside article ids, names beside region codes, figures the Indonesian way, a link to
    each article's fact-check page."""
    if value is None or database is None:
        return None
    base = datasette.urls.database(database)
    if column in ("article_id", "story_id") or (table == "articles" and column == "id") or column == "fact_check":
        return _article_cell(datasette, database, base, str(value), label=column != "fact_check" and table != "articles")
    if _REGION_COLUMNS.get(table) == column:
        return _region_cell(datasette, database, str(value))
    keys = row.keys() if hasattr(row, "keys") else []
    if table == "figures" and column in ("value", "low", "high", "rounding") and "unit" in keys:
        item = row["item"] if "item" in keys else None
        return Markup(f'<span title="{escape(value)}">{escape(quantity({"value": value, "unit": row["unit"], "item": item}))}</span>')
    if table == "relations" and column in ("computed", "difference") and isinstance(value, float):
        return Markup(f'<span title="{escape(value)}">{escape(number(value))}</span>')
    return None


def _article_cell(datasette, database: str, base: str, aid: str, label: bool):
    async def inner():
        check = f'<a class="fact-check" href="{escape(datasette.urls.path(f"-/fact-check/{database}/{aid}"))}">fact-check</a>'
        if not label:
            return Markup(f"{escape(aid)} · {check}")
        rows = await datasette.get_database(database).execute("SELECT title FROM articles WHERE id = ?", [aid])
        title = (rows.first() or [None])[0] or aid
        return Markup(f'<a href="{escape(base)}/articles/{escape(aid)}">{escape(title)}</a> · {check}')

    return inner


def _region_cell(datasette, database: str, code: str):
    async def inner():
        rows = await datasette.get_database(database).execute(
            "SELECT name FROM regions WHERE code = ? AND name IS NOT NULL LIMIT 1", [code])
        name = (rows.first() or [None])[0]
        return Markup(f"{escape(code)} <small>{escape(name)}</small>" if name else escape(code))

    return inner


async def fact_check_page(request, datasette):
    """One article drawn as `extractor check --html` draws it: every figure highlighted by role,
    the relations with their verdicts."""
    from datasette.utils.asgi import NotFound, Response

    from ..nlp.report import html_report

    database, aid = request.url_vars["database"], request.url_vars["article_id"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"no database {database}") from None
    record = await db.execute_fn(lambda conn: article_record(conn, aid))
    if record is None:
        raise NotFound(f"no article {aid}")
    back = f'<p><a href="{escape(datasette.urls.database(database))}/articles/{escape(aid)}">the article in the dataset</a>' \
           f' · <a href="{escape(datasette.urls.database(database))}/alarms">all alarms</a></p>'
    page = html_report([record], title=f"Fact-check: {record['title'] or aid}")
    return Response.html(page.replace("<body>", "<body>" + back, 1))


def article_record(conn, aid: str) -> dict | None:
    """An article as the extraction record the reports read: body, figures, relations."""
    found = conn.execute("SELECT id, url, title, text FROM articles WHERE id = ?", [aid]).fetchone()
    if found is None:
        return None
    record = dict(zip(("id", "url", "title", "text"), found))
    fields = ("text", "start", "end", "value", "low", "high", "unit", "item", "approx", "role", "year", "metric")
    record["quantities"] = [dict(zip(fields, row)) for row in conn.execute(
        f"SELECT {_columns(fields)} FROM figures WHERE article_id = ? ORDER BY n", [aid])]
    record["relations"] = []
    links = ("whole", "part", "percent", "rate", "start", "end")
    said = ("rate_kind", "direction", "gap", "expected", "slips", "explanation")
    for row in conn.execute(f"SELECT type, verdict, computed, difference, {_columns(links)}, parts, "
                            f"{_columns(said)} FROM relations WHERE article_id = ? ORDER BY n", [aid]):
        relation = dict(zip(("type", "verdict", "computed", "difference"), row[:4]))
        relation |= {k: v for k, v in zip(links, row[4:10]) if v is not None}
        if row[10]:
            relation["parts"] = json.loads(row[10])
        relation |= {k: v.split("; ") if k in ("expected", "slips") else v for k, v in zip(said, row[11:]) if v is not None}
        record["relations"].append(relation)
    return record


def _columns(names) -> str:
    return ", ".join(f'"{c}"' for c in names)


_ARTICLE_PAGE = """
const h1 = document.querySelector('h1'), title = document.querySelector('td.col-title');
const check = document.querySelector('td.col-id a.fact-check');
if (h1 && title && title.textContent.trim()) h1.textContent = title.textContent.trim();
if (h1 && check) {
  const p = document.createElement('p'), a = document.createElement('a');
  p.className = 'fact-check-top';
  a.href = check.getAttribute('href');
  a.textContent = 'Fact-check this article: its figures highlighted, and whether the stated figures add up';
  p.appendChild(a);
  h1.after(p);
}
"""


def extra_body_script(view_name, table):
    """On an article's page: its title as the heading and the link to its fact-check at the top."""
    return _ARTICLE_PAGE if view_name == "row" and table == "articles" else None


def register_routes(datasette):
    return [(r"^/-/fact-check/(?P<database>[^/]+)/(?P<article_id>[^/]+)$", fact_check_page)]


def _register() -> None:
    from datasette import hookimpl
    from datasette.plugins import pm

    if pm.get_plugin("extractor-browse") is None:
        module = sys.modules[__name__]
        for name in ("prepare_connection", "render_cell", "register_routes", "extra_body_script"):
            hookimpl(getattr(module, name))
        pm.register(module, name="extractor-browse")


# ---- serving --------------------------------------------------------------------------------------

def app(path: str | Path):
    """The Datasette instance for a store (checked first: a file that is not a store is one line)."""
    from datasette.app import Datasette

    path = Path(path)
    Store(path, create=False).close()
    _register()
    return Datasette([str(path)], metadata=metadata(path.stem),
                     settings={"truncate_cells_html": 400, "sql_time_limit_ms": 5000, "facet_time_limit_ms": 500})


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def serve(path: str | Path, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False) -> None:
    """Serve a store until Ctrl-C."""
    import uvicorn

    ds = app(path)
    asyncio.run(ds.invoke_startup())
    port = port or free_port(host)
    url = f"http://{host}:{port}/{Path(path).stem}"
    print(f"serving {path} at {url} (alarms: {url}/alarms); Ctrl-C stops", file=sys.stderr, flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(f"{url}/alarms")
    try:
        uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
    except SystemExit as err:  # uvicorn exits when it cannot listen
        raise ExtractorError(f"{host}:{port}", "cannot listen there (port in use?)") from err
