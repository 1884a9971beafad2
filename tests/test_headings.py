"""Headings in every form drafters use — numbered (一、 1、 第一部分 ① …), bare short lines, bold .docx paragraphs —
and the seeds audited the same whichever form their parts are headed in."""

from __future__ import annotations

import re

import pytest

from auditor.headings import heading_style
from auditor.loading import load
from auditor.model import Source
from auditor.parsing import parse_document
from auditor.pipeline import audit_text
from tests.conftest import result_of, seed

TITLE = "某镇人民政府关于2023年度法治政府建设情况的报告\n2023年，我镇坚持以习近平法治思想为指导，扎实推进法治政府建设。\n"
BODY = "成立法治政府建设领导小组，镇党委书记任组长，全年召开专题会议3次，研究部署法治建设。"


def parse(text: str):
    return parse_document(Source(path="t.txt", text=text))


def tree(doc) -> list[tuple[int, str, str]]:
    return [(s.level, s.number, s.heading) for s in doc.walk()]


@pytest.mark.parametrize("tops, subs", [
    (("一、", "二、"), ("（一）", "（二）")),
    (("1、", "2、"), ("（1）", "（2）")),
    (("1.", "2."), ("（1）", "（2）")),
    (("1、", "2、"), ("（一）", "（二）")),
    (("（一）", "（二）"), ("1.", "2.")),
    (("第一部分 ", "第二部分 "), ("一、", "二、")),
    (("第一部分", "第二部分"), ("一、", "二、")),
    (("第一章 ", "第二章 "), ("第一节 ", "第二节 ")),
    (("Ⅰ、", "Ⅱ、"), ("⑴", "⑵")),
    (("一、", "二、"), ("⒈", "⒉")),
    (("一、", "二、"), ("①", "②")),
    (("一、", "二、"), ("㈠", "㈡")),
])
def test_each_numbering_form_nests_by_first_appearance(tops, subs):
    lines = [TITLE.rstrip()]
    for top, name in zip(tops, ("主要举措和成效", "存在的不足和原因")):
        lines.append(top + name)
        for sub in subs:
            lines += [sub + "加强领导", BODY]
    doc = parse("\n".join(lines))
    assert [(s.level, s.heading, len(s.children)) for s in doc.sections] == [
        (1, "主要举措和成效", 2), (1, "存在的不足和原因", 2)], tree(doc)
    assert all(c.level == 2 and c.number for s in doc.sections for c in s.children)


@pytest.mark.parametrize("line, style, number", [
    ("第三部分 存在的不足", "第一部分", "三"), ("第2部分：主要举措", "第一部分", "2"), ("第一章 总体情况", "第一章", "一"),
    ("第二节 主要做法", "第一节", "二"), ("1、加强领导", "1.", "1"), ("12.完善制度", "1.", "12"),
    ("③完善制度", "①", "③"), ("⑵完善制度", "⑴", "⑵"), ("⒊完善制度", "⒈", "⒊"), ("Ⅳ、其他情况", "Ⅰ", "Ⅳ"),
    ("㈡强化执法", "㈠", "㈡"), ("三）强化执法", "一）", "三"),
])
def test_heading_forms(line, style, number):
    assert heading_style(line)[:2] == (style, number)


@pytest.mark.parametrize("line", ["1、2月份开展普法活动", "一、二季度完成目标", "1.5亿元用于执法", "第一节课由书记讲授",
                                  "2023年全年开展活动", "一是加强学习。", "①"])
def test_lines_that_only_look_numbered(line):
    assert heading_style(line) is None


def test_top_level_one_comma_with_items_one_dot():
    doc = parse(TITLE + "1、主要举措和成效\n1.加强领导。" + BODY + "\n2.完善制度。" + BODY
                + "\n2、存在的不足\n1.执法力量不足。\n3、下一步工作打算\n1.加强培训。")
    assert [(s.number, s.level, len(s.children)) for s in doc.sections] == [("1", 1, 2), ("2", 1, 1), ("3", 1, 1)]


