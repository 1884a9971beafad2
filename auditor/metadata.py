"""Step 2 of the pipeline (parse): what a report says about itself — year, issuer, level, 落款 and date."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, replace

from auditor.model import LEVELS, Meta, Section
from auditor.numerals import chinese_year
from auditor.textnorm import squeeze

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, **{str(d): d for d in range(10)}}  # 二0二三: a 0 typed among them
_DATE_PATTERNS = (
    # The day alone may be in Chinese numerals, 廿 and 卅 too (2021年1月廿六日): the form rule flags it.
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2}|元)\s*月\s*(?:(?P<d>\d{1,2}|[一二三四五六七八九十廿卅]{1,3})\s*[日号])?"),
    re.compile(r"(?P<y>[〇○零Ｏ0-9一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3}|元)\s*月"
               r"\s*(?:(?P<d>[一二三四五六七八九十廿卅]{1,3})\s*[日号])?"),
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?!\d)"),
    # A year cut to two digits (24年1月26日): still the date, read as 20YY; the form rule flags it.
    re.compile(r"(?<!\d)(?P<y>\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
)
# Around a date on its line: brackets, spaces, a label, a weekday (2023年2月21日（星期二）).
_DATE_LINE_NOISE = re.compile(r"[（）()\s]|^(日期|成文日期|时间)[:：]|(?:星期|礼拜)[一二三四五六日天](?=[）)\s]*$)|(?<=[日号（(])周[一二三四五六日](?=[）)\s]*$)")
TAIL_SCAN = 8  # nonblank lines at the end searched for the 落款


@dataclass(frozen=True)
class DateFound:
    """A date as written, with its ISO form."""

    iso: str
    year: int
    month: int
    day: int | None
    text: str


def _cn_number(text: str) -> int:
    """二十一 → 21, 十二 → 12, 十 → 10, 廿六 → 26, 卅 → 30 (numbers up to 99, as in dates)."""
    if text[:1] in "廿卅":
        return (20 if text[0] == "廿" else 30) + (_CN_DIGITS.get(text[1:], 0) if text[1:] else 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(text, 0)


def parse_date(text: str) -> DateFound | None:
    """Find the first date in `text` in any common form (2023年2月21日, 二〇二三年二月, 2023-02-21)."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        y, m, d = match.group("y"), match.group("m"), match.group("d")
        if m == "元":  # 元月: January
            m = "1"
        # Each part in its own numerals: 2024年一月五日 mixes them.
        year = int(y) if y.isdigit() else int("".join(ch if ch.isdigit() else str(_CN_DIGITS.get(ch, 0)) for ch in y))
        year += 2000 if len(y) == 2 else 0
        month = int(m) if m.isdigit() else _cn_number(m)
        day = (int(d) if d.isdigit() else _cn_number(d)) if d else None
        if not _real_date(year, month, day):
            continue  # 2023年13月, 2024年2月30日: not a date
        iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
        return DateFound(iso, year, month, day, match.group(0))
    return None


def _real_date(year: int, month: int, day: int | None) -> bool:
    """Whether the year, month and (optional) day name a day of the calendar."""
    if not 1900 <= year <= 2099 or not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


# A date line left blank or unfinished in a template (    年  月  日, 2024年 月 日, XXXX年X月X日) or impossible
# (2023年13月): shaped like a 成文日期 but not one.
_DATE_SHAPE = re.compile(r"^[\dXx×＿_〇○零Ｏ一二三四五六七八九十某\s]{0,6}年[\dXx×＿_〇○零一二三四五六七八九十某\s]{0,4}月"
                         r"(?:[\dXx×＿_〇○零一二三四五六七八九十某\s]{0,5}日)?$")


def is_date_line(line: str) -> bool:
    """A line that holds only a date (成文日期), possibly in parentheses: （2023年11月）."""
    core = _DATE_LINE_NOISE.sub("", line)
    found = parse_date(core)
    return bool(found) and len(core) - len(re.sub(r"\s", "", found.text)) <= 1


