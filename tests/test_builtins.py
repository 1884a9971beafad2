"""The built-in checks and the engine features the rule pack relies on: scope.exclude, meta partial:false,
heading_only sections, year consistency, dated references, the report date, the 落款, heading numbering."""

from __future__ import annotations

import pytest

from auditor.engine import subtract
from auditor.errors import RuleFileError
from auditor.pack import load_rules
from tests.conftest import run_rule

PLANS = "一、主要举措和成效\n开展普法活动。\n二、下一步工作打算\n组织年终述法。"


def test_scope_exclude_drops_next_year_plans(ruleset):
    check = {"kind": "require", "any": ["述法", "年终述法"]}
    assert run_rule(ruleset, check, PLANS, claims="all").status == "pass"
    result = run_rule(ruleset, check, PLANS, scope={"section": "document", "exclude": ["next-year"]}, claims="all")
    assert result.status == "fail"
    assert "不含" in result.section


def test_subtract_ranges():
    assert subtract(((0, 10),), [(3, 5)]) == ((0, 3), (5, 10))
    assert subtract(((0, 10), (20, 30)), [(5, 25)]) == ((0, 5), (25, 30))
    assert subtract(((0, 10),), [(10, 20)]) == ((0, 10),)


def test_meta_without_partial_fails_outright(ruleset):
    check = {"kind": "meta", "field": "title", "partial": False,
             "require": {"年度": r"\d{4}\s*年", "报告": "报告$"}, "forbid": {"总结": "总结"}}
    assert run_rule(ruleset, check, "尚屯镇2023年法治政府建设工作总结\n正文。").status == "fail"


def test_section_heading_only(ruleset):
    check = {"kind": "section", "section": "first-duty", "heading_only": True}
    text = "标题报告\n三、强化领导\n落实党政主要负责人第一责任人职责。书记主持会议3次。"
    result = run_rule(ruleset, check, text)
    assert result.status == "fail" and "没有单列标题" in result.message


YEAR = {"kind": "builtin", "name": "year-consistency",
        "params": {"future": ["将", "计划"], "cutoff": ["截至"]}}


@pytest.mark.parametrize("text, status", [
    ("关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n2022年开展学法4次。", "pass"),
    ("关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n2023年开展宣传23场次。", "fail"),
    ("关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n2023年将开展宣传。", "pass"),  # forward-looking
    ("关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n截至2023年2月，累计化解纠纷213件。", "pass"),
    ("关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n落实《2023年工作要点》。", "pass"),  # a title
    ("关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n落实规划（2021—2025年）。", "pass"),
    ("关于2022年度法治政府建设情况的报告\n2021年，我镇坚持依法行政。\n一、主要举措和成效\n开展宣传。", "fail"),
    ("关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n2020年建成。2019年启动。2021年完成。2022年开展。",
     "fail"),  # mostly earlier years: an old report reused
])
def test_year_consistency(ruleset, text, status):
    result = run_rule(ruleset, YEAR, text)
    assert result.status == status, result.message


def test_year_consistency_points_at_the_line(ruleset):
    text = "关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n开展学法。\n2023年开展宣传23场次。"
    result = run_rule(ruleset, YEAR, text)
    assert [e.line for e in result.evidence] == [4] and "2023年" in result.message


SUPERSEDED = {"kind": "builtin", "name": "superseded-instruments"}
OUTDATED = {"kind": "builtin", "name": "dated-references", "params": {"reference": "citations", "list": "outdated"}}
LATER = {"kind": "builtin", "name": "anachronism"}
PERIOD = {"kind": "builtin", "name": "plan-periods"}


@pytest.mark.parametrize("check, text, year, status", [
    (SUPERSEDED, "宣传《信访条例》。", 2022, "fail"),
    (SUPERSEDED, "宣传《信访条例》。", 2021, "pass"),
    (SUPERSEDED, "宣传《信访工作条例》。", 2023, "pass"),
    (SUPERSEDED, "学习《中华人民共和国合同法》。", 2021, "fail"),
    (SUPERSEDED, "学习《民法典》。", 2021, "pass"),
    (OUTDATED, "贯彻党的十九大精神。", 2022, "fail"),
    (OUTDATED, "贯彻党的十九大和十九届历次全会精神，学习二十大精神。", 2022, "pass"),
    (LATER, "贯彻党的二十大精神。", 2021, "fail"),
    (LATER, "贯彻二十届三中全会精神。", 2023, "fail"),
    (LATER, "贯彻二十届三中全会精神。", 2024, "pass"),
    (OUTDATED, "落实《法治政府建设实施纲要(2015-2020年)》。", 2021, "fail"),  # half-width marks too
    (OUTDATED, "努力建设廉洁高效、守法诚信的法治政府。", 2022, "fail"),
    (PERIOD, "落实《法治中国建设规划（2021—2025年）》。", 2023, "fail"),
    (PERIOD, "落实《法治中国建设规划（2020—2025年）》。", 2023, "pass"),
])
def test_dated_references(ruleset, check, text, year, status):
    result = run_rule(ruleset, check, text, year=year)
    assert result.status == status, result.message


def test_dated_references_name_the_replacement(ruleset):
    result = run_rule(ruleset, SUPERSEDED, "一、做法\n宣传《信访工作条例》。\n在群众中宣传《信访条例》。", year=2022)
    assert "《信访工作条例》" in result.message and [e.line for e in result.evidence] == [3]


