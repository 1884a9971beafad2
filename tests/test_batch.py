"""Batches: parallel workers give the same audits in the same order, and a bad file never stalls the pool."""

from __future__ import annotations

import json
import shutil

from tests.conftest import SEEDS


def test_parallel_equals_serial_in_input_order(cli, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(4):
        for path in SEEDS:
            shutil.copy(path, folder / f"{i}_{path.name}")
    (folder / "2_zz_broken.txt").write_bytes(bytes(range(256)) * 20)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    first = cli("check", folder, "--format", "json", "-o", one, "--fail-on", "never", "--jobs", "1")
    second = cli("check", folder, "--format", "json", "-o", two, "--fail-on", "never", "--jobs", "2")
    assert first.returncode == second.returncode == 2  # the broken file
    assert one.read_bytes() == two.read_bytes()
    reports = json.loads(two.read_text(encoding="utf-8"))["reports"]
    assert [r["path"] for r in reports] == sorted(r["path"] for r in reports)
    assert len(reports) == 21 and sum(1 for r in reports if r["error"]) == 1


def test_jobs_must_be_positive(cli):
    result = cli("check", SEEDS[0], "--jobs", "0")
    assert result.returncode == 2 and "--jobs" in result.stderr
