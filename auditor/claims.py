"""Step 3 of the pipeline (claims): a parsed report split into clauses, each tagged with its part, modality,
actor and figures, so that rules judge what the report says was done rather than which words it contains.

A requirement is met by a clause that reports work as done in the report year by the reporting body — not by
its words in a shortcoming, a plan, a negation, a demand from above or below, or a cited document title. The
cue words that decide a clause's modality are data (`claims:` in the pack's pack.yaml); this module is the
mechanism: one regular-expression pass per modality over the whole text, then each cue assigned to its clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, Callable, Iterator, NamedTuple

import regex

from auditor.checks.prefilter import finditer_near, leads, literal_test
from auditor.terms import ahocorasick_module
from auditor.model import Document
from auditor.patterns import Timed, compiled, for_year
from auditor.prescan import Prescan, prescan
from auditor.schema import ClaimSettings
from auditor.textnorm import normalize

# An item of a list that ends with its state in brackets (…编制（已完成）、): ends a clause too.
_STATUS_ITEM = re.compile(r"[（(](?:已|未|尚|正在|计划|拟|待|暂|进行|完成|推进|筹备|启动|谋划|筹划)[^（）()\n]{0,6}[）)]、")
_SUPERIOR_ASIDE = re.compile(r"(?<=[^\s，,；;。！？!?：:\n])[（(](?=(?:据|经|按照?|根据)?[省市州县区][\u4e00-\u9fff]{1,10}?"
                             r"(?:要求|部署|统计|通报|通知|下发|印发|安排)[^）)\n]{2,})")
# Clause ends: a clause is the text between two of these (a sentence's commas, semicolons and colons).
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]")
# The same, searched backwards from a position (regex's REVERSE): the start of the clause holding it.
_CLAUSE_END_BACK = regex.compile(r"[，,；;。！？!?：:\n]", regex.REVERSE)
# Sentence ends: a plan or a demand announced at a sentence's start reaches its later clauses.
_SENTENCE_END = frozenset("。！？!?；;\n")
_TITLE = re.compile(r"《[^《》\n]{1,80}》")
_FIGURE = regex.compile(
    r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|％|万元|元|人次|场次|件次|余人|余次|余件|余份|余场|次|场|件|人|名|个|项|份|条|户|本|期|家|处|起|天|小时)"
)

# Modality names and how a message names the reason a mention did not count.
MODALITIES = ("done", "past", "later", "nil", "planned", "negated", "problem", "demand", "others", "elsewhere", "quoted",
              "heading", "header")
REASONS = {
    "planned": "作为计划或打算提及",
    "negated": "以否定形式提及（尚未、未、没有……）",
    "problem": "作为存在的问题或不足提及",
    "demand": "作为上级或对下级的要求提及",
    "others": "作为其他单位或人员的工作提及（如听取他人述法）",
    "elsewhere": "作为其他单位之间、与本单位无关的工作提及（如人大检查其他部门）",
    "past": "作为报告年度以前的工作提及",
    "later": "作为报告年度以后才做的工作提及",
    "quoted": "仅出现在引用的文件名称或讲话原话中",
    "heading": "仅作为小标题出现，其下的正文没有报告相应工作",
    "header": "仅出现在报告标题中",
    "nil": "仅说明没有相关案件或事项",
    "done": "作为已完成的工作提及",
}
MODALITY_NAMES = {
    "done": "已完成的工作",
    "nil": "“全年无……案件”等零报告",
    "planned": "计划、打算",
    "negated": "否定（尚未、未开展）",
    "problem": "问题、不足",
    "demand": "上级要求、督促下级",
    "others": "他人的工作（听取他人述法等）",
    "elsewhere": "与本单位无关的他人工作（人大检查其他部门、邻镇的工作等）",
    "past": "报告年度以前的工作",
    "later": "报告年度以后才做的工作",
    "quoted": "文件标题或引述的讲话原话中的词",
    "heading": "只作名目的小标题（其下正文没有说到它）",
    "header": "报告标题",
}
# Parts whose every clause has a fixed modality, whatever its words: the next-year plans are plans, the
# shortcomings are problems.
PART_MODALITY = {"next-year": "planned", "shortcomings": "problem"}
PART_ORDER = ("next-year", "shortcomings", "first-duty", "other-matters", "measures")


class Claim(NamedTuple):
    """One clause of the report, tagged."""

    start: int  # offset in Document.text (same offsets in Document.norm)
    end: int
    line: int
    part: str  # the report part it lies in (measures, shortcomings, next-year …), "lead-in", "header" or ""
    modality: str  # one of MODALITIES
    cue: str  # the words that decided the modality ("" for done)
    actor: str  # self | superior | subordinate | "" (not said)
    figures: tuple[str, ...]


class Claims:
    """The clauses of one report in text order, with lookups by offset.

    Kept as parallel lists (a rule asks about a handful of hits; most clauses are never looked at); a Claim
    record is made only for the clauses asked about."""

    def __init__(self, norm: str, starts: list[int], lines: list[int], parts: list[str], modalities: list[str],
                 cues: list[str], titles: tuple[tuple[int, int, bool], ...],
                 actors: regex.Pattern[str], part_names: dict[str, str] | None = None) -> None:
        self._norm = norm
        self._starts, self._lines, self._parts, self._modalities, self._cues = starts, lines, parts, modalities, cues
        self._figures: dict[int, tuple[str, ...]] | None = None  # made when first asked for
        self._actors = actors
        self.part_names = part_names or {}
        self._titles = titles  # (start, end, own document) of each cited title
        self._title_starts = [t[0] for t in titles]

    def __len__(self) -> int:
        return len(self._starts)

    def claim(self, index: int) -> Claim:
        """The clause at position `index`, as a record."""
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._norm)
        who = self._actors.match(self._norm, start, end)
        if self._figures is None:
            self._figures = _figures(self._norm, self._starts)
        return Claim(start, end, self._lines[index], self._parts[index], self._modalities[index], self._cues[index],
                     (who.lastgroup or "") if who else "", self._figures.get(start, ()))

    @property
    def items(self) -> tuple[Claim, ...]:
        """Every clause, in text order."""
        return tuple(self.claim(i) for i in range(len(self._starts)))

    def at(self, offset: int) -> Claim | None:
        """The clause holding a character offset."""
        index = bisect_right(self._starts, offset) - 1
        return self.claim(index) if index >= 0 else None

    def _span(self, start: int, end: int) -> range:
        lo = max(0, bisect_right(self._starts, start) - 1)
        return range(lo, bisect_right(self._starts, max(start, end - 1)))

    def between(self, start: int, end: int) -> tuple[Claim, ...]:
        """Every clause that a span [start, end) touches."""
        return tuple(self.claim(i) for i in self._span(start, end))

    def quoted(self, start: int, end: int) -> bool:
        """Whether a span lies inside a cited document title that is not the body's own document."""
        index = bisect_right(self._title_starts, start) - 1
        if index < 0:
            return False
        lo, hi, own = self._titles[index]
        return lo <= start and end <= hi and not own

    def verdict(self, start: int, end: int, accept: frozenset[str]) -> str | None:
        """None when a hit at [start, end) counts under `accept`, else the modality that kept it out."""
        if "quoted" not in accept and self.quoted(start, end):
            return "quoted"
        modalities = self._modalities
        for index in self._span(start, end):
            if modalities[index] not in accept:
                return modalities[index]
        return None

    def admits_undone(self, start: int, end: int) -> bool:
        """Whether the hit at [start, end) sits in a shortcoming that says the work itself was not done
        (三项制度在我乡尚未真正落地; 仍有3个村未落实村法律顾问) — a report of the work elsewhere is then in doubt."""
        index = bisect_right(self._starts, start) - 1
        if index < 0 or self._parts[index] not in ("shortcomings", "next-year"):
            return False
        norm, starts = self._norm, self._starts
        if _RESOURCE_NAMED.match(norm, end):
            return False  # (没有组建普法志愿者队伍: a team, money or staff for the work lacking, not the work denied)
        end_at = starts[index + 1] if index + 1 < len(starts) else len(norm)
        lo = starts[index]
        if self._parts[index] == "next-year":
            # A plan to do it for the first time (2023年将首次组织局长述法; 力争实现出庭应诉零的突破) says it was not
            # done this year: the sentence, not the clause, is read (…首次组织局长开展年终述法，填补我局述法工作空白).
            sentence_start, sentence_end = _sentence_around(norm, starts, index)
            # (继续开展述法，首次邀请群众代表参加评议: the work goes on, only a part of it is new.)
            return bool(_FIRST_TIME.search(norm, sentence_start, sentence_end)) \
                and not _CONTINUED.search(norm, sentence_start, sentence_end)
        # (部分村（社区）未聘请法律顾问: some villages' lack, not a denial of the body's own work.)
        if _NOT_DONE.search(norm, lo, end_at) and not _SOME_UNITS.search(norm, lo, end_at) \
                and not _VILLAGE_HEADS.match(norm, lo, end_at):  # (村党组织书记述法尚未开展: the villages')
            return True
        # …or a later clause of its sentence that points back to it (…落实强化活动，这两项工作在我乡均未落实到位).
        while end_at < len(norm) and norm[end_at - 1] not in _SENTENCE_END:
            index += 1
            lo, end_at = end_at, starts[index + 1] if index + 1 < len(starts) else len(norm)
            if (_ANAPHOR.match(norm, lo, end_at) or _ALL_NOT.match(norm, lo, end_at)) \
                    and _NOT_DONE.search(norm, lo, end_at):
                return True
        return False

    def explain(self, start: int, end: int, accept: frozenset[str]) -> str | None:
        """Why a hit at [start, end) does not count, in words (作为计划提及 …), or None when it counts."""
        why = self.verdict(start, end, accept)
        if why is None:
            return None
        if why == "quoted":
            return REASONS["quoted"]
        claim = next(c for c in self.between(start, end) if c.modality == why)
        if claim.part in PART_MODALITY:
            return f"在“{self.part_names.get(claim.part, claim.part)}”部分提及"
        return REASONS[why] if not claim.cue else f"{REASONS[why].split('（')[0]}（“{claim.cue}”）"


@dataclass(frozen=True)
class Policy:
    """Which clauses can satisfy (or, for a forbid check, violate) a rule: the modalities that count."""

    accept: frozenset[str]

    @property
    def everything(self) -> bool:
        """True when every clause counts (no filtering)."""
        return self.accept >= frozenset(MODALITIES)

    def describe(self) -> str:
        """In words, for `auditor rules show` and the rule docs."""
        if self.everything:
            return "全文所有表述"
        counted = "、".join(MODALITY_NAMES[m] for m in MODALITIES if m in self.accept)
        left = "、".join(MODALITY_NAMES[m] for m in MODALITIES if m not in self.accept)
        return f"只计{counted}（不计{left}）"


EVERYTHING = Policy(frozenset(MODALITIES))


# A clause whose subject points back to those the clause before named (相关人员, 上述企业, 这些村).
_THOSE_NAMED = regex.compile(r"\s*(?:相关|上述|这些|该批?|前述)(?:人员|企业|单位|村|社区|公司|学校|医院|商户|经营户)")
# What a work's name can qualify: the people, money and means for it (普法志愿者队伍, 普法经费).
_RESOURCE_NAMED = regex.compile(r"(?:宣传)?(?:志愿者|队伍|经费|资金|阵地|人员|力量|专干|骨干|讲师|设备|车辆|专项)")


def prepare(doc: Document, settings: ClaimSettings) -> None:
    """Compile the claims step's patterns for this report's year before its time limit starts: compiling them
    (a second or more on a loaded machine, when no earlier run left them in the cache) is setup, not the
    report's work, and once done serves every report of that year."""
    global _audited
    _audited += 1
    _cue_scan(settings, doc.meta.year, _written_after(doc))
    if _audited > PRESCAN_AFTER:
        _gate(settings)  # (loaded, or compiled on a first run, outside the report's time limit too)
    _actors(settings)
    _unless(settings)
    _topic_words(settings)


# Reports a process audits before it loads the prescan (auditor.prescan): loading it costs some 35 ms (the library
# and its database), saved back at ~3 ms a report, so a single report or a handful runs every pattern (the
# answers are the same either way).
PRESCAN_AFTER = 8
_audited = 0


def _gate_now(settings: ClaimSettings) -> Prescan | None:
    """The prescan, once this process has audited more than PRESCAN_AFTER reports; else None."""
    return _gate(settings) if _audited > PRESCAN_AFTER else None


def _written_after(doc: Document) -> bool:
    """A report signed (2023年2月21日) or numbered (〔2023〕) in the year after the one it reports on: it calls
    that year 去年."""
    year = doc.meta.year
    return bool(year and ((doc.meta.date or "").startswith(f"{year + 1}-")
                          or f"〔{year + 1}〕" in (doc.meta.doc_number or "")))  # …or numbered 〔2024〕


_THIS_YEAR_TOO = regex.compile(r"今年|本年度")
_STILL_USING = regex.compile(r"(?:继续|持续|坚持|仍然|依旧|照常)(?:用好|使用|运用|利用|依托|借助|维护|发挥)[^，。；：\n]{0,4}"
                             r"(?:去年|前年|往年|(?:19|20)\d{2}\s*年)[^，。；：\n]{0,12}的")
_WHILE_WE = regex.compile(r"(?:时|期间|过程中)[，,]?\s*(?:我|本)(?:镇|乡|街道|局|委|办)|(?:时|期间)[，,]?\s*(?:镇|乡|街道|局|委)(?:里|政府|办事处)?(?=[^，。；：\n]{0,6}(?:按期|及时|依法|如期|认真|积极|提交|出庭|答复|配合))")
_SENTENCE_STOP = regex.compile(r"[。！？\n]")


def _sentence_end(norm: str, at: int) -> int:
    """Where the sentence holding offset `at` ends (its 。, or the line's end)."""
    stop = _SENTENCE_STOP.search(norm, at)
    return stop.end() if stop else len(norm)


def _only_dated(found: dict[str, str]) -> bool:
    """Whether a clause's only cue is the report year (本年度, also read as done: 镇长的本年度述法，…)."""
    return found.keys() <= {"this_year"} or found.keys() == {"this_year", "done"} and found["done"] == found["this_year"]


def _without(found: dict[str, str], kind: str, **instead: str) -> dict[str, str]:
    """A clause's cues with one kind dropped (and, given `instead`, others set in its place)."""
    return {**{k: v for k, v in found.items() if k != kind}, **instead}


