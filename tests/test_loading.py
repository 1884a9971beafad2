"""Loading .txt/.md: every encoding real reports come in, newlines, odd spaces, converter marks."""

from __future__ import annotations

import codecs

import pytest

from auditor.errors import InputError
from auditor.loading import discover, load
from tests.conftest import seed

TEXT = seed("002").read_text(encoding="utf-8")

ENCODINGS = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8-bom": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16-bom": TEXT.encode("utf-16"),
    "utf-16-le-bom": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-16-le-no-bom": TEXT.encode("utf-16-le"),
    "gb18030": TEXT.encode("gb18030"),
    "gbk": TEXT.replace("\u00a0", " ").encode("gbk", errors="strict"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_gives_the_same_text(tmp_path, name):
    path = tmp_path / f"report-{name}.txt"  # the extension says nothing about the encoding
    path.write_bytes(ENCODINGS[name])
    source = load(str(path))
    assert source.text == load(str(seed("002"))).text
    assert "青龙乡" in source.text


def test_encoding_is_detected_not_guessed_from_extension(tmp_path):
    path = tmp_path / "gb.md"
    path.write_bytes("一、主要举措和成效\n全年开展普法宣传12场次。".encode("gb18030"))
    assert load(str(path)).encoding == "gb18030"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_keep_editor_line_numbers(tmp_path, newline):
    path = tmp_path / "r.txt"
    path.write_bytes(newline.join(["标题", "", "第三行"]).encode("utf-8"))
    assert load(str(path)).text.split("\n") == ["标题", "", "第三行"]


def test_conversion_marks_and_odd_spaces_removed_lines_kept(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("报\u3000告\n[bookmark: _GoBack]（四）顺应改革\u00a0提升\u200b执行力\n", encoding="utf-8")
    lines = load(str(path)).text.split("\n")
    assert lines[0] == "报 告"
    assert lines[1] == "（四）顺应改革 提升执行力"
    assert len(lines) == 3


def test_page_number_lines_are_emptied_lines_kept(tmp_path):
    """Page numbers left by a printout (— 3 —, 第3页 共8页, 3/8) are no text of the report; every line keeps its
    number. A figure on a line of its own inside a sentence stays."""
    path = tmp_path / "r.txt"
    path.write_text("方便群众就近\n第3页 共8页\n及时获得法律援助。\n— 4 —\n- 5 -\n6/8\n共8页第7页\n开展普法12场次，\n"
                    "2023年\n第3页是目录\n", encoding="utf-8")
    lines = load(str(path)).text.split("\n")
    assert lines[:8] == ["方便群众就近", "", "及时获得法律援助。", "", "", "", "", "开展普法12场次，"]
    assert lines[8:10] == ["2023年", "第3页是目录"]


def test_markdown_heading_marks_removed(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("# 关于2023年法治政府建设情况的报告\n\n## 一、主要举措和成效\n**全年**开展普法12场次。\n", encoding="utf-8")
    lines = load(str(path)).text.split("\n")
    assert lines[0] == "关于2023年法治政府建设情况的报告"
    assert lines[2] == "一、主要举措和成效"
    assert lines[3] == "全年开展普法12场次。"


@pytest.mark.parametrize("data, reason", [
    (b"", "空"),
    (bytes(range(256)) * 40, "不是文"),
    (b"\x00\x01\x02\x03" * 500, "不是文"),
    (b"   \n\n  \n", "空"),
], ids=["empty", "all-bytes", "control-bytes", "blank-lines"])
def test_unreadable_text_is_a_clear_error(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        load(str(path))


def test_missing_file_and_old_word_formats(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        load(str(tmp_path / "nope.txt"))
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(InputError, match="另存为 .docx"):
        load(str(old))


def test_discover_recurses_sorted_skipping_hidden_and_out(tmp_path):
    for rel in ["b/2.txt", "a.txt", "b/1.md", ".hidden/x.txt", "out/y.txt", "b/.z.txt", "c/skip.jpg",
                "d/page.htm", "d/page_files/frame.htm", "d/page_files/s.js", "e/x.pdf", "e/y.docx", "e/z.doc",
                "e/~$y.docx", "e/.~lock.y.docx#", "f/r.ofd", "f/r.wps"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.replace(str(tmp_path) + "/", "") for p in discover([str(tmp_path)])]
    assert found == ["a.txt", "b/1.md", "b/2.txt", "d/page.htm", "e/x.pdf", "e/y.docx", "e/z.doc", "f/r.ofd",
                     "f/r.wps"]
