"""Rules step: built-in checks on the substance of the parts — causes of shortcomings, quantified results."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import regex
from auditor.plain import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from auditor.checks.basic import HEAD_END, evidence_of, hollow, part_body
from auditor.checks.common import valid_patterns
from auditor.checks.context import Context, Outcome, distinct_lines, failed, partial, passed
from auditor.patterns import compiled
from auditor.model import Evidence
from auditor.schema import Rule

# Where a shortcoming item starts: 一是, 其一, （一）, 1. 1、 （1）, ①, at a line start or after 。；：.
_ITEM = regex.compile(
    r"(?:^|(?<=[。；;：:！？\n]))\s*(?:[一二三四五六七八九十]是|[其第][一二三四五六七八九十](?=[，,、：:])|（[一二三四五六七八九十\d]{1,2}）|[（(]\d{1,2}[）)]|"
    r"\d{1,2}\s*[.．、](?:(?!\d)|(?=(?:19|20)\d\d\s*年))|[①-⑳])|(?<=[，,])\s*[二三四五六七八九十]是"  # 一是…，二是…: items in one sentence
    # (…，所以一是…，二是…; …，我镇一是…: the first after the lead's last word)
    r"|(?<=(?:^|[，,。；;：:])\s*(?:所以|因此|因而|以致|我镇|我乡|我街道|我局|本镇|本乡|本局)[，,]?)\s*一是",
    regex.M,
)
# A numbered sub-part named as the shortcomings (（一）存在的问题。), items of its own following on its line.
_SUBPART = regex.compile(r"\s*(?:（[一二三四五六七八九十\d]{1,2}）|[（(]\d{1,2}[）)]|\d{1,2}\s*[.．、])\s*"
                         r"(?:存在的?|主要)?(?:问题|不足|短板|差距)(?:和|与|及)?(?:不足|问题|原因)?[。：:]")
_ONE_SENTENCE = regex.compile(r"[^。！？!?\n]{2,60}[。！？!?]?")
_SENTENCE = regex.compile(r"[^。！？!?；;\n]+")
_CLAUSE = regex.compile(r"[^，,；;。！？!?：:\n]+")
_CAUSE_END = regex.compile(r"[。；;！？\n]")


class CausesParams(BaseModel):
    """How the 不足 part is read: each shortcoming item must say why (a cause), not only what went wrong.

    `connectives`: phrases that introduce a cause (由于, 主要原因是, 受…影响 …); `factors`: facts that explain
    without a marker word (仅有调解员2名, 经费不足, 身兼数职) — counted only after the item's first clause, which
    states the symptom; `cause_block`: an opening that analyses the causes of all the items together
    (产生上述问题的原因：…), searched before a line's first item; `joint`: a sentence opening such an analysis
    wherever it stands, even after the last item (…不够平衡。分析起来，既有…也有…). All are regular expressions on
    the normalised text; `background`: facts of the people's background (不是法律专业毕业) that explain even where
    the item goes on telling how it shows (表现为…)."""

    model_config = ConfigDict(extra="forbid")
    section: str = "shortcomings"
    connectives: tuple[str, ...] = Field(min_length=1)
    factors: tuple[str, ...] = ()
    cause_block: tuple[str, ...] = ()
    joint: tuple[str, ...] = ()
    # Facts of the people's background that explain even inside a run telling how the shortcoming shows (…主要表现为
    # 不善于…，新进的干部多数不是法律专业毕业，入职后又没有参加过系统的法律培训).
    background: tuple[str, ...] = ()

    @field_validator("connectives", "factors", "cause_block", "joint", "background")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_patterns(value)


def shortcoming_causes(ctx: Context, rule: Rule, params: CausesParams) -> Outcome:
    """Each shortcoming item explains why (a cause), not only the symptom; credit by the share explained."""
    part = ctx.parts.find(params.section)
    if part is None:
        return Outcome("not_applicable", 0.0, "报告没有“存在的不足”部分（见相应结构规则）")
    where = part.label(ctx.doc)
    kind = ctx.ruleset.settings.sections[params.section]
    if part.how == "heading" and hollow(part_body(ctx, part), kind.content, kind.aside):
        return Outcome("not_applicable", 0.0, f"{where}没有写明具体的不足，无从分析原因（见相应结构规则）")
    items, block = _shortcoming_items(ctx, part, params)
    if block is not None:
        covered = _covered(ctx, part, params, block)
        if covered is None:
            return passed((ctx.line_evidence(block),), f"{where}集中分析了产生不足的原因（{ctx.doc.where(block)}）")
        items, chosen = covered
        explained = {index for index, (_, text) in enumerate(items) if index in chosen or _explains(text, params)}
        if len(explained) < len(items):
            missing = [line for index, (line, _) in enumerate(items) if index not in explained]
            places = "、".join(dict.fromkeys(ctx.doc.where(line) for line in missing))
            return partial(len(explained) / len(items),
                           f"{where}列举了 {len(items)} 条不足，集中分析的原因（{ctx.doc.where(block)}）只涉及其中一部分，"
                           f"{len(items) - len(explained)} 条只写了表现（{places}）",
                           (ctx.line_evidence(block),), "原因（由于、主要原因是、受……影响）或具体的制约因素（人员、经费、职责……）")
        return passed((ctx.line_evidence(block),), f"{where}集中分析了产生不足的原因（{ctx.doc.where(block)}）")
    if not items:
        return failed(f"{where}没有写明具体的不足", (ctx.line_evidence(part.lines[0][0]),))
    explained = [(line, text) for line, text in items if _explains(text, params)]
    evidence = distinct_lines([ctx.line_evidence(line) for line, _ in explained], most=3)
    count = f"列举了 {len(items)} 条不足"
    if len(explained) == len(items):
        return passed(evidence, f"{where}{count}，每条都分析了原因")
    known = set(explained)
    missing = [line for line, text in items if (line, text) not in known]
    places = "、".join(dict.fromkeys(ctx.doc.where(line) for line in missing))
    looked = "原因（由于、主要原因是、受……影响）或具体的制约因素（人员、经费、职责……）"
    if explained:
        return partial(len(explained) / len(items),
                       f"{where}{count}，其中 {len(explained)} 条分析了原因，{len(missing)} 条只写了表现（{places}）",
                       evidence, looked)
    return failed(f"{where}{count}，但没有分析产生不足的原因", (ctx.line_evidence(part.lines[0][0]),), looked)


# An analysis that says which items it explains (前两个问题，主要是因为…; 第二个问题的出现…).
_POINTED = regex.compile(r"(?P<side>前|后)(?P<count>[两二三四五])(?:个|项|条)?(?:方面)?(?:的)?(?:问题|不足)"
                         r"|第(?P<lo>[一二三四五六七八九十\d])(?:个|项|条)?(?:至|到|—|-|－|~|～)第?(?P<hi>[一二三四五六七八九十\d])"
                         r"(?:个|项|条)?(?:的)?(?:问题|不足)"
                         r"|第(?P<nth>[一二三四五六七八九十\d])(?:个|项|条)?(?:的)?(?:问题|不足)")
# …or speaks of all of them (上述问题, 这些不足, 共同原因).
_OF_ALL = regex.compile(r"上述|以上|这些|前述|各项|所有|共同|都|均|[几两三四五六]个?(?:方面|问题|不足)(?!的(?:问题|不足|短板))|问题的(?:形成|产生|出现)")
_NUMERALS = "一二三四五六七八九十"
# An opening that names a problem as its topic (宣传和创建两方面的问题; 依法行政能力不高).
_NAMES_PROBLEM = regex.compile(r"(?:问题|不足|短板|不高|不强|不够|不完善|不到位|不明显|不平衡|不均衡)(?:的(?:出现|产生|形成))?$")


def _ordinal(numeral: str) -> int:
    """一 → 1, 3 → 3."""
    return int(numeral) if numeral.isdigit() else _NUMERALS.index(numeral) + 1


def _covered(ctx: Context, part, params: CausesParams, block: int) -> tuple[list[tuple[int, str]], set[int]] | None:
    """The items and the indexes of those a joint analysis explains, when it explains only some of them (by
    number: 前两个问题; or by naming them first: 宣传和创建两方面的问题，根子在于…); None when it speaks of all."""
    text = ctx.doc.norm_lines[block - 1].strip()
    last_item = None
    for last_item in _ITEM.finditer(text):
        pass
    if last_item is not None:
        stop = _CAUSE_END.search(text, last_item.end())
        text = text[stop.end():] if stop else ""
    start = text[:8]
    if len(text) <= 12 and block < len(ctx.doc.norm_lines):  # 四、原因分析: the analysis under its heading
        text, start = ctx.doc.norm_lines[block].strip(), ""
    if not text:
        return None
    items, _ = _shortcoming_items(ctx, part, params, upto=(block, start))
    if len(items) < 2:
        return None
    opening = regex.split(r"[，,。；;：:]", text, maxsplit=1)[0]
    pointed = _POINTED.search(text[:30])
    if pointed and pointed.group("count"):
        count = 2 if pointed.group("count") in "两二" else "  二三四五".index(pointed.group("count"))
        chosen = set(range(count)) if pointed.group("side") == "前" else set(range(len(items) - count, len(items)))
    elif pointed and pointed.group("lo"):
        chosen = set(range(_ordinal(pointed.group("lo")) - 1, _ordinal(pointed.group("hi"))))
    elif pointed:
        index = _ordinal(pointed.group("nth")) - 1
        chosen = {index} if 0 <= index < len(items) else set()
    else:
        if _OF_ALL.search(opening) or not _NAMES_PROBLEM.search(opening):
            return None  # (从主观上看，…; 主观上，干部…: a kind of cause, not the items it is of)
        # (之所以排查不到位,是因为…;宣传动员不起来,是因为…: each sentence's opening names the item it explains)
        said = set().union(*(_content_pairs(regex.split(r"[，,：:]", piece, maxsplit=1)[0])
                             for piece in regex.split(r"[。；;]", text) if piece.strip()))
        chosen = {index for index, (_, item) in enumerate(items) if said & _content_pairs(item)}
    chosen &= set(range(len(items)))  # (第2至第5项 of four items: the four there are)
    if not chosen or len(chosen) >= len(items):
        return None
    return items, chosen


def _shortcoming_items(ctx: Context, part, params: CausesParams,
                       upto: tuple[int, str] | None = None) -> tuple[list[tuple[int, str]], int | None]:
    """The part's items as (line, text), and the line of a joint cause analysis if there is one.

    Items are split at their numbering (一是, （一）, 1.); without numbering each paragraph is an item. The
    part's own heading is left out; a sub-heading (（一）执法力量不足) opens an item that runs on to its body."""
    doc = ctx.doc
    firsts = {a for a, _ in part.lines}
    heads = ctx.heading_lines() & firsts
    joint_rx = [compiled(p) for p in params.joint]
    block_rx = [compiled(p) for p in params.cause_block] + joint_rx
    pieces: list[tuple[int, str]] = []  # (line, text) in order, part heading removed
    for first, last in part.lines:
        for number in range(first, last + 1):
            text = doc.norm_lines[number - 1].strip()
            if number in heads and not (number != part.lines[0][0] and any(rx.search(text) for rx in block_rx)):
                # (a heading of its own for the analysis, 四、原因分析, is kept: it opens the joint cause block)
                cut = HEAD_END.search(text)  # a heading line may carry body text after it
                text = text[cut.end():].strip() if cut else ""
            if text:
                pieces.append((number, text))
    if upto is not None:  # only the items before a joint analysis (its line, and the text it starts with there)
        stop_line, start = upto
        pieces = [(n, t[:t.find(start)] if n == stop_line and start and start in t else ("" if n == stop_line else t))
                  for n, t in pieces if n <= stop_line]
        pieces = [(n, t.strip()) for n, t in pieces if t.strip()]
    plans = next((i for i, (_, text) in enumerate(pieces) if _PLAN_OPENS.match(text)), None)
    pieces = pieces[:plans]  # a part shared with the plans (存在的问题和下一步工作打算): the plans are no items
    first_numbered = next((i for i, (_, text) in enumerate(pieces) if _ITEM.search(text)), None)
    numbered = first_numbered is not None
    if not numbered and len(pieces) > 1 and _LEAD_IN.search(pieces[0][1]) and not _gives_cause(pieces[0][1], params):
        pieces = pieces[1:]  # 2022年度…虽然取得了一定成效，但…还有一定的差距。: the part's opening, not an item
    labels: set[int] = set()  # pieces that are only a cause's label over nothing
    for index, (line, text) in enumerate(pieces if upto is None else ()):
        first_item = _ITEM.search(text)
        limit = first_item.start() if first_item and first_item.start() > 0 else (0 if first_item else len(text))
        if (kind := _KIND_LABEL.match(text)) and text[kind.end():].strip(" ，,：:。") \
                and _only_falls_short(text[kind.end():], params, _others(pieces, index)):
            labels.add(index)  # ((一)主观原因。我们自身工作还有差距，需要进一步改进。: a label over how short we fall)
            continue
        if any((found := rx.search(text))
               and (found.start() <= limit or any(joint.match(found.group()) for joint in joint_rx))
               and not (text[found.end():].strip(" ，,：:。") and (_EMPTY_CAUSE.match(text, found.end())
                                                                   or _only_falls_short(text[found.end():], params,
                                                                                        _others(pieces, index))))
               for rx in block_rx):
            headed = _CAUSE_HEADING.fullmatch(text)
            analysis = _under(pieces, index) if headed else text[found.end():]
            others = _others(pieces, index, below=not headed)
            if headed and not (_gives_cause(analysis, params) and not _names_nothing(analysis)):
                continue  # (a heading 原因分析 only with causes under it, not 将在民主生活会上剖析 nor 原因是多方面的，既有…)
            if not headed and analysis.strip(" 。.：:，,") and _VAGUE_ANALYSIS.fullmatch(analysis):
                if found.start() <= limit:
                    labels.add(index)  # ((一)主观原因。主观上还存在一些不足。: a label over nothing, no shortcoming either)
                continue  # (从主观上讲，是我们努力还不够；从客观上讲，也受到一些条件的限制: kinds named, nothing told)
            if not _restated(analysis, others, params):
                return [], line  # (not the items said again: 原因分析：主要是排查工作还不到位，宣传工作还不够有力…)
        if numbered and index <= first_numbered and _gives_cause(_UNNAMED.sub("", text[:limit]), params) \
                and (_AS_GROUP.search(text[:limit]) or _LEADS_INTO.fullmatch(text[:limit])
                     or _LEADS_ON.fullmatch(text[:limit])):
            return [], line  # a lead-in before the items naming what lies behind them all (not one matter's
            # own cause: 述法原定12月进行，因县里统一安排推迟 before 但也存在一些问题)
        if any(_gives_cause(ref.group(), params) and not _names_nothing(ref.group())
               for ref in _BACK_REFERENCE.finditer(text)) or (
                numbered and not _ITEM.search(text) and index and _OPENS_ANALYSIS.match(text) and _gives_cause(text, params)):
            return [], line  # 这些问题的根子，在于…; 之所以这样，主要还是…: one analysis for every item
    pieces = [piece for index, piece in enumerate(pieces) if index not in labels]
    items: list[tuple[int, list[str]]] = []  # an item's paragraphs, joined once at the end
    all_in_one = numbered and sum(1 for _, text in pieces if _ITEM.search(text)) == 1  # every item on one line
    for line, text in pieces:
        if not numbered:
            items.append((line, [text]))
            continue
        starts = [m.start() for m in _ITEM.finditer(text)]
        if not starts:
            if items:  # the body under a numbered sub-heading, or an item's second paragraph
                items[-1][1].append(text)
            continue  # an opening line before the first item (主要表现在：)
        bounds = list(zip(starts, starts[1:] + [len(text)]))
        if upto is None and len(bounds) > 1 and all_in_one and (run_in := _run_in_after(text, bounds) or _joint_tail(text, bounds)):
            # 一是…，二是…。究其原因，镇机关人员调整频繁，懂法律的干部少。: every item on one line, then why (its
            # causes may be numbered too: 究其原因，一是…只有3名；二是…重视不够).
            opens, said = run_in
            rest = text[opens:]
            before = [(lo, min(hi, opens)) for lo, hi in bounds if lo < opens]
            if _gives_cause(rest, params) and not _names_nothing_after(rest, said - opens) \
                    and not _VAGUE_ANALYSIS.fullmatch(rest) \
                    and not any(_explains(text[lo:hi], params) for lo, hi in before[:-1]):
                return [], line
        for index, (lo, hi) in enumerate(bounds):
            piece = text[lo:hi].strip()
            if not piece:
                continue
            if index < len(bounds) - 1 and (piece.endswith(("：", ":")) or _SUBPART.match(piece)):
                continue  # a sub-part's heading or lead-in before its items: （一）存在的问题。…存在一些不足：一是…
            items.append((line, [piece]))
    if upto is None and numbered and len(items) > 1 and len(items[-1][1]) > 1 and all(_ONE_SENTENCE.fullmatch(texts[0]) for _, texts in items):
        # Items of one sentence each, one to a line, then a paragraph under the last: it speaks of them all
        # ((1)…不够高。(2)…不够完善。/这两年全镇专门从事法治工作的只有1名同志，…).
        after = "\n".join(items[-1][1][1:])
        said = "\n".join(texts[0] for _, texts in items)
        if _restated(after, said, params) or _VAGUE_ANALYSIS.fullmatch(after):
            items[-1] = (items[-1][0], items[-1][1][:1])  # (原因分析：主要是排查工作还不到位，…: the items again, no cause;
            # 从主观上讲，是我们努力还不够…: kinds named, nothing told)
        elif not after.startswith("其中") and _gives_cause(after, params) and not _names_nothing(after):
            # (其中…: of one item only; 以上不足…既有客观原因，也有主观原因: of none)
            return [], next(line for line, text in pieces if text == items[-1][1][1])
    return [(line, "\n".join(texts)) for line, texts in items], None


