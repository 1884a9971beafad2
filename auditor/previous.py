"""After score, across years: pair each report with its body's report of last year, and compare the two.

Pairs are made by issuer (the body's name with 中共…委员会 / 人民政府 and the like taken off); for each pair
the comparison says how much of this year's text is last year's, which 不足 come back, which of last
year's plans have no follow-up in this year's reported work, and how the score and each rule changed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from auditor.compare import Comparison, compare
from auditor.model import Audit, Document
from auditor.overlap import Sentence, YearCopy, sentence_key, sentences, year_copy
from auditor.parts import PartFinder
from auditor.schema import RuleSet

# --- pairing --------------------------------------------------------------------------------------------

_SPLIT = re.compile(r"[、，,；;\s]+")
_PARTY = re.compile(r"^(?:中国共产党|中共)")
_SUFFIX = re.compile(r"(?:党工委|党委|委员会|人民政府|政府|街道办事处|办事处|管理委员会|管委会)$")
_TITLE_NOISE = re.compile(r"0年度?|关于|的|年度|报告|情况|工作")


@dataclass(frozen=True)
class Entry:
    """A report as the pairing sees it."""

    index: int
    path: str
    issuer: str | None
    title: str
    year: int | None


def body_names(issuer: str | None) -> frozenset[str]:
    """The body's names without party/government suffixes: 中共丰都县青龙乡委员会、丰都县青龙乡人民政府 → 丰都县青龙乡."""
    if not issuer:
        return frozenset()
    names = set()
    for part in _SPLIT.split(issuer):
        core = _SUFFIX.sub("", _PARTY.sub("", part.strip()))
        if len(core) >= 2:
            names.add(core)
    return frozenset(names)


def body_key(issuer: str | None, fallback: str) -> str:
    """One string naming the body (the batch comparison's unit); `fallback` when the issuer is unknown."""
    names = body_names(issuer)
    return "|".join(sorted(names)) if names else fallback


def _title_key(title: str) -> str:
    key = _TITLE_NOISE.sub("", sentence_key(title))
    return key if len(key) >= 6 else ""


def _strong(a: Entry, b: Entry) -> bool:
    names_a, names_b = body_names(a.issuer), body_names(b.issuer)
    if names_a and names_b:
        return bool(names_a & names_b)
    return not names_a and not names_b and bool(_title_key(a.title)) and _title_key(a.title) == _title_key(b.title)


def _weak(a: Entry, b: Entry) -> bool:
    """One name ends with the other: 太龙镇 and 重庆市万州区太龙镇, 司法局 and 丰都县司法局."""
    return any(x != y and (x.endswith(y) or y.endswith(x))
               for x in body_names(a.issuer) for y in body_names(b.issuer))


@dataclass(frozen=True)
class Pairing:
    """Which previous report each current report is paired with, and what stayed unpaired and why."""

    pairs: tuple[tuple[int, int], ...]  # (current index, previous index)
    unpaired: tuple[tuple[int, str], ...]  # (current index, reason)
    unused: tuple[int, ...]  # previous reports no current report was paired with


def pair(current: Sequence[Entry], previous: Sequence[Entry]) -> Pairing:
    """Pair by issuer: the same name, else a name that ends with the other when that is unique both ways;
    among several, last year's (report year one less); more than one left is listed, never guessed."""
    pairs, unpaired = [], []
    for entry in current:
        older = [p for p in previous if p.year is None or entry.year is None or p.year < entry.year]
        found = [p for p in older if _strong(entry, p)]
        if not found:
            weak = [p for p in older if _weak(entry, p)]
            found = [p for p in weak if sum(_weak(c, p) or _strong(c, p) for c in current) == 1]
        if len(found) > 1 and entry.year is not None:
            found = [p for p in found if p.year == entry.year - 1] or found
        if len(found) > 1:  # the latest year wins only when it is one report
            latest = max((p.year or 0) for p in found)
            found = [p for p in found if (p.year or 0) == latest]
        if len(found) == 1:
            pairs.append((entry.index, found[0].index))
        elif found:
            unpaired.append((entry.index, "上年报告不止一份：" + "、".join(p.path for p in found)))
        elif not body_names(entry.issuer) and not _title_key(entry.title):
            unpaired.append((entry.index, "未识别发文机关"))
        else:
            unpaired.append((entry.index, "未找到同一发文机关的上年报告"))
    used = {p for _, p in pairs}
    return Pairing(tuple(pairs), tuple(unpaired), tuple(p.index for p in previous if p.index not in used))