def build_claims(doc: Document, part_of_line: list[str], settings: ClaimSettings,
                 part_names: dict[str, str] | None = None) -> Claims:
    """Split the report into clauses and tag each; `part_of_line[n]` names the part holding line n+1."""
    norm = doc.norm
    issuer, level = normalize(doc.meta.issuer or ""), doc.meta.level
    actors = _actors(settings)

    def superior_opens(at: int, end: int | None = None) -> bool:  # 县政府出台《…办法》: a superior's, not the body's own
        opener = actors.match(norm, at, len(norm) if end is None else end)
        return opener is not None and opener.lastgroup == "superior" and not _is_self(opener.group().strip(), issuer, level)

    def self_opens(opener: Any) -> bool:  # (县长 opens as the body's own only in a county's report)
        if opener is None or opener.lastgroup != "self":
            return False
        head = _PLACE_HEAD_OF.match(opener.group().strip())
        return head is None or head.group(1) in _LEVEL_HEADS.get(level or "", "")

    titles = tuple(_titles(norm, settings, _own_names(doc.meta.issuer), superior_opens))
    bounds = [0] + [m.end() for m in _CLAUSE_END.finditer(norm)]
    if "）、" in norm or ")、" in norm:
        # A list whose items carry their state in brackets (政务公开目录编制（已完成）、村级法律顾问选聘（计划中）、…):
        # each item is a clause of its own.
        bounds = sorted(set(bounds).union(m.end() for m in _STATUS_ITEM.finditer(norm)))
    if "（" in norm or "(" in norm:
        # An aside in brackets telling a superior's demand or count (…宣传教育工作（县普法办要求年底前完成“七五”普法总结
        # 验收，我镇的自查报告还在撰写）): a clause of its own, not the work it is set in.
        bounds = sorted(set(bounds).union(m.end() for m in _SUPERIOR_ASIDE.finditer(norm)))
    if bounds[-1] == len(norm) and len(bounds) > 1:
        bounds.pop()  # the text ends with a clause end: no empty clause after it
    year = doc.meta.year
    written_after = _written_after(doc)
    cues = _cues(norm, bounds, settings, year, titles, _open_spans(doc, part_of_line), written_after)
    unless = _unless(settings)
    line_starts, line = doc.line_starts, 1
    lines: list[int] = []
    parts: list[str] = []
    modalities: list[str] = []
    words: list[str] = []
    carry, carry_cue = "", ""  # a plan, demand or earlier year opening a sentence reaches its later clauses
    aside = False  # …set inside a bracket still open (…（据区司法局统计，全区共…），…): it ends with the bracket
    year_first = _year_first(year) if year else None
    dated_now = False  # the sentence so far names the report year (2023年8月，…已经…)
    done_now = False  # …and, among the plans, has reported work of the year done
    framing: list[int] = []  # clauses that frame the next one (针对…问题, 为推动…): they take its modality
    retro: list[int] = []  # clauses of this sentence under 原计划/原定: settled by how the sentence ends
    ended = ""  # what a later clause of the sentence says happened: done or negated
    sentence_start = 0  # index of the sentence's first clause
    previous_start = 0  # …and of the sentence before it
    complied: list[int] = []  # demands of this sentence a later clause said were met (see below)
    drafts: list[int] = []  # done clauses of this sentence about a draft (方案已起草, 已报县委): pending if…
    pending = ""  # …a later clause says it waits or was not done (有待审定, 待批复后实施, 尚未印发)
    demanded: list[int] = []  # demand clauses of this sentence: done if a later clause says the body met them
    uncued: set[int] = set()  # clauses no cue marked
    listing: tuple[str, str, int] | None = None  # a list after a colon: its lead's modality and cue, and where it ends
    ends = bounds[1:] + [len(norm)]
    for lo, hi in zip(bounds, ends):
        while line < len(line_starts) and line_starts[line] <= lo:
            line += 1
        part = part_of_line[line - 1] if line - 1 < len(part_of_line) else ""
        found = cues.get(lo, _NONE)
        if "others" in found and (_is_self(found["others"], issuer, level) or _WHILE_WE.search(norm, lo, hi)
                                  or "nil" in found and _ABOUT_US.search(norm, lo, hi) or _RESPONDENT.search(norm, lo, hi)):
            # 区人社局在区委、区政府正确领导下… in the 区人社局's own report; 区委 in a district's: the body itself.
            # 县政府审理时街道按期提交了答复书: the superior's step only sets the time; the body acts in the clause.
            # 县政府今年也没有收到针对我局的行政复议申请; 其中没有一件涉及我镇: the body's own nil, told by the superior.
            # 县政府审理的以我委为被申请人的复议案件2件: the body's own cases, heard by the superior.
            found = _without(found, "others")
        if "others" in found and "earlier" in found and "this_year" not in found \
                and _EARLIER_TIME.search(norm, lo, hi):
            # 县审计局2021年对我镇…开展审计 in a 2022 report: another's step, dated to an earlier year (not 对我镇2021年度
            # 财政收支开展审计, this year's audit of an earlier year's books).
            found = _without(found, "others")
        if "elsewhere" in found and any(_is_self(organ, issuer, level)
                                        for organ in _ORGAN.findall(found["elsewhere"]) + _GOVERNMENT.findall(found["elsewhere"])):
            # 县人大常委会对县市场监管局开展执法检查 in that bureau's own report: oversight of the body itself.
            found = _without(found, "elsewhere")
        if found.get("demand", "").endswith("经") and not _authority(norm, bounds[sentence_start], lo, unless,
                                                                      modalities[sentence_start:], superior_opens):
            # …须经法制审核员审核后方可决定: the body's own procedure, unless the sentence cites a demand (根据县委要求)
            found = _without(found, "demand")
        for cue_kind, (lifted_by, patterns) in unless.items() if found else ():
            # A demand acted on (按照…要求) or a problem dealt with (针对…不足): looked for only where needed.
            if cue_kind in found and any(p.search(norm, lo, hi) for p in patterns):
                found = {**found, lifted_by: "…"}
        if part == "next-year" and found.get("earlier") == "去年":
            # 巩固去年已在全镇推开的…: the plans speak from the next year, their 去年 is the report year.
            found = _without(found, "earlier", this_year="去年")
        if "earlier" in found and _STILL_USING.search(norm, lo, hi):
            # 继续用好前年搭建的线上线下政务平台: the year's use of what an earlier year built.
            found = _without(found, "earlier", done="用好")
        if written_after and part != "next-year" and found.get("this_year") == "去年" and _THIS_YEAR_TOO.search(norm, bounds[sentence_start], _sentence_end(norm, lo)):
            # 早在去年就搞过一轮，今年的精力主要放在…: set against 今年 in its sentence (before or after it), 去年 is the year before the
            # report year even in a report written after it (not among the plans, which speak from the next year).
            found = _without(found, "this_year", earlier="去年")
        if _FRAME.match(norm, lo, hi):
            # 针对…更新不及时问题，已逐条补录: the failing named is what the work dealt with; 为推动…出庭应诉，督促
            # 各乡镇…: the aim is what the clause after it does (or only demands); 但对照…的要求，…还没有落地: the
            # standard is met or missed as the clause after it says.
            found = {k: v for k, v in found.items() if k not in ("negated", "problem")}
            if part not in PART_MODALITY:
                framing.append(len(modalities))
        if "negated" in found and _DOUBLE_NEGATION.search(norm, lo, hi):
            # 没有一次不在公开栏公示结果; 重大处罚决定无一不经法制审核: every time, so done.
            found = _without(found, "negated")
        if carry in ("others", "elsewhere") and found and set(found) <= {"done", "this_year"} \
                and (_GOES_ON.match(norm, lo, hi) or _WHILE_THEY.search(norm, max(0, lo - 6), lo)
                     or not _FRAMED.match(norm, lo, hi)) \
                and not _opener(actors, norm, lo, hi):
            # 县发改局召开听证会，并委托第三方开展了风险评估: the same actor goes on, whatever it did.
            found = _NONE
        if carry in ("others", "elsewhere", "demand") and found and set(found) <= {"this_year"}:
            if not actors.search(norm, lo, min(hi, lo + 10)):
                # 县里要求…，今年重点抓…进村入户; 县应急管理局…逐户登记，7月暴雨当晚将…转移: a time with no subject of
                # its own goes on with the sentence's actor (今年已完成 turns to the body's work).
                found = _NONE
            elif self_opens(_opener(actors, norm, lo, hi)):
                # 区司法局要求各镇…，今年镇里与施工单位签合同前都请法律顾问把关: the body's own work of the year.
                carry, carry_cue = "", ""
        if carry in ("others", "elsewhere", "demand") and (not found or carry != "demand") \
                and self_opens(_opener(actors, norm, lo, hi)) \
                and not (carry == "demand" and _DEMAND_SAID.search(norm, max(0, lo - 4), lo)):
            # (县委主要领导到乡调研时要求，乡政府要自觉接受人大监督: the body named after 要求， is the demand's object)
            # 县委组织开展述法，我镇党委书记现场述法; …，7月暴雨当晚我镇将…转移: the body turns to its own work
            # (…为邻近的三建乡各村聘请了律师，我乡尚未跟进，本年度新增…: whatever it says of itself)
            carry, carry_cue = "", ""
        if carry == "elsewhere" and modalities and _VISITING.search(norm, bounds[len(modalities) - 1], lo) \
                and not _BACK_REF.match(norm, lo, hi):
            # 组织班子成员观摩了邻近的鹤浦镇党委书记年终述法，严格落实…: the body's own visit told, then its own work
            # (…到邻镇西黄村参观学习，该村今年被评为…: still the place visited).
            carry, carry_cue = "", ""
        if ended and carry_cue in _RETRO and _BUT.match(norm, lo, hi):
            # 原计划开展…演练，因汛期提前未能组织，但在7月强降雨中…转移群众312人: after the plan's fate, other work.
            carry, carry_cue = "", ""
        if carry == "planned" and not found and modalities and modalities[-1] == "planned" and _PUT_BY.search(
                norm, bounds[len(modalities) - 1], lo) and _BUT.match(norm, lo, hi):
            # …这两项都只能留待明年落实，但遇到与法治建设有关的重大问题都及时研究解决: what was put off, then in
            # contrast what was done.
            carry, carry_cue = "", ""
        if carry == "past" and _STILL_GOING.match(norm, lo, hi):
            # (早在2018年就把法治建设纳入了…计划，这几年一直照着办: what began then goes on to the report year)
            carry, carry_cue = "", ""
        if carry == "planned" and not found and (_NOW_SO.match(norm, lo, hi) or modalities and _HABIT.match(norm, lo, hi)
                                                 and _WORK_WILL.match(norm, bounds[len(modalities) - 1], lo)):
            # (计划明年组织…考试、持证上岗执法，目前做到执法过程全录像: what stands now; 法治建设拟于明年纳入…计划，遇到…
            # 重大问题都及时研究解决: the plan is that work's, the practice whenever it arises the body's)
            carry, carry_cue = "", ""
        if (carry == "past" or carry == "planned" and (carry_cue.startswith(("还在", "仍在", "正在")) or modalities
                                                       and _WORK_WILL.match(norm, bounds[len(modalities) - 1], lo))) \
                and not found and _ADVERB_VERB.match(norm, lo, hi):
            # (政府信息公开工作将按照规定逐步开展，主动接受各级部门、人大…的监督: the plan is that work's, its own
            # subject; the body's standing work follows)
            # (…政府信息公开的制度还在起草，拖着没办，主动接受各级部门、人大…的监督: work in hand, then other work)
            # (…相关制度也已在2021年制定，主动接受各级部门、人大…的监督: the next item of standing work, not the year)
            carry, carry_cue = "", ""
        if carry in ("demand", "others") and (them := _THOSE_NAMED.match(norm, lo, hi)):
            # 局里督促辖区各木材加工企业组织安全管理人员参加培训，相关人员均已持证上岗: those the demand named, not
            # the body's own people.
            found = {**found, "others": them.group().strip()}
        modality, cue = _modality(part, found, carry, carry_cue)
        if listing and lo < listing[2] and modality == "done" and not cue and part not in PART_MODALITY:
            # 执法方面拟从明年起做到：①执法公示…；②执法全过程记录…: the items of a list after a colon are what its
            # lead says of them (a plan, a demand, another body's steps), up to the end of the sentence.
            modality, cue = listing[0], listing[1]
        elif listing and lo >= listing[2]:
            listing = None
        if len(modalities) == sentence_start > previous_start and norm[lo - 1] in "？?" \
                and modalities[-1] == "negated" and _YES.fullmatch(norm, lo, hi):
            # 镇里有没有综合执法队伍？有。: a question answered yes reports what it asked about.
            for index in range(previous_start, sentence_start):
                if modalities[index] == "negated":
                    modalities[index], words[index] = "done", ""
        if len(modalities) == sentence_start > previous_start and norm[lo - 1] in "？?" \
                and modalities[-1] == "negated" and _NO.match(norm, lo, hi) \
                and _NIL_TOPIC.search(norm, bounds[previous_start], lo):
            # 今年群众有没有对镇里的决定申请行政复议？没有，…: a question on cases answered no is a nil report.
            for index in range(previous_start, sentence_start):
                if modalities[index] == "negated":
                    modalities[index], words[index] = "nil", words[index]
        dated_now = dated_now or "this_year" in found
        if part == "next-year" and dated_now and not _NOT_NOW.intersection(found) and (
                "done" in found or (done_now and not found)
                or len(modalities) == sentence_start and found.keys() == {"this_year"}
                and year_first is not None and year_first.match(norm, lo, hi) is not None):
            # 今年10月已在镇政务公开栏增设专区 among the plans: this year's work done, misplaced but reported; so is a
            # sentence opening with the report year's number and no plan's word (2022年，镇里组织12名执法人员参加考试)
            # (with the clauses after it that say nothing else: …已经风险评估，由乡党委会集体讨论决定).
            modality, cue, done_now = "done", "", True
        if part == "shortcomings" and _FACT_AMONG_PROBLEMS.search(norm, lo, hi):
            # 镇执法人员虽已全部持证上岗，但…; 为此，今年我镇已编制完成权责清单: a fact of the year among the problems.
            modality, cue = "done", ""
        if modality == "negated" and len(modalities) > sentence_start:
            # 选聘工作虽已列入年度计划，但至年底尚未实施 (…，但因任务重，全年未组织); 只印发了公示办法，没有公布过一条
            # 执法信息: the first step was taken, the work was not done.
            if _CONCEDED.match(norm, lo, hi) or _DENIED_FAR.match(norm, lo, hi) and any(
                    _BUT.match(norm, bounds[i], hi) for i in range(sentence_start + 1, len(modalities))):
                granted = next((i for i in range(len(modalities) - 1, sentence_start - 1, -1)
                                if _CONCESSION.search(norm, bounds[i], bounds[i + 1])), None)
                if granted is None and _RULE_SET.search(norm, bounds[sentence_start], bounds[sentence_start + 1]):
                    granted = sentence_start  # 会前学法制度已经修订印发，但…，实际一次也没有安排: the rule set, not kept
                if granted is None and (act := _DENIED_ACT.search(norm, lo, hi)):
                    # 述法材料已经成稿，但…推迟到次年举行，年内未能述法: the clause before the 但 that named the same
                    # work took only a step toward it.
                    turn = next((i for i in range(sentence_start + 1, len(modalities)) if _BUT.match(norm, bounds[i], hi)),
                                len(modalities))  # (this clause, when it opens with the 但)
                    if act.group(1) in norm[bounds[turn - 1]:bounds[turn]]:
                        granted = turn - 1
                if granted is not None and modalities[granted] in ("done", "past"):
                    # (…虽已于去年作了部署，但…仍没有推选出一名: the step of an earlier year did not become the work)
                    modalities[granted], words[granted] = "negated", cue
                for step in range(granted + 1, len(modalities)) if granted is not None else ():
                    # (…虽然多次强调要做好准备，并…把…情况逐项作了梳理，但…述法会议也没有开成: the steps the
                    # concession goes on to grant, up to its 但)
                    if _BUT.match(norm, bounds[step], hi):
                        break
                    if modalities[step] in ("done", "past") and not words[step] and _AND_ALSO.match(norm, bounds[step], hi):
                        modalities[step], words[step] = "negated", cue
            if modalities[-1] == "done" and (_UNFOLLOWED.match(norm, lo, hi) or _PUT_OFF.search(norm, lo, hi)) \
                    and _ON_PAPER.match(norm, bounds[len(modalities) - 1], lo):
                # (干部职工学法也只发了通知，集中学习推迟到明年: a notice sent, the study put off)
                modalities[-1], words[-1] = "negated", cue
        if modality in ("planned", "negated") and len(modalities) > sentence_start and modalities[-1] == "done" \
                and _CARRIED_OUT.match(norm, lo, hi) and _DEPLOYED.fullmatch(norm, bounds[len(modalities) - 1], lo):
            # 三项制度工作已部署，具体实施待明年记录仪配齐后再推开: deployed only; the work itself is what the clause
            # after says.
            modalities[-1], words[-1] = modality, cue
        if modality == "negated" and len(modalities) > sentence_start and modalities[-1] == "done" and not words[-1] \
                and _BARE_DENIAL.match(norm, lo, hi) and _HINDERED.search(norm, bounds[len(modalities) - 1], lo):
            # 三项制度落实强化活动受综合执法力量整合影响，至年底尚未全面铺开; …全覆盖工程因县里培训安排调整，今年尚未在我镇
            # 实施: what was held back was not done.
            modalities[-1], words[-1] = "negated", cue
        if modality == "negated" and len(modalities) > sentence_start and modalities[-1] == "done" and not words[-1] \
                and _TOPIC_DENIED.fullmatch(norm, lo, hi) and _WORK_NAMED.search(norm, bounds[len(modalities) - 1], lo):
            # 县司法局部署的三项制度落实强化活动，我乡尚未启动: the work named as a topic, then denied.
            modalities[-1], words[-1] = "negated", cue
        if modality == "negated" and len(modalities) > sentence_start and modalities[-1] in ("done", "past") \
                and _NONE_PASSED.match(norm, lo, hi) and _EXAM.search(norm, bounds[len(modalities) - 1], lo):
            # 所有队员参加了执法考试，但无一人通过: the exam was sat, the qualification not won.
            modalities[-1], words[-1] = "negated", cue
        if modality in ("negated", "planned") and len(modalities) > sentence_start and modalities[-1] == "done" \
                and not words[-1] and _REASON_OPENS.match(norm, bounds[len(modalities) - 1], lo) \
                and cues.get(bounds[len(modalities) - 1], _NONE).keys() <= _NOT_SAID_DONE:
            # 由于县委依法治县办安排的述法会议在12月下旬召开，本总结成文时镇党委书记、镇长尚未述法: a reason told for
            # what was not done (or is yet to be); its words are the denial's topic, not work done.
            modalities[-1], words[-1] = modality, cue
        if modality == "negated" and (named := _SUBJECT_DENIED.match(norm, lo, hi)):
            # 镇法治政府建设工作领导小组由谁任组长…，党委会年内讨论过两次，意见始终没有统一，小组至今没有成立: the body
            # set up in the sentence's first clause was not.
            for index in range(sentence_start, len(modalities)):
                if modalities[index] == "done" and not words[index] and named.group(1) in norm[bounds[index]:bounds[index + 1]]:
                    modalities[index], words[index] = "negated", cue
                    break
        if modality == "negated" and _ALL_NOT.match(norm, lo, hi):
            # 三项制度，在我镇均未真正落地: a 'none of them' clause denies the list named before it.
            _recast_plain_done(modalities, words, sentence_start, len(modalities), "negated", cue)
        if modality in ("negated", "planned") and _ANAPHOR.match(norm, lo, hi) and norm[hi - 1] not in "？?" \
                and not _WITHOUT_STEP.search(norm, lo, hi):
            # (这些事项上会前有没有过法律这道关？: a question, which its answer settles)
            # 三是加强执法人员业务培训。这项工作因人员调整至今没有开展; 建立…联系制度，但该制度仍停留在纸面上: what
            # the pronoun names (the sentence so far, or the sentence before it in the paragraph) was not done.
            # (由于一直没有律所愿意签约，这三件事镇里均未能推开: after only the reason, still the sentence before)
            first = sentence_start if len(modalities) > sentence_start and not all(
                _REASON_OPENS.match(norm, bounds[i], bounds[i + 1]) for i in range(sentence_start, len(modalities))) \
                else previous_start
            first = _from_the_plan(norm, lo, hi, modalities, first, len(modalities))
            if first < len(modalities) and lines[first] >= line - 1 and parts[first] == part:
                _recast_plain_done(modalities, words, first, len(modalities), modality, cue)
        if modality == "negated" and _NOMINAL_DENIED.search(norm, lo, hi):
            # 对照县里下放的事项，逐项理清职责边界、列成权责清单的工作还没有完成: the work the sentence names, not done.
            for index in range(sentence_start, len(modalities)):
                if modalities[index] == "done" and cues.get(bounds[index], _NONE).keys() <= _NOT_SAID_DONE:
                    modalities[index], words[index] = "negated", cue
        if modality == "negated" and _CAME_TO_NOTHING.match(norm, lo, hi):
            # 镇里多次与县司法局商议培养法律明白人的事宜，几经协商未果: what the sentence tried came to nothing.
            _recast_plain_done(modalities, words, sentence_start, len(modalities), "negated", cue)
        if modality == "negated" and _RULE_UNUSED.match(norm, lo, hi):
            # 镇党委制定了班子成员学法制度，…，学法制度实际上没有执行: the rule the sentence made was not carried out.
            _recast_plain_done(modalities, words, sentence_start, len(modalities), "negated", cue,
                               lambda index: _RULE_MADE.search(norm, bounds[index], lo) is not None)
        if modality == "negated" and _STILL_ON_PAPER.match(norm, lo, hi):
            # 镇里印发的三项制度，今年仍停留在文件上: what the sentence named was not carried out.
            _recast_plain_done(modalities, words, sentence_start, len(modalities), "negated", cue)
        if modality == "negated" and "past" in modalities[sentence_start:] and _LAPSED.search(norm, lo, hi) \
                and not _NOT_RECHECKED.search(norm, lo, hi):
            # (龙井村2021年已被评为…示范村，今年未再组织复核: what was won stands; only a re-check was not held)
            # 2021年曾聘请律师担任村法律顾问，合同到期后未再续聘: what stood since then has lapsed.
            for index in range(sentence_start, len(modalities)):
                if modalities[index] == "past":
                    modalities[index], words[index] = "negated", cue
        if modality == "negated" and _RENEWAL.search(norm, lo, hi):
            # 执法人员2019年取得的执法证件已于今年上半年到期，至今未组织换证: what ran out was not renewed.
            for index in range(sentence_start, len(modalities)):
                if modalities[index] in ("done", "past") and _EXPIRED.search(norm, bounds[index], bounds[index + 1]):
                    modalities[index], words[index] = "negated", cue
        if modality == "done" and demanded and _COMPLIED.match(norm, lo, hi):
            # 县委编办要求各乡镇年内完成清单编制，我乡已于6月编制完成: the demand met is the body's work done.
            for index in demanded:
                modalities[index], words[index] = "done", ""
            complied += demanded
            demanded = []
        if modality == "demand":
            demanded.append(len(modalities))
        if modality == "done" and not found and (role := _ROLE_FORMULA.match(norm, lo, hi)) \
                and "negated" in modalities[sentence_start:] and any(
                modalities[index] in ("negated", "planned") and role.group(1) in norm[bounds[index]:bounds[index + 1]]
                for index in range(sentence_start, len(modalities))):
            # 原拟聘请法律顾问，…本年度未签订聘请合同，充分发挥法律顾问在重大行政决策中的作用: the role of what the
            # sentence has just said was not there is a formula, not work done.
            modality, cue = "negated", ""
        if not found:
            uncued.add(len(modalities))  # (no cue, once the body's own names are set aside: 至于镇党委书记…)
        lines.append(line)
        parts.append(part)
        modalities.append(modality)
        words.append(cue)
        if hi > lo and norm[hi - 1] in "：:" and modality in _LIST_LEADS and _LIST_ITEM.match(norm, hi):
            stop = _LIST_END.search(norm, hi)
            listing = (modality, cue, stop.start() if stop else len(norm))
        if modality == "past" and len(modalities) - 1 > sentence_start and _WAS_EARLIER.fullmatch(norm, lo, hi):
            # 组织干部职工集中学习国家基本法律法规，还是2021年的事: when what the sentence named was done.
            _recast_plain_done(modalities, words, sentence_start, len(modalities) - 1, "past", cue)
        if found and part not in PART_MODALITY and part != "header":
            if "draft" in found and modality == "done":
                drafts.append(len(modalities) - 1)
            elif drafts and cue and (modality in ("planned", "negated") or cue.startswith(_AWAITING)) \
                    and not cue.startswith(("缺少", "缺乏", "欠缺")):  # (其中2件因缺少上位法依据被退回: its content)
                pending = pending or ("planned" if modality == "problem" else modality)
            if modality == "planned" and cue in _RETRO or (carry_cue in _RETRO and modality == carry):
                if len(modalities) - 2 == sentence_start and modalities[sentence_start] == "done" \
                        and not words[sentence_start] and _NAMED_CAMPAIGN.fullmatch(norm, bounds[sentence_start], lo):
                    # 二是行政执法“三项制度”落实强化活动，县司法局原定在我乡…铺开，…最终…没有实施: the campaign named
                    # first is what was planned; it fares as the plan does.
                    retro.append(sentence_start)
                retro.append(len(modalities) - 1)
                if "this_year" in found and "提前" in norm[lo:hi] or _AHEAD.search(norm, lo, hi):
                    ended = ended or "done"  # 原定于明年1月召开的…提前至今年12月28日召开; …，比计划提前完成
                elif "this_year" in found and "negated" not in found and _HELD_TIMES.search(norm, lo, hi):
                    ended = ended or "done"  # 原定每季度召开的联席会议今年只开了1次: what the year saw, in the same clause
            elif retro and modality in ("negated", "done") and (modality == "negated" or "done" in found):
                if ended == "negated" and modality == "done" and _IN_YEAR_DELAY.search(norm, bounds[sentence_start], lo):
                    ended = "done"  # 原定六月…，因连日降雨推迟到七月中旬，全乡各村均按预案完成了演练: late, but done
                if not (modality == "done" and (_ONLY_A_STEP.search(norm, lo, hi) or _CONCEDING.match(norm, lo, hi))):
                    # (…，虽已完成摸底推荐，但…人选至今未能确定: a step conceded settles nothing either)
                    # (原定年内完成，目前仅与律所进行了初步洽谈，各村还没有签约: a first step settles nothing)
                    ended = ended or modality
            if modality in ("planned", "demand", "past", "later", "others", "elsewhere") and cue \
                    and not cue.startswith(_HELPING) and not _REST_OF_THEM.match(norm, lo, hi) \
                    and not (modality == "planned" and _PUT_OFF_WHOLE.fullmatch(norm, lo, hi)):
                # (政府信息公开工作待区里统一规范后明年再行开展，主动接受…监督: a named work put off, whole in its clause;
                # the clauses after it are the sentence's own again)
                # (配合县环保局开展…宣传，持续开展…: then its own again; 其余新进队员尚在等待考试，做到…全录像: an aside)
                carry, carry_cue = modality, cue  # 县市场监管局在我镇检查，结果在县网站公示: still the bureau's
                aside = norm.rfind("（", bounds[sentence_start], lo + 1) > norm.rfind("）", bounds[sentence_start], lo + 1)
            elif "this_year" in found or ("done" in found and carry != "past"):
                carry, carry_cue = "", ""  # the sentence has turned to what was done this year
            elif modality == "negated" and carry == "demand":
                # (执法过程全录像的要求虽…反复强调，队里的执法记录仪却…没能配齐，执法效果接受…监督: the body's own
                # failure told, the demand governs no more)
                carry, carry_cue = "", ""
        elif not found and carry_cue in _RETRO and modality == carry and ended == "negated" and modalities[-2] == "negated":
            # 原本要求…全录像，但执法记录仪至今未配发，这一要求没有落实，执法效果接受…监督: the plan's failure told, a
            # clause with no word of its own goes on to other work.
            modalities[-1], words[-1] = "done", ""
            carry, carry_cue = "", ""
        elif not found and carry_cue in _RETRO and modality == carry:
            retro.append(len(modalities) - 1)  # 原定…提前至今年12月28日召开，镇党委书记、镇长分别述法: carried, settled with it
            if _AHEAD.search(norm, lo, hi):
                ended = ended or "done"  # 原计划年底前作出，…9月即…集体讨论决定，比计划提前完成
        if aside and carry and norm[lo:hi].rstrip("，,；; ").endswith("）"):
            # …氛围（据区司法局统计，全区共开展…），稳步推进…: the aside closed, the sentence goes on with its own subject
            carry, carry_cue, aside = "", "", False
        if hi > lo and norm[hi - 1] in _SENTENCE_END:
            if len(modalities) - 1 > sentence_start and _UNDECIDED.fullmatch(norm, lo, hi):
                # 搬迁是否列为重大行政决策事项、是否需要听证，仍需研究: not decided, let alone done.
                _recast_plain_done(modalities, words, sentence_start, len(modalities) - 1, "planned",
                                   norm[lo:hi].strip("，。；！？!?;\n "))
            if len(modalities) - 1 > sentence_start and _DEMAND_TAIL.fullmatch(norm, lo, hi):
                # 所有队员参加执法考试、持证上岗执法，是县司法局年初提出的要求: whose demand the work named is, not done.
                modalities[-1], words[-1] = "demand", norm[lo:hi].strip("，。；！？!?;\n ")
                _recast_plain_done(modalities, words, sentence_start, len(modalities) - 1, "demand", words[-1])
            if modalities[-1] == "planned" and len(modalities) - 1 > sentence_start \
                    and _GOES_LIVE.match(norm, lo, hi):
                for index in range(sentence_start, len(modalities) - 1):
                    if modalities[index] == "done":
                        modalities[index], words[index] = "planned", words[-1]
            if modalities[-1] == "negated" and not _OTHER_THING.match(norm, lo, hi):
                # (…目前尚未收到判决: a later step, not the work denied)
                before = len(modalities) - 2  # …物色村民当“法律明白人”的计划，因培训经费未到位推迟到明年: the plan named
                named = before >= sentence_start and _NOMINAL_END.search(norm, bounds[before], lo) is not None
                answered = named or _RESPONSE_DENIED.search(norm, lo, hi) is not None
                tail_from = _from_the_plan(norm, lo, hi, modalities, sentence_start, len(modalities) - 1)
                tail_from = _own_subject_from(norm, bounds, tail_from, len(modalities) - 1, actors, self_opens)
                _settle_tail(modalities, words, [cues.get(b, _NONE) for b in bounds[tail_from:len(modalities)]],
                             tail_from, 0 if named else hi - lo, answered,
                             [_COUNTED.search(norm, bounds[i], bounds[i + 1]) is not None
                              for i in range(tail_from, len(modalities) - 1)],
                             [_FOLLOWING.fullmatch(norm, bounds[i], bounds[i + 1]) is not None
                              for i in range(tail_from, len(modalities) - 1)])
            if modalities[-1] == "negated" and len(modalities) - 1 > sentence_start \
                    and _HOLLOW.match(norm, lo, hi) and _GRANTED.search(norm, bounds[sentence_start], lo):
                # 述法虽然列进了全年工作安排，会议通知也发了，但最后只是把上一年的材料改了日期报上去，述法流于形式;
                # 权责清单去年就已印制出来，但至今仍锁在柜子里，…清单名存实亡: what the sentence granted turned out hollow.
                for index in range(sentence_start, len(modalities) - 1):
                    if modalities[index] in ("done", "past"):
                        modalities[index], words[index] = "negated", words[-1]
            if sentence_start > previous_start and len(modalities) - sentence_start > 1 \
                    and modalities[sentence_start] in ("negated", "planned") \
                    and _ANAPHOR.match(norm, bounds[sentence_start], bounds[sentence_start + 1]) \
                    and lines[previous_start] >= line - 1 and parts[previous_start] == part:
                # 二是乡里拟定了…活动的方案。这项活动因执法队人员调整，一直没能真正启动: a sentence opening with a pointer
                # and ending in a denial says it of what the sentence before named (the anaphor clause itself carries
                # no denial word, so the clause-level reading above did not reach back).
                first = _from_the_plan(norm, bounds[sentence_start], bounds[sentence_start + 1], modalities,
                                       previous_start, sentence_start)
                _recast_plain_done(modalities, words, first, sentence_start, modalities[sentence_start], words[sentence_start])
            if len(modalities) - sentence_start > 1 and modalities[sentence_start] == "others" \
                    and _ASSIGNED.fullmatch(norm, bounds[sentence_start], bounds[sentence_start + 1]) \
                    and all(m == "done" for m in modalities[sentence_start + 1:]):
                # 县里布置的领导干部网上学法课程，镇党委书记、镇长…全部学完: the work a superior handed down, named first,
                # is the body's when the rest of the sentence tells it done.
                modalities[sentence_start], words[sentence_start] = "done", ""
            _recovered(norm, bounds, modalities, words, sentence_start)
            put_off = next((i for i in range(sentence_start + 1, len(modalities)) if modalities[i] in ("planned", "negated")
                            and _PUT_OFF.search(norm, bounds[i], ends[i])), None)
            for index in range(sentence_start, put_off) if put_off is not None else ():
                # 局长2022年度述法，县委依法治县办已通知推迟至2023年一季度统一进行: what was put off was not done.
                # (only a clause dated to the year and saying nothing else: 全年组织述法1次，第二次推迟至明年 stands)
                said = cues.get(bounds[index], _NONE)  # (本年度 is both: the year, and a word that says done)
                if modalities[index] == "done" and "this_year" in said and said.keys() <= {"this_year", "done"} \
                        and said.get("done", said["this_year"]) == said["this_year"]:
                    modalities[index], words[index] = "planned", words[put_off]
            for index in framing:  # 针对…问题，…; 为推动…，…: the frame is what the work it opens is
                if index + 1 < len(modalities):
                    modalities[index], words[index] = modalities[index + 1], words[index + 1]
            for index in retro if ended else ():  # 原计划2024年推行…，已提前落实: done (or 未能成行: not done)
                modalities[index], words[index] = ended, ""
            for index in drafts if pending else ():  # 组建方案已起草完毕，有待党委会审定: not done yet
                modalities[index], words[index] = pending, found.get(pending, "")
            for index in complied if modalities[-1] in ("planned", "negated") else ():
                # 区司法局要求各镇年内实现一村一法律顾问，我镇已完成律所比选，协议尚待明年初签订: a step taken, the
                # demand itself still not met when the sentence ends.
                modalities[index], words[index] = modalities[-1], words[-1]
            for index in range(sentence_start, len(modalities) - 1):
                if modalities[index] == "done" and not words[index] and modalities[index + 1] in ("negated", "planned") \
                        and (_TOPIC_TAIL.search(norm, bounds[index], bounds[index + 1])
                             or _ADJUNCT.fullmatch(norm, bounds[index], bounds[index + 1])
                             or _CAME_LATE.fullmatch(norm, bounds[index], bounds[index + 1])):
                    # 对于主动接受…监督，逐件办理代表建议、畅通监督渠道这一系列工作，镇里已形成初步方案，待明年…再正式施行:
                    # the work named as a topic (and what opened it) is what the clause after it says of it.
                    first = index
                    while first > sentence_start and modalities[first - 1] == "done" and not words[first - 1] \
                            and _ABOUT.match(norm, bounds[first - 1], bounds[first]):
                        first -= 1
                    for at in range(first, index + 1):
                        modalities[at], words[at] = modalities[index + 1], words[index + 1]
            if modalities[-1] in ("negated", "planned"):
                for index in range(sentence_start, len(modalities) - 1):
                    if modalities[index] == "done" and not words[index] \
                            and (_ATTEMPT.fullmatch(norm, bounds[index], bounds[index + 1])
                                 or _OUGHT.match(norm, bounds[index], bounds[index + 1])) \
                            and "negated" in modalities[index + 1:]:
                        # 镇里与律所商谈律师驻村“坐堂问诊”已有半年，不过收费标准始终谈不拢，至年底协议仍未签订: what
                        # was talked over, talks that came to nothing, was not done (…按规定都应先交镇法律顾问出具审查意见，
                        # …最后都是未经审查直接签发的: what ought to have been done, and was not).
                        modalities[index], words[index] = modalities[-1], words[-1]
            for index in range(sentence_start, len(modalities) - 1):
                if modalities[index] == "done" and modalities[index + 1] in ("past", "planned", "negated") \
                        and (index in uncued or _only_dated(cues.get(bounds[index], _NONE))) \
                        and (_TOPIC.fullmatch(norm, bounds[index], bounds[index + 1])
                             or _HOW.search(norm, bounds[index], bounds[index + 1])) \
                        and _PREDICATE_ONLY.match(norm, bounds[index + 1], _end(bounds, index + 1, norm)):
                    # 党内规范性文件和政府规范性文件的审查报备，已于2022年集中清理时一并完成 (…，准备明年建立台账后再推进):
                    # a topic named, then in the next clause, with no subject of its own, what became of it.
                    modalities[index], words[index] = modalities[index + 1], words[index + 1]
            for index in range(sentence_start, len(modalities) - 1):
                if modalities[index] == "done" and index in uncued and _SET_NAMED.fullmatch(norm, bounds[index], bounds[index + 1]) \
                        and (index == sentence_start or _ITEM_START.match(norm, bounds[index], bounds[index + 1])):
                    # 二是行政执法“三项制度”中，执法全过程记录已…落实到位，执法公示和…法制审核两项尚未建立: a set of
                    # work named as a whole, then item by item; where one of its items was not done, neither was the
                    # whole (the items done count on their own).
                    item_end = next((j for j in range(index + 1, len(modalities))
                                     if _ITEM_START.match(norm, bounds[j], _end(bounds, j, norm))), len(modalities))
                    undone = next((j for j in range(index + 1, item_end) if modalities[j] in ("negated", "planned")), None)
                    if undone is not None:
                        modalities[index], words[index] = modalities[undone], words[undone]
            topic = sentence_start if sentence_start + 1 < len(modalities) and (_TOPIC.fullmatch(
                norm, bounds[sentence_start], bounds[sentence_start + 1]) or _NAMED_CAMPAIGN.fullmatch(
                norm, bounds[sentence_start], bounds[sentence_start + 1]) or _FOLLOWING.fullmatch(
                # (一是落实县司法局“一村（社区）一法律顾问”部署，…签约…至年底仍未完成: the demand named, not met)
                norm, bounds[sentence_start], bounds[sentence_start + 1]) or _LISTED_TOPIC.fullmatch(
                # (二是执法公示、执法全过程记录和重大执法决定法制审核，乡里拟了实施细则，打算明年…推开: the work listed)
                norm, bounds[sentence_start], bounds[sentence_start + 1]) and not _LIST_VERB.search(
                norm, bounds[sentence_start], bounds[sentence_start + 1])) else next(
                (i for i in range(sentence_start, len(modalities) - 1)
                 if _TOPIC_RAISED.fullmatch(norm, bounds[i], bounds[i + 1])), None)
            rest = modalities[topic + 1:] if topic is not None else []
            # (至于将法治建设纳入…计划，按县委依法治县办的意见，须待明年…统筹考虑: acting on advice says nothing of it)
            # (…，镇里在与各村反复商量、逐户摸清返乡时间之后，决定放到明年…: a step on the way to what became of it)
            acting = {j for j, m in enumerate(rest)
                      if m == "done" and (_complying(norm, bounds, topic + 1 + j, unless)  # type: ignore[operator]
                                          or _STEP_BEFORE.fullmatch(norm, bounds[topic + 1 + j], _end(bounds, topic + 1 + j, norm))
                                          or _ATTEMPT.fullmatch(norm, bounds[topic + 1 + j], _end(bounds, topic + 1 + j, norm)))}
            # (…两项工作，县里今年没有下达任务，我镇也未单独部署，强化基层普法教育…: the run of clauses on the topic)
            run_end = next((j for j, m in enumerate(rest)
                            if m not in ("negated", "planned", "demand", "others") and j not in acting), len(rest))
            denied = max((j for j in range(run_end) if rest[j] == "negated"), default=-1)
            if 0 <= denied and run_end < len(rest) \
                    and (_TOPIC_RAISED.fullmatch(norm, bounds[topic], bounds[topic + 1])  # type: ignore[operator]
                         or topic == sentence_start and _NAMED_CAMPAIGN.fullmatch(norm, bounds[topic], bounds[topic + 1])):
                # (三是民主法治村…“三治结合”建设行动，虽经镇里多次动员，…今年未能启动，努力实施…: the campaign named
                # first is what the clauses on it say up to the denial, before the sentence turns to other work)
                rest = rest[:denied + 1]
            if rest and modalities[topic] == "done" and (topic in uncued or _only_dated(cues.get(bounds[topic], _NONE))) \
                    and all(m in ("negated", "planned", "demand", "others", "past") or j in acting for j, m in enumerate(rest)) \
                    and rest[-1] in ("negated", "planned"):
                # (人大代表视察、群众评议等监督活动，去年曾集中组织过一次，今年未再开展: done once before, not this year)
                # 原先跟律所谈好的村居法律顾问，因为合同条款一直谈不拢，到年底还是空着: a topic named first (or
                # raised later in the sentence: 至于…, …全覆盖一项，县里要求明年底前完成) is what the rest of its
                # sentence says of it (关于村法律顾问，县司法局要求…，我乡…一直搁置，计划明年…: what the body does last;
                # 三项制度方面，县里虽已印发实施方案，我镇至今仍未建立…: a superior's step on the way is no claim of the body's).
                last = topic + len(rest)  # type: ignore[operator]
                modalities[topic], words[topic] = modalities[last], words[last]
            if sentence_start - previous_start == 1 and previous_start in uncued and modalities[previous_start] == "done" \
                    and lines[previous_start] == line and modalities[sentence_start:] \
                    and all(m in ("negated", "planned", "others", "demand")
                            or m == "done" and _ATTEMPT.fullmatch(norm, bounds[i], _end(bounds, i, norm))
                            for i, m in enumerate(modalities[sentence_start:], start=sentence_start)) \
                    and modalities[-1] in ("negated", "planned") \
                    and _ITEM_LEAD.fullmatch(norm, bounds[previous_start], bounds[sentence_start]):
                # 三是加强行政执法人员业务培训及管理。原计划组织…参加资格考试，因…延期，年内未能参考。: an item's
                # lead names its subject; what the item then says of it is all there is (县司法局组织了…考试，我乡
                # 干部…未能参加: another's work and the body's absence).
                modalities[previous_start], words[previous_start] = modalities[-1], words[-1]
            carry, carry_cue, retro, ended, drafts, pending, demanded, complied = "", "", [], "", [], "", [], []
            aside = False
            dated_now = done_now = False
            framing = []
            previous_start, sentence_start = sentence_start, len(modalities)
    _headings(doc, bounds, parts, modalities, words, settings)
    return Claims(norm, bounds, lines, parts, modalities, words, titles, _actors(settings), part_names)


