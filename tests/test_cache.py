"""The per-user cache: same results with and without it, rebuilt when the pack changes, bounded in size."""

from __future__ import annotations

import json
import os

from auditor import cache
from tests.conftest import seed


def test_same_audit_with_cold_warm_and_disabled_cache(cli, tmp_path, monkeypatch):
    outs = []
    for name, env in (("cold", {}), ("warm", {}), ("off", {"AUDITOR_NO_CACHE": "1"})):
        out = tmp_path / f"{name}.json"
        for key, value in {"AUDITOR_CACHE_DIR": str(tmp_path / "cache"), **env}.items():
            monkeypatch.setenv(key, value)
        result = cli("check", seed("002"), "--format", "json", "-o", out, "--fail-on", "never")
        assert result.returncode == 0, result.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
    kinds = sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / "cache").glob("*-*.*"))
    # the word dictionary by first character, the prefilter's readings of the patterns, the compiled regular
    # expressions, the compiled pack (not the claims step's Hyperscan database: one report does not load it)
    assert kinds == ["jieba-shards", "literals", "patterns", "rules"]


def test_key_changes_with_any_pack_file(tmp_path):
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    first = cache.digest(tmp_path, "*.yaml")
    (tmp_path / "a.yaml").write_text("x: 2\n", encoding="utf-8")
    assert cache.digest(tmp_path, "*.yaml") != first


def test_entries_are_bounded_and_foreign_files_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    for number in range(cache.KEEP + 3):
        cache.write("demo", f"k{number}", {"n": number})
    assert len(list(tmp_path.glob("demo-*.pickle"))) == cache.KEEP
    newest = f"k{cache.KEEP + 2}"
    assert cache.read("demo", newest) == {"n": cache.KEEP + 2}
    os.chmod(tmp_path / f"demo-{newest}.pickle", 0o666)  # writable by others: not trusted
    assert cache.read("demo", newest) is None


def test_unwritable_cache_folder_is_harmless(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker / "sub"))
    out = tmp_path / "a.json"
    result = cli("check", seed("000"), "--format", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["reports"][0]["score"] > 0
