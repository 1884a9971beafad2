"""The JSON renderer streams one report at a time: the same data as to_dict(run), one rule result per line."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model import AuditRun
from auditor.pipeline import audit_path
from auditor.render.json import render, to_dict
from tests.conftest import SEEDS


@pytest.mark.parametrize("count", [0, 1, 5])
def test_streamed_json_equals_the_whole_dump(ruleset, tmp_path, count):
    audits = tuple(audit_path(str(p), ruleset) for p in SEEDS[:count])
    if count:
        audits += (audit_path(str(tmp_path / "missing.txt"), ruleset),)
    out = io.StringIO()
    render(AuditRun(iter(audits), ruleset, "9.9"), out)
    text = out.getvalue()
    assert json.loads(text) == to_dict(AuditRun(audits, ruleset, "9.9"))
    assert len(json.loads(text)["reports"]) == len(audits)
    result_lines = [line for line in text.split("\n") if line.lstrip().startswith('{"rule": ')]
    assert len(result_lines) == sum(len(a.results) for a in audits)
    assert all(json.loads(line.strip().rstrip(",")) for line in result_lines)


def _layout(data: dict) -> str:
    """The documented layout built the plain way: json.dumps of each report field and of each rule result."""
    def report(fields: dict) -> str:
        rows = []
        for key, value in fields.items():
            if key == "results" and value:
                inner = ",\n".join("        " + json.dumps(r, ensure_ascii=False) for r in value)
                rows.append(f'      "{key}": [\n{inner}\n      ]')
            else:
                rows.append(f'      "{key}": {json.dumps(value, ensure_ascii=False)}')
        return "    {\n" + ",\n".join(rows) + "\n    }"

    head = json.dumps({**data, "reports": []}, ensure_ascii=False, indent=2)
    opening, _, closing = head.rpartition('"reports": []')
    body = ",\n".join(report(r) for r in data["reports"])
    return opening + '"reports": [' + ("\n" + body + "\n  ]" if body else "]") + closing + "\n"


def test_bytes_equal_json_dumps_field_by_field(ruleset, tmp_path):
    """The fast path (a rule's fixed fields encoded once) writes exactly what json.dumps would."""
    audits = tuple(audit_path(str(p), ruleset) for p in SEEDS) + (audit_path(str(tmp_path / "no.txt"), ruleset),)
    out = io.StringIO()
    render(AuditRun(audits, ruleset, "9.9"), out)
    assert out.getvalue() == _layout(to_dict(AuditRun(audits, ruleset, "9.9")))


def test_message_is_the_problem_only_for_a_gap(seed_audits, ruleset):
    """A passed or n/a result carries no failure sentence as its message; a gap carries the rule's message."""
    import io
    import json

    from auditor.model import AuditRun
    from auditor.render.json import render

    out = io.StringIO()
    render(AuditRun((seed_audits["002"],), ruleset, "x"), out)
    results = json.loads(out.getvalue())["reports"][0]["results"]
    rules = ruleset.rule_map
    for result in results:
        gap = result["status"] in ("fail", "partial")
        assert result["message"] == (rules[result["rule"]].message if gap else ""), result["rule"]
    assert any(r["status"] == "pass" for r in results) and any(r["status"] == "fail" for r in results)


@pytest.mark.parametrize("title", ["述法", "含\x00零字符的标题", "引号\"与\\反斜杠"])
def test_a_result_line_is_the_result_dict_encoded(ruleset, title):
    """The fast path fills a template made from result_dict's own fields, so both encode the same bytes, even for
    a rule whose text would collide with the template's markers."""
    from auditor.model import Evidence, RuleResult
    from auditor.render.json import _encode, _result_json, result_dict

    rule = ruleset.rules[0].model_copy(update={"title": title})
    for status in ("pass", "fail", "partial", "not_applicable"):
        result = RuleResult(rule.id, status, "warning", 0.5, "说明\x00", (Evidence(3, "证据", "第3段"),), "找", "全文")
        assert _result_json(result, rule) == _encode(result_dict(result, rule))


_TEXTS = st.one_of(st.text(max_size=12), st.text(alphabet='a"\\/\x00\x1f\x7f\x85\u2028\ud800\udfff中“', max_size=8))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.integers(-5, 10**6), st.booleans()), _TEXTS, st.one_of(st.none(), _TEXTS)),
                max_size=4))
def test_evidence_written_out_is_json_dumps(items):
    """A result's evidence written out by hand (the usual types) is byte for byte json.dumps of its dicts:
    quotes, backslashes, controls, lone surrogates, a missing or empty place, an odd line value."""
    from auditor.model import Evidence
    from auditor.render import json as render_json

    evidence = tuple(Evidence(line, text, where) for line, text, where in items)  # type: ignore[arg-type]
    plain = json.dumps([render_json._evidence_dict(ev) for ev in evidence], ensure_ascii=False)
    assert render_json._evidence_json(evidence) == plain
