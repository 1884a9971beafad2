"""Parsing: titles over several lines, headings at each level, 落款 and dates, year, issuer and level."""

from __future__ import annotations

import csv

import pytest

from auditor.loading import load
from auditor.model import Source
from auditor.parsing import parse_document
from auditor.textnorm import normalize, squeeze
from tests.conftest import CORPUS, seed


def parse(text: str, **kw):
    return parse_document(Source(path="t.txt", text=text), **kw)


SEED_META = {
    # prefix: (title, year, issuer, level, date, doc number, addressee)
    "000": ("重庆市万州区太龙镇人民政府关于2022年度法治政府建设情况的报告", 2022, "重庆市万州区太龙镇人民政府",
            "township", None, None, None),
    "001": ("黄水镇2020年度法治政府建设工作开展情况报告", 2020, "黄水镇", "township", None, None, None),
    "002": ("中共丰都县青龙乡委员会丰都县青龙乡人民政府关于青龙乡2023年法治政府建设情况的报告", 2023,
            "中共丰都县青龙乡委员会、丰都县青龙乡人民政府", "township", None, "青龙委文〔2024〕7号", "依法治县办"),
    "003": ("贤庠镇人民政府关于2022年度法治政府建设情况的报告", 2022, "象山县贤庠镇人民政府", "township",
            "2023-02-21", None, None),
    "004": ("尚屯镇2023年法治政府建设工作总结", 2023, "尚屯镇人民政府", "township", "2023-11", None, None),
}


@pytest.mark.parametrize("prefix", sorted(SEED_META))
def test_seed_metadata(prefix):
    doc = parse_document(load(str(seed(prefix))))
    title, year, issuer, level, date, number, addressee = SEED_META[prefix]
    meta = doc.meta
    assert (doc.title, meta.year, meta.issuer, meta.level) == (title, year, issuer, level)
    assert (meta.date, meta.doc_number, meta.addressee) == (date, number, addressee)


SEED_TOP_HEADINGS = {
    "000": ["一", "二", "三", "四"],
    "001": ["一", "二", "三", "四"],
    "002": ["一", "二", "三", "四"],
    "003": ["一", "二", "三", "四", "五"],
    "004": ["一", "二", "三"],
}


@pytest.mark.parametrize("prefix", sorted(SEED_TOP_HEADINGS))
def test_seed_sections(prefix):
    doc = parse_document(load(str(seed(prefix))))
    assert [s.number for s in doc.sections] == SEED_TOP_HEADINGS[prefix]
    for section in doc.walk():
        assert section.line <= section.end_line
        assert doc.lines[section.line - 1].strip().lstrip("（(").startswith(section.number)


def test_two_line_title_with_spaced_characters_and_doc_number():
    doc = parse("青龙委文〔2024〕7号\n\n中共丰都县青龙乡委员会\n丰都县青龙乡人民政府\n关于青龙乡2023年法治政府建设情况的\n报  告\n\n"
                "依法治县办：\n2023年，我乡扎实推进法治政府建设。\n一、主要举措和成效\n（一）加强领导。")
    assert doc.title == "中共丰都县青龙乡委员会丰都县青龙乡人民政府关于青龙乡2023年法治政府建设情况的报告"
    assert doc.title_lines == (3, 4, 5, 6)
    assert doc.meta.doc_number == "青龙委文〔2024〕7号" and doc.meta.addressee == "依法治县办"
    assert doc.body_start == 9


def test_title_split_by_a_blank_line():
    doc = parse("黄水镇2020年度法治政府建设工作开展\n\n情况报告\n根据通知精神，现将情况报告如下：")
    assert doc.title == "黄水镇2020年度法治政府建设工作开展情况报告"


def test_heading_levels_by_nesting_with_half_width_forms():
    doc = parse("标题报告\n一、主要举措和成效\n(一)加强领导。正文\n1、制定方案。\n2.落实责任\n（1）细化\n(二)强化执法\n二、存在的不足\n三.下一步")
    tree = [(s.number, s.level) for s in doc.walk()]
    assert tree == [("一", 1), ("一", 2), ("1", 3), ("2", 3), ("1", 4), ("二", 2), ("二", 1), ("三", 1)]
    assert doc.sections[0].children[0].heading == "加强领导"
    assert doc.sections[0].end_line == 7


