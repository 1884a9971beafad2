"""Every output format from the same AuditRun: SARIF schema, JUnit, GitHub commands, Markdown, HTML, CSV, XLSX."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from auditor.model import AuditRun
from auditor.pipeline import audit_path, audit_text
from auditor.render import RENDERERS
from auditor.render.common import common_gaps
from auditor.render.github import escape_data, escape_property
from tests.conftest import seed

DATA = Path(__file__).parent / "data"
EVIL = "<script>alert(1)</script>"
GAP = ("fail", "partial")


def without_shufa() -> str:
    """Seed 002 with the word 述法 deleted and nothing else changed: duty.shufa becomes a gap."""
    text = seed("002").read_text(encoding="utf-8")
    assert "述法" in text
    return text.replace("述法", "")


@pytest.fixture(scope="module")
def evil(ruleset):
    """Seed 002 with markup in its title and in a line quoted as evidence, and in its file name."""
    lines = seed("002").read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if "关于" in ln)  # the title's line (above the doc number is 版头)
    lines[at] = EVIL + "&" + lines[at]
    text = "\n".join(EVIL + ln if "述法" in ln else ln for ln in lines)
    return audit_text(text, ruleset, path="reports/<b>evil</b>&.txt")


@pytest.fixture(scope="module")
def run(ruleset, seed_audits, evil, tmp_path_factory):
    """The five seeds, a report with markup, and a file that cannot be read."""
    missing = audit_path(str(tmp_path_factory.mktemp("gone") / "gone.txt"), ruleset)
    return AuditRun(tuple(seed_audits.values()) + (evil, missing), ruleset, "9.9")


def render(run, fmt: str) -> str:
    out = io.StringIO()
    RENDERERS[fmt](run, out)
    return out.getvalue()


def gaps(run):
    return [(audit, r) for audit in run.audits if audit.error is None for r in audit.results if r.status in GAP]


def test_sarif_validates_against_the_official_schema(run):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    doc = json.loads(render(run, "sarif"))
    errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(doc)]
    assert errors == []
    assert doc["version"] == "2.1.0"


def test_sarif_rules_results_and_notifications(run, ruleset):
    sarif = json.loads(render(run, "sarif"))["runs"][0]
    rules = sarif["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.id for rule in ruleset.rules]
    shufa = next(r for r in rules if r["id"] == "duty.shufa")
    assert shufa["help"]["text"] == ruleset.get("duty.shufa").suggestion
    assert {"category", "weight", "basis"} <= set(shufa["properties"])
    expected = gaps(run)
    assert len(sarif["results"]) == len(expected)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, (audit, gap) in zip(sarif["results"], expected):
        assert result["ruleId"] == gap.rule_id and rules[result["ruleIndex"]]["id"] == gap.rule_id
        assert result["level"] == levels[gap.severity]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == (gap.evidence[0].line if gap.evidence else 1)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["results"]}
    assert "reports/%3Cb%3Eevil%3C/b%3E%26.txt" in uris  # a URI reference, escaped
    notes = sarif["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and notes[0]["level"] == "error" and "gone.txt" in json.dumps(notes)
    assert sarif["invocations"][0]["executionSuccessful"] is False


def test_junit_has_a_testcase_per_rule_per_report(run, ruleset):
    root = ET.fromstring(render(run, "junit"))
    suites = root.findall("testsuite")
    assert len(suites) == len(run.audits)
    readable = [(s, a) for s, a in zip(suites, run.audits) if a.error is None]
    for suite, audit in readable:
        cases = suite.findall("testcase")
        assert len(cases) == len(ruleset.rules) == int(suite.get("tests"))
        assert len(suite.findall("testcase/failure")) == sum(r.status in GAP for r in audit.results)
        assert len(suite.findall("testcase/skipped")) == sum(r.status == "not_applicable" for r in audit.results)
    xian = next(s for s in suites if "003_" in s.get("name"))
    first_duty = next(c for c in xian.findall("testcase") if c.get("name").startswith("structure.first-duty "))
    failure = first_duty.find("failure")
    assert failure is not None and "依据" in failure.text and "建议" in failure.text
    broken = suites[-1]
    assert broken.find("testcase/error") is not None and broken.get("errors") == "1"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)


COMMAND = re.compile(r"^::(error|warning|notice) file=[^,:\r\n]+(,line=\d+)?,title=[^,:\r\n]+::[^\r\n]+$")


def test_github_lines_are_workflow_commands_most_severe_first(run):
    lines = render(run, "github").splitlines()
    assert lines and all(COMMAND.match(line) for line in lines), [ln for ln in lines if not COMMAND.match(ln)][:2]
    scores = [line for line in lines if ",title=审核得分::" in line]  # a notice with each readable report's score
    assert len(scores) == sum(1 for a in run.audits if a.scorecard is not None)
    assert len(lines) - len(scores) == len(gaps(run)) + 1  # every gap, and the unreadable file
    assert "gone.txt" in lines[0]
    rank = {"error": 3, "warning": 2, "notice": 1}
    kinds = [rank[line[2:].split(" ", 1)[0]] for line in lines]
    assert kinds == sorted(kinds, reverse=True)
    assert any("file=reports/<b>evil</b>&.txt," in line for line in lines)


def test_github_paths_are_relative_to_the_workspace(ruleset, monkeypatch):
    monkeypatch.chdir(seed("003").parent.parent)
    run = AuditRun((audit_path(str(seed("003").resolve()), ruleset),), ruleset, "9.9")
    lines = render(run, "github").splitlines()
    assert lines and all(line.split(" ", 1)[1].startswith(f"file=reports/{seed('003').name},") for line in lines)


def test_github_escaping():
    assert escape_data("100%\r\nok") == "100%25%0D%0Aok"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_markdown_has_a_scorecard_per_report_summary_first(run, seed_audits):
    text = render(run, "markdown")
    assert text.startswith(f"# 审核汇总（{len(run.audits)} 份报告）")
    for audit in seed_audits.values():
        assert audit.document.title in text
        assert f"{audit.scorecard.score:g} 分（{audit.scorecard.grade}）" in text
    assert "## 最常见的问题" in text and EVIL not in text and r"\<script\>" in text


def test_markdown_table_cells_stay_in_their_column(run):
    """A | or a line break in report text must not add a column."""
    text = render(run, "markdown")
    blocks = [block for block in text.split("\n\n") if block.startswith("| ")]
    for block in blocks:
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(widths) == 1, block[:200]


def test_html_contains_every_report_escaped_and_printable(run, seed_audits):
    page = render(run, "html")
    for audit in seed_audits.values():
        assert audit.document.title in page and audit.path in page
    assert page.count('<section class="report') == len(run.audits) + 1  # the cover, then one per report
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;evil&lt;/b&gt;&amp;.txt" in page
    assert "@media print" in page and "size: A4" in page and "break-before: page" in page
    assert "Microsoft YaHei" in page and "Noto Sans CJK SC" in page


def test_csv_row_per_report_with_bom(run, ruleset):
    text = render(run, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    header = rows[0]
    assert header[:9] == ["文件", "标题", "发文机关", "级别", "年度", "得分", "等级", "错误", "警告"]
    assert header[9:] == [f"{rule.title}（{rule.id}）" for rule in ruleset.rules]  # 述法（duty.shufa）
    assert len(rows) == 1 + len(run.audits)
    column = {head.rpartition("（")[2].rstrip("）"): n for n, head in enumerate(header)}
    qinglong = next(r for r in rows if r[0].endswith(seed("002").name))
    assert qinglong[column["duty.shufa"]] == "通过"
    xian = next(r for r in rows if r[0].endswith(seed("003").name))
    assert xian[column["structure.first-duty"]] == "未通过"
    assert rows[-1][6] == "无法审核"


def test_spreadsheet_text_never_runs_as_a_formula(ruleset):
    text = "=HYPERLINK(\"http://x\")\n" + seed("002").read_text(encoding="utf-8")
    run = AuditRun((audit_text(text, ruleset, path="=cmd.txt"),), ruleset, "9.9")
    row = list(csv.reader(io.StringIO(render(run, "csv").lstrip("\ufeff"))))[1]
    assert row[0] == "'=cmd.txt"
    openpyxl = pytest.importorskip("openpyxl")
    from auditor.render.xlsx import workbook_bytes

    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(run))).active
    assert sheet["A2"].value == "=cmd.txt" and sheet["A2"].data_type == "s"


def test_xlsx_row_per_report_and_a_gap_sheet(run, ruleset):
    openpyxl = pytest.importorskip("openpyxl")
    from auditor.render.xlsx import workbook_bytes

    data = workbook_bytes(run)
    assert data == workbook_bytes(run)  # deterministic bytes: no "now" in the zip entries or document dates
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(2000, 1, 1, 0, 0, 0)}
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "审核汇总" and sheet.max_row == 1 + len(run.audits)
    header = [c.value for c in sheet[1]]
    assert header[9:] == [f"{rule.title}（{rule.id}）" for rule in ruleset.rules]
    assert isinstance(sheet.cell(row=2, column=6).value, float)  # the score sorts as a number
    assert book["问题清单"].max_row == 1 + len(gaps(run))


def test_xlsx_refuses_a_text_only_stream(run):
    from auditor.errors import UsageError

    with pytest.raises(UsageError, match="-o"):
        render(run, "xlsx")


def test_common_gaps_show_the_severity_each_report_got(ruleset):
    """述法 is a warning for a township and an error for a county: the batch view says both."""
    from auditor.schema import RuleSet

    # Only a few rules, so that 述法 is among the ten most common gaps the terminal shows.
    ruleset = RuleSet(tuple(r for r in ruleset.rules if r.category == "duty"), ruleset.settings, ruleset.reference)
    text = without_shufa()
    audits = (audit_text(text, ruleset, level="township"), audit_text(text, ruleset, level="county"),
              audit_text(seed("002").read_text(encoding="utf-8"), ruleset))
    shufa = next(g for g in common_gaps(audits, ruleset, most=None) if g.rule.id == "duty.shufa")
    assert (shufa.count, shufa.readable) == (2, 3)
    assert shufa.severity_label() == "错误 1 · 警告 1"
    out = render(AuditRun(audits, ruleset, "9.9", {"summary": True}), "rich")
    line = next(ln for ln in out.splitlines() if "[duty.shufa]" in ln)
    assert "错误 1 · 警告 1" in line and "2/3" in line