def _end(bounds: list[int], index: int, norm: str) -> int:
    """Where clause `index` ends (the text's end for the last clause)."""
    return bounds[index + 1] if index + 1 < len(bounds) else len(norm)


def _complying(norm: str, bounds: list[int], index: int, unless: dict) -> bool:
    """Whether clause `index` only says whose advice or demand the body goes by (按县委依法治县办的意见，)."""
    end = _end(bounds, index, norm)
    return any(p.search(norm, bounds[index], end) for p in unless["demand"][1]) and len(norm[bounds[index]:end]) <= 20


_NO = regex.compile(r"\s*(?:没有|没|无|一件也没有|一起也没有|一次也没有)\s*(?:[。，,！!；;]|$)")
_NIL_TOPIC = regex.compile(r"复议|诉讼|起诉|官司|案件|被告")
# A bare 'yes' answering the question before it (有。; 当然有; 搞了。; 是的，).
_YES = regex.compile(r"\s*(?:答案是)?(?:当然|肯定|确实|的确)?(?:都|全都|全部|均|一律|每次都|每项都|样样都|件件都)?(?:有|有的|是的|是|有过|过了|讲|讲了|办了|搞了|开了|做了|学了|述了|建了|聘了|审了|"
                     r"开展了|落实了|成立了|组建了|举办了|公开了|签了|考了|培训了)(?:的)?\s*[，,。！!；;]?\s*")
