"""Development set for issue #11: edited copies of the seed reports with every rule's expected verdict.

Each case in tests/cases/claims/*.yaml (the dev set) or tests/cases/holdout*/*.yaml (the held-out sets
holdout, holdout2, …, labelled independently and measured only: bench/devset.py --set NAME) names a seed
(reports/<seed>_*.txt), a list of edits applied in order to its text, optional --year/--level overrides, and
`expect`: the verdicts that differ from the seed's truth (tests/cases/seed_gaps.yaml, with the corrections below)
or that the case pins. Every rule of every edited report is compared, so the figure is "verdicts right" over the
whole pack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "cases" / "claims"
# The labelled sets: the development set (tuned against) and the held-out sets (labelled blind, run once for the
# figure that estimates unseen reports, then learnt from), each a folder of tests/cases/.
# Every folder tests/cases/holdout<N> is a held-out set, in the order they were made.
HELD_OUT = tuple(
    sorted(
        (d.name for d in (ROOT / "tests" / "cases").glob("holdout*") if d.is_dir()),
        key=lambda name: int(name.removeprefix("holdout") or 1),
    )
)
SETS = {"claims": CASES_DIR, **{name: ROOT / "tests" / "cases" / name for name in HELD_OUT}}
SEED_GAPS = ROOT / "tests" / "cases" / "seed_gaps.yaml"
REPORTS = ROOT / "reports"

VERDICTS = {
    "pass": {"pass"},
    "fail": {"fail"},
    "partial": {"partial"},
    "not_applicable": {"not_applicable"},
    "ok": {"pass", "not_applicable"},
    "gap": {"fail", "partial"},
}
# libyaml's safe loader where PyYAML was built with it (the same documents, some 10x faster for 7,700 cases).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EDIT_KINDS = ("after_line", "before_line", "replace", "replace_line", "delete_line", "append", "prepend")
CASE_LEVELS = ("township", "county", "city", "province", "department")  # the --level names (auditor.model.LEVELS)
CASE_KEYS = {"id", "seed", "why", "edits", "year", "level", "expect", "known_wrong"}


class EditError(ValueError):
    """An edit whose anchor is missing or occurs more than once (or is malformed)."""


@dataclass(frozen=True)
class Case:
    """One labelled, edited copy of a seed report."""

    id: str
    seed: str
    why: str
    edits: tuple[dict, ...]
    expect: dict[str, str]
    file: str
    year: int | None = None
    level: str | None = None
    known_wrong: str | None = None


@dataclass(frozen=True)
class Mismatch:
    """A rule whose verdict on an edited report differs from its label."""

    case: str
    rule: str
    expected: str
    got: str
    message: str


@dataclass
class Summary:
    """The dev set's figure: verdicts right over all rules of all cases, and reports right in full."""

    verdicts_right: int = 0
    verdicts_total: int = 0
    reports_right: int = 0
    reports_total: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    name: str = "dev set"

    def line(self) -> str:
        """The one-line figure."""
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:.1f}%" if b else "-"

        verdicts = (self.verdicts_right, self.verdicts_total)
        reports = (self.reports_right, self.reports_total)
        return (f"{self.name}: {self.reports_total} reports, verdicts right {verdicts[0]}/{verdicts[1]} "
                f"({pct(*verdicts)}), reports fully right {reports[0]}/{reports[1]} ({pct(*reports)})")


# --- loading -------------------------------------------------------------------------------------


def seed_path(seed: str) -> Path:
    """The seed report whose file name starts with `seed` (000 … 004)."""
    found = sorted(REPORTS.glob(f"{seed}_*.txt"))
    if len(found) != 1:
        raise ValueError(f"seed {seed!r}: expected one file reports/{seed}_*.txt, found {len(found)}")
    return found[0]


def load_cases(directory: Path | str = CASES_DIR) -> list[Case]:
    """Every case of every theme file of a set, in file then list order; ids must be unique across files.

    `directory` is a folder of theme files or the name of a set in SETS ("claims", "holdout" … "holdout12").
    """
    if isinstance(directory, str) and directory in SETS:
        directory = SETS[directory]
    directory = Path(directory)
    if not directory.is_dir():
        raise ValueError(f"no case folder {directory}")
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        items = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or []
        if not isinstance(items, list):
            raise ValueError(f"{path.name}: expected a list of cases")
        for item in items:
            case = _case(item, path.name)
            if case.id in seen:
                raise ValueError(f"{path.name}: case id {case.id!r} already used in {seen[case.id]}")
            seen[case.id] = path.name
            cases.append(case)
    return cases


def _case(item: dict, file: str) -> Case:
    if not isinstance(item, dict) or "id" not in item:
        raise ValueError(f"{file}: a case without an id: {item!r}")
    unknown = set(item) - CASE_KEYS
    if unknown:
        raise ValueError(f"{file}: {item['id']}: unknown keys {sorted(unknown)}")
    expect = {str(rule): str(verdict) for rule, verdict in (item.get("expect") or {}).items()}
    bad = {rule: v for rule, v in expect.items() if v not in VERDICTS}
    if bad:
        raise ValueError(f"{file}: {item['id']}: unknown verdicts {bad}")
    if item.get("level") is not None and item["level"] not in CASE_LEVELS:
        raise ValueError(f"{file}: {item['id']}: unknown level {item['level']!r} (one of {', '.join(CASE_LEVELS)})")
    seed = str(item["seed"]).zfill(3)
    return Case(id=str(item["id"]), seed=seed, why=str(item.get("why", "")),
                edits=tuple(item.get("edits") or ()), expect=expect, file=file, year=item.get("year"),
                level=item.get("level"), known_wrong=item.get("known_wrong"))


