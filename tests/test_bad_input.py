"""Bad input never breaks a batch: each unreadable file is an error entry with a clear reason, exit code 2."""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import zipfile
from pathlib import Path

import pytest

from auditor import loading
from auditor.batch import run
from auditor.errors import InputError
from auditor.loading import discover, load
from auditor.loading.docx import MAX_UNZIPPED
from tests.conftest import seed
from tests.makers import write_docx, write_pdf, write_scan_pdf

TEXT = seed("002").read_text(encoding="utf-8")


def _bomb(path: Path) -> None:
    """A .docx whose document part inflates from a few hundred KB to 300 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<" + "a" * (300 * 1024 * 1024) + ">")


def _lying_bomb(path: Path) -> None:
    """A zip whose directory understates a part's size: reading stops at the stated size and the check fails."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (8 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    at = data.rfind(b"PK\x01\x02")  # the last central directory entry: word/document.xml
    struct.pack_into("<I", data, at + 24, 1000)  # uncompressed size: 1000 bytes instead of 8 MB
    local = data.rfind(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 1000)
    path.write_bytes(bytes(data))


def _make_bad(folder: Path, good_docx: Path, good_pdf: Path) -> dict[str, str]:
    """Write every kind of bad input; return {file name: part of the expected reason}."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (folder / "garbage.docx").write_bytes(os.urandom(4096))
    raw = good_docx.read_bytes()
    (folder / "truncated.docx").write_bytes(raw[: len(raw) // 2])
    (folder / "fake.docx").write_text("这不是一个docx文件", encoding="utf-8")
    (folder / "fake.pdf").write_bytes(b"%PDF-1.4\n%garbage\n")
    raw = good_pdf.read_bytes()
    (folder / "truncated.pdf").write_bytes(raw[: len(raw) // 2])
    _bomb(folder / "bomb.docx")
    _lying_bomb(folder / "lying.docx")
    (folder / "secret.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    write_pdf("关于法治政府建设情况的报告", folder / "secret.pdf", password="123456")
    write_scan_pdf(folder / "scan.pdf")
    (folder / "old.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with (folder / "huge.txt").open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    (folder / "gone.txt").symlink_to(folder / "vanished-before-it-was-read.txt")
    (folder / "loop.txt").symlink_to("loop.txt")  # points at itself: the system's own reason is English
    return {
        "empty.txt": "空", "binary.txt": "不是文", "garbage.docx": "不是有效的 .docx",
        "truncated.docx": "不是有效的 .docx", "fake.docx": "不是有效的 .docx", "fake.pdf": "不是有效的 PDF",
        "truncated.pdf": "不是有效的 PDF", "bomb.docx": "压缩炸弹", "lying.docx": "不是有效的 .docx",
        "secret.docx": "已加密", "secret.pdf": "已加密", "scan.pdf": "没有文字层", "old.wps": "另存为 .docx",
        "huge.txt": "文件过大", "gone.txt": "不存在", "loop.txt": "符号链接循环",
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder of good reports in four formats and every bad input, next to each other."""
    folder = tmp_path_factory.mktemp("batch")
    (folder / "good_a.txt").write_text(TEXT, encoding="utf-8")
    docx = write_docx(TEXT, folder / "good_b.docx")
    pdf = write_pdf(TEXT, folder / "good_c.pdf")
    reasons = _make_bad(folder, docx, pdf)
    return folder, reasons


@pytest.mark.parametrize("name", [
    "empty.txt", "binary.txt", "garbage.docx", "truncated.docx", "fake.docx", "fake.pdf", "truncated.pdf",
    "bomb.docx", "lying.docx", "secret.docx", "secret.pdf", "scan.pdf", "old.wps", "huge.txt", "gone.txt",
    "loop.txt",
])
def test_each_bad_input_is_a_clear_input_error(batch, name):
    folder, reasons = batch
    with pytest.raises(InputError, match=reasons[name]):
        load(str(folder / name))


def test_zip_bomb_is_refused_from_its_directory_before_inflating(batch, monkeypatch):
    folder, _ = batch
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or pytest.fail("inflated"))
    with pytest.raises(InputError, match=f"上限 {MAX_UNZIPPED // 1048576} MB"):
        load(str(folder / "bomb.docx"))
    assert opened == []


def test_pipes_and_folders_named_like_reports_are_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    with pytest.raises(InputError, match="不是普通文件"):
        load(str(fifo))
    with pytest.raises(InputError, match="文件夹"):
        loading.read_bytes(tmp_path)


def test_a_file_vanishing_during_the_run_is_an_error_entry(tmp_path, ruleset):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    paths = discover([str(tmp_path)])
    (tmp_path / "b.txt").unlink()  # removed after the folder was listed, before it was read
    audits = list(run(paths, ruleset))
    assert [a.error is None for a in audits] == [True, False, True]
    assert "不存在" in audits[1].error and audits[0].scorecard.score == audits[2].scorecard.score


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("fmt", ["json", "rich"])
def test_a_mixed_batch_is_audited_to_the_end(cli, batch, tmp_path, fmt):
    folder, reasons = batch
    before = _digest(folder)
    out = tmp_path / f"audit.{fmt}"
    result = cli("check", folder, "--format", fmt, "-o", out, "--fail-on", "never", "--jobs", "2")
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    written = out.read_text(encoding="utf-8")
    assert "Traceback" not in written
    assert _digest(folder) == before  # the reports are never changed
    if fmt == "rich":
        for name, reason in reasons.items():
            assert name in written and reason in written, name
        return
    reports = {Path(r["path"]).name: r for r in json.loads(written)["reports"]}
    assert set(reports) == set(reasons) | {"good_a.txt", "good_b.docx", "good_c.pdf"}
    for name, reason in reasons.items():
        assert reason in reports[name]["error"] and reports[name]["results"] == [], name
    scores = {reports[n]["score"] for n in ("good_a.txt", "good_b.docx", "good_c.pdf")}
    assert len(scores) == 1 and None not in scores
