"""Old binary Word reports (.doc/.wps): real files saved by LibreOffice (tests/data/doc/make.py), and edited
copies of them for the cases Word writes but LibreOffice does not (8-bit text, encryption, Word 95)."""

from __future__ import annotations

import json
import re
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.loading import load
from auditor.model import Source
from auditor.parsing import parse_document
from auditor.pipeline import audit_source
from tests.conftest import ROOT, seed
from tests.makers import OleStreams, write_docx

DATA = ROOT / "tests" / "data" / "doc"


def test_seed_as_doc_reads_and_audits_like_the_docx(tmp_path, ruleset):
    docx = load(str(write_docx(seed("002").read_text(encoding="utf-8"), tmp_path / "r.docx")))
    doc = load(str(DATA / "seed002.doc"))
    assert doc.format == "doc"
    assert doc.text == docx.text
    assert doc.locations is not None and doc.locations[0] == "第1段"
    one, two = (audit_source(Source(path="r", text=s.text), ruleset) for s in (doc, docx))
    assert [(r.rule_id, r.status) for r in one.results] == [(r.rule_id, r.status) for r in two.results]
    assert one.scorecard.score == two.scorecard.score


def test_doc_shows_what_word_shows():
    lines = load(str(DATA / "features.doc")).text.split("\n")
    assert lines == [
        "关于2023年度法治政府建设情况的报告",
        "一、主要举措和成效",
        "全年开展普法宣传12场次，覆盖群众3000人次（ABC test 2023）。",
        "保留文字继续",  # the tracked deletion 已删除的文字 is left out
        "可见结束",  # so is hidden text
        "第一行", "第二行",  # a manual line break
        "项目", "数量", "普法讲座", "12场",  # table cells, one a line, no empty line at a row's end
        "页码：1",  # a field's result, not its code
        "二〇二四年一月十五日",
    ]
    doc = parse_document(load(str(DATA / "features.doc")))
    assert doc.title == "关于2023年度法治政府建设情况的报告" and doc.meta.year == 2023


def test_automatic_numbering_is_drawn_as_word_shows_it(tmp_path):
    """Headings numbered by Word's lists (一、（一）（1）1.) are not in a .doc's text: they are drawn from its
    list tables, as for a .docx, so the report's parts are found."""
    from tests.makers import write_numbered_docx

    docx = load(str(write_numbered_docx(seed("002").read_text(encoding="utf-8"), tmp_path / "n.docx")))
    doc = load(str(DATA / "numbered.doc"))
    assert doc.text == docx.text
    assert "一、2023年度推进法治政府建设的主要举措和成效" in doc.text.split("\n")
    assert len(parse_document(doc).sections) == 4


def test_word_heading_styles_are_headings(tmp_path):
    doc = load(str(DATA / "headings.doc"))
    assert doc.headings == ((2, 1), (4, 2))
    assert [(s.heading, s.level) for s in parse_document(doc).walk()] == [("主要举措和成效", 1), ("存在的问题", 2)]


def _replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, "the edit must hit exactly one place"
    return data.replace(old, new)


def test_eight_bit_text_pieces_are_read_as_word_writes_them(tmp_path):
    """Word keeps runs of Western text 8-bit (cp1252); the piece table says so. Make latin.doc's only piece
    8-bit: its text written in cp1252 where the UTF-16 text was, and the piece's offset flagged compressed."""
    data = (DATA / "latin.doc").read_bytes()
    text = load(str(DATA / "latin.doc")).text.replace("\n", "\r") + "\r"
    data = _replace_once(data, text.encode("utf-16-le"), text.encode("cp1252").ljust(2 * len(text), b"\0"))
    # The piece table: character positions 0 and len(text), then the piece descriptor (2 bytes of flags,
    # then the text's offset in the stream, 2048); an 8-bit piece gives twice the offset, flagged.
    table = re.compile(re.escape(struct.pack("<II", 0, len(text))) + b"(..)" + re.escape(struct.pack("<I", 2048)),
                       re.DOTALL)
    assert len(table.findall(data)) == 1
    data = table.sub(lambda m: struct.pack("<II", 0, len(text)) + m.group(1)
                     + struct.pack("<I", 0x40000000 | 4096), data)
    path = tmp_path / "latin8.doc"
    path.write_bytes(data)
    assert load(str(path)).text == "Annual report 2023\nSection 1: measures taken\nCafé – 12 events, 3000 people"


def _with_fib_flags(data: bytes, set_bits: int = 0, nfib: int | None = None) -> bytes:
    """A copy whose File Information Block (first bytes of the WordDocument stream) is changed."""
    head = data.index(struct.pack("<H", 0xA5EC), 512)  # the stream starts on a sector boundary
    ident, old_nfib = struct.unpack_from("<HH", data, head)
    flags = struct.unpack_from("<H", data, head + 10)[0]
    out = bytearray(data)
    struct.pack_into("<HH", out, head, ident, old_nfib if nfib is None else nfib)
    struct.pack_into("<H", out, head + 10, flags | set_bits)
    return bytes(out)