_PUT_OFF = regex.compile(r"(?:推迟|延期|顺延|延后|推到|拖到|改到|改在)(?:到|至|于)?了?")
# The body helping another or sitting in on its meeting (配合县司法局…; 乡党委书记列席县委依法治县委员会全体会议1次，
# 分上下半年召开…报告会2次): its own clauses after that are its own work.
_HELPING = ("配合", "协助", "列席", "旁听", "出席", "观摩", "参加", "派员", "派人")
_REST_OF_THEM = regex.compile(r"\s*(?:其余|剩余|剩下|另有)")  # a remark on the rest of a group, not the sentence's course
# A time opening a clause before its subject (7月暴雨当晚我镇…; 今年我镇…).
_WHEN = regex.compile(r"\s*(?:(?:但是?|而|不过)(?:此后|从此|自此|随后|之后)?|\d{1,2}月(?:\d{1,2}日)?(?:份|初|上旬|中旬|下旬|底|末)?|"
                      r"今年|年内|年初|年底|当[天晚日夜]|次日|随后|之后|事后|此后|从此|自此|(?:截至)?目前|现在|至今)")


def _own_subject_from(norm: str, bounds: list[int], first: int, last: int, actors: Timed, self_opens) -> int:
    """Where a denial ending a sentence starts to reach back: at a clause the body opens with itself as subject
    (…，镇里与两家律所谈过聘请常年法律顾问，…到年底也没有签约) when what comes before it names nothing the clauses
    from it on speak of (一是将依法行政工作纳入议事日程，: other work, told done)."""
    for index in range(last - 1, first, -1):
        if self_opens(_opener(actors, norm, bounds[index], bounds[index + 1])):
            before = _pairs_in(_words(norm[bounds[first]:bounds[index]], _FUNCTION_CHARS)) - _EVERY_ITEM
            after = _pairs_in(_words(norm[bounds[index]:_end(bounds, last, norm)], _FUNCTION_CHARS)) - _EVERY_ITEM
            return index if before and not before & after else first
    return first


_FUNCTION_CHARS = regex.compile(r"[^\u4e00-\u9fff]|[是的了和与及将在对把为镇乡里我本年也都均已]")


def _words(text: str, between: Any) -> list[str]:
    """The runs of two characters or more of `text` left between the matches of `between` (a slogan's words, function
    characters)."""
    return [piece for piece in between.split(text) if len(piece) > 1]


def _pairs_in(words: list[str]) -> set[str]:
    """The pairs of adjacent characters inside each of `words`."""
    return {word[at:at + 2] for word in words for at in range(len(word) - 1)}


_EVERY_ITEM = frozenset({"一是", "二是", "三是", "四是", "工作", "开展", "进行", "依法", "法治", "政府"})


def _opener(actors: Timed, norm: str, lo: int, hi: int) -> Any:
    """Who opens the clause [lo, hi): the actors' match at its start, or within a few characters after a time or a
    但 that opens it (7月暴雨当晚我镇将…; 但此后镇政府按月…)."""
    found = actors.match(norm, lo, hi)
    if found is None and (when := _WHEN.match(norm, lo, hi)) is not None:
        found = actors.search(norm, when.end(), min(hi, when.end() + 8))
        if found is not None and found.lastgroup != "self" and _BUT.match(norm, lo, hi):
            found = None  # (a 但 then another body: left to the sentence's actor, as before a 但 was read)
    return found


# A sub-heading's end on its line (（四）扎实开展年终述法。年底，…): the first sentence or colon.
_HEADING_END = re.compile(r"[。！？!?：:；;]")
# A paragraph led by a short heading of its own (四是规范行政执法。镇执法中队…).
_LEAD = regex.compile(r"(?m)^[ \t\u3000]*[一二三四五六七八九十]{1,3}是[^，,。；;：:\n]{2,24}[。：:；;]")
# …or one run on after the item before it (…水平。三是加强行政执法人员业务培训及管理。干部今年均未能参加…).
_LEAD_ON = regex.compile(r"(?<=[。；;])[ \t\u3000]*[一二三四五六七八九十]{1,3}是[^，,。；;：:\n]{2,24}[。：:；;]")
_ITEM = regex.compile(r"\s*[一二三四五六七八九十]{1,3}是")
# A clause opened by the body's principal (镇党委书记、镇长…; 本委党组书记、主任…; 局长…), not a deputy.
_PRINCIPAL = regex.compile(r"\s*(?:我|本)?(?:镇|乡|街道|局|委|办)?(?:党委|党工委|党组|政府|办事处)?(?<!副)"
                           r"(?:主要负责(?:人|同志)|党委书记|党组书记|党工委书记|书记|镇长|乡长|主任|局长|一把手)")
# What makes a heading line a report in itself (（一）成立了领导小组, 召开会议3次): not just the work's name
# (which is also short and one clause: （四）年底，镇两委主要负责人…书面报告… is a paragraph).
_SUPERIOR_NAMED = regex.compile(r"[省市州县区]|上级")  # a demand cited from above (县司法局要求), not the body's own (督促)
_FRAMED = regex.compile(r"\s*(?:按照|根据|依照|遵照|依据|按|为了?|在|经|由)")  # a clause that frames, not reports
# (…and one telling a practice kept every time: （九）镇里每作出一起行政处罚，结果都张贴在场镇公告栏；)
_REPORTS = regex.compile(r"已|了|完成|\d|每[^。；;\n]{1,20}?[，,][^。；;\n]{0,12}?(?:都|均|一律)")
# A heading's own number (（九） / 5. / 三是), which is no figure.
_NUMBERED = regex.compile(r"\s*(?:[（(]?(?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]|(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[、.．]"
                          r"|[一二三四五六七八九十]{1,3}是|[①-⑳])?")


def _reports_itself(norm: str, lo: int, hi: int) -> bool:
    """Whether the heading [lo, hi) reports in itself (已全面落实, 召开3次), its own number (（九） / 5.) aside."""
    return bool(_REPORTS.search(norm, _NUMBERED.match(norm, lo, hi).end(), hi))


def _headings(doc: Document, bounds: list[int], parts: list[str], modalities: list[str], words: list[str],
              settings: ClaimSettings) -> None:
    """A sub-heading names the work its paragraph reports: it says what the paragraph says of it. Under
    （四）扎实开展年终述法。 a paragraph whose first sentence plans it (…将于明年1月述法), puts it off, leaves it to
    another body or denies it makes the heading a plan, another's work or a denial too; a heading with nothing
    under it (5.深化政务公开。 and then the next item) reports nothing (`heading`)."""
    norm, starts = doc.norm, doc.line_starts
    lines_total = len(starts)

    def line_end(number: int) -> int:
        return starts[number] if number < lines_total else len(norm)

    def clause(offset: int) -> int:
        return bisect_right(bounds, offset) - 1

    def done_text(lo: int, till: int) -> str:
        """The text from offset `lo` to `till` of the clauses reported as done (a topic the body names only in a
        demand, a plan or a denial is not what the body reports)."""
        first = clause(lo)
        return "".join(norm[max(bounds[i], lo):min(bounds[i + 1] if i + 1 < len(bounds) else len(norm), till)]
                       for i in range(max(first, 0), len(bounds)) if bounds[i] < till and modalities[i] == "done")

    def reports_work(first: int) -> bool:  # a clause of a part whose clauses take their modality from their words
        return first >= 0 and parts[first] not in PART_MODALITY and parts[first] not in ("header", "")

    def settle(first: int, last: int, body: int | None, till: int = 0) -> None:
        """Heading clauses first…last-1 take what the body's first sentence (from clause `body`) says; when that
        says the work was done, the heading counts only if the body (up to offset `till`) speaks of its topic."""
        if any(modalities[i] != "done" or words[i] for i in range(first, last)):
            return  # the heading has a say of its own (拟…, 关于…): kept
        if body is None:
            end = bounds[last] if last < len(bounds) else len(norm)
            if last - first == 1 and end - bounds[first] <= 40 and not _reports_itself(norm, bounds[first], end):
                for index in range(first, last):
                    modalities[index], words[index] = "heading", ""
            return
        if _NEW_TOPIC.match(norm, bounds[body]):
            return  # 一是遇到…问题及时研究解决；至于将法治建设纳入…，…须待明年…: what follows 至于 is another matter
        index, taken = body, -1
        while index < len(bounds):
            if modalities[index] != "done" and taken < 0:
                lead = body  # (past the frames: 为提高…，按照相关规定，积极聘请法律顾问…)
                while lead < index and _FRAMED.match(norm, bounds[lead]) and modalities[lead] == "done":
                    lead += 1
                if (modalities[index] in ("others", "elsewhere", "planned", "past") or modalities[index] == "demand"
                        and _SUPERIOR_NAMED.search(words[index])) and index > lead and not words[lead] \
                        and bounds[lead + 1] - bounds[lead] > 8:
                    return  # 明确新任领导的责任，县委书记在全县述法大会上带头述法，…: the body's own work first, an aside after
                    # (积极聘请法律顾问并签订相应聘请合同，根据《…》，县司法局要求各乡镇…: a demand cited after it; 明确新任
                    # 领导…的责任和义务，…待县里统一安排时间后再当面述法: a plan of other work after it)
                taken = index
            elif modalities[index] == "done" and taken >= 0 and modalities[taken] in ("others", "demand", "elsewhere") \
                    and _PRINCIPAL.match(norm, bounds[index]):
                # 区委依法治区办组织年终述法，镇党委书记、镇长分别当面报告了…: the body's principals did it there.
                return
            end = bounds[index + 1] if index + 1 < len(bounds) else len(norm)
            if end <= bounds[index] or norm[end - 1] in _SENTENCE_END:
                break
            index += 1
        if taken >= 0:
            for head in range(first, last):
                modalities[head], words[head] = modalities[taken], words[taken]
        elif not _supported(norm, bounds[first], bounds[last] if last < len(bounds) else len(norm),
                            done_text(bounds[body], till), settings, norm[bounds[body]:till]):
            # （九）全面落实行政执法三项制度 over a paragraph on a legal-advice stall: a heading names the work its
            # paragraph should report; it is no report of its own (unless it says so: 已全面落实, 召开3次).
            for head in range(first, last):
                modalities[head], words[head] = "heading", ""

    for section in doc.walk():
        if section.level < 2 or not 0 < section.line <= lines_total:
            continue
        lo, hi = starts[section.line - 1], line_end(section.line)
        first = clause(lo)
        if not reports_work(first):
            continue
        stop = _HEADING_END.search(norm, lo, hi)
        head_end = stop.end() if stop else hi
        last = clause(head_end - 1) + 1
        below = section.children[0].line if section.children else section.end_line + 1
        till = line_end(min(below, lines_total + 1) - 1)
        if norm[head_end:hi].strip():
            settle(first, last, clause(head_end), till)  # the paragraph goes on on the heading's line
            continue
        body = next((n for n in range(section.line + 1, min(below, lines_total + 1)) if norm[starts[n - 1]:line_end(n)].strip()),
                    None)
        if body is not None:
            settle(first, last, clause(starts[body - 1]), till)
        elif not section.children:
            settle(first, last, None)
    for lead in (_LEAD, _LEAD_ON) if "是" in norm else ():
        for match in lead.finditer(norm):
            first = clause(match.start())
            if not reports_work(first):
                continue
            rest = norm.find("\n", match.end())
            till = rest if rest >= 0 else len(norm)
            if _ITEM.match(norm, match.end()) or lead is _LEAD_ON and (
                    _reports_itself(norm, match.start(), match.end())
                    or not _supported(norm, match.start(), match.end(), norm[match.end():till], settings)):
                # (…。一是全年开展普法12场次。二是…: an item that reports, not a heading over the next one; a lead run
                # on in its paragraph is read as a heading only over sentences on its topic: 一是将依法行政工作纳入议事
                # 日程。原定邀请法律顾问讲课的安排未能举办 — the agenda stands, the lecture fell through.)
                continue
            if norm[match.end():till].strip():
                settle(first, clause(match.end() - 1) + 1, clause(match.end()), till)


# Marks and function characters between a heading's words: what they separate are the pieces of its topic.
_BETWEEN = r"[，、。；：:,.（）()“”\"\s0-9a-zA-Z一二三四五六七八九十是和与及的为在对把将]"


@lru_cache(maxsize=8)
def _topic_words(settings: ClaimSettings) -> tuple[Timed, tuple[Timed, ...]]:
    slogan = f"{settings.heading_slogan}|{_BETWEEN}" if settings.heading_slogan else _BETWEEN
    return compiled(slogan), tuple(compiled(p) for p in settings.heading_topics)


def _supported(norm: str, lo: int, hi: int, text: str, settings: ClaimSettings, said: str = "") -> bool:
    """Whether the heading [lo, hi) reports in itself (已全面落实, 召开3次) or names a topic its body's `text` (what
    the body reports done) speaks of: two characters of a word left once the slogan's words are gone (（三）全面推行
    行政执法三项制度 over a paragraph on mediation leaves 三项, which the paragraph never says), or a topic both name
    in their own words (年终述法 / 报告了履职情况) — unless the body (all it `said`) names the heading's own words only
    where it does not report them done (（三）行政诉讼案件出庭应诉工作。…化解行政争议…，但出庭应诉工作机制迟迟未建立)."""
    if _reports_itself(norm, lo, hi):
        return True
    lo = _NUMBERED.match(norm, lo, hi).end()
    slogan, topics = _topic_words(settings)
    pieces = _words(norm[lo:hi], slogan)
    if any(pair in text for pair in _pairs_in(pieces)):
        return True
    if said and any(piece[at:at + 4] in said for piece in pieces for at in range(len(piece) - 3)):
        return False  # (four characters of its own: 出庭应诉, not 宣传 of 宣传经费尚未落实 under 加强普法宣传教育)
    return any(topic.search(norm, lo, hi) and topic.search(text) for topic in topics)


_NONE: dict[str, str] = {}


def _authority(norm: str, lo: int, hi: int, unless: dict, before: list[str], superior_opens) -> bool:
    """Whether the sentence so far ([lo, hi)) cites a demand or another body (根据县委依法治县办要求，…), or is opened
    by a superior (县政府出台《…办法》，明确…须经合法性审查): a rule laid down from above, not the body's own procedure.
    `superior_opens(at, end)`: whether a superior not the body itself opens the text at `at`."""
    return any(m in ("demand", "others") for m in before) or any(p.search(norm, lo, hi) for p in unless["demand"][1]) \
        or superior_opens(lo, hi)


def _open_spans(doc: Document, part_of_line: list[str]) -> list[tuple[int, int]]:
    """The stretches of text whose clauses take their modality from their words: not the header or the
    shortcomings (whose every clause is a problem). Cue words are looked for there only. (The next-year plans are
    plans, but a clause there dated this year and marked done is the year's work: their cues are read too.)"""
    spans: list[tuple[int, int]] = []
    starts, text_end = doc.line_starts, len(doc.norm)
    year = doc.meta.year
    dated = ("今年", "本年度", "去年") + ((f"{year}年", f"{year} 年") if year else ())
    for number, part in enumerate(part_of_line, 1):
        if part == "shortcomings" or part == "header":
            continue
        lo = starts[number - 1]
        hi = starts[number] if number < len(starts) else text_end
        if part == "next-year" and not any(doc.norm.find(word, lo, hi) >= 0 for word in dated):
            continue  # a plan line that names no year of the report's: nothing there can be the year's work
        if spans and spans[-1][1] == lo:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def _recast_plain_done(modalities: list[str], words: list[str], first: int, last: int, modality: str,
                       word: str, only: Callable[[int], bool] = lambda index: True) -> None:
    """Clauses first…last-1 read as done for want of any cue word (and, given `only`, those it picks) take
    `modality`: what the end of their sentence says of them (…，均未真正落地; …，仍需研究)."""
    for index in range(first, last):
        if modalities[index] == "done" and not words[index] and only(index):
            modalities[index], words[index] = modality, word


def _recovered(norm: str, bounds: list[int], modalities: list[str], words: list[str], first: int) -> None:
    """A sentence that tells of a setback and then of the work done after all (政务公开栏曾长期无人更新，7月起明确专人负责，
    每月更新一次; 公示平台因系统升级暂停近一个月，恢复后补录了全部执法信息; 年度报告未能在1月31日前发布，逾期后于3月补发;
    起初未按重大行政决策程序办理，县里督察指出后，补开了座谈会): what it names was done in the year. (Not the other way
    round: 以前曾请法律顾问审查合同，今年…未续签 ends in the lapse.)"""
    ends = bounds[first + 1:len(modalities)] + [bounds[len(modalities)] if len(modalities) < len(bounds) else len(norm)]
    back = [i for i in range(first, len(modalities)) if modalities[i] in ("negated", "problem", "demand", "past")
            and (_SET_BACK.search(norm, bounds[i], ends[i - first]) or (
                # 原定六月组织的…演练，因连日降雨推迟到七月中旬: the setback told in the clause after it
                i + 1 < len(modalities) and _SET_BACK.match(norm, bounds[i + 1], ends[i + 1 - first])))]
    if not back:
        return
    # (the clause after may carry the setback's own modality: 本应于9月底前报送…，因…逾期半个月才补报)
    after = next((i for i in range(back[0] + 1, len(modalities)) if (modalities[i] == "done" or (
        modalities[i] == modalities[back[0]] and words[i] == words[back[0]]))
                  and _RECOVERED.search(norm, bounds[i], ends[i - first])), None)
    if after is None or any(modalities[i] == "negated" for i in range(after + 1, len(modalities))):
        return
    for index in range(back[0], after + 1):
        if index in back or words[index] == words[back[0]]:
            modalities[index], words[index] = "done", ""