def _others(pieces: list[tuple[int, str]], index: int, below: bool = True) -> str:
    """The text of the part's pieces but the one at `index` (and, without `below`, those after it: the analysis a
    heading of its own heads)."""
    return "\n".join(text for at, (_, text) in enumerate(pieces) if at != index and (below or at < index))


def _run_in_after(text: str, bounds: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where a sentence after the items of a line opens why (究其原因，…), when one does after the second item
    began, and where its opening words end; the items before it are the list it speaks of."""
    for stop in _CAUSE_END.finditer(text, bounds[1][0]):
        if opener := _RUN_IN_CAUSE.match(text, stop.end()):
            later = next((lo for lo, _ in bounds if lo >= stop.end()), None)
            # (items after it are its causes only when their numbering starts again: 究其原因，一是…；二是…)
            if later is None or _FIRST_ITEM.match(text, later) or _FIRST_ITEM.match(text, opener.end()):
                return stop.end(), opener.end()
    return None


def _joint_tail(text: str, bounds: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where sentences after the last item's first one go back over the items (…三是示范创建不够平衡。村居多在海岛，
    经费只有5万元，排查、宣传和创建都难以面面俱到): they name what two items or more are about, one of them not the
    last, so they are why of them all, not more of the last item."""
    stop = _CAUSE_END.search(text, bounds[-1][0])
    if stop is None or not text[stop.end():].strip():
        return None
    if _TO_THEM_ALL.search(text, stop.end()):
        # (…力量薄弱，经费也比较紧张，…致使这两块短板迟迟没有补上: what it led to is the items as a group)
        return stop.end(), stop.end()
    tail = _content_pairs(text[stop.end():])
    touched = [index for index, (lo, hi) in enumerate(bounds) if tail & _content_pairs(text[lo:min(hi, stop.end())])]
    return (stop.end(), stop.end()) if len(touched) > 1 and touched[0] < len(bounds) - 1 else None


# A sentence after the items saying what it tells led to them as a group (致使这两块短板…; 导致上述问题…).
_TO_THEM_ALL = regex.compile(r"(?:致使|导致|使得|造成|以致|以至于?)(?:了)?(?:这(?:[两三四五六几]个?|些)|(?:上述|以上|前述|前面)"
                             r"(?:[两三四五六几]个?|些)?)(?:块|项|个|方面|问题|不足|短板|差距|弱项|情况)"
                             # (…经费又十分有限，致使学法培训和制度修订都难以持续推进: two things it led to, together)
                             r"|(?:致使|导致|使得|造成|以致)[^。；;！？\n]{1,20}?[和与及、][^。；;！？\n]{1,20}?[都均皆]")


# Pairs every item shares whatever it is about (法治, 工作, 我镇 …): no sign that a sentence speaks of one.
_COMMON_PAIRS = frozenset({"法治", "依法", "法律", "政府", "我镇", "我乡", "全镇", "全乡", "镇里", "乡里", "群众", "社会", "建设",
                           "开展", "推进", "落实", "问题", "不足", "差距", "方面", "当前", "目前", "存在", "有待"})


def _content_pairs(text: str) -> set[str]:
    """The character pairs of a stretch of text that say what it is about (filler and common pairs gone)."""
    return _pairs(text) - _COMMON_PAIRS


def _pairs(text: str) -> set[str]:
    """The character pairs of a stretch of text once its degree and filler words are gone."""
    return set(_CJK_PAIR.findall(_FILLER.sub("", text)))


_FIRST_ITEM = regex.compile(r"[\s，,：:]*(?:一是|其一|（[一1]）|[（(]1[）)]|1\s*[.．、]|①)")


# …the sentence after the last of them opening why (究其原因，…; 原因在于…).
_RUN_IN_CAUSE = regex.compile(r"\s*(?:(?:为什么|为何|怎么)[^。？?！!\n]{0,10}[？?]|(?:原因何在|问题出在哪(?:里|儿)?)[？?]|究其(?:原因|根源|根本)|分析(?:其)?原因|(?:其|主要)?原因(?:主要)?(?:是|在于|有)|之所以|归根结底|说到底|追根溯源|究其根本)")
# What follows an analysis's opening that names nothing (…原因是多方面的，既有主观方面的，也有客观方面的，需要在今后
# 工作中认真加以解决; 以上不足的产生，既有客观原因，也有主观原因，我们将认真对待): no cause given.
# (Nor one followed only by what is to be done: 究其原因，关键还是要进一步加强学习培训.)
_EMPTY_CAUSE = regex.compile(r"[\s，,：:]*(?:产生|出现|造成|形成|上述|以上|这些|前述|问题|不足|差距|的|原因|是|多方面的?|[，,、；;]|既有|也有|又有|还有|都有|有|"
                             r"主观|客观|历史|现实|方面|上的|中的|上|中|因素|也|成因|比较|较为|十分|复杂|制约|局限|限制|不足|"
                             # (既有思想认识上的，也有工作机制上的; 主观上有放松的地方，客观上也有制约的因素: kinds named, none told)
                             r"思想|认识|工作|机制|体制|制度|作风|层面|领域|放松|松懈|地方|之处|情况|所|偏差|条件|对|针对|关于|兼而有之|兼有|皆有|遗留|"
                             # (主观因素和客观因素相互交织: kinds named, how they mix, nothing told)
                             r"和|与|及|相互|互相|交织|交错|叠加|并存|共同|作用|影响|结果|所致)*"
                             # (…，镇党委政府将高度重视，认真抓好整改: a promise, by whoever makes it)
                             r"(?:(?:我们|(?:我|本)?(?:镇|乡|街道|局)[\u4e00-\u9fff]{0,5}?)?(?:关键|重点|根本|核心|主要)?(?:还是|还在于|在于)?(?:在于)?(?:我们)?(?:今后|下一步|以后)?(?:(?:还|仍)(?=需))?(?:需要|需|我们将|将|有待|要|必须|进一步|切实|着力|值得)"
                             r"[^。\n]*)?[。！!]?\s*$")


def _names_nothing_after(item: str, at: int, params: CausesParams | None = None, symptom: str | None = None) -> bool:
    """Whether what follows a connective opening the cause (究其原因，…) up to its sentence's end names nothing but
    what is to be done (究其原因，关键还在于今后要进一步压实各村责任), or only how far short something falls
    (主要原因是工作还不够细致深入; 主要是排查不够深入、解决不够及时); a connective closing its sentence (这与…不无关系)
    has its cause before it."""
    rest = _CAUSE_END.split(item[at:], maxsplit=1)[0]
    return bool(rest.strip()) and (bool(_EMPTY_CAUSE.match(rest)) or _only_falls_short(rest, params, symptom))


# A piece of a "cause" that only says how far short something falls (宣传的声势还不够大; 法治观念还比较淡薄; 成效还没有
# 充分显现; 各村创建进度快慢不一; 学法用法还有差距): a degree, no factor behind it.
_FALLS_SHORT = regex.compile(
    r"(?P<matter>[^，,、；;。]{0,24}?)(?:"
    r"(?:不够|不太|不很|不大|还不|仍不|尚不|比较|较为|较|相对)(?:深入|细致|细|及时|明显|高|强|大|广|深|实|扎实|到位|平衡|均衡|"
    r"一致|规范|完善|健全|全面|积极|主动|充分|有力|淡薄|薄弱|欠缺|滞后|落后|好|快|单一|零散)[\u4e00-\u9fff]{0,2}"
    r"|(?:没有|未能?|尚未|还没有?|仍未)(?:得到)?(?:充分|完全|真正|很好地?|有效|全面)[\u4e00-\u9fff]{1,4}"
    r"|不(?:深入|细致|及时|明显|扎实|到位|平衡|均衡|规范|完善|健全|全面|主动|积极|充分)"
    r"|淡薄|薄弱|快慢不一|参差不齐|(?:还|仍)?有(?:一定的?)?差距|有待[^，,、；;。]{0,10}|不一"
    # (…，需要进一步改进: what is to be done about it, said of nothing)
    r"|(?:还|仍)?(?:需要|需|要|将|必须)(?:在今后|今后|进一步|继续)*[^，,、；;。]{0,6}(?:改进|加强|提高|解决|完善|提升|努力|整改))\s*$")
_BECAUSE_SAID = regex.compile(r"(?:就|主要|还)?(?:是因为|是由于|在于|源于)")
_CAUSE_OPENS = regex.compile(r"^[\s，,：:]*(?:主要|还|则)?(?:是|在于|有)?[\s，,：:]*")


def _only_falls_short(text: str, params: CausesParams | None, symptom: str | None = None) -> bool:
    """Whether every piece of a cause's text only says how far short something falls, names no factor, and (with
    the `symptom` it is given for) falls short in the symptom's own matter or in none named (…清理还不够及时，原因是
    跟踪评估机制不够健全 names another matter, a cause; …意识不强，主要原因是这部分同志的法治观念还比较淡薄 does not)."""
    if params is not None and _found_any(params.factors, text):
        return False
    because = _BECAUSE_SAID.search(text)  # (之所以不够顺畅，是因为…: the cause is what follows 是因为)
    told = text[because.end():] if because else text
    pieces = [piece.strip(" 。.") for piece in regex.split(r"[，,、；;]", _CAUSE_OPENS.sub("", told)) if piece.strip(" 。.")]
    shortfalls = [_FALLS_SHORT.fullmatch(piece) for piece in pieces]
    if not shortfalls or not all(shortfalls):
        return False
    if symptom is None:
        return True
    # The matter that falls short is what each piece says before its shortfall (宣传的声势 of 宣传的声势还不够大), less
    # whose it is (这部分同志的法治观念: …) and what every item is of (法治).
    said = "|".join(_PEOPLE.sub("|", found.group("matter")) for found in shortfalls)
    matter = _run_pairs(_kindred(said)) - _COMMON_PAIRS
    return not matter or bool(matter & _run_pairs(_kindred(symptom)))


def _kindred(text: str) -> str:
    """`text` with each word of a kind written as that kind's one word (观念 → 意识, 成效 → 效果)."""
    return _KINDRED.sub(lambda found: _KIN[found.group()], text)


_PEOPLE = regex.compile(r"同志|职工|党员|群众|村民|居民|我们|自身|本身|自己")
# Words for the same matter (法治观念 / 尊法守法意识; 成效 / 效果): one word for each kind.
_KIN = {"观念": "意识", "素养": "意识", "素质": "意识", "思维": "意识", "成效": "效果", "实效": "效果", "平衡": "均衡"}
_KINDRED = regex.compile("|".join(_KIN))


def _names_nothing(sentence: str) -> bool:
    """Whether a sentence speaking of all the items names no cause after its opening words (以上不足的产生，既有客观
    原因，也有主观原因，我们将认真对待), or names only kinds of cause (这些问题的产生，主观上是我们努力还不够，客观上也受到
    一些条件的限制; 工作中也受到一些客观条件的制约)."""
    comma = regex.search(r"[，,：:]", sentence)
    if comma is not None and _EMPTY_CAUSE.match(sentence, comma.end()):
        return True
    rest = sentence[comma.end():] if comma is not None else sentence
    return bool(rest.strip(" 。.")) and _VAGUE_ANALYSIS.fullmatch(rest) is not None


# A joint analysis that names its kinds of cause and nothing of what they are (从主观上讲，是我们努力还不够；从客观上讲，
# 也受到一些条件的限制).
_VAGUE_ANALYSIS = regex.compile(r"(?:[\s，,：:；;、]|从|讲|说|来看|看|是|我们|工作|努力|主观|客观|上|中|还|都|仍|不够|不足|不到位|也|受到|受|"
                                r"一些|一定|的|条件|限制|制约|因素|方面|原因|既有|又有|也有|有|重视|程度|不高|所致|造成|导致|"
                                r"存在|问题|不足|这些|上述|以上|形成|产生|出现|深入|分析|历史|遗留|现实|体制|机制|思想|认识|层面|作风|"
                                r"兼而有之|兼有|多方面|面临|面对|困难|难度|一定)*[。！!]?\s*")
# A line opened by a kind of cause as its label ((一)主观原因。; 客观方面的因素：).
_KIND_LABEL = regex.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十]、|\d{1,2}[.．、])?\s*(?:主观|客观)"
                            r"(?:方面|上)?的?(?:原因|因素)\s*[。：:，,]")
