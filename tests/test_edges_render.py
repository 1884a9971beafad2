"""Issue #14, outputs: report text is shown as text in every format (no markup, no terminal escapes, no XML-illegal
characters, no GitHub mentions or links), every file format reads the audits once, 80 columns stay readable,
and places are named in the report's own wording (第N段, 第N页第M行)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from auditor.model import Audit, AuditRun, Evidence
from auditor.pipeline import audit_path
from auditor.render import RENDERERS, STREAMING
from auditor.render.common import plain
from tests.conftest import ROOT, auditor_exe, seed
from tests.makers import write_docx

FORMATS = [name for name in RENDERERS]
ESCAPES = ["\x1b[2J\x1b[H", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;https://evil.example\x1b\\点我\x1b]8;;\x1b\\", "\x9b31m"]
MARKUP = ["[/]", "[link=https://evil.example]点我[/link]", "[bold red]x", ":smile:"]
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def poisoned(audit: Audit, text: str, path: str | None = None) -> Audit:
    """A real audit whose title, issuer, path, evidence and messages all carry `text`."""
    doc = audit.document
    assert doc is not None
    meta = dataclasses.replace(doc.meta, issuer=text + "人民政府", date_text=text)
    results = tuple(dataclasses.replace(
        r, message=(r.message + text) if r.is_gap else r.message, section=text,
        evidence=tuple(Evidence(ev.line, text + ev.text + text, ev.where) for ev in r.evidence) or
        ((Evidence(3, text, text),) if r.is_gap else ())) for r in audit.results)
    return dataclasses.replace(audit, path=path if path is not None else f"reports/{text}.txt",
                               document=dataclasses.replace(doc, title=text + doc.title, meta=meta), results=results)


def render_bytes(fmt: str, audits, ruleset, **options) -> bytes:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    if fmt == "docx":  # Word files with comments, written into a folder: their XML and names are the output
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            RENDERERS[fmt](AuditRun(audits, ruleset, "9.9", {**options, "output_dir": Path(folder)}), out)
            out.flush()
            written = sorted(Path(folder).iterdir())
            listing = raw.getvalue().replace(folder.encode("utf-8"), b"<out>")
            return listing + b"".join(
                path.name.encode("utf-8", "surrogateescape") + b"".join(
                    zipfile.ZipFile(path).read(name) for name in zipfile.ZipFile(path).namelist()
                    if name.endswith(".xml")) for path in written)
    RENDERERS[fmt](AuditRun(audits, ruleset, "9.9", options), out)
    out.flush()
    return raw.getvalue()


@pytest.fixture(scope="module")
def base(seed_audits):
    return seed_audits["002"]


@pytest.fixture(scope="module")
def evil_run(base, seed_audits, ruleset):
    text = "".join(ESCAPES + MARKUP) + "\x00\x07\ufffe\uffff\u202e"
    return (poisoned(base, text), seed_audits["003"], Audit(path=f"reports/坏{text}.docx", error=f"无法读取{text}"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_text_never_reaches_the_output_as_markup_or_escapes(fmt, evil_run, ruleset):
    data = render_bytes(fmt, evil_run, ruleset)
    if fmt == "xlsx":
        data = b"".join(zipfile.ZipFile(io.BytesIO(data)).read(name) for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    text = data.decode("utf-8")
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\x00" not in text
    assert not ILLEGAL_XML.search(text)
    if fmt == "rich":
        assert "[link=https://evil.example]点我[/link]" in text and "[/]" in text  # shown as the text it is


def test_forced_colour_scorecard_shows_links_as_text(evil_run, ruleset):
    """With colour on (a terminal), rich styles are escapes of its own, but a report's [link=…] is no OSC 8 link."""
    from auditor.render import terminal

    out = io.StringIO()
    console = terminal.make_console(out, width=100, color=True)
    console.print(terminal.scorecard(evil_run[0], ruleset, width=100))
    assert "\x1b]8;" not in out.getvalue() and "\x1b]52" not in out.getvalue() and "\x1b[2J" not in out.getvalue()
    assert "[link=https://evil.example]" in out.getvalue()


@pytest.mark.parametrize("fmt", ["junit", "xlsx"])
def test_xml_outputs_parse(fmt, evil_run, ruleset):
    data = render_bytes(fmt, evil_run, ruleset)
    if fmt == "junit":
        root = ET.fromstring(data)
        assert root.get("tests") and any("坏" in (s.get("name") or "") for s in root)
        return
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.endswith(".xml") or name.endswith(".rels"):
            ET.fromstring(archive.read(name))
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["审核汇总"].max_row == 1 + len(evil_run)


def test_markdown_breaks_mentions_links_and_references(base, ruleset):
    text = "@octocat 见 https://evil.example/x 与 www.evil.example，邮件 a@b.cn，问题 #12，表|格 `code` ~~删~~ &amp;"
    out = render_bytes("markdown", (poisoned(base, text),), ruleset).decode("utf-8")
    for live in ("@octocat", "https://evil.example", "www.evil.example", "a@b.cn", "#12", "~~删~~"):
        assert live not in out, live
    assert not re.search(r"(?<!\\)&amp;", out) and "\\&amp;" in out  # shown as the text "&amp;"
    assert "@&#8203;octocat" in out and "https:&#8203;//evil.example" in out and "表\\|格" in out
    for block in (b for b in out.split("\n\n") if b.startswith("| ")):
        assert len({len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}) == 1


class OnePass:
    """Audits that can be read once only, as the CLI streams them from the workers."""

    def __init__(self, audits) -> None:
        self.audits, self.used = list(audits), False

    def __iter__(self):
        assert not self.used, "read twice"
        self.used = True
        return iter(self.audits)


