"""Variants real drafters write: traditional characters pasted in, half-width marks, reworded headings, a title
over two lines. The audit must not depend on any of them (language rules aside, which judge the marks)."""

from __future__ import annotations

import pytest
from opencc import OpenCC

from auditor.pipeline import audit_text
from tests.conftest import SEEDS, seed

HALF_WIDTH = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


def _statuses(audit, skip_language: bool = False) -> dict[str, str]:
    return {r.rule_id: r.status for r in audit.results if not (skip_language and r.rule_id.startswith("language."))}


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_traditional_characters_audit_the_same(ruleset, path):
    text = path.read_text(encoding="utf-8")
    plain = audit_text(text, ruleset)
    traditional = audit_text(OpenCC("s2t").convert(text), ruleset)
    assert _statuses(traditional) == _statuses(plain)
    assert traditional.document.meta.level == plain.document.meta.level


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_half_width_marks_audit_the_same(ruleset, path):
    text = path.read_text(encoding="utf-8")
    plain = audit_text(text, ruleset)
    half = audit_text(text.translate(HALF_WIDTH), ruleset)
    assert _statuses(half, skip_language=True) == _statuses(plain, skip_language=True)


REWORDED = {
    "一、2023年度推进法治政府建设的主要举措和成效": "一、主要工作开展情况",
    "三、2023年度推进法治政府建设存在的不足和原因": "三、存在的短板和差距",
    "四、2024年推进法治政府建设的工作思路、目标举措": "四、下步工作打算",
    "二、2023年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况":
        "二、主要负责同志履行法治建设第一责任人职责情况",
}


def test_reworded_headings_are_still_recognised(ruleset):
    text = seed("002").read_text(encoding="utf-8")
    plain = audit_text(text, ruleset)
    for old, new in REWORDED.items():
        assert old in text
        text = text.replace(old, new)
    reworded = audit_text(text, ruleset)
    structure = {k: v for k, v in _statuses(reworded).items() if k.startswith("structure.")}
    assert structure == {k: v for k, v in _statuses(plain).items() if k.startswith("structure.")}


def test_title_on_one_line_or_two(ruleset):
    text = seed("002").read_text(encoding="utf-8")
    one_line = text.replace("关于青龙乡2023年法治政府建设情况的\n报  告", "关于青龙乡2023年法治政府建设情况的报告\n")
    a, b = audit_text(text, ruleset), audit_text(one_line, ruleset)
    assert a.document.title == b.document.title
    assert _statuses(a) == _statuses(b)