# A heading over the joint analysis (（二）原因分析, 原因：), the analysis on the lines under it.
_CAUSE_HEADING = regex.compile(r"(?:（[一二三四五六七八九十\d]{1,2}）|[一二三四五六七八九十]、|\d{1,2}[.．、])?\s*"
                               r"(?:主要|具体|存在问题的|产生问题的|(?:问题|不足)(?:产生|形成|存在)的(?:主要)?)?原因(?:分析|剖析)?(?:如下)?\s*[：:。]?")
# A sentence speaking of all the items at once (这些问题的根子…, 之所以这样…, 说到底…), not one of them (其中…).
_BACK_REFERENCE = regex.compile(r"(?:^|(?<=[。；;！？!?]))\s*(?:[^，,。；;\n\d（(是]{1,6}[，,]\s*)?(?:但是?|而)?"  # (细想起来，这三方面…)
                                r"(?:这些|上述|以上|上面|前面|这[两三四五六几]个?|[前后]?[两三四五六几]个|前述|出现这些|"
                                r"分析以上|分析上述)"
                                # (not what solving them takes: 以上问题的解决，归根到底要靠…充实人手、保障经费)
                                r"(?![^，。；;\n]{0,6}?(?:的解决|的整改|要解决|要整改|的克服|的破解|的改进))[^。；;\n]*")
