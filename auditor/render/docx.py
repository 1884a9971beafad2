"""Step 5 of the pipeline (render): the drafter's own Word file back, with one comment (批注) per gap.

A .docx report is copied with its formatting intact and the comments anchored on the paragraphs that hold
the evidence (the .docx reader numbers them 第N段); any other report becomes a .docx of its text, a
paragraph per line. Gaps with no location are commented on the title. Inputs are never written over.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Sequence, TextIO

from auditor.errors import InputError, UsageError
from auditor.model import Audit, AuditRun, RuleResult
from auditor.render.common import SEVERITY_NAMES, gap_message, plain, readable, sort_gaps, where
from auditor.schema import Rule, RuleSet

AUTHOR = "审核意见"
INITIALS = "审"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every zip entry's time: the same input gives the same bytes
SUFFIX = ".审核意见.docx"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH = re.compile(r"第(\d+)段")
# Characters XML 1.0 does not allow (a report's text may carry them; Word refuses such a file).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def output_dir(output: str | None, inputs: Sequence[str]) -> Path:
    """The folder the commented files go to: asked for with -o, created if missing, holding no input."""
    if not output:
        raise UsageError("docx 格式为每份报告各写一个 Word 文件：请用 -o 指定输出文件夹，如 -o 审核意见/")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"docx 格式的 -o 应为文件夹，而“{output}”是一个文件")
    if not folder.exists():
        if not folder.parent.exists():
            raise UsageError(f"输出文件夹的上级文件夹不存在：{folder.parent}")
        folder.mkdir()
    here = folder.resolve()
    for raw in inputs:
        path = Path(raw).resolve()
        if here == path.parent or here in path.parents:
            raise UsageError(f"输出文件夹“{output}”中有本次审核的报告（{raw}）：请另选一个文件夹，以免覆盖原文件")
    return folder


_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\ufffe\uffff]')


def output_name(path: str, used: set[str]) -> str:
    """The commented file's name: the report's own name (with its type unless .docx), 审核意见, unique; characters
    no file name should hold (controls, and those Windows refuses) become “_”."""
    source = Path(path)
    stem = _UNSAFE.sub("_", source.stem if source.suffix.lower() == ".docx" else source.name)
    while len(stem.encode("utf-8", "surrogateescape")) > 180:  # a file name holds at most 255 bytes
        stem = stem[: max(1, len(stem) * 3 // 4)]
    name = stem + SUFFIX
    number = 2
    while name in used:
        name = f"{stem}-{number}{SUFFIX}"
        number += 1
    used.add(name)
    return name


def _resolved(path: str) -> Path | None:
    """The absolute, link-free form of a path; None for a name no file can have (an embedded NUL)."""
    try:
        return Path(path).resolve()
    except (ValueError, OSError):
        return None


def render(run: AuditRun, out: TextIO) -> None:
    """Write each readable report's commented .docx into the run's output folder; list what was written on `out`
    (the command line passes stderr: the files are the output)."""
    folder: Path = run.options["output_dir"]
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    used: set[str] = set()
    inputs = set()
    for audit in run.audits:
        inputs.add(_resolved(audit.path))
        if not readable(audit):
            out.write(plain(f"{audit.path}：无法审核，未写批注（{audit.error}）") + "\n")
            continue
        target = folder / output_name(audit.path, used)
        if _resolved(str(target)) in inputs:  # never write over a report, even one named like an output
            out.write(plain(f"{audit.path}：输出文件与输入同名，已跳过：{target}") + "\n")
            continue
        try:
            data, count = commented(audit, ruleset)
        except (InputError, OSError, ValueError) as exc:  # gone, or a name no file can have
            out.write(plain(f"{audit.path}：无法重新读取，未写批注（{exc}）") + "\n")
            continue
        _write(target, data)
        out.write(plain(f"{audit.path} → {target}（{count} 条批注）") + "\n")


def commented(audit: Audit, ruleset: RuleSet) -> tuple[bytes, int]:
    """The report as a .docx with a comment per gap, and the number of comments."""
    import docx

    from auditor.loading import load, read_bytes

    is_docx = Path(audit.path).suffix.lower() == ".docx"
    data = read_bytes(Path(audit.path)) if is_docx else b""
    if is_docx and data.startswith(b"PK"):
        document = docx.Document(io.BytesIO(data))
        paragraphs = paragraph_elements(document)
        anchor = _docx_anchor(audit, paragraphs)
    else:
        document = _text_document(load(audit.path).text, audit)
        paragraphs = [p._p for p in document.paragraphs]
        anchor = _line_anchor(audit, paragraphs)
    gaps = sort_gaps(audit.results, ruleset)
    for result, rule in gaps:
        element = anchor(result)
        comment = document.comments.add_comment(_clean(comment_text(result, rule, audit)), AUTHOR, INITIALS)
        comment._comment_elm.date = None  # Word accepts a comment without a date; a date would change every run
        mark(element, comment.comment_id)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_times(buffer.getvalue()), len(gaps)


def comment_text(result: RuleResult, rule: Rule, audit: Audit) -> str:
    """The comment: rule title and severity, what is wrong, the basis and the fix (one paragraph each)."""
    head = f"【{SEVERITY_NAMES[result.severity]}】{rule.title}"
    if result.status == "partial":
        head += f"（部分通过，{result.credit:.0%}）"
    lines = [head, f"问题：{gap_message(result, rule)}"]
    others = list(dict.fromkeys(where(ev) for ev in result.evidence[1:]))
    if others:
        lines.append("另见：" + "、".join(others[:6]))
    if not result.evidence:
        lines.append(f"位置：{result.section or '全文'}（未定位到具体段落）")
    if result.looked_for:
        lines.append(f"查找：{result.looked_for}")
    lines += [f"依据：{rule.basis}", f"建议：{rule.suggestion}", f"规则：{rule.id}"]
    return "\n".join(lines)


def mark(p: Any, comment_id: int) -> None:
    """Anchor a comment on a whole paragraph (w:p): range start after its properties, range end and the
    reference run at its end. Works for paragraphs without runs of their own (text in links, fields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
    end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)})
    properties = p.find(_W + "pPr")
    p.insert(1 if properties is not None and p.index(properties) == 0 else 0, start)
    p.append(end)
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    p.append(run)