# --- edits ---------------------------------------------------------------------------------------


def _line_key(line: str) -> str:
    """A line as matched by a line anchor: leading blanks and converter marks ([bookmark: …]) ignored."""
    from auditor.loading.text import clean_lines

    return clean_lines(line).strip()


def _find_line(lines: list[str], anchor: str, kind: str) -> int:
    anchor = anchor.strip()
    hits = [i for i, line in enumerate(lines) if _line_key(line).startswith(anchor)]
    if not hits:
        raise EditError(f"{kind}: no line starts with {anchor!r}")
    if len(hits) > 1:
        where = ", ".join(str(i + 1) for i in hits)
        raise EditError(f"{kind}: {len(hits)} lines start with {anchor!r} (lines {where})")
    return hits[0]


def apply_edit(text: str, edit: dict) -> str:
    """Apply one edit to a report's text; a missing or ambiguous anchor raises EditError."""
    kinds = [k for k in EDIT_KINDS if k in edit]
    if len(kinds) != 1:
        raise EditError(f"an edit needs exactly one of {', '.join(EDIT_KINDS)}: {edit!r}")
    kind = kinds[0]
    extra = set(edit) - {kind, "insert", "with"}
    if extra:
        raise EditError(f"{kind}: unknown keys {sorted(extra)}")
    lines = text.split("\n")
    if kind in ("after_line", "before_line"):
        if "insert" not in edit:
            raise EditError(f"{kind}: needs `insert`")
        at = _find_line(lines, str(edit[kind]), kind) + (kind == "after_line")
        lines[at:at] = str(edit["insert"]).split("\n")
        return "\n".join(lines)
    if kind == "replace":
        old, new = str(edit["replace"]), edit.get("with")
        if new is None or not old:
            raise EditError(f"replace: needs a non-empty text and `with`: {edit!r}")
        count = text.count(old)
        if count != 1:
            raise EditError(f"replace: {old!r} occurs {count} times (must occur exactly once)")
        return text.replace(old, str(new))
    if kind == "replace_line":
        if edit.get("with") is None:
            raise EditError(f"replace_line: needs `with`: {edit!r}")
        at = _find_line(lines, str(edit[kind]), kind)
        lines[at:at + 1] = str(edit["with"]).split("\n")
        return "\n".join(lines)
    if kind == "delete_line":
        del lines[_find_line(lines, str(edit[kind]), kind)]
        return "\n".join(lines)
    addition = str(edit[kind])
    if kind == "append":
        return text.rstrip("\n") + "\n" + addition + "\n"
    return addition + "\n" + text


def apply_edits(text: str, edits: Iterable[dict]) -> str:
    """Apply edits in order; the error names the edit (1-based) whose anchor fails."""
    for number, edit in enumerate(edits, start=1):
        try:
            text = apply_edit(text, edit)
        except EditError as exc:
            raise EditError(f"edit {number}: {exc}") from None
    return text


def edited_text(case: Case) -> str:
    """The seed's text with the case's edits applied."""
    return apply_edits(seed_path(case.seed).read_text(encoding="utf-8"), case.edits)


# --- truth and scoring ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _seed_gaps() -> dict[str, dict[str, str]]:  # (read once: truth() asks for it once a case)
    raw = yaml.load(SEED_GAPS.read_text(encoding="utf-8"), Loader=_LOADER)
    gaps = {str(name): {rule: entry[0] for rule, entry in rules.items()} for name, rules in raw.items()}
    return gaps


def truth(case: Case, rule_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Every rule's expected verdict: the seed's gaps, `ok` elsewhere, then the case's expect."""
    if rule_ids is None:
        from auditor.pack import load_rules

        rule_ids = [rule.id for rule in load_rules().rules]
    rule_ids = list(rule_ids)
    unknown = set(case.expect) - set(rule_ids)
    if unknown:
        raise ValueError(f"{case.id}: expect names rules not in the pack: {sorted(unknown)}")
    seed = _seed_gaps().get(case.seed, {})
    expected = {rule: seed.get(rule, "ok") for rule in rule_ids}
    expected.update(case.expect)
    return expected


def audit_case(case: Case, ruleset):  # noqa: ANN001, ANN201
    """Audit the edited report with the case's overrides → Audit."""
    from auditor.pipeline import audit_text

    path = f"reports/{seed_path(case.seed).name}"
    return audit_text(edited_text(case), ruleset, year=case.year, level=case.level, path=path)


def compare(case: Case, ruleset) -> list[Mismatch]:  # noqa: ANN001
    """The rules of one case whose verdict differs from the label."""
    audit = audit_case(case, ruleset)
    if audit.error:
        raise RuntimeError(f"{case.id}: the edited report could not be audited: {audit.error}")
    expected = truth(case, [rule.id for rule in ruleset.rules])
    found = {r.rule_id: r for r in audit.results}
    out = []
    for rule, want in expected.items():
        result = found[rule]
        if result.status not in VERDICTS[want]:
            out.append(Mismatch(case.id, rule, want, result.status, result.message))
    return out


def run(ruleset=None, cases: list[Case] | None = None, name: str = "dev set") -> Summary:  # noqa: ANN001
    """Audit every case (default: the dev set); count verdicts right, reports fully right, and mismatches."""
    if ruleset is None:
        from auditor.pack import load_rules

        ruleset = load_rules()
    summary = Summary(name=name)
    for case in cases if cases is not None else load_cases():
        wrong = compare(case, ruleset)
        summary.reports_total += 1
        summary.verdicts_total += len(ruleset.rules)
        summary.verdicts_right += len(ruleset.rules) - len(wrong)
        summary.reports_right += not wrong
        summary.mismatches.extend(wrong)
    return summary