# …or a paragraph of its own after the items opening so (之所以这样，主要还是…; 说到底，…): in an item it is the item's.
# What a lead-in giving the cause of every item speaks of: the items as a group (由于…，工作中还存在一些问题和不足).
_AS_GROUP = regex.compile(r"问题|不足|短板|差距|薄弱|弱项|欠缺|短处|困难|瓶颈|以下|如下|下列|这些|上述"
                       r"|[几两三四五六七八九十\d]+个?方面|表现(?:在|为)|体现(?:在|为)|反映")
# "Various" as all a marker says of what caused it (由于各种原因, 受多种因素影响): the words, for _LEADS_INTO and _UNNAMED.
_VARIOUS = "各种|种种|多种|诸多|多方面的?|一些|某些|主客观"
# A 由于 clause run straight into the first item of its line (由于镇里没有专职法治人员，一是…，二是…): what follows
# it, every item, is what it led to. (Not 由于各种原因，一是…: a marker naming nothing.)
_LEADS_INTO = regex.compile(rf"\s*(?:由于|因为|鉴于)(?!(?:{_VARIOUS}|主观和客观|客观和主观)+的?(?:原因|因素)(?:的)?(?:影响|制约|限制)?\s*[，,])"
                            r"[^。；;！？!?\n]+[，,]\s*")
