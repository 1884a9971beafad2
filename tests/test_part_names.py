"""The many names drafters give each part of the report (pack.yaml `sections:`), numbered or bare, and the
headings two parts could both claim."""

from __future__ import annotations

import pytest

from auditor.model import Source
from auditor.parsing import parse_document
from auditor.parts import PartFinder
from auditor.pipeline import audit_text
from tests.conftest import result_of

NAMES = {
    "measures": ["主要举措和成效", "主要做法和成效", "工作开展情况", "主要工作及成效", "工作成效", "推进情况",
                 "2023年工作开展情况", "2023年度推进法治政府建设的主要举措和成效", "2023年工作亮点与成效"],
    "first-duty": ["主要负责人", "一把手", "党政主要负责人履职", "党政“一把手”抓法治建设情况", '党政"一把手"抓法治建设情况',
                   "履行第一责任人职责", "党政主要负责人履行推进法治建设第一责任人职责情况", "镇党委书记、镇长抓法治建设情况"],
    "shortcomings": ["存在的问题", "短板", "差距", "薄弱环节", "不足之处", "工作中的短板", "工作中的不足", "问题与不足",
                     "困难和问题", "存在的不足和原因", "短板弱项", "几点不足", "对照检视发现的差距",
                     "2023年度法治政府建设的短板及根源", "存在问题及其成因", "还有哪些没做好、为什么",
                     "与上级要求相比的差距"],
    "next-year": ["下一步工作打算", "工作思路", "今后努力方向", "下一年度工作安排", "2024年工作计划", "下步工作", "努力方向",
                  "二〇二四年工作打算", "2024年推进法治政府建设的工作思路、目标举措", "改进方向"],
}
CASES = [(name, head) for name, heads in NAMES.items() for head in heads]


def _finder(text: str) -> PartFinder:
    from auditor.pack import load_rules

    doc = parse_document(Source(path="t.txt", text=text))
    return PartFinder(doc, load_rules().settings.sections)


def _report(heading: str) -> str:
    return ("某镇人民政府关于2023年度法治政府建设情况的报告\n2023年，我镇扎实推进法治政府建设。\n"
            "一、加强组织领导\n成立领导小组，召开会议3次。\n"
            f"{heading}\n这一部分的正文写了很多内容，共计二十多个字。\n五、其他需要报告的情况\n无。")


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "bare"])
@pytest.mark.parametrize("name, heading", CASES, ids=[f"{n}:{h}" for n, h in CASES])
def test_each_name_heads_its_part_and_no_other(name, heading, numbered):
    parts = _finder(_report(f"三、{heading}" if numbered else heading))
    found = parts.find(name)
    assert found is not None and found.how == "heading" and found.lines[0][0] == 5
    others = [k for k in parts.kinds if k != name and (p := parts.find(k)) and p.how == "heading" and p.lines[0][0] == 5]
    assert others == []


def _parts(text: str) -> dict[str, tuple[tuple[int, int], ...] | None]:
    finder = _finder(text)
    return {name: (p.lines if (p := finder.find(name)) and p.how == "heading" else None) for name in finder.kinds}


def test_this_years_work_and_next_years_plan_are_told_apart():
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、2023年工作开展情况\n开展普法12场次。\n"
                   "二、存在的问题\n执法力量不足。\n三、2024年工作打算\n加强培训。")
    assert parts["measures"] == ((3, 4),) and parts["next-year"] == ((7, 8),)
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要工作\n开展普法。\n二、2024年主要工作安排\n加强培训。")
    assert parts["measures"] == ((3, 4),) and parts["next-year"] == ((5, 6),)


def test_a_combined_heading_yields_to_its_own_sub_headings():
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要举措和成效\n开展普法。\n"
                   "二、存在的问题和下一步打算\n（一）存在的问题\n执法力量不足。\n（二）下一步打算\n加强培训。")
    assert parts["shortcomings"] == ((6, 7),) and parts["next-year"] == ((8, 9),)


def test_a_part_on_problems_and_how_to_improve_holds_both():
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要举措和成效\n开展普法。\n"
                   "二、问题与改进方向\n（一）主要短板。执法力量不足。\n（二）改进方向。加强培训。")
    assert parts["shortcomings"] == ((6, 6),) and parts["next-year"] == ((7, 7),)


def test_bare_sub_headings_of_a_combined_heading_stay_under_it():
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要举措和成效\n开展普法12场次。\n"
                   "二、存在的问题和下一步打算\n存在的问题\n一是执法力量不足，二是普法形式单一。\n"
                   "下一步打算\n2024年，我镇将加强执法培训，完善各项制度。")
    assert parts["shortcomings"] == ((6, 7),) and parts["next-year"] == ((8, 9),)


def test_a_measure_about_the_leader_is_not_the_first_duty_part():
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要举措和成效\n（一）坚持“一把手”带头学法\n"
                   "镇党委书记带头学法4次。\n（二）推进执法规范化\n开展培训。\n二、存在的不足\n执法力量不足。")
    assert parts["measures"] == ((3, 7),) and parts["first-duty"] is None
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要举措和成效\n（一）落实行政机关主要负责人出庭应诉制度\n"
                   "出庭应诉3次。\n二、存在的不足\n执法力量不足。")
    assert parts["first-duty"] is None