def paragraph_elements(document: Any) -> list[Any]:
    """Every w:p of the body in the order the .docx reader numbers them (第N段): table cells read once each,
    content controls and custom XML entered; the same walk as auditor.loading.docx._blocks."""
    from docx.table import Table

    found: list[Any] = []

    def walk(element: Any, owner: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                found.append(child)
            elif tag == _W + "tbl":
                seen: set[object] = set()
                for row in Table(child, owner).rows:
                    for cell in row.cells:
                        if cell._tc not in seen:
                            seen.add(cell._tc)
                            walk(cell._tc, cell)
            elif tag == _W + "sdt":
                content = child.find(_W + "sdtContent")
                if content is not None:
                    walk(content, owner)
            elif tag in (_W + "customXml", _W + "ins", _W + "moveTo"):
                walk(child, owner)

    walk(document.element.body, document)
    return found


def _docx_anchor(audit: Audit, paragraphs: list[Any]):  # -> Callable[[RuleResult], element]
    doc = audit.document
    assert doc is not None

    def number(where: str) -> int | None:
        match = _PARAGRAPH.fullmatch(where or "")
        index = int(match.group(1)) - 1 if match else -1
        return index if 0 <= index < len(paragraphs) else None

    title = next((n for line in doc.title_lines if (n := number(doc.location(line))) is not None), None)
    fallback = title if title is not None else _first_text(paragraphs)

    def anchor(result: RuleResult) -> Any:
        for ev in result.evidence:
            found = number(ev.where or doc.location(ev.line))
            if found is not None:
                return paragraphs[found]
        return paragraphs[fallback]

    return anchor


def _line_anchor(audit: Audit, paragraphs: list[Any]):  # -> Callable[[RuleResult], element]
    doc = audit.document
    assert doc is not None
    titles = [n - 1 for n in doc.title_lines if 0 < n <= len(paragraphs)]
    fallback = titles[0] if titles else _first_text(paragraphs)

    def anchor(result: RuleResult) -> Any:
        for ev in result.evidence:
            if 0 < ev.line <= len(paragraphs):
                return paragraphs[ev.line - 1]
        return paragraphs[fallback]

    return anchor


def _first_text(paragraphs: list[Any]) -> int:
    for index, p in enumerate(paragraphs):
        if "".join(t.text or "" for t in p.iter(_W + "t")).strip():
            return index
    return 0


def _text_document(text: str, audit: Audit) -> Any:
    """A plain .docx of the report's text: a paragraph per line, the title centred and bold, in 仿宋."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)  # 三号
    normal.font.name = "仿宋_GB2312"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    titles = set(audit.document.title_lines) if audit.document else set()
    for number, line in enumerate(text.split("\n"), 1):
        paragraph = document.add_paragraph(_clean(line))
        if number in titles:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
    core = document.core_properties
    core.title = _clean(audit.document.title if audit.document else "")[:200]
    core.author = core.last_modified_by = "auditor"
    core.comments = f"由 auditor 根据 {Path(audit.path).name} 生成"
    core.created = core.modified = datetime.datetime(*FIXED_TIME)
    core.revision = 1
    return document


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _fixed_times(data: bytes) -> bytes:
    """The same package with every entry dated FIXED_TIME (python-docx stamps the time of saving)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()


def _write(target: Path, data: bytes) -> None:
    """Write a file whole: a temporary file beside it, then an atomic rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

