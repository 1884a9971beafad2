"""The dated canon (rules/reference): every entry exercised with a passing and a failing sentence and a report
year, the ageing-knowledge cases of issue #12 on reports of different years, and load-time validation."""

from __future__ import annotations

import datetime as dt

import pytest

from auditor import canon
from auditor.errors import RuleFileError
from auditor.pack import load_rules
from tests.conftest import run_pack_rule

_PACK = load_rules()
INSTRUMENTS = canon.entries(_PACK, "instruments", "instruments", canon.Instrument)
EVENTS = canon.entries(_PACK, "events", "events", canon.Event)
ORGANS = canon.entries(_PACK, "organs", "organs", canon.Organ)
REQUIREMENTS = canon.entries(_PACK, "requirements", "requirements", canon.Requirement)
TYPOS = canon.entries(_PACK, "typos", "typos", canon.Typo)


def status(ruleset, rule_id: str, text: str, year: int | None = None) -> str:
    result = run_pack_rule(ruleset, rule_id, text, year=year)
    return result.status


def report(year: int, body: str, date: str = "") -> str:
    """A small report on `year`: title, lead-in, a measures part, a next-year part, an optional 成文日期."""
    tail = f"\n某县人民政府\n{date}" if date else ""
    return f"关于{year}年度法治政府建设情况的报告\n{body}{tail}"


# --- every entry of the canon has its pass and fail sentence -----------------------------------------------


def test_every_fact_has_a_source():
    for item in INSTRUMENTS:
        assert item.source.strip(), item.id
        for edition in item.editions:
            assert edition.source.strip(), (item.id, edition.year)
        if item.superseded:
            assert item.superseded.source.strip(), item.id
    for entries in (EVENTS, ORGANS, REQUIREMENTS, TYPOS):
        assert entries and all(e.source.strip() for e in entries)


SUPERSEDED = [i for i in INSTRUMENTS if i.superseded]


@pytest.mark.parametrize("item", SUPERSEDED, ids=[i.id for i in SUPERSEDED])
def test_superseded_instrument(ruleset, item):
    gone = item.superseded.date
    text = f"在群众中重点宣传《{item.bare_name}》。"
    assert status(ruleset, "timeliness.superseded-law", text, gone.year) == "fail"
    assert status(ruleset, "timeliness.superseded-law", text, gone.year - 1) == "pass"
    assert status(ruleset, "timeliness.superseded-law", f"此前按原《{item.bare_name}》办理。", gone.year + 1) == "pass"


EDITIONS = [(i, e) for i in INSTRUMENTS for e in i.editions if e.in_force]


@pytest.mark.parametrize("item, edition", EDITIONS, ids=[f"{i.id}-{e.year}" for i, e in EDITIONS])
def test_edition_in_force(ruleset, item, edition):
    earlier = [e.year for e in item.editions if e.year < edition.year]
    old = earlier[-1] if earlier else (item.adopted.year if item.adopted else edition.year - 1)
    year = edition.in_force.year  # in force on 31 December of this report year
    text = f"组织学习《{item.name}》（{old}年修正）。"
    assert status(ruleset, "timeliness.edition", text, year) == "fail"
    assert status(ruleset, "timeliness.edition", text, year - 1) == "pass" or any(
        e.in_force and e.in_force.year == year - 1 and e.year > old for e in item.editions)
    assert status(ruleset, "timeliness.edition", f"组织学习《{item.name}》（{edition.year}年{edition.kind}）。", year) == "pass"


MISNAMED = [(i, m) for i in INSTRUMENTS for m in i.misnames]


@pytest.mark.parametrize("item, wrong", MISNAMED, ids=[m for _, m in MISNAMED])
def test_instrument_name(ruleset, item, wrong):
    result = run_pack_rule(ruleset, "timeliness.instrument-name", f"重点宣传《{wrong}》。", year=2023)
    assert result.status == "fail" and item.bare_name in result.message
    assert status(ruleset, "timeliness.instrument-name", f"重点宣传《{item.bare_name}》。", 2023) == "pass"


PLANS = [(i, t) for i in INSTRUMENTS if i.period for t in i.titles]


@pytest.mark.parametrize("item, title", PLANS, ids=[f"{i.id}-{t}" for i, t in PLANS])
def test_plan_period(ruleset, item, title):
    first, last = item.period
    others = {tuple(j.period) for j in INSTRUMENTS if j.period and title in j.titles}
    wrong = next((first + k, last) for k in range(1, 5) if (first + k, last) not in others)
    year = max(first, 2021)
    assert status(ruleset, "timeliness.plan-period", f"落实{title}（{first}—{last}年）。", year) == "pass"
    assert status(ruleset, "timeliness.plan-period", f"落实{title}（{wrong[0]}—{wrong[1]}年）。", year) == "fail"


