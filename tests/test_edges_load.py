"""Hostile single files (issue #14): every file is read, or refused with a Chinese reason, within bounded
time and memory; damaged text is decoded with warnings, never audited as mojibake. The hostile files are
built here."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from auditor.errors import InputError
from auditor.loading import load
from tests.conftest import ROOT, seed

TEXT = seed("002").read_text(encoding="utf-8")


def _run(code: str, timeout: float = 60, limit_mb: int | None = None) -> subprocess.CompletedProcess:
    """Run Python code in a subprocess of this worktree (a hang or a runaway allocation ends the child,
    not the suite)."""
    prelude = ""
    if limit_mb:
        prelude = ("import resource\n"
                   f"resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} << 20, {limit_mb} << 20))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT, env=env)


# ---- opening the file --------------------------------------------------------------------------------------

def test_a_path_swapped_for_a_pipe_after_its_check_is_refused_not_waited_on(tmp_path):
    """A report that becomes a FIFO between a stat() and the open(): the opened file itself is checked, and
    it is opened without blocking. (The swap is simulated by a stat() that still sees the regular file.)"""
    regular, fifo = tmp_path / "r.txt", tmp_path / "pipe.txt"
    regular.write_text(TEXT, encoding="utf-8")
    os.mkfifo(fifo)
    done = _run(f"""
        import os, pathlib
        real = os.stat({str(regular)!r})
        pathlib.Path.stat = lambda self, *a, **k: real  # the check sees the file as it was
        from auditor.errors import InputError
        from auditor.loading import load
        try:
            load({str(fifo)!r})
        except InputError as exc:
            print("refused:", exc)
    """, timeout=30)
    assert "refused: 不是普通文件" in done.stdout, done.stderr


# ---- .doc -------------------------------------------------------------------------------------------------

DOC = ROOT / "tests" / "data" / "doc"


def _edited_doc(tmp_path, name: str, edit) -> str:
    """A copy of a real .doc whose table stream is edited in place (same size) by `edit(table, fib)`."""
    import shutil

    import olefile

    from auditor.loading.doc import _Fib

    path = tmp_path / name
    shutil.copy(DOC / "seed002.doc", path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        fib = _Fib(ole.openstream("WordDocument").read())
        table = bytearray(ole.openstream("1Table").read())
        edit(table, fib)
        ole.write_stream("1Table", bytes(table))
    return str(path)


def test_doc_piece_table_with_a_negative_property_size_is_refused_not_looped(tmp_path):
    """A Prc (property modifier) of negative size before the piece table: the reader's offset never moved
    on and `check`, the batch and `diff` hung."""
    def negative(table: bytearray, fib) -> None:
        table[fib.fc_clx:fib.fc_clx + 3] = b"\x01\xfd\xff"  # clxt 1, cbGrpprl -3

    path = _edited_doc(tmp_path, "loop.doc", negative)
    done = _run(f"""
        from auditor.errors import InputError
        from auditor.loading import load
        try:
            load({path!r})
        except InputError as exc:
            print("refused:", exc)
    """, timeout=30)
    assert "refused: 无法读取" in done.stdout, done.stderr




def _doc_streams(text: str, chpx_pointers: int = 0, papx_pointers: int = 0) -> OleStreams:
    """A WordDocument and table stream built by hand to [MS-DOC]: `text` in one UTF-16 piece, and bin tables
    pointing `chpx_pointers` / `papx_pointers` times at one page of character / paragraph property runs."""
    import struct

    at_text, chpx_page, papx_page = 2048, 8, 9
    word = bytearray(512 * 10)
    raw = text.encode("utf-16-le")
    word[at_text:at_text + len(raw)] = raw
    # a CHPX page: 101 one-character runs, each with a property list (sprmCFRMarkDel off)
    fkp = bytearray(512)
    crun = 101
    struct.pack_into(f"<{crun + 1}I", fkp, 0, *(at_text + 2 * i for i in range(crun + 1)))
    for i in range(crun):
        fkp[4 * (crun + 1) + i] = 250  # the Chpx at byte 500
    fkp[500:504] = b"\x03\x00\x08\x00"
    fkp[511] = crun
    word[chpx_page * 512:chpx_page * 512 + 512] = fkp
    # a PAPX page: 29 runs, each a paragraph of style 0 with one property
    fkp = bytearray(512)
    crun = 29
    struct.pack_into(f"<{crun + 1}I", fkp, 0, *(at_text + 2 * i for i in range(crun + 1)))
    for i in range(crun):
        fkp[4 * (crun + 1) + 13 * i] = 240  # the PAPX at byte 480
    fkp[480:486] = b"\x00\x02\x00\x00\x0a\x26"  # cb 0, cb' 2: istd 0, sprmPIlvl…
    fkp[511] = crun
    word[papx_page * 512:papx_page * 512 + 512] = fkp

    table = bytearray()
    pairs = [(0, 0)] * 93

    def add(blob: bytes) -> tuple[int, int]:
        at = len(table)
        table.extend(blob)
        return at, len(blob)

    plc = struct.pack("<2I", 0, len(text)) + struct.pack("<HIH", 0, at_text, 0)
    pairs[33] = add(b"\x02" + struct.pack("<I", len(plc)) + plc)
    for index, count, page in ((12, chpx_pointers, chpx_page), (13, papx_pointers, papx_page)):
        if count:
            fcs = [at_text] * count + [at_text + 2 * len(text)]
            pages = struct.pack(f"<{count}I", *[page] * count)
            pairs[index] = add(struct.pack(f"<{count + 1}I", *fcs) + pages)
    fib = bytearray(struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0, 0, 0x0200))
    fib += bytes(32 - len(fib)) + struct.pack("<H", 14) + bytes(28)
    fib += struct.pack("<H", 22) + struct.pack("<22i", 0, 0, 0, len(text), *([0] * 18))
    fib += struct.pack("<H", 93) + b"".join(struct.pack("<II", *pair) for pair in pairs)
    word[:len(fib)] = fib
    return OleStreams({"WordDocument": bytes(word), "1Table": bytes(table)})


@pytest.mark.parametrize("kind", ["character", "paragraph"])
def test_doc_property_tables_pointing_many_times_at_one_page_read_it_once(monkeypatch, kind):
    """Bin tables that point 20,000 times at one page of runs: each page is read once (a 1 MB file of this
    kind took 28 s and 1.6 GB for character properties, 10.6 s and 2 GB for paragraph properties)."""
    from auditor.loading import doc, doc_lists

    calls = []
    real = doc.sprms
    for module in (doc, doc_lists):
        monkeypatch.setattr(module, "sprms", lambda grpprl: calls.append(1) or real(grpprl))
    text = "法治政府建设年度报告\r" * 20
    pointers = {"chpx_pointers" if kind == "character" else "papx_pointers": 20_000}
    got, _, lists = doc._main_text(_doc_streams(text, **pointers))
    assert got == text
    if kind == "character":
        assert len(calls) <= 101  # one page of 101 runs
    else:
        assert lists is not None and len(lists.papx) <= 29 and len(calls) <= 29


# ---- .docx ------------------------------------------------------------------------------------------------

def _list_docx(path, fmt: str, start: str, paragraphs: int = 20) -> str:
    """A .docx whose paragraphs are numbered by one Word list of format `fmt` starting at `start`."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    level = (f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
             '<w:lvlText w:val="%1."/></w:lvl>')
    abstract = f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{level}</w:abstractNum>'
    numbering.insert(0, parse_xml(abstract))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for _ in range(paragraphs):
        paragraph = document.add_paragraph("法治政府建设")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return str(path)