def is_date_shaped(line: str) -> bool:
    """A line written where a date goes, valid or not: a real date, a blank template date or an impossible one."""
    if is_date_line(line):
        return True
    core = _DATE_LINE_NOISE.sub("", line.strip())
    return bool(_DATE_SHAPE.match(core))


@dataclass(frozen=True)
class Tail:
    """The 落款 at the end: issuing body lines and the date line."""

    first_line: int | None = None
    organ: str | None = None
    organ_line: int | None = None
    date: DateFound | None = None
    date_line: int | None = None  # also for a blank or impossible date (then `date` is None)


# How an issuing organ's name ends (a township's own name may end in 镇/乡 where a 落款 stands alone).
ORGAN_ENDS = "人民政府|政府|委员会|党委|党工委|管委会|办事处|街道|局|厅|部|委|办|署|中心|办公室"
_ORGAN = re.compile(rf"({ORGAN_ENDS}|镇|乡)$")
# A written date, to the month or the day (2023年2月 / 2023年2月21日), as the 落款 and the title block give it.
# (…or in Chinese numerals: 二〇二三年一月十八日.)
_WRITTEN_DATE = (r"(?:(?:19|20)\d{2}\s*年\s*(?:\d{1,2}|元)\s*月(?:\s*\d{1,2}\s*[日号])?"  # (2021年元月8日: January)
                 r"|[一二][〇○零一二三四五六七八九]{3}\s*年\s*(?:十[一二]?|[一二三四五六七八九])\s*月"
                 r"(?:\s*(?:[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号])?)")
_SEAL = re.compile(r"\s*[（(\[［【]\s*(?:盖章|公章|印章|签章|印|章)\s*[）)\]］】]\s*$")
# The closing formula of a report (its last line before the 落款).
CLOSING_FORMULA = "特此报告|特此汇报|专此报告"
_CLOSING_AND_DATE = re.compile(rf"^(?:{CLOSING_FORMULA})[。]?\s{{2,}}"
                               rf"(?P<date>{_WRITTEN_DATE})$")
# 特此报告。太龙镇人民政府2023年2月3日: closing, organ and date run onto one line.
# (…or run on after the report's last sentence: …严格执行。特此报告。中共某乡委员会　某乡人民政府　2024年2月5日)
_CLOSING_ORGAN_DATE = re.compile(rf"(?:^|(?<=[。！!；;]))\s*(?:{CLOSING_FORMULA})[。.]?\s*(?P<organ>[^，。；：\s\d][^，。；：\d]{{1,29}}?"
                                 rf"(?:{ORGAN_ENDS}))"
                                 rf"\s*(?P<date>{_WRITTEN_DATE})$")
# Under the title, the body and the date on one line: 尚屯镇人民政府　2024年1月8日 / 尚屯镇人民政府（2024年1月8日）.
ORGAN_THEN_DATE = re.compile(rf"^(?P<organ>[^，。；：\s\d（(][^，。；：\d]{{1,29}}?(?:{ORGAN_ENDS}|镇|乡))"
                             rf"\s*[（(]?\s*(?P<date>{_WRITTEN_DATE})\s*[）)]?$")
_DATE_AND_ORGAN = re.compile(rf"^(?P<date>{_WRITTEN_DATE})\s*(?P<organ>[^，。；：\s\d][^，。；：\d]{{1,29}}?(?:{ORGAN_ENDS}|镇|乡))$")
_ORGAN_AND_DATE = re.compile(rf"^(?P<organ>[^，。；：\s][^，。；：]{{1,29}}?(?:{ORGAN_ENDS}|镇|乡))"
                             # (…人民政府（盖章）　　2023年1月9日: the seal's note between them)
                             # (…人民政府　二〇二一年一月十八日: one space between, as typed in Word)
                             rf"(?:\s*[（(]\s*(?:盖章|公章|印章|签章)\s*[）)]\s*|\s+)(?P<date>{_WRITTEN_DATE})$")


