"""Score extraction records against gold records (../shared/eval/SPEC.md), field by field.

A predicted quantity matches a gold one when the spans overlap, the unit is the same and the
value (or both ends of a range) is the same; each is matched at most once. Role, approx and year
are then scored as accuracy on the matched pairs.

Gold files whose relations name their members by span (relations-dev.jsonl) are scored on
relations alone (`score_relations`): a predicted relation matches a gold one of the same type
when each member's span overlaps the gold member's (a sum's parts one to one).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.fp += n_pred - tp
        self.fn += n_gold - tp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += bool(ok)
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def as_dict(self) -> dict:
        return {"accuracy": self.value, "right": self.right, "total": self.total}


@dataclass
class Scores:
    quantities: PRF = field(default_factory=PRF)
    officials: PRF = field(default_factory=PRF)
    regions: PRF = field(default_factory=PRF)
    relations: PRF = field(default_factory=PRF)
    role: Accuracy = field(default_factory=Accuracy)
    approx: Accuracy = field(default_factory=Accuracy)
    year: Accuracy = field(default_factory=Accuracy)
    item: Accuracy = field(default_factory=Accuracy)
    title_tokens: PRF = field(default_factory=PRF)
    org_tokens: PRF = field(default_factory=PRF)
    groupings: PRF = field(default_factory=PRF)
    quoted: Accuracy = field(default_factory=Accuracy)
    dateline: Accuracy = field(default_factory=Accuracy)
    articles: int = 0
    misses: list = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {"articles": self.articles}
        for name in ("quantities", "officials", "regions", "relations", "title_tokens", "org_tokens", "groupings"):
            out[name] = getattr(self, name).as_dict()
        for name in ("role", "approx", "year", "item", "quoted", "dateline"):
            out[name] = getattr(self, name).as_dict()
        return out


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def quantity_matches(pred: dict, gold: dict) -> bool:
    if pred["start"] >= gold["end"] or gold["start"] >= pred["end"]:
        return False
    if pred["unit"] != gold["unit"]:
        return False
    if gold.get("low") is not None or gold.get("high") is not None:
        return same_number(pred.get("low"), gold.get("low")) and same_number(pred.get("high"), gold.get("high"))
    return same_number(pred.get("value"), gold.get("value"))


def match_quantities(pred: list[dict], gold: list[dict]) -> dict[int, int]:
    """Gold index -> predicted index, one to one, in text order."""
    used: set[int] = set()
    pairs = {}
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and quantity_matches(p, g):
                pairs[gi] = pi
                used.add(pi)
                break
    return pairs


def _norm(text) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _tokens(text) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def score_article(scores: Scores, pred: dict, gold: dict) -> None:
    scores.articles += 1
    gq, pq = gold.get("quantities", []), pred.get("quantities", [])
    pairs = match_quantities(pq, gq)
    scores.quantities.add(len(pairs), len(pq), len(gq))
    for gi, pi in pairs.items():
        g, p = gq[gi], pq[pi]
        scores.role.add(p.get("role") == g.get("role"))
        scores.approx.add(bool(p.get("approx")) == bool(g.get("approx")))
        scores.year.add(p.get("year") == g.get("year"))
        scores.item.add(_norm(p.get("item")) == _norm(g.get("item")))
    matched_pred = set(pairs.values())
    for gi, g in enumerate(gq):
        if gi not in pairs:
            scores.misses.append(("missed", gold.get("id"), g))
    for pi, p in enumerate(pq):
        if pi not in matched_pred:
            scores.misses.append(("spurious", gold.get("id"), p))

    # officials: matched on the name
    gold_off = {_norm(o["name"]): o for o in gold.get("officials", [])}
    pred_off = {_norm(o["name"]): o for o in pred.get("officials", [])}
    common = gold_off.keys() & pred_off.keys()
    scores.officials.add(len(common), len(pred_off), len(gold_off))
    for name in common:
        g, p = gold_off[name], pred_off[name]
        gt, pt = _tokens(g.get("title")), _tokens(p.get("title"))
        overlap = sum(min(gt.count(t), pt.count(t)) for t in set(gt))
        scores.title_tokens.add(overlap, len(pt), len(gt))
        go, po = _tokens(g.get("org")), _tokens(p.get("org"))
        scores.org_tokens.add(sum(min(go.count(t), po.count(t)) for t in set(go)), len(po), len(go))
        scores.quoted.add(bool(p.get("quoted")) == bool(g.get("quoted")))

    gold_reg = {r["code"] for r in gold.get("regions", [])}
    pred_reg = {r["code"] for r in pred.get("regions", [])}
    scores.regions.add(len(gold_reg & pred_reg), len(pred_reg), len(gold_reg))
    gold_grp = {c for c in gold_reg if c.startswith("grp:")}
    pred_grp = {c for c in pred_reg if c.startswith("grp:")}
    scores.groupings.add(len(gold_grp & pred_grp), len(pred_grp), len(gold_grp))

    scores.dateline.add(_norm(pred.get("dateline")) == _norm(gold.get("dateline")))

    # relations: compared through the quantity matching
    to_pred = pairs
    gold_rel = {
        (r["type"], to_pred.get(r["part"]), to_pred.get(r["whole"]), to_pred.get(r["percent"]))
        for r in gold.get("relations", []) if r.get("type") == "share_of"
    }
    pred_rel = {
        (r["type"], r.get("part"), r.get("whole"), r.get("percent"))
        for r in pred.get("relations", []) if r.get("type") == "share_of"
    }
    scores.relations.add(len(gold_rel & pred_rel), len(pred_rel), len(gold_rel))


def score(preds: dict[str, dict], golds: list[dict]) -> Scores:
    """Score predictions (by id) against gold records; a missing prediction counts as empty."""
    scores = Scores()
    for gold in golds:
        score_article(scores, preds.get(gold["id"], {"id": gold["id"]}), gold)
    return scores


def report(scores: Scores) -> str:
    lines = [f"articles: {scores.articles}", "", f"{'field':<16}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'fp':>6}{'fn':>6}"]
    for name in ("quantities", "officials", "regions", "groupings", "relations"):
        s = getattr(scores, name)
        lines.append(f"{name:<16}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>7}{s.fp:>6}{s.fn:>6}")
    lines += ["", "on matched quantities:"]
    for name in ("role", "approx", "year", "item"):
        a = getattr(scores, name)
        lines.append(f"  {name:<14}{a.value:>8.3f}  ({a.right}/{a.total})")
    lines += ["on matched officials:",
              f"  {'title token-F1':<14}{scores.title_tokens.f1:>8.3f}",
              f"  {'org token-F1':<14}{scores.org_tokens.f1:>8.3f}",
              f"  {'quoted':<14}{scores.quoted.value:>8.3f}  ({scores.quoted.right}/{scores.quoted.total})",
              f"dateline accuracy {scores.dateline.value:.3f}  ({scores.dateline.right}/{scores.dateline.total})"]
    return "\n".join(lines)


# ---- relations written with spans (relations-dev.jsonl) ------------------------------------
RELATION_TYPES = ("share_of", "sum_of", "change_of")
MEMBERS = {"share_of": ("part", "whole", "percent"), "change_of": ("rate", "start", "end"), "sum_of": ("whole",)}


def span_relations(golds: list[dict]) -> bool:
    """Whether the gold records name relation members by span (`{text, start, end}`), not index."""
    return any(isinstance(r.get("whole", r.get("rate")), dict) for g in golds for r in g.get("relations") or [])


@dataclass
class RelationScores:
    by_type: dict = field(default_factory=lambda: {t: PRF() for t in RELATION_TYPES})
    overall: PRF = field(default_factory=PRF)
    verdict: Accuracy = field(default_factory=Accuracy)
    alarms: PRF = field(default_factory=PRF)
    articles: int = 0
    misses: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"articles": self.articles, "relations": self.overall.as_dict(),
                **{t: s.as_dict() for t, s in self.by_type.items()},
                "verdict": self.verdict.as_dict(), "alarms": self.alarms.as_dict()}


def _overlap(a: dict | None, b: dict | None) -> bool:
    return a is not None and b is not None and a["start"] < b["end"] and b["start"] < a["end"]


def _with_spans(relation: dict, quantities: list[dict]) -> dict:
    """A predicted relation with its member indices replaced by the quantities' spans."""
    def span(i):
        return quantities[i] if isinstance(i, int) and 0 <= i < len(quantities) else i
    out = dict(relation)
    for key in ("part", "whole", "percent", "rate", "start", "end"):
        if key in out:
            out[key] = span(out[key])
    if "parts" in out:
        out["parts"] = [span(i) for i in out["parts"]]
    return out