# A setback told as such (曾长期无人更新, 一度中断, 因升级暂停, 起初未按程序, 本应于9月底前报送, 未能在1月31日前发布)…
# (因连日降雨推迟到七月中旬: a delay, matched at its clause's start too.)
_SET_BACK = regex.compile(r"(?:因[^，。；：\n]{0,8})?(?=推迟|延期|顺延)|曾(?:经)?|一度|起初|最初|原先|开始时|暂停|中断|中止|停办|搁置|本应|本该|理应|未能?[在于][^，。；：\n]{0,12}前|未按")
# …and the work picked up after it (恢复后补录, 7月起明确专人负责, 逾期后于3月补发, 后又…恢复, 提前至今年12月28日召开).
_RECOVERED = regex.compile(r"恢复|重启|重新(?:启动|开展|开通|上线|建立|聘请)|补(?:发|报|录|开|办|签|齐|聘|做|上|建|审|查|训|考)|后又|后经|"
                           r"\d{1,2}\s*月(?:份)?(?:起|开始|以来)|提前|均?按[^，。；：\n]{0,6}完成|(?:最终|随后|后来|之后)[^，。；：\n]{0,8}(?:完成|举行|召开|开展)")


def _settle_tail(modalities: list[str], words: list[str], cues: list[dict[str, str]], first: int, length: int,
                 answered: bool = False, counted: list[bool] | None = None, frames: list[bool] | None = None) -> None:
    """A sentence that ends in a short negation (…学法计划，至年底仍未启动。) says its subject was not done: the
    clauses before it that no cue marked (neither a plan nor 已/共计/…了) take the negation too. `cues` are the
    sentence's clauses' cues, from clause `first` on; `length` is the last clause's length; `answered`: the
    negation is of a response to what the clauses before name (…均未办理, 尚未整改回复) or of the work they name
    as a noun (…的计划，因…推迟到明年), which then covers them even where they name a date or another body."""
    last = first + len(cues) - 1
    if last <= first or modalities[last] != "negated" or length > 13:
        return
    for index in range(last - 1, first - 1, -1):  # back from the negation, to the nearest clause of another kind
        if counted and counted[index - first] and not answered:
            continue  # (主动公开政府信息186条，收到依申请公开0件: a count of what was done is no part of the nil)
        if modalities[index] in _TAIL_STOPS:
            # (…同部署、同考核，按照…的安排，镇党委书记本应于9月…述法，但因台风…取消，年内未再补开: the denial is of
            # what should have been, not of the standing practice told before it)
            break
        # (A date or another body naming what came in is no word of what was done: 乡人大主席团今年转来代表建议4件，
        # 乡政府至年底均未办理; 县检察院…发出检察建议，至年底镇里尚未整改回复.)
        said = cues[index - first].keys()
        if modalities[index] in ("done", "others") and (not said or answered and said <= _NOT_SAID_DONE) \
                or modalities[index] == "planned" and "talked_of" in said:
            # (说是要搞法律明白人培训，到年底也没见动静: what was only talked of was not done)
            modalities[index], words[index] = "negated", words[last]
        if cues[index - first].get("planned") in _RETRO and not (index > first and frames and frames[index - 1 - first]):
            # (一是将依法行政工作纳入议事日程，原定请法律顾问…讲一堂课，后因疫情一再推迟，终究没有讲成: what was denied
            # is what was planned; the work told before the plan is another matter, unless it only says whose demand the
            # plan followed: 按照县人大常委会要求，镇人大主席团原定下半年视察…，因台风影响未能成行)
            break


# A clause saying only whose demand or plan the sentence follows (按照县人大常委会要求，).
_FOLLOWING = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?(?:按照|根据|依照|遵照|按|落实|贯彻落实|贯彻)[^，。；：\n]{1,30}"
                           r"(?:要求|部署|安排|意见|通知|精神)\s*[，,]\s*")
# The body going to see another's work (观摩了邻近的…述法; 赴邻县参观学习): its own act, told of the other's work.
_VISITING = regex.compile(r"观摩|参观|考察|旁听|取经")
_BACK_REF = regex.compile(r"\s*(?:该|其|这个|那个|那里|当地|他们|对方)")
# Work a superior handed down, named as a topic (县里布置的领导干部网上学法课程，).
_ASSIGNED = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?(?:上级|[省市州县区](?:里|委|政府|人民政府|[\u4e00-\u9fff]{1,8}?(?:局|办)))"
                          r"(?:统一)?(?:布置|部署|安排|下达|交办|分配)的[^，。；：\n]{1,30}[，,]\s*")
_NOT_SAID_DONE = {"this_year", "others"}
_TAIL_STOPS = frozenset({"demand", "past", "elsewhere"})  # (what should have been, or was earlier, or elsewhere)
_COUNTED = regex.compile(r"(?<![\d.])[1-9]\d*(?:\.\d+)?\s*(?:万|余)?(?:条|件|次|场|人次|人|名|个|项|份|期|户|篇|起)")
# A clause that ends by naming the work as a noun (…的工作，; …的计划，), and one that says such work was not done.
_NOMINAL = r"(?:的|这项|该项|此项)(?:相关)?(?:工作|计划|任务|事情|事项|安排|打算|设想)"
# A clause saying what it names is put off (留待明年落实, 推迟到明年, 放到明年).
_PUT_BY = regex.compile(r"(?:留待|留到|推迟到|推到|延至|延到|放到|放在|挪到)(?:明年|下一?年度?|来年|次年|以后)")
# A clause that only names a campaign or a piece of work, as a list item opens (二是行政执法“三项制度”落实强化活动，).
# (Not one that does it: 四是开展民主法治村…建设行动，…)
_NAMED_CAMPAIGN = regex.compile(r"\s*(?>(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]|[一二三四五六七八九十]是)?)"
                                r"(?!开展|推进|加强|深化|深入|持续|全面|积极|扎实|认真|组织|实施|推动|落实|完善|健全|强化|抓好|做好|"
                                r"建立|举办|启动|大力|着力|创新|坚持|统筹|筑牢|夯实|提升|规范)[^，。；：\n]{2,40}?"
                                r"(?:活动|行动|专项行动|工程|试点|改革|工作|制度|机制|培训|考试|培养|创建)\s*[，,]\s*")
_NOMINAL_END = regex.compile(r"(?:" + _NOMINAL + r"|一事|这件事|此事)\s*[，,]\s*$")
_RESPONSE_DENIED = regex.compile(r"(?:尚未|仍未|还未|均未|都未|未|没有|没)(?:办理|办结|整改|回复|答复|采纳|反馈|处理|落实)")
_NOMINAL_DENIED = regex.compile(_NOMINAL + r"(?:还|仍|尚|一直|至今|目前|均|都)?(?:没有|没|未能|未|尚未|仍未)")


# A verdict that the work was hollow, ending a sentence (…，述法流于形式。).
_GRANTED = regex.compile(r"虽|尽管|但|却|可是|然而")  # …after a step granted (虽然…了，但…; 去年就已印制出来，但…)
_HOLLOW = regex.compile(r"[^，。；：\n]{0,12}?(?:流于形式|走了?个?过场|走形式|形同虚设|名存实亡|徒有虚名|有名无实)[^，。；：\n]{0,4}[。；！]?\s*$")
# A concession (虽已…) answered by a bare 'but not done' (但至年底尚未实施): the work itself was not done.
# (…培养工作不是没有布置，但到年底没有一个村落实到人: a litotes granting the effort, answered by what was not done.)
_AND_ALSO = regex.compile(r"\s*(?:并且?|且|还|又|也|同时)")
_CONCESSION = regex.compile(r"虽|尽管|(?:并)?不是没有|并非没有|(?:并)?不是不|并非不")
# (…没有一个村落实到人; …全年没有对外公开过政府信息: none of them, or not to the public.)
_DENIAL = (r"[^，。；：\n]{0,12}?(?:尚未|仍未|一直未|迟迟未|始终未|至今未|未能|并未|未|没有|还没有|没能)[能有]?"
           r"(?:(?:一个|一家|一名|一人|一项|一次|一件|任何)[^，。；：\n]{0,6}?)?"
           r"(?:正式|全面|真正|如期|按期|对外|向社会|主动|按时|及时|单独|专门|另行|再)?(?:实施|落实|开展|启动|完成|成立|组建|建立|到位|兑现|执行|推行|"
           r"落地|实行|召开|举办|印发|出台|聘请|选聘|开通|运行|施行|进行|实现|推荐|选派|培养|确定|送审|组织|审查|审核|公开|公布|"
           r"公示|做到|达到|开成|办成|搞成|更新|维护|启用|使用|用过|用上|设立|安排|述法|学法|演练|上线|投用|投入使用|签约|"
           r"换证|推选出|选出|推选|申报|报送|录像|录音|记录|亮证|培训|考试|备案|签订|配备|办结|答复|办理|回复)[了过]?(?:[^，。；：\n]{0,4}|一次[^，。；：\n]{0,6}|(?:一名|一个|一件|一份|一家|一人)[^，。；：\n]{0,8})"
           r"\s*[，。；！]?\s*$"
           # …or none of them done that way (实际上没有一件按这三项制度执行).
           r"|[^，。；：\n]{0,14}?没有(?:一件|一起|一例|一个|一项|一份)(?!是?不)(?:是)?(?:按|按照|依照|依|照|经过|通过)[^，。；：\n]{1,16}"
           r"(?:执行|办理|落实|实施|公示|审核|审查|记录|开展|进行|作出)\s*[，。；！]?\s*$"
           # …or never once (没有一次按制度先学法再议事; not 没有一次不…: every time).
           r"|[^，。；：\n]{0,10}?(?:没有|从未|未曾)(?:一次|一回)(?!是?不)[^，。；：\n]{0,16}\s*[，。；！]?\s*$"
           # …or stalled (公开工作基本处于停顿状态).
           r"|[^，。；：\n]{0,10}?(?:处于|陷入)(?:停顿|停滞|停摆|瘫痪)(?:状态)?\s*[，。；！]?\s*$"
           # …or the body left out of it (但我乡不在检查范围内).
           r"|[^，。；：\n]{0,10}?(?:不在|未在|没在|未被?列入|没有被?列入|未被?纳入|没有被?纳入)[^，。；：\n]{0,10}"
           r"(?:范围|之列|名单|对象|试点)[内中]?\s*[，。；！]?\s*$")
_DEMAND_SAID = regex.compile(r"(?:要求|强调|指出|提出|指示|叮嘱|嘱咐)[，,：:]\s*$")  # the demand's words follow
_BUT = regex.compile(r"\s*(?:但|但是|却|然而|可是|只是|不过)")
# The work a bare denial names (…，年内未能述法): its two-character verb.
_DENIED_ACT = regex.compile(r"(?:尚未|仍未|未能|没能|并未|未|没有)(述法|学法|公示|公开|培训|考试|评估|论证|听证|审查|审核|备案|清理|聘请|演练)")
_CONCEDED = regex.compile(_BUT.pattern + f"(?:{_DENIAL})")
_DENIED = regex.compile(r"\s*" + f"(?:{_DENIAL})")  # …after a 但 clause of its own: 但因疫情防控任务重，全年未组织集中学法
# …the denial further into its clause (…，但由于存储设备迟迟没有采购，执法过程全录像这一要求全年实际没有落地).
_DENIED_FAR = regex.compile(r"\s*" + "(?:" + _DENIAL.replace("{0,12}?", "{0,18}?", 1) + ")")
# A clause saying the work was deployed (…工作已部署，) and one after it saying how its carrying out stands (具体实施待明年…).
# (…法制审核作了安排，具体落实待区司法局培训后开展: arranged is deployed)
_DEPLOYED = regex.compile(r"[^，。；：\n]{2,40}?(?:已经?|均已|都已)?(?:(?:作了?|作出了?|进行了?|做了?)?(?:安排)?(?:部署|布置|动员)"
                          r"|(?:作了?|作出了?|进行了?|做了?)安排)(?:了)?\s*[，,]\s*")
_CARRIED_OUT = regex.compile(r"\s*(?:但|而|可)?(?:是)?(?:具体|实际|真正)(?:的)?(?:实施|落实|执行|推开|推行|开展|操作|工作|推进|运行|人选|名单|组成|成员|事项|内容|安排)")
# Only a paper step (只印发了…办法) followed by 'not' (没有…公布过): the work itself was not done.
_ON_PAPER = regex.compile(r"[^，。；：\n]{0,10}?(?:只|仅|仅仅|只是)(?:是)?(?:印发|制定|出台|下发|转发|挂牌|成立|部署|布置|召开"
                          r"|发了?[^，。；：\n]{0,6}(?:资料|材料|通知))"
                          # (…已把会前学法写进了党委议事规则，但全年开会时都没有按这一条执行)
                          r"|[^，。；：\n]{0,16}?(?:写进|写入|列入|纳入)了?[^，。；：\n]{0,10}(?:规则|制度|规定|办法|章程|细则)"
                          # (镇里采购的网上审批系统已经安装调试，但年内一直没有正式启用: set up, never used)
                          r"|[^，。；：\n]{0,20}?(?:安装|调试|采购|购置|购买|搭建)(?:调试|安装|完毕|到位|好)?(?:了)?\s*[，,]")
_UNFOLLOWED = regex.compile(r"\s*(?:但|却|但是)?(?:却)?(?:年内|今年|全年|至今|目前)?(?:一直|始终|仍|还)?(?:没有|没|未|并未|从未|未曾)"
                             r"|\s*(?:但|却|但是)[^，。；：\n]{0,10}?(?:都|却|也|从)?(?:没有|没|未|并未|从未|未曾)(?:按|照)[^，。；：\n]{0,8}(?:执行|落实|办)")
# Among the shortcomings, what the sentence grants as done (虽已全部配备) or says was done about them this year.
_FACT_AMONG_PROBLEMS = regex.compile(r"(?:虽然?|尽管)[^，。；：\n]{0,12}?(?:已经?|均已|都已|全部|已全部)|(?:虽然?|尽管)[^，。；：\n]{0,20}?了(?:\d|[一两二三四五六七八九十])|(?:今年|本年度|年内)[^，。；：\n]{0,8}已[^，。；：\n]{0,10}"
                                     r"(?:完成|建立|编制|制定|聘请|配备|印发|实现)")
# A shortcoming that says the work was not done at all (not that it was done poorly: 作用发挥不充分 is no denial).
_NOT_DONE = regex.compile(r"(?:尚未|仍未|还未|未能|没有|并未|均未|都未|(?<![从并均暂都也])未)(?:真正|全面|完全|按要求|按时|如期)?(?:开展|落实|落地|建立|"
                          r"实现|推行|取得|配备|聘请|成立|召开|实施|执行|到位|覆盖|述法|开设|设立|开通|组建|制定|编制|"
                          r"组织|举办|举行|进行)"
                          r"|(?<!不存在|没有|杜绝)未经[^，。；：\n]{0,12}(?:即|就|便|直接)"
                          # Still without it (我局至今没有法律顾问; 政务公开仍是空白).
                          r"|(?:至今|迄今|仍然?|还|一直)(?:没有|没|无)(?:专职|专门|常年|专业)?(?:法律顾问|公职律师|律师|执法证|"
                          r"清单|制度|机构|专人|人员|栏目|专栏|平台|目录|领导小组|台账|记录仪|设备|经费)"
                          r"|(?:仍|还|一直|至今)(?:是|为|属)空白")
_VILLAGE_HEADS = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?(?:各|部分|个别)?(?:村|社区)(?:（社区）|（居）)?(?:党组织|党支部|两委|委会|居委会)?"
                               r"(?:书记|主任|干部|负责人)")
# Doing it for the first time, or at last (首次, 零的突破, 填补…空白): not done before.
_FIRST_TIME = regex.compile(r"首次|第一次|零的突破|零突破|填补[^，。；：\n]{0,16}空白")
_CONTINUED = regex.compile(r"继续|坚持|持续|深化|进一步|巩固|常态化|再次")


def _sentence_around(norm: str, starts: list[int], index: int) -> tuple[int, int]:
    """The sentence holding clause `index`: from the clause after the last sentence end before it to its own end
    (walked clause by clause, so that the cost is the sentence's, not the text's)."""
    first = index
    while first > 0 and norm[starts[first] - 1] not in _SENTENCE_END:
        first -= 1
    last = index
    while last + 1 < len(starts) and norm[starts[last + 1] - 1] not in _SENTENCE_END:
        last += 1
    return starts[first], (starts[last + 1] if last + 1 < len(starts) else len(norm))


_SOME_UNITS = regex.compile(r"(?:部分|个别|有的|少数|仍有|还有|尚有)[^，。；：\n]{0,6}(?:村|社区|站所|科室|单位|部门)")
# Some of the body's people (部分人员没有取得执法证件; 仍有2名执法人员未取得执法证; 新招的6名协管员还没有执法证): a
# denial that contradicts only a report of all of them (全部持证), not of the work itself (组织了执法资格考试).
SOME_PEOPLE = regex.compile(r"(?:部分|个别|有的|少数|仍有|还有|尚有|新招|新进|新录用|新调入)[^，。；：\n]{0,8}"
                            r"(?:人员|干部|同志|队员|协管员|协勤|辅警|执法员|工作人员)"
                            r"|(?:仍有|还有|尚有|有)\s*(?:近|约)?\s*(?:\d+|[一两二三四五六七八九十]{1,3})\s*(?:名|人|位|成)")
ALL_OF_THEM = regex.compile(r"全部|所有|全体|均已|都已|全员|无一|100%|百分之百|一个不落")
# A clause that says none of what the sentence named was done: 在我镇均未真正落地, 都没有开展.
# (Not an outcome: 开展安全检查12次，均未发生事故 is work done.)
_ALL_NOT = regex.compile(r"\s*(?:在[^，。；：\n]{0,8})?(?:均|都|全都|全部|一律)(?:未|没有|尚未|没)(?!发生|出现|引发|造成|导致|发现|有(?:发生|出现|发现))")
# A clause whose subject points back to what was just named: 这项工作, 该制度, 上述两项工作, 但此项工作.
_POINT_LEAD = r"\s*(?:但是?|然而|可是?|而|不过|只是)?(?:目前|至今|现在|当前)?"  # (但目前…, 而…: before the pointer)
_POINTING = (_POINT_LEAD + r"(?:上述|以上|前述|这|此|该)"
             r"(?:[一两二三四五六七八九几]?[项个条件份次场堂批类]|些)?")
_ANAPHOR = regex.compile(_POINTING + r"(?:工作|制度|机制|措施|举措|事项|事情|事|任务|活动|计划|要求|规定|"
                         r"做法|办法|平台|专栏|队伍|学习|培训|考试|演练|述法|公示|创建|申报|签约|评估|清理|审查|审核|会议|会|讲座|文本|材料|合同|协议|方案|安排"
                         # (…，这两项都没有完成: the count alone)
                         r"|(?<=[这此][两二三四五六七八九几][项件条])(?=都|均|也|还|仍|至今|一直)"
                         # (…作为…依据。这一条因考核办法年中已经印发，本年度没有来得及执行: the one just named)
                         r"|(?<=[这此该]一?[项件条点])(?=因|由于|受|本年度|今年|年内|至今|一直|还|仍|也))")
# A step the named work went without (这些事项提交会议前均未经合法性审查): the work itself was still done.
_WITHOUT_STEP = regex.compile(r"未经过?|没有?经过|不经")
# …naming it a plan (这项安排, 此项计划).
# (…原打算邀请法律顾问…讲一堂依法行政课，不过…一再推后，这堂课今年没有讲成: the event planned)
_PLAN_NAMED = regex.compile(_POINTING + r"(?:安排|计划|打算|设想|想法|(?:堂|次|场)?(?:课|讲座|培训|会议?|活动|演练|考试))")


