"""Rules step: the declarative check kinds — section, require, forbid, pattern, meta."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.checks.context import (
    Context,
    Outcome,
    distinct_lines,
    failed,
    not_applicable,
    partial,
    passed,
    why_not_counted,
)
from auditor.checks.prefilter import finditer_near, possible
from auditor.claims import ALL_OF_THEM, PART_MODALITY, SOME_PEOPLE
from auditor.metadata import CLOSING_FORMULA
from auditor.model import Evidence
from auditor.patterns import compiled, for_year
from auditor.schema import ForbidCheck, MetaCheck, PatternCheck, RequireCheck, Rule, SectionCheck
from auditor.spans import Containers
from auditor.textnorm import normalize


def check_section(ctx: Context, rule: Rule, check: SectionCheck) -> Outcome:
    """The report has the part: by heading (pass), a devoted paragraph (pass) or untitled (partial)."""
    part = ctx.parts.find(check.section)
    kind = ctx.ruleset.settings.sections[check.section]
    if part is None:
        if check.heading_only:  # only whether an existing part has its own heading; absence is another rule's
            return not_applicable(f"报告没有“{kind.name}”的内容（见相应结构规则）")
        if check.optional:
            return not_applicable(f"报告没有“{kind.name}”部分；该部分可选，没有需要报告的其他情况时可不写")
        return failed(looked_for=f"标题含“{kind.name}”的部分")
    first = part.lines[0][0]
    ev = (ctx.line_evidence(first),)
    body = part_body(ctx, part) if part.how == "heading" else None
    if check.optional and body == "":
        return failed(f"{part.label(ctx.doc)}只有标题、没有内容（没有需要报告的其他情况时写“无”，或删去该标题）", ev)
    if not check.optional and not check.heading_only and body is not None and hollow(body, kind.content, kind.aside):
        # 三、存在的问题 / 四、下一步工作打算 with nothing under it, or 存在问题：无。: the part is named, not written.
        told = "只有标题、没有写明内容" if body == "" else f"只写了“{body.strip()[:16]}{'…' if len(body.strip()) > 16 else ''}”"
        return failed(f"{part.label(ctx.doc)}{told}，没有报告具体的{kind.name}", ev, f"“{kind.name}”部分的具体内容")
    if check.heading_only and part.how in ("heading", "paragraph") and check.section not in PART_MODALITY \
            and (theirs := _only_not_own(ctx, part)):
        # (五)压实第一责任人职责。镇党委书记、镇长拟从明年起…: no part of its own work to head (the part's rule says so).
        return not_applicable(f"{part.label(ctx.doc)}只写了{theirs}（见相应结构规则）")
    if not check.optional and not check.heading_only and part.how in ("heading", "paragraph") \
            and check.section not in PART_MODALITY and (theirs := _only_not_own(ctx, part)):
        # 四、党政主要负责人履行…情况 over 县委主要领导2次到我镇调研…; 县委依法治县办要求各乡镇党政主要负责人…: a part
        # that tells only others' work, a demand, a plan or a denial reports nothing of its own.
        return failed(f"{part.label(ctx.doc)}只写了{theirs}，没有报告具体的{kind.name}", ev, f"“{kind.name}”部分的具体内容")
    if part.how == "heading" and check.heading_only and not _top_level(ctx, part) \
            and (top := _top_named(ctx, part, check.section)) is not None:
        # 一、…举措成效及党政主要负责人履行第一责任人职责情况 over （1）切实发挥党政主要负责人…作用: the part is told
        # under a top-level heading that names it beside another part.
        # (二、乡党委书记、乡长“一把手”抓法治工作情况 over the duty's sub-headings: the part's own heading after all.)
        title = ctx.doc.norm_lines[top.line - 1].strip()
        if not (shared := _sharing(ctx, top, check.section, top.line)):
            return passed((ctx.line_evidence(top.line),), f"见第{top.line}行“{title}”")
        title = title if len(title) <= 40 else title[:40] + "…"
        return partial(0.5, f"{kind.name}与“{shared}”合用一个标题（第{top.line}行“{title}”），没有单列",
                       (ctx.line_evidence(top.line),), f"标题含“{kind.name}”的单独部分")
    if part.how == "heading" and check.heading_only and not _top_level(ctx, part):
        return failed(f"{kind.name}只在{part.label(ctx.doc)}这一小标题下报告，没有单列为报告的一部分", ev,
                      f"标题含“{kind.name}”的部分")
    if part.how == "heading" and check.heading_only and (shared := _sharing(ctx, part, check.section)):
        # 一、2022年推进法治政府建设的主要举措、成效及党政主要负责人履职情况: named beside another part, not singled out.
        return partial(0.5, f"{kind.name}与“{shared}”合用{part.label(ctx.doc)}一个标题，没有单列", ev,
                       f"标题含“{kind.name}”的单独部分")
    if part.how == "heading":
        return passed(ev, f"见{part.label(ctx.doc)}")
    if check.heading_only:
        if part.how == "paragraph" and _only_not_own(ctx, part):
            # (县委依法治县办要求各乡镇党政主要负责人切实履行…: no such part to give a heading)
            return not_applicable(f"报告没有“{kind.name}”的内容（见相应结构规则）")
        return failed(f"{ctx.doc.where(first)}报告了{kind.name}，但没有单列标题", ev, f"标题含“{kind.name}”的部分")
    if part.how == "paragraph":
        return passed(ev, f"未单列标题，但{ctx.doc.where(first)}段落专门报告了{kind.name}")
    credit = check.implicit_credit
    message = f"未设“{kind.name}”标题；{part.label(ctx.doc)}等部分实为该部分内容，建议加统一标题"
    if credit >= 1:
        return passed(ev, message)
    return partial(credit, message, ev)


def _top_named(ctx: Context, part, name: str):  # part: auditor.parts.Part → Section | None
    """The top-level section holding a part found under a sub-heading, when its own heading names the part too."""
    first = part.lines[0][0]
    top = next((s for s in ctx.doc.sections if s.line < first <= s.end_line), None)
    return top if top is not None and ctx.parts.matches(top, name) else None


def _sharing(ctx: Context, part, name: str, line: int | None = None) -> str:  # part: auditor.parts.Part | Section
    """The name of another part whose heading the part shares (a combined heading), or ""."""
    line = part.lines[0][0] if line is None else line
    section = next((s for s in ctx.doc.walk() if s.line == line), None)
    kinds = ctx.ruleset.settings.sections
    # (Not a part found under a heading of its own elsewhere: 二、镇党委书记、镇长抓法治建设工作情况 beside 一、…主要举措和成效
    # names the measures' words 工作情况 but shares nothing.)
    other = next((k for k in kinds if k != name and section is not None and ctx.parts.matches(section, k)
                  and not _elsewhere(ctx, k, line)), None)
    return kinds[other].name if other else ""


def _elsewhere(ctx: Context, name: str, line: int) -> bool:
    """Whether the part `name` has a heading of its own on another line than `line`."""
    part = ctx.parts.find(name)
    return part is not None and part.how == "heading" and part.lines[0][0] != line


_NOT_OWN = {"others": "其他单位或人员的工作", "elsewhere": "其他单位或人员的工作", "demand": "上级的要求",
            "planned": "计划或打算", "negated": "没有做的事"}


def _only_not_own(ctx: Context, part) -> str:  # part: auditor.parts.Part
    """What a part's text holds when none of its clauses is the body's own work (its heading line left out):
    the names of those kinds, else ""."""
    if ctx.claims is None:
        return ""
    kinds: list[str] = []
    skip = part.lines[0][0] if part.how == "heading" else 0
    head_end = 0  # where the heading's own words end on its line ((五)压实第一责任人职责。镇党委书记…: the body after)
    if skip:
        heading = ctx.doc.norm_lines[skip - 1]
        cut = HEAD_END.search(heading)
        head_end = ctx.doc.line_starts[skip - 1] + (cut.end() if cut else len(heading))
    for first, last in part.lines:
        for claim in ctx.claims.between(*ctx.doc.span_of_lines(first, last)):
            if claim.line == skip and claim.start < head_end or not ctx.doc.norm[claim.start:claim.end].strip():
                continue
            name = _NOT_OWN.get(claim.modality)
            if name is None:
                return ""
            if name not in kinds:
                kinds.append(name)
    return "、".join(kinds)


def _top_level(ctx: Context, part) -> bool:  # part: auditor.parts.Part
    """Whether a part found by its heading has a heading of its own: at the report's top level (二、…), or a
    sub-heading on a line of its own ((五)党政主要负责人履行…情况) — not the opening words of a numbered paragraph
    (4.压实第一责任人职责。镇党委书记…)."""
    firsts = {first for first, _ in part.lines}
    if any(section.line in firsts for section in ctx.doc.sections):
        return True
    # (a sub-item of the measures — （四）压实第一责任人职责 among the 举措 — is no part of its own)
    measures = ctx.parts.find("measures") if "measures" in ctx.ruleset.settings.sections else None
    inside = {n for first, last in (measures.lines if measures and measures.how != "paragraph" else ())
              for n in range(first, last + 1)}
    lines = ctx.doc.norm_lines
    # (…unless its heading carries the part's formal name, run on or not: (五)党政主要负责人履行推进法治建设第一责任人
    # 职责情况。镇党委书记…)
    return any(_PART_TITLE.search(_head_of(lines[first - 1].strip()))
               or not _RUN_ON.search(lines[first - 1].strip()) and first not in inside for first in firsts)


def _head_of(line: str) -> str:
    """A heading line's own words, before any paragraph it runs on into."""
    run_on = _RUN_ON.search(line)
    return line[:run_on.start()] if run_on else line


