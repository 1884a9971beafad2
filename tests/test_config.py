"""Rule keeper's config: auditor.toml / [tool.auditor] disable rules and change severity or weight."""

from __future__ import annotations

import json


def _audit(cli, folder, *extra):
    out = folder / "a.json"
    result = cli("check", folder / "r.txt", "--format", "json", "-o", out, "--fail-on", "never", *extra, cwd=folder)
    return result, (json.loads(out.read_text(encoding="utf-8"))["reports"][0] if out.exists() else None)


def _write_report(folder):
    (folder / "r.txt").write_text("关于2023年法治政府建设情况的报告\n一、主要举措和成效\n开展普法。\n", encoding="utf-8")


def test_auditor_toml_disables_and_overrides(cli, tmp_path):
    _write_report(tmp_path)
    (tmp_path / "auditor.toml").write_text(
        'disable = ["structure.other-matters"]\n\n[override."duty.shufa"]\nseverity = "error"\nweight = 10\n',
        encoding="utf-8")
    result, report = _audit(cli, tmp_path)
    assert result.returncode == 0, result.stderr
    rules = {r["rule"]: r for r in report["results"]}
    assert "structure.other-matters" not in rules
    assert rules["duty.shufa"]["severity"] == "error" and rules["duty.shufa"]["weight"] == 10
    result, report = _audit(cli, tmp_path, "--no-config")
    assert "structure.other-matters" in {r["rule"] for r in report["results"]}


def test_pyproject_tool_table_found_from_a_subfolder(cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.auditor]\ndisable = ["pufa.current-plan"]\n',
                                             encoding="utf-8")
    sub = tmp_path / "drafts"
    sub.mkdir()
    _write_report(sub)
    result, report = _audit(cli, sub)
    assert "pufa.current-plan" not in {r["rule"] for r in report["results"]}


def test_bad_config_is_a_one_line_error(cli, tmp_path):
    _write_report(tmp_path)
    for body, needle in (('disable = ["no.such-rule"]\n', "no.such-rule"), ('colour = "red"\n', "colour"),
                         ('[override."duty.shufa"]\nseverity = "fatal"\n', "severity"), ("disable = [\n", "无法解析")):
        (tmp_path / "auditor.toml").write_text(body, encoding="utf-8")
        result, _ = _audit(cli, tmp_path)
        assert result.returncode == 2, body
        assert "auditor.toml" in result.stderr and needle in result.stderr and "Traceback" not in result.stderr


def test_readme_config_example_is_valid(tmp_path):
    """The auditor.toml shown in the README loads and applies to the bundled pack."""
    import re

    from auditor.config import apply_config, load_config
    from auditor.pack import load_rules
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n# auditor.toml\n(.*?)```", readme, re.S).group(1)
    path = tmp_path / "auditor.toml"
    path.write_text(example, encoding="utf-8")
    config = load_config(path)
    ruleset = apply_config(load_rules(), config, path)
    ids = {rule.id for rule in ruleset.rules}
    assert "structure.lead-in" not in ids and "duty.shufa" in ids
    assert ruleset.get("duty.shufa").severity_for("township") == "error"