# …or facts run into the items by 所以 (镇机关在编干部只有21人，…法治工作基本靠兼职干部推动，所以一是…，二是…).
_LEADS_ON = regex.compile(r"[^。；;！？!?\n]+[，,]\s*(?:所以|因此|因而|故而|以致|致使|导致)[，,]?\s*")
_OPENS_ANALYSIS = regex.compile(r"\s*(?:之所以|说到底|归根结底|究其根本|追根溯源)")


# A paragraph opening the next year's plans (2023年，我镇将…; 下一步，…) inside the part.
_PLAN_OPENS = regex.compile(r"(?:(?:19|20)\d{2}\s*年|明年|下一步|下步|今后|新的一年)[，,]?\s*(?:我镇|我乡|我街道|我局|我们|镇党委|乡党委)?"
                            r"(?:将|要|拟|计划|打算)"
                            # …or a sub-heading of the plans inside the part ((二)下步举措。一是…)
                            r"|(?:（[一二三四五六七八九十]）|\d{1,2}[.．、])?\s*(?:下一?步|下一?年度|今后|明年)"
                            r"(?:的)?(?:工作)?(?:举措|措施|打算|计划|安排|思路|方向|重点)")
# The part's opening sentence before unnumbered items: 虽然取得了一定成效，但…还有一定的差距.
_LEAD_IN = regex.compile(r"(?:虽然?|尽管)[^。]{0,40}(?:但|仍|还)|存在(?:以下|如下)|还有一定的?差距|主要(?:表现|体现)(?:在|为)"
                      r"|(?:但是?|不过)[^。]{0,6}(?:也|还|仍)?存在[^。]{0,8}(?:问题|不足)")


