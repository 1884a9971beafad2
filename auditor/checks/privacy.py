"""Rules step: built-in checks for personal data and secrecy marks in a report meant for publication."""

from __future__ import annotations

from datetime import date

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.checks import Context, Outcome, builtin, distinct_lines, failed, passed
from auditor.limits import regex_limit
from auditor.model import Evidence
from auditor.ruleset import Rule, compiled, valid_regex

EXCERPT = 24  # characters of (masked) context on each side of a hit

_ID = regex.compile(r"(?<![0-9A-Za-z])[1-8]\d{16}[\dXx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_DIGIT = regex.compile(r"\d")
_CARD = regex.compile(r"(?<![0-9A-Za-z])\d{4}(?:[ -]?\d){12,15}(?![0-9A-Za-z])")


def id_number_valid(number: str, earliest: int = 1900) -> bool:
    """An 18-character resident ID number (GB 11643-1999): plausible birth date, matching check character."""
    if len(number) != 18 or not number[:17].isdigit() or not _id_shaped(number[:17] + "0", earliest):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def _id_shaped(digits: str, earliest: int) -> bool:
    """18 digits whose 7th–14th form a plausible birth date (the layout of a resident ID number)."""
    if len(digits) != 18:
        return False
    try:
        born = date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return earliest <= born.year and born <= date.today()


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def mask(kind: str, number: str) -> str:
    """The published masking convention: 138****1234, 35**************23X, 6222***********1234."""
    digits = regex.sub(r"[ -]", "", number)
    keep = {"mobile": (3, 4), "id": (2, 3), "card": (4, 4)}[kind]
    return digits[: keep[0]] + "*" * (len(digits) - sum(keep)) + digits[-keep[1]:]


class PersonalDataParams(BaseModel):
    """What counts as personal data: mobile number pattern, bank card prefixes and lengths, birth years."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mobile: str = r"(?<![0-9A-Za-z])1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z元万亿%‰])"
    card_prefixes: tuple[str, ...] = Field(default=("62", "4", "5", "3"), min_length=1)
    card_lengths: tuple[int, int] = (16, 19)
    earliest_birth_year: int = Field(default=1900, ge=1800)

    @field_validator("mobile")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return valid_regex(value)


KIND_NAMES = {"id": "居民身份证号码", "mobile": "手机号码", "card": "银行卡号"}


def _find_numbers(text: str, params: PersonalDataParams) -> list[tuple[int, int, str]]:
    """(start, end, kind) of ID numbers, mobile numbers and bank card numbers in one line."""
    found = [(m.start(), m.end(), "id") for m in _ID.finditer(text, **regex_limit())
             if id_number_valid(m.group().upper(), params.earliest_birth_year)]
    taken = [(a, b) for a, b, _ in found]
    low, high = params.card_lengths
    for match in _CARD.finditer(text, **regex_limit()):
        digits = regex.sub(r"[ -]", "", match.group())
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        if _id_shaped(digits, params.earliest_birth_year):
            continue  # an 18-digit number with a birth date inside is an ID (valid or not), never a card
        if low <= len(digits) <= high and digits.startswith(params.card_prefixes) and luhn_valid(digits):
            found.append((match.start(), match.end(), "card"))
            taken.append(match.span())
    for match in compiled(params.mobile).finditer(text, **regex_limit()):
        if not any(a < match.end() and match.start() < b for a, b in taken):
            found.append((match.start(), match.end(), "mobile"))
    return sorted(found)


def _masked_line(text: str, found: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The line with every number found replaced by its masked form, and where each masked number now is."""
    out, spans, last, length = [], [], 0, 0
    for start, end, kind in found:
        masked = mask(kind, text[start:end])
        out += [text[last:start], masked]
        length += start - last
        spans.append((length, length + len(masked)))
        length += len(masked)
        last = end
    return "".join(out) + text[last:], spans


def _masked_evidence(ctx: Context, line: int, start: int, end: int, masked: str) -> Evidence:
    lo, hi = max(0, start - EXCERPT), min(len(masked), end + EXCERPT)
    excerpt = ("…" if lo > 0 else "") + masked[lo:hi].strip() + ("…" if hi < len(masked) else "")
    return Evidence(line, excerpt, ctx.doc.location(line))


@builtin("personal-data", PersonalDataParams)
def personal_data(ctx: Context, rule: Rule, params: PersonalDataParams) -> Outcome:
    """Resident ID numbers (checksum), mobile numbers and bank cards (Luhn); shown masked, never in full."""
    hits: list[tuple[str, Evidence]] = []
    # the matching text: full-width digits (１３８…) read as digits; same length as the display text
    for number, norm in ctx.lines():
        if not _DIGIT.search(norm):
            continue
        found = _find_numbers(norm, params)
        masked, spans = _masked_line(ctx.doc.lines[number - 1], found)
        for (start, end), (_, _, kind) in zip(spans, found):
            hits.append((kind, _masked_evidence(ctx, number, start, end, masked)))
    if not hits:
        return passed(message="未发现身份证号码、手机号码、银行卡号")
    counts = {name: sum(1 for kind, _ in hits if kind == key) for key, name in KIND_NAMES.items()}
    summary = "、".join(f"{name} {n} 处" for name, n in counts.items() if n)
    lines = "、".join(dict.fromkeys(f"第{ev.line}行" for _, ev in hits))
    return failed(f"发现未去标识化的个人信息：{summary}（{lines}；以下证据已打码）", distinct_lines([ev for _, ev in hits], most=8))


class SecrecyParams(BaseModel):
    """密级 marks: patterns flagged anywhere, phrases flagged on a (short) line that carries nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    anywhere: tuple[str, ...] = Field(min_length=1)
    mark_lines: tuple[str, ...] = ()
    mark_line_filler: str = r"[\s\d★☆:：]|年|份号|长期"
    mark_line_longest: int = Field(default=30, ge=1)  # a mark line is short

    @field_validator("anywhere", "mark_lines")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            valid_regex(pattern)
        return value


def _mark_line(text: str, params: SecrecyParams) -> str | None:
    """The marks of a line that consists of 密级 marks only (内部资料  注意保密), else None."""
    if not params.mark_lines:
        return None
    phrases = "|".join(f"(?:{p})" for p in params.mark_lines)
    marks = [m.group() for m in compiled(phrases).finditer(text, **regex_limit())]
    rest = compiled(phrases).sub("", text)
    rest = compiled(params.mark_line_filler).sub("", rest)
    return "、".join(marks) if marks and not rest else None


@builtin("secrecy-marking", SecrecyParams)
def secrecy_marking(ctx: Context, rule: Rule, params: SecrecyParams) -> Outcome:
    """No 密级 marks (绝密★, 机密★1年, 内部资料 on its own line) in a report meant for publication."""
    hits: list[tuple[str, Evidence]] = []
    for offset, text in ctx.scope_text():
        for pattern in params.anywhere:
            for match in list(compiled(pattern).finditer(text, **regex_limit())):
                hits.append((match.group(), ctx.evidence(offset + match.start(), offset + match.end())))
    marked = {ev.line for _, ev in hits}
    for number, norm in ctx.lines():
        text = norm.strip()
        if number in marked or not text or len(text) > params.mark_line_longest:
            continue
        marks = _mark_line(text, params)
        if marks:
            hits.append((marks, ctx.line_evidence(number)))
    if not hits:
        return passed(message="未发现密级标志")
    hits.sort(key=lambda hit: hit[1].line)
    notes = "、".join(dict.fromkeys(f"“{mark}”（第{ev.line}行）" for mark, ev in hits))
    return failed(f"发现密级或内部资料标志：{notes}", distinct_lines([ev for _, ev in hits], most=8))