def find_signature(lines: tuple[str, ...], norm: list[str], body_start: int) -> Tail:
    """Find the 落款 (organ name and 成文日期) among the last nonblank lines of the report."""
    tail = [(i + 1, squeeze(norm[i])) for i in range(len(norm) - 1, body_start - 2, -1) if norm[i].strip()]
    tail = tail[:TAIL_SCAN]
    # 某镇人民政府（盖章）: the seal's note is no part of the name; on a line of its own (（盖章）) it is no line at all.
    tail = [(n, sealed) for n, text in tail if (sealed := _SEAL.sub("", text))]
    date_at = next((n for n, text in tail if is_date_shaped(text)), None)
    if date_at is None and tail and (closing := _CLOSING_AND_DATE.match(norm[tail[0][0] - 1].strip())):
        # 特此报告　　　　2023年1月20日: the date typed on the closing line.
        number = tail[0][0]
        return Tail(number, None, None, parse_date(closing.group("date")), number)
    if date_at is None and tail and (glued := _CLOSING_ORGAN_DATE.search(norm[tail[0][0] - 1].strip())):
        number = tail[0][0]
        # (run on after the last sentence, the line stays the body's: only its end is the 落款)
        return Tail(None if glued.start() else number, squeeze(glued.group("organ")), number,
                    parse_date(glued.group("date")), number)
    if date_at is None and tail and (both := _ORGAN_AND_DATE.match(norm[tail[0][0] - 1].strip())):
        # 某镇人民政府    2023年1月16日: a right-aligned 落款 flattened onto one line by a converter.
        number = tail[0][0]
        raw = lines[number - 1].strip()
        return Tail(number, squeeze(raw[:both.end("organ")]), number, parse_date(both.group("date")), number)
    if date_at is None and tail and (first := _DATE_AND_ORGAN.match(norm[tail[0][0] - 1].strip())):
        # 2021年1月20日　　石柱县黄水镇人民政府: the date typed before the organ on one line.
        number = tail[0][0]
        return Tail(number, squeeze(first.group("organ")), number, parse_date(first.group("date")), number)
    if date_at is None:  # an issuing body signed at the end without a date (…特此报告。 / 某镇人民政府)
        last_line, text = tail[0] if tail else (None, "")
        if last_line is not None and len(text) <= 30 and _ORGAN.search(text) and not re.search(r"[，。；：]", text):
            return Tail(last_line, _SEAL.sub("", squeeze(lines[last_line - 1])), last_line)
        return Tail()
    written = squeeze(norm[date_at - 1])
    date = parse_date(_DATE_LINE_NOISE.sub("", written)) if is_date_line(written) else None
    organs: list[tuple[int, str]] = []
    for n, text in tail:
        if n >= date_at:
            continue
        if len(text) <= 30 and _ORGAN.search(text) and not re.search(r"[，。；：]", text):
            organs.insert(0, (n, _SEAL.sub("", squeeze(lines[n - 1]))))
        else:
            break
    below = [(n, text) for n, text in tail if n > date_at]
    if not organs and below and len(below) <= 3 and all(len(text) <= 30 and _ORGAN.search(text)
                                                         and not re.search(r"[，。；：]", text) for _, text in below):
        # 2023年1月16日 / 某镇人民政府 (/ 中共某镇委员会 …): the lines of the 落款 typed the other way round.
        names = [_SEAL.sub("", squeeze(lines[n - 1])) for n, _ in sorted(below)]
        return Tail(date_at, "、".join(names), min(n for n, _ in below), date, date_at)
    first = organs[0][0] if organs else date_at
    organ = "、".join(text for _, text in organs) or None
    return Tail(first, organ, organs[0][0] if organs else None, date, date_at)


# A date line that names a day which does not exist (2023年4月31日, 2024年2月30日), not a blank template.
_CLAIMS_A_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月")


# --- year -----------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![\d—\-－~～至到〇○零一二三四五六七八九])((?:19|20)\d{2}|[〇○零][〇○零一二三四五六七八九]{3}"
                   r"|[一二][〇○零0九][〇○零0一二三四五六七八九]{2})\s*年(?!\s*[—\-－~～至到])")  # 二0二二: a typed 0
_BOOK = re.compile(r"《[^》]{0,60}》|（[^）]{0,30}）")


