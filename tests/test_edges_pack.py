"""Issue #14, rule packs and caches: a hostile or broken pack is one clear line and exit 2 (never a traceback, a
hang or gigabytes of memory); errors are in Chinese and point at the editor's line; caches are the user's own."""

from __future__ import annotations

import json
import marshal
import os
import stat
import sys

import pytest

from auditor import cache
from auditor.errors import RuleFileError
from auditor.pack import load_rules
from auditor.patterns import MAX_PATTERN_SIZE, pattern_size, valid_regex
from tests.conftest import seed
from tests.makers import RULE_FIELDS


def _pack(tmp_path, files: dict[str, str]):
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "pack.yaml").write_text("mode: extend\n", encoding="utf-8")
    for name, body in files.items():
        target = pack / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return pack


def _one_line_error(cli, pack, *words: str) -> str:
    result = cli("rules", "list", "--rules", pack, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def test_yaml_nested_thousands_deep_is_a_clear_error(cli, tmp_path):
    pack = _pack(tmp_path, {"deep.yaml": "- id: x.deep\n  title: " + "[" * 5000 + "]" * 5000 + "\n"})
    _one_line_error(cli, pack, "deep.yaml", "嵌套层数过多")


def test_alias_bomb_is_refused_before_validation(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    pack = _pack(tmp_path, {"reference/bomb.yaml": "\n".join(lines) + "\n"})
    with pytest.raises(RuleFileError, match="内容过多"):
        load_rules(pack)


def test_regex_that_would_compile_to_gigabytes_is_refused_at_load(cli, tmp_path):
    body = f"- id: x.huge\n{RULE_FIELDS}  check: {{kind: pattern, regex: '(?:(?:a{{1000}}){{1000}}){{1000}}'}}\n"
    pack = _pack(tmp_path, {"huge.yaml": body})
    _one_line_error(cli, pack, "huge.yaml: x.huge: 第9行", "check.pattern.regex", "过于庞大")


@pytest.mark.parametrize("pattern, big", [
    ("(?:(?:a{1000}){1000}){1000}", True), ("(?:a{400}|b{400}){400}", True), ("[a-z]{1000}(?:x{200}){600}", True),
    (r"\d{4}年(?:\d{1,2}月)?", False), (r"(?:[一二三四五六七八九十]+、){2,}", False), ("a{0,100000}", False),
    (r"\p{Han}{2,8}", False), ("(?#{99999}{99999})x", False), ("[]{]{5}", False),
])
def test_pattern_size_bound(pattern, big):
    assert (pattern_size(pattern) > MAX_PATTERN_SIZE) is big
    if big:
        with pytest.raises(ValueError, match="过于庞大"):
            valid_regex(pattern)
    else:
        assert valid_regex(pattern) == pattern


def test_reference_symlink_to_dev_zero_is_refused(cli, tmp_path):
    pack = _pack(tmp_path, {})
    (pack / "reference").mkdir()
    (pack / "reference" / "zero.yaml").symlink_to("/dev/zero")
    _one_line_error(cli, pack, "zero.yaml", "不是普通文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_in_reference_does_not_hang(cli, tmp_path):
    pack = _pack(tmp_path, {})
    (pack / "reference").mkdir()
    os.mkfifo(pack / "reference" / "pipe.yaml")
    _one_line_error(cli, pack, "pipe.yaml", "不是普通文件")  # the cli fixture's timeout fails a hang


def test_oversized_rule_file_is_refused(tmp_path):
    pack = _pack(tmp_path, {"big.yaml": "# " + "x" * (11 * 1024 * 1024) + "\n"})
    with pytest.raises(RuleFileError, match="文件过大"):
        load_rules(pack)


CHINESE = {
    "severity: fatal": ("severity", "应为 error、warning、info 之一"),
    "weight: heavy": ("weight", "应为数字"),
    "weight: 1000": ("weight", "应不大于 100"),
    "title: ''": ("title", "不能为空"),
    "title: [a, b]": ("title", "应为文字"),
    "enabled: maybe": ("enabled", "应为 true 或 false"),
    "applies: {years: {from: 2025, to: 2020}}": ("applies.years", "晚于"),
    "applies: {levels: [town]}": ("applies.levels.0", "应为 township、county"),
    "check: {kind: require}": ("check.require", "require 检查需要 any、all 或 groups"),
    "check: {any: [述法]}": ("check", "缺少检查类型 kind"),
    "check: {kind: require, any: 述法}": ("check.require.any", "应为列表"),
    "examples: {pass: [], fail: [x]}": ("examples.pass", "不能为空"),
    "check: {kind: pattern, regex: '(a'}": ("check.pattern.regex", "无效的正则表达式"),
}


@pytest.mark.parametrize("line", sorted(CHINESE))
def test_rule_errors_are_in_chinese(tmp_path, line):
    key = line.split(":")[0]
    body = "- id: x.first\n" + RULE_FIELDS + "  check: {kind: require, any: [述法]}\n"
    second = "".join(f"{row}\n" for row in RULE_FIELDS.splitlines() if not row.strip().startswith(key + ":"))
    if key != "check":
        second += "  check: {kind: require, any: [述法]}\n"
    body += "- id: x.second\n" + second + f"  {line}\n"
    pack = _pack(tmp_path, {"rules.yaml": body})
    with pytest.raises(RuleFileError) as caught:
        load_rules(pack)
    message = str(caught.value)
    field, reason = CHINESE[line]
    assert "Input should" not in message and "Value error" not in message and "\n" not in message
    assert f"x.second: 第{body.count(chr(10))}行：{field}: " in message and reason in message, message


def test_missing_field_points_at_the_rules_own_line(tmp_path):
    body = "- id: x.first\n" + RULE_FIELDS + "  check: {kind: require, any: [述法]}\n" + "- id: x.second\n  title: 无依据\n"
    pack = _pack(tmp_path, {"rules.yaml": body})
    with pytest.raises(RuleFileError, match="x.second: 第10行：") as caught:
        load_rules(pack)
    assert "缺少必填字段" in str(caught.value)


def test_yaml_error_line_is_the_editors_line(tmp_path):
    """YAML also ends lines at U+2028 and NEL, which editors show inside a line: the error named line 5."""
    body = "- id: x.sep\n  title: \"含\u2028分隔符\"\n  note: \"a\u0085b\"\n  weight: [1\n  basis: b\n"
    pack = _pack(tmp_path, {"sep.yaml": body})
    with pytest.raises(RuleFileError) as caught:
        load_rules(pack)
    assert "第5行" in str(caught.value) and "始于第4行" in str(caught.value)


def test_control_character_in_yaml_is_a_clear_error(tmp_path):
    pack = _pack(tmp_path, {"ctl.yaml": "- id: x.ctl\n  title: 含\x1b字符\n"})
    with pytest.raises(RuleFileError, match="第2行：含 YAML 不允许的控制字符 U\\+001B"):
        load_rules(pack)


# --- caches -----------------------------------------------------------------------------------------


def _cold(monkeypatch, tmp_path, name: str):
    """A fresh cache folder and a private temporary folder (jieba's old home for its cache)."""
    temp = tmp_path / f"tmp-{name}"
    temp.mkdir()
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / f"cache-{name}"))
    monkeypatch.setenv("TMPDIR", str(temp))
    return temp


def _audit(cli, tmp_path, name: str) -> tuple[bytes, str]:
    out = tmp_path / f"{name}.json"
    result = cli("check", seed("002"), "--format", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    return out.read_bytes(), result.stderr


def test_jieba_cache_lives_in_the_users_cache_folder(cli, tmp_path, monkeypatch):
    temp = _cold(monkeypatch, tmp_path, "a")
    _audit(cli, tmp_path, "a")
    assert not any(temp.iterdir())  # nothing in the shared temporary folder
    base = tmp_path / "cache-a"
    assert (base / "jieba.cache").is_file()
    assert stat.S_IMODE(base.stat().st_mode) == 0o700


def test_a_planted_jieba_cache_in_the_temp_folder_is_never_read(cli, tmp_path, monkeypatch):
    _cold(monkeypatch, tmp_path, "clean")
    clean, _ = _audit(cli, tmp_path, "clean")
    temp = _cold(monkeypatch, tmp_path, "planted")
    with open(temp / "jieba.cache", "wb") as handle:  # another user's dictionary: every word is 述法
        marshal.dump(({"述": 1, "法": 1, "述法": 10**9}, 10**9 + 2), handle)
    os.chmod(temp / "jieba.cache", 0o666)
    planted, stderr = _audit(cli, tmp_path, "planted")
    assert planted == clean and stderr == ""


def test_an_unwritable_jieba_cache_in_the_temp_folder_prints_no_traceback(cli, tmp_path, monkeypatch):
    temp = _cold(monkeypatch, tmp_path, "blocked")
    (temp / "jieba.cache").mkdir()  # jieba's write over it fails (as over another user's file in /tmp)
    _, stderr = _audit(cli, tmp_path, "blocked")
    assert stderr == ""


def test_a_group_writable_jieba_cache_is_not_trusted(cli, tmp_path, monkeypatch):
    _cold(monkeypatch, tmp_path, "ref")
    clean, _ = _audit(cli, tmp_path, "ref")
    _cold(monkeypatch, tmp_path, "gw")
    base = tmp_path / "cache-gw"
    base.mkdir(mode=0o700)
    with open(base / "jieba.cache", "wb") as handle:
        marshal.dump(({"述": 1, "法": 1, "述法": 10**9}, 10**9 + 2), handle)
    os.chmod(base / "jieba.cache", 0o664)
    planted, stderr = _audit(cli, tmp_path, "gw")
    assert planted == clean and stderr == ""


def test_a_cache_folder_writable_by_others_is_not_used(tmp_path, monkeypatch):
    base = tmp_path / "shared"
    base.mkdir()
    os.chmod(base, 0o777)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(base))
    cache.write("demo", "k", {"n": 1})
    assert cache.read("demo", "k") is None and not any(base.iterdir())


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to make another user's file")
def test_an_entry_owned_by_another_user_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "c"))
    cache.write("demo", "k", {"n": 1})
    entry = tmp_path / "c" / "demo-k.pickle"
    os.chown(entry, 65534, 65534)
    assert cache.read("demo", "k") is None


def test_cache_folder_that_is_a_file_means_no_cache(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker))
    monkeypatch.setenv("TMPDIR", str(temp))
    data, stderr = _audit(cli, tmp_path, "nocache")
    assert stderr == "" and json.loads(data)["reports"][0]["score"] > 0 and not any(temp.iterdir())


def test_pack_digest_does_not_wait_on_a_fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs")
    os.mkfifo(tmp_path / "pipe.yaml")
    assert len(cache.digest(tmp_path, "*.yaml")) == 32
    assert sys.platform  # reached: no hang