def test_numbers_that_are_not_headings():
    doc = parse("报告\n4.15国家安全教育日开展宣传。\n2023年全年开展活动。\n一是加强学习。")
    assert list(doc.walk()) == []


@pytest.mark.parametrize("line, iso", [
    ("2023年2月21日", "2023-02-21"),
    ("二〇二三年二月二十一日", "2023-02-21"),
    ("2023年12月", "2023-12"),
    ("（2023年11月）", "2023-11"),
    ("2024-01-05", "2024-01-05"),
    ("2024.1.5", "2024-01-05"),
    ("２０２４年３月１日", "2024-03-01"),
])
def test_signature_dates_in_any_common_form(line, iso):
    doc = parse(f"关于2023年法治政府建设情况的报告\n一、主要举措和成效\n开展普法。\n\n某某镇人民政府\n{line}")
    assert doc.meta.date == iso
    assert doc.meta.signature == "某某镇人民政府"


def test_year_from_body_then_from_date():
    assert parse("2021年，我镇坚持依法行政。\n一、主要举措").meta.year == 2021
    assert parse("根据《纲要(2021—2025年)》要求，现报告如下。\n一、2023年总体情况\n").meta.year == 2023
    assert parse("我镇坚持依法行政。\n\n某镇人民政府\n2024年3月1日").meta.year == 2023


def test_overrides():
    doc = parse("黄水镇2020年度法治政府建设情况报告\n正文。", year=2021, level="county")
    assert (doc.meta.year, doc.meta.year_source, doc.meta.level, doc.meta.level_source) == (2021, "override", "county", "override")


@pytest.mark.parametrize("name, level", [
    ("重庆市万州区太龙镇人民政府", "township"), ("汉中市汉台区七里街道办事处", "township"),
    ("中共丰都县青龙乡委员会", "township"), ("静海区", "county"), ("石柱土家族自治县人民政府", "county"),
    ("许昌市人民政府", "city"), ("广东省人民政府", "province"), ("北京市", "province"),
    ("新疆维吾尔自治区人民政府", "province"), ("许昌市生态环境局", "department"), ("司法部", "department"),
    ("市中区人力资源和社会保障局", "department"),
])
def test_level_from_issuer(name, level):
    from auditor.metadata import level_of

    assert level_of(name) == level


def _manifest():
    with (CORPUS / "manifest.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


# Known misses in the development corpus, with the reason (kept short and honest).
CORPUS_KNOWN = {
    ("021.txt", "issuer"): "title says only 省人民政府; the province is named later in the body",
    ("027.txt", "title"): "machine-garbled page: title glued to the body on one line",
    ("027.txt", "issuer"): "machine-garbled page: no issuer line",
}


@pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus-dev not beside the checkout")
@pytest.mark.parametrize("row", _manifest() if CORPUS.exists() else [], ids=lambda r: r["file"])
def test_corpus_metadata(row):
    doc = parse_document(load(str(CORPUS / row["file"])))
    got = {
        "title": squeeze(normalize(doc.title)) == squeeze(normalize(row["title"])),
        "year": str(doc.meta.year) == row["report_year"],
        "issuer": not row["issuer"] or row["issuer"] in (doc.meta.issuer or ""),
        "level": doc.meta.level == row["level"],
    }
    misses = [k for k, ok in got.items() if not ok and (row["file"], k) not in CORPUS_KNOWN]
    assert not misses, f"{row['file']}: {misses} title={doc.title!r} meta={doc.meta}"


@pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus-dev not beside the checkout")
def test_corpus_first_headings():
    """The first top-level heading of each labelled opening is found (where the page kept numbering)."""
    for row in _manifest():
        first = row["headings"].split(" | ")[0]
        if not first.startswith(("一、", "一.")) or (row["file"], "title") in CORPUS_KNOWN:
            continue
        doc = parse_document(load(str(CORPUS / row["file"])))
        assert doc.sections, row["file"]
        assert squeeze(normalize(first[2:])).startswith(squeeze(normalize(doc.sections[0].heading))[:8]), row["file"]
