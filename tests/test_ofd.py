"""OFD reports (GB/T 33190): text objects placed directly or through a CTM, page numbers dropped; a damaged
or text-less OFD is one clear error. (The same audit as the .txt seed is checked in test_formats.)"""

from __future__ import annotations

import zipfile

import pytest

from auditor.errors import InputError
from auditor.loading import load
from tests.makers import write_ofd

TEXT = "关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年开展普法宣传12场次，覆盖群众3000人次，发放资料2000余份，解答群众咨询300余人次。\n二、存在的不足"


@pytest.mark.parametrize("per_char", [False, True])
def test_ofd_text_in_reading_order_with_page_locations(tmp_path, per_char):
    source = load(str(write_ofd(TEXT, tmp_path / "r.ofd", width=20, per_char=per_char, footer=True)))
    assert source.format == "ofd"
    assert source.text.split("\n") == TEXT.split("\n")  # the wrapped line is joined back, "- 1 -" dropped
    assert source.locations == ("第1页第1行", "第1页第2行", "第1页第3行", "第1页第6行")


def test_entities_are_not_expanded(tmp_path):
    """An entity "bomb" (billion laughs) in a page is not expanded: the page reads without it."""
    good = write_ofd(TEXT, tmp_path / "good.ofd")
    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    page = parts["Doc_0/Pages/Page_0/Content.xml"].replace('<?xml version="1.0" encoding="UTF-8"?>', bomb)
    path = _zip(tmp_path / "bomb.ofd", {**parts, "Doc_0/Pages/Page_0/Content.xml": page.replace(">关于", ">&c;关于", 1)})
    text = load(str(path)).text
    assert "aaaa" not in text and "主要举措和成效" in text


def test_page_locations_written_from_the_package_root_are_found(tmp_path):
    good = write_ofd(TEXT, tmp_path / "good.ofd")
    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    parts["Doc_0/Document.xml"] = parts["Doc_0/Document.xml"].replace('BaseLoc="Pages/', 'BaseLoc="Doc_0/Pages/')
    assert load(str(_zip(tmp_path / "root.ofd", parts))).text == load(str(good)).text


def _zip(path, parts: dict[str, str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return path


@pytest.mark.parametrize(("case", "expected"), [
    ("not_zip", "不是有效的 .ofd"),
    ("no_root", "不是有效的 .ofd"),
    ("bad_xml", "不是有效的 .ofd"),
    ("no_text", "没有文字"),
])
def test_unreadable_ofd_is_one_clear_error(tmp_path, case, expected):
    path = tmp_path / f"{case}.ofd"
    good = write_ofd(TEXT, tmp_path / "good.ofd")
    with zipfile.ZipFile(good) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    if case == "not_zip":
        path.write_bytes(b"%PDF-1.7 not an ofd")
    elif case == "no_root":
        _zip(path, {k: v for k, v in parts.items() if k != "OFD.xml"})
    elif case == "bad_xml":
        _zip(path, {**parts, "Doc_0/Document.xml": "<ofd:Document"})
    else:
        _zip(path, {**parts, "Doc_0/Pages/Page_0/Content.xml": '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>'})
    with pytest.raises(InputError, match=expected):
        load(str(path))