@pytest.mark.parametrize(("fmt", "start", "first"), [
    ("upperLetter", "100000000", "100000000."),  # was a 3.8-million-letter label on every paragraph
    ("upperRoman", "2000000000", "2000000000."),  # was two million M's, built one at a time
    ("decimal", "9" * 5000, "1."),  # a number too long to be one: the default start
    ("upperRoman", "3999", "MMMCMXCIX."),
    ("lowerLetter", "28", "bb."),
])
def test_list_numbers_are_computed_arithmetically_and_bounded(tmp_path, fmt, start, first):
    path = _list_docx(tmp_path / "list.docx", fmt, start)
    done = _run(f"""
        from auditor.loading import load
        lines = load({path!r}).text.split("\\n")
        print(lines[0].removesuffix("法治政府建设"), max(map(len, lines)))
    """, timeout=60, limit_mb=1500)
    assert done.returncode == 0, done.stderr[-500:]
    label, longest = done.stdout.split()
    assert label == first and int(longest) < 40


def _deflate_damaged(path) -> bytes:
    """The file at `path` (a zip) with the first byte of word/document.xml's (or Content.xml's) deflate stream
    made a block of the reserved type 3: inflating it fails inside zlib."""
    import struct
    import zipfile

    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        entry = next(e for e in archive.infolist() if e.filename.endswith(("document.xml", "Content.xml")))
    name_len, extra_len = struct.unpack_from("<HH", data, entry.header_offset + 26)
    data[entry.header_offset + 30 + name_len + extra_len] = 0xFF
    return bytes(data)


