"""The JSON renderer streams one report at a time and writes exactly json.dump(to_dict(run), indent=2)."""

from __future__ import annotations

import io
import json

import pytest

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
    expected = json.dumps(to_dict(AuditRun(audits, ruleset, "9.9")), ensure_ascii=False, indent=2) + "\n"
    assert out.getvalue() == expected
    assert len(json.loads(out.getvalue())["reports"]) == len(audits)
