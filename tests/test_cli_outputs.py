"""The output formats and `auditor diff` through the installed console script: files, streams, exit codes."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess

import pytest
import yaml

from auditor.cli import main
from auditor.render import FORMAT_HELP, MACHINE_FORMATS, RENDERERS
from tests.conftest import REPORTS, ROOT, SEEDS, auditor_exe, seed
from tests.test_render_formats import without_shufa


def test_every_format_writes_its_file_and_machine_formats_keep_stderr_clean(tmp_path):
    assert set(FORMAT_HELP) == set(RENDERERS)
    for fmt in RENDERERS:
        out, stdout, stderr = tmp_path / f"audit.{fmt}", io.StringIO(), io.StringIO()
        code = main(["check", str(REPORTS), "--format", fmt, "-o", str(out), "--fail-on", "never"], stdout, stderr)
        assert code == 0, (fmt, stderr.getvalue())
        assert out.stat().st_size > 0 and stdout.getvalue() == ""
        if fmt in MACHINE_FORMATS:
            assert stderr.getvalue() == "", fmt
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"audit.{fmt}" for fmt in RENDERERS)


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is when a person runs a batch."""

    def isatty(self) -> bool:
        return True


def test_progress_bar_for_people_never_in_machine_formats(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(4):
        for path in SEEDS:
            shutil.copy(path, folder / f"{i}_{path.name}")
    for fmt, shown in (("rich", True), ("csv", False), ("sarif", False)):
        err = Terminal()
        args = ["check", str(folder), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"), "--fail-on", "never", "-j", "1"]
        assert main(args, io.StringIO(), err) == 0
        assert bool(err.getvalue()) is shown, fmt


def test_console_script_writes_sarif(cli, tmp_path):
    out = tmp_path / "audit.sarif"
    result = cli("check", REPORTS, "--format", "sarif", "-o", out)
    assert result.returncode == 1 and result.stdout == ""  # error-level gaps on the seeds
    assert result.stderr.startswith("auditor: 门禁未通过") and len(result.stderr.splitlines()) == 1  # only the reason
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]


def test_github_format_prints_only_workflow_commands(cli):
    result = cli("check", REPORTS, "--format", "github")
    assert result.returncode == 1  # the gate still applies: the seeds have error-level gaps
    assert result.stdout and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in result.stdout.splitlines())


def test_xlsx_to_a_pipe_is_a_workbook_and_to_a_text_stream_a_usage_error():
    openpyxl = pytest.importorskip("openpyxl")
    piped = subprocess.run([auditor_exe(), "check", str(seed("002")), "--format", "xlsx", "--fail-on", "never"],
                           capture_output=True, timeout=300)
    assert piped.returncode == 0, piped.stderr
    assert openpyxl.load_workbook(io.BytesIO(piped.stdout)).active.max_row == 2
    err = io.StringIO()
    assert main(["check", str(seed("002")), "--format", "xlsx"], stdout=io.StringIO(), stderr=err) == 2
    assert "-o" in err.getvalue() and "Traceback" not in err.getvalue()


@pytest.fixture
def drafts(tmp_path):
    """Seed 002 as the old draft and a copy without its 述法 sentences as the new one."""
    new = tmp_path / "新稿.txt"
    new.write_text(without_shufa(), encoding="utf-8")
    return seed("002"), new


def test_diff_shows_a_new_gap_township_warning_exits_0(cli, drafts):
    old, new = drafts
    result = cli("diff", old, new)
    assert result.returncode == 0, result.stderr  # 述法 is a warning for a township: no error-level regression
    added = result.stdout.split("新增的问题（", 1)[1].split("仍存在的问题", 1)[0]
    assert "[duty.shufa]" in added
    assert "得分变化 -" in result.stdout


def test_diff_json_and_a_regression_at_county_level_exits_1(cli, drafts, tmp_path):
    old, new = drafts
    out = tmp_path / "diff.json"
    result = cli("diff", old, new, "--level", "county", "--format", "json", "-o", out)
    assert result.returncode == 1 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    shufa = next(g for g in data["new_gaps"] if g["rule"] == "duty.shufa")
    assert shufa["severity"] == "error" and "duty.shufa" in data["regressions"]
    assert set(data["regressions"]) <= {g["rule"] for g in data["new_gaps"] + data["unchanged"]}
    assert data["fixed"] == [] and data["score_change"] < 0
    assert data["score_change"] == round(data["new"]["score"] - data["old"]["score"], 1)
    assert "duty.shufa" not in {g["rule"] for g in data["unchanged"]}


def test_diff_the_other_way_round_lists_the_gap_as_fixed(cli, drafts):
    old, new = drafts
    result = cli("diff", new, old, "--level", "county", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert "duty.shufa" in {g["rule"] for g in data["fixed"]} and data["new_gaps"] == []
    assert data["score_change"] > 0


def test_diff_unreadable_or_missing_input_exits_2(cli, tmp_path, capsys):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(bytes(range(256)) * 20)
    result = cli("diff", seed("002"), broken)
    assert result.returncode == 2 and "broken.txt" in result.stderr and "Traceback" not in result.stderr
    err = io.StringIO()
    assert main(["diff", str(seed("002")), str(tmp_path / "gone.txt")], io.StringIO(), err) == 2
    assert "gone.txt" in err.getvalue()
    assert main(["diff", "--help"]) == 0
    assert "示例" in capsys.readouterr().out  # argparse prints help on sys.stdout


def test_pre_commit_hook_runs_the_installed_command():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "auditor")
    assert hook["entry"].split()[0] == "auditor" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in ("草稿.docx", "a/报告.txt", "drafts/b.md"))
    assert not pattern.search("报告.pdf.bak")


def test_readme_lists_every_format():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"--format, -f\s+(\S+)", readme)
    assert listed and set(listed.group(1).split("|")) == set(RENDERERS)
    assert "upload-sarif" in readme and "junit:" in readme


def test_check_help_names_every_format(cli):
    text = cli("check", "--help").stdout
    for fmt in RENDERERS:
        assert re.search(rf"^\s+{fmt}\s+\S", text, re.M), fmt