# The part's own name (（五）2023年度党政主要负责人履行推进法治建设第一责任人职责情况, 履行第一责任人职责情况): a sub-heading
# that carries it is the part, wherever it is numbered.
# (…第一责任人职责、加强法治政府建设的情况: with the second half of the formal title too)
_PART_TITLE = re.compile(r"履行[^，。；]{0,10}第一责任人职责(?:[、，,][^。；]{0,16}?)?的?情况")


_RUN_ON = re.compile(r"[。！？；：:!?;]\s*\S")  # a heading line going on into its paragraph


def part_body(ctx: Context, part) -> str:  # part: auditor.parts.Part
    """The text of a part found by its heading, without the heading: what follows the heading on its line
    (四、其他需要报告的情况：无) and the lines under it, but not the closing formula and the 落款 that follow a
    last part (五、其他事项 / 特此报告 / 某镇人民政府 / 2023年2月21日). Empty: only the heading was written."""
    lines, meta = ctx.doc.norm_lines, ctx.doc.meta
    closing = {n for n in (meta.signature_line, meta.date_line) if n}
    heads = ctx.heading_lines()
    out = []
    for first, last in part.lines:
        head = lines[first - 1].strip()
        cut = HEAD_END.search(head)
        if first in heads or first == part.lines[0][0]:
            head = _after_heading(head, cut)
        out.append(head)
        out.extend(text for n in range(first + 1, last + 1)
                   if (text := lines[n - 1].strip()) and n not in closing and not _CLOSING.match(text))
    return "\n".join(text for text in out if text)


