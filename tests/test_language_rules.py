"""Language rules on tricky texts and on the seeds: reduplication, punctuation, enumeration, placeholders."""

from __future__ import annotations

import pytest

from tests.conftest import result_of, run_pack_rule, seed

LANGUAGE = ("language.duplicated-word", "language.punctuation", "language.enumeration", "language.placeholder",
            "language.key-titles", "language.fazhi-wording")


# --- duplicated words ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "常常深入基层，人人参与，逐一核实、一一对应，天天巡查，层层压实，事事有交代、件件有回复。",
    "做到家家户户知法，明明白白、实实在在，扎扎实实推进。",
    "深入学习习近平法治思想，我镇镇长带头，组织4次市政府常务会会前学法。",
    "一件一件抓落实，全年开展活动100100次，会议目的的实现，开展了了解民情活动。",
])
def test_legitimate_reduplication_passes(ruleset, text):
    result = run_pack_rule(ruleset, "language.duplicated-word", text)
    assert result.status == "pass", result.message


@pytest.mark.parametrize("text, word", [
    ("充分发挥发挥法律顾问作用。", "发挥发挥"),
    ("司法所等相关部门相关部门配合。", "相关部门相关部门"),
    ("推进工作的的开展。", "的的"),
    ("开展了了宣传活动。", "了了"),
    ("会议研究研究了法治政府建设工作。", "研究研究"),
])
def test_accidental_repeat_is_named_with_its_fix(ruleset, text, word):
    result = run_pack_rule(ruleset, "language.duplicated-word", text)
    assert result.status == "fail"
    assert f"“{word}”（第1行）→删去一个“{word[: len(word) // 2]}”" in result.message
    assert result.evidence[0].line == 1


def test_reduplication_whitelist_comes_from_the_yaml_params(ruleset):
    text = "做到事事有交代，件件有回复。"
    assert run_pack_rule(ruleset, "language.duplicated-word", text).status == "pass"
    bare = run_pack_rule(ruleset, "language.duplicated-word", text, params={"allowed": []})
    assert bare.status == "fail" and "“件件”" in bare.message


def test_seed_001_repeats_fahui(seed_audits):
    result = result_of(seed_audits["001"], "language.duplicated-word")
    assert result.status == "fail"
    assert "“发挥发挥”（第9行）" in result.message
    assert [e.line for e in result.evidence] == [9]


def test_seed_004_repeats_two_words(seed_audits):
    result = result_of(seed_audits["004"], "language.duplicated-word")
    assert "“相关部门相关部门”（第9行）" in result.message and "“具有具有”（第13行）" in result.message
    assert "人人" not in result.message  # 人人共参与 on line 10 is reduplication


# --- punctuation --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "全年受教群众1,000余人次，覆盖率99.5%，12:30前完成，网址https://www.gov.cn/a,b.html。",
    "依据石府办〔2020〕113号文件，We held a meeting (online), then voted: yes.",
    "学习《万州区贯彻落实〈重庆市法治政府建设实施方案（2021—2025年）〉的任务分工清单》……效果良好——群众满意。",
    "一）成立小组；二）制定方案。",
])
def test_punctuation_leaves_numbers_urls_english_and_numbering_alone(ruleset, text):
    result = run_pack_rule(ruleset, "language.punctuation", text)
    assert result.status == "pass", result.message


def test_half_width_marks_counted_by_kind(ruleset):
    result = run_pack_rule(ruleset, "language.punctuation", "2022年,我镇坚持依法行政;现报告如下:")
    assert result.status == "partial"
    assert "“,”→“，” 1 处" in result.message and "“;”→“；” 1 处" in result.message and "“:”→“：” 1 处" in result.message
    assert abs(result.credit - 0.7) < 1e-6  # 3 problems, fail_at 10


def test_unpaired_and_doubled_marks_named(ruleset):
    result = run_pack_rule(ruleset, "language.punctuation", "学习《民法典，开展“八五普法宣传，，效果良好。")
    assert "成对标点不配对 2 处" in result.message and "“《”" in result.message and "““”" in result.message
    assert "标点连用 1 处：“，，”（第1行）" in result.message


def test_seed_003_half_width_throughout_fails(seed_audits):
    result = result_of(seed_audits["003"], "language.punctuation")
    assert result.status == "fail"
    assert "中文语句中使用半角标点" in result.message and "“,”→“，”" in result.message
    assert len(result.evidence) == 8 and result.evidence[0].line == 3


def test_seed_004_comma_before_full_stop(seed_audits):
    result = result_of(seed_audits["004"], "language.punctuation")
    assert result.status == "partial"
    assert result.message == "标点连用 1 处：“，。”（第6行）"
    assert "发展，。现将" in result.evidence[0].text


def test_seed_000_half_width_parentheses(seed_audits):
    result = result_of(seed_audits["000"], "language.punctuation")
    assert result.status == "partial" and "见第8行" in result.message
    assert "村(居)" in result.evidence[0].text


# --- enumeration --------------------------------------------------------------------------------


