"""Each check kind on small texts: section, require (any/groups/partial), forbid, pattern, meta; word boundaries."""

from __future__ import annotations

from auditor.schema import RuleSet
from tests.conftest import run_rule


def _run(ruleset: RuleSet, check: dict, text: str, scope: str = "document", year: int | None = None, **extra):
    return run_rule(ruleset, check, text, scope, year, **extra)


def test_require_any_matches_whole_words_only(ruleset):
    check = {"kind": "require", "any": ["述法"]}
    assert _run(ruleset, check, "将“述法”情况纳入考核").status == "pass"
    assert _run(ruleset, check, "陈述法律意见").status == "fail"
    assert _run(ruleset, {**check, "whole_word": False}, "陈述法律意见").status == "pass"


def test_require_groups_partial_names_missing(ruleset):
    check = {"kind": "require", "groups": {"公示": ["执法公示"], "记录": ["全过程记录"], "审核": ["法制审核"]}}
    result = _run(ruleset, check, "推行执法公示。\n落实全过程记录。")
    assert result.status == "partial"
    assert abs(result.credit - 2 / 3) < 1e-3
    assert "缺少：审核" in result.message
    assert [e.line for e in result.evidence] == [1, 2]


def test_require_core_group_earns_the_others_their_credit(ruleset):
    check = {"kind": "require", "core": ["决策"], "groups": {"决策": ["重大行政决策"], "程序": ["风险评估", "合法性审查"]}}
    alone = _run(ruleset, check, "镇里今年的项目均经风险评估。")
    assert alone.status == "fail"
    assert "未报告决策" in alone.message and [e.line for e in alone.evidence] == [1]
    assert _run(ruleset, check, "全年作出重大行政决策2项。").status == "partial"
    assert _run(ruleset, check, "全年作出重大行政决策2项，均经风险评估。").status == "pass"


def test_require_traditional_and_half_width_text(ruleset):
    check = {"kind": "require", "any": ["法律顾问"]}
    assert _run(ruleset, check, "聘請法律顧問(村居)").status == "pass"


def test_forbid_with_replacement_and_exceptions(ruleset):
    check = {"kind": "forbid", "terms": {"法制宣传": "法治宣传"}, "except": ["法制宣传教育中心"]}
    result = _run(ruleset, check, "一、做法\n加强法制宣传。\n设立法制宣传教育中心。")
    assert result.status == "fail"
    assert "→“法治宣传”" in result.message
    assert [e.line for e in result.evidence] == [2]
    assert _run(ruleset, check, "加强法治宣传。").status == "pass"


def test_pattern_require_and_forbid(ruleset):
    assert _run(ruleset, {"kind": "pattern", "regex": r"\d+场次", "mode": "require", "min": 2}, "开展12场次").status == "partial"
    forbid = _run(ruleset, {"kind": "pattern", "regex": r"1[3-9]\d{9}"}, "联系电话13812345678")
    assert forbid.status == "fail" and forbid.evidence[0].line == 1


def test_meta_title_named_parts(ruleset):
    check = {"kind": "meta", "field": "title", "require": {"年度": r"\d{4}\s*年", "报告": "报告$"}, "forbid": {"工作总结": "总结"}}
    assert _run(ruleset, check, "关于2023年法治政府建设情况的报告\n正文。").status == "pass"
    result = _run(ruleset, check, "尚屯镇2023年法治政府建设工作总结\n正文。")
    assert result.status == "partial" and "缺少报告" in result.message and "工作总结" in result.message


def test_meta_absent_not_applicable(ruleset):
    check = {"kind": "meta", "field": "doc_number", "require": {"六角括号": "〔"}, "absent": "not_applicable"}
    assert _run(ruleset, check, "关于2023年法治政府建设情况的报告\n正文。").status == "not_applicable"


def test_section_heading_paragraph_implicit_and_missing(ruleset):
    check = {"kind": "section", "section": "first-duty"}
    assert _run(ruleset, check, "标题报告\n二、党政主要负责人履行推进法治建设第一责任人职责情况\n正文").status == "pass"
    para = _run(ruleset, check, "标题报告\n三、强化领导\n落实党政主要负责人第一责任人职责。坚持…")
    assert para.status == "pass" and "段落" in para.message
    assert _run(ruleset, check, "标题报告\n一、强化组织领导\n主要领导亲自抓").status == "fail"
    implicit = _run(ruleset, {"kind": "section", "section": "measures"}, "标题报告\n一、强化组织领导\n正文\n二、存在问题\n不足")
    assert implicit.status == "partial" and implicit.credit == 0.5


def test_scope_missing_part_is_not_applicable(ruleset):
    result = _run(ruleset, {"kind": "require", "any": ["原因"]}, "一、主要举措和成效\n正文", scope="shortcomings")
    assert result.status == "not_applicable"


def test_applicability_by_year_and_level(ruleset):
    check = {"kind": "require", "any": ["述法"]}
    applies = {"applies": {"years": {"from": 2021}, "levels": ["county"]}}
    assert _run(ruleset, check, "无", year=2020, **applies).status == "not_applicable"
    assert _run(ruleset, check, "我县开展述法", year=2022, **applies).status == "pass"
    assert _run(ruleset, check, "我镇开展工作", year=2022, **applies).status == "not_applicable"


def test_severity_by_level(ruleset):
    check = {"kind": "require", "any": ["述法"]}
    result = _run(ruleset, check, "我镇开展工作。", severity_by_level={"township": "warning"})
    assert result.severity == "warning"