# One work pointed back to (这项工作, 该项任务, 此事).
_ONE_POINTED = regex.compile(_POINT_LEAD + r"(?:这项|该项|此项|这件|这个|此事|这事)")


def _from_the_plan(norm: str, lo: int, hi: int, modalities: list[str], start: int, stop: int) -> int:
    """Where a clause pointing back reaches from: the first plan among clauses start..stop when it names a plan
    (一是将…纳入议事日程，原打算邀请法律顾问…，…，这项安排全年没有兑现: the plan, not the work before it), else start."""
    if _PLAN_NAMED.match(norm, lo, hi):
        return next((i for i in range(start, stop) if modalities[i] == "planned"), start)
    if _ONE_POINTED.match(norm, lo, hi):
        # (三是开展民主法治村…建设行动，曾计划实施…“法律明白人”全覆盖，可是…名额今年没有分到我镇，这项工作只能放到明年:
        # one work pointed back to, and the sentence planned one: that one)
        return next((i for i in range(stop - 1, start - 1, -1) if modalities[i] == "planned"), start)
    return start


# A clause saying what began earlier goes on (这几年一直照着办, 此后每年都…, 至今坚持).
_STILL_GOING = regex.compile(r"\s*(?:(?:这几年|近几年|多年来|几年来|此后|之后|从那以后)[^，。；：\n]{0,4}(?:一直|始终|都|年年|坚持)"
                             r"|[^，。；：\n]{0,6}(?:至今|一直到现在|到现在))")
# The manner words that open a clause of work told (主动接受…, 积极推进…, 进一步规范…).
_MANNER = r"(?:主动|积极|认真|切实|严格|全面|自觉|依法|进一步|不断|持续|扎实)"
# A list of the work's names opening a sentence (二是执法公示、执法全过程记录和重大执法决定法制审核，): a topic, what became
# of it told after.
_LISTED_TOPIC = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?(?:[^，。；：\n、]{2,14}、)+[^，。；：\n、]{2,14}(?:和|及|与|以及)"
                              r"[^，。；：\n、]{2,14}\s*[，,]")
_LIST_VERB = regex.compile(r"开展|推进|加强|落实|建立|实行|推行|完善|实施|组织|召开|举办|制定|印发|聘请|配备|实现|做到|坚持|"
                           r"深化|规范|强化|提升|提高|健全|严格|做好|抓好|完成|进行|已|了"
                           # (二是在镇政务公开栏公示执法主体、执法依据和执法结果，: a place and its verb, no list of names)
                           r"|在[^，。；：\n、]{1,12}(?:公示|公开|公布|张贴|发布)")
# A topic named first, as a noun phrase with no word of its own to say what happened (镇党委书记的年度述法，…).
# (Not a clause of time or condition: 在推行…的同时, 在…的基础上, …的情况下.)
_TOPIC = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?(?![^，。；：\n]*(?:的同时|的基础上|的过程中|的情况下|的前提下|的时候|之际)\s*[，,])"
                       r"(?!为了?(?:提高|提升|推进|推动|加强|确保|进一步|保障|促进|规范|做好))"  # (为提高…的水平，: an aim, no topic)
                       # (主动接受人大、社会、群众等方面的监督，: work told, no topic)
                       r"(?!" + _MANNER + r"[\u4e00-\u9fff])"
                       r"(?:[^，。；：\n]{1,24}的[^，。；：\n的]{1,10}|[^，。；：\n]{1,16}(?:一项|这项工作|这一项|一事|方面)"
                       # (镇区农贸市场搬迁这一重大行政决策，: the thing named, then what became of it)
                       r"|[^，。；：\n]{2,16}这一(?:重大|重要|项)?[^，。；：\n的]{2,10}"
                       # (至于镇党委书记、镇长年终述法这件事，…还没顾上，打算年后再说: a topic raised, then what became of it)
                       r"|(?:至于|关于|说到|说起|对于)[^，。；：\n]{1,30}?(?:这件事|这事|一事|工作|的事)?)\s*[，,]")
# A clause opening with a manner word and its verb (主动接受…, 积极推进…): an item of work of its own.
# A clause whose plan is a named piece of work's, the work its subject (政府信息公开工作将按照规定和制度逐步开展，).
_WORK_WILL = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?[^，。；：\n]{2,20}?(?:工作|制度|建设)(?:也|还|则)?(?:将|拟|计划|准备|打算|预计)")
# What stands now (目前做到执法过程全录像), and a practice whenever a case arises (遇到…重大问题都及时研究解决).
_NOW_SO = regex.compile(r"\s*(?:但|而)?(?:目前|现在|眼下|当前|截至目前)(?:已经?|均已|都已|基本|已基本)?(?:做到|实现|达到|落实|完成|建立|配备|配齐)")
_HABIT = regex.compile(r"\s*(?:遇到|遇有|凡是?|每当|每逢)[^，。；：\n]{1,30}?(?:都|均|即|就|一律)")
_ADVERB_VERB = regex.compile(r"\s*" + _MANNER + r"[\u4e00-\u9fff]")
# A set of work named as a whole, to be told item by item (行政执法“三项制度”中，; 这两项工作方面，).
_SET_NAMED = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?[^，。；：\n]{0,24}?[两三四五六七八九十几]项[^，。；：\n]{0,8}?"
                           r"(?:中|之中|当中|方面|里)\s*[，,]")
_ITEM_START = regex.compile(r"\s*[一二三四五六七八九十]是")
# How the work is to be done, as an open matter (“述法”情况怎样纳入年度考核…，目前仍在与县委组织部对接).
_HOW = regex.compile(r"怎样|如何|怎么")
# A clause that is only a predicate, its subject the clause before (…的审查报备，已于2022年…完成; …，准备明年…再推进).
# (…2022年应主动公开的内容，梳理工作尚未完成: the work on it, named by a short noun, is its subject.)
_PREDICATE_ONLY = regex.compile(r"\s*(?:[\u4e00-\u9fff]{1,6}?(?:工作|任务)(?:也|都|均|还|仍|目前|至今)?(?=尚未|仍未|还未|未|没有|没|准备|计划|拟|将))?"
                                r"(?:目前|现在|眼下|当前|至今|(?:19|20)\d{2}\s*年度?)?"  # (…的做法，2022年坚持过，…)
                                # (…的审查报备，待明年乡司法所人员配齐后再启动: waits, so not done)
                                r"(?:也|均|都|则|已经|早已|早在|已于|已由|均已|都已|准备|计划|拟|将于|将|尚未|仍未|还未|未|没有|没|一直未|至今未|仍在|还在|坚持过|开过|搞过|做过"
                                r"|(?:留|只能|还要|须|需)?待(?!遇|人|客)"
                                r"|(?:说|讲|提|喊)是(?:说|讲|提|喊)了|(?:说|讲|提)了(?:几|好几|多))")  # (…，讲是讲了，…: talked of)
# An item's lead sentence naming its subject as a task (三是加强行政执法人员业务培训及管理。).
_ITEM_LEAD = regex.compile(r"\s*[一二三四五六七八九十]是(?:加强|推进|强化|深化|规范|完善|抓好|做好|狠抓|注重|坚持|提升|健全|落实)"
                           r"[^，。；：\n]{2,24}[。；]\s*")
# …or raised in the course of a sentence (二是抓好…教育引导，至于规范性文件审查报备，…).
_TOPIC_RAISED = regex.compile(r"\s*(?:(?:至于|说到|说起|对于)[^，。；：\n]{1,30}?(?:一事|这件事|的事)|(?:至于|说到|说起)[^，。；：\n]{1,50}?|[^，。；：\n]{1,16}(?:一项|这项工作|这一项)|"
                              r"[^，。；：\n]{1,16}(?:这块|这一块|这方面|这一方面|方面|这项要求|这一要求)(?:嘛|呢|啊|吧)?|"  # (法律明白人这块嘛，说了好几回，…没落实)
                              r"[^，。；：\n]{1,40}(?:一事|这件事)"
                              r"|[^，。；：\n]{2,30}的(?:情况|数据|数字|结果)"  # (以我镇为被申请人的行政复议情况，…暂时无法统计)
                              r"|[^，。；：\n]{1,20}这(?:一|个)[^，。；：\n]{0,6}(?:事项|项目|任务)"  # (场镇农贸市场改造这一重大事项，…推迟到明年)
                              r"|[^，。；：\n]{1,40}(?:[两三四五几]项(?:工作|制度|机制|措施|任务)|这些工作|这[两三四五几]件事|这些事)"  # (…创建和…培养两项工作，)
                              # (人大代表视察、群众评议等监督活动，: kinds of work listed, their fate told after)
                              r"|[^，。；：\n]{2,30}、[^，。；：\n]{2,30}等[^，。；：\n]{0,6}(?:活动|工作))\s*[，,]")
# Held so many times (只开了1次, 一共搞了两场): what was held, however short of the plan.
_HELD_TIMES = regex.compile(r"(?:开|召开|举行|举办|办|搞|组织|开展|进行)了\s*(?:\d+|[一两二三四五六七八九十几]+)\s*(?:次|场|回|期|轮)")
# The role a body or post plays, as a formula (充分发挥法律顾问在重大行政决策中的作用).
_ROLE_FORMULA = regex.compile(r"\s*(?:充分|积极|切实|更好)?发挥(?:好|了)?([\u4e00-\u9fff]{2,8}?)(?:在|的|参谋|助手|作用)")
# Named work put off, whole in one clause (政府信息公开工作待区里统一规范后明年再行开展，).
_PUT_OFF_WHOLE = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?[^，。；：\n]{2,20}?(?:工作|活动|制度|培训|考试|述法|创建|任务|评估|清理)"
                               r"(?:也|则|还)?(?:待|将于|拟于|计划于|推迟到|推迟至|延至|放到)[^，。；：\n]{1,24}"
                               r"(?:开展|推进|实施|启动|进行|举行|召开|组织)\s*[，,]\s*")
# …or tries that came to what the clause after says (镇里和县律师协会谈了几轮，律所到年底也没派出人来).
# What the rules say ought to be done (按规定都应先交…审查), told as a rule, not as work done.
_OUGHT = regex.compile(r"\s*(?:但|而)?(?:按(?:照)?(?:规定|要求|程序|制度)|依(?:照)?规定|按理|本来|原本)?[，,]?\s*(?:都|均|也)?"
                       r"(?:应当?|应该|本应|理应|须|必须|需要?)(?:先|事先|提前|事前)?")
_ATTEMPT = regex.compile(r"[^，。；：\n]{0,16}(?:(?:谈|商谈|协商|沟通|接洽|对接|联系)了?(?:几|多|数|好几)(?:轮|次|回)|(?:多次|反复|几经|数次|几次)"
                         r"(?:协商|沟通|接洽|对接|商谈|联系)"
                         # (镇里与律所商谈律师驻村“坐堂问诊”已有半年，: talks that have gone on)
                         r"|(?:商谈|洽谈|协商|沟通|接洽|对接)[^，。；：\n]{0,20}(?:已有|已经|有)(?:半年|数月|几个月|一段时间|大半年|多时|一年)"
                         # (…“三项制度”落实强化活动，乡里只开了一次动员会，…都还没有真正运转起来: a meeting, no more)
                         r"|(?:只|仅|仅仅|就)(?:是)?(?:开|召开|组织|搞)了?(?:一次|一场|一个|个)?(?:动员会|部署会|启动会|推进会|动员大会|会议|会))"
                         r"\s*[，,]\s*")
# A clause of what came before the outcome (镇里在与各村反复商量、逐户摸清返乡时间之后，).
_STEP_BEFORE = regex.compile(r"[^，。；：\n]{0,8}在[^，。；：\n]{2,40}(?:之后|以后)\s*[，,]\s*")
# A clause saying what was just named is still on paper: 今年仍停留在文件上.
_STILL_ON_PAPER = regex.compile(r"\s*(?:但|可|却)?(?:在我[\u4e00-\u9fff]{1,3})?(?:今年|目前|至今|现在|当前)?(?:仍然?|还|依然|依旧)(?:只)?停留在")
# Every time without fail: 没有一次不…, 无一不…, 无一例外.
# (…，没有一个村落下: none left out, so all; not 无一例外都没有参加过: all of them not.)
_DOUBLE_NEGATION = regex.compile(r"谁说[^，。；：？?\n]{0,16}没|一(?:步|个环节|道程序|项程序|道环节)(?:也|都)?(?:未|没有?|不)(?:落|少|缺|漏|省|跳)|没有?(?:一次|一件|一个|一项|一例|一回|一起|哪次|哪一次|哪件)(?:是)?不|无一不|无一例外(?![都均全]?(?:没|未|不))|无不|莫不|"
                                 r"(?:(?:没有|无)(?:一个|一人|一户|一家|一处|一名|一村|一次|一回|一期|一场)[^，。；：\n]{0,8}?"
                                 r"|(?:一个|一人|一户|一家|一处|一名|一村|一次|一回|一期|一场)[^，。；：\n]{0,4}?(?:也|都)没有?)"
                                 r"(?:落下|遗漏|漏掉|掉队|例外|缺席|漏报|漏登|空着|空缺|缺位)"
                                 # 没有一件重大执法决定未经法制审核; 无一例未经公众参与…; 没有一个村（居）空缺
                                 r"|(?:没有|无|从未有|从来没有)(?:一次|一件|一个|一项|一例|一起|一份|一宗|一名|一户|一处|一村|一人|一家)"
                                 # (从未有一份绕开法律顾问审查就直接签字)
                                 r"[^，。；：\n]{0,14}?(?:未经|不经|空缺|缺位|未作|未做|未予|未按|没有?按|绕开|绕过|跳过|越过|避开)"  # (无一例未作全过程记录)
                                 # …with the 未 right after the count (无一例未在公示栏公示结果); not 未成年 (a minor)
                                 r"|(?:没有|无)(?:一次|一件|一个|一项|一例|一起|一份|一宗|一名|一户|一处|一村|一人|一家)(?:是)?"
                                 r"(?:未(?!成年|遂)|没有?)(?=[\u4e00-\u9fff])")
# A clause held back by something (受综合执法力量整合影响) and a denial with no subject of its own after it (至年底尚未全面铺开).
_HINDERED = regex.compile(r"受[^，。；：\n]{1,20}(?:影响|制约|限制)|(?:因|由于)[^，。；：\n]{2,20}")
_BARE_DENIAL = regex.compile(r"\s*(?:至年底|截至年底|到年底|年底前|目前|至今|截至目前|年内|全年|今年|本年度)?(?:仍|还|都|均|一直)?(?:尚未|仍未|还未|未能|没有|没能|未)")
# Put off to later in the same year (推迟到七月中旬, 顺延至年底).
_IN_YEAR_DELAY = regex.compile(r"(?:推迟|延期|顺延|延后)(?:到|至)(?:[^，。；：\n]{0,4}月|年底|年末|下半年|年内)")
# A denial with no object of its own (我乡尚未启动; 我乡因执法人员不足尚未开展), after a clause that names the work as a
# topic (…的…活动，).
_TOPIC_DENIED = regex.compile(r"\s*(?:我|本)?(?:镇|乡|街道|局|单位|县|区)?(?:里)?(?:(?:因|由于|受)[^，。；：\n]{1,12}?)?"
                              r"(?:至今|目前|今年|年内|全年|截至年底|至年底|到年底)?(?:仍|还|都|均)?"
                              r"(?:(?:一件|一次|一份|一项|一个)(?:也|都))?(?:尚未|还未|仍未|未能|未|没有|没)(?:一件|一次|一项|一个)?"
                              r"(?:启动|开展|实施|落实|执行|推行|推开|组织|进行|部署|办结|答复|办理|报送|报备|送审|备案)+(?:起来)?"
                              r"\s*[，。；,;]?\s*")
_ABOUT_US = regex.compile(r"(?:针对|涉及|对|告)(?:我|本)(?:镇|乡|街道|局|委|办|单位|县|区|市)"
                          # (区政府没有转来以街道为被申请人的复议答复通知: the body named as the respondent)
                          r"|以(?:我|本)?(?:镇|乡|街道|局|委|办|单位)(?:政府|办事处)?为(?:被申请人|被告)")
# An earlier year as the time of another's step on the body (县审计局2021年对我镇…), not as its object.
# (…or before the actor: 2021年县人大常委会对我镇开展了依法行政工作评议, in a 2022 report)
_EARLIER_TIME = regex.compile(r"(?<![\d—\-－~～至到])(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?"
                              r"(?=[^，。；：\n\d]{0,14}?(?:曾经?|先后|也|还)?\s*(?:对|在|到|给|为|向|来)(?:我|本))")
_RESPONDENT = regex.compile(r"以(?:我|本)(?:镇|乡|街道|局|委|办|单位)(?:政府|办事处)?为(?:被申请人|被告)")
_CONCEDING = regex.compile(r"\s*(?:虽然?|尽管)")
_NONE_PASSED = regex.compile(r"\s*(?:但是?|可|然而)?(?:却|结果)?(?:无一人|没有一人|没有一个人?|一人也没有?|一个也没有?|均未|都没有?|全部未|全都没有?)"
                          r"(?:能)?(?:通过|考过|合格|及格)")
_EXAM = regex.compile(r"考试|考核|测试|资格考")
_REASON_OPENS = regex.compile(r"\s*(?:[一二三四五六七八九十]是)?(?:但是?|可是?|却|又|也)?(?:由于|因为|因(?![地材势此而])"
                              # (受乡人大主席团换届影响，…未能组织; 但受培训师资和经费所限，…未能开展)
                              r"|受到?(?=[^，。；：\n]{1,24}(?:影响|制约|限制|所限|冲击|干扰)))")
_WORK_NAMED = regex.compile(r"(?:(?:活动|工作|制度|任务|方案|计划|要求|行动|做法)|(?<=的)[\u4e00-\u9fff]{2,6})\s*[，,]\s*$")
# A clause that ends naming the work before it as a topic (…畅通监督渠道这一系列工作，), and a denial whose subject
# names again what an earlier clause set up (领导小组由谁任组长…，…，小组至今没有成立).
_ABOUT = regex.compile(r"\s*(?:对于|关于|至于)")
_NEW_TOPIC = regex.compile(r"\s*至于")
# A clause that only says what the next one is about (镇政府围绕明确行政决策的权限和程序、…等内容，起草了…（草案），
# 目前仍在征求意见): it fares as that clause does.
_ADJUNCT = regex.compile(r"[^，。；：\n]{0,8}?(?:围绕|针对|聚焦|就)[^，。；：\n]{1,80}?等?(?:内容|方面|问题|事项|环节|领域|主题)\s*[，,]\s*")
# A clause that says what came only at the year's end (但执法记录仪年底才配发到位，执法过程还没有做到全程录像): why it was not done.
_CAME_LATE = regex.compile(r"\s*(?:但是?|可是?|却)?[^，。；：\n]{0,20}(?:年底|年末|12月|十二月|下半年|年终|直到[^，。；：\n]{1,8})才"
                           r"[^，。；：\n]{0,10}(?:到位|配发|配齐|到岗|建成|出台|印发|下发|落实|到达|启用)\s*[，,]\s*")