def _under(pieces: list[tuple[int, str]], index: int) -> str:
    """The text after the piece at `index` to the end of the part (a 原因分析 heading heads the rest)."""
    return "\n".join(text for _, text in pieces[index + 1:])


def _gives_cause(text: str, params: CausesParams) -> bool:
    """Whether a stretch of text names a cause: a causal connective or an explaining fact."""
    return bool(text.strip()) and (_found_any(params.connectives, text) or _found_any(params.factors, text))


# A pattern these cannot be joined in: numbered or named groups referred back to, inline flags, recursion.
_UNJOINABLE = regex.compile(r"\\[1-9g]|\(\?P?[=<]?[a-zA-Z_]\w*>|\(\?P=|\(\?[&R0-9]|\(\?[aiLmsuxV0-9-]+\)")


@lru_cache(maxsize=64)
def _joined(patterns: tuple[str, ...]) -> Any:
    """One pattern matching wherever any of `patterns` does (so `search` answers "does any of them occur"), or
    None when one of them cannot be joined with the others."""
    if not patterns or any(_UNJOINABLE.search(p) for p in patterns):
        return None
    return compiled("|".join(f"(?:{p})" for p in patterns))


def _first_match(patterns: tuple[str, ...], text: str) -> Any:
    """The match of any of `patterns` that starts first in `text` (on a tie, the earlier pattern's), or None: one
    search of the joined patterns where they can be joined (a search finds the leftmost match, trying the
    alternatives in order)."""
    joined = _joined(patterns)
    if joined is not None:
        return joined.search(text)
    found = None
    for pattern in patterns:
        match = compiled(pattern).search(text)
        if match and (found is None or match.start() < found.start()):
            found = match
    return found


def _found_any(patterns: tuple[str, ...], text: str) -> bool:
    """Whether any of `patterns` occurs in `text`."""
    return _first_match(patterns, text) is not None


# A sentence saying the causes are yet to be looked for (至于问题背后的原因，由于年底事务繁杂，尚未来得及深入查找，拟纳入
# 明年民主生活会一并剖析): whatever reason it gives is why no cause was found, not a cause of the item.
# (Not a cause told: 原因是干部没有系统研究法律.)
_CAUSE_DEFERRED = regex.compile(r"[^。！？!?\n]*(?:原因|根源|症结|根子)(?!是|在于|主要|有二|有三|有以下|如下)[^。！？!?\n]{0,30}?"
                                r"(?:尚未|还未|仍未|未能|没来得及|来不及|有待|拟|留待|待|将)(?:来得及)?[^，。！？!?\n]{0,16}?(?:深入|认真|进一步|一并|逐一|仔细)?"
                                r"(?:查找|查摆|分析|剖析|梳理|深挖|查明|找准)[^。！？!?\n]*[。！？!?]?")