@pytest.mark.parametrize("event", EVENTS, ids=[e.name for e in EVENTS])
def test_event_after_writing(ruleset, event):
    # an undated report on Y is written by 1 April of Y+1
    before = event.date.year - 1 if event.date > dt.date(event.date.year, 4, 1) else event.date.year - 2
    assert status(ruleset, "timeliness.anachronism", report(before, event.example), before) == "fail"
    assert status(ruleset, "timeliness.anachronism", report(event.date.year, event.example), event.date.year) == "pass"


@pytest.mark.parametrize("organ", ORGANS, ids=[o.name for o in ORGANS])
def test_organ(ruleset, organ):
    assert status(ruleset, "timeliness.outdated-organ", organ.example, organ.from_) == "fail"
    assert status(ruleset, "timeliness.outdated-organ", organ.example, organ.from_ - 1) == "pass"


@pytest.mark.parametrize("item", REQUIREMENTS, ids=[r.name for r in REQUIREMENTS])
def test_new_requirement(ruleset, item):
    year = item.years.from_
    level = item.levels[0] if item.levels else "county"
    from auditor.pipeline import audit_text

    def listed_missing(text: str) -> bool | None:
        result = next(r for r in audit_text(text, ruleset, year=year, level=level).results
                      if r.rule_id == "timeliness.new-requirements")
        if result.status == "not_applicable":
            return None
        return item.name in result.message.partition("未提及")[2]

    assert listed_missing(report(year, item.example)) is False
    missing = listed_missing(report(year, item.topic or "开展普法活动12场次。"))
    assert missing is True


@pytest.mark.parametrize("typo", TYPOS, ids=[t.right[:6] for t in TYPOS])
def test_typo(ruleset, typo):
    assert status(ruleset, "language.common-typos", typo.pass_) == "pass"
    result = run_pack_rule(ruleset, "language.common-typos", typo.fail)
    assert result.status == "fail" and typo.right in result.message


# --- the cases of the issue, on reports of different years -------------------------------------------------


@pytest.mark.parametrize("text, year, expected", [
    ("围绕“十三五”规划目标，推进法治政府建设。", 2023, "fail"),
    ("围绕“十三五”规划目标，推进法治政府建设。", 2020, "pass"),
    ("回顾“十三五”期间，我县法治建设成效明显。", 2023, "pass"),
    ("全面落实“十四五”规划。", 2026, "fail"),
    ("全面落实“十四五”规划。", 2025, "pass"),
])
def test_five_year_plan_as_current(ruleset, text, year, expected):
    assert status(ruleset, "timeliness.outdated-reference", text, year) == expected


@pytest.mark.parametrize("text, year, expected", [
    ("深入推进“七五”普法，同时落实“八五”普法规划。", 2022, "fail"),
    ("深入推进“七五”普法，同时落实“八五”普法规划。", 2023, "fail"),
    ("全面完成“七五”普法验收，启动“八五”普法规划。", 2021, "pass"),
    ("深入推进“八五”普法规划实施。", 2026, "pass"),  # the 九五 plan is not issued yet
    ("深入推进“七五”普法规划实施。", 2026, "fail"),
])
def test_pufa_plan_as_current(ruleset, text, year, expected):
    assert status(ruleset, "pufa.current-plan", text, year) == expected


@pytest.mark.parametrize("text, year, expected", [
    ("落实《法治政府建设实施纲要（2022—2025年）》。", 2023, "fail"),
    ("根据法治政府建设实施纲要(2023-2023)的规定。", 2023, "fail"),
    ("制定本镇普法工作方案（2024—2023年）。", 2023, "fail"),
    ("落实《法治政府建设实施纲要（2021-2025年）》。", 2023, "pass"),
    ("落实《重庆市法治政府建设实施方案（2021—2025年）》。", 2023, "pass"),
])
def test_plan_periods(ruleset, text, year, expected):
    assert status(ruleset, "timeliness.plan-period", text, year) == expected


@pytest.mark.parametrize("text, year, expected", [
    ("《行政复议法》（2017年修正）是复议工作的依据。", 2024, "fail"),
    ("《行政复议法》（2017年修正）是复议工作的依据。", 2023, "pass"),
    ("依据2017年修正的《中华人民共和国行政复议法》办理。", 2025, "fail"),
    ("学习《突发事件应对法》（2007年）。", 2024, "fail"),
    ("学习《治安管理处罚法》（2012年修正）。", 2025, "pass"),
    ("学习《治安管理处罚法》（2012年修正）。", 2026, "fail"),
    ("对照修订前的《行政复议法》（2017年修正），新法扩大了受案范围。", 2024, "pass"),
])
def test_editions(ruleset, text, year, expected):
    assert status(ruleset, "timeliness.edition", text, year) == expected