def test_one_list_typed_with_both_separators_stays_one_level():
    doc = parse(TITLE + "一、主要举措\n1、制定方案。" + BODY + "\n2.落实责任。" + BODY + "\n3、督促检查。" + BODY)
    assert [(s.number, s.level) for s in doc.sections[0].children] == [("1", 2), ("2", 2), ("3", 2)]


def test_a_list_restarting_right_under_its_heading_nests_below_it():
    # （九）…情况 / （一）… （二）…: the first-duty part demoted to the measures' last item keeps its own items.
    doc = parse(TITLE + "一、主要举措和成效\n（八）强化监督。" + BODY + "\n（九）党政主要负责人履行推进法治建设第一责任人职责情况"
                + "\n（一）精心谋划。" + BODY + "\n（二）务实督察。" + BODY + "\n二、存在的问题\n执法力量不足。")
    measures = doc.sections[0]
    assert [(s.number, s.level) for s in measures.children] == [("八", 2), ("九", 2)]
    assert [(s.number, s.level) for s in measures.children[1].children] == [("一", 3), ("二", 3)]
    # (a list that restarts after text of its own is a new list at the same level, as before)
    doc = parse(TITLE + "一、主要举措\n（一）加强领导。" + BODY + "\n（二）完善制度。" + BODY + "\n二、存在的问题\n（一）力量不足。")
    assert [(s.number, s.level) for s in doc.sections[1].children] == [("一", 2)]


def test_a_slogan_then_the_parts_name_after_a_colon_is_one_heading():
    # 一、回望2022：主要做法与成效 names the measures; 二、存在的问题：宣传不够 keeps its item as the part's text.
    doc = parse(TITLE + "一、回望2022：主要做法与成效\n" + BODY + "\n二、存在的问题：宣传不够\n三、下一步：加强培训")
    assert [s.heading for s in doc.sections] == ["回望2022：主要做法与成效", "存在的问题", "下一步"]


def test_a_list_in_the_opening_is_not_the_top_level():
    doc = parse("某镇2023年法治政府建设情况报告\n现将有关情况报告如下：\n1.成立领导小组。\n2.制定实施方案。\n"
                "一、主要举措和成效\n（一）加强领导。" + BODY + "\n1.召开会议。\n二、存在的不足\n执法力量不足。")
    assert [(s.number, s.level) for s in doc.sections] == [("一", 1), ("二", 1)]
    assert doc.sections[0].children[0].children[0].number == "1"


def test_bare_part_titles_are_top_level_parts():
    doc = parse(TITLE + "主要举措和成效\n（一）加强组织领导\n" + BODY + "\n（二）完善制度\n" + BODY
                + "\n存在的问题\n一是执法力量不足，二是普法形式单一。\n下一步工作打算\n2024年，我镇将加强执法培训，完善各项制度。")
    assert [(s.level, s.heading) for s in doc.sections] == [
        (1, "主要举措和成效"), (1, "存在的问题"), (1, "下一步工作打算")]
    assert [c.number for c in doc.sections[0].children] == ["一", "二"]


def test_a_bare_part_title_among_numbered_parts_closes_them():
    doc = parse(TITLE + "一、主要举措和成效\n（一）加强组织领导\n" + BODY + "\n二、第一责任人职责履行情况\n" + BODY
                + "\n存在的不足和原因\n执法力量不足，主要原因是编制有限。\n四、下一步工作打算\n加强执法培训，完善各项制度。")
    assert [(s.level, s.number, s.heading) for s in doc.sections] == [
        (1, "一", "主要举措和成效"), (1, "二", "第一责任人职责履行情况"), (1, "", "存在的不足和原因"),
        (1, "四", "下一步工作打算")]