def _refs_pack(folder, reference: str, name: str):
    """A custom pack (extending the bundled one) with one dated-references rule reading reference.name."""
    (folder / "pack.yaml").write_text("mode: extend\n", encoding="utf-8")
    (folder / "x.yaml").write_text(
        "- id: x.refs\n  title: t\n  severity: info\n  weight: 1\n  basis: b\n  message: m\n  suggestion: s\n"
        f"  check: {{kind: builtin, name: dated-references, params: {{reference: {reference}, list: {name}}}}}\n"
        "  examples: {pass: [a], fail: [b]}\n", encoding="utf-8")
    return folder


def test_reference_data_is_validated_at_load(tmp_path):
    with pytest.raises(RuleFileError) as info:
        load_rules(_refs_pack(tmp_path, "citations", "nope"))
    assert "x.yaml" in str(info.value) and "x.refs" in str(info.value) and "nope" in str(info.value)


DATE = {"kind": "builtin", "name": "report-date", "params": {"month": 4, "day": 1}}


@pytest.mark.parametrize("tail, status", [
    ("某镇人民政府\n2023年2月21日", "pass"),
    ("某镇人民政府\n2022年12月30日", "fail"),  # before the year ended
    ("某镇人民政府\n2023年4月2日", "fail"),  # after the publication deadline
    ("某镇人民政府\n2023年3月", "pass"),
    ("某镇人民政府\n二〇二三年三月一日", "pass"),
    ("特此报告", "not_applicable"),
    # A day that does not exist (the 落款 rule flags it): when it was written cannot be checked, whatever the month
    # (the convention of the labelled sets: one slip, one gap)
    ("某镇人民政府\n2022年11月31日", "not_applicable"),
    ("某镇人民政府\n2023年4月31日", "not_applicable"),
    ("某镇人民政府\n2023年  月  日", "not_applicable"),
])
def test_report_date(ruleset, tail, status):
    text = f"关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n开展工作。\n{tail}"
    assert run_rule(ruleset, DATE, text).status == status


SIGNATURE = {"kind": "builtin", "name": "signature"}


@pytest.mark.parametrize("text, status", [
    ("关于2022年度法治政府建设情况的报告\n正文。\n太龙镇人民政府\n2023年2月21日", "pass"),
    ("关于2022年度法治政府建设情况的报告\n正文。\n2023年2月21日", "partial"),
    ("关于2022年度法治政府建设情况的报告\n正文。\n特此报告", "fail"),
    ("尚屯镇2022年法治政府建设情况报告\n尚屯镇人民政府\n（2023年2月）\n正文。", "partial"),  # no day
    ("尚屯镇2022年法治政府建设情况报告\n尚屯镇人民政府\n（2023年2月3日）\n正文。", "pass"),
    ("关于2022年度法治政府建设情况的报告\n正文。\n某镇人民政府\n2023年2月21日", "partial"),  # the template's organ
    ("关于2022年度法治政府建设情况的报告\n正文。\n××镇人民政府\n2023年2月21日", "partial"),
    ("关于2022年度法治政府建设情况的报告\n正文。\n某某镇人民政府\n2023年2月21日", "partial"),
])
def test_signature(ruleset, text, status):
    assert run_rule(ruleset, SIGNATURE, text).status == status



def test_a_signature_with_only_a_blank_or_impossible_date_says_so(ruleset):
    """No organ signed and the date line left blank (2023年　月　日) or impossible: still a missing signature, and the
    message names the date line as it stands instead of saying there is no date at all."""
    head = "关于2022年度法治政府建设情况的报告\n一、主要举措和成效\n开展普法12场。\n"
    blank = run_rule(ruleset, SIGNATURE, head + "2023年  月  日\n")
    assert blank.status == "fail" and blank.message == "没有发文机关署名，成文日期未填写完整（第4行）", blank.message
    impossible = run_rule(ruleset, SIGNATURE, head + "2023年2月30日\n")
    assert impossible.status == "fail" and "“2023年2月30日”不是有效的日期" in impossible.message, impossible.message
    none = run_rule(ruleset, SIGNATURE, head)
    assert none.status == "fail" and none.message.startswith("报告末尾没有落款"), none.message

NUMBERING = {"kind": "builtin", "name": "heading-numbering"}


@pytest.mark.parametrize("body, status", [
    ("一、做法\n（一）领导\n1.成立小组。\n（1）分工。", "pass"),
    ("一、做法\n1.成立小组。\n2.明确分工。", "pass"),  # a level skipped is allowed
    ("一.做法\n（一）领导", "fail"),
    ("一：做法\n（一）领导", "fail"),  # read as a heading, its colon flagged
    ("一、做法\n⑴领导\n⑵分工", "fail"),  # a one-character glyph, not （1）
    ("一、做法\n（一）、领导", "fail"),
    ("一、做法\n1、成立小组。", "fail"),
    ("一、做法\n1.成立小组。\n（一）明确分工。", "fail"),  # a higher level under a lower one
])
def test_heading_numbering(ruleset, body, status):
    assert run_rule(ruleset, NUMBERING, "标题报告\n" + body).status == status


def test_reference_entry_typo_is_a_load_error(tmp_path):
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "mine.yaml").write_text(
        "old:\n  - {name: 《旧条例》, pattern: '《旧条例》', years: {form: 2020}}\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(_refs_pack(tmp_path, "mine", "old"))
    assert "x.refs" in str(info.value) and "mine.old" in str(info.value)