@pytest.mark.parametrize("suffix", [".docx", ".ofd"])
def test_a_damaged_deflate_stream_is_a_damaged_file_not_an_internal_error(tmp_path, suffix):
    from tests.makers import write_docx, write_ofd

    good = (write_docx if suffix == ".docx" else write_ofd)(TEXT, tmp_path / f"good{suffix}")
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(_deflate_damaged(good))
    with pytest.raises(InputError, match="文件已损坏"):
        load(str(bad))


# ---- damaged files of every format: a reason for the user, never an internal error ------------------------

_SUFFIXES = [".docx", ".doc", ".pdf", ".ofd", ".html", ".txt"]


@pytest.fixture(scope="module")
def damaged_seeds(tmp_path_factory):
    from tests.makers import write_docx, write_html, write_ofd, write_pdf

    folder = tmp_path_factory.mktemp("seeds")
    made = {
        ".docx": write_docx(TEXT, folder / "s.docx"),
        ".pdf": write_pdf(TEXT, folder / "s.pdf"),
        ".ofd": write_ofd(TEXT, folder / "s.ofd"),
        ".html": write_html(TEXT, folder / "s.html", "关于2023年法治政府建设情况的报告"),
    }
    seeds = {suffix: path.read_bytes() for suffix, path in made.items()}
    seeds[".doc"] = (DOC / "seed002.doc").read_bytes()
    seeds[".txt"] = TEXT.encode("utf-8")
    return folder, seeds


def _chinese(message: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in message)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.makers import OleStreams


@given(suffix=st.sampled_from(_SUFFIXES), cut=st.integers(min_value=0, max_value=2**20),
       flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                      min_size=1, max_size=8))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
def test_damaged_files_of_every_format_are_read_or_refused_with_a_reason(damaged_seeds, suffix, cut, flips):
    """Bytes overwritten anywhere (zip directory, deflate streams, PDF objects, OLE sectors, text) and the
    end cut off: every outcome is a Source or an InputError with a Chinese reason (132 of 10,000 such cases
    were internal errors: zlib.error from a damaged deflate stream)."""
    folder, seeds = damaged_seeds
    data = bytearray(seeds[suffix])
    for at, value in flips:
        data[at % len(data)] = value
    if cut % 3 == 0:  # a third of the cases also lose their end
        data = data[: max(1, len(data) - cut % len(data))]
    path = folder / f"damaged{suffix}"
    path.write_bytes(bytes(data))
    try:
        source = load(str(path))
    except InputError as exc:
        assert _chinese(str(exc)), str(exc)
        return
    assert source.text.strip()


def test_pdfminer_warnings_do_not_reach_stderr(tmp_path):
    """A damaged PDF makes pdfminer log warnings (here: a font descriptor without its FontBBox); the user sees
    the audit or the reader's one-line reason, not the library's log."""
    from tests.makers import write_pdf

    data = write_pdf(TEXT, tmp_path / "p.pdf").read_bytes()
    assert data.count(b"/FontBBox") == 1
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data.replace(b"/FontBBox", b"/FontBBoy"))
    done = _run(f"""
        import logging
        logged, make = [], logging.Logger.makeRecord  # count pdfminer's records without handling them
        def counting(self, name, *args, **kwargs):
            logged.append(name)
            return make(self, name, *args, **kwargs)
        logging.Logger.makeRecord = counting
        from auditor.loading import load
        print(len(load({str(path)!r}).text) > 100, bool(logged))
    """)
    assert done.stdout.split() == ["True", "True"]  # read, and pdfminer did complain
    assert done.stderr == ""