# What a shortcoming led to, right after it, to its sentence's end (一是…仍需进一步提高，导致个别事项办理程序不够规范): its
# effects, not why it exists. (Not a cause told first, then 导致 and the symptom: 一是懂法律的干部不足，…仅1人…，导致依法行政
# 能力仍需提高; nor 造成这些问题的原因是…, which opens the cause.)
_CONSEQUENCE = regex.compile(r"(?<=^\s*(?:[一二三四五六七八九十]是|（[一二三四五六七八九十\d]{1,2}）|\d{1,2}\s*[.．、])?[^，,。；;！？!?\n]+)"
                             r"[，,]\s*(?:从而|进而|以致|因而)?(?:导致|致使|造成|使得|以致|以至于?)(?![^。；;！？!?\n]{0,16}(?:原因|根源))"
                             r"[^。；;！？!?\n]*")


# A causal marker whose cause is only "various" (由于各种原因; 受多种因素影响).
_UNNAMED = regex.compile(rf"(?:由于|因为|受到?|因)(?:{_VARIOUS})+的?(?:因素|原因)(?:的)?(?:影响|制约|限制)?[，,]?")
# A sentence speaking of all the items (产生以上问题，…), in an item's text.
_ALL_VAGUE = regex.compile(r"(?<=^|[。；;！？!?\n])[^。；;！？!?\n]{0,8}(?:以上|上述|这些|前述)(?:问题|不足|短板)[^。！？!?\n]*[。！？!?]?")


def _vague(found: Any) -> str:
    """A sentence on all the items is cut from an item's text when it names kinds of cause and nothing of them."""
    return "" if _VAGUE_ANALYSIS.fullmatch(found.group()) else found.group()


def _effect(found: Any, params: CausesParams) -> str:
    """A consequence is cut only after a symptom (能力仍需提高，导致…); after a factor (党政办人手紧，使得…拖后;
    全年普法宣传经费不足2.5万元，造成…) what follows is the symptom that factor explains."""
    before = found.string[:found.start()]
    return "" if _SYMPTOM.search(before) and not _found_any(params.factors, before) else found.group()


def _explains(item: str, params: CausesParams) -> bool:
    """Whether an item gives a cause: a causal connective anywhere, or an explaining fact beside its symptom —
    after it (执法力量不足，全镇仅有执法人员2名), or before a symptom that follows (宣传经费没有列入预算，宣传力度不强)."""
    item = _CAUSE_DEFERRED.sub("", item)  # (至于问题背后的原因，由于年底事务繁杂，尚未来得及深入查找: no cause)
    item = _CONSEQUENCE.sub(lambda found: _effect(found, params), item)  # (…，致使少数决策出台后因村民反映强烈又作了调整:
    # what it led to, and why that)
    item = _ALL_VAGUE.sub(_vague, item)  # (产生以上问题，既有主观努力不够的原因，也有客观条件限制的原因: nothing told)
    item = _UNNAMED.sub("", item)  # (受多种因素影响，宣传成效还不够理想: a marker naming no cause)
    connective = _first_match(params.connectives, item)
    if connective is not None and not _restates(item, connective, params) \
            and not _names_nothing_after(item, connective.end(), params, item[:connective.start()]):
        return True
    clauses: list[str] = []
    for sentence in _SENTENCE.findall(item):
        showing = False  # (…提高，表现为个别干部办事习惯凭经验: how it shows, not why — until a cause is named)
        for clause in _CLAUSE.findall(sentence):
            if clauses and _SHOWS.match(clause):
                showing = True
            elif showing and (_first_match(params.connectives, clause) is not None
                              or _found_any(params.background, clause)):
                showing = False  # …表现为…，这与乡里近年新进干部多…有很大关系; …，新进的干部多数不是法律专业毕业
            if not showing and not _ITEM.fullmatch(clause.strip()):
                clauses.append(clause)
    factor = [_found_any(params.factors, c) for c in clauses]
    # (A factor first counts when a symptom follows it: 宣传经费没有列入预算，宣传力度不强 — not when the item's own
    # symptom is the factor and examples follow: 群众尊法守法意识不强，窗口办事时仍有托关系的现象.)
    # (Nor when the first clause is a want of awareness or ability, the usual words of a shortcoming itself:
    # 办事群众尊法敬法的意识不强，守法用法做得不够.)
    return any(factor[1:]) or (len(factor) > 1 and factor[0] and not all(factor[1:])
                               and not _WANTING.search(clauses[0])
                               and (any(_SYMPTOM.search(c) for c in clauses[1:])
                                    # (二是高山村组离场镇远、道路条件差，致使宣传活动难以覆盖: the factor, then what it led to)
                                    or _LED_TO.match(clauses[1]) is not None))


_LED_TO = regex.compile(r"\s*(?:从而|进而)?(?:导致|致使|造成|使得|以致|以至于?)")


_WANTING = regex.compile(r"(?:意识|观念|能力|水平|素质|热情|积极性|主动性)[^，。；：\n]{0,4}(?:不强|淡薄|不高|薄弱|低|差|不足|欠缺)")


_SYMPTOM = regex.compile(r"不强|不够|不高|不足|不明显|不到位|不规范|不完善|不健全|有待|仍需|亟需|亟待|需要?进一步|薄弱|滞后|欠缺|较弱|"
                         r"较差|偏低|不多|不深")
# A clause telling how the shortcoming shows (表现为…, 比如…): more symptom, whatever its words.
_SHOWS = regex.compile(r"\s*(?:主要)?(?:表现为|表现在|体现为|体现在|比如|例如|譬如)")
# Words that say how much or how well, not what: left out when a "cause" is compared with its symptom.
# (…能力仍需提高，原因是干部依法行政的意识和本领还有欠缺; …制度还不够完善，原因是相关配套制度还没有建立健全.)
_FILLER = regex.compile(r"这部分|这些|部分|个别|一些|有关|相关|主要|方面|干部|人员|工作|仍然|依然|仍|还|尚|不够|不太|不|够|强|高|足|好|"
                        r"做得|扎实|有力|实(?![施行现际])|"
                        r"意识|欠缺|缺乏|没有|建立|有|和|及|与|"
                        r"有待|亟待|需要|需|进一步|加强|增强|提高|提升|健全|完善|到位|较|比较|偏|是|的|了|在|"
                        r"本领|能力|水平|素质|相对|滞后|建设|抓得|紧|力度|大|起来|"
                        # (…排查力度还有待加强，原因是排查工作还没有完全到位; …究其原因，主要还是相关工作推进得不够到位:
                        # how fully and the work going on, not what stands in its way)
                        r"完全|充分|全面|真正|彻底|(?:推进|开展|落实)得?|[，,、\s]")
