"""Step 5 of the pipeline (render): an Excel workbook — one row per report, and a sheet listing every gap."""

from __future__ import annotations

import datetime
import io
import shutil
import tempfile
import zipfile
from typing import Any, BinaryIO, Iterable, TextIO

from auditor.model import Audit, AuditRun
from auditor.render import round as round_view
from auditor.render.common import (
    SEVERITY_NAMES,
    STATUS_NAMES,
    gap_message,
    gap_where,
    plain,
    readable,
    sort_gaps,
    table_header,
    table_row,
)
from auditor.schema import RuleSet

# Same input, same bytes: fixed document dates and zip entry times instead of "now".
FIXED_TIME = datetime.datetime(2000, 1, 1)
GAP_COLUMNS = ("文件", "发文机关", "得分", "规则", "规则名称", "严重程度", "状态", "问题", "位置", "修改建议", "依据")


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry the same timestamp, so the workbook's bytes are deterministic."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        super().writestr(self._entry(zinfo_or_arcname), data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        # openpyxl writes each worksheet to a temporary file, whose modification time would leak in; it is
        # copied in pieces, never read whole
        with open(filename, "rb") as source, self.open(self._entry(arcname or str(filename)), "w") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)

    @staticmethod
    def _entry(name: Any) -> Any:
        if not isinstance(name, str):
            return name
        entry = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        return entry


class _Sheet:
    """A write-only worksheet: widths and frozen header set before the first row, rows appended as they come
    (text stored as text, never run as a formula), the filter over every row set at the end."""

    def __init__(self, book: Any, title: str, header: list[str], widths: dict[int, int]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self.sheet = book.create_sheet(title)
        self.columns = len(header)
        self.rows = 0
        self._cell = WriteOnlyCell
        self.last = get_column_letter(max(self.columns, 1))
        for index in range(1, self.columns + 1):
            self.sheet.column_dimensions[get_column_letter(index)].width = widths.get(index, 12)
        self.sheet.freeze_panes = "B2"
        bold = Font(bold=True)
        self.append(header, font=bold)

    def append(self, values: list[Any], font: Any = None) -> None:
        """One row; strings with control characters removed (plain) and marked as text."""
        cells = []
        for value in values:
            cell = self._cell(self.sheet, value=plain(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would treat "=…" from a report as a formula
            if font is not None:
                cell.font = font
            cells.append(cell)
        self.sheet.append(cells)
        self.rows += 1

    def close(self) -> None:
        """Set the filter over the header and every row."""
        self.sheet.auto_filter.ref = f"A1:{self.last}{self.rows}"

    @classmethod
    def filled(cls, book: Any, title: str, header: list[str], rows: Iterable[list[Any]], widths: dict[int, int]) -> None:
        """A whole sheet at once: header, rows, filter."""
        sheet = cls(book, title, header, widths)
        for row in rows:
            sheet.append(row)
        sheet.close()


class _Titles:
    """Stands in for the workbook where the round's sheets are named: `create_sheet` gives the name back, and the
    sheet itself is made (write-only) when its rows are handed over."""

    def create_sheet(self, title: str) -> str:
        return title


def _gap_rows(audit: Audit, ruleset: RuleSet) -> Iterable[list[Any]]:
    if not readable(audit):
        return
    for result, rule in sort_gaps(audit.results, ruleset):
        yield [audit.path, audit.document.meta.issuer or "", audit.scorecard.score, rule.id, rule.title,  # type: ignore[union-attr]
               SEVERITY_NAMES[result.severity], STATUS_NAMES[result.status], gap_message(result, rule),
               gap_where(result), rule.suggestion, rule.basis]


def write_workbook(run: AuditRun, target: BinaryIO) -> None:
    """Write the workbook as .xlsx: sheet 审核汇总 (active) and sheet 问题清单. Audits are read once and none is
    kept: openpyxl's write-only sheets stream their rows to temporary files, which become the zip's entries."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    ruleset: RuleSet = run.ruleset  # type: ignore[assignment]
    book = Workbook(write_only=True)
    summary = _Sheet(book, "审核汇总", table_header(ruleset), {1: 30, 2: 40, 3: 24})
    gaps = _Sheet(book, "问题清单", list(GAP_COLUMNS), {1: 30, 2: 24, 4: 24, 5: 28, 8: 50, 9: 16, 10: 50, 11: 50})
    for audit in run.audits:
        summary.append(table_row(audit, ruleset))
        for row in _gap_rows(audit, ruleset):
            gaps.append(row)
    summary.close()
    gaps.close()
    round_view.xlsx(_Titles(), run, lambda title, header, rows, widths: _Sheet.filled(book, title, header, rows, widths))
    book.properties.creator = "auditor"
    book.properties.created = book.properties.modified = FIXED_TIME
    with _FixedTimeZip(target, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()


def workbook_bytes(run: AuditRun) -> bytes:
    """The workbook as .xlsx bytes (see write_workbook)."""
    buffer = io.BytesIO()
    write_workbook(run, buffer)
    return buffer.getvalue()


def render(run: AuditRun, out: TextIO) -> None:
    """Write the workbook's bytes to the stream's binary buffer (a file, or stdout that is not a terminal)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        from auditor.errors import UsageError

        raise UsageError("xlsx 是二进制格式：请用 -o 指定输出文件，如 -o 审核汇总.xlsx")
    out.flush()
    if buffer.seekable():
        write_workbook(run, buffer)
    else:  # a pipe: the zip is finished in memory-bounded temporary storage, then copied
        with tempfile.TemporaryFile() as spool:
            write_workbook(run, spool)
            spool.seek(0)
            shutil.copyfileobj(spool, buffer, 1024 * 1024)
    buffer.flush()
