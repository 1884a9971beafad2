"""Shared fixtures: the bundled rule pack, the seed reports, and the installed `auditor` console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.pack import load_rules
from auditor.pipeline import audit_path, audit_text

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
SEEDS = sorted(REPORTS.glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus-dev"


def run_rule(ruleset, check: dict, text: str, scope: object = "document", year: int | None = None,
             level: str | None = None, **extra):
    """Evaluate one ad-hoc rule (a check dict) on a text with the bundled pack's settings → RuleResult."""
    from auditor.engine import evaluate
    from auditor.model import Source
    from auditor.pack import parse_rule
    from auditor.parsing import parse_document
    from auditor.schema import RuleSet

    rule = parse_rule({
        "id": "test.rule", "title": "测试", "severity": "error", "weight": 5, "basis": "b", "message": "缺少",
        "suggestion": "补充", "scope": scope, "check": check, "examples": {"pass": ["x"], "fail": ["y"]}, **extra,
    })
    only = RuleSet((rule,), ruleset.settings, ruleset.reference)
    doc = parse_document(Source(path="t.txt", text=text), year=year, level=level)
    return evaluate(doc, only, terms=ruleset.terms)[0]


def run_pack_rule(ruleset, rule_id: str, text: str, params: dict | None = None, year: int | None = None):
    """Evaluate one rule of the pack (optionally with other builtin params) on a text → RuleResult."""
    from auditor.checks.registry import BUILTINS
    from auditor.engine import evaluate
    from auditor.model import Source
    from auditor.parsing import parse_document
    from auditor.schema import RuleSet

    rule = ruleset.get(rule_id)
    assert rule is not None, rule_id
    if params is not None:
        typed = BUILTINS[rule.check.name].params.model_validate(params)
        rule = rule.model_copy(update={"check": rule.check.model_copy(update={"params": typed})})
    only = RuleSet((rule,), ruleset.settings, ruleset.reference)
    doc = parse_document(Source(path="t.txt", text=text), year=year)
    return evaluate(doc, only, terms=ruleset.terms)[0]


def result_of(audit, rule_id: str):
    """One rule's result in an audit."""
    return next(r for r in audit.results if r.rule_id == rule_id)


def seed(prefix: str) -> Path:
    """The seed report whose file name starts with `prefix` (000 … 004)."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def ruleset():
    """The bundled rule pack, loaded once."""
    return load_rules()


@pytest.fixture(scope="session")
def seed_audits(ruleset):
    """The five seed reports audited once: {"000": Audit, …}."""
    return {p.name[:3]: audit_path(str(p), ruleset) for p in SEEDS}


@pytest.fixture
def audit(ruleset):
    """Audit a text: audit(text, year=None, level=None) → Audit."""

    def run(text: str, year: int | None = None, level: str | None = None):
        return audit_text(text, ruleset, year=year, level=level)

    return run


def auditor_exe() -> str:
    """The installed console script next to this interpreter (what a user runs)."""
    here = Path(sys.executable).parent / "auditor"
    found = str(here) if here.exists() else shutil.which("auditor")
    if not found:
        pytest.fail("the `auditor` console script is not installed: run pip install . first")
    return found


@pytest.fixture
def cli(tmp_path):
    """Run the installed console script: cli(*args, input=None) → CompletedProcess (text)."""

    def run(*args: object, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"}
        return subprocess.run([auditor_exe(), *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                              cwd=cwd or ROOT, env=env, timeout=timeout)

    return run
