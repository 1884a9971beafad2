"""The compiled pack: the schema and the checks' parameters are plain objects at run time (auditor.plain), validated
by their pydantic twins with pydantic's own errors; the cached pack is read and run without pydantic; the store
of compiled patterns (auditor.pattern_store) gives each engine the very pattern it would compile."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys

import pytest
import regex

from auditor import pack, plain
from auditor.checks.duplicated_word import DuplicatedParams
from auditor.schema import Rule, RuleSet, Settings, first_error
from tests.conftest import seed

RULE = {"id": "a.one", "title": "t", "severity": "error", "weight": 2, "basis": "b", "message": "m", "suggestion": "s",
        "check": {"kind": "require", "any": ["述法"], "except": ["述法工作推进会"]},
        "variants": [{"applies": {"years": {"from": 2024}}, "check": {"any": ["述职述法"]}}],
        "examples": {"pass": ["述法"], "fail": ["无"]}}


def test_a_validated_rule_is_plain_and_keeps_its_methods():
    rule = Rule.model_validate(RULE)
    assert type(rule) is Rule and not any("pydantic" in c.__module__ for c in type(rule).__mro__)
    assert rule.category == "a" and rule.check.except_ == ("述法工作推进会",)
    assert rule.check_for(2024, None).any == ("述职述法",) and rule.check_for(2023, None) is rule.check
    assert rule.applies.years.covers(1995) and rule.scope.section == "document"
    again = pickle.loads(pickle.dumps(rule))
    assert again == rule and again.check_for(2025, "county").any == ("述职述法",)
    assert rule.model_copy(update={"weight": 5}).weight == 5 and rule.weight == 2


@pytest.mark.parametrize(("change", "expected"), [
    ({"weight": 200}, "weight: 应不大于 100"),
    ({"id": "Bad"}, "id: 格式不符"),
    ({"check": {"kind": "nope"}}, "check: 未知的检查类型 {'kind': 'nope'}（可用：section, require, forbid, pattern, meta"),
    ({"check": {"kind": "require"}}, "check.require: require 检查需要 any、all 或 groups 中的至少一项"),
    ({"applies": {"years": {"from": 2025, "to": 2020}}}, "applies.years: 起始年度 from（2025）晚于截止年度 to（2020）"),
    ({"variants": [{"applies": {}, "check": {"kind": "forbid"}}]}, "（整个文件）: variants.0.check: 不能改变检查类型（kind）"),
    ({"colour": "red"}, "colour: 未知字段"),
])
def test_validation_errors_are_pydantic_s_own(change, expected):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Rule.model_validate({**RULE, **change})
    assert first_error(caught.value).startswith(expected), first_error(caught.value)


def test_parameters_keep_defaults_bounds_and_validators():
    from pydantic import ValidationError

    params = DuplicatedParams.model_validate({})
    assert params.longest == 8 and type(params) is DuplicatedParams
    with pytest.raises(ValidationError):
        DuplicatedParams.model_validate({"longest": 0})
    with pytest.raises(ValidationError):
        DuplicatedParams.model_validate({"allowed_patterns": ["("]})
    assert Settings().grade(61) == "合格" and Settings(grades=[{"min": 0, "name": "甲"}]).grade(1) == "甲"


def test_twin_is_built_once_with_the_declared_name():
    twin = plain.twin(Rule)
    assert twin is plain.twin(Rule) and twin.__name__ == "Rule" and "pydantic" in type(twin).__module__


def test_compiled_pack_holds_the_tables_a_run_reads(ruleset):
    compiled = pack.compile_pack(RuleSet(ruleset.rules, ruleset.settings, ruleset.reference, ruleset.sources))
    keys = set(compiled._derived)
    assert ("deadlines",) in keys and any(key[0] == "canon" for key in keys) and any(k[0] == "citations" for k in keys)
    loaded = pickle.loads(pickle.dumps(compiled))  # (a compiled regex, as a private attribute, is not ==)
    assert repr(loaded.rules) == repr(compiled.rules) and loaded.terms == compiled.terms


PROBE = """
import io, json, sys
from auditor.cli import main
out = io.StringIO()
code = main(["check", *sys.argv[1:], "--format", "json", "--fail-on", "never"], stdout=out)
print(json.dumps({"code": code, "pydantic": "pydantic" in sys.modules, "out": out.getvalue()}))
"""


def _probe(env, *paths):
    result = subprocess.run([sys.executable, "-c", PROBE, *map(str, paths)], check=False, capture_output=True, text=True, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_warm_run_needs_no_pydantic_and_gives_the_same_bytes(tmp_path):
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    reports = [seed("000"), seed("002"), seed("004")]
    cold = _probe(env, *reports)
    warm = _probe(env, *reports)
    bare = _probe({**env, "AUDITOR_NO_CACHE": "1"}, *reports)
    assert cold["pydantic"] and bare["pydantic"] and not warm["pydantic"]
    assert cold["out"] == warm["out"] == bare["out"] and warm["code"] == 0
    assert list((tmp_path / "cache").glob("patterns-*.pickle"))


STORE_PROBE = """
import json, re, sys
import regex
from re import _compiler
from regex import _main
from auditor import pattern_store
pattern_store.preload()
seeded_re = [(p, f) for (t, p, f) in list(re._cache) if t is str]
seeded_rx = [(k[0], k[2]) for k in list(_main._cache)]
same_re = all(re.compile(p, f) == _compiler.compile(p, f) for p, f in seeded_re)
fresh = lambda p, f: _main._compile(p, f, False, {}, False)
text = open(sys.argv[1], encoding="utf-8").read()
spans = lambda rx: [m.span() for m in rx.finditer(text, timeout=5)]
same_rx = all(regex.compile(p, f).flags == fresh(p, f).flags and spans(regex.compile(p, f)) == spans(fresh(p, f))
              for p, f in seeded_rx)