def year_in(text: str) -> int | None:
    """The first year written as 20XX年 (or 二〇二三年) outside 《》 and (…) and not part of a range like 2021—2025年."""
    match = _YEAR.search(_BOOK.sub(lambda m: " " * len(m.group()), text))
    return _year_of(match) if match else None


def _year_of(match: re.Match[str]) -> int | None:
    """The year a `_YEAR` match writes (2023年, 二〇二三年), when it is a plausible one."""
    found = match.group(1)
    year = int(found) if found.isascii() else chinese_year(found)
    return year if year and 1900 <= year <= 2099 else None


_ANSWERS = re.compile(r"(?:根据|按照|依据)[^。]{0,30}《[^》]{0,60}(?:报告|总结|法治政府建设|依法行政|法治建设)[^》]{0,30}》")


def _opening(norm: list[str], body_start: int, sections: tuple[Section, ...]) -> list[str]:
    """The body's first three lines (not a date line) and its first heading."""
    opening = [ln for ln in norm[body_start - 1: body_start + 5] if ln.strip() and not is_date_line(squeeze(ln))][:3]
    if sections:
        opening.append(norm[sections[0].line - 1])
    return opening


def _opening_votes(opening: list[str]) -> Counter[int]:
    """How many of the opening lines name each year first."""
    return Counter(year for line in opening if (year := year_in(line)))


def body_year(norm: list[str], body_start: int, sections: tuple[Section, ...]) -> int | None:
    """The year the body speaks of: the opening lines and the first heading."""
    opening = _opening(norm, body_start, sections)
    votes = _opening_votes(opening)
    if not votes:
        # Nothing in the opening (根据《…关于做好2020年全县…》 is a title's year): the year the body names most.
        for line in norm[body_start - 1:]:
            if (year := year_in(line)) and not is_date_line(squeeze(line)):
                votes[year] += 1
        ranked = votes.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None  # (as often the one as the other: no telling)
    if not votes:
        # …nor anywhere else: the year of the notice the opening answers (根据《…关于做好2020年全县法治政府建设
        # 工作年度报告的通知》要求).
        for line in opening[:3]:
            if (found := _YEAR.search(line)) and _ANSWERS.search(line):
                return _year_of(found)
    return votes.most_common(1)[0][0] if votes else None


# --- issuer and level ---------------------------------------------------------------------------

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE_RE = re.compile(r"(省|自治区|特别行政区)$")
_UNIT = re.compile(r"(街道|苏木|乡|镇|自治县|县|旗|区|自治州|市|州|盟|地区|自治区|省)")
_GOV_SUFFIX = re.compile(r"(人民政府|政府|办事处|党工委|管委会|管理委员会|委员会|党委)$")
_DEPT_SUFFIX = re.compile(
    r"(局|厅|部|委|办公室|办|署|中心|院|所|队|站|会)$"
)
# A commission named after its field after the place (区卫生健康委员会, 县发展和改革委员会) is a department; the
# party committee (中共某县委员会) and the congress's or CPPCC's are not.
_SECTOR_COMMISSION = re.compile(
    r"(?:省|市|州|县|区|旗)(?![\u4e00-\u9fff]*?(?:乡|镇|街道|村|县|区|市|人民代表大会|政协|政治协商))[\u4e00-\u9fff]{2,10}委员会$")
_UNIT_LEVEL = {"街道": "township", "苏木": "township", "乡": "township", "镇": "township",
               "县": "county", "自治县": "county", "旗": "county", "区": "county",
               "市": "city", "州": "city", "自治州": "city", "盟": "city", "地区": "city",
               "自治区": "province", "省": "province"}
_PRONOUNS = {
    "township": r"[我本全](镇|乡)|[我本全]街道|街道党工委",
    "county": r"[我本](县|区|旗)(?![委政])",
    "city": r"[我本](市|州|盟)(?![委政])",
    "province": r"[我本](省)(?![委政])",
    "department": r"[我本](局|厅|委(?!员)|部门|办(?!法))|局党组|厅党组|部党组",
}


