"""Step 5 of the pipeline (render): CSV, one row per report, for auditors who sort and filter in a spreadsheet."""

from __future__ import annotations

import csv
from typing import Any, TextIO

from auditor.model import AuditRun
from auditor.render.common import table_header, table_row
from auditor.schema import RuleSet

BOM = "\ufeff"  # spreadsheet programs read UTF-8 Chinese text correctly only with it
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Numbers as they are; text that a spreadsheet would run as a formula is quoted with a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render(run: AuditRun, out: TextIO) -> None:
    """Write a BOM, the header, then one row per report as it arrives (none is kept)."""
    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table_header(ruleset))
    for audit in run.audits:
        writer.writerow([safe_cell(v) for v in table_row(audit, ruleset)])