def _after_heading(head: str, cut: re.Match[str] | None) -> str:
    """The text on a heading's line after the heading's own words. A numbered line that is one run-on sentence
    reporting figures (4.镇党委书记、镇长认真履行…第一责任人职责，全年主持召开党委会专题研究法治建设4次，…。) is
    a paragraph: its words after the first comma are its text. (Not a slogan over two phrases:
    （一）坚持党的领导，压实第一责任人职责。)"""
    if cut is None:
        return ""
    rest = head[cut.end():].strip()
    if not rest and cut.group() == "。" and (comma := head.find("，", 0, cut.start())) > 0 \
            and _FIGURE.search(head, comma, cut.start()):
        return head[comma + 1:cut.start()]
    return rest


_FIGURE = re.compile(r"\d|[一二两三四五六七八九十]+(?:次|件|场|个|项|名|人)")


def hollow(body: str, content: str = "", aside: tuple[str, ...] = ()) -> bool:
    """Whether a part's text is not written: empty, only 无, or without the words its kind must hold outside the
    sentences set `aside` (the plans part: 回望2022年，…; 区委…对各镇街提出了明确要求)."""
    if body == "" or says_none(body):
        return True
    if not content:
        return False
    if aside:
        patterns = [compiled(pattern) for pattern in aside]
        body = "。".join(sentence for sentence in _SENTENCES.split(body)
                        if not any(pattern.search(sentence) for pattern in patterns))
    return compiled(content).search(body) is None