def level_of(name: str) -> str | None:
    """Level of an issuing body from its name (traditional characters too): the innermost unit, or a department suffix."""
    from auditor.textnorm import normalize

    name = normalize(squeeze(name)).removeprefix("中共")
    for part in reversed(re.split(r"[、，,]", name)):
        part = part.strip()
        if not part:
            continue
        if part in _PROVINCES:
            return "province"
        if part.startswith(_MUNICIPALITIES) and not re.search(r"(区|县|乡|镇|街道)", part[3:]):
            region = _GOV_SUFFIX.sub("", part[3:])
            if not region or _DEPT_SUFFIX.search(region) is None:
                return "province"
        if _SECTOR_COMMISSION.search(part):
            return "department"  # 万州区卫生健康委员会: a commission of a government, not the county's 委员会
        if _GOV_SUFFIX.search(part):
            region = _GOV_SUFFIX.sub("", part)
        elif _DEPT_SUFFIX.search(part) and not _UNIT.search(part[-2:]):
            return "department"
        else:
            region = part
        units = _UNIT.findall(region)
        if units:
            return _UNIT_LEVEL[units[-1]]
    return None


def _level_from_body(norm: list[str]) -> str | None:
    text = "\n".join(norm)
    counts = {level: len(re.findall(pattern, text)) for level, pattern in _PRONOUNS.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


_Y = r"(?:(?:19|20)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})"  # a year in Arabic or Chinese numerals
_TITLE_ISSUER = (
    re.compile(rf"^(?P<org>.{{2,40}}?)(?:关于|{_Y}\s*年)"),  # 黄水镇2020年度… / …人民政府关于…
    re.compile(rf"^{_Y}\s*年度?(?P<org>[\u4e00-\u9fff]{{2,20}}?)(?:法治政府建设|推进法治|关于)"),  # 2020年静海区…
)
_GENERIC = re.compile(r"^(乡镇|街道|全市|全县|全区|全省|我市|我县|我区|我镇|我乡|本级|市县|各级|[上下]半年.*|度.*)$")
_PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
              "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
              "内蒙古", "广西", "西藏", "宁夏", "新疆")
_OPENING_ISSUER = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年(?:度|以来)?\s*[，,]\s*)?(?:在[^，,。]{0,60}下\s*[，,]\s*)*"
    r"(?P<org>[\u4e00-\u9fff]{2,18}?(?:人民政府|街道办事处|街道|乡|镇|局|厅|部|委|办|县|区|市|省)"
    r"|" + "|".join(_PROVINCES) + ")"
    r"(?=坚持|深入|全面|认真|紧紧|始终|紧扣|聚焦|围绕|以|在|法治|按照|牢固|持续|不断|切实|积极|扎实|着力|高度|依法)"
)


def _issuer_from_title(title: str) -> str | None:
    """The issuing body named in the title: before 关于 or the year, or right after the year."""
    from auditor.textnorm import normalize

    text = squeeze(title)
    norm = normalize(text)  # same length: match on the simplified form, return the text as written
    for pattern in _TITLE_ISSUER:
        match = pattern.match(norm)
        org = match.group("org") if match else ""
        if match and not re.search(r"\d|关于", org) and not _GENERIC.match(org):
            return text[match.start("org"):match.end("org")].strip()
    return None


def _issuer_from_opening(norm: list[str], body_start: int) -> str | None:
    """The body's first sentence often names the issuer: “2023年,许昌市生态环境局全面贯彻…”."""
    for line in norm[body_start - 1: body_start + 4]:
        if line.strip():
            match = _OPENING_ISSUER.match(squeeze(line))
            if not match or _GENERIC.match(match.group("org")):
                return None
            org = match.group("org")
            return org + "省" if org in _PROVINCES[4:26] else org
    return None


def _qualified(issuer: str | None, norm: list[str], body_start: int) -> str | None:
    """省人民政府 without its name (a title as printed by the province's own site): the province the opening
    names (2020年是湖北历史上…) completes it."""
    if not issuer or not re.match(r"^省(人民政府|政府|委员会|委)", issuer):
        return issuer
    opening = "".join(norm[body_start - 1: body_start + 4])
    named = [(opening.find(p), p) for p in _PROVINCES[4:26] if p in opening]
    return f"{min(named)[1]}{issuer}" if named else issuer


