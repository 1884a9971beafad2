"""List and heading numbers in every form (一 12 ① ⑴ ⒈ Ⅰ ㈠): read by one reader, never a crash, and checked for
repeats and gaps by language.enumeration."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.numerals import chinese_year, numeral_like, numeral_value
from tests.conftest import result_of

HEAD = "某镇人民政府关于2023年度法治政府建设情况的报告\n2023年，我镇扎实推进法治政府建设。\n一、主要举措和成效\n"
TAIL = "\n二、存在的不足\n执法力量不足，主要原因是编制有限。\n三、下一步工作打算\n2024年加强执法培训。"


@pytest.mark.parametrize("token, value", [
    ("1", 1), ("12", 12), ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99), ("①", 1), ("⑳", 20),
    ("⑴", 1), ("⑵", 2), ("⒈", 1), ("⒛", 20), ("Ⅰ", 1), ("Ⅻ", 12), ("ⅳ", 4), ("㈠", 1), ("㈩", 10), ("❸", 3),
    ("➂", 3), ("➌", 3), ("㊁", 2), ("", None), ("x", None), ("一二", None), ("²", None), ("١", None),
])
def test_numeral_value(token, value):
    assert numeral_value(token) == value


@pytest.mark.parametrize("like", ["1", "一", "①", "⑴", "⒈", "Ⅰ", "㈠"])
def test_numeral_like_writes_a_value_back_in_the_same_form(like):
    for value in range(1, 11):
        assert numeral_value(numeral_like(value, like)) == value


def test_chinese_years():
    assert (chinese_year("二〇二三"), chinese_year("二零二四"), chinese_year("一九九九")) == (2023, 2024, 1999)
    assert chinese_year("十四五") is None and chinese_year("二〇二") is None


def test_circled_list_items_do_not_crash_the_audit(audit):
    """str.isdigit() is true for ①–⑨: int('①') used to turn the whole report into an internal error."""
    result = audit(HEAD + "①加强组织领导。成立领导小组。\n②完善制度。制定办法3项。" + TAIL)
    assert result.error is None
    assert result_of(result, "language.enumeration").status == "pass"


@pytest.mark.parametrize("items, missing", [
    ("①加强组织领导。\n②完善制度。\n④强化执法。", "缺少“③”"),
    ("⑴加强组织领导。\n⑵完善制度。\n⑵强化执法。", "“⑵”重复"),
    ("⒈加强组织领导。\n⒊完善制度。", "缺少“⒉”"),
    ("㈠加强组织领导。\n㈢完善制度。", "缺少“㈡”"),
    ("主要做法：①加强组织领导；②完善制度；④强化执法。", "缺少“③”"),
    ("主要做法：⑴学法；⑵用法；⑵守法。", "“⑵”重复"),
])
def test_enumeration_reads_every_form(audit, items, missing):
    result = result_of(audit(HEAD + items + TAIL), "language.enumeration")
    assert result.status == "fail" and missing in result.message


@pytest.mark.parametrize("items", [
    "①加强组织领导。\n②完善制度。\n③强化执法。",
    "主要做法：①加强组织领导；②完善制度；③强化执法。又：①学法；②用法。",
    "主要做法：⑴学法；⑵用法；①加强领导；②完善制度。",
    "全年水质保持Ⅱ类，Ⅲ级以上风险点全部整改。",
])
def test_enumeration_passes_lists_in_order(audit, items):
    assert result_of(audit(HEAD + items + TAIL), "language.enumeration").status == "pass"


def test_circled_numbers_through_the_installed_command(cli, tmp_path):
    report = tmp_path / "circled.txt"
    report.write_text(HEAD + "①加强组织领导。成立领导小组。\n②完善制度。\n⑴学法。\n⑵用法。\nⅠ、执法\nⅡ、普法" + TAIL,
                      encoding="utf-8")
    done = cli("check", report, "--format", "json", "--no-config", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    audit = json.loads(done.stdout)["reports"][0]
    assert audit["error"] is None and audit["results"]


@pytest.mark.parametrize("text", ["某镇二〇二二年度法治政府建设情况报告", "成文日期为二〇二三年二月二十一日", "编号一〇〇一一"])
def test_chinese_numerals_are_not_doubled_words(audit, text):
    assert result_of(audit(text + "\n开展普法。"), "language.duplicated-word").status == "pass"


def test_a_doubled_numeral_word_is_still_found(audit):
    assert result_of(audit("某镇2023年法治政府建设情况报告\n开展了了宣传活动。"), "language.duplicated-word").status == "fail"


def test_enumeration_names_places_the_way_the_file_does(ruleset):
    """A .docx or .pdf report's repeats are placed as 第N段 / 第N页第M行, the evidence's own wording."""
    from auditor.model import Source
    from auditor.pipeline import audit_source

    lines = ["某镇2023年法治政府建设情况报告", "一、主要举措和成效", "开展普法。", "一、存在的不足", "执法力量不足。"]
    source = Source(path="t.docx", text="\n".join(lines), format="docx",
                    locations=tuple(f"第{n * 2}段" for n in range(1, len(lines) + 1)))
    result = next(r for r in audit_source(source, ruleset).results if r.rule_id == "language.enumeration")
    assert result.status == "fail" and "第4段" in result.message and "第8段" in result.message
    assert "行" not in result.message.replace("执行", "")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="壹贰一二十（）()1２2、.．，, \u3000x", max_size=8))
def test_one_pattern_names_the_first_bad_form_as_the_loop_does(line):
    """form._ANY_BAD_FORM (the heading forms joined, one group each) names the first form that matches."""
    from auditor.checks import form

    first = next((note for pattern, note in form._BAD_FORMS if pattern.match(line)), None)
    found = form._ANY_BAD_FORM.match(line)
    assert (form._BAD_FORMS[found.lastindex - 1][1] if found else None) == first