_SENTENCES = re.compile(r"[。！？!?；;\n]+")


def says_none(body: str) -> bool:
    """Whether a part's text only says there is nothing to report (无。 暂无。 未发现明显不足。)."""
    body = _CREDITED.sub("", body.strip())  # (…暂无明显不足,这主要得益于镇党委政府高度重视: why it went well, no weakness)
    body = _PLANS_AFTER.sub("。", body)  # (…基本没有短板。下一步将继续加强…: what is to be done next, no weakness)
    if _NONE_SAID.fullmatch(body) or _POINTER.fullmatch(body):
        return True
    # …after a short word on the year (本年度我乡…各项任务均按期完成，经自查未发现明显不足。)
    # (…or the year's work praised first: 各项法治工作均按年初计划完成,…,经逐项自查,暂未发现需要专门报告的问题。)
    clauses = _CLAUSES.split(body.rstrip("。.！!"))
    nil = [bool(_NONE_SAID.fullmatch(_CHECKED.sub("", clause.strip()))) for clause in clauses]
    if len(body) <= 120 and "\n" not in body and not _SENTENCE_END.search(body.rstrip("。.！!")) and any(nil) \
            and not any(_SHORT_OF.search(clause) for clause, said in zip(clauses, nil) if not said):
        # (经逐项对照检查，本年度我乡…不存在需要专门报告的不足，我乡已经完成了…改革，各项工作运转顺畅: the nil, then
        # how well the year went — no weakness anywhere in it)
        return True
    head, comma, last = _LAST_COMMA.split(body.rstrip("。.！!"))[-3:] if _LAST_COMMA.search(body) else ("", "", "")
    return bool(comma) and len(body) <= 90 and "\n" not in body and not _SENTENCE_END.search(head) \
        and _NONE_SAID.fullmatch(_CHECKED.sub("", last)) is not None


_LAST_COMMA = re.compile(r"([，,])(?!.*[，,])")
_CLAUSES = re.compile(r"[，,]")
# Words of a weakness, which a nil part must not hold anywhere (但…还不够, 有待加强).
_SHORT_OF = re.compile(r"但|不过|然而|不够|不足|有待|不强|不高|薄弱|欠缺|差距|短板|问题|仍需|亟需|滞后")
# Sentences of plans closing a nil part (…基本没有短板。下一步将继续加强矛盾纠纷排查…).
_PLANS_AFTER = re.compile(r"(?<=[。；;])\s*(?:下一步|下步|今后|明年|(?:19|20)\d{2}\s*年)[^。\n]*(?:。[^。\n]*)*[。]?\s*$")
# A closing clause crediting the year's success to someone (这主要得益于…高度重视、各村积极配合).
_CREDITED = re.compile(r"[，,]\s*(?:这|此|这些)?(?:主要|都|均|也)?(?:是)?(?:得益于|归功于|离不开)[^。！!\n]*[。.！!]?$")


