"""Broken rule packs: each mistake a rule keeper makes is one line naming the file and the rule id, exit code 2."""

from __future__ import annotations

import io

import pytest

from auditor.cli import main
from auditor.errors import ExitCode, RuleFileError
from auditor.pack import load_rules
from tests.conftest import seed
from tests.makers import RULE_FIELDS

REQUIRE = "  check: {kind: require, any: [述法]}\n"

CASES = {
    "syntax": ("- id: x.syntax\n  title: [unclosed\n", None, "第3行"),
    "tab": ("- id: x.tab\n\ttitle: t\n", None, "第2行"),
    "unknown-key": (f"- id: x.unknown\n{RULE_FIELDS}  check: {{kind: require, any: [述法]}}\n  bogus_field: 1\n",
                    "x.unknown", "bogus_field"),
    "missing-field": ("- id: x.missing\n  severity: error\n  check: {kind: require, any: [述法]}\n",
                      "x.missing", "缺少必填字段"),
    "duplicate-id": (f"- id: x.twice\n{RULE_FIELDS}  check: {{kind: require, any: [述法]}}\n" * 2, "x.twice", "重复"),
    "bad-regex": (f"- id: x.regex\n{RULE_FIELDS}  check: {{kind: pattern, regex: '([a-z'}}\n", "x.regex",
                  "无效的正则表达式"),
    "unknown-kind": (f"- id: x.kind\n{RULE_FIELDS}  check: {{kind: magic, any: [述法]}}\n", "x.kind", "未知的检查类型"),
    "years-reversed": (f"- id: x.years\n{RULE_FIELDS}  applies: {{years: {{from: 2025, to: 2020}}}}\n" + REQUIRE,
                       "x.years", "applies.years"),
    "years-not-a-number": (f"- id: x.years\n{RULE_FIELDS}  applies: {{years: {{from: twenty}}}}\n" + REQUIRE,
                           "x.years", "applies.years.from"),
    "core-not-a-group": (f"- id: x.core\n{RULE_FIELDS}  check: {{kind: require, core: [决策], groups: {{程序: [听证]}}}}\n",
                         "x.core", "core"),
    "not-a-list": ("just a string\n", None, "规则列表"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_rule_file_names_file_rule_and_field(tmp_path, case):
    body, rule_id, detail = CASES[case]
    (tmp_path / f"{case}.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rules(tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(tmp_path / f"{case}.yaml"))
    assert detail in message
    if rule_id:
        assert f": {rule_id}: " in message


def test_broken_pack_is_one_line_on_stderr_and_exit_2(tmp_path):
    body, _, _ = CASES["bad-regex"]
    (tmp_path / "bad-regex.yaml").write_text(body, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(seed("002")), "--rules", str(tmp_path)], stdout=out, stderr=err)
    assert code == ExitCode.ERROR
    assert err.getvalue().count("\n") == 1 and "bad-regex.yaml: x.regex:" in err.getvalue()
    assert out.getvalue() == ""