@pytest.mark.parametrize(("case", "expected"), [
    ("encrypted", "文件已加密"),
    ("word95", "Word 95"),
    ("truncated", "无法读取"),
    ("not_word", "无法读取"),
    ("garbage", "无法读取"),
])
def test_unreadable_doc_is_one_clear_error(tmp_path, case, expected):
    data = (DATA / "seed002.doc").read_bytes()
    edited = {
        "encrypted": lambda: _with_fib_flags(data, set_bits=0x0100),
        "word95": lambda: _with_fib_flags(data, nfib=0x0065),
        "truncated": lambda: data[: len(data) // 3],
        # another Office file in the same container: no WordDocument stream
        "not_word": lambda: _replace_once(data, "WordDocument".encode("utf-16-le"), "WordDocumenX".encode("utf-16-le")),
        "garbage": lambda: data[:512] + bytes(range(256)) * 40,
    }[case]()
    path = tmp_path / f"{case}.doc"
    path.write_bytes(edited)
    with pytest.raises(InputError, match=expected):
        load(str(path))


def test_doc_renamed_to_docx_and_wps_are_read(tmp_path):
    for name in ("renamed.docx", "report.wps"):
        path = tmp_path / name
        path.write_bytes((DATA / "seed002.doc").read_bytes())
        assert load(str(path)).text == load(str(DATA / "seed002.doc")).text


def test_cli_audits_a_doc(cli, tmp_path):
    out = tmp_path / "out.json"
    result = cli("check", DATA / "seed002.doc", "--format", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))["reports"][0]
    assert report["error"] is None and report["score"] > 50


@given(st.sampled_from(["seed002.doc", "numbered.doc", "features.doc"]),
       st.lists(st.tuples(st.integers(0, 26623), st.integers(0, 255)), min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_a_damaged_doc_is_read_or_refused_never_crashes(name, edits):
    """Random bytes overwritten anywhere in a real .doc (container, FIB, piece table, property pages, lists)."""
    data = bytearray((DATA / name).read_bytes())
    for at, value in edits:
        if at < len(data):
            data[at] = value
    try:
        from auditor.loading.doc import read_doc

        source = read_doc(DATA / "x.doc", bytes(data))
    except InputError:
        return
    assert isinstance(source.text, str)




def test_text_in_several_pieces_of_both_widths_is_joined_in_order():
    """A fast-saved .doc keeps its text in several pieces, 8-bit and UTF-16 mixed, out of file order:
    a Word Document stream and table stream built by hand to [MS-DOC] with three such pieces."""
    from auditor.loading.doc import _main_text, _shown

    pieces = [("Report ", True, 3000), ("法治政府建设", False, 2048), (" 2023\r", True, 2600)]
    word = bytearray(4096)
    fib = bytearray()
    fib += struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0, 0, 0x0200)  # wIdent, nFib, …, flags: 1Table
    fib += bytes(32 - len(fib))
    fib += struct.pack("<H", 14) + bytes(28)  # csw, FibRgW97
    ccp = sum(len(text) for text, _, _ in pieces)
    fib += struct.pack("<H", 22) + struct.pack("<22i", 0, 0, 0, ccp, *([0] * 18))  # cslw, FibRgLw97.ccpText
    table = bytearray()
    cps = [0]
    for text, _, _ in pieces:
        cps.append(cps[-1] + len(text))
    pcds = b"".join(struct.pack("<HIH", 0, (0x40000000 | 2 * at) if eight_bit else at, 0)
                    for _, eight_bit, at in pieces)
    plc = struct.pack(f"<{len(cps)}I", *cps) + pcds
    table += b"\x02" + struct.pack("<I", len(plc)) + plc
    pairs = [(0, 0)] * 93
    pairs[33] = (0, len(table))  # fcClx, lcbClx
    fib += struct.pack("<H", 93) + b"".join(struct.pack("<II", *pair) for pair in pairs)
    word[:len(fib)] = fib
    for text, eight_bit, at in pieces:
        raw = text.encode("cp1252" if eight_bit else "utf-16-le")
        word[at:at + len(raw)] = raw
    text, offsets, _ = _main_text(OleStreams({"WordDocument": bytes(word), "1Table": bytes(table)}))
    assert text == "Report 法治政府建设 2023\r"
    assert list(offsets[:2]) == [3000, 3001] and list(offsets[7:9]) == [2048, 2050]
    assert _shown(text, offsets) == [("Report 法治政府建设 2023", 2600 + 5), ("", None)]