_CLOSING = re.compile(rf"^(?:{CLOSING_FORMULA}|此致|敬礼)[。！!]?$")
# Only a pointer to another paper (详见《2021年工作要点》，此处不再赘述; 另行报送): nothing written here.
_POINTER = re.compile(r"(?:具体|有关内容|相关内容|内容)?(?:详见|见|参见|另见)[^。！!\n]{0,40}?[，,]?\s*(?:此处|这里|本报告|在此)?(?:不再|不)"
                      r"(?:赘述|详述|展开|重复|一一列举)[。.！!]?|(?:另行|另文)(?:报送|制定|印发|报告)[。.！!]?"
                      # (…以镇党委年初印发的工作要点为准，这里不再一一列出; …待县里工作要点印发后，由党委会另行研究确定)
                      r"|[^。！!\n]{0,60}?(?:为准|为依据)[，,]\s*(?:此处|这里|本报告|在此)?(?:不再|不)(?:一一)?(?:赘述|详述|展开|重复|列举|列出|罗列)[。.！!]?"
                      r"|[^。！!\n]{0,60}?(?:另行|届时再?)(?:研究确定|研究|确定|部署|安排|报送|上报)[^。！!\n]{0,4}[。.！!]?"
                      # (2024年的具体任务，待县委…工作要点印发后…细化分解，这里不再逐项列出)
                      r"|[^。！!\n]{0,60}?[，,]\s*(?:此处|这里|本报告|在此)(?:就)?不再(?:一一|逐一|逐项|具体)?(?:赘述|详述|展开|列举|列出|罗列)[。.！!]?")
# Where a heading line's own words end and its text begins (…问题一是…: its first item glued on).
HEAD_END = re.compile(r"[。：:]|(?<=\S\S)(?=[一二三四五六七八九十]是)")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
# A check said before the nil (经自查未发现明显不足; 总体上无明显问题).
_CHECKED = re.compile(r"^(?:经|通过)?(?:逐项|认真|全面)?(?:自查|检查|梳理|排查|查摆|对照检查)(?:后|发现)?|^(?:目前|总体上?|总的来看)"
                      # (对照考核要求基本没有短板: measured against the appraisal)
                      r"|^(?:对照|按照)[^，。]{0,12}?(?:要求|标准|指标|细则)"
                      # (…，本年度我镇法治政府建设未发现需要单独列出的不足: the year and the body named first)
                      r"|^(?:本年度|今年|全年|本年)?(?:我镇|我乡|我街道|我局|本镇|本乡|本街道|本局|本单位)"
                      r"(?:法治政府建设|法治建设|依法行政)?(?:工作)?中?")
_NONE_SAID = re.compile(r"[（(]?(?:无|暂无|没有|本年度无|今年无|全年无|均无|无其他(?:需要)?报告的?(?:情况|事项)?|"
                        r"(?:未|没有)发现(?:明显|突出|重大)?的?(?:不足|问题|短板)|"
                        # (暂无明显问题和不足: the kinds named together)
                        r"(?:暂|目前|均|都|基本上?)?(?:无|没有)(?:明显|突出|重大)?的?(?:不足|问题|短板)(?:[和与及、](?:不足|问题|短板))?|"
                        # (暂未发现需要专门报告的突出问题: the qualifiers in either order)
                        # (基本没有发现问题: near enough none)
                        r"(?:暂|目前|均|都|基本上?)?(?:未|没有|不)(?:发现|存在|查出|查摆出)"
                        r"(?:较为|比较|较|特别|明显|突出|重大|较大|需要(?:专门|单独|特别)?(?:报告|说明|列出|列举|指出)的|的)*"
                        r"(?:(?:不足|问题|短板)(?:[和与及、](?:不足|问题|短板))?)?|"
                        # (暂无需要单独列出的不足: 无 with what it lacks)
                        r"(?:暂|目前|均|都)?(?:无|没有)需要(?:专门|单独|特别)?(?:报告|说明|列出|列举|指出)的"
                        r"(?:不足|问题|短板)?)[）)]?[。.！!]?")


