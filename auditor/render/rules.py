"""Step 5 of the pipeline (render): the rule pack for people — `auditor rules list / show / test / doc`."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from auditor.model import LEVEL_NAMES
from auditor.render.common import STATUS_NAMES, plain
from auditor.render.terminal import SEVERITY_NAMES, make_console
from auditor.schema import ExampleDoc, Rule, RuleSet


def render_list(ruleset: RuleSet, out: TextIO) -> None:
    """A table of every rule: id, title, category, severity, weight, applicability."""
    console = make_console(out)
    table = Table(title=f"{ruleset.settings.name}（{ruleset.settings.version}，{len(ruleset.rules)} 条规则）",
                  title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("id", "标题", "类别", "严重程度", "权重", "适用"):
        table.add_column(name, no_wrap=name == "id", overflow="fold", justify="right" if name == "权重" else "left")
    for rule in ruleset.rules:
        table.add_row(rule.id, plain(rule.title), plain(ruleset.category_name(rule.category)), _severity(rule),
                      f"{rule.weight:g}", _applies(rule))
    console.print(table)


def _severity(rule: Rule) -> str:
    text = SEVERITY_NAMES[rule.severity]
    if rule.severity_by_level:
        text += "（" + "，".join(f"{LEVEL_NAMES[lv]}{SEVERITY_NAMES[s]}" for lv, s in rule.severity_by_level.items()) + "）"
    return text


def _applies(rule: Rule) -> str:
    years = rule.applies.years.describe()
    levels = "、".join(LEVEL_NAMES[lv] for lv in rule.applies.levels) if rule.applies.levels else "各级"
    return f"{years}；{levels}"


def render_rule(rule: Rule, ruleset: RuleSet, out: TextIO) -> None:
    """Everything about one rule: title, basis, applicability, check, messages, examples."""
    console = make_console(out)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = [
        ("规则", f"{rule.id}  {rule.title}"),
        ("类别", ruleset.category_name(rule.category)),
        ("严重程度", _severity(rule)),
        ("权重", f"{rule.weight:g}"),
        ("适用范围", _applies(rule)),
        ("检查范围", _scope(rule, ruleset)),
        ("检查方式", rule.check.kind),
        ("计入的表述", claims_text(rule, ruleset)),
        *(("按报告调整", line) for line in variants_text(rule)),
        ("依据", rule.basis),
        ("问题提示", rule.message),
        ("修改建议", rule.suggestion),
        ("定义文件", ruleset.sources.get(rule.id, "")),
    ]
    for label, value in rows:
        grid.add_row(label, plain(value))
    console.print(grid)
    from auditor.checks.registry import reference_entries

    entries = reference_entries(rule, ruleset)  # the rules/reference entries the rule reads
    if entries:
        console.print(Text(f"\n参考数据（{len(entries)} 条）：", style="bold"))
        for line in entries:
            console.print("  • " + line, markup=False)
    for expect, items in (("通过示例", rule.examples.pass_), ("不通过示例", rule.examples.fail)):
        console.print(Text(f"\n{expect}：", style="bold"))
        for item in items:
            doc = item if isinstance(item, ExampleDoc) else ExampleDoc(text=item)
            ctx = "".join(f"（{k}={v}）" for k, v in (("年度", doc.year), ("级别", doc.level)) if v)
            console.print(Text("  • " + plain(doc.text.replace("\n", " ⏎ ")) + ctx))


def claims_text(rule: Rule, ruleset: RuleSet) -> str:
    """Which clauses count for the rule, in words (see the `claims:` settings in pack.yaml)."""
    from auditor.claims import policy_for

    from auditor.checks.registry import BUILTINS

    builtin = BUILTINS.get(rule.check.name) if rule.check.kind == "builtin" else None  # type: ignore[union-attr]
    if builtin is not None and builtin.counts:
        return builtin.counts + "（检查方式自带的判定）"
    policy = policy_for(rule, rule.check, ruleset.settings.claims)
    own = "（本规则的 claims 设置）" if rule.claims is not None else "（规则包按检查方式的默认设置）"
    sets = [f"“{name}”中的 {'、'.join(terms) or '、'.join(patterns)} 只计{policy_for_set(claims)}"
            for name in getattr(rule.check, "groups", {})
            for terms, patterns, claims in rule.check.group_sets(name)  # type: ignore[union-attr]
            if claims is not None]
    return policy.describe() + own + ("；" + "；".join(sets) if sets else "")


def policy_for_set(claims: object) -> str:
    """A TermSet's clauses in words."""
    from auditor.claims import MODALITY_NAMES

    return "全文" if claims == "all" else "、".join(MODALITY_NAMES[m] for m in claims)  # type: ignore[union-attr]