print(json.dumps({"re": len(seeded_re), "regex": len(seeded_rx), "same": same_re and same_rx}))
"""


def test_the_pattern_store_seeds_the_very_patterns_each_engine_compiles(tmp_path):
    # `re` compiles to the same code every time: the seeded pattern must be equal to a fresh one. `regex` orders
    # some opcodes differently from one process to the next (every run's own compile does): the seeded pattern
    # must find the same matches as a fresh compile, on a whole report.
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    _probe(env, seed("001"))
    result = subprocess.run([sys.executable, "-c", STORE_PROBE, str(seed("003"))], check=False, capture_output=True, text=True,
                            env=env)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["re"] > 50 and found["regex"] > 100 and found["same"], result.stderr


def test_a_damaged_pattern_store_is_ignored(tmp_path, monkeypatch):
    from auditor import cache, pattern_store

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    cache.write("patterns", pattern_store._store_key(), {"re": {("x", 0): ("not", "code")}, "regex": {("y", 0): 3}})
    pattern_store.preload()  # no exception; nothing usable seeded
    assert re.compile("x").match("x") and regex.compile("y").match("y")


CUSTOM_RULE = """- id: local.mine
  title: 本地规则
  severity: warning
  weight: 2
  basis: 测试
  message: 缺少“{word}”
  suggestion: 写明{word}
  check: {{kind: require, any: [{word}]}}
  examples:
    pass: [推进{word}管理]
    fail: [无]
"""


def test_a_custom_pack_is_compiled_too_and_rebuilt_when_it_changes(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text("mode: extend\n", encoding="utf-8")
    (folder / "mine.yaml").write_text(CUSTOM_RULE.format(word="网格化"), encoding="utf-8")
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    cold, warm = _probe(env, seed("002"), "--rules", folder), _probe(env, seed("002"), "--rules", folder)
    bare = _probe({**env, "AUDITOR_NO_CACHE": "1"}, seed("002"), "--rules", folder)
    assert not warm["pydantic"] and cold["out"] == warm["out"] == bare["out"] and "local.mine" in warm["out"]
    (folder / "mine.yaml").write_text(CUSTOM_RULE.format(word="清单制"), encoding="utf-8")
    changed = _probe(env, seed("002"), "--rules", folder)
    fresh = _probe({**env, "AUDITOR_NO_CACHE": "1"}, seed("002"), "--rules", folder)
    assert "清单制" in changed["out"] and changed["out"] == fresh["out"]


def test_the_console_entry_exits_at_once_with_everything_written(cli, tmp_path):
    """`python -m auditor` (and the console script) skip the interpreter's teardown: the output must still be
    whole, on stdout through a pipe and in an -o file, and the exit code the gate's."""
    reports = [seed("000"), seed("001"), seed("002")]
    # (All run from elsewhere than the checkout, so that `-m auditor` imports the installed package as the script
    # does, and the pack's path is written the same way.)
    expected = cli("check", *reports, "--format", "json", "--fail-on", "error", cwd=tmp_path)
    piped = subprocess.run([sys.executable, "-m", "auditor", "check", *map(str, reports), "--format", "json"],
                           check=False, capture_output=True, cwd=tmp_path)
    assert piped.returncode == expected.returncode == 1 and piped.stdout.decode() == expected.stdout
    out = tmp_path / "out.json"
    written = subprocess.run([sys.executable, "-m", "auditor", "check", *map(str, reports), "--format", "json",
                              "-o", str(out), "--fail-on", "never"], check=False, capture_output=True, cwd=tmp_path)
    assert written.returncode == 0 and out.read_text(encoding="utf-8") == expected.stdout


def test_a_reader_going_away_is_no_traceback():
    with subprocess.Popen([sys.executable, "-m", "auditor", "check", str(seed("002")), "--format", "json",
                           "--fail-on", "never"], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        process.stdout.read(10)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert code == 0 and "Traceback" not in stderr and "Exception ignored" not in stderr


def test_under_a_profiler_the_usual_exit_runs(tmp_path):
    """python -m cProfile -m auditor … must still write its profile (the quick exit is for plain runs)."""
    profile = tmp_path / "run.prof"
    result = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "auditor", "check",
                             str(seed("002")), "--format", "json", "--fail-on", "never"], check=False,
                            capture_output=True)
    assert result.returncode == 0 and profile.stat().st_size > 0


def test_a_pydantic_parameter_model_still_validates_and_runs():
    """A builtin whose parameters are a pydantic model (not declared through auditor.plain) keeps working: the
    model is its own twin and its instances stay as they are (only the start-up gain is lost)."""
    import pydantic

    from auditor.schema import BuiltinCheck

    class Own(pydantic.BaseModel):
        most: int = pydantic.Field(default=3, ge=1)

    assert plain.twin(Own) is Own
    check = BuiltinCheck.model_validate({"kind": "builtin", "name": "x", "params": {"most": 5}},
                                        context={"builtins": {"x": plain.twin(Own)}})
    assert type(check) is BuiltinCheck and type(check.params) is Own and check.params.most == 5


def test_no_module_imports_pydantic_when_it_is_imported():
    """pydantic is imported only where something is validated (inside functions), never as a module loads: a
    model is declared through auditor.plain (`from auditor.plain import BaseModel, Field, ...`)."""
    import ast
    from pathlib import Path

    root = Path(plain.__file__).resolve().parent
    found = []

    def visit(node: ast.AST, path: Path) -> None:  # the statements run at import: not inside a function
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(name == "pydantic" or name.startswith("pydantic.") for name in names):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
        for child in ast.iter_child_nodes(node):
            visit(child, path)

    for path in sorted(root.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), path)
    assert not found, found
