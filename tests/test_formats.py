"""Every input format: the same seed as .txt, GB18030, UTF-16, .md, .docx, .doc, .html, .pdf and .ofd gives the same
audit."""

from __future__ import annotations

import shutil

import pytest

from auditor.errors import InputError
from auditor.loading import load
from auditor.parsing import parse_document
from auditor.pipeline import audit_path
from tests.conftest import ROOT, seed
from tests.makers import write_docx, write_html, write_numbered_docx, write_ofd, write_pdf, write_scan_pdf

TEXT = seed("002").read_text(encoding="utf-8")
DOC_FILES = ROOT / "tests" / "data" / "doc"
TITLE = "关于青龙乡2023年法治政府建设情况的报告_丰都县人民政府"

FORMATS = {
    "plain.txt": lambda p: p.write_text(TEXT, encoding="utf-8"),
    "gb18030.txt": lambda p: p.write_bytes(TEXT.encode("gb18030")),
    "utf16.txt": lambda p: p.write_bytes(TEXT.encode("utf-16")),
    "note.md": lambda p: p.write_text(TEXT, encoding="utf-8"),
    "word.docx": lambda p: write_docx(TEXT, p),
    "word-numbered.docx": lambda p: write_numbered_docx(TEXT, p),
    "page.html": lambda p: write_html(TEXT, p, TITLE),
    "page-gb2312.htm": lambda p: write_html(TEXT, p, TITLE, encoding="gb2312"),
    "print.pdf": lambda p: write_pdf(TEXT, p),
    "print-narrow.pdf": lambda p: write_pdf(TEXT, p, width=31),
    "print-furniture.pdf": lambda p: write_pdf(TEXT, p, header="青龙乡人民政府文件", footer=True, indent=True),
    "print-spaced.pdf": lambda p: write_pdf(TEXT, p, width=40, char_space=2.5),  # justified: letters spread
    "word.doc": lambda p: shutil.copy(DOC_FILES / "seed002.doc", p),  # saved by LibreOffice (tests/data/doc)
    "word-numbered.doc": lambda p: shutil.copy(DOC_FILES / "numbered.doc", p),
    "official.ofd": lambda p: write_ofd(TEXT, p),
    "official-converted.ofd": lambda p: write_ofd(TEXT, p, width=26, per_char=True, footer=True),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formats")
    for name, make in FORMATS.items():
        make(folder / name)
    return folder


def _outcome(audit):
    assert audit.error is None, audit.error
    return audit.scorecard.score, [(r.rule_id, r.status) for r in audit.results]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_gives_the_same_audit(made, ruleset, name):
    reference = _outcome(audit_path(str(made / "plain.txt"), ruleset))
    assert _outcome(audit_path(str(made / name), ruleset)) == reference


def test_docx_locations_are_paragraph_numbers(made, ruleset):
    audit = audit_path(str(made / "word.docx"), ruleset)
    where = {ev.where for r in audit.results for ev in r.evidence}
    assert where and all(w.startswith("第") and w.endswith("段") for w in where)
    assert audit.document.location(9) == "第9段"  # 青龙委文〔2024〕7号 is the ninth paragraph


def test_docx_heading_styles_and_tables(tmp_path):
    text = "关于2023年法治政府建设情况的报告\n主要举措和成效\n全年开展普法宣传12场次。\n存在的问题\n执法人员不足。"
    path = write_docx(text, tmp_path / "r.docx", headings={"主要举措和成效": 1, "存在的问题": 1},
                      table=[["项目", "数量"], ["普法宣传", "12场次"]])
    source = load(str(path))
    assert source.text.split("\n")[-4:] == ["项目", "数量", "普法宣传", "12场次"]
    doc = parse_document(source)
    assert [s.heading for s in doc.sections] == ["主要举措和成效", "存在的问题"]
    assert doc.title == "关于2023年法治政府建设情况的报告"


def test_docx_renamed_to_doc_is_read_and_encrypted_docx_is_explained(tmp_path, made):
    renamed = tmp_path / "renamed.doc"
    renamed.write_bytes((made / "word.docx").read_bytes())
    assert "青龙乡" in load(str(renamed)).text
    encrypted = tmp_path / "secret.docx"  # Word saves a password-protected .docx as an OLE compound file
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(InputError, match="已加密"):
        load(str(encrypted))


def test_pdf_drops_headers_footers_and_page_numbers(made):
    source = load(str(made / "print-furniture.pdf"))
    assert "青龙乡人民政府文件" not in source.text
    assert not any(line.strip().startswith("- ") for line in source.text.split("\n"))
    assert source.text == load(str(made / "print.pdf")).text


def test_pdf_rejoins_wrapped_lines_and_keeps_headings_apart(tmp_path):
    body = "我乡坚持以习近平新时代中国特色社会主义思想为指导，深入推进法治政府建设，全面落实行政执法三项制度，严格规范公正文明执法，健全完善依法决策机制。"
    text = f"一、主要举措和成效\n{body}\n二、存在的不足和原因\n执法力量薄弱。"
    cut = body.index("法治政府") + 2  # the page breaks 法治政府 across two lines
    source = load(str(write_pdf(text, tmp_path / "r.pdf", width=cut)))
    assert source.text.split("\n") == text.split("\n")
    assert source.locations[1] == "第1页第2行" and source.locations[2].startswith("第1页第")


def test_pdf_without_text_layer_or_with_password(tmp_path):
    with pytest.raises(InputError, match="PDF 没有文字层.*OCR"):
        load(str(write_scan_pdf(tmp_path / "scan.pdf")))
    with pytest.raises(InputError, match="已加密"):
        load(str(write_pdf("关于法治政府建设情况的报告", tmp_path / "secret.pdf", password="123456")))


def test_html_keeps_the_article_and_the_title_without_the_site(made):
    source = load(str(made / "page.html"))
    assert source.title_hint == "关于青龙乡2023年法治政府建设情况的报告"
    for furniture in ("互动交流", "当前位置", "打印本页", "关闭窗口", "主办单位", "相关链接"):
        assert furniture not in source.text
    assert "2024年，我们将深入学习贯彻党的二十大精神" in source.text


def test_html_title_outside_the_body_becomes_the_first_line(tmp_path):
    text = "一、主要举措和成效\n" + "全年开展普法宣传12场次，覆盖群众3000余人，发放宣传资料2000余份。" * 4
    path = write_html(text, tmp_path / "p.html", "太龙镇2022年度法治政府建设情况报告 - 万州区人民政府")
    doc = parse_document(load(str(path)))
    assert doc.title == "太龙镇2022年度法治政府建设情况报告"
    assert [s.heading for s in doc.sections] == ["主要举措和成效"]


def test_pdf_line_full_to_the_margin_continues_even_after_a_full_stop(tmp_path):
    text = "一、普法宣传\n全年开展普法宣传十二场次。覆盖群众三千余人，发放资料两千余份。\n二、存在的不足"
    source = load(str(write_pdf(text, tmp_path / "r.pdf", width=13)))  # the page wraps right after 。
    assert source.text.split("\n") == text.split("\n")


def test_docx_automatic_numbering_is_rendered_as_text(made):
    lines = load(str(made / "word-numbered.docx")).text.split("\n")
    for expected in ("一、2023年度推进法治政府建设的主要举措和成效", "（三）全面夯实法治保障",
                     "（2）努力营造全乡党员干部", "四、2024年推进法治政府建设", "（三）以三项制度为抓手"):
        assert any(line.startswith(expected) for line in lines), expected


def test_html_keeps_short_lines_title_headings_and_signature(tmp_path):
    text = seed("003").read_text(encoding="utf-8")
    source = load(str(write_html(text, tmp_path / "p.html", "贤庠镇2022年度法治政府建设情况的报告_象山县人民政府")))
    lines = [line.strip() for line in source.text.split("\n")]
    for short in ("一、强化组织领导,夯实法治基础", "象山县贤庠镇人民政府", "2023年2月21日"):
        assert short in lines
    assert parse_document(source).meta.date == "2023-02-21"


def test_docx_tracked_changes_and_content_controls_read_as_word_shows_them(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("关于2023年法治政府建设情况的报告")
    paragraph = document.add_paragraph("镇党委书记")
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>年终述法</w:t></w:r></w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>草稿</w:delText>'
                                  "</w:r></w:del>"))
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText> PAGE </w:instrText></w:r>'))
    document.element.body.insert(len(document.element.body) - 1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>二、存在的问题</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    document.save(str(tmp_path / "r.docx"))
    assert load(str(tmp_path / "r.docx")).text.split("\n") == [
        "关于2023年法治政府建设情况的报告", "镇党委书记年终述法", "二、存在的问题"]


def test_pdf_text_without_unicode_mapping_is_refused_not_audited(tmp_path, monkeypatch):
    from auditor.loading import pdf

    page = [pdf.Line(1, n, "(cid:1841)(cid:4287)(cid:1605)(cid:77)", 40, 500, 0.2 + n / 100, 0.21 + n / 100)
            for n in range(1, 10)]
    monkeypatch.setattr(pdf, "_page_lines", lambda data: [page])
    with pytest.raises(InputError, match="无法解码"):
        pdf.read_pdf(tmp_path / "x.pdf", b"%PDF-")
