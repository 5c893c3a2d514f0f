"""Fact-check reports: a readable terminal summary and a self-contained HTML page.

The HTML page embeds the records as JSON and draws the article with every figure highlighted by
role (hover for offsets, value, unit, year), and the relations with their verdicts. It needs no
network: one file, opened in any browser.
"""
from __future__ import annotations

import html
import json

from ..numfmt import number as _num, quantity


def describe(relation: dict, quantities: list[dict]) -> str:
    """One line saying what the relation claims and what the arithmetic gives."""
    q = lambda i: quantities[i]["text"]  # noqa: E731
    kind = relation["type"]
    if kind == "share_of":
        claim = f"{q(relation['part'])} / {q(relation['whole'])} = {_num(relation['computed'])}%, stated {q(relation['percent'])}"
    elif kind == "sum_of":
        claim = f"{' + '.join(q(i) for i in relation['parts'])} = {_num(relation['computed'])}, stated {q(relation['whole'])}"
    elif kind == "change_of":
        claim = f"{q(relation['start'])} -> {q(relation['end'])} = {_num(relation['computed'])}%, stated {q(relation['rate'])}"
    else:
        claim = kind
    verdict = relation["verdict"]
    if verdict == "inconsistent":
        verdict = f"INCONSISTENT (off by {_num(relation['difference'])})"
    return f"{kind:<10} {claim}  ->  {verdict}"


def terminal_report(record: dict) -> str:
    head = record.get("title") or record.get("url") or record["id"]
    quantities = record["quantities"]
    relations = record["relations"]
    counts = {v: sum(r["verdict"] == v for r in relations) for v in ("consistent", "inconsistent", "unverifiable")}
    lines = [f"# {head}",
             f"  {len(quantities)} figures, {len(relations)} relations: {counts['consistent']} consistent, "
             f"{counts['inconsistent']} inconsistent, {counts['unverifiable']} unverifiable"]
    lines += [f"  {describe(r, quantities)}" for r in relations]
    return "\n".join(lines)


_STYLE = """
body { font: 16px/1.6 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
article { border-top: 1px solid #ccc; padding-top: 1rem; margin-bottom: 3rem; }
.body { white-space: pre-wrap; }
mark.fig { border-radius: .2em; cursor: help; }
mark.fig, .legend mark { padding: 0 .15em; }
mark.role-actual { background: #dbeafe; } mark.role-target { background: #fde68a; }
mark.role-forecast { background: #e9d5ff; } mark.role-change { background: #bbf7d0; }
mark.role-share { background: #fecaca; }
mark.flagged { outline: 2px solid #b91c1c; }
.legend span { margin-right: 1em; padding: 0 .3em; }
table { border-collapse: collapse; margin-top: 1rem; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
tr.inconsistent td.verdict { color: #b91c1c; font-weight: bold; } tr.consistent td.verdict { color: #15803d; }
"""

_SCRIPT = """
const records = JSON.parse(document.getElementById('records').textContent);
const root = document.getElementById('articles');
const fmt = v => v === null || v === undefined ? '' : String(v);
for (const rec of records) {
  const art = document.createElement('article');
  art.dataset.id = rec.id;
  const h = document.createElement('h2');
  h.textContent = rec.title || rec.url || rec.id;
  art.appendChild(h);
  const flagged = new Set();
  for (const r of rec.relations) if (r.verdict === 'inconsistent')
    for (const k of ['part', 'whole', 'percent', 'rate', 'start', 'end']) if (k in r) flagged.add(r[k]);
  for (const r of rec.relations) if (r.verdict === 'inconsistent' && r.parts) r.parts.forEach(i => flagged.add(i));
  const body = document.createElement('div');
  body.className = 'body';
  let pos = 0;
  rec.quantities.forEach((q, i) => {
    body.appendChild(document.createTextNode(rec.text.slice(pos, q.start)));
    const m = document.createElement('mark');
    m.className = 'fig role-' + q.role + (flagged.has(i) ? ' flagged' : '');
    Object.assign(m.dataset, {index: i, start: q.start, end: q.end, value: fmt(q.value), low: fmt(q.low),
                              high: fmt(q.high), unit: q.unit, role: q.role, year: fmt(q.year)});
    m.title = `${q.role} · ${rec.shown[i]}` + ` · year ${fmt(q.year) || '?'} · chars ${q.start}–${q.end}` +
              (q.metric ? ` · ${q.metric}` : '');
    m.textContent = rec.text.slice(q.start, q.end);
    body.appendChild(m);
    pos = q.end;
  });
  body.appendChild(document.createTextNode(rec.text.slice(pos)));
  art.appendChild(body);
  if (rec.relations.length) {
    const table = document.createElement('table');
    table.innerHTML = '<tr><th>relation</th><th>claim</th><th>verdict</th></tr>';
    rec.relations.forEach((r, k) => {
      const tr = document.createElement('tr');
      tr.className = 'relation ' + r.verdict;
      tr.innerHTML = '<td></td><td></td><td class="verdict"></td>';
      tr.children[0].textContent = r.type;
      tr.children[1].textContent = rec.claims[k];
      tr.children[2].textContent = r.verdict + (r.verdict === 'inconsistent' ? ` (off by ${rec.off[k]})` : '');
      table.appendChild(tr);
    });
    art.appendChild(table);
  }
  root.appendChild(art);
}
document.body.dataset.rendered = 'yes';
"""


def html_report(records: list[dict], title: str = "Fact-check report") -> str:
    """A self-contained HTML page for the records (no external resources)."""
    slim = []
    for r in records:
        slim.append({k: r.get(k) for k in ("id", "url", "title", "text", "quantities", "relations")}
                    | {"claims": [describe(rel, r["quantities"]).split("  ->  ")[0].split(None, 1)[1] for rel in r["relations"]],
                       "shown": [quantity(q) for q in r["quantities"]],  # values as readers write them
                       "off": [_num(rel.get("difference")) for rel in r["relations"]]})
    data = json.dumps(slim, ensure_ascii=False).replace("</", "<\\/")
    legend = "".join(f'<span><mark class="role-{role}">{role}</mark></span>'
                     for role in ("actual", "target", "forecast", "change", "share"))
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{_STYLE}</style></head>
<body><h1>{html.escape(title)}</h1><p class="legend">{legend}</p><div id="articles"></div>
<script type="application/json" id="records">{data}</script>
<script>{_SCRIPT}</script></body></html>
"""
