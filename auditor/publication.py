"""After score, per report: when a saved web page was published (发布时间 / 发布日期), and whether that was on time.

The deadline for each level is data (rules/reference/deadlines.yaml, with its source); a report counts
as on time when it was published by the deadline of the year after the one it reports on.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.plain import BaseModel, ConfigDict, Field

from auditor.errors import AuditorError
from auditor.model import LEVELS, Document

HTML_SUFFIXES = (".html", ".htm")
MAX_PAGE = 10 * 1024 * 1024  # a saved page larger than this is not searched for its date again
_DATE = r"((?:19|20)\d{2})\s*[-年/.．]\s*(\d{1,2})\s*[-月/.．]\s*(\d{1,2})"
# Meta tags government sites carry by the 政府网站发展指引 (PubDate), and the usual others.
_META = re.compile(
    r"""<meta\s[^>]*?(?:name|property)\s*=\s*["']?(?:PubDate|pubdate|publishdate|firstpublishedtime|"""
    r"""article:published_time|dc\.date(?:\.issued)?)["']?[^>]*?content\s*=\s*["']\s*""" + _DATE,
    re.IGNORECASE)
_META_REVERSED = re.compile(
    r"""<meta\s[^>]*?content\s*=\s*["']\s*""" + _DATE + r"""[^"']*["'][^>]*?(?:name|property)\s*=\s*["']?"""
    r"""(?:PubDate|pubdate|publishdate|firstpublishedtime|article:published_time)""", re.IGNORECASE)
_LABEL = re.compile(r"(发布时间|发布日期|发表时间|发文时间|公开日期|公开时间|发布于)\s*[:：]?\s*" + _DATE)
_TAG = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Published:
    """A report's publication date and where it was read."""

    date: str  # ISO yyyy-mm-dd
    how: str  # 网页元数据 PubDate / 网页中的“发布时间” / 正文中的“发布日期”


def read_published(doc: Document) -> Published | None:
    """The publication date: a saved page's PubDate meta tag or its 发布时间 line, else such a line in the text."""
    if doc.path.lower().endswith(HTML_SUFFIXES):
        found = _from_page(Path(doc.path))
        if found:
            return found
    head = "\n".join(doc.lines[:20] + doc.lines[-10:])
    match = _LABEL.search(head)
    if match:
        date = _iso(*match.groups()[1:])
        return Published(date, f"正文中的“{match.group(1)}”") if date else None
    return None


def _from_page(path: Path) -> Published | None:
    try:
        if path.stat().st_size > MAX_PAGE:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    markup = _decode(data)
    for pattern in (_META, _META_REVERSED):
        match = pattern.search(markup)
        if match and (date := _iso(*match.groups()[-3:])):
            return Published(date, "网页元数据（PubDate）")
    match = _LABEL.search(_TAG.sub(" ", markup))
    if match and (date := _iso(*match.groups()[1:])):
        return Published(date, f"网页中的“{match.group(1)}”")
    return None


def _decode(data: bytes) -> str:
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# --- deadlines ------------------------------------------------------------------------------------------

class Deadline(BaseModel):
    """One deadline of rules/reference/deadlines.yaml: the levels it binds, the month and day, its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    levels: tuple[str, ...]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    basis: str
    source: str = ""


class Deadlines(BaseModel):
    """The deadlines table: on-time means published by (inclusive) or before (exclusive) the deadline day."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    inclusive: bool = True
    publish: tuple[Deadline, ...]


def load_deadlines(reference: dict[str, Any]) -> Deadlines | None:
    """The pack's deadlines table (None when the pack has none); a mistake in it is a one-line error."""
    from pydantic import ValidationError  # validation only: a compiled pack holds the table (deadlines_of)

    raw = reference.get("deadlines")
    if raw is None:
        return None
    try:
        table = Deadlines.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise AuditorError(f"rules/reference/deadlines.yaml: {where}: {err['msg']}") from None
    for entry in table.publish:
        unknown = [level for level in entry.levels if level not in LEVELS]
        if unknown:
            raise AuditorError(f"rules/reference/deadlines.yaml: publish.levels: 未知的级别 {unknown[0]!r}"
                               f"（可用：{', '.join(LEVELS)}）")
    return table


@dataclass(frozen=True)
class Timeliness:
    """A report's publication against its deadline."""

    published: Published
    deadline: str | None  # ISO date, None when the report year is unknown
    on_time: bool | None  # None: cannot tell (no report year)
    basis: str


def judge(published: Published, year: int | None, level: str | None, table: Deadlines) -> Timeliness:
    """Compare a publication date with the deadline of the level (the latest one when the level is unknown)."""
    entries = [d for d in table.publish if level in d.levels] or sorted(table.publish, key=lambda d: (d.month, d.day))[-1:]
    if not entries or year is None:
        return Timeliness(published, None, None, entries[0].basis if entries else "")
    entry = entries[0]
    deadline = _iso(str(year + 1), str(entry.month), str(entry.day))
    if deadline is None:  # 2月30日 in the table: the last day of that month
        first_of_next = datetime.date(year + 1 + entry.month // 12, entry.month % 12 + 1, 1)
        deadline = (first_of_next - datetime.timedelta(days=1)).isoformat()
    on_time = published.date <= deadline if table.inclusive else published.date < deadline
    return Timeliness(published, deadline, on_time, entry.basis)


def deadlines_of(ruleset: Any) -> Deadlines | None:
    """The pack's deadlines table, validated once per pack (a compiled pack holds it already)."""
    return ruleset.derived(("deadlines",), lambda: load_deadlines(ruleset.reference))
