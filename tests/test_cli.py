"""The CLI contract (design.md) through the installed `auditor` console script: exit codes, JSON, files."""

from __future__ import annotations

import json

from tests.conftest import REPORTS, seed

STATUSES = {"pass", "fail", "partial", "not_applicable"}


def test_help_has_examples(cli):
    result = cli("check", "--help")
    assert result.returncode == 0
    assert "示例" in result.stdout and "--fail-on" in result.stdout and "退出码" in result.stdout
    assert cli("--version").stdout.startswith("auditor ")


def test_json_contract_on_the_seeds(cli, tmp_path, ruleset):
    out = tmp_path / "audit.json"
    result = cli("check", REPORTS, "--format", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["tool"]["name"] == "auditor"
    reports = data["reports"]
    assert len(reports) == 5
    pack_order = [rule.id for rule in ruleset.rules]
    for report in reports:
        assert report["error"] is None
        assert {"path", "title", "issuer", "level", "year", "score", "grade", "results"} <= set(report)
        assert [r["rule"] for r in report["results"]] == pack_order
        for item in report["results"]:
            assert item["status"] in STATUSES
            assert {"severity", "weight", "category", "message", "suggestion", "basis", "evidence"} <= set(item)
            lines = (REPORTS / report["path"].split("/")[-1]).read_text(encoding="utf-8").split("\n")
            for ev in item["evidence"]:
                assert 1 <= ev["line"] <= len(lines)


def test_evidence_points_at_the_right_text(cli, tmp_path):
    out = tmp_path / "a.json"
    cli("check", seed("002"), "--format", "json", "-o", out, "--fail-on", "never")
    report = json.loads(out.read_text(encoding="utf-8"))["reports"][0]
    lines = seed("002").read_text(encoding="utf-8").split("\n")
    shufa = next(r for r in report["results"] if r["rule"] == "duty.shufa")
    assert shufa["status"] == "pass"
    assert all("述法" in lines[ev["line"] - 1] for ev in shufa["evidence"])
    three = next(r for r in report["results"] if r["rule"] == "enforcement.three-systems")
    assert "三项制度" in lines[three["evidence"][0]["line"] - 1]


def test_json_is_deterministic(cli, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    cli("check", REPORTS, "--format", "json", "-o", a, "--fail-on", "never")
    cli("check", REPORTS, "--format", "json", "-o", b, "--fail-on", "never")
    assert a.read_bytes() == b.read_bytes()


def test_gate_exit_codes(cli):
    assert cli("check", REPORTS).returncode == 1  # error-level gaps on the seeds
    assert cli("check", seed("002"), "--fail-on", "never").returncode == 0
    assert cli("check", seed("002"), "--fail-on", "never", "--fail-under", "101").returncode == 1
    assert cli("check", seed("002"), "--fail-on", "never", "--fail-under", "50").returncode == 0


def test_scorecard_shows_scores_and_gaps(cli):
    result = cli("check", seed("003"))
    assert result.returncode == 1
    out = result.stdout
    assert "贤庠镇" in out and "得分" in out and "依据" in out and "建议" in out
    assert "报告党政主要负责人履行第一责任人职责情况" in out
    batch = cli("check", REPORTS, "--summary")
    assert "审核汇总（5 份报告）" in batch.stdout and "最常见的问题" in batch.stdout
    assert "Traceback" not in batch.stdout + batch.stderr


def test_year_and_level_override(cli, tmp_path):
    out = tmp_path / "a.json"
    cli("check", seed("001"), "--year", "2021", "--level", "county", "--format", "json", "-o", out, "--fail-on", "never")
    report = json.loads(out.read_text(encoding="utf-8"))["reports"][0]
    assert (report["year"], report["level"]) == (2021, "county")
    shufa = next(r for r in report["results"] if r["rule"] == "duty.shufa")
    assert shufa["status"] == "fail" and shufa["severity"] == "error"  # applies from 2021; error above townships


def test_usage_errors_exit_2_without_traceback(cli, tmp_path):
    for args in (["check", tmp_path / "missing.txt"], ["check", REPORTS, "--format", "nope"],
                 ["check", REPORTS, "--level", "village"], ["rules", "show", "no.such-rule"],
                 ["check", REPORTS, "-o", tmp_path / "no" / "dir" / "a.json"]):
        result = cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr + result.stdout


def test_missing_file_is_an_error_entry_and_the_rest_is_audited(cli, tmp_path):
    out = tmp_path / "a.json"
    result = cli("check", seed("002"), tmp_path / "gone.txt", "--format", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 2
    reports = json.loads(out.read_text(encoding="utf-8"))["reports"]
    assert reports[0]["score"] is not None and reports[1]["error"] and reports[1]["results"] == []


def test_output_written_only_where_asked(cli, tmp_path):
    before = sorted(p.name for p in REPORTS.iterdir())
    out = tmp_path / "card.txt"
    result = cli("check", seed("000"), "-o", out, "--fail-on", "never")
    assert result.returncode == 0 and result.stdout == ""
    assert "太龙镇" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in REPORTS.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["card.txt"]  # no temporary file left behind


def test_rules_list_show_test(cli):
    listing = cli("rules", "list")
    assert listing.returncode == 0 and "duty.shufa" in listing.stdout
    show = cli("rules", "show", "enforcement.three-systems")
    flat = "".join(show.stdout.split())  # the terminal layout wraps long lines
    assert show.returncode == 0 and "国办发〔2018〕118号" in flat and "通过示例" in flat
    test = cli("rules", "test")
    assert test.returncode == 0 and "未通过 0 个" in test.stdout


def test_rules_test_reports_a_failing_example(cli, tmp_path):
    (tmp_path / "pack.yaml").write_text("mode: extend\n", encoding="utf-8")
    (tmp_path / "x.yaml").write_text(
        "- id: custom.wrong\n  title: 错误示例\n  severity: warning\n  weight: 1\n  basis: 测试\n  message: m\n"
        "  suggestion: s\n  check: {kind: require, any: [述法]}\n  examples:\n    pass: [没有相关内容]\n    fail: [开展述法]\n",
        encoding="utf-8")
    result = cli("rules", "test", "--rules", tmp_path)
    assert result.returncode == 1
    assert "custom.wrong[pass-1]" in result.stdout and "custom.wrong[fail-1]" in result.stdout


def test_output_file_gets_ordinary_permissions(tmp_path):
    """-o writes through a private temporary file, but the report itself is readable like any new file."""
    import io
    import os
    import stat

    from auditor.cli import main

    out = tmp_path / "audit.json"
    mask = os.umask(0o022)
    try:
        assert main(["check", str(seed("002")), "-f", "json", "-o", str(out), "--fail-on", "never"],
                    stdout=io.StringIO()) == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