def test_a_number_alone_on_its_line_heads_the_line_below():
    # A converter's line break after the number: 四、 / 下一步工作打算. A paragraph below is not taken.
    doc = parse(TITLE + "一、主要举措和成效\n" + BODY + "\n二、\n存在的不足\n执法力量不足。\n（一）\n下一步工作打算\n加强执法培训。"
                + "\n三、\n" + BODY)
    assert [(s.level, s.number, s.heading) for s in doc.walk()] == [
        (1, "一", "主要举措和成效"), (1, "二", "存在的不足"), (2, "一", "下一步工作打算")]


def test_a_lone_part_label_heads_a_long_part_name_but_not_a_long_line():
    # 第二部分 / a part name longer than a bare heading (it names the principals' duty): the part's heading.
    long_name = "2022年党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况"
    doc = parse(TITLE + "第一部分\n主要举措和成效\n" + BODY + "\n第二部分\n" + long_name + "\n" + BODY)
    assert [(s.number, s.heading) for s in doc.sections] == [("一", "主要举措和成效"), ("二", long_name)]
    # The same length that names no part is a paragraph the label does not take.
    other = "2022年我镇组织全体机关干部和村居干部分三批到区委党校参加依法行政专题培训和考试"
    doc = parse(TITLE + "第一部分\n主要举措和成效\n" + BODY + "\n第二部分\n" + other + "\n" + BODY)
    assert [s.heading for s in doc.sections][:1] == ["主要举措和成效"] and other not in [s.heading for s in doc.sections]


def test_bare_sub_headings_nest_under_a_numbered_part():
    doc = parse(TITLE + "一、主要举措和成效\n加强组织领导\n" + BODY + "\n推进严格规范公正文明执法\n" + BODY
                + "\n二、存在的不足\n执法力量不足。")
    assert [(s.level, s.heading) for s in doc.walk()] == [
        (1, "主要举措和成效"), (2, "加强组织领导"), (2, "推进严格规范公正文明执法"), (1, "存在的不足")]


def test_a_heading_glued_to_the_paragraph_above_keeps_its_first_half():
    doc = parse("2022年，司法部坚持以习近平法治思想为指导，各项工作取得重要进展和成效。全面贯彻落实党的二十大精神\n"
                "统筹推进法治政府建设高质量发展\n" + BODY)
    assert [s.heading for s in doc.sections] == ["全面贯彻落实党的二十大精神统筹推进法治政府建设高质量发展"]


@pytest.mark.parametrize("line", [
    "特此报告", "某某镇人民政府", "2024年1月10日", "    年  月  日", "附件：法治政府建设统计表", "（此页无正文）",
    "依法治县办：", "我镇全年未发生行政诉讼案件", "执法案件数量", "教育体育局度法治政府建设报告 篇1",
])
def test_short_lines_that_are_not_headings(line):
    doc = parse(TITLE + "一、主要举措和成效\n" + BODY + "\n" + line + "\n" + BODY + "\n二、存在的不足\n执法力量不足。\n"
                + "\n".join(["三、下一步工作打算"] + [BODY] * 8))
    assert [s.heading for s in doc.walk()] == ["主要举措和成效", "存在的不足", "下一步工作打算"]


def test_a_short_line_inside_a_running_sentence_or_a_table_is_not_a_heading():
    doc = parse(TITLE + "一、主要举措和成效\n全年共开展普法活动12场次，覆盖群众\n加强组织领导\n3000余人次。\n"
                "案件类型\n加强执法监督\n办理数量\n二、存在的不足\n执法力量不足。")
    assert [s.heading for s in doc.walk()] == ["主要举措和成效", "存在的不足"]


def test_hand_wrapped_text_makes_no_bare_headings():
    text = seed("002").read_text(encoding="utf-8")
    wrapped = "\n".join(part for line in text.split("\n")
                        for part in ([line[i:i + 30] for i in range(0, len(line), 30)] if line.strip() else [""]))
    assert all(s.number for s in parse(wrapped).walk())