def test_inline_items_restart_under_each_heading(ruleset):
    text = ("一、主要举措\n（一）加强领导。一是成立小组；二是制定方案。\n（二）普法宣传。一是开展宣讲。\n二是发放资料。\n"
            "二、存在的不足\n1.执法力量不足。\n2.普法形式单一。\n三、下一步打算\n1.加强培训。\n一是完善制度，二是强化考核。")
    assert run_pack_rule(ruleset, "language.enumeration", text).status == "pass"


def test_numbering_may_run_on_across_parents(ruleset):
    text = "一、主要举措\n（一）加强领导\n1.成立小组。\n2.制定方案。\n（二）普法宣传\n3.开展宣讲。"
    assert run_pack_rule(ruleset, "language.enumeration", text).status == "pass"


def test_heading_gap_and_repeat_named(ruleset):
    text = "一、主要举措\n（一）加强领导\n（三）普法宣传\n二、存在的不足\n四、下一步打算\n1.加强培训。\n1.完善制度。"
    result = run_pack_rule(ruleset, "language.enumeration", text)
    assert result.status == "fail"
    assert "缺少“（二）”（第3行“（三）”之前）" in result.message
    assert "缺少“三、”（第5行“四、”之前）" in result.message
    assert "“1.”重复（第6行、第7行）" in result.message


def test_inline_gap_and_disorder_named(ruleset):
    result = run_pack_rule(ruleset, "language.enumeration", "一、不足\n一是力量不足，三是形式单一，二是意识不强。")
    assert "缺少“二是”" in result.message and "顺序错乱：“三是”之后是“二是”" in result.message


def test_seed_001_numbers_sanshi_twice(seed_audits):
    result = result_of(seed_audits["001"], "language.enumeration")
    assert result.status == "fail"
    assert result.message == "序号问题 1 处：“三是”重复（第19行）"
    assert result.evidence[0].line == 19 and result.evidence[0].text.startswith("…")


# --- placeholders, key titles, 法制 wording ----------------------------------------------------


@pytest.mark.parametrize("text", [
    "型号XXL-3000，分辨率1920×1080，当事人张某某，制度有待补充完善，电话138****1234，当事人王**。",
    "Windows XP系统已更新。",
])
def test_placeholder_ignores_english_multiplication_and_masks(ruleset, text):
    assert run_pack_rule(ruleset, "language.placeholder", text).status == "pass"


@pytest.mark.parametrize("text, shown", [
    ("XX镇人民政府关于20XX年度法治政府建设情况的报告", "“XX”"),
    ("全年开展普法活动***场次。", "“***”"),
    ("某某单位于2023年X月召开会议。", "“某某”"),
    ("执法案件数据待补充。", "“待补充”"),
    ("【此处填写典型案例】", "“【此处填写典型案例】”"),
    ("20__年，坚持以____思想为指导。", "“__”"),
])
def test_placeholder_named(ruleset, text, shown):
    result = run_pack_rule(ruleset, "language.placeholder", text)
    assert result.status == "fail" and shown in result.message


def test_fazhi_wording_allows_proper_names(ruleset):
    text = "落实重大执法决定法制审核制度，配齐法制审核人员，由法制机构审核。"
    assert run_pack_rule(ruleset, "language.fazhi-wording", text).status == "pass"
    result = run_pack_rule(ruleset, "language.fazhi-wording", "加强法制宣传，增强法制观念。")
    assert "“法制宣传”→“法治宣传”" in result.message and "“法制观念”→“法治观念”" in result.message


def test_key_titles(ruleset):
    result = run_pack_rule(ruleset, "language.key-titles", "深入学习习近平法制思想。")
    assert result.status == "fail" and "→“习近平法治思想”" in result.message


# --- the seeds as a whole ----------------------------------------------------------------------

EXPECTED_GAPS = {
    "000": {"language.punctuation"},  # 村(居): half-width parentheses (line 8)
    "001": {"language.duplicated-word", "language.enumeration", "language.fazhi-wording"},  # 发挥发挥, 三是 twice, 法制宣传教育
    "002": set(),
    "003": {"language.punctuation"},  # half-width , ; : ( ) throughout
    "004": {"language.duplicated-word", "language.punctuation", "language.fazhi-wording"},  # 相关部门相关部门, “，。”, 法制宣传
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED_GAPS))
def test_language_gaps_on_seeds(seed_audits, prefix):
    gaps = {r.rule_id for r in seed_audits[prefix].results if r.rule_id in LANGUAGE and r.is_gap}
    assert gaps == EXPECTED_GAPS[prefix]


@pytest.mark.parametrize("old, new, rule_id", [
    ("坚持以习近平法治思想武装头脑", "坚持以习近平法治思想武装武装头脑", "language.duplicated-word"),
    ("三是制定干部职工学法计划", "三是制定干部职工学法计划。三是", "language.enumeration"),
    ("我乡突出重点", "XX乡突出重点", "language.placeholder"),
])
def test_mutation_changes_only_the_matching_rule(audit, old, new, rule_id):
    text = seed("002").read_text(encoding="utf-8")
    assert old in text
    before, after = audit(text), audit(text.replace(old, new, 1))
    changed = {b.rule_id for b, a in zip(before.results, after.results) if b.status != a.status}
    assert changed == {rule_id}
    assert after.scorecard.score < before.scorecard.score
