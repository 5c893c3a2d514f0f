"""Fact-check reports: a readable terminal summary and a self-contained HTML page.

The HTML page is written complete: a summary (articles, relations checked, every alarm linked),
then each article under its title with its source linked, its body with every figure highlighted
by role, and one plain sentence per relation. Alarms and their figures link to each other both
ways (`#a3-r1` <-> `#a3-q7`); a figure that is linked to is highlighted by CSS, so all of it works
without JavaScript. The small script only adds interaction: clicking a relation lights all its
figures, and a box hides the articles without alarms (for reports on hundreds of articles).
"""
from __future__ import annotations

import html
import json

from ..numfmt import quantity

VERDICT_WORDS = {"consistent": "adds up", "immaterial": "off within rounding", "inconsistent": "DOES NOT ADD UP",
                 "unverifiable": "cannot be checked"}
MEMBER_KEYS = ("part", "whole", "percent", "rate", "start", "end")
NONE_FOUND = "no checkable statement found"


def members(relation: dict) -> list[int]:
    """The indices of a relation's figures, in the record's `quantities`."""
    return [relation[k] for k in MEMBER_KEYS if isinstance(relation.get(k), int)] + list(relation.get("parts") or [])


def describe(relation: dict, quantities: list[dict]) -> str:
    """One line: the relation, its verdict, and for an alarm what would agree."""
    line = f"{relation['type']:<10} {VERDICT_WORDS.get(relation['verdict'], relation['verdict'])}: {relation.get('explanation', '')}"
    if relation["verdict"] == "inconsistent":
        if relation.get("expected"):
            line += "\n             to agree: " + "  or  ".join(relation["expected"])
        if relation.get("slips"):
            line += "\n             likely digit slip: " + "  or  ".join(relation["slips"])
    return line


def _counts(relations: list[dict]) -> dict:
    return {v: sum(r["verdict"] == v for r in relations) for v in VERDICT_WORDS}


def terminal_report(record: dict) -> str:
    head = record.get("title") or record.get("url") or record["id"]
    relations = record["relations"]
    lines = [f"# {head}"]
    if record.get("url"):
        lines.append(f"  {record['url']}")
    if not relations:
        lines.append(f"  {len(record['quantities'])} figures, {NONE_FOUND}")
        return "\n".join(lines)
    c = _counts(relations)
    lines.append(f"  {len(record['quantities'])} figures, {len(relations)} relations checked: {c['inconsistent']} alarm(s), "
                 f"{c['consistent']} consistent, {c['immaterial']} immaterial, {c['unverifiable']} unverifiable")
    lines += [f"  {describe(r, record['quantities'])}" for r in relations]
    return "\n".join(lines)


_STYLE = """
body { font: 16px/1.6 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
article { border-top: 1px solid #ccc; padding-top: 1rem; margin-bottom: 3rem; }
.body { white-space: pre-wrap; }
mark.fig { border-radius: .2em; padding: 0 .15em; color: inherit; text-decoration: none; }
mark.role-actual { background: #dbeafe; } mark.role-target { background: #fde68a; }
mark.role-forecast { background: #e9d5ff; } mark.role-change { background: #bbf7d0; }
mark.role-share { background: #fecaca; }
mark.flagged { outline: 2px solid #b91c1c; }
mark.fig:target, mark.fig.lit { outline: 3px solid #111; background: #fb923c; }
li.relation:target, li.relation.lit { background: #fef3c7; }
.legend span { margin-right: 1em; }
li.inconsistent .verdict { color: #b91c1c; font-weight: bold; } li.consistent .verdict { color: #15803d; }
li.immaterial .verdict { color: #92400e; }
.none { color: #666; font-style: italic; }
body.alarms-only article:not(.has-alarm) { display: none; }
"""