def variants_text(rule: Rule) -> list[str]:
    """One line per variant: for which reports, which check fields change, and why."""
    out = []
    for variant in rule.variants:
        years = variant.applies.years.describe() if (variant.applies.years.from_ or variant.applies.years.to) else ""
        levels = "、".join(LEVEL_NAMES[lv] for lv in variant.applies.levels or ())
        fields = "、".join(variant.check)
        who = "，".join(x for x in (levels, years) if x) or "所有报告"
        out.append(f"{who}：改用 {fields} 的另一设置" + (f"（{variant.why}）" if variant.why else ""))
    return out


def _scope(rule: Rule, ruleset: RuleSet) -> str:
    name = rule.scope.section
    fixed = {"document": "全文", "body": "正文", "title": "标题"}
    where = fixed.get(name) or f"“{ruleset.settings.sections[name].name}”部分"
    if rule.scope.exclude:
        kinds = [ruleset.settings.sections[n] for n in rule.scope.exclude]
        where += "，不含" + "、".join(f"“{k.short or k.name}”" for k in kinds)
    return where


def render_tests(outcomes: list, out: TextIO) -> None:  # list[ExampleOutcome]
    """Each failing example by rule and example, then a count line."""
    console = make_console(out)
    bad = [o for o in outcomes if not o.ok]
    for outcome in bad:
        case = outcome.case
        console.print(Text(f"✗ {case.name}", style="audit.fail") + Text(
            f"  期望{'通过' if case.expect == 'pass' else '不通过'}，实际为{STATUS_NAMES.get(outcome.status, outcome.status)}：{case.text[:60]!r} {outcome.message}"))
    rules = len({o.case.rule.id for o in outcomes})
    console.print(f"通过 {len(outcomes) - len(bad)} 个，未通过 {len(bad)} 个（{rules} 条规则的 {len(outcomes)} 个示例）")


def render_doc(ruleset: RuleSet, out: TextIO) -> None:
    """The rule pack as a Markdown reference (docs/rules.md): every rule with basis, scope and examples."""
    settings = ruleset.settings
    out.write(f"# {settings.name}（{settings.version}）\n\n")
    out.write("本文件由 `auditor rules doc > docs/rules.md` 生成，与 rules/ 中的 YAML 保持一致（测试会核对）。\n")
    out.write(f"共 {len(ruleset.rules)} 条规则。严重程度：错误 > 警告 > 提示；权重用于计分。\n")
    out.write("\n“计入的表述”：报告被切成分句，每个分句判定为已完成的工作、以前年度的工作、零报告（全年无……案件）、"
              "计划、否定、问题不足、上级要求或督促下级、他人的工作、与本单位无关的他人工作（人大检查其他部门、"
              "邻镇的工作）、文件标题或讲话原话中的词或报告标题（提示词见 rules/pack.yaml 的 "
              "`claims:`）。要求类规则默认只计已完成的工作（含以前年度）：“尚未开展述法”“计划于明年推行三项制度”"
              "“县司法局要求各乡镇落实三项制度”“学习《关于全面落实行政执法三项制度的通知》”都不算报告了该项工作。"
              "`auditor claims 报告文件` 逐句显示判定。\n")
    for category in dict.fromkeys(rule.category for rule in ruleset.rules):
        out.write(f"\n## {ruleset.category_name(category)}（{category}）\n")
        for rule in (r for r in ruleset.rules if r.category == category):
            out.write(_doc_rule(rule, ruleset))


def _doc_rule(rule: Rule, ruleset: RuleSet) -> str:
    lines = [
        f"\n### `{rule.id}` {rule.title}\n",
        f"- 严重程度：{_severity(rule)}；权重 {rule.weight:g}",
        f"- 适用范围：{_applies(rule)}",
        f"- 检查范围：{_scope(rule, ruleset)}；检查方式：`{rule.check.kind}`"
        + (f"（`{rule.check.name}`）" if rule.check.kind == "builtin" else ""),  # type: ignore[union-attr]
        *([f"- 查找：{rule.check.describe}"] if getattr(rule.check, "describe", "") else []),
        f"- 计入的表述：{claims_text(rule, ruleset)}",
        *(f"- 按报告调整：{line}" for line in variants_text(rule)),
        f"- 依据：{rule.basis}",
        f"- 问题提示：{rule.message}",
        f"- 修改建议：{rule.suggestion}",
    ]
    for label, items in (("通过示例", rule.examples.pass_), ("不通过示例", rule.examples.fail)):
        lines.append(f"- {label}：")
        for item in items:
            doc = item if isinstance(item, ExampleDoc) else ExampleDoc(text=item)
            ctx = "".join(f"（{k}={v}）" for k, v in (("年度", doc.year), ("级别", doc.level)) if v)
            lines.append(f"  - `{doc.text.replace(chr(10), ' ⏎ ')}`{ctx}")
    return "\n".join(lines) + "\n"
