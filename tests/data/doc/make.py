"""Makes the old binary Word files (.doc) the loading tests read: python-docx writes a .docx, LibreOffice
(`apt install libreoffice-writer-nogui`) saves it as Word 97–2003. Run from the repository root:

    python tests/data/doc/make.py

The files are kept in the repository because CI has no LibreOffice; each is a few tens of KB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from docx import Document  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from tests.conftest import seed  # noqa: E402
from tests.makers import write_docx, write_numbered_docx  # noqa: E402


def _wrapped(tag: str, attributes: dict[str, str], text_tag: str, text: str):  # -> an lxml element
    """<tag …><w:r><text_tag>text</text_tag></w:r></tag>: a tracked deletion, a simple field."""
    outer, run, inner = OxmlElement(tag), OxmlElement("w:r"), OxmlElement(text_tag)
    for key, value in attributes.items():
        outer.set(qn(key), value)
    inner.text = text
    run.append(inner)
    outer.append(run)
    return outer


def features(path: Path) -> None:
    """Tracked deletion, hidden text, a manual line break, a table, a PAGE field, Latin letters and digits."""
    doc = Document()
    doc.add_paragraph("关于2023年度法治政府建设情况的报告")
    doc.add_paragraph("一、主要举措和成效")
    doc.add_paragraph("全年开展普法宣传12场次，覆盖群众3000人次（ABC test 2023）。")
    para = doc.add_paragraph("保留文字")
    para._p.append(_wrapped("w:del", {"w:id": "1", "w:author": "x", "w:date": "2024-01-01T00:00:00Z"},
                            "w:delText", "已删除的文字"))
    para.add_run("继续")
    para = doc.add_paragraph("可见")
    para.add_run("隐藏的文字").font.hidden = True
    para.add_run("结束")
    para = doc.add_paragraph("第一行")
    para.add_run().add_break()
    para.add_run("第二行")
    table = doc.add_table(rows=2, cols=2)
    for (row, col), value in {(0, 0): "项目", (0, 1): "数量", (1, 0): "普法讲座", (1, 1): "12场"}.items():
        table.cell(row, col).text = value
    para = doc.add_paragraph("页码：")
    para._p.append(_wrapped("w:fldSimple", {"w:instr": "PAGE"}, "w:t", "1"))
    doc.add_paragraph("二〇二四年一月十五日")
    doc.save(path)


def latin(path: Path) -> None:
    """Only Western characters: Word keeps such text 8-bit (cp1252) in the file."""
    doc = Document()
    for line in ("Annual report 2023", "Section 1: measures taken", "Caf\u00e9 \u2013 12 events, 3000 people"):
        doc.add_paragraph(line)
    doc.save(path)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text = seed("002").read_text(encoding="utf-8")
        write_docx(text, folder / "seed002.docx")
        write_numbered_docx(text, folder / "numbered.docx")  # 一、（一）… drawn by Word's automatic numbering
        write_docx("关于2023年法治政府建设情况的报告\n主要举措和成效\n全年开展普法宣传12场次。\n存在的问题\n执法人员不足。",
                   folder / "headings.docx", headings={"主要举措和成效": 1, "存在的问题": 2})
        features(folder / "features.docx")
        latin(folder / "latin.docx")
        subprocess.run(["soffice", "--headless", "--convert-to", "doc", "--outdir", str(HERE),
                        *(str(folder / f"{name}.docx") for name in ("seed002", "numbered", "headings", "features", "latin"))],
                       check=True, capture_output=True)


if __name__ == "__main__":
    main()