# ---- normalisation ----------------------------------------------------------------------------------------

def _old_normalize(text: str) -> str:
    """textnorm._normalize before issue #14: one str.replace pass per distinct character to change."""
    from auditor import textnorm

    table, keys = textnorm._replacements()
    found = set(keys.findall(text))
    if textnorm._ASTRAL.search(text):
        found.update(char for char in textnorm._ASTRAL.findall(text) if char in table)
    for char in found:
        text = text.replace(char, table[char])
    return textnorm._CJK_COLON.sub(lambda m: textnorm._HALF_TO_FULL[m.group()], text)


def _changed_chars() -> list[str]:
    from auditor import textnorm

    return sorted(chr(k) for k in textnorm._table())


@given(pieces=st.lists(st.one_of(st.sampled_from(TEXT.split("\n")), st.sampled_from(_changed_chars()),
                                 st.text(max_size=12), st.sampled_from([":", ";", ",", "：", "\U00020000"])),
                       max_size=60),
       chunk=st.sampled_from([3, 7, 64, 1 << 18]), few=st.sampled_from([0, 2, 16]))
@settings(max_examples=300, deadline=None)
def test_normalize_in_one_pass_equals_the_old_function(pieces, chunk, few):
    """Chunks of any size, changed by translate or by replace, give exactly the old result."""
    from auditor import textnorm

    text = "".join(pieces)
    saved = textnorm._CHUNK, textnorm._FEW
    textnorm._CHUNK, textnorm._FEW = chunk, few
    try:
        assert textnorm._normalize(text) == _old_normalize(text)
    finally:
        textnorm._CHUNK, textnorm._FEW = saved


def test_normalising_traditional_text_is_one_pass_not_one_per_character():
    """Traditional text changes thousands of distinct characters: it is translated in one pass per chunk
    (the old function made a full pass over the text per character: 181 s for 50 MB)."""
    from auditor import textnorm

    table = textnorm._table()
    traditional = "".join(chr(k) for k, v in table.items() if isinstance(v, str) and 0x4E00 <= k <= 0x9FFF)
    text = (traditional * 300)[: 3 << 18]
    passes = []

    def profile(frame, event, arg):  # noqa: ANN001, ANN202 - counts the C calls of str.replace
        if event == "c_call" and getattr(arg, "__name__", "") == "replace":
            passes.append(1)

    sys.setprofile(profile)
    try:
        result = textnorm._normalize(text)
    finally:
        sys.setprofile(None)
    assert len(traditional) > 1000
    assert len(passes) <= 48  # at most a few per chunk, not one per character
    assert result == text.translate(table)


# ---- decoding: damaged text is read with a warning, never audited as mojibake ------------------------------

def _damaged_utf8(kind: str) -> bytes:
    raw = TEXT.encode("utf-8")
    at = raw.index("依法".encode("utf-8"), 4000)  # a character start in the middle of the report
    return {
        "one invalid byte": raw[:at] + b"\xff" + raw[at:],
        "truncated last character": TEXT.rstrip().encode("utf-8") + "告".encode("utf-8")[:2],
        "a byte lost mid-character": raw[:at + 1] + raw[at + 2:],
    }[kind]


@pytest.mark.parametrize("kind", ["one invalid byte", "truncated last character",
                                  "a byte lost mid-character"])
def test_utf8_report_with_a_bad_byte_is_read_with_a_warning(tmp_path, kind):
    """A 9 KB UTF-8 report with one bad byte was refused whole (无法识别文件编码 / 二进制内容): it is
    decoded as UTF-8, the bad bytes replaced, and a warning says on which line."""
    data = _damaged_utf8(kind)
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    source = load(str(path))
    assert source.encoding == "utf-8"
    assert source.text.count("\ufffd") == 1
    line = source.text[: source.text.index("\ufffd")].count("\n") + 1
    assert len(source.warnings) == 1 and f"第{line}行" in source.warnings[0] and "UTF-8" in source.warnings[0]
    clean = load(str(seed("002"))).text.split("\n")
    same = sum(a == b for a, b in zip(source.text.split("\n"), clean))
    assert same >= len(clean) - 2  # every other line as in the original