@pytest.mark.parametrize("fmt", sorted(STREAMING))
def test_streaming_formats_read_the_audits_once(fmt, seed_audits, ruleset):
    audits = tuple(seed_audits.values())
    for options in ({}, {"summary": True}):
        assert render_bytes(fmt, OnePass(audits), ruleset, **options) == render_bytes(fmt, audits, ruleset, **options)
    assert render_bytes(fmt, OnePass(audits[:1]), ruleset) == render_bytes(fmt, audits[:1], ruleset)
    assert render_bytes(fmt, OnePass(()), ruleset) == render_bytes(fmt, (), ruleset)
    assert {"html", "markdown", "junit", "sarif", "github", "xlsx"} <= STREAMING


def _rich(*paths, columns: str | None) -> str:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("COLUMNS", None)
    if columns:
        env["COLUMNS"] = columns
    result = subprocess.run([auditor_exe(), "check", *map(str, paths), "--fail-on", "never"], capture_output=True,
                            text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_piped_scorecard_honours_columns(tmp_path):
    for columns, width in (("80", 80), ("132", 132), (None, 110)):
        out = _rich(seed("002"), columns=columns)
        assert max(cell_len(line) for line in out.splitlines()) == width, columns


def test_80_columns_keep_file_names_whole_and_continue_lines_indented():
    paths = [seed(n).relative_to(ROOT) for n in ("000", "001", "002", "003")]
    out = _rich(*paths, columns="80")
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    for path in paths:  # each file name on one line of the summary, not cut mid-word
        assert any(str(path) in line for line in lines), path
    for line in lines:  # a wrapped gap head or field never restarts at column 0
        assert not re.match(r"\[[a-z]+\.", line) and not line.startswith("部分通过"), line
    heads = [line for line in lines if re.match(r"\d+\. [✗◐]", line)]
    assert heads and all(re.search(r"\[[a-z]+\.[a-z0-9-]+\]", h) or lines[lines.index(h) + 1].startswith("   ")
                         for h in heads)


def test_places_in_messages_use_the_reports_own_wording(ruleset, tmp_path):
    """In a .docx, lines are paragraphs (第N段): messages and every renderer say 第N段, never a 第N行 of their own."""
    text = seed("002").read_text(encoding="utf-8").split("\n")
    text.insert(5, "联系人张某,手机13812345678,当事人身份证号11010519491231002X。")
    path = write_docx("\n".join(text), tmp_path / "report.docx")
    audit = audit_path(str(path), ruleset)
    privacy = next(r for r in audit.results if r.rule_id == "privacy.personal-data")
    punctuation = next(r for r in audit.results if r.rule_id == "language.punctuation")
    assert privacy.status == "fail" and "第6段" in privacy.message and "行" not in privacy.message
    assert punctuation.is_gap and "第6段" in punctuation.message and "第6行" not in punctuation.message
    for fmt in ("rich", "junit", "markdown", "html", "sarif", "github"):
        out = render_bytes(fmt, (audit,), ruleset).decode("utf-8")
        assert "第6段" in out and "第6行" not in out, fmt


# --- fuzz ----------------------------------------------------------------------------------------------

REPORT_TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
    st.sampled_from(ESCAPES + MARKUP + ["<script>", "]]>", "&#0;", "@here", "|", "\\", "%0A", "::error::x"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=3).map(lambda s: s * 2000),
)


@given(title=REPORT_TEXT, issuer=REPORT_TEXT, name=REPORT_TEXT, evidence=REPORT_TEXT)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
def test_any_report_text_renders_in_every_format(base, ruleset, title, issuer, name, evidence):
    doc = base.document
    audit = poisoned(base, evidence, path=f"reports/{name}.txt")
    audit = dataclasses.replace(audit, document=dataclasses.replace(
        audit.document, title=title, meta=dataclasses.replace(doc.meta, issuer=issuer)))
    unreadable = Audit(path=f"{name}.pdf", error=title)
    for fmt in FORMATS:
        data = render_bytes(fmt, (audit, unreadable), ruleset)
        if fmt == "xlsx":
            archive = zipfile.ZipFile(io.BytesIO(data))
            for part in archive.namelist():
                if part.endswith((".xml", ".rels")):
                    ET.fromstring(archive.read(part))
            continue
        text = data.decode("utf-8")
        assert "\x1b" not in text and not ILLEGAL_XML.search(text), fmt
        if fmt == "junit":
            ET.fromstring(data)
        elif fmt in ("sarif", "json"):
            json.loads(text)
        elif fmt == "html":
            assert plain(title).strip() == "" or "<script>" not in text.split("<body>")[1] or "<script>" not in title


def test_plain_keeps_text_and_drops_controls():
    assert plain("述法\t第1段\n") == "述法\t第1段\n"
    assert plain("a\x1b[2Jb\x85c\x7f\ufffed\ud800") == "a[2Jbcd\ufffd"
    assert plain(None) == ""


def test_spool_gives_back_what_it_kept_also_past_its_memory_part():
    from auditor.render.common import Spool

    pieces = [f"第{n}行：述法\r\n述法\n" * 50 for n in range(2000)]  # several megabytes: moved to a file
    out = io.StringIO(newline="")
    with Spool() as spool:
        for piece in pieces:
            spool.write(piece)
        assert spool.file._rolled  # noqa: SLF001  (the part past the first megabyte went to disk)
        spool.copy_to(out)
    assert out.getvalue() == "".join(pieces)