def test_the_exemption_for_19th_congress_reads_only_the_parts_on_the_year(ruleset):
    plans_only = report(2023, "2023年，我镇全面贯彻党的十九大精神。\n一、主要举措和成效\n开展普法12场次。\n"
                              "二、2024年工作安排\n深入学习贯彻党的二十大精神。")
    lead_in = report(2023, "2023年，我镇深入贯彻党的二十大精神，党的十九大以来的成果得到巩固。\n一、主要举措和成效\n开展普法12场次。")
    result = run_pack_rule(ruleset, "timeliness.outdated-reference", plans_only, year=2023)
    assert result.status == "fail" and [e.line for e in result.evidence] == [2]
    assert status(ruleset, "timeliness.outdated-reference", lead_in, 2023) == "pass"


@pytest.mark.parametrize("text, year, expected", [
    ("在区依法治区领导小组的指导下开展工作。", 2022, "fail"),
    ("在县委全面依法治县委员会的指导下开展工作。", 2022, "pass"),
    ("在镇依法治镇领导小组的指导下开展工作。", 2022, "pass"),  # townships keep their groups
    ("原县法制办的职责已划入县司法局。", 2022, "pass"),
    ("经县人大常委会法制工作委员会审议。", 2022, "pass"),
])
def test_bodies_after_the_reforms(ruleset, text, year, expected):
    assert status(ruleset, "timeliness.outdated-organ", text, year) == expected


@pytest.mark.parametrize("text, year, expected", [
    (report(2024, "深入贯彻党的二十届四中全会精神。", "2025年3月1日"), 2024, "fail"),
    (report(2024, "深入贯彻党的二十届四中全会精神。", "2025年11月1日"), 2024, "pass"),  # dated after the plenum
    (report(2022, "深入学习贯彻党的二十大精神。", "2023年2月1日"), 2022, "pass"),
    (report(2021, "以优异成绩迎接党的二十大胜利召开。"), 2021, "pass"),
    (report(2021, "深入学习贯彻党的二十大精神。"), 2021, "fail"),
])
def test_anachronism_uses_the_writing_date(ruleset, text, year, expected):
    assert status(ruleset, "timeliness.anachronism", text, year) == expected


@pytest.mark.parametrize("text, year, expected", [
    # an instrument cited before it was adopted (法律援助法: 2021年8月20日; 信访工作条例: 2022年2月25日)
    (report(2020, "重点宣传《中华人民共和国法律援助法》。", "2021年1月12日"), 2020, "fail"),
    (report(2021, "重点宣传《中华人民共和国法律援助法》。", "2022年1月12日"), 2021, "pass"),
    (report(2020, "参与《法律援助法（草案）》征求意见。", "2021年1月12日"), 2020, "pass"),
    (report(2020, "严格按照《信访工作条例》办理来信来访。", "2021年1月8日"), 2020, "fail"),
    # a revision cited as 新修订 before it was adopted, when the edition before it was long in force
    (report(2020, "讲解新修订的《中华人民共和国行政处罚法》。", "2021年1月10日"), 2020, "fail"),
    (report(2021, "讲解新修订的《中华人民共和国行政处罚法》。", "2022年1月10日"), 2021, "pass"),
    (report(2023, "学习新修订的《中华人民共和国保守国家秘密法》。", "2024年1月20日"), 2023, "fail"),
    (report(2011, "学习新修订的《中华人民共和国保守国家秘密法》。", "2012年1月20日"), 2011, "pass"),  # the 2010 revision
    (report(2023, "更新《保密法》宣传栏内容。", "2024年1月20日"), 2023, "pass"),
    # an edition cited by its year before that edition was adopted
    (report(2020, "学习《行政处罚法》（2021年修订）。", "2021年1月10日"), 2020, "fail"),
])
def test_anachronism_of_instruments(ruleset, text, year, expected):
    assert status(ruleset, "timeliness.anachronism", text, year) == expected


def test_formulations(ruleset):
    assert status(ruleset, "timeliness.formulation", "认真学习总书记重要讲话。") == "pass"
    result = run_pack_rule(ruleset, "timeliness.formulation", "学习习总书记重要讲话，贯彻习近平中国特色社会主义思想。")
    assert result.status == "fail" and "习近平总书记" in result.message and "习近平新时代中国特色社会主义思想" in result.message


