"""Step 5 of the pipeline (render): the round's findings (copying, last year, publication) in every format.

Each format's renderer calls one function here; all of them read the same plain dict (`round_dict`), so
the terminal, Markdown, HTML, JSON and XLSX say the same thing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from auditor.model import AuditRun
from auditor.render.common import STATUS_NAMES
from auditor.round import RoundFindings, Row, findings

CHANGE_NAMES = {"fixed": "已改正", "new": "新增问题", "unchanged": "仍存在"}
MOST = 20  # rows shown in the human formats (the machine formats list everything)


def pct(share: float | None) -> str:
    """A share as a percentage (—: cannot tell)."""
    return "—" if share is None else f"{share:.0%}" if share >= 0.1 or share == 0 else f"{share:.1%}"


def clip(text: str, most: int = 80) -> str:
    """Quoted report text cut to fit a line."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


# --- the shared dict --------------------------------------------------------------------------------------

def round_dict(found: RoundFindings, ruleset: Any) -> dict[str, Any]:
    """The round as plain data: publication, copying across the batch, last year beside this year."""
    out: dict[str, Any] = {"publication": _publication(found)}
    out["overlap"] = _overlap(found) if found.overlap is not None else None
    out["previous"] = _previous(found, ruleset) if found.previous is not None else None
    return out


def _ref(row: Row) -> dict[str, Any]:
    return {"path": row.path, "issuer": row.issuer}


def _publication(found: RoundFindings) -> dict[str, Any]:
    pub = found.publication
    reports = [{**_ref(r), "published": t.published.date, "read_from": t.published.how, "deadline": t.deadline,
                "on_time": t.on_time, "basis": t.basis}
               for r in found.rows if (t := r.timeliness) is not None]
    return {"dated": pub.dated, "on_time": pub.on_time, "late": pub.late, "unknown_year": pub.unknown,
            "on_time_share": pub.share, "reports": reports}


def _overlap(found: RoundFindings) -> dict[str, Any]:
    overlap, rows = found.overlap, found.rows
    assert overlap is not None
    shares = [{**_ref(rows[s.report]), "share": s.share, "shared_chars": s.shared, "total_chars": s.total,
               "partners": [{**_ref(rows[r]), "chars": n} for r, n in s.partners]} for s in overlap.shares]
    groups = [{"bodies": g.bodies, "chars": g.size, "text": g.sample,
               "members": [{**_ref(rows[m.report]), "line": m.line, "where": m.where, "text": m.text}
                           for m in g.members]} for g in overlap.groups]
    return {"reports": shares, "groups": groups}


def _previous(found: RoundFindings, ruleset: Any) -> dict[str, Any]:
    prev = found.previous
    assert prev is not None
    rows, before = found.rows, prev.rows
    pairs = []
    for p in prev.pairs:
        now, then = rows[p.current], before[p.previous]
        change = p.changes.score_change
        pairs.append({
            **_ref(now), "previous_path": then.path, "previous_issuer": then.issuer, "year": now.year,
            "previous_year": then.year, "score": now.score, "previous_score": then.score, "score_change": change,
            "copied": {"share": p.copy.share, "copied_chars": p.copy.copied, "total_chars": p.copy.total,
                       "passages": [{"line": x.first.line, "end_line": x.last.line, "where": _span(x.first.where, x.last.where),
                                     "previous_where": x.source_where, "chars": x.size, "text": x.text}
                                    for x in p.copy.passages]},
            "repeated_shortcomings": [{"line": r.current.line, "where": r.current.where, "text": r.current.text,
                                       "previous_line": r.previous.line, "previous_where": r.previous.where,
                                       "previous_text": r.previous.text, "similarity": r.similarity}
                                      for r in p.repeats],
            "plans": [{"line": f.plan.line, "where": f.plan.where, "text": f.plan.text, "terms": list(f.terms),
                       "followed": f.answer is not None,
                       "answer": None if f.answer is None else {"line": f.answer.line, "where": f.answer.where,
                                                                "text": f.answer.text, "matched": list(f.matched)}}
                      for f in p.follow_ups],
            "rules": _rule_changes(p, ruleset),
        })
    return {"pairs": pairs,
            "unpaired": [{**_ref(rows[i]), "reason": why} for i, why in prev.unpaired],
            "unused_previous": [_ref(before[i]) for i in prev.unused],
            "unreadable_previous": [{"path": r.path, "error": r.error} for r in before if r.error is not None]}


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first}—{last}"


def _rule_changes(p: Any, ruleset: Any) -> list[dict[str, Any]]:
    rules = ruleset.rule_map
    out = []
    for kind, changes in (("fixed", p.changes.fixed), ("new", p.changes.new_gaps), ("unchanged", p.changes.unchanged)):
        for c in changes:
            rule = rules.get(c.rule_id)
            out.append({"rule": c.rule_id, "title": rule.title if rule else c.rule_id, "change": kind,
                        "previous_status": c.old.status if c.old else None, "status": c.new.status if c.new else None})
    order = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    out.sort(key=lambda d: order.get(d["rule"], len(order)))
    return out