def check_require(ctx: Context, rule: Rule, check: RequireCheck) -> Outcome:
    """Required terms: any one of `any` passes; otherwise each group, with partial credit by share."""
    if check.except_:
        ctx = ctx.blocking(tuple(span for pattern in check.except_ for span in pattern_hits(ctx, pattern, counted=False)))
    hits = _first_lines(ctx, check.any, check.whole_word)
    if hits:
        return _unless_denied(ctx, hits, next((s for t in check.any for s in ctx.undone_hits(t, check.whole_word)), None))
    groups = check.group_map()
    wanted = "、".join(check.any) if check.any else ""
    if not groups:
        return _not_counted(ctx, check.any, check.whole_word, wanted)
    found: dict[str, Evidence] = {}
    for name in groups:
        spans = []
        for terms, patterns, claims in check.group_sets(name):
            sub = ctx.with_claims(claims)
            span = sub.first(terms, check.whole_word) if terms else None
            spans += [span] if span is not None else []
            spans += [hit for pattern in patterns if (hit := _first_counted(sub, pattern)) is not None]
        if spans:
            found[name] = ctx.evidence(*min(spans))
    need = check.min or len(groups)
    missing = [name for name in groups if name not in found]
    evidence = distinct_lines(list(found.values()), most=len(found))
    if len(found) >= need:
        # A group met and one of its names denied among the shortcomings (述法 reported given, then 党政主要负责人
        # 述法工作尚未开展): the same element, whichever of its names each place uses. With core groups, only a core
        # element denied (重大行政决策…尚未…): a step denied of something else is no contradiction (局里对外签订的合同至今
        # 没有建立合法性审查机制, beside decisions reported reviewed).
        denied = next((span for name in found if not check.core or name in check.core
                       for terms, _, _ in check.group_sets(name) for term in terms
                       for span in ctx.undone_hits(term, check.whole_word)), None)
        return _unless_denied(ctx, evidence, denied)
    looked = "；".join(f"{name}（{'、'.join(groups[name][:4])}…）" for name in missing)
    if wanted:
        looked = f"{wanted}；或分别写明 {looked}"
    rejected = ctx.rejected(tuple(t for name in missing for t in groups[name]), check.whole_word)
    why = f"；{why_not_counted(rejected, ctx.doc)}" if rejected else ""
    if found and (lacking := [name for name in check.core if name not in found]):
        # (镇重大行政决策程序规定仍在起草 beside 落实社会稳定风险评估制度: steps of no decision are no decision)
        return failed(f"只写明了{'、'.join(found)}，未报告{'、'.join(lacking)}；没有{'、'.join(lacking)}，"
                      f"{'、'.join(found)}不单独计分{why}",
                      evidence + tuple(ev for _, ev in rejected), looked)
    if found:
        return partial(len(found) / need, f"已写明：{'、'.join(found)}；缺少：{'、'.join(missing)}{why}",
                       evidence + tuple(ev for _, ev in rejected), looked)
    if rejected:
        return failed(why[1:], tuple(ev for _, ev in rejected), looked)
    return failed(looked_for=looked)


def _unless_denied(ctx: Context, evidence: tuple[Evidence, ...], denied: tuple[int, int] | None) -> Outcome:
    """A pass, unless the shortcomings part says the same work was not done (三项制度在我乡尚未真正落地, the hit
    `denied`): the report then contradicts itself, and the rule is half met, with both places shown."""
    if denied is None:
        return passed(evidence)
    where = ctx.evidence(*denied)
    denial = ctx.claims.at(denied[0])
    if denial is not None and SOME_PEOPLE.search(ctx.doc.norm, denial.start, denial.end) \
            and not any(ALL_OF_THEM.search(ev.text) for ev in evidence):
        return passed(evidence)  # 仍有2名执法人员未取得执法证 beside a report of the exams held: no contradiction
    return partial(0.5, f"已报告相关工作，但“存在的不足”中又写明未做到（{ctx.doc.where(where.line)}：{where.text}），"
                        f"前后矛盾，请核实", distinct_lines(list(evidence) + [where], most=4))


def _same_words_denied(ctx: Context, terms: tuple[str, ...], whole_word: bool) -> tuple[int, int] | None:
    """A denial among the shortcomings of a term the report counted (法制审核 reported done, then 法制审核还没有
    开展); a denial of another element of the rule is no contradiction."""
    if ctx.counts_all:
        return None  # every clause counts: none says the work was not done
    occurrences = ctx.index.occurrences
    for term in terms:
        if not occurrences(term):
            continue  # nowhere in the report: neither denied nor counted
        denied = next(ctx.undone_hits(term, whole_word), None)
        if denied is not None and next(ctx.iter_find(term, whole_word), None) is not None:
            return denied
    return None


