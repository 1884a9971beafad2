"""Step 5 of the pipeline (render): an Excel workbook — one row per report, and a sheet listing every gap."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any, Iterable, TextIO

from auditor.model import AuditRun
from auditor.render import round as round_view
from auditor.render.common import (
    SEVERITY_NAMES,
    STATUS_NAMES,
    gap_message,
    gap_where,
    readable,
    sort_gaps,
    table_header,
    table_row,
)
from auditor.ruleset import RuleSet

# Same input, same bytes: fixed document dates and zip entry times instead of "now".
FIXED_TIME = datetime.datetime(2000, 1, 1)
GAP_COLUMNS = ("文件", "发文机关", "得分", "规则", "规则名称", "严重程度", "状态", "问题", "位置", "修改建议", "依据")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry the same timestamp, so the workbook's bytes are deterministic."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        # openpyxl writes each worksheet from a temporary file, whose modification time would leak in.
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read())


def _fill(sheet: Any, header: list[str], rows: Iterable[list[Any]], widths: dict[int, int]) -> None:
    """Header in bold, frozen, with a filter; text cells stored as text (never run as formulas)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(header)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would treat "=…" from a report as a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(index, 12)


def _gap_rows(audits: list, ruleset: RuleSet) -> Iterable[list[Any]]:
    for audit in audits:
        if not readable(audit):
            continue
        for result, rule in sort_gaps(audit.results, ruleset):
            yield [audit.path, audit.document.meta.issuer or "", audit.scorecard.score, rule.id, rule.title,
                   SEVERITY_NAMES[result.severity], STATUS_NAMES[result.status], gap_message(result, rule),
                   gap_where(result), rule.suggestion, rule.basis]


def workbook_bytes(run: AuditRun) -> bytes:
    """The workbook as .xlsx bytes: sheet 审核汇总 (active) and sheet 问题清单."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    audits = list(run.audits)
    book = Workbook()
    summary = book.active
    summary.title = "审核汇总"
    _fill(summary, table_header(ruleset), (table_row(a, ruleset) for a in audits), {1: 30, 2: 40, 3: 24})
    _fill(book.create_sheet("问题清单"), list(GAP_COLUMNS), _gap_rows(audits, ruleset),
          {1: 30, 2: 24, 4: 24, 5: 28, 8: 50, 9: 16, 10: 50, 11: 50})
    round_view.xlsx(book, run, _fill)
    book.properties.creator = "auditor"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return buffer.getvalue()


def render(run: AuditRun, out: TextIO) -> None:
    """Write the workbook's bytes to the stream's binary buffer (a file, or stdout that is not a terminal)."""
    data = workbook_bytes(run)
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        from auditor.errors import UsageError

        raise UsageError("xlsx 是二进制格式：请用 -o 指定输出文件，如 -o 审核汇总.xlsx")
    out.flush()
    buffer.write(data)
    buffer.flush()
