"""Rules step: built-in checks for personal data and secrecy marks in a report meant for publication."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import date
from itertools import groupby

import regex
from auditor.plain import BaseModel, ConfigDict, Field, field_validator

from auditor.checks.context import Context, Outcome, distinct_lines, failed, passed
from auditor.checks.prefilter import finditer_near
from auditor.model import Document, Evidence
from auditor.patterns import compiled, valid_regex
from auditor.schema import Rule

EXCERPT = 24  # characters of (masked) context on each side of a hit
MOST_EVIDENCE = 8  # lines shown as evidence

_ID = compiled(r"(?<![0-9A-Za-z])[1-8]\d{16}[\dXx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# A number the text calls an ID number (身份证号410327…): one, whatever its check character (a slip in copying it
# does not make it less personal).
_ID_LABEL = compiled(r"身份证|身份号码|证件号")
_CARD = compiled(r"(?<![0-9A-Za-z])\d{4}(?:[ -]?\d){12,15}(?![0-9A-Za-z])")


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


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted, not overlapping each other): one bisection."""
    at = bisect_left(spans, (end,))
    return at > 0 and spans[at - 1][1] > start


def _find_numbers(text: str, params: PersonalDataParams) -> list[tuple[int, int, str]]:
    """(start, end, kind) of ID numbers, mobile numbers and bank card numbers in a text (a line, or a whole part
    of the report scanned at once: no number spans a line break). Each pattern scans the text once and each
    candidate is checked against those already taken by bisection, so the work is linear in the text."""
    ids = [m.span() for m in _ID.finditer(text)
           if id_number_valid(m.group().upper(), params.earliest_birth_year)
           or _ID_LABEL.search(text, max(0, m.start() - 12), m.start())
           and _id_shaped(m.group()[:17] + "0", params.earliest_birth_year)]
    cards: list[tuple[int, int]] = []
    low, high = params.card_lengths
    for match in _CARD.finditer(text):
        if _overlaps(ids, *match.span()):
            continue
        digits = match.group().replace(" ", "").replace("-", "")
        if _id_shaped(digits, params.earliest_birth_year):
            continue  # an 18-digit number with a birth date inside is an ID (valid or not), never a card
        if low <= len(digits) <= high and digits.startswith(params.card_prefixes) and luhn_valid(digits):
            cards.append(match.span())
    mobiles = [m.span() for m in compiled(params.mobile).finditer(text)
               if "\n" not in m.group() and not _overlaps(ids, *m.span()) and not _overlaps(cards, *m.span())]
    found = [(a, b, "id") for a, b in ids] + [(a, b, "card") for a, b in cards] + [(a, b, "mobile") for a, b in mobiles]
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


def _places(doc: Document, lines: list[int], most: int = 10) -> str:
    """第3行、第5行 (in the report's own location wording), the first `most` of them, then how many in all."""
    shown = "、".join(doc.where(line) for line in lines[:most])
    return shown + (f"等 {len(lines)} 处" if len(lines) > most else "")


def personal_data(ctx: Context, rule: Rule, params: PersonalDataParams) -> Outcome:
    """Resident ID numbers (checksum), mobile numbers and bank cards (Luhn); shown masked, never in full.

    The matching text (full-width digits １３８… read as digits, same length as the display text) of each scope
    range is scanned whole, once per pattern; only the first lines with a hit are masked for evidence.
    """
    doc = ctx.doc
    counts: Counter[str] = Counter()
    lines: list[int] = []
    evidence: list[Evidence] = []
    for offset, text in ctx.scope_text():
        for line, group in groupby(_find_numbers(text, params), key=lambda hit: doc.line_of(offset + hit[0])):
            found = list(group)
            counts.update(kind for _, _, kind in found)
            lines.append(line)
            if len(evidence) < MOST_EVIDENCE:
                at = doc.line_starts[line - 1] - offset
                masked, spans = _masked_line(doc.lines[line - 1], [(a - at, b - at, k) for a, b, k in found])
                evidence.append(_masked_evidence(ctx, line, *spans[0], masked))
    if not lines:
        return passed(message="未发现身份证号码、手机号码、银行卡号")
    summary = "、".join(f"{name} {counts[key]} 处" for key, name in KIND_NAMES.items() if counts[key])
    return failed(f"发现未去标识化的个人信息：{summary}（{_places(doc, lines)}；以下证据已打码）", tuple(evidence))


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


def _phrases(params: SecrecyParams) -> str:
    return "|".join(f"(?:{p})" for p in params.mark_lines)


def _mark_line(text: str, params: SecrecyParams) -> str | None:
    """The marks of a line that consists of 密级 marks only (内部资料  注意保密), else None."""
    if not params.mark_lines:
        return None
    phrases = compiled(_phrases(params))
    marks = [m.group() for m in phrases.finditer(text)]
    rest = phrases.sub("", text)
    rest = compiled(params.mark_line_filler).sub("", rest)
    return "、".join(marks) if marks and not rest else None


def _phrase_lines(ctx: Context, params: SecrecyParams) -> list[int]:
    """Lines holding one of the mark phrases (only these can be mark lines), found by one scan per range."""
    if not params.mark_lines:
        return []
    phrases = compiled(_phrases(params))
    doc = ctx.doc
    lines = (doc.line_of(offset + m.start()) for offset, text in ctx.scope_text()
             for m in finditer_near(phrases, text))
    return list(dict.fromkeys(lines))


def secrecy_marking(ctx: Context, rule: Rule, params: SecrecyParams) -> Outcome:
    """No 密级 marks (绝密★, 机密★1年, 内部资料 on its own line) in a report meant for publication."""
    hits: list[tuple[str, Evidence]] = []
    for offset, text in ctx.scope_text():
        for pattern in params.anywhere:
            for match in finditer_near(compiled(pattern), text):
                hits.append((match.group(), ctx.evidence(offset + match.start(), offset + match.end())))
    marked = {ev.line for _, ev in hits}
    for number in _phrase_lines(ctx, params):
        text = ctx.doc.norm_lines[number - 1].strip()
        if number in marked or not text or len(text) > params.mark_line_longest:
            continue
        marks = _mark_line(text, params)
        if marks:
            hits.append((marks, ctx.line_evidence(number)))
    if not hits:
        return passed(message="未发现密级标志")
    hits.sort(key=lambda hit: hit[1].line)
    notes = list(dict.fromkeys(f"“{mark}”（{ctx.doc.where(ev.line)}）" for mark, ev in hits))
    shown = "、".join(notes[:10]) + (f"等 {len(notes)} 处" if len(notes) > 10 else "")
    return failed(f"发现密级或内部资料标志：{shown}", distinct_lines([ev for _, ev in hits], most=MOST_EVIDENCE))
