"""Property tests: no input makes loading or parsing raise (other than InputError), audits are stable and bounded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import terms, textnorm
from auditor.checks import punctuation
from auditor.errors import InputError
from auditor.loading import load
from auditor.loading.text import clean_lines
from auditor.model import Source
from auditor.parsing import parse_document
from auditor.pipeline import audit_text
from tests.conftest import seed
from tests.makers import write_docx, write_pdf

TEXT = seed("002").read_text(encoding="utf-8")
LINES = TEXT.split("\n")
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like a report: numbering, punctuation, dates and the domain's words, mixed with anything.
REPORTISH = st.lists(
    st.one_of(
        st.sampled_from(LINES),
        st.sampled_from(["一、", "（二）", "3.", "（4）", "①", "报告", "述法", "2023年12月31日", "。", "：", "\t", " "]),
        st.text(max_size=40),
    ),
    max_size=30,
).map("\n".join)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    write_docx(TEXT, folder / "seed.docx")
    write_pdf(TEXT, folder / "seed.pdf")
    return folder


def _load_bytes(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"sample{suffix}"
    path.write_bytes(data)
    try:
        source = load(str(path))
    except InputError as exc:
        assert str(exc)  # a reason for the user, never an empty message
        return
    assert source.text.strip()
    parse_document(source)


@FAST
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".md", ".docx", ".pdf", ".html", ".doc"]))
def test_loading_arbitrary_bytes_never_raises(workdir, data, suffix):
    _load_bytes(workdir, suffix, data)


@FAST
@given(suffix=st.sampled_from([".docx", ".pdf"]), cut=st.integers(min_value=0), flips=st.lists(
    st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=8))
def test_damaged_docx_and_pdf_never_raise(workdir, suffix, cut, flips):
    data = bytearray((workdir / f"seed{suffix}").read_bytes())
    for at, value in flips:
        data[at % len(data)] = value
    _load_bytes(workdir, suffix, bytes(data[: len(data) - cut % len(data)]))


@FAST
@given(text=st.one_of(st.text(), REPORTISH))
def test_parsing_arbitrary_text_never_raises(text):
    doc = parse_document(Source(path="<fuzz>", text=clean_lines(text)))
    assert len(doc.lines) == len(doc.line_starts)
    for section in doc.walk():
        assert 1 <= section.line <= section.end_line <= len(doc.lines)


@FAST
@given(text=REPORTISH)
def test_audit_is_deterministic_and_score_bounded(ruleset, text):
    first, second = audit_text(text, ruleset), audit_text(text, ruleset)
    assert first.results == second.results
    assert first.scorecard == second.scorecard
    assert 0 <= first.scorecard.score <= 100


@FAST
@given(index=st.integers(min_value=0, max_value=len(LINES) - 1))
def test_removing_any_line_never_raises(ruleset, index):
    audit = audit_text("\n".join(LINES[:index] + LINES[index + 1:]), ruleset)
    assert 0 <= audit.scorecard.score <= 100
    assert len(audit.results) == len(ruleset.rules)


_CHANGED = sorted(chr(k) for k in textnorm._table())  # every character the matching form changes


@given(st.lists(st.one_of(st.sampled_from(LINES), st.sampled_from(_CHANGED), st.text(max_size=20)), max_size=40)
       .map("".join))
@FAST
def test_normalize_equals_the_plain_translation(text):
    """normalize() replaces only the characters it finds; the result is the whole-table translation's."""
    expected = textnorm._CJK_COLON.sub(lambda m: textnorm._HALF_TO_FULL[m.group()], text.translate(textnorm._table()))
    assert textnorm.normalize(text) == expected
    assert len(textnorm.normalize(text)) == len(text)


_LIST_MARK = re.compile(r"(?:^|(?<=[。；;，,：:\s]))\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[A-Za-z])）")


@given(st.text(alphabet="一二三十四1２3a Z\t\u3000。；;，,：:（）、的x", max_size=24))
@settings(max_examples=400, deadline=None)
def test_list_number_check_equals_the_pattern(text):
    """The backwards check for 一）/12）/a） list numbers agrees with the pattern tried at every position."""
    ends = {m.end() - 1 for m in _LIST_MARK.finditer(text)}
    assert {i for i, c in enumerate(text) if c == "）" and punctuation._closes_list_number(text, i)} == ends


_BLOCKS = sorted({m.group() for m in terms._BLOCK.finditer(textnorm.normalize(TEXT))})


@given(st.lists(st.one_of(st.sampled_from(_BLOCKS), st.text(alphabet="".join(set("".join(_BLOCKS))) + "aZ09+#&._%-",
                                                            min_size=1, max_size=6)), min_size=1, max_size=6)
       .map("".join).filter(lambda text: terms._BLOCK.fullmatch(text) is not None))
@settings(max_examples=300, deadline=None)
def test_cut_offsets_equal_jiebas_own_cut(ruleset, block):
    """The one-pass cut gives exactly the word ends of jieba.cut(block, HMM=False)."""
    tok = terms.tokenizer(ruleset.terms)
    ends, at = [], 0
    for word in tok.cut(block, HMM=False):
        at += len(word)
        ends.append(at)
    assert terms.cut_offsets(block, tok.FREQ, tok.total) == ends


def test_cut_offsets_break_ties_like_jieba():
    """Equal scores go to the longer word, as jieba's max over (score, end) does: 甲乙 whole, not 甲|乙."""
    import jieba

    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = {"甲": 2, "乙": 2, "甲乙": 1}, 4, True  # log 1/4 == 2 · log 2/4
    assert [len(w) for w in tok.cut("甲乙", HMM=False)] == [2]
    assert terms.cut_offsets("甲乙", tok.FREQ, tok.total) == [2]