def relation_matches(pred: dict, gold: dict) -> bool:
    kind = gold.get("type")
    if pred.get("type") != kind or kind not in MEMBERS:
        return False
    if not all(_overlap(pred.get(k), gold.get(k)) for k in MEMBERS[kind]):
        return False
    if kind != "sum_of":
        return True
    parts, gparts = pred.get("parts") or [], gold.get("parts") or []
    if len(parts) != len(gparts):
        return False
    used: set[int] = set()
    for g in gparts:
        j = next((j for j, p in enumerate(parts) if j not in used and _overlap(p, g)), None)
        if j is None:
            return False
        used.add(j)
    return True


def score_relations(preds: dict[str, dict], golds: list[dict]) -> RelationScores:
    """P/R/F1 per relation type, verdict agreement on matched relations, and alarms
    (predicted `inconsistent` against gold `inconsistent`, matched as relations)."""
    s = RelationScores()
    for gold in golds:
        s.articles += 1
        pred = preds.get(gold["id"], {})
        found = [_with_spans(r, pred.get("quantities") or []) for r in pred.get("relations") or []]
        wanted = gold.get("relations") or []
        used: set[int] = set()
        pairs = []
        for gi, g in enumerate(wanted):
            j = next((j for j, p in enumerate(found) if j not in used and relation_matches(p, g)), None)
            if j is None:
                s.misses.append(("missed", gold["id"], g))
            else:
                used.add(j)
                pairs.append((g, found[j]))
        s.misses += [("spurious", gold["id"], p) for j, p in enumerate(found) if j not in used]
        for kind in RELATION_TYPES:
            tp = sum(1 for g, _ in pairs if g["type"] == kind)
            s.by_type[kind].add(tp, sum(1 for p in found if p.get("type") == kind),
                                sum(1 for g in wanted if g.get("type") == kind))
        s.overall.add(len(pairs), len(found), len(wanted))
        for g, p in pairs:
            s.verdict.add(p.get("verdict") == g.get("verdict"))
        alarm_pairs = sum(1 for g, p in pairs if g.get("verdict") == p.get("verdict") == "inconsistent")
        s.alarms.add(alarm_pairs, sum(1 for p in found if p.get("verdict") == "inconsistent"),
                     sum(1 for g in wanted if g.get("verdict") == "inconsistent"))
    return s


def _member_text(member) -> str:
    if isinstance(member, list):
        return "[" + ", ".join(_member_text(m) for m in member) + "]"
    return f"{member['text']!r}@{member['start']}" if isinstance(member, dict) else repr(member)


def describe_relation(relation: dict) -> str:
    keys = [k for k in ("part", "whole", "percent", "rate", "start", "end", "parts") if k in relation]
    return f"{relation.get('type')} " + " ".join(f"{k}={_member_text(relation[k])}" for k in keys) + \
        f" {relation.get('verdict')}"


def relations_report(s: RelationScores) -> str:
    lines = [f"articles: {s.articles}", "", f"{'relations':<16}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'fp':>6}{'fn':>6}"]
    for name, prf in [("all", s.overall), *s.by_type.items(), ("alarms", s.alarms)]:
        lines.append(f"{name:<16}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}{prf.tp:>7}{prf.fp:>6}{prf.fn:>6}")
    lines.append(f"verdict agreement on matched relations {s.verdict.value:.3f}  ({s.verdict.right}/{s.verdict.total})")
    return "\n".join(lines)