_TOPIC_TAIL = regex.compile(r"(?:这|此|上述|以上|该)(?:一系列|几项|些|项|一)?(?:工作|事项|任务|做法|举措|措施|要求)\s*[，,]\s*$")
_SUBJECT_DENIED = regex.compile(r"\s*([\u4e00-\u9fff]{2,4}?)(?:至今|仍然?|还|始终|一直|迄今|到现在|年内)?(?:都|也)?(?:没有|未|尚未|还没有?)"
                                r"(?:正式)?(?:成立|建立|组建|设立|运行|启动|签约|签订|聘请|开展|召开|举办|实施|落实)")
# A clause saying the sentence's attempt came to nothing (几经协商未果; 最终不了了之).
_CAME_TO_NOTHING = regex.compile(r"[^，。；：\n]{0,8}(?:未果|无果|没有结果|没了下文|不了了之|没谈成|没能谈成)")
# A rule made (制定了班子成员学法制度) and then said not to be carried out (学法制度实际上没有执行).
_RULE_MADE = regex.compile(r"(?:制定|建立|出台|印发|修订|完善)了?[^，。；：\n]{0,16}(?:制度|规定|办法|规则|机制|清单)")
_RULE_SET = regex.compile(r"(?:制度|规定|办法|规则|机制)[^，。；：\n]{0,4}(?:已经?|均已|虽已)?(?:制定|建立|出台|印发|修订)|" + _RULE_MADE.pattern)
_RULE_UNUSED = regex.compile(r"[^，。；：\n]{0,16}?(?:制度|规定|办法|规则|机制|清单)[^，。；：\n]{0,6}?(?:实际上|事实上|根本|始终|一直|从来|并)?"
                             r"(?:没有|没|未|从未|未曾|并未)(?:真正)?(?:执行|落实|实行|运行|启用|使用|用过|发挥作用)")
# A standing arrangement that ended: 合同到期后未再续聘, 此后不再开展.
# A lead whose modality its list's items take (拟从明年起做到：①…；②…; 县人大常委会要求各乡镇：①…), the items numbered.
_LIST_LEADS = frozenset({"planned", "demand", "others", "negated", "talked_of"})
_LIST_ITEM = regex.compile(r"\s*(?:[①-⑳]|[（(]?[一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十]是|\d{1,2}[.．、])")
_LIST_END = regex.compile(r"[。！？!?\n]")
_WAS_EARLIER = regex.compile(r"\s*(?:那|这)?(?:还是|已是|是|都是|那是|这是)(?:19|20)\d{2}\s*年(?:度)?(?:的事(?:情|儿)?|以前的事|搞的|做的|办的)\s*[，,。；;]?")
# (…今年未再组织新一轮培训: only a new round was not held; the 86 trained in 2021 stand)
_NOT_RECHECKED = regex.compile(r"(?:未再|不再|没有再|没再)(?:组织|进行|开展|安排)?(?:复核|复查|复评|复审|验收|检查|评估|新一(?:轮|批|期))")
_LAPSED = regex.compile(r"未再|不再|没有再|没再|再(?:也)?没有?|停止|终止|到期|(?:仍|还|依然|依旧)?停留在|撤销|撤并|废止|解散")  # (…今年仍停留在文件上)
@lru_cache(maxsize=8)
def _year_first(year: int) -> Any:
    """A clause opening with the report year's number (2022年，…; 2022年10月，…; 二是2022年…)."""
    return regex.compile(rf"\s*(?:(?:[一二三四五六七八九十]是|其[一二三四五])[，,]?)?{year}\s*年(?:度|[^，。；：\n]{{0,6}}月)?")


# Only a first step taken (仅与律所进行了初步洽谈; 只开了一次协调会).
_ONLY_A_STEP = regex.compile(r"(?:仅|只|只是|仅仅)[^，。；：\n]{0,12}(?:初步|前期|摸底|洽谈|接触|协商|商谈|调研)|初步(?:洽谈|接触|协商|商谈)"
                            # (…原本排在县委的年末会议上，述法提纲也已拟好，后因会议改期…，年内未能述法: what was
                            # got ready for the event is no sign it took place)
                            r"|(?:提纲|材料|讲稿|发言稿|报告稿|方案|通知|议程)[^，。；：\n]{0,4}(?:也|均|都)?(?:已经?|早已|早就)"
                            r"(?:拟好|拟定|备好|写好|准备好|准备就绪|起草|成稿|下发|发出)")
# Renewing what ran out (未组织换证, 没有续聘) and running out (证件已到期, 合同期满).
_RENEWAL = regex.compile(r"换证|换发|续聘|续签|续约|重新(?:聘请|签订|申领|考取)")
_EXPIRED = regex.compile(r"到期|过期|失效|期满")
# The body saying it met a demand of its sentence: 我乡已于6月编制完成.
_COMPLIED = regex.compile(r"\s*(?:我|本)(?:镇|乡|街道|局|委|办|单位)[^，。；：\n]{0,10}(?:已|均已|全部|按期|如期)[^，。；：\n]{0,10}"
                          r"(?:完成|落实|到位|建立|制定|印发|办结|整改|编制)")
# A failing named as what the work dealt with (针对…不及时问题，…).
_ADDRESSED = r"\s*(?:[^，。；：\n]{0,6}?)针对[^，。；：\n]{0,40}(?:问题|情况|现象|不足|短板|薄弱环节|隐患)"
# A clause stating the aim of what follows (为推动行政机关负责人出庭应诉，…).
_PURPOSE = r"\s*为了?(?:推动|促进|确保|加强|进一步|规范|提高|提升|落实|保障|做好|推进|深化|强化)"
# A clause measuring what follows against a standard (但对照“八五”普法规划的要求，…还没有落地).
# (The whole clause: 对照权责清单查摆履职中的薄弱环节 names a problem of its own.)
_MEASURED = r"\s*(?:[^，。；：\n]{0,6}?)(?:对照|比照|对标)[^，。；：\n]{0,30}(?:要求|标准|目标|规定|部署|清单|任务)[，,]?\s*$"
_FRAME = regex.compile(f"{_ADDRESSED}|{_PURPOSE}|{_MEASURED}")  # any, in one call
# A short denial about a later step, not the work (…镇长出庭应诉，目前尚未收到判决).
# (Not none of what the sentence named: 人大代表建议和政协提案，镇里今年都没有收到.)
_OTHER_THING = regex.compile(r"\s*(?![^，。；：\n]{0,10}(?:都|均|也)(?:未|没有)(?:收到|接到))[^，。；：\n]{0,10}(?:尚未|还未|仍未|未|没有)(?:收到|接到|作出|出具|下达|宣判|判决|审结|结案|批复)"
                            # (…资金尚未到位; not 因培训经费未到位推迟到明年, where the work itself was put off)
                            r"|\s*(?:但|但是)?(?![^，。；：\n]*(?:推迟|延期|延后|暂缓|搁置|没有开展|未开展|未能|没能))"
                            r"[^，。；：\n]{0,4}(?:资金|经费|款项|拨款|补助)[^，。；：\n]{0,4}(?:尚未|还未|仍未|未)"
                            # (…作为被告的案件，均由镇法律顾问代理出庭，镇主要负责人没有出庭: the principal's own absence)
                            r"|\s*(?:但|但是)?(?:镇|乡|街道|局|委)?(?:党委|政府)?主要负责(?:人|同志)(?:本人)?(?:均|都|也)?(?:没有|未)(?:出庭|到庭)"
                            # (…参加了执法文书制作培训，执法资格考试则因县里停考推迟到明年: another matter, set against it)
                            r"|\s*(?:但|而)?[^，。；：\n]{2,16}?则(?=[^，。；：\n]{0,24}(?:推迟|延期|延后|暂缓|放到|停考|取消|未|没有|没))"
                            # (…两个村…开展创建，两村今年通过了县级验收，其余村尚未启动: the rest, not those named)
                            r"|\s*(?:但|而)?(?:其余|其他|其它|剩下|剩余|余下)的?[^，。；：\n]{0,8}?(?:尚未|还未|仍未|暂未|未|没有|没)")
# A clause that goes on with the sentence's actor (并委托…, 随后又…, 事前召开了…): it has no subject of its own.
# (…or opens with the act an organiser does, the subject dropped: 县司法局今年加强…培训，组织县级各执法部门干部参加了…)
_GOES_ON = regex.compile(r"\s*(?:年内|全年|今年|此外|同时)?(?:并且?|且|还|又|随后|随即|然后|之后|继而|事前|事先|事后|最后|最终|已|均已|都已"
                         r"|组织|召开|举办|印发|下发|部署)(?!我|本)")
# A sentence ending in when the work will start to run (…细则，定于2023年1月1日起施行; …专栏已完成页面设计，预计明年一季度
# 上线运行): what it reported done was the preparation, the work itself is to come. (Not more of what runs already:
# 明年将继续推行, 全面推广.)
# The clause has no subject of its own: it opens with the plan (预计…, 定于…); 网上平台预计明年上线 is another thing's.
# …a clause telling when it acted (县农业执法支队到我镇开展执法检查时，执法人员均主动出示了执法证件): its people go on.
_WHILE_THEY = regex.compile(r"(?:时|前|期间|过程中|之际)[，,]$")  # (县政府…作出决策前，召开了听证会: still the county)
_GOES_LIVE = regex.compile(r"\s*(?![^，。；：\n]*(?:继续|进一步|全面推|推广|扩大))(?:预计|定于|拟于|将于|计划于?|争取|力争|准备|拟)"
                           r"[^，。；：\n]{0,20}(?:(?:起|开始|正式)(?:施行|实施|执行|推行|运行)|上线|启用|投用|开通|投入使用|挂牌运行)")
# A sentence ending in 'still to be decided' (…，仍需研究。): what it named is undecided.
# A sentence's last clause naming what it tells as a superior's demand (…，是县司法局年初提出的要求。; …，这是上级布置的任务).
_DEMAND_TAIL = regex.compile(r"\s*(?:这|此|以上|上述)?(?:也|都|均)?是(?:上级|上面|[省市州县区](?:里|委|政府|人民政府|[\u4e00-\u9fff]{1,10}?(?:局|办|厅|委员会)))"
                             r"(?:年初|今年|年内|专门|统一|明确|反复)?(?:提出|下达|部署|布置|交办|明确|规定|强调)的?(?:硬性|明确|具体|工作)?"
                             r"(?:要求|任务|规定|指标)\s*[。；！!;\n]?")
_UNDECIDED = regex.compile(r"\s*(?:目前|当前|对此)?(?:仍|尚|还|有|正)?(?:需|待|须|在)(?:进一步)?(?:研究|论证|商定|确定|明确|研判|协调)"
                           r"(?:决定|确定)?\s*[。；！？!?;\n]?"
                           # …，有待于县里统一模板下发后再开展: waits for another's step first
                           r"|\s*(?:准备|计划|拟|打算)?(?:还|仍|尚)?有?待于?[^，。；：\n]{0,20}后(?:再|才|方)(?:行)?(?:开展|进行|实施|启动|推进|推开|推行|编制|制定)"
                           r"\s*[。；！？!?;\n]?")
# Cues that keep a dated, 已-marked clause among the plans from being the year's work.
_NOT_NOW = frozenset({"nil", "negated", "planned", "demand", "others", "elsewhere", "later", "later_month", "earlier",
                      "problem"})
# The planned work done ahead of its plan (比计划提前完成, 提前作出).
_AHEAD = regex.compile(r"(?:比|较)(?:原)?计划提前|提前(?:[一二三两四五六七八九十\d]+个?(?:月|季度|周|天|星期))?(?:完成|作出|召开|实施|举行|建成|办结|实现)")
_RETRO = frozenset({"原计划", "原定", "原拟", *(a + b for a in ("本", "原", "原本", "本来", "曾") for b in ("想", "打算", "准备", "计划")),
                    *(a + "说" + b for a in ("原", "原先", "本来", "原本") for b in ("", "好", "的", "好的")),
                    *(a + also + b for a in ("原本", "本来", "原先") for also in ("", "也", "都")
                      for b in ("排了", "安排了", "列了", "定了", "排在", "安排在", "定在", "列在", "要求", "列入了", "列入", "纳入了",
                                "纳入", "要", "是要", "应该", "应当"))})
_AWAITING = ("有待", "尚需", "还需", "仍需")  # …有待党委会审定: a problem cue that, after a draft, means it waits


_LATER_MONTH = regex.compile(r"(?:截?至)?\d{4}\s*年\s*\S{1,2}\s*月")  # the cue of a clause dated by a later month
_KIND_MODALITY = {"talked_of": "planned"}  # cue kinds that set another's modality


def _modality(part: str, found: dict[str, str], carry: str, carry_cue: str) -> tuple[str, str]:
    """The clause's modality: its part first, then its own cues, then what its sentence opened with."""
    if part == "header":
        return "header", ""
    if part in PART_MODALITY:
        return PART_MODALITY[part], ""
    if not found:
        return (carry, carry_cue) if carry else ("done", "")
    if "nil" in found and "others" in found:
        return "others", found["others"]  # 县政府全年未被申请行政复议: the superior's nil, not the body's
    if "nil" in found and "earlier" in found and "this_year" not in found:
        return "past", found["earlier"]  # 去年我镇未发生行政复议案件 (去年 before the report year): an earlier year's nil
    for modality in ("nil", "negated", "planned", "talked_of", "demand", "elsewhere", "others"):
        if modality in found and not (modality == "demand" and "comply" in found):
            return _KIND_MODALITY.get(modality, modality), found[modality]
    if "problem" in found and "remedy" not in found:
        return "problem", found["problem"]
    if "this_year" in found:  # the report year named: this year's work
        return "done", ""
    if "earlier" in found:
        return "past", found["earlier"]
    if "done" in found and carry != "past":  # 本年度、已、共计、…了: done, whatever the sentence opened with
        if "later_month" in found or carry == "planned" and _LATER_MONTH.fullmatch(carry_cue):
            # 2024年1月，…签订了…协议 in a 2023 report: done, but after the year reported on (work on that year
            # done after it names it: 2024年1月，…就2023年度履职情况述法 is this year's). A later year alone
            # (2023年共开展宣传23场次 in a report written in February 2023) is a slip for the report year.
            return "later", found.get("later_month", carry_cue)
        return "done", ""
    if "later" in found:
        return "planned", found.get("later_month", found["later"])
    if carry:
        return carry, carry_cue
    return "done", ""


def _cues(norm: str, starts: list[int], settings: ClaimSettings, year: int | None,
          titles: tuple[tuple[int, int, bool], ...],
          spans: list[tuple[int, int]] | None = None, written_after: bool = False) -> dict[int, dict[str, str]]:
    """Clause start → {modality: first cue word} over the text (or only the `spans` whose clauses take their
    modality from their words); words inside a cited title (《关于进一步加强……的意见》) are the title's, not the
    report's, and are skipped."""
    title_starts = [t[0] for t in titles]
    out: dict[int, dict[str, str]] = {}
    spans = [(0, len(norm))] if spans is None else spans
    for modality, matches in _cue_scan(settings, year, written_after).matches(norm, spans):
        for match in matches:
            at = bisect_right(title_starts, match.start()) - 1
            if at >= 0 and titles[at][0] <= match.start() < titles[at][1]:
                continue
            clause = starts[bisect_right(starts, match.start()) - 1]
            out.setdefault(clause, {}).setdefault(modality, match.group())
    return out


class _CueScan:
    """The cue patterns of one pack and report year, tried in a report only where a match can start: near the
    literal text each match holds close to its start (`leads`). One pass of an Aho–Corasick automaton
    (pyahocorasick) finds those literals of every pattern; without it (or in a very long text) each pattern is
    searched whole, with the same matches. (A pattern of many words with lookbehinds is otherwise tried at every
    position of the report.) A pattern without such a literal is searched whole."""

    LONGEST = 1_000_000  # characters of a text whose literals are gathered in one pass (a report: 3,000 to 30,000)

    def __init__(self, patterns: list[tuple[str, Timed, bool]], settings: ClaimSettings) -> None:
        self.patterns = [(modality, pattern) for modality, pattern, _ in patterns]
        self.leads = [leads(pattern.pattern) for _, pattern in self.patterns]
        self.automaton: Any = None
        slots: dict[str, int] = {}  # literal → its slot: where the scan puts the starts of its occurrences
        self.slots = [tuple(slots.setdefault(literal, len(slots)) for literal in (lead[0] if lead else ()))
                      for lead in self.leads]
        self.widths = [len(literal) for literal in slots]  # by slot (slots are numbered in the order made)
        ahocorasick = ahocorasick_module()
        if slots and ahocorasick is not None:
            self.automaton = ahocorasick.Automaton()
            for literal, slot in slots.items():
                self.automaton.add_word(literal, (len(literal) - 1, slot))
            self.automaton.make_automaton()
        # The patterns the same in every report year are told apart by one Hyperscan pass (auditor.prescan): a
        # pattern that cannot match the report is not run (most cannot, in a report).
        self.settings = settings
        self.fixed = [(index, pattern.pattern) for index, (_, pattern, fixed) in enumerate(patterns) if fixed]
        self.gated: dict[int, int] | None = None  # pattern → its index in the prescan, once the prescan is used

    def matches(self, norm: str, spans: list[tuple[int, int]]) -> Iterator[tuple[str, Iterator[Any]]]:
        """(modality, its matches starting in the spans, as pattern.finditer(norm, lo, hi) of each) for each
        pattern that can match, in the pack's order."""
        found: list[list[int]] | None = None  # slot → starts of its literal's occurrences
        if self.automaton is not None and len(norm) <= self.LONGEST:
            found = [[] for _ in self.widths]
            for end, (before, slot) in self.automaton.iter(norm):
                found[slot].append(end - before)
        skip: frozenset[int] = frozenset()
        gate = _gate_now(self.settings)
        if gate is not None and (possible := gate.possible(norm)) is not None:
            if self.gated is None:
                self.gated = {index: gate.index[text] for index, text in self.fixed if text in gate.index}
            skip = frozenset(index for index, at in self.gated.items() if at in gate.kept and at not in possible)
        has = norm.__contains__
        for index, (modality, pattern) in enumerate(self.patterns):
            if index in skip:
                continue  # no match possible in this report (the prescan)
            lead = self.leads[index]
            hits = None
            if lead is not None and found is not None:
                slots = self.slots[index]
                if len(slots) == 1:  # one literal: its starts come in order already (the scan goes by end)
                    starts, width = found[slots[0]], self.widths[slots[0]]
                    if not starts:
                        continue  # (its literal is not in the report: no match possible)
                    hits = [(start, start + width) for start in starts]
                else:
                    hits = sorted((start, start + self.widths[slot]) for slot in slots for start in found[slot])
            if hits is None and not literal_test(pattern.pattern)(has):
                continue  # a word every match needs is not in the report (one C search each)
            if hits is None or len(hits) * (lead[1] + 1) * _TRY_COST > len(norm):  # type: ignore[index]
                # (no literals gathered, or tried in so many places that one search reads less)
                yield modality, (m for lo, hi in spans for m in pattern.finditer(norm, lo, hi))
            elif hits:
                yield modality, led_finditer(pattern, norm, spans, hits, lead[1])  # type: ignore[index]


_TRY_COST = 40  # a try of a pattern at one place costs about as much as a search reading this many characters