_SCRIPT = """
const data = JSON.parse(document.getElementById('relation-figures').textContent);
function light(rel) {
  document.querySelectorAll('.lit').forEach(e => e.classList.remove('lit'));
  const figs = data[rel.id] || [];
  rel.classList.add('lit');
  figs.forEach(id => { const m = document.getElementById(id); if (m) m.classList.add('lit'); });
}
document.querySelectorAll('li.relation').forEach(rel => rel.addEventListener('click', () => light(rel)));
const target = location.hash && document.getElementById(location.hash.slice(1));
if (target && target.matches('li.relation')) light(target);
const box = document.getElementById('alarms-only');
box.hidden = false;
box.querySelector('input').addEventListener('change', e => document.body.classList.toggle('alarms-only', e.target.checked));
document.body.dataset.interactive = 'yes';
"""


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _json_for_script(value) -> str:
    """JSON that cannot end or comment out its <script> element (`</script`, `<!--`, `<script`)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _body(record: dict, k: int, flagged: dict[int, list[str]]) -> str:
    text, out, pos = record["text"], [], 0
    for i, q in enumerate(record["quantities"]):
        if q["start"] < pos:
            continue
        out.append(_esc(text[pos:q["start"]]))
        tip = (f"{q.get('role')} · {quantity(q)}" +
               f" · year {q.get('year') or '?'} · chars {q['start']}–{q['end']}" + (f" · {q['metric']}" if q.get("metric") else ""))
        cls = f"fig role-{q.get('role')}" + (" flagged" if i in flagged else "")
        alarm = f'<a href="#{flagged[i][0]}">{_esc(text[q["start"]:q["end"]])}</a>' if i in flagged else _esc(text[q["start"]:q["end"]])
        out.append(f'<mark class="{cls}" id="a{k}-q{i}" data-index="{i}" title="{_esc(tip)}">{alarm}</mark>')
        pos = q["end"]
    out.append(_esc(text[pos:]))
    return "".join(out)


def _relation_item(record: dict, k: int, j: int, r: dict) -> str:
    q = record["quantities"]
    links = ", ".join(f'<a href="#a{k}-q{i}">{_esc(q[i]["text"])}</a>' for i in members(r) if 0 <= i < len(q))
    extra = ""
    if r["verdict"] == "inconsistent":
        if r.get("expected"):
            extra += "<br>To agree: " + " <i>or</i> ".join(_esc(e) for e in r["expected"])
        if r.get("slips"):
            extra += "<br>Likely digit slip: " + " <i>or</i> ".join(_esc(e) for e in r["slips"])
    return (f'<li class="relation {r["verdict"]}" id="a{k}-r{j}" data-type="{r["type"]}">'
            f'<span class="verdict">{_esc(VERDICT_WORDS.get(r["verdict"], r["verdict"]))}</span> · {_esc(r["type"])} · '
            f'{_esc(r.get("explanation", ""))} <span class="figures">(figures: {links})</span>{extra}</li>')


def html_report(records: list[dict], title: str = "Fact-check report") -> str:
    """A self-contained HTML page for the records (no external resources; complete without scripts)."""
    articles, alarms, figure_map = [], [], {}
    total_relations = 0
    for k, rec in enumerate(records):
        relations = rec.get("relations") or []
        total_relations += len(relations)
        flagged: dict[int, list[str]] = {}
        for j, r in enumerate(relations):
            figure_map[f"a{k}-r{j}"] = [f"a{k}-q{i}" for i in members(r)]
            if r["verdict"] == "inconsistent":
                alarms.append((k, j, rec, r))
                for i in members(r):
                    flagged.setdefault(i, []).append(f"a{k}-r{j}")
        heading = rec.get("title") or rec.get("url") or rec.get("id")
        source = f'<p class="source"><a href="{_esc(rec["url"])}" rel="noreferrer">{_esc(rec["url"])}</a></p>' if rec.get("url") else ""
        items = "".join(_relation_item(rec, k, j, r) for j, r in enumerate(relations))
        listing = f'<ul class="relations">{items}</ul>' if relations else f'<p class="none">{NONE_FOUND}</p>'
        cls = "has-alarm" if any(r["verdict"] == "inconsistent" for r in relations) else ""
        articles.append(f'<article id="a{k}" class="{cls}" data-id="{_esc(rec.get("id"))}"><h2>{_esc(heading)}</h2>{source}'
                        f'{listing}<div class="body">{_body(rec, k, flagged)}</div></article>')
    alarm_items = "".join(
        f'<li><a href="#a{k}-r{j}">{_esc(rec.get("title") or rec.get("id"))}</a>: {_esc(r.get("explanation", ""))}</li>'
        for k, j, rec, r in alarms)
    summary = (f'<section id="summary"><p>{len(records)} article(s), {total_relations} relation(s) checked, '
               f'<strong>{len(alarms)} alarm(s)</strong>.</p>' +
               (f'<ol class="alarms">{alarm_items}</ol>' if alarms else "<p>No stated figure fails to add up.</p>") + "</section>")
    legend = "".join(f'<span><mark class="fig role-{role}">{role}</mark></span>'
                     for role in ("actual", "target", "forecast", "change", "share"))
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{_esc(title)}</title><style>{_STYLE}</style></head>
<body><h1>{_esc(title)}</h1>{summary}<p class="legend">{legend}</p>
<label id="alarms-only" hidden><input type="checkbox"> show only articles with alarms</label>
<div id="articles">{"".join(articles)}</div>
<script type="application/json" id="relation-figures">{_json_for_script(figure_map)}</script>
<script>{_SCRIPT}</script></body></html>
"""
