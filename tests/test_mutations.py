"""Mutation tests: take the most complete seed (002), change one required element, and check that exactly
the rules about that element change status and the score drops."""

from __future__ import annotations

import pytest

from auditor.pipeline import audit_text
from tests.conftest import seed

BASE = seed("002").read_text(encoding="utf-8")


def _statuses(audit) -> dict[str, str]:
    return {r.rule_id: r.status for r in audit.results}


@pytest.fixture(scope="module")
def base(ruleset):
    return audit_text(BASE, ruleset, path="002.txt")


def _without_lines(text: str, first: int, last: int) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: first - 1] + lines[last:])


def _replace(old: str, new: str, count: int = 1):
    def mutate(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)
    return mutate


# (name, mutation, rules expected to change status). Deleting a whole part legitimately moves every
# rule that reads that part; every other mutation touches exactly one rule.
MUTATIONS = [
    ("delete the 第一责任人 part", lambda t: _without_lines(t, 23, 25),
     {"structure.first-duty", "structure.first-duty-heading", "duty.concrete", "duty.leadership-meetings",
      "governance.legality-review",  # its 规范性文件审查报备 is told in that part
      "language.enumeration"}),  # and the parts are now numbered 一、三、四、
    ("drop 述法", lambda t: _replace("全市述法工作实施意见和", "")(_replace("将“述法”情况纳入年度考核内容，", "")(t)),
     {"duty.shufa"}),
    ("turn 八五 into 七五", _replace("八五", "七五", -1), {"pufa.current-plan", "timeliness.outdated-reference"}),  # the ended plan named as current
    ("cite a superseded law", _replace("《中华人民共和国民法典》等学习宣讲会", "《中华人民共和国民法典》《信访条例》等学习宣讲会"),
     {"timeliness.superseded-law"}),
    ("change the title's year", _replace("关于青龙乡2023年", "关于青龙乡2022年"), {"timeliness.year-consistency"}),
    ("report next year's work as done", _replace("二是加强普法阵地建设", "二是2024年加强普法阵地建设"),
     {"timeliness.year-consistency"}),
    ("drop the 不足 part", lambda t: _without_lines(t, 26, 27),
     {"structure.shortcomings", "structure.shortcoming-causes", "language.enumeration"}),
    ("drop 三项制度", _replace("实施行政执法“三项制度”落实强化活动，", ""), {"enforcement.three-systems"}),
    ("cite an old 纲要 as current", _replace("深入贯彻党的二十大精神，", "深入贯彻党的二十大精神，落实《法治政府建设实施纲要（2015—2020年）》，"),
     {"timeliness.outdated-reference"}),
    ("title it a 工作总结", _replace("法治政府建设情况的\n报  告", "法治政府建设工作总结"), {"format.title"}),
    ("a 请示 inside the report", _replace("作表率。", "作表率。以上报告妥否，请批示。"), {"format.no-request"}),
    ("a wrong doc number", _replace("青龙委文〔2024〕7号", "青龙委文[2024]07号"), {"format.doc-number"}),
]


@pytest.mark.parametrize("name, mutate, expected", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutation_moves_only_its_rules(ruleset, base, name, mutate, expected):
    mutated = audit_text(mutate(BASE), ruleset, path="002-mutated.txt")
    before, after = _statuses(base), _statuses(mutated)
    changed = {rule for rule in before if before[rule] != after[rule]}
    assert changed == expected, {rule: (before[rule], after[rule]) for rule in changed ^ expected}
    assert all(after[rule] != "pass" for rule in expected)  # failed, or nothing left to check
    assert mutated.scorecard.score < base.scorecard.score