def led_finditer(pattern: Timed, norm: str, spans: list[tuple[int, int]], hits: list[tuple[int, int]],
                 before: int) -> Iterator[Any]:
    """pattern.finditer(norm, lo, hi) for each span, trying the pattern only where a match can start: at most
    `before` characters before one of its literals (`hits`, sorted (start, end)) lying in the span. Each place is
    tried once; a match moves the next try past its end, as finditer does."""
    match = pattern.match
    for lo, hi in spans:
        tried = lo  # every start before this was tried, or lies inside a match found
        for start, end in islice(hits, bisect_left(hits, (lo, lo)), None):  # (no copy of the rest each span)
            if start >= hi:
                break
            if end > hi:
                continue
            at = max(start - before, tried)
            while at <= start:
                found = match(norm, at, hi)
                if found is None:
                    at += 1
                    continue
                yield found
                at = found.end() if found.end() > at else at + 1
            tried = max(tried, at)


@lru_cache(maxsize=32)
def _cue_scan(settings: ClaimSettings, year: int | None, written_after: bool = False) -> _CueScan:
    return _CueScan(_patterns(settings, year, written_after), settings)


_CUE_KINDS = ("nil", "negated", "planned", "talked_of", "demand", "elsewhere", "others", "problem", "done", "draft")


@lru_cache(maxsize=8)
def _gate(settings: ClaimSettings) -> Prescan:
    """One prescan (auditor.prescan) for the claims step's patterns that are the same in every report year: its
    cues and the titles it knows without marks."""
    texts = [p for kind in _CUE_KINDS for p in getattr(settings, kind) if for_year(p, None) is not None]
    return prescan(tuple(dict.fromkeys(texts + list(settings.titles))))


_YEAR_RANGE = r"(?!\s*年?\s*(?:以来|来|起|至今|开始|度以来|[-—–至到~～]))"


@lru_cache(maxsize=32)
def _patterns(settings: ClaimSettings, year: int | None,
              written_after: bool = False) -> list[tuple[str, Timed, bool]]:
    out = []
    for modality in _CUE_KINDS:
        # One pass per pattern, not one alternation of them all: each pattern keeps its literal start, which the
        # engine searches for quickly, where a joined alternation is tried at every position (2-3× slower).
        # (fixed: the same text whatever the report year)
        out += [(modality, compiled(w), w == p) for p, w in ((p, for_year(p, year)) for p in getattr(settings, modality))
                if w]
    if year is not None:
        # A year after the report year, not as a date (2024年1月 is when a report is often written): a plan,
        # unless the clause says it happened (a wrongly dated achievement). A year before it, not as the start
        # of a period (2021年以来): earlier work. The report year itself: this year's work.
        later = "|".join(str(y) for y in range(year + 1, year + 4))
        earlier = "|".join(str(y) for y in range(year - 6, year))
        out.append(("later", compiled(rf"(?<![\d到—–\-~～])(?<![^截]至)(?:{later})\s*年"  # (截至2024年3月: as of a later date)
                                      # (not the date a report is signed, alone on its line; nor the start of a
                                      # period up to now, 2021年以来, a year mistyped in a look back)
                                      r"(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\n|$))(?!\s*(?:以来|至今))"), False))
        out.append(("later_month", compiled(rf"(?<![\d到—–\-~～])(?<![^截]至)(?:{later})\s*年\s*(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九元])\s*月"
                                            r"(?!\s*\d{1,2}\s*日\s*(?:\n|$))"), False))
        last_year = "前年" if written_after else "(?:去年|前年)"  # 去年 is the report year when written after it
        # (Not a law's edition after its title: 《行政处罚法》（2021年修订）.)
        out.append(("earlier", compiled(rf"(?<![\d自从至到截—–\-~～]|》[（(])(?:{earlier})\s*年(?:度|底|末|初)?{_YEAR_RANGE}"
                                        # a period wholly before the report year: 2018年至2019年
                                        rf"|(?<!\d)(?:{earlier})\s*年?\s*[至到—–\-~～]\s*(?:{earlier})\s*年(?!\s*(?:以来|来))"
                                        rf"|(?<![比较与同]){last_year}(?!同期|以来|来|起|开始)"
                                        # 上届书记曾在…述法, 往年: an earlier term or year, not this one's work
                                        r"|上一?届|" + ("" if written_after else r"(?<![^，。；：\n\s）)])上一?年度|") + r"往年|前些年|前几年|早年|(?<![不未何])曾(?:经)?(?=[在于经被获参开组举作向到为请聘设建签办使用推实出制印配])"
                                        # (以前镇里出台文件前都由法律顾问审查: told of the years before, at a clause's start; not in an aside)
                                        r"|(?<![^，。；：\n\s）])(?:以前|以往|过去)(?=[^，。；：\n]{0,2}(?:镇|乡|街道|局|我|本|都|曾|一直|每年|历年))"), False))
        # (Not a deadline set: 2023年底前各乡镇实现… is a demand's term, not this year's work done.)
        # (…的渠道尚未建立，全年研究重大事项11项: the year's count, not the plan before it)
        out.append(("this_year", compiled(rf"(?<!\d){year}\s*年(?!\s*(?:底|末|内)?\s*(?:前|以前|之前))|本年度|今年"
                                          r"|(?<![^，。；：\n\s])全年(?=[^，。；：\n]{0,16}?\d+\s*(?:项|次|件|场|起|人|名|个|期|条|份))"
                                          + (r"|(?<![比较与同])去年(?!同期)|(?<![^，。；：\n\s）)])上一?年度" if written_after else "")), False))
    return out


@lru_cache(maxsize=8)
def _unless(settings: ClaimSettings) -> dict[str, tuple[str, tuple[Timed, ...]]]:
    """The cues that lift another within a clause: `comply` a demand, `remedy` a problem."""
    return {"demand": ("comply", tuple(compiled(p) for p in settings.comply)),
            "problem": ("remedy", tuple(compiled(p) for p in settings.remedy))}


@lru_cache(maxsize=8)
def _actors(settings: ClaimSettings) -> Timed:
    """One pattern naming who opens a clause: the groups superior, subordinate and self, tried in that order."""
    parts = [f"(?P<{name}>{getattr(settings, f'actor_{name}')})" for name in ("superior", "subordinate", "self")
             if getattr(settings, f"actor_{name}")]
    return compiled(r"\s*(?:" + "|".join(parts) + ")" if parts else r"(?!)")


def _figures(norm: str, starts: list[int]) -> dict[int, tuple[str, ...]]:
    """Clause start → the figures with units in the clause (one pass over the text)."""
    out: dict[int, list[str]] = {}
    for match in _FIGURE.finditer(norm):
        out.setdefault(starts[bisect_right(starts, match.start()) - 1], []).append(match.group())
    return {start: tuple(found) for start, found in out.items()}


# The prefix of a body's own party committee and government at each level (区委, 县政府 in a county's report).
_LEVEL_HEADS = {"county": "县区旗", "city": "市州盟", "province": "省"}
_PLACE_HEAD_OF = re.compile(r"([省市州县区旗盟])(?:委|政府|人民政府)?(?:书记|长)$")  # 县长, 区委书记: a place's principal
_LEADER = re.compile(r"[省市州县区旗盟](?:委|政府|人民政府|人大)?(?:书记|省长|市长|州长|县长|区长|旗长|盟长|主任|主要负责)")
_OWN_LEADERSHIP = re.compile(r"(?:委|政府|人民政府|党委|委员会)(?:办公室|办)?"  # (县政府办公室: its own office)
                             r"|委(?:全面)?依法治[省市州县区旗]委员会(?:办公室|办)?")  # (县委全面依法治县委员会: its own committee)
_TOWN_PRINCIPAL = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:镇|乡|街道)(?:党委|党工委|人民政府|政府|办事处)?"
                             r"(?:党委书记|书记|镇长|乡长|主任|主要负责(?:人|同志))$")
# A county department's stations in the towns, by the names of the department that runs them.
_STATIONS = {"市场监管所": ("市场监督管理", "市场监管"), "税务所": ("税务",), "派出所": ("公安",),
             "林业站": ("林业",), "国土所": ("自然资源", "国土"), "司法所": ("司法局",)}
_SUFFIX = re.compile(r"(?:局|厅|委员会|委|办公室|办|院|中心|大队|政府)$")


def _is_self(cue: str, issuer: str, level: str | None) -> bool:
    """Whether an organ named as another actor (区人社局, 区委) is the reporting body itself, by the issuer's name:
    a district's own 区委/区政府, or a department named short (区人社局 for 市中区人力资源和社会保障局)."""
    item = _ITEM_START.match(cue)  # (二是县政府作为行政复议机关…: the list's number is no part of the name)
    cue = cue[item.end():] if item else cue
    principal = _LEADER.match(cue)
    if principal:  # 县委书记、县长分别在市委…会议上述法 in the county's own report: its own principals
        head = cue[0]
        return "人大" not in principal.group() and head in _LEVEL_HEADS.get(level or "", "") \
            and (not issuer or head in issuer)
    if "、" in cue or "及" in cue or _AND_ORGAN.search(cue):
        # 区委、区政府; 县政府及县政府办公室; 区政府和区政府办公室 (not the 和 of 人力资源和社会保障局): all the body's own, or not
        return all(_is_self(part, issuer, level) for part in _AND_ORGAN.split(cue) if part)
    if len(cue) > 3 and cue.endswith("办公室") and _OWN_LEADERSHIP.fullmatch(cue[1:-3]):
        return _is_self(cue[:-3], issuer, level)  # 县政府办公室: the leadership's own office
    if issuer and _PLACED.match(cue):  # 宁波市交通运输局: the body only when its own name is that one
        return cue in issuer or issuer in cue
    if issuer and "述法" not in cue and any(station in cue and any(parent in issuer for parent in parents)
                      for station, parents in _STATIONS.items()):
        return True  # 各基层市场监管所 in the 市场监督管理局's own report: its own stations
    if _TOWN_PRINCIPAL.match(cue):  # 太龙镇党委书记: the township's own in a township's report (or one of a level not
        # known; a neighbour is `elsewhere`), a subordinate's in a county's or a department's
        return level in (None, "township")
    if len(cue) < 2:
        return False
    if cue[0] == "全" and len(cue) == 2:  # 全县今年共…: the county's totals, its own only in a report of that level
        return cue[1] in _LEVEL_HEADS.get(level or "", "")
    head, rest = cue[0], cue[1:]
    if _OWN_LEADERSHIP.fullmatch(rest):  # 区委, 县人民政府: the body's own only in a report of that level (its
        # name, when known, naming the same place)
        return head in _LEVEL_HEADS.get(level or "", "") and (not issuer or head in issuer)
    if not issuer:
        return False
    if rest.endswith(("局", "部门", "大队", "支队", "执法队", "中心")) and head in _LEVEL_HEADS.get(level or "", "") \
            and head in issuer and issuer.endswith("政府"):
        return True  # 县司法局, 县级行政执法部门, 县综合行政执法大队 in the county government's report: its own
    # The body's own place (区 of …万州区司法局; not the 市 of 市场监管局 or the 区 of 社区).
    place = next((c for c in reversed(_NOT_PLACES.sub("", issuer)) if c in _PLACE_HEADS), None)
    if place and head in _PLACE_HEADS and head != place:
        return False  # 市司法局 in 重庆市万州区司法局's report: the city's bureau, its superior (not the body's own place)
    if level == "department" and rest.endswith(_SQUADS) and head in issuer and _same_field(rest, issuer):
        return True  # 县交通运输综合行政执法大队 in the 县交通运输局's report: its own squad
    suffix = _SUFFIX.search(rest)
    if suffix is None or suffix.start() == 0 or not issuer.endswith(suffix.group()) or head not in issuer:
        return False  # (县政府 in a town's report is its superior, whatever the town's name ends with)
    middle = iter(issuer[issuer.index(head) + 1:])
    return all(char in middle for char in rest[: suffix.start()])  # 人社 within 人力资源和社会保障: in order


_AND_ORGAN = regex.compile(r"[、及]|[和与](?=[省市州县区旗乡镇])")
_SQUADS = ("大队", "支队", "中队", "执法队", "监察队")
_PLACE_HEADS = "省市州县区旗盟"  # the place an organ's name opens with (市司法局, 区人社局)
_NOT_PLACES = regex.compile(r"市场|城市|市政|市容|区域|县域|社区|园区|景区|街区|小区|社会")  # words holding those characters
_FIELD = regex.compile(r"(?:.*[省市州县区旗])?(?P<field>[\u4e00-\u9fff]{2,12}?)(?:发展)?(?:委员会|局|委)$")


def _same_field(squad: str, issuer: str) -> bool:
    """Whether a squad's name shares the department's field (卫生健康执法支队 and 卫生健康委员会, 水政监察大队 and
    水利局, 文化市场综合行政执法支队 and 文化和旅游发展委员会)."""
    found = _FIELD.fullmatch(issuer)
    if found is None:
        return False
    field = found.group("field")
    return any(field[i:i + 2] in squad for i in range(len(field) - 1)) or field[0] == "水" and "水" in squad


def _own_names(issuer: str | None) -> tuple[str, ...]:
    """Names a document of the body's own would carry: its place or department name (太龙镇, 司法局) and 本/我."""
    names = []
    for match in _PLACE.finditer(issuer or ""):
        name = match.group()
        cut = max(name.rfind(unit, 0, len(name) - 1) for unit in "省市区县州")
        names.append(name[cut + 1:])  # 万州区太龙镇 → 太龙镇, 某县司法局 → 司法局
    return tuple(dict.fromkeys(names[-1:]))


# An organ named with its city or province (宁波市交通运输局, 浙江省司法厅).
_PLACED = re.compile(r"(?:(?![又请并还也再将由经对向在和与及县区市省州])[\u4e00-\u9fff]){2,3}(?:省|市|州)")
# An organ named inside a cue (对县交通运输局开展…): tried against the reporting body's own name.
_ORGAN = re.compile(r"[省市州县区][\u4e00-\u9fff]{1,12}?(?:局|厅|委员会|委|办公室|办|院|中心|政府)")
_GOVERNMENT = re.compile(r"[省市州县区](?:人民政府|政府)")  # (对县政府…开展执法检查 in that county's own report)
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:镇|乡|街道|县|区|市|州|旗|局|厅|委员会)(?=人民政府|政府|党委|委员会|办事处|$)")


def _titles(norm: str, settings: ClaimSettings, own_names: tuple[str, ...] = (),
            superior_opens=lambda at: False):  # -> Iterator[tuple[int, int, bool]]
    """Each cited title — 《…》, or a document named without marks (县委关于……的通知) — with whether it is the
    body's own rules (制定《XX镇法律顾问工作制度》; titles listed together share the verb), in text order. An own
    plan or notice (印发《…述法工作安排》) still only announces work: its words count as cited."""
    own = compiled(settings.own_document) if settings.own_document else None
    spans = [(m.start(), m.end()) for m in _TITLE.finditer(norm)]
    gate = _gate_now(settings)
    cannot = gate.impossible(norm) if gate is not None else frozenset()
    for pattern in settings.titles:
        if pattern not in cannot:
            spans += [(m.start(), m.end()) for m in finditer_near(compiled(pattern), norm)]  # (near its literals)
    last, mine = -1, False
    for start, end in sorted(spans):
        if start < last:  # inside a title already listed
            continue
        listed = 0 <= last and not norm[last:start].strip("、和及与 ")  # 《…》《…》 or 《…》、《…》
        if not listed:
            back = _CLAUSE_END_BACK.search(norm, 0, start)  # the nearest clause end before the title
            clause_start = back.end() if back else 0
            mine = bool(own and own.search(norm[clause_start:start])) and not superior_opens(clause_start)
        last = end
        if own_names:
            named = any(name in norm[start:end] for name in own_names) or not (
                _SOMEONE_ELSES.search(norm, start, end) or _PLACE_IN_TITLE.search(norm, start, end))
        else:
            named = not _SOMEONE_ELSES.search(norm, start, end)
        yield start, end, mine and named and not _PLAN_TITLE.search(norm, start, end)


_PLAN_TITLE = re.compile(r"(?:安排|计划|方案|要点|通知)》?$")
# A title naming another body or a national instrument is not the body's own, whoever handed it out.
_SOMEONE_ELSES = re.compile(r"全国|国家|国务院|中央|中共中央|省|市|县|区")
_PLACE_IN_TITLE = re.compile(r"[\u4e00-\u9fff]{1,6}(?:镇|乡|街道)")


def part_lines(doc: Document, parts) -> list[str]:  # parts: auditor.parts.PartFinder
    """The part holding each line: header, lead-in, or the first named part (by PART_ORDER) found there."""
    roles = [""] * len(doc.lines)
    for number in range(1, min(doc.body_start, len(doc.lines) + 1)):
        roles[number - 1] = "header"
    for number in doc.title_lines:
        if 0 < number <= len(roles):
            roles[number - 1] = "header"
    first_section = min((s.line for s in doc.sections), default=len(doc.lines) + 1)
    for number in range(doc.body_start, min(first_section, len(doc.lines) + 1)):
        roles[number - 1] = "lead-in"
    for name in reversed(PART_ORDER):  # earlier names in PART_ORDER win where parts overlap
        if name not in parts.kinds:
            continue
        part = parts.find(name)
        if part is None:
            continue
        for first, last in part.lines:
            for number in range(first, min(last, len(roles)) + 1):
                roles[number - 1] = name
    # A closing paragraph after the last part (以上是我镇2020年度法治政府建设的基本情况。这一年里，…) sums up the
    # year, and an annex (附件：2023年学法活动一览) lists it: neither is more of the plans or the shortcomings.
    # (Not the part's own opening paragraph, right under its heading: 四、2024年工作思路 / 回顾2023年，…。2024年，我们将….)
    last = next((n for n in range(len(roles), 0, -1) if roles[n - 1] in PART_MODALITY), 0)
    headed = set()  # the first line of text under the heading of a part that closes the report (its own opening)
    for name in PART_MODALITY:
        part = parts.find(name) if name in parts.kinds else None
        if part is not None and part.how == "heading":
            first, end = part.lines[0]
            if not _SENTENCE_END.intersection(doc.norm_lines[first - 1].strip().rstrip("。")):  # (no text glued on)
                headed.add(next((n for n in range(first + 1, end + 1) if doc.norm_lines[n - 1].strip()), 0))
    for number in range(last, doc.body_start - 1, -1):
        if roles[number - 1] not in PART_MODALITY:
            break
        if number not in headed and _CLOSING.match(doc.norm_lines[number - 1]):
            for after in range(number, len(roles) + 1):
                if roles[after - 1] in PART_MODALITY:
                    roles[after - 1] = ""
            break
    return roles


_CLOSING = regex.compile(r"\s*(?:附件|附表)\s*\d{0,2}\s*[：:]?|\s*(?:以上(?:是|为|就是)|综上所述|综上[，,：:]|总之[，,]|总而言之|回顾(?:一年|全年|\d{4}\s*年)|总的来看|总体来看)")


def policy_for(rule, check, settings: ClaimSettings) -> Policy:  # rule: Rule, check: its Check
    """The clauses that count for a rule: its own `claims:`, else the pack's default for its kind of check."""
    chosen = rule.claims
    if chosen is None:
        kind = check.kind
        if kind in ("require",) or (kind == "pattern" and check.mode == "require"):
            chosen = settings.defaults.require
        elif kind in ("forbid", "pattern"):
            chosen = settings.defaults.forbid
        else:
            chosen = "all"
    return EVERYTHING if chosen == "all" else Policy(frozenset(chosen))