def test_a_numbered_shortcoming_about_the_leader_is_not_the_first_duty_part():
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要举措和成效\n开展普法。\n二、存在的不足及原因\n"
                   "1.执法力量不足。\n2.党政主要负责人尚未开展述法，行政执法三项制度尚未落实，未开展合法性审查。")
    assert parts["first-duty"] is None and parts["shortcomings"] == ((5, 7),)


def test_rectifying_problems_an_inspection_found_is_a_measure():
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要举措和成效\n（一）抓好督察反馈存在问题整改\n"
                   "整改问题5个。\n二、存在的不足\n执法力量不足。")
    assert parts["shortcomings"] == ((6, 7),)


def test_next_years_plans_under_a_bare_heading_are_not_the_years_work(ruleset):
    """The tester's case: with 四、 dropped from 下一步工作打算 the 2024 plans were read as 2023 measures."""
    text = ("某镇人民政府关于2023年度法治政府建设情况的报告\n2023年，我镇扎实推进法治政府建设。\n"
            "一、2023年推进法治政府建设的主要举措和成效\n（一）加强组织领导\n全年召开专题会议3次，开展普法活动12场次。\n"
            "二、党政主要负责人履行推进法治建设第一责任人职责情况\n镇党委书记带头学法4次，年终述法。\n"
            "存在的不足和原因\n执法力量不足，主要原因是编制有限。\n"
            "下一步工作打算\n2024年，我镇将在2024年3月前完成执法人员轮训，2024年底前实现村（居）法律顾问全覆盖。")
    audit = audit_text(text, ruleset)
    for rule in ("structure.measures", "structure.first-duty", "structure.shortcomings", "structure.next-year",
                 "timeliness.year-consistency"):
        assert result_of(audit, rule).status == "pass", (rule, result_of(audit, rule).message)


def test_the_measures_heading_runs_on_over_unnamed_sibling_parts():
    # 一 names the measures; 二 and 三 name no part, so they are more measures, up to 四、存在问题.
    text = ("某镇人民政府关于2023年度法治政府建设情况的报告\n导语。\n一、2023年度推进法治政府建设的主要做法和成效\n开展普法12场次。\n"
            "二、强化依法执政\n召开会议3次。\n三、强化依法治理\n调解纠纷20件。\n四、存在问题\n力量不足。\n五、下一步工作计划\n加强培训。")
    parts = _parts(text)
    assert parts["measures"] == ((3, 4), (5, 6), (7, 8)) and parts["shortcomings"] == ((9, 10),)
    # Without a later part to stop at, nothing is added: the heading's own section only.
    parts = _parts("某镇2023年法治政府建设情况报告\n正文。\n一、主要做法和成效\n开展普法。\n二、其他\n略。")
    assert parts["measures"] == ((3, 4),)


@pytest.mark.parametrize("sentence", [
    "镇党委书记、镇长作为推进法治建设第一责任人，今年分别为机关干部讲法治课1次。",
    "党政主要负责人切实履行推进法治建设第一责任人职责，亲自部署重要工作。",
])
def test_a_paragraph_on_the_principals_duty_is_that_part_without_a_heading(sentence):
    parts = _finder(_report(sentence))
    found = parts.find("first-duty")
    assert found is not None and found.how == "paragraph"


def test_a_part_found_by_a_sentence_alone_needs_no_paragraph_patterns():
    """A pack kind with `sentences` but no `paragraphs` is still looked for by its sentences."""
    from auditor.schema import SectionKind

    doc = parse_document(Source(path="t.txt", text="关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n"
                                "开展普法12场。今年镇里还专门请律师把全部合同过了一遍。\n"))
    kinds = {"contracts": SectionKind(name="合同审查", headings=("^合同审查$",), sentences=("律师把[^。]*合同",))}
    part = PartFinder(doc, kinds).find("contracts")
    assert part is not None and (part.how, part.lines) == ("paragraph", ((3, 3),))


def test_untitled_measures_after_a_shortcomings_part_put_first_are_still_the_measures(ruleset):
    """一、存在的问题和不足 first, then 二、加强领导，全面推进依法行政: the untitled part is the measures (named by no
    heading, so partial), not missing."""
    text = ("某镇2023年法治政府建设工作总结\n今年以来，我镇依法行政工作取得了一些成绩。\n"
            "一、存在的问题和不足\n1.执法队伍建设仍需加强，主要原因是人手不足。\n"
            "二、加强领导，全面推进依法行政\n成立领导小组，召开会议3次，开展普法活动12场次。\n"
            "三、下一步工作计划\n继续加强普法。")
    finder = _finder(text)
    part = finder.find("measures")
    assert part is not None and part.how == "implicit" and part.lines == ((5, 6),)
    assert result_of(audit_text(text, ruleset, year=2023), "structure.measures").status == "partial"