def round_data(run: AuditRun) -> dict[str, Any] | None:
    """The round's findings as the JSON contract's dict, or None when the run has none."""
    found = findings(run.options)
    if found is None or found.empty:
        return None
    return round_dict(found, run.ruleset)


# --- JSON ---------------------------------------------------------------------------------------------------

def json_tail(run: AuditRun) -> str:
    """The run's `"round"` member, written after `"reports"` once every report has gone by ("" without one)."""
    data = round_data(run)
    if data is None:
        return ""
    return ',\n  "round": ' + json.dumps(data, ensure_ascii=False)


# --- lines of text, shared by the terminal and Markdown -----------------------------------------------------

def text_sections(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each part of the round, in the words the auditor reads."""
    out = []
    pub = data["publication"]
    if pub["dated"]:
        lines = [f"读到发布日期{pub['dated']}份；按期{pub['on_time']}份，逾期{pub['late']}份"
                 + (f"，报告年度不明{pub['unknown_year']}份" if pub["unknown_year"] else "")
                 + f"；按期比例{pct(pub['on_time_share'])}"]
        ordered = sorted(pub["reports"], key=lambda r: (r["on_time"] is not False, r["path"]))
        for r in ordered[:MOST]:
            verdict = "按期" if r["on_time"] else "逾期" if r["on_time"] is False else "无法判断（报告年度不明）"
            deadline = f"，期限{r['deadline']}" if r["deadline"] else ""
            lines.append(f"{verdict}：{r['issuer'] or r['path']}，{r['published']}发布（{r['read_from']}{deadline}）")
        out.append(("公开时间", lines))
    if data["overlap"] is not None:
        out.append(("不同单位报告之间的雷同内容", _overlap_lines(data["overlap"])))
    if data["previous"] is not None:
        out.append(("与上年报告对比", _previous_lines(data["previous"])))
    return out


def _overlap_lines(overlap: dict[str, Any]) -> list[str]:
    shared = sorted((r for r in overlap["reports"] if r["shared_chars"]), key=lambda r: (-r["share"], r["path"]))
    if not shared:
        return ["未发现不同单位的报告之间有相同或近似相同的段落。"]
    lines = [f"{len(shared)}份报告中有与其他单位报告相同的文字（按重复比例排序）："]
    for r in shared[:MOST]:
        partners = "、".join(p["issuer"] or p["path"] for p in r["partners"][:3])
        lines.append(f"  {r['issuer'] or r['path']}（{r['path']}）：{pct(r['share'])}"
                     + (f"，主要与{partners}相同" if partners else ""))
    if len(shared) > MOST:
        lines.append(f"  ……另有{len(shared) - MOST}份")
    groups = overlap["groups"]
    if groups:
        lines.append(f"相同或近似相同的段落{len(groups)}组（谁与谁相同）：")
        for number, g in enumerate(groups[:MOST], 1):
            who = "；".join(f"{m['issuer'] or ''}（{Path(m['path']).name}）{m['where']}" for m in g["members"][:6])
            more = f"等{len(g['members'])}处" if len(g["members"]) > 6 else ""
            lines.append(f"  {number}.{g['bodies']}个单位：{who}{more}")
            lines.append(f"     “{clip(g['text'])}”")
    return lines


def _previous_lines(prev: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for p in prev["pairs"]:
        change = p["score_change"]
        delta = "" if change is None else f"（{change:+g}）"
        lines.append(f"■{p['issuer'] or p['path']}：{p['path']}←上年{p['previous_path']}")
        lines.append(f"  得分{p['previous_score']:g}→{p['score']:g}{delta}；与上年文字重复{pct(p['copied']['share'])}")
        for x in p["copied"]["passages"]:
            lines.append(f"  重复段落{x['where']}（上年{x['previous_where']}，{x['chars']}字）：“{clip(x['text'], 60)}”")
        for r in p["repeated_shortcomings"]:
            lines.append(f"  不足重复{r['where']}：“{clip(r['text'], 50)}”与上年{r['previous_where']}"
                         f"“{clip(r['previous_text'], 40)}”相似（{r['similarity']:.0%}）")
        for f in p["plans"]:
            if f["followed"]:
                a = f["answer"]
                lines.append(f"  ✓上年计划{f['where']}“{clip(f['text'], 36)}”→今年{a['where']}“{clip(a['text'], 40)}”"
                             f"（共同词语：{'、'.join(a['matched'])}）")
            else:
                lines.append(f"  ✗上年计划{f['where']}“{clip(f['text'], 36)}”→未见落实情况")
        by_kind: dict[str, list[str]] = {}
        for r in p["rules"]:
            by_kind.setdefault(r["change"], []).append(r["title"])
        for kind in ("fixed", "new"):
            if by_kind.get(kind):
                lines.append(f"  {CHANGE_NAMES[kind]}{len(by_kind[kind])}项：" + "、".join(by_kind[kind]))
    if not prev["pairs"]:
        lines.append("没有与上年报告配对的报告。")
    for u in prev["unpaired"]:
        lines.append(f"未配对：{u['issuer'] or u['path']}（{u['path']}）：{u['reason']}")
    for u in prev["unused_previous"]:
        lines.append(f"上年报告未配对：{u['issuer'] or u['path']}（{u['path']}）")
    for u in prev["unreadable_previous"]:
        lines.append(f"上年报告无法审核：{u['path']}：{u['error']}")
    return lines


# --- terminal, Markdown, HTML, XLSX ---------------------------------------------------------------------------

def rich(run: AuditRun) -> list[Any]:
    """The round's sections as rich renderables (nothing without a round)."""
    from rich.console import Group
    from rich.text import Text

    data = round_data(run)
    if data is None:
        return []
    out: list[Any] = []
    for heading, lines in text_sections(data):
        out.append(Text(""))
        out.append(Text(heading, style="bold"))
        out.extend(Text(line) for line in lines)
    return [Group(*out)]


def xlsx(book: Any, run: AuditRun, fill: Callable[..., None]) -> None:
    """Sheets 公开时间, 雷同内容 and 上年对比 (only those the run has), filled with the workbook's `fill`."""
    data = round_data(run)
    if data is None:
        return
    pub = data["publication"]
    if pub["dated"]:
        fill(book.create_sheet("公开时间"), ["文件", "发文机关", "发布日期", "读取自", "期限", "结论", "依据"],
             ([r["path"], r["issuer"] or "", r["published"], r["read_from"], r["deadline"] or "",
               "按期" if r["on_time"] else "逾期" if r["on_time"] is False else "无法判断", r["basis"]]
              for r in pub["reports"]), {1: 30, 2: 24, 7: 60})
    if data["overlap"] is not None:
        overlap = data["overlap"]
        fill(book.create_sheet("雷同内容"), ["文件", "发文机关", "重复比例", "重复字数", "总字数", "主要重复对象"],
             ([r["path"], r["issuer"] or "", r["share"], r["shared_chars"], r["total_chars"],
               "、".join(p["issuer"] or p["path"] for p in r["partners"])] for r in overlap["reports"]),
             {1: 30, 2: 24, 6: 50})
        fill(book.create_sheet("雷同段落"), ["组", "单位数", "文件", "发文机关", "位置", "段落"],
             ([n, g["bodies"], m["path"], m["issuer"] or "", m["where"], m["text"]]
              for n, g in enumerate(overlap["groups"], 1) for m in g["members"]), {3: 30, 4: 24, 6: 80})
    if data["previous"] is not None:
        fill(book.create_sheet("上年对比"), ["文件", "发文机关", "上年文件", "上年得分", "今年得分", "变化", "与上年重复",
                                             "项目", "位置", "内容", "上年/今年对应"],
             _previous_rows(data["previous"]), {1: 30, 2: 24, 3: 30, 10: 60, 11: 60})


def _status(status: str | None) -> str:
    """A rule's status in one year; None: it was no gap that year (passed, or did not apply)."""
    return STATUS_NAMES[status] if status else "通过或不适用"


def _previous_rows(prev: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for p in prev["pairs"]:
        head = [p["path"], p["issuer"] or "", p["previous_path"], p["previous_score"], p["score"], p["score_change"],
                p["copied"]["share"]]
        rows.append(head + ["得分与重复比例", "", "", ""])
        rows += [head + ["重复段落", x["where"], x["text"], f"上年 {x['previous_where']}"] for x in p["copied"]["passages"]]
        rows += [head + ["重复的不足", r["where"], r["text"], f"上年 {r['previous_where']}：{r['previous_text']}"]
                 for r in p["repeated_shortcomings"]]
        rows += [head + ["上年计划", f["where"], f["text"],
                         f"今年 {f['answer']['where']}：{f['answer']['text']}" if f["followed"] else "未见落实情况"]
                 for f in p["plans"]]
        rows += [head + [CHANGE_NAMES[r["change"]], r["rule"], r["title"],
                         f"{_status(r['previous_status'])} → {_status(r['status'])}"]
                 for r in p["rules"] if r["change"] != "unchanged"]
    for u in prev["unpaired"]:
        rows.append([u["path"], u["issuer"] or "", "", "", "", "", "", "未配对", "", u["reason"], ""])
    return rows
