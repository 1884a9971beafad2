"""Test generators: real .docx, .pdf and .html files written at test time from a report's text."""

from __future__ import annotations

import html
from pathlib import Path

NAV = """<div class="header"><div class="logo">丰都县人民政府</div>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 法治政府建设</div>"""
TOOLS = """<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:close()">关闭窗口</a></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">2022年度法治政府建设情况报告</a></li></ul></div>
<div class="footer">主办单位：丰都县人民政府办公室 网站标识码：5002300001 渝ICP备05003300号</div>"""


def write_docx(text: str, path: Path, headings: dict[str, int] | None = None,
               table: list[list[str]] | None = None) -> Path:
    """One paragraph per line; lines named in `headings` get Word's "Heading N" style; a table at the end."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        level = (headings or {}).get(line)
        document.add_paragraph(line, style=f"Heading {level}" if level else None)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path, width: int = 48, header: str | None = None, footer: bool = False,
              indent: bool = False, password: str | None = None, char_space: float = 0) -> Path:
    """Text wrapped at `width` characters in reportlab's built-in CID font STSong-Light (no font file needed).

    `header` is a running header on every page, `footer` adds "- N -" page numbers, `indent` indents each
    paragraph's first line by two characters as Word does; `char_space` spreads characters apart (points)
    as justified text does.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), encrypt=password)
    page, y = 1, 760

    def furniture() -> None:
        pdf.setFont("STSong-Light", 7.5)  # a header in 小五 beside a body in 三号 is about this ratio
        if header:
            pdf.drawString(40, 805, header)
        if footer:
            pdf.drawCentredString(300, 30, f"- {page} -")

    furniture()
    for line in text.split("\n"):
        first = True
        while True:
            x = 60 if indent and first and line else 40
            chunk = pdf.beginText(x, y)
            chunk.setFont("STSong-Light", 10)
            chunk.setCharSpace(char_space)
            chunk.textOut(line[:width])
            pdf.drawText(chunk)
            y -= 14
            line, first = line[width:], False
            if y < 70:
                pdf.showPage()
                page, y = page + 1, 760
                furniture()
            if not line:
                break
    pdf.save()
    return path


def write_scan_pdf(path: Path) -> Path:
    """A PDF of pictures only (what a scanner makes): pages without a text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.rect(40, 40, 500, 700, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def write_html(text: str, path: Path, title: str, encoding: str = "utf-8") -> Path:
    """A page as saved from a government site: menus, breadcrumb and footer around the article."""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    page = (f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{html.escape(title)}</title></head><body>'
            f'{NAV}<div class="article"><div class="TRS_Editor">{body}</div></div>{TOOLS}</body></html>')
    path.write_bytes(page.encode("gb18030" if encoding == "gb2312" else encoding))
    return path


LIST_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "（%3）"), ("decimal", "%4."))
STYLE_LEVEL = {"一、": 0, "（一）": 1, "（1）": 2, "1.": 3}


def write_numbered_docx(text: str, path: Path) -> Path:
    """Numbered headings typed by Word itself: the 一、/（一）/（1）/1. text removed, a multilevel list instead."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from auditor.parsing import heading_style
    from auditor.textnorm import normalize

    document = docx.Document()
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                     f"</w:lvl>" for i, (fmt, text) in enumerate(LIST_LEVELS))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for line in text.split("\n"):
        found = heading_style(normalize(line.strip()))
        if found is None or found[0] not in STYLE_LEVEL:
            document.add_paragraph(line)
            continue
        paragraph = document.add_paragraph(line.strip()[found[2]:])
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{STYLE_LEVEL[found[0]]}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return path


def write_ofd(text: str, path: Path, width: int = 30, per_char: bool = False, footer: bool = False) -> Path:
    """An OFD (GB/T 33190) of the text wrapped at `width` characters on A4 pages, 5 mm type.

    Written part by part as the standard lays it out (OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml).
    `per_char` puts every character in a text object of its own, placed through a CTM, as PDF-to-OFD
    converters do; `footer` adds "- N -" page numbers at the foot of each page.
    """
    import zipfile
    from xml.sax.saxutils import escape

    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    size, pitch, top, bottom, left = 5.0, 8.0, 30.0, 270.0, 25.0
    pages: list[list[tuple[float, float, str]]] = [[]]
    y = top
    for line in text.split("\n"):
        while True:
            pages[-1].append((left, y, line[:width]))
            y += pitch
            line = line[width:]
            if y > bottom:
                pages.append([])
                y = top
            if not line:
                break
    ids = iter(range(1000, 10**7))

    def objects(x: float, base: float, chunk: str) -> str:
        if not chunk:
            return ""
        if not per_char:
            delta = f' DeltaX="g {len(chunk) - 1} {size}"' if len(chunk) > 1 else ""
            return (f'<ofd:TextObject ID="{next(ids)}" Boundary="{x} {base - size} {size * len(chunk)} {size * 1.5}" '
                    f'Font="1" Size="{size}"><ofd:TextCode X="0" Y="{size}"{delta}>{escape(chunk)}</ofd:TextCode>'
                    "</ofd:TextObject>")
        scale = 0.5  # the converter's units: coordinates and size twice as large, scaled back by the CTM
        return "".join(
            f'<ofd:TextObject ID="{next(ids)}" CTM="{scale} 0 0 {scale} 0 0" '
            f'Boundary="{x + i * size} {base - size} {size} {size * 1.5}" Font="1" Size="{size / scale}">'
            f'<ofd:TextCode X="0" Y="{size / scale}">{escape(char)}</ofd:TextCode></ofd:TextObject>'
            for i, char in enumerate(chunk))

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD">'
                         "<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
                         "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        listing = "".join(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
        archive.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}>'
                         "<ofd:CommonData><ofd:MaxUnitID>10000000</ofd:MaxUnitID><ofd:PageArea>"
                         "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
                         f"<ofd:Pages>{listing}</ofd:Pages></ofd:Document>")
        for n, lines in enumerate(pages):
            body = "".join(objects(x, base, chunk) for x, base, chunk in lines)
            if footer:
                body += objects(100.0, 285.0, f"- {n + 1} -")
            archive.writestr(f"Doc_0/Pages/Page_{n}/Content.xml",
                             f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
                             f'<ofd:Layer ID="{next(ids)}">{body}</ofd:Layer></ofd:Content></ofd:Page>')
    return path


# The fields every rule needs, for tests that write a rule file of their own (the check follows).
RULE_FIELDS = """  title: 测试规则
  severity: error
  weight: 1
  basis: 测试依据
  message: 未报告述法情况
  suggestion: 写明述法情况
  examples: {pass: [开展述法], fail: [领导班子带头学法]}
"""


class OleStreams:
    """Just enough of an OLE container for the .doc reader: named streams."""

    def __init__(self, streams: dict[str, bytes]) -> None:
        self.streams = streams

    def exists(self, name: str) -> bool:
        return name in self.streams

    def openstream(self, name: str):  # -> a file-like object
        import io

        return io.BytesIO(self.streams[name])


def old_subtract(ranges, cut):
    """engine.subtract as it was: each cut taken out of every range in turn."""
    out = list(ranges)
    for lo, hi in cut:
        nxt = []
        for a, b in out:
            if hi <= a or b <= lo:
                nxt.append((a, b))
                continue
            if a < lo:
                nxt.append((a, lo))
            if hi < b:
                nxt.append((hi, b))
        out = nxt
    return tuple(out)