def test_new_requirements_are_coverage_of_the_lowest_severity(ruleset, audit):
    text = report(2024, "全年办理行政复议案件12件，落实新修订的《行政复议法》。\n一、主要举措和成效\n开展行政执法检查。")
    result = next(r for r in audit(text, year=2024, level="county").results if r.rule_id == "timeliness.new-requirements")
    assert result.severity == "info" and result.status == "partial"
    assert "本年度新要求" in result.message and "提升行政执法质量三年行动计划" in result.message


# --- the rule keeper's side: validation at load, rules show ------------------------------------------------


def _pack(folder, reference: str, body: str, rule: str = "timeliness.superseded-law"):
    (folder / "pack.yaml").write_text("mode: extend\n", encoding="utf-8")
    (folder / "reference").mkdir()
    (folder / "reference" / f"{reference}.yaml").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize("body, words", [
    ("instruments:\n  - {id: x, name: 某某条例, kind: 行政法规}\n", ["第1条", "某某条例", "source", "缺少"]),
    ("instruments:\n  - {id: x, name: 某某条例, kind: 行政法规, source: s, in_force: 2024-02-30}\n", ["instruments.yaml", "无效"]),
    ("instruments:\n  - {id: x, name: 某某法, kind: 法律, source: s, editions: [{year: 2020, kind: 修政, source: s}]}\n",
     ["editions", "kind"]),
    ("instruments:\n  - {id: x, name: 某某法, kind: 法律, source: ' '}\n", ["来源"]),
    ("instruments:\n  - {id: x, name: 某某法, kind: 法律, source: s, adopted: 2020-05-01, in_force: 2019-01-01}\n",
     ["早于"]),
    ("instruments:\n  - {id: x, name: 甲法, kind: 法律, source: s}\n  - {id: x, name: 乙法, kind: 法律, source: s}\n",
     ["重复"]),
])
def test_a_bad_instrument_is_a_load_error(tmp_path, body, words):
    with pytest.raises(RuleFileError) as info:
        load_rules(_pack(tmp_path, "instruments", body))
    message = str(info.value)
    assert all(w in message for w in words), message


def test_a_typo_entry_whose_example_does_not_match_is_a_load_error(tmp_path):
    body = "typos:\n  - {wrong: 布署, right: 部署, basis: b, source: s, pass: 部署工作, fail: 安排工作}\n"
    with pytest.raises(RuleFileError) as info:
        load_rules(_pack(tmp_path, "typos", body))
    assert "language.common-typos" in str(info.value) and "安排工作" in str(info.value)


def test_adding_a_revision_is_one_yaml_entry(tmp_path):
    """A rule keeper adds a (hypothetical) later edition: the edition check picks it up without Python."""
    import yaml

    from tests.conftest import ROOT

    data = yaml.safe_load((ROOT / "rules" / "reference" / "instruments.yaml").read_text(encoding="utf-8"))
    law = next(i for i in data["instruments"] if i["id"] == "xingzheng-xuke")
    law["editions"].append({"year": 2030, "kind": "修正", "adopted": dt.date(2030, 6, 1), "in_force": dt.date(2030, 7, 1),
                            "source": "测试用的假设版本"})
    folder = _pack(tmp_path, "instruments", yaml.safe_dump(data, allow_unicode=True))
    ruleset = load_rules(folder)
    text = "学习《行政许可法》（2019年修正）。"
    assert run_pack_rule(ruleset, "timeliness.edition", text, year=2030).status == "fail"
    assert run_pack_rule(ruleset, "timeliness.edition", text, year=2029).status == "pass"


def test_rules_show_lists_the_entries_a_rule_reads(cli):
    shown = cli("rules", "show", "timeliness.edition")
    assert shown.returncode == 0, shown.stderr
    assert "参考数据" in shown.stdout and "中华人民共和国行政复议法" in shown.stdout and "2024年1月1日" in shown.stdout
    typos = cli("rules", "show", "language.common-typos")
    assert "参考数据（" in typos.stdout and "部署" in typos.stdout
    plain = cli("rules", "show", "duty.shufa")
    assert plain.returncode == 0 and "参考数据" not in plain.stdout


def test_an_edition_without_an_in_force_date_counts_from_the_second_year_after_adoption(ruleset):
    """行政处罚法 2017 amendment: adopted 2017-09-01, its in-force date not on record — surely in force in 2020,
    not assumed in 2018."""
    text = "一、主要举措和成效\n严格执行《行政处罚法》（2009年修正）。"
    assert run_pack_rule(ruleset, "timeliness.edition", text, year=2020).status == "fail"
    assert run_pack_rule(ruleset, "timeliness.edition", text, year=2018).status == "pass"