def _not_counted(ctx: Context, terms: tuple[str, ...], whole_word: bool, looked: str) -> Outcome:
    """A failure that says where the rule's words appear and why none of them counts, when they appear."""
    rejected = ctx.rejected(terms, whole_word)
    if not rejected:
        return failed(looked_for=looked)
    return failed(why_not_counted(rejected, ctx.doc), tuple(ev for _, ev in rejected), looked)


def _first_lines(ctx: Context, terms: tuple[str, ...], whole_word: bool, most: int = 3) -> tuple[Evidence, ...]:
    """Evidence of the first `most` lines with a hit, terms in order: the same as distinct_lines over every
    hit of every term, but later terms are not looked up (nor their word boundaries segmented) once found."""
    hits: list[Evidence] = []
    lines: set[int] = set()
    doc, index = ctx.doc, ctx.index
    for term in terms:
        for span in index.occurrences(term):
            if doc.line_of(span[0]) in lines:
                continue  # its line is shown already: no need to confirm it (a one-line text has every hit there)
            if ctx.in_scope(span[0]) and ctx.counts(*span) and (not whole_word or index.is_word(*span)):
                evidence = ctx.evidence(*span)
                hits.append(evidence)
                lines.add(evidence.line)
                if len(lines) >= most:
                    return distinct_lines(hits, most)
    return distinct_lines(hits, most)


def check_forbid(ctx: Context, rule: Rule, check: ForbidCheck) -> Outcome:
    """Terms that must not appear; each hit is shown with its replacement."""
    allowed = Containers(span for term in check.except_ for span in ctx.find(term, whole_word=False))
    found: list[Evidence] = []
    notes: list[str] = []
    for term, replacement in check.replacements().items():
        for start, end in ctx.find(term, check.whole_word):
            if allowed.holds(start, end):
                continue
            found.append(ctx.evidence(start, end))
            note = f"“{ctx.doc.text[start:end]}”" + (f"→“{replacement}”" if replacement else "")
            if note not in notes:
                notes.append(note)
    if not found:
        return passed(message="未发现")
    return failed(f"发现 {len(found)} 处：{'；'.join(notes[:6])}", distinct_lines(found, most=8))


def pattern_hits(ctx: Context, pattern: str, ignore: str | None = None, counted: bool = True) -> list[tuple[int, int]]:
    """Matches of a rule's regular expression in the scope (matching text), minus `ignore` matches; with
    `counted`, only matches in clauses the rule's claims policy counts."""
    spans = _matches_in_scope(ctx, pattern, ignore)
    if not counted:
        return list(spans)
    return [span for span in spans if ctx.counts(*span)]


def _first_counted(ctx: Context, pattern: str) -> tuple[int, int] | None:
    """pattern_hits(ctx, pattern)[0] (or None), without asking the claims about the later matches."""
    return next((span for span in _matches_in_scope(ctx, pattern, None) if ctx.counts(*span)), None)


def _matches_in_scope(ctx: Context, pattern: str, ignore: str | None) -> tuple[tuple[int, int], ...]:
    """Every match of `pattern` (less `ignore` matches) in the scope's ranges, in order; found once a report for
    each pattern and scope, as rules and a rule's groups and messages ask for the same matches again."""
    memo = ctx.index.memo
    key = ("pattern", pattern, ignore, ctx.ranges)
    found = memo.get(key)
    if found is None:
        found = memo[key] = tuple(_scan_scope(ctx, pattern, ignore))
    return found  # type: ignore[return-value]


def _scan_scope(ctx: Context, pattern: str, ignore: str | None) -> Iterator[tuple[int, int]]:
    if not possible(ctx.index, pattern):
        return  # a literal every match needs is nowhere in the report
    rx, skip = compiled(pattern), compiled(ignore) if ignore else None
    for offset, text in ctx.scope_text():
        for match in finditer_near(rx, text):
            if skip is None or not skip.search(match.group()):
                yield offset + match.start(), offset + match.end()