# --- the items of a part (不足, 下一年度安排) ----------------------------------------------------------

_MARK_START = re.compile(r"^\s*(?:（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+[是要、]|\d+[.．、]|第[一二三四五六七八九十]+[，、])")
_MARK_INSIDE = re.compile(r"(?<=[。；：，])\s*(?=[一二三四五六七八九十]+是|（[一二三四五六七八九十\d]+）|\d+[.．、](?!\d))")
_INTRO = re.compile(r"(表现在|如下|以下|几个方面|主要有|存在.{0,6}(问题|不足))[：:]?$")


@dataclass(frozen=True)
class Item:
    """One numbered point of a part: a 不足, a plan."""

    line: int
    where: str
    text: str


def part_items(doc: Document, finder: PartFinder, name: str) -> list[Item]:
    """The points of the part `name`: split at 一是/（一）/1. marks; unmarked lines dropped when others are
    marked (a part's opening sentence is not a point of its own)."""
    part = finder.find(name)
    if part is None:
        return []
    found: list[tuple[Item, bool]] = []
    for first, last in part.lines:
        start = first + 1 if part.how == "heading" else first
        for number in range(start, last + 1):
            for piece in _MARK_INSIDE.split(doc.lines[number - 1]):
                text = piece.strip()
                if len(sentence_key(text)) < 8 or _INTRO.search(text.rstrip("。")):
                    continue
                found.append((Item(number, doc.where(number), text), bool(_MARK_START.match(text))))
    if any(marked for _, marked in found):
        return [item for item, marked in found if marked]
    return [item for item, _ in found]


# --- 不足 repeated ---------------------------------------------------------------------------------------

REPEAT = 0.5  # Dice similarity of two 不足 (character pairs of the point's first sentence, or its whole text)


def _pairs_of(text: str) -> set[str]:
    key = sentence_key(text)
    return {key[i:i + 2] for i in range(len(key) - 1)}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _headline(text: str) -> str:
    return re.split(r"[。；]", text, maxsplit=1)[0]


@dataclass(frozen=True)
class Repeat:
    """A 不足 of this year that last year's report already named."""

    current: Item
    previous: Item
    similarity: float


def repeated(current: list[Item], previous: list[Item]) -> list[Repeat]:
    """Each of this year's 不足 most like one of last year's, when alike enough."""
    before = [(item, _pairs_of(_headline(item.text)), _pairs_of(item.text)) for item in previous]
    out = []
    for item in current:
        head, whole = _pairs_of(_headline(item.text)), _pairs_of(item.text)
        best = max(((max(_dice(head, h), _dice(whole, w)), p) for p, h, w in before), key=lambda t: t[0],
                   default=None)
        if best and best[0] >= REPEAT:
            out.append(Repeat(item, best[1], round(best[0], 2)))
    return out


# --- last year's plans and this year's work -------------------------------------------------------------