def test_damaged_gb18030_report_is_read_with_a_warning(tmp_path):
    raw = TEXT.encode("gb18030")
    at = raw.index("依法".encode("gb18030"), 3000)
    path = tmp_path / "report.txt"
    path.write_bytes(raw[:at] + b"\xff" + raw[at:])
    source = load(str(path))
    assert source.encoding == "gb18030" and len(source.warnings) == 1 and "GB18030" in source.warnings[0]
    assert source.text.count("\ufffd") == 1


def _gb18030_clean_utf8() -> str:
    """Lines of two-character words from the report whose UTF-8 bytes are also valid GB18030 (a line of
    CJK pairs and a newline splits into whole GB18030 characters): such a file decodes cleanly as GB18030,
    into mojibake."""
    import re

    pairs = set(re.findall(r"[\u4e00-\u9fff]{2}", TEXT))
    words = sorted(w for w in pairs if _gb_clean((w + "\n").encode("utf-8")))
    return "".join("".join(words[i:i + 4]) + "\n" for i in range(0, len(words) - 3, 4))


def _gb_clean(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def test_damaged_utf8_that_decodes_cleanly_as_gb18030_is_not_audited_as_mojibake(tmp_path):
    """Damaged UTF-8 Chinese that is by chance valid GB18030 was audited as GB18030 mojibake (24.6 分):
    GB18030 is taken only when it reads as Chinese."""
    text = _gb18030_clean_utf8()
    raw = text.encode("utf-8")
    cut = raw.index(b"\n") + 1
    damaged = raw[:cut] + b"\x81\x30\x81\x30\n" + raw[cut:]  # one GB18030 character, invalid UTF-8
    assert len(text) > 200 and _gb_clean(damaged)  # the trap: it decodes cleanly as GB18030
    path = tmp_path / "report.txt"
    path.write_bytes(damaged)
    source = load(str(path))
    assert source.encoding == "utf-8" and "第2行" in source.warnings[0]
    lines = source.text.split("\n")
    assert lines[1] == "\ufffd0\ufffd0" and lines[:1] + lines[2:] == text.split("\n")


@pytest.mark.parametrize(("charset", "entities"), [
    ("punycode", False), ("punycode", True), ("unicode_escape", False), ("raw_unicode_escape", False),
    ("rot13", False), ("base64", False), ("x-user-defined", False), ("iso-8859-1", False)])
def test_a_page_declaring_a_non_text_or_wrong_charset_is_read_in_its_real_encoding(tmp_path, charset,
                                                                                   entities):
    """charset=punycode ran a quadratic decoder and then raised an uncaught UnicodeError; unicode_escape
    (or latin-1 on a UTF-8 page) gave mojibake that was audited as text. Only real text encodings that
    decode the page into Chinese are taken from the page; otherwise the bytes say what they are."""
    from tests.makers import write_html

    good = load(str(write_html(TEXT, tmp_path / "good.html", "关于2023年法治政府建设情况的报告")))
    page = (tmp_path / "good.html").read_text(encoding="utf-8")
    page = page.replace('charset="utf-8"', f'charset="{charset}"')
    path = tmp_path / "page.html"
    # entities: the page in ASCII, its Chinese written as &#NNNNN; (punycode then decoded it at length)
    path.write_bytes(page.encode("ascii", errors="xmlcharrefreplace") if entities else page.encode("utf-8"))
    source = load(str(path))
    assert source.text == good.text and source.encoding == "utf-8"


def test_decoding_warnings_reach_the_json_and_the_terminal(cli, tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(_damaged_utf8("one invalid byte"))
    clean = tmp_path / "clean.txt"
    clean.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.json"
    done = cli("check", path, clean, "--format", "json", "-o", out, "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    import json

    written = json.loads(out.read_text(encoding="utf-8"))["reports"]
    reports = {r["path"].rsplit("/", 1)[-1]: r for r in written}
    assert reports["damaged.txt"]["error"] is None and "UTF-8" in reports["damaged.txt"]["warnings"][0]
    assert "warnings" not in reports["clean.txt"]  # the contract is unchanged for a clean report
    shown = cli("check", path, "--fail-on", "never")
    assert "注意" in shown.stdout and "无法按 UTF-8" in shown.stdout


# ---- .pdf: bounded reading ---------------------------------------------------------------------------------

def _pdf(pages: list[bytes], forms: list[bytes] = (), deflate: int = 1, shared: bool = False) -> bytes:
    """A PDF written by hand: each page's content stream (FlateDecode applied `deflate` times), Helvetica as
    /F1, and form XObjects /X0, /X1 … (form i may draw the others by name). With `shared`, every page uses
    the first page's content stream."""
    import zlib

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"", times: int = 1) -> bytes:
        for _ in range(times):
            data = zlib.compress(data, 9)
        filters = b"[" + b" ".join([b"/FlateDecode"] * times) + b"]"
        return (b"<< /Length %d /Filter %s %s >>\nstream\n" % (len(data), filters, extra) + data
                + b"\nendstream")

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    form_ids = [len(objects) + 1 + i for i in range(len(forms))]
    xobjects = b"<< " + b" ".join(b"/X%d %d 0 R" % (i, n) for i, n in enumerate(form_ids)) + b" >>"
    resources = b"<< /Font << /F1 %d 0 R >> /XObject %s >>" % (font, xobjects)
    for body in forms:
        add(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources " + resources))
    contents = []
    for body in pages:
        if shared and contents:
            contents.append(contents[0])
        else:
            contents.append(add(stream(body, times=deflate)))
    kids_at = len(objects) + 1
    page_ids = [kids_at + 1 + i for i in range(len(pages))]
    kids = b" ".join(b"%d 0 R" % n for n in page_ids)
    add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages))
    for content in contents:
        add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 600 800] /Resources %s /Contents %d 0 R >>"
            % (kids_at, resources, content))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % kids_at)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, catalog)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_LINE = b"BT /F1 10 Tf 50 %d Td (Annual report on law-based government 2023) Tj ET\n"


