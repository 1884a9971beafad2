"""Step 1 of the pipeline (load): a web page saved from a government site → Source with the article body only."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from auditor.errors import InputError
from auditor.loading.text import Decoded, check_text, clean_lines, decode, reads_as_chinese, text_codec
from auditor.model import Source

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# "标题_丰都县人民政府", "标题 - 某某网", "标题|门户网站": the site's name follows a separator.
_SITE_SEPARATOR = re.compile(r"\s*(?:_|\||｜|\s[-–—－]\s|——|--)\s*")
_REPORTISH = re.compile(r"报告|总结|情况|汇报|法治")
_SPACE = re.compile(r"\s+")
# Lines trafilatura may keep from page furniture on small pages; never part of a report.
_FURNITURE = re.compile(r"^(?:【?打印本页】?|【?关闭窗口】?|【?打印】?\s*【?关闭】?|分享到[:：]?.*|返回顶部|字号[:：].*)$")


def read_html(path: Path, data: bytes) -> Source:
    """HTML report: the article body (trafilatura drops menus, breadcrumbs, footers), title without site name."""
    import trafilatura

    markup, encoding, warnings = _decode(data)
    try:
        body = trafilatura.extract(markup, output_format="txt", include_comments=False, include_tables=True,
                                   include_images=False, include_links=False, deduplicate=False)
        meta = trafilatura.extract_metadata(markup)
    except Exception:  # noqa: BLE001 - lxml/trafilatura raise many types on broken markup
        raise InputError("无法解析该网页文件（HTML 已损坏或不是网页）") from None
    if not body or not body.strip():
        raise InputError("网页中没有找到正文（可能是导航页、列表页或需要脚本加载的页面）")
    title = page_title(meta.title if meta and meta.title else _title_tag(markup))
    lines = [ln for ln in clean_lines(body).split("\n") if not _FURNITURE.match(ln.strip())]
    if title and not _mentions(lines, title):
        lines = [title, ""] + lines  # the title sat in an <h1> or <title> outside the extracted body
    text = "\n".join(lines)
    check_text(text)
    return Source(path=str(path), text=text, format="html", encoding=encoding, title_hint=title or None,
                  warnings=warnings)


def page_title(raw: str | None) -> str:
    """The report's title from a page title: the site's name after a separator removed."""
    if not raw:
        return ""
    parts = [p.strip() for p in _SITE_SEPARATOR.split(_SPACE.sub(" ", raw).strip()) if p.strip()]
    if not parts:
        return ""
    reportish = [p for p in parts if _REPORTISH.search(p)]
    return max(reportish, key=len) if reportish else parts[0]


def _decode(data: bytes) -> Decoded:
    """The page's declared charset (gb2312 pages are read as its superset GB18030) when it is a real text
    encoding that decodes the page cleanly into Chinese, else the encoding detected from the bytes."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        codec = "gb18030" if declared in ("gb2312", "gbk", "gb18030", "x-gbk") else text_codec(declared)
        if codec is not None:
            try:
                markup = data.decode(codec)
            except UnicodeError:
                pass
            else:
                if reads_as_chinese(markup):
                    return Decoded(markup, declared)
    return decode(data)


def _title_tag(markup: str) -> str:
    match = _TITLE_TAG.search(markup[:200_000])
    return unescape(match.group(1)) if match else ""


def _mentions(lines: list[str], title: str) -> bool:
    """Whether the first lines of the body already carry the title (perhaps split over two lines)."""
    head = _SPACE.sub("", "".join(lines[:12]))
    return _SPACE.sub("", title) in head