# Words every plan writes: they say nothing about which plan a sentence answers.
STOP = frozenset("""
进一步 加强 推进 持续 深入 全面 扎实 不断 切实 积极 认真 努力 着力 坚持 提高 提升 强化 完善 健全 推动 落实 开展
做好 抓好 工作 建设 法治 政府 法治政府 依法 我们 我镇 我乡 我局 我区 我县 我市 年度 重点 方面 能力 水平 机制 体系
进行 实现 确保 以及 继续 更加 大力 力度 各项 相关 有关 主要 重要 进一步加强 加大 深化 优化 规范 严格 有效 充分 通过
为主 为了 围绕 结合 按照 根据 今年 明年 下一步 全年 以来 同时 其中 目标 任务 举措 措施 要求 部署 贯彻 学习 思想 精神
党的 二十大 习近平 新时代 中国 特色 社会主义 指导 全镇 全乡 全县 全区 全市 干部 群众 社会 组织 单位 部门 领导 落到实处
""".split())
MOST_TERMS = 10
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class FollowUp:
    """One of last year's plans and the sentence of this year's reported work that answers it, if any."""

    plan: Item
    terms: tuple[str, ...]
    answer: Sentence | None
    matched: tuple[str, ...]


def plan_terms(text: str, cut) -> tuple[str, ...]:  # noqa: ANN001 - cut: a jieba Tokenizer's lcut
    """The plan's telling words: from its first two sentences, two or more Chinese characters, no stop words."""
    head = "。".join(re.split(r"[。；]", text)[:2])
    words = []
    for word in cut(head):
        if len(word) >= 2 and _HAN.fullmatch(word) and word not in STOP and word not in words:
            words.append(word)
    words.sort(key=len, reverse=True)
    return tuple(words[:MOST_TERMS])


def follow_ups(plans: list[Item], work: list[Sentence], cut) -> list[FollowUp]:  # noqa: ANN001
    """For each plan, the sentence of this year's work sharing most of its telling words (enough of them)."""
    out = []
    for plan in plans:
        terms = plan_terms(plan.text, cut)
        need = max(2, math.ceil(0.3 * len(terms)))
        best: tuple[int, Sentence | None, tuple[str, ...]] = (0, None, ())
        for sentence in work:
            hit = tuple(t for t in terms if t in sentence.text)
            if len(hit) > best[0]:
                best = (len(hit), sentence, hit)
        answered = best[0] >= need
        out.append(FollowUp(plan, terms, best[1] if answered else None, best[2] if answered else ()))
    return out


# --- one pair -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PairReport:
    """Last year beside this year for one body."""

    current: int  # index of this year's report in the run
    previous: int  # index of last year's report among the previous reports
    copy: YearCopy
    repeats: tuple[Repeat, ...]
    follow_ups: tuple[FollowUp, ...]
    changes: Comparison


def compare_pair(current_index: int, previous_index: int, current_doc: Document, previous_doc: Document,
                 current_audit: Audit, previous_audit: Audit, ruleset: RuleSet) -> PairReport:
    """Every comparison of one pair (the documents with their text; the audits for the rule changes)."""
    from auditor.engine import claims_of
    from auditor.terms import tokenizer

    sections = ruleset.settings.sections
    now, before = PartFinder(current_doc, sections), PartFinder(previous_doc, sections)
    copy = year_copy(sentences(current_doc), sentences(previous_doc))
    repeats = repeated(part_items(current_doc, now, "shortcomings"), part_items(previous_doc, before, "shortcomings"))
    left_out = set()
    for name in ("next-year", "shortcomings"):
        part = now.find(name)
        for first, last in part.lines if part else ():
            left_out.update(range(first, last + 1))
    lines = [n for n in range(current_doc.body_start, len(current_doc.lines) + 1) if n not in left_out]
    # Only work reported as done answers a promise (a plan restated in the 成效 part does not).
    claims = claims_of(current_doc, ruleset, now)
    counted = frozenset({"done", "past", "nil"})
    work = [s for s in sentences(current_doc, lines, min_key=6)
            if s.start < 0 or claims.verdict(s.start, s.start + max(1, len(s.text)), counted) is None]
    cut = tokenizer(ruleset.terms).lcut
    plans = follow_ups(part_items(previous_doc, before, "next-year"), work, cut)
    return PairReport(current_index, previous_index, copy, tuple(repeats), tuple(plans),
                      compare(previous_audit, current_audit))
