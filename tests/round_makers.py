"""Test generators for the auditor's round: a body's reports for two years, a batch sharing paragraphs, saved pages."""

from __future__ import annotations

import html
from pathlib import Path

from conftest import seed

NEW_WORK = [
    "（二）创新普法方式。我乡通过广播、微信公众号、现场法律咨询服务等平台，制作动画和微视频，开展法治宣传教育，群众喜闻乐见。",
    "（三）化解矛盾纠纷。全年用好“三调”对接机制，开展矛盾纠纷排查32次，调处化解矛盾纠纷45件，深化新时代“枫桥经验”。",
]
REPEATED = "一是普法宣传形式不够丰富，虽开展了大量普法宣传工作，但基本是依赖宣传栏、发放宣传单页等传统线下普法载体，宣传手段不够丰富。"
NEW_SHORTCOMING = "二是村级法律顾问作用发挥不充分，村民对法律顾问知晓率低。主要原因是经费保障不足。"


def two_years(folder: Path) -> tuple[Path, Path]:
    """青龙乡's 2023 report (seed 002) and a 2024 report made from it: the opening, the first measure and the
    first-duty part copied with the dates changed; the 普法 and 矛盾纠纷 plans answered by new work, the
    三项制度 plan left without follow-up; the first 不足 repeated, one new. Returns (2023 file, 2024 file)."""
    lines = seed("002").read_text(encoding="utf-8").split("\n")
    heads = {n: line for n, line in enumerate(lines, 1)}
    assert heads[26].startswith("三、") and heads[28].startswith("四、") and heads[23].startswith("二、")
    out = [line.replace("2023", "2024").replace("〔2024〕", "〔2025〕") for line in lines[:19]]  # header, opening, (一)
    out += NEW_WORK
    out += [line.replace("2023", "2024") for line in lines[22:25]]  # 二、第一责任人 with its two points
    out += ["三、2024年度推进法治政府建设存在的不足和原因", REPEATED + NEW_SHORTCOMING,
            "四、2025年推进法治政府建设的工作安排", "（一）推进村级法律顾问全覆盖，每月到村坐班。", "（二）开展行政执法案卷评查。"]
    out += [line.replace("2023", "2024").replace("2024年1", "2025年1") for line in lines[32:]]
    (folder / "2023").mkdir(parents=True, exist_ok=True)
    (folder / "2024").mkdir(parents=True, exist_ok=True)
    before, now = folder / "2023" / "青龙乡.txt", folder / "2024" / "青龙乡.txt"
    before.write_text("\n".join(lines), encoding="utf-8")
    now.write_text("\n".join(out), encoding="utf-8")
    return before, now


COPIED_LINE = 19  # a long paragraph of seed 000 another township copies


def shared_batch(folder: Path) -> dict[str, Path]:
    """Three townships: 贤庠镇 (seed 003) hands in a paragraph of 太龙镇 (seed 000) with its figures changed;
    尚屯镇 (seed 004) shares nothing; a second draft of 太龙镇 is the same body, not copying."""
    folder.mkdir(parents=True, exist_ok=True)
    taken = seed("000").read_text(encoding="utf-8").split("\n")
    paragraph = max(taken[10:], key=len)
    copied = "".join(str((int(c) + 3) % 10) if c.isdigit() else c for c in paragraph)
    other = seed("003").read_text(encoding="utf-8").split("\n")
    body = next(n for n, line in enumerate(other) if line.startswith("（一）") or line.startswith("一、"))
    other.insert(body + 2, copied)
    paths = {"太龙镇": folder / "a_太龙镇.txt", "贤庠镇": folder / "b_贤庠镇.txt", "尚屯镇": folder / "c_尚屯镇.txt",
             "太龙镇二稿": folder / "d_太龙镇二稿.txt"}
    paths["太龙镇"].write_text("\n".join(taken), encoding="utf-8")
    paths["贤庠镇"].write_text("\n".join(other), encoding="utf-8")
    paths["尚屯镇"].write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    paths["太龙镇二稿"].write_text("\n".join(taken), encoding="utf-8")
    return paths


def saved_page(text: str, path: Path, title: str, published: str | None, meta: bool = True) -> Path:
    """A page saved from a government site; `published` (yyyy-mm-dd) as the PubDate meta tag and as the
    “发布时间” line above the article (only the line when `meta` is False)."""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    head = f'<meta name="PubDate" content="{published} 09:30">' if published and meta else ""
    info = f'<div class="info">发布时间：{published}　来源：县司法局</div>' if published else ""
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}<title>{html.escape(title)}_丰都县人民政府</title>'
            f'</head><body><div class="nav"><a href="/">首页</a></div><h1>{html.escape(title)}</h1>{info}'
            f'<div class="article"><div class="TRS_Editor">{body}</div></div>'
            f'<div class="footer">主办单位：丰都县人民政府办公室</div></body></html>')
    path.write_text(page, encoding="utf-8")
    return path