_BRACKETED_DATE = re.compile(rf"[（(]\s*({_WRITTEN_DATE})\s*[）)]$")


def detect(
    lines: tuple[str, ...],
    norm: list[str],
    title: str,
    organ_lines: list[str],
    author: str | None,
    body_start: int,
    tail: Tail,
    sections: tuple[Section, ...],
    title_lines: tuple[int, ...] = (),
) -> Meta:
    """Detect report year, issuer, level and 成文日期 from the title, the body and the 落款."""
    from auditor.textnorm import normalize

    date, date_line = tail.date, tail.date_line
    if date_line is None:  # a date only at the top, under the title: （2023年11月）
        for number in range(1, body_start):
            written = squeeze(norm[number - 1])
            if is_date_shaped(written):
                date = parse_date(_DATE_LINE_NOISE.sub("", written)) if is_date_line(written) else None
                date_line = number
                break
            beside = ORGAN_THEN_DATE.match(written)  # 尚屯镇人民政府　2024年1月8日: the body and the date on one line
            if beside:
                date, date_line = parse_date(beside.group("date")), number
                break
            closing = _BRACKETED_DATE.search(written)  # …情况报告尚屯镇人民政府（2023年11月）: run into the title
            if closing and number in title_lines:
                date, date_line = parse_date(closing.group(1)), number
                break
    if not organ_lines and author is None:
        author = _organ_above(norm, date_line, body_start)
    year, source = year_in(normalize(title)), "title"
    if year is not None:
        # A title's year that the lead-in and the first heading both contradict (关于二〇二一年度… over a body that
        # reports 2022 throughout, and no date for the title's year) is the slip: the body's year is the report's.
        # (timeliness.year-consistency still reports the disagreement.)
        votes = _opening_votes(_opening(norm, body_start, sections))
        said = votes.most_common(1)
        if said and said[0][1] >= 2 and year not in votes and (date is None or date.year != year + 1):
            year, source = said[0][0], "body"
    if year is None:
        year, source = body_year(norm, body_start, sections), "body"
    if year is None and date is not None:
        year, source = date.year - 1, "date"
    if year is None:
        source = None
    issuer = tail.organ or ("、".join(organ_lines) if organ_lines else None) or author
    issuer = issuer or _issuer_from_title(title) or _issuer_from_opening(norm, body_start)
    issuer = _qualified(issuer, norm, body_start)
    level, level_source = (level_of(issuer), "issuer") if issuer else (None, None)
    if level is None and author:
        level, level_source = level_of(author), "issuer"
    if level is None:
        level, level_source = _level_from_body(norm), "body"
    return Meta(
        year=year,
        year_source=source,
        issuer=issuer,
        level=level,
        level_source=level_source if level else None,
        date=date.iso if date else None,
        date_invalid=squeeze(lines[date_line - 1]) if date is None and date_line and _CLAIMS_A_DATE.search(
            norm[date_line - 1]) else None,
        date_line=date_line,  # the 落款's date line, even when left blank (2024年  月  日): rules point at it
        date_text=date.text if date else None,
        signature=tail.organ,
        signature_line=tail.organ_line,
        signed_under_title=bool(organ_lines or author),
    )


def _organ_above(norm: list[str], date_line: int | None, body_start: int) -> str | None:
    """A date under the title with the issuing body on the line right above it (尚屯镇人民政府 / （2023年11月）),
    where the title block was not read whole (a subtitle between, a title that is no 报告)."""
    if date_line is None or date_line >= body_start:
        return None
    above = next((squeeze(norm[i]) for i in range(date_line - 2, -1, -1) if norm[i].strip()), "")
    if len(above) <= 30 and _ORGAN.search(above) and not re.search(r"关于|报告|总结|汇报|情况", above):
        return above
    return None


def override(meta: Meta, year: int | None = None, level: str | None = None) -> Meta:
    """Apply --year / --level on top of detection."""
    if year is not None:
        meta = replace(meta, year=year, year_source="override")
    if level is not None:
        if level not in LEVELS:
            raise ValueError(level)
        meta = replace(meta, level=level, level_source="override")
    return meta
