"""Privacy rules: ID checksum, Luhn, masked forms pass, evidence never shows a full number; 密级 marks."""

from __future__ import annotations

import pytest

from auditor.checks.privacy import id_number_valid, luhn_valid, mask
from tests.conftest import run_pack_rule, seed

VALID_ID = "11010519491231002X"  # check character X is right for these 17 digits (GB 11643)
VALID_CARD = "6222021234567890128"  # passes Luhn
MOBILE = "13812345678"


def _shown(result) -> str:
    """Everything of a result that a published scorecard would print."""
    return result.message + result.looked_for + "".join(e.text for e in result.evidence)


def test_id_checksum_and_birth_date():
    assert id_number_valid(VALID_ID)
    assert not id_number_valid(VALID_ID[:-1] + "1")  # wrong check character
    assert not id_number_valid("110105194913310021")  # month 13, whatever the check character
    assert not id_number_valid("110105289912310021")  # born in 2899


def test_luhn():
    assert luhn_valid(VALID_CARD)
    assert not luhn_valid(VALID_CARD[:-1] + "3")
    assert luhn_valid("4111111111111111")


def test_mask_keeps_only_the_published_parts():
    assert mask("mobile", MOBILE) == "138****5678"
    assert mask("id", VALID_ID) == "11*************02X"
    assert mask("card", VALID_CARD) == "6222***********0128"
    assert mask("mobile", "138-1234-5678") == "138****5678"


@pytest.mark.parametrize("text, kind", [
    (f"联系电话：{MOBILE}。", "手机号码 1 处"),
    ("联系电话：138 1234 5678。", "手机号码 1 处"),
    ("联系电话：１３８１２３４５６７８。", "手机号码 1 处"),
    (f"身份证号码{VALID_ID}。", "居民身份证号码 1 处"),
    (f"身份证号码{VALID_ID.lower()}。", "居民身份证号码 1 处"),
    (f"补助发放至银行卡{VALID_CARD}。", "银行卡号 1 处"),
    ("银行卡号 6222 0212 3456 7890 128。", "银行卡号 1 处"),
])
def test_personal_data_found_and_masked(ruleset, text, kind):
    result = run_pack_rule(ruleset, "privacy.personal-data", text)
    assert result.status == "fail" and kind in result.message
    digits = "".join(c for c in text if c.isdigit())
    assert digits not in "".join(c for c in _shown(result) if c.isdigit() or c == "*")
    assert "*" in result.evidence[0].text


@pytest.mark.parametrize("text", [
    "联系电话：138****1234，当事人身份证号35*************123，银行卡6222***********0128。",
    f"编号{VALID_ID[:-1]}1，卡号{VALID_CARD[:-1]}3。",  # checksum / Luhn wrong: random numbers
    "订单号2138123456789，金额13500000000元，办公电话023-73301234，1,000人次。",  # inside longer runs, amounts
    "统一社会信用代码11500235MB1520370J。",
])
def test_masked_and_random_numbers_pass(ruleset, text):
    result = run_pack_rule(ruleset, "privacy.personal-data", text)
    assert result.status == "pass", result.message


def test_id_shaped_number_with_bad_checksum_is_not_a_card(ruleset):
    number = "622105199001011233"  # 18 digits, a birth date inside, wrong ID check character, passes Luhn
    assert not id_number_valid(number) and luhn_valid(number)
    assert run_pack_rule(ruleset, "privacy.personal-data", f"编号{number}。").status == "pass"


def test_evidence_masks_every_number_on_the_line(ruleset):
    text = f"张某，身份证号{VALID_ID}，手机{MOBILE}，开户行卡号{VALID_CARD}。"
    result = run_pack_rule(ruleset, "privacy.personal-data", text)
    assert "居民身份证号码 1 处、手机号码 1 处、银行卡号 1 处" in result.message
    shown = _shown(result)
    for number in (VALID_ID, MOBILE, VALID_CARD):
        assert number not in shown
    assert "11*************02X" in shown and "138****5678" in shown  # one excerpt per line, cut after the mobile


def test_inserted_phone_changes_only_personal_data(audit):
    text = seed("002").read_text(encoding="utf-8")
    old = "聘请重庆天宇三星律师事务所律师郎娟担任法律顾问"
    assert old in text
    before, after = audit(text), audit(text.replace(old, old + f"（联系电话{MOBILE}）", 1))
    changed = {b.rule_id for b, a in zip(before.results, after.results) if b.status != a.status}
    assert changed == {"privacy.personal-data"}
    assert after.scorecard.score < before.scorecard.score


@pytest.mark.parametrize("text", [
    "机密★1年\n关于2023年度法治政府建设情况的报告",
    "秘密★\n关于2023年度法治政府建设情况的报告",
    "内部资料  注意保密\n关于2023年度法治政府建设情况的报告",
    "报告正文。\n★绝密",
])
def test_secrecy_marks_found(ruleset, text):
    assert run_pack_rule(ruleset, "privacy.secrecy-marking", text).status == "fail"


@pytest.mark.parametrize("text", [
    "履行保守秘密义务，开展保密审查，做好保密工作，涉密事项不予公开。",
    "编印内部资料2期，要求涉密文件不得外传。",
    "三、内部资料管理\n1.注意保密\n（1）注意保密",
])
def test_secrecy_words_in_sentences_or_headings_pass(ruleset, text):
    result = run_pack_rule(ruleset, "privacy.secrecy-marking", text)
    assert result.status == "pass", result.message


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_carry_no_personal_data_or_marks(seed_audits, prefix):
    for rule_id in ("privacy.personal-data", "privacy.secrecy-marking"):
        assert next(r for r in seed_audits[prefix].results if r.rule_id == rule_id).status == "pass"