_CJK_PAIR = regex.compile(r"(?=(\p{Han}{2}))")


def _restates(item: str, found: Any, params: CausesParams) -> bool:
    """Whether the cause an item gives after its connective `found` only says its symptom again
    (依法行政能力仍需提高，原因是干部依法行政的能力还不够强): every pair of characters left in the cause, its degree
    words set aside, is in the symptom before it, and it names no explaining fact."""
    cause = _CAUSE_END.split(item[found.end():], maxsplit=1)[0]
    if _found_any(params.factors, cause):
        return False
    pairs = _run_pairs(cause)
    symptom = _run_pairs(item[:found.start()])
    # (…，主要原因是工作做得还不够细: nothing left once its degree words are set aside, so nothing named)
    return bool(cause.strip(" ，,：:。")) and pairs <= symptom


def _restated(analysis: str, items: str, params: CausesParams) -> bool:
    """Whether an analysis of all the items only says them again: it names no explaining fact, and at least half
    the pairs of characters left in it (degree words set aside) are in the items."""
    if _found_any(params.factors, analysis):
        return False
    pairs = _run_pairs(_ANALYSIS_OPENS.sub("", analysis)) - _COMMON_PAIRS
    return len(pairs) >= 3 and len(pairs & _run_pairs(items)) >= 0.5 * len(pairs)


_ANALYSIS_OPENS = regex.compile(r"^[\s：:]*(?:(?:主要|具体)?原因(?:分析)?(?:如下)?|究其原因|分析原因)?[\s：:，,]*(?:主要)?(?:是|在于|有)?")


def _run_pairs(text: str) -> set[str]:
    """The character pairs inside each run of words left once degree and filler words are gone (no pair across
    a removed word: 排查工作还不到位，宣传… gives 排查 and 宣传, not 查宣)."""
    return set(_CJK_PAIR.findall(_FILLER.sub("|", text)))


class QuantifiedParams(BaseModel):
    """Figures with units per 1,000 characters of the 成效 part: pass at `per_1000`, partial from half."""

    model_config = ConfigDict(extra="forbid")
    section: str = "measures"
    # Parts of the year's work headed on their own beside it (the first duty under 三、党政主要负责人履职情况):
    # their figures and length count with it.
    also: tuple[str, ...] = ("first-duty",)
    units: tuple[str, ...] = Field(min_length=1)
    per_1000: float = Field(default=3.0, gt=0)
    _figure: regex.Pattern[str] = PrivateAttr()

    def model_post_init(self, context: Any) -> None:
        """Compile the figure pattern once, when the pack is loaded."""
        self._figure = _figure(self.units)

    @property
    def figure(self) -> regex.Pattern[str]:
        """A number with one of the units."""
        return self._figure


_A_YEAR = regex.compile(r"\d{4}\s*年")  # 2023年 is a date, not a figure


def _figure(units: tuple[str, ...]) -> regex.Pattern[str]:
    """A number (12, 3.5, 十二, 两) with one of the units, the longest unit first."""
    alternatives = "|".join(sorted((regex.escape(u) for u in units), key=len, reverse=True))
    # (每一份 is every one, not a count.)
    return regex.compile(rf"(?<![\d.])(?:\d+(?:\.\d+)?|(?<!每)[一二三四五六七八九十百千两]+)(?:余|多)?\s*(?:{alternatives})")


def _figures(ctx: Context, params: QuantifiedParams, ranges: tuple[tuple[int, int], ...],
             where: str) -> tuple[float, str, list[Evidence]]:
    """Figures per 1,000 characters of `ranges`, the summary saying so, and the first figures as evidence."""
    sub = ctx.narrowed(ranges, where)
    hits = [(offset + m.start(), offset + m.end()) for offset, text in sub.scope_text() for m in params.figure.finditer(text)]
    # A date is not a figure; nor is a figure in a plan or a negation (the rule's claims: 力争培训200人次).
    hits = [h for h in hits if not _A_YEAR.match(ctx.doc.norm, h[0], h[1]) and sub.counts(*h)]
    chars = sum(hi - lo for lo, hi in ranges) or 1
    rate = len(hits) * 1000 / chars
    summary = f"{where}约 {chars} 字，含具体数字 {len(hits)} 处，每千字 {rate:.1f} 处（标准 ≥{params.per_1000:g}）"
    return rate, summary, evidence_of(sub, hits, most=3)


def _overlaps(these: tuple[tuple[int, int], ...], those: tuple[tuple[int, int], ...]) -> bool:
    """Whether two sets of inclusive line ranges share a line."""
    return any(a <= d and c <= b for a, b in these for c, d in those)


def quantified(ctx: Context, rule: Rule, params: QuantifiedParams) -> Outcome:
    """The 举措和成效 part carries concrete figures (次, 场, 件, 人次, %, 万元 …), enough for its length; a part of
    the year's work headed on its own beside it (`also`) counts with it when that shows more figures for the length."""
    part = ctx.parts.find(params.section)
    ranges = tuple(ctx.doc.span_of_lines(a, b) for a, b in part.lines) if part else ctx.ranges
    where = part.label(ctx.doc) if part else "全文（未找到“举措和成效”部分）"
    best = _figures(ctx, params, ranges, where)
    for name in params.also if part else ():
        beside = ctx.parts.find(name)
        if beside and beside.how == "heading" and not _overlaps(beside.lines, part.lines):
            ranges = tuple(sorted(ranges + tuple(ctx.doc.span_of_lines(a, b) for a, b in beside.lines)))
            where += "、" + beside.label(ctx.doc)
            best = max(best, _figures(ctx, params, ranges, where), key=lambda found: found[0])
    rate, summary, evidence = best
    if rate >= params.per_1000:
        return passed(evidence, summary)
    if rate >= params.per_1000 / 2:
        return partial(rate / params.per_1000, summary, evidence)
    return failed(summary, evidence, "带单位的数字：" + "、".join(params.units[:10]))