def _pattern_rejected(ctx: Context, check: PatternCheck) -> list[tuple[str, Evidence]]:
    """Matches the claims policy kept out, as (reason, evidence), one per line."""
    if ctx.counts_all:
        return []
    out: list[tuple[str, Evidence]] = []
    lines: set[int] = set()
    for span in pattern_hits(ctx, check.regex, check.ignore, counted=False):
        why = ctx.why_not(*span)
        evidence = ctx.evidence(*span)
        if why is not None and evidence.line not in lines:
            lines.add(evidence.line)
            out.append((why, evidence))
        if len(out) >= 3:
            break
    return out


def evidence_of(ctx: Context, spans: list[tuple[int, int]], most: int) -> tuple[Evidence, ...]:
    """distinct_lines of every span's evidence, making evidence only for the spans it keeps."""
    line_of, seen, out = ctx.doc.line_of, set(), []
    for span in spans:
        line = line_of(span[0])
        if line not in seen:
            seen.add(line)
            out.append(ctx.evidence(*span))
            if len(out) == most:
                break
    return tuple(out)


def check_pattern(ctx: Context, rule: Rule, check: PatternCheck) -> Outcome:
    """A regular expression that must (require) or must not (forbid) match in the scope."""
    spans = pattern_hits(ctx, check.regex, check.ignore)
    evidence = evidence_of(ctx, spans, most=8)
    if check.mode == "forbid":
        if not spans:
            return passed(message="未发现")
        return failed(f"发现 {len(spans)} 处", evidence)
    if len(spans) >= check.min:
        said = {ctx.doc.norm[a:b] for a, b in spans}  # the same words denied, not another element the pattern covers
        return _unless_denied(ctx, evidence, ctx.admitted_undone(
            span for span in pattern_hits(ctx, check.regex, check.ignore, counted=False)
            if ctx.doc.norm[span[0]:span[1]] in said))
    if spans:
        return partial(len(spans) / check.min, f"仅 {len(spans)} 处（应至少 {check.min} 处）", evidence)
    looked = check.describe or f"符合 {check.regex} 的文字"
    rejected = _pattern_rejected(ctx, check)
    if rejected:
        return failed(why_not_counted(rejected, ctx.doc), tuple(ev for _, ev in rejected), looked)
    return failed(looked_for=looked)


_META_LINES = {"date": "date_line", "doc_number": "doc_number_line", "signature": "signature_line"}


def meta_value(ctx: Context, field: str) -> tuple[str | None, int | None]:
    """A metadata field's value (as text) and the line it is on, if known."""
    doc, meta = ctx.doc, ctx.doc.meta
    if field == "title":
        return (doc.title or None), (doc.title_lines[0] if doc.title_lines else None)
    # A date left unfinished (二〇二三年　月　日) is still checked for how it is written.
    value = (meta.date_text or meta.date_invalid) if field == "date" else getattr(meta, field)
    line = getattr(meta, _META_LINES[field]) if field in _META_LINES else None
    return (str(value) if value is not None else None), line


def check_meta(ctx: Context, rule: Rule, check: MetaCheck) -> Outcome:
    """A metadata field is present, matches each named `require` pattern and no `forbid` pattern."""
    value, line = meta_value(ctx, check.field)
    if value is None:
        if check.absent == "not_applicable":
            return not_applicable("报告中没有该项，无需检查")
        return failed(looked_for=rule.title)
    year = ctx.doc.meta.year
    norm = normalize(value)
    evidence = (ctx.line_evidence(line),) if line else (Evidence(0, value, ""),)

    def hit(pattern: str) -> bool:
        filled = for_year(pattern, year)
        if filled is None:
            return True  # report year unknown: a year-bound pattern counts as found
        return bool(compiled(filled).search(norm))

    missing = [name for name, pattern in check.require.items() if not hit(pattern)]
    wrong = [name for name, pattern in check.forbid.items() if hit(pattern)]
    total = len(check.require) + len(check.forbid)
    bad = len(missing) + len(wrong)
    if bad == 0:
        return passed(evidence)
    parts = ([f"缺少{'、'.join(missing)}"] if missing else []) + ([f"{'、'.join(wrong)}"] if wrong else [])
    message = f"“{value}”：{'；'.join(parts)}"
    if total and bad < total and check.partial:
        return partial((total - bad) / total, message, evidence)
    return failed(message, evidence)
