"""Step 5 of the pipeline (render): `auditor claims FILE` — how the claims step read each clause of a report."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.table import Table
from rich.text import Text

from auditor.claims import MODALITY_NAMES, Claims
from auditor.model import Document
from auditor.render.terminal import make_console

_STYLES = {"done": "audit.pass", "past": "audit.pass", "nil": "audit.pass", "planned": "audit.warning",
           "negated": "audit.fail", "problem": "audit.fail", "demand": "audit.warning", "others": "audit.warning",
           "elsewhere": "audit.warning"}


def render_claims(doc: Document, claims: Claims, part_names: dict[str, str], out: TextIO,
                  only: frozenset[str] | None = None) -> None:
    """A table of the clauses: where, which part, how it was read (and the word that decided it), the text."""
    console = make_console(out)
    table = Table(title=f"{doc.path}：{len(claims)} 个分句", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("位置", "部分", "判定", "依据词", "分句"):
        table.add_column(name, no_wrap=name in ("位置", "判定"), overflow="fold")
    shown = 0
    for claim in claims.items:
        if only is not None and claim.modality not in only:
            continue
        text = doc.text[claim.start:claim.end].strip()
        if not text:
            continue
        part = part_names.get(claim.part, {"lead-in": "导语", "header": "标题等", "": "—"}.get(claim.part, claim.part))
        table.add_row(doc.where(claim.line), part, Text(MODALITY_NAMES.get(claim.modality, claim.modality),
                      style=_STYLES.get(claim.modality, "")), claim.cue, Text(text[:80] + ("…" if len(text) > 80 else "")))
        shown += 1
    console.print(table)
    console.print(Text("判定：已完成的工作计入要求类规则；计划、否定、问题不足、上级要求、他人工作、文件标题或讲话原话中的词不计入"
                       "（每条规则计入哪些，见 auditor rules show ID 的“计入的表述”）。", style="audit.muted"))
