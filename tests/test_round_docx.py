"""--format docx: the drafter's own Word file back with a comment per gap, read back and validated as a package."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import docx
from conftest import seed
from lxml import etree
from makers import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _report_docx(tmp_path: Path) -> Path:
    """Seed 004 as a .docx with Word heading styles on its section headings and a table at the end."""
    text = seed("004").read_text(encoding="utf-8")
    heads = {line: 1 for line in text.split("\n") if re.match(r"^[一二三四五六]、", line)}
    folder = tmp_path / "drafts"
    folder.mkdir()
    return write_docx(text, folder / "尚屯镇.docx", headings=heads, table=[["项目", "数量"], ["培训", "3次"]])


def _audit_json(cli, path: Path, tmp_path: Path) -> dict:
    out = tmp_path / "audit.json"
    cli("check", path, "-f", "json", "-o", out, "--fail-on", "never")
    return json.loads(out.read_text(encoding="utf-8"))["reports"][0]


def _validate_package(data: bytes) -> dict[str, etree._Element]:
    """Every XML part parses; comments are declared in [Content_Types].xml and in the document's relationships;
    every comment has one range start, one range end and one reference in the document, and no other ids."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        parts = {name: etree.fromstring(package.read(name)) for name in package.namelist()
                 if name.endswith((".xml", ".rels"))}
    types = parts["[Content_Types].xml"]
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides.get("/word/comments.xml") == COMMENTS_TYPE
    rels = parts["word/_rels/document.xml.rels"]
    assert any(r.get("Type") == COMMENTS_REL and r.get("Target").endswith("comments.xml") for r in rels)
    ids = [c.get(W + "id") for c in parts["word/comments.xml"].iter(W + "comment")]
    assert len(ids) == len(set(ids))
    body = parts["word/document.xml"]
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(e.get(W + "id") for e in body.iter(W + tag)) == sorted(ids), tag
    for start in body.iter(W + "commentRangeStart"):  # start and end in the same paragraph, start first
        p = start.getparent()
        ends = [e for e in p.iter(W + "commentRangeEnd") if e.get(W + "id") == start.get(W + "id")]
        assert ends and list(p).index(start) < list(p).index(ends[0])
    return parts


def _paragraph_of_comment(document) -> dict[int, int]:
    """comment id → index of the body paragraph holding its range (in the reader's 第N段 order)."""
    from auditor.render.docx import paragraph_elements

    out = {}
    for index, p in enumerate(paragraph_elements(document)):
        for start in p.iter(W + "commentRangeStart"):
            out[int(start.get(W + "id"))] = index
    return out