def test_bold_only_docx_paragraphs_are_headings(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("某镇人民政府关于2023年度法治政府建设情况的报告")
    document.add_paragraph("2023年，我镇坚持以习近平法治思想为指导，扎实推进法治政府建设，现将有关情况报告如下。")

    def bold(text: str) -> None:
        document.add_paragraph().add_run(text).bold = True

    bold("主要举措和成效")
    document.add_paragraph(BODY)
    bold("加强组织领导")
    document.add_paragraph(BODY)
    bold("党政主要负责人履行推进法治建设第一责任人职责情况")
    document.add_paragraph("镇党委书记主持召开专题会议3次，带头学法2次，年终述法。")
    bold("存在的不足和原因")
    document.add_paragraph("一是执法力量不足，主要原因是编制有限；二是普法形式单一。")
    paragraph = document.add_paragraph()  # bold in part only: not a heading
    paragraph.add_run("2024年工作打算").bold = True
    paragraph.add_run("：加强执法培训。")
    bold("2024年工作打算")
    document.add_paragraph("2024年，我镇将加强执法培训，完善各项制度，提升依法行政水平。")
    grid = document.add_table(rows=2, cols=2)
    for c, (head, value) in enumerate((("执法案件数量", "35件"), ("普法活动场次", "12场"))):
        grid.cell(0, c).paragraphs[0].add_run(head).bold = True
        grid.cell(1, c).text = value
    document.add_paragraph("某镇人民政府")
    document.add_paragraph("2024年2月1日")
    path = tmp_path / "bold.docx"
    document.save(str(path))

    doc = parse_document(load(str(path)))
    assert [(s.level, s.heading) for s in doc.walk()] == [
        (1, "主要举措和成效"), (2, "加强组织领导"), (1, "党政主要负责人履行推进法治建设第一责任人职责情况"),
        (1, "存在的不足和原因"), (1, "2024年工作打算")]


# --- the seeds, their parts headed another way ---------------------------------------------------------------

_TOP = re.compile(r"(?m)^([一二三四五六七八九])、")
_CN = "一二三四五六七八九"


def _rehead(text: str, form: str) -> str:
    """The seed with its top-level 一、 numbering rewritten: bare (no number), 1、, 第一部分 or Ⅰ、."""
    def swap(match: re.Match[str]) -> str:
        n = _CN.index(match.group(1)) + 1
        return {"bare": "", "arabic": f"{n}、", "part": f"第{match.group(1)}部分 ", "roman": f"{chr(0x215F + n)}、"}[form]
    return _TOP.sub(swap, text)


STRUCTURE = ("structure.measures", "structure.first-duty", "structure.shortcomings", "structure.next-year",
             "structure.other-matters", "timeliness.year-consistency", "evidence.quantified")


@pytest.mark.parametrize("form", ["bare", "arabic", "part", "roman"])
@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seed_audits_the_same_whatever_form_its_parts_are_headed_in(ruleset, seed_audits, name, form):
    text = seed(name).read_text(encoding="utf-8")
    edited = _rehead(text, form)
    assert edited != text
    audit = audit_text(edited, ruleset, path=f"{name}-{form}.txt")
    assert audit.error is None
    original = seed_audits[name]
    for rule in STRUCTURE:
        assert result_of(audit, rule).status == result_of(original, rule).status, (rule, result_of(audit, rule).message)
    assert len(audit.document.sections) == len(original.document.sections)


@pytest.mark.parametrize("line", ["【三、存在的问题】", "◆三、存在的问题", "📌三、存在的问题", "| 三、存在的问题 | 具体表现 |"])
def test_a_numbered_heading_keeps_its_number_behind_a_mark_or_in_brackets(line):
    doc = parse(TITLE + "一、主要举措和成效\n" + BODY + "\n二、第一责任人职责履行情况\n" + BODY + "\n" + line
                + "\n执法力量不足。\n四、下一步工作打算\n加强执法培训，完善各项制度。")
    assert [s.number for s in doc.sections] == ["一", "二", "三", "四"]
    assert "存在的问题" in doc.sections[2].heading