def _load_pdf_in_child(tmp_path, data: bytes, name: str = "x.pdf", limit_mb: int = 1500, **patch) -> str:
    """Load a PDF in a subprocess with a memory limit (an interpreter abort or a hang ends the child only);
    `patch` sets module constants of auditor.loading.pdf first. Returns what the child printed."""
    path = tmp_path / name
    path.write_bytes(data)
    done = _run(f"""
        from auditor.loading import pdf
        for key, value in {patch!r}.items():
            setattr(pdf, key, value)
        from auditor.errors import InputError
        from auditor.loading import load
        try:
            print("read", len(load({str(path)!r}).text))
        except InputError as exc:
            print("refused", exc)
    """, timeout=120, limit_mb=limit_mb)
    assert done.returncode == 0, (done.returncode, done.stderr[-800:])
    return done.stdout.strip()


def test_a_normal_handmade_pdf_is_read(tmp_path):
    pages = [b"".join(_LINE % (750 - 14 * i) for i in range(40))] * 3
    assert _load_pdf_in_child(tmp_path, _pdf(pages)).startswith("read ")


def test_nested_form_objects_are_refused_not_fatal(tmp_path):
    """Each form draws the next ten times, fifteen deep (10^15 draws from 3 KB): the interpreter aborted
    ("Cannot recover from MemoryErrors") or ran for ever."""
    forms = [b"".join(b"/X%d Do\n" % (i + 1) for _ in range(10)) for i in range(15)] + [_LINE % 700]
    out = _load_pdf_in_child(tmp_path, _pdf([b"/X0 Do\n"], forms=forms))
    assert out.startswith("refused PDF 内容过于复杂") and "表单对象" in out


def test_a_page_of_200k_text_operators_is_refused_not_fatal(tmp_path):
    page = b"BT /F1 1 Tf\n" + b"(AAAAAAAAAA) Tj\n" * 200_000 + b"ET\n"
    data = _pdf([page])
    assert len(data) < 100_000
    out = _load_pdf_in_child(tmp_path, data)
    assert out.startswith("refused PDF 内容过于复杂") and "字符" in out