def test_docx_report_gets_a_comment_per_gap_on_the_evidence_paragraph(cli, tmp_path):
    report = _report_docx(tmp_path)
    original = report.read_bytes()
    audit = _audit_json(cli, report, tmp_path)
    gaps = [r for r in audit["results"] if r["status"] in ("fail", "partial")]
    out = tmp_path / "审核意见"
    result = cli("check", report, "-f", "docx", "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    written = out / "尚屯镇.审核意见.docx"
    assert str(written) in result.stderr and f"{len(gaps)} 条批注" in result.stderr and not result.stdout
    assert report.read_bytes() == original  # the input is never touched
    data = written.read_bytes()
    _validate_package(data)
    document = docx.Document(io.BytesIO(data))
    comments = {c.comment_id: c.text for c in document.comments}
    assert len(comments) == len(gaps) > 3
    where = _paragraph_of_comment(document)
    title_paragraph = next(i for i, p in enumerate(document.paragraphs) if p.text.strip())
    for gap in gaps:
        found = [cid for cid, text in comments.items() if text.startswith("【") and gap["title"] in text.split("\n")[0]]
        assert len(found) == 1, gap["rule"]
        text = comments[found[0]]
        assert f"依据：{gap['basis']}" in text and f"建议：{gap['suggestion']}" in text
        assert (gap["detail"] or gap["message"]) in text
        if gap["evidence"]:
            expected = int(re.fullmatch(r"第(\d+)段", gap["evidence"][0]["where"]).group(1)) - 1
        else:
            expected = title_paragraph
            assert "未定位到具体段落" in text
        assert where[found[0]] == expected, gap["rule"]


def test_docx_copy_keeps_the_original_formatting_and_text(cli, tmp_path):
    report = _report_docx(tmp_path)
    out = tmp_path / "out"
    cli("check", report, "-f", "docx", "-o", out, "--fail-on", "never")
    before, after = docx.Document(str(report)), docx.Document(str(out / "尚屯镇.审核意见.docx"))
    assert [(p.text, p.style.name) for p in before.paragraphs] == [(p.text, p.style.name) for p in after.paragraphs]
    assert [[c.text for c in row.cells] for row in after.tables[0].rows] == [["项目", "数量"], ["培训", "3次"]]
    assert any(p.style.name == "Heading 1" for p in after.paragraphs)


def test_text_report_becomes_a_docx_of_its_text_with_comments_on_its_lines(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / "贤庠镇.txt"
    report.write_text(seed("003").read_text(encoding="utf-8"), encoding="utf-8")
    audit = _audit_json(cli, report, tmp_path)
    out = tmp_path / "out"
    assert cli("check", report, "-f", "docx", "-o", out, "--fail-on", "never").returncode == 0
    data = (out / "贤庠镇.txt.审核意见.docx").read_bytes()
    _validate_package(data)
    document = docx.Document(io.BytesIO(data))
    lines = report.read_text(encoding="utf-8").split("\n")
    assert [p.text for p in document.paragraphs] == lines
    where = _paragraph_of_comment(document)
    comments = list(document.comments)
    with_lines = [r for r in audit["results"] if r["status"] in ("fail", "partial") and r["evidence"]]
    assert with_lines
    for gap in with_lines:
        cid = next(c.comment_id for c in comments if gap["title"] in c.text.split("\n")[0])
        assert where[cid] == gap["evidence"][0]["line"] - 1


def test_docx_output_is_deterministic_and_never_written_over_an_input(cli, tmp_path):
    report = _report_docx(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    cli("check", report, "-f", "docx", "-o", a, "--fail-on", "never")
    cli("check", report, "-f", "docx", "-o", b, "--fail-on", "never")
    digest = [hashlib.sha256((d / "尚屯镇.审核意见.docx").read_bytes()).hexdigest() for d in (a, b)]
    assert digest[0] == digest[1]
    inside = cli("check", report, "-f", "docx", "-o", report.parent, "--fail-on", "never")
    assert inside.returncode == 2 and "Traceback" not in inside.stderr
    assert "输出文件夹" in inside.stderr and len(inside.stderr.strip().splitlines()) == 1
    above = cli("check", report, "-f", "docx", "-o", tmp_path, "--fail-on", "never")
    assert above.returncode == 2  # the folder holds the input one level down
    missing = cli("check", report, "-f", "docx", "--fail-on", "never")
    assert missing.returncode == 2 and "-o" in missing.stderr
    assert sorted(p.name for p in report.parent.iterdir()) == ["尚屯镇.docx"]


def test_same_named_reports_get_distinct_files_and_unreadable_ones_are_listed(cli, tmp_path):
    first, second = tmp_path / "甲" / "报告.txt", tmp_path / "乙" / "报告.txt"
    for path, prefix in ((first, "000"), (second, "004")):
        path.parent.mkdir()
        path.write_text(seed(prefix).read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "乙" / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    out = tmp_path / "out"
    result = cli("check", first, second, broken, "-f", "docx", "-o", out, "--fail-on", "never")
    assert result.returncode == 2  # an unreadable input, as with every format
    assert sorted(p.name for p in out.iterdir()) == ["报告.txt-2.审核意见.docx", "报告.txt.审核意见.docx"]
    assert "坏.docx：无法审核" in result.stderr
    texts = [docx.Document(str(out / n)).paragraphs[6].text for n in ("报告.txt.审核意见.docx", "报告.txt-2.审核意见.docx")]
    assert texts == [first.read_text(encoding="utf-8").split("\n")[6], second.read_text(encoding="utf-8").split("\n")[6]]


def test_comment_survives_text_python_docx_cannot_write(tmp_path, ruleset):
    """Control characters in a report's text are left out of the .docx (XML forbids them; Word would refuse)."""
    from auditor.pipeline import audit_path
    from auditor.render.docx import commented

    report = tmp_path / "r.txt"
    report.write_text(seed("000").read_text(encoding="utf-8").replace("法治", "法\x0b治", 3), encoding="utf-8")
    data, count = commented(audit_path(str(report), ruleset), ruleset)
    _validate_package(data)
    assert count == len(list(docx.Document(io.BytesIO(data)).comments)) > 0