def test_a_stream_inflating_a_thousandfold_twice_is_refused(tmp_path):
    """A content stream deflated twice: 3 KB that inflate to 300 MB (pdfminer inflated it whole)."""
    page = _LINE % 700 + b" " * (300 << 20)
    data = _pdf([page], deflate=2)
    assert len(data) < 50_000
    out = _load_pdf_in_child(tmp_path, data, limit_mb=1200)
    assert out.startswith("refused PDF 内容过于复杂") and "解压后" in out


def test_text_far_beyond_the_file_size_is_refused(tmp_path):
    """Ten pages sharing one content stream of 30,000 characters: a 2 KB file whose text would be 300,000
    characters, 150 a byte. (The floor below which any file may have its characters is lifted here, so the
    ratio is what refuses it.)"""
    page = b"BT /F1 1 Tf\n" + b"(AAAAAAAAAA) Tj\n" * 3000 + b"ET\n"
    data = _pdf([page] * 10, shared=True)
    assert len(data) < 4000
    out = _load_pdf_in_child(tmp_path, data, TOTAL_CHARS_FLOOR=0)
    assert out.startswith("refused PDF 内容过于复杂") and "文件大小" in out


def test_reading_a_pdf_has_a_time_limit(tmp_path):
    """The limit itself (335 s were spent on a 500-page file of 356 KB): with no time allowed, a PDF of a
    few thousand operators is refused as taking too long rather than read."""
    pages = [b"".join(_LINE % (750 - 14 * i) for i in range(40))] * 3
    out = _load_pdf_in_child(tmp_path, _pdf(pages), READ_SECONDS=0.0)
    assert out.startswith("refused") and "秒" in out


# ---- .ofd -------------------------------------------------------------------------------------------------

def _ofd_with(tmp_path, edit) -> str:
    """The report as an .ofd whose first page's content XML is changed by `edit(xml) -> xml`."""
    import zipfile

    from tests.makers import write_ofd

    good = write_ofd(TEXT, tmp_path / "good.ofd")
    path = tmp_path / "edited.ofd"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "Doc_0/Pages/Page_0/Content.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(entry.filename, data)
    return str(path)


def test_ofd_glyph_advances_repeated_a_billion_times_are_bounded(tmp_path):
    """DeltaX="g 1000000000 5" on a text of a few characters (a 6.6 KB file took 9 s and 4.7 GB): only as
    many advances as the text has characters are made."""
    path = _ofd_with(tmp_path, lambda xml: xml.replace('DeltaX="g ', 'DeltaX="g 1000000000 5 g ', 1))
    done = _run(f"""
        from auditor.loading import load
        print(len(load({path!r}).text))
    """, timeout=60, limit_mb=1500)
    assert done.returncode == 0 and int(done.stdout) > 1000, done.stderr[-500:]


# ---- large texts ------------------------------------------------------------------------------------------

def test_a_40_mb_text_of_short_lines_loads_within_ten_times_its_size(tmp_path):
    """40 MB of two-character lines (six million lines): loading kept every line as an object at once
    (some 80 bytes each, several hundred MB); it now cleans the text a chunk of lines at a time."""
    path = tmp_path / "short.txt"
    path.write_bytes(("法治\n" * (40 * 1024 * 1024 // 7)).encode("utf-8"))
    done = _run(f"""
        from auditor.loading import load
        text = load({str(path)!r}).text
        print(len(text), text[:6] == "法治\\n法治\\n"[:6])
    """, timeout=120, limit_mb=500)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == [str(3 * (40 * 1024 * 1024 // 7)), "True"]


@given(lines=st.lists(st.one_of(st.sampled_from(TEXT.split("\n")),
                                st.text(alphabet=" \t\u3000\u2028\x0b法a\r", max_size=8)), max_size=40),
       chunk=st.sampled_from([1, 2, 5, 64]))
@settings(max_examples=200, deadline=None)
def test_cleaning_lines_in_chunks_equals_cleaning_them_at_once(lines, chunk):
    from auditor.loading import text as text_module

    joined = "\n".join(lines)
    whole = text_module.clean_lines(joined)
    saved = text_module._CHUNK
    text_module._CHUNK = chunk
    try:
        assert text_module.clean_lines(joined) == whole
    finally:
        text_module._CHUNK = saved
