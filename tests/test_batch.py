"""Batches: parallel workers give the same audits in the same order, and a bad file never stalls the pool."""

from __future__ import annotations

import json
import shutil

import pytest

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


@pytest.mark.parametrize("gate", [("--fail-on", "warning"), ("--fail-on", "error"), ("--fail-under", "70"),
                                  ("--fail-under", "40")])
def test_parallel_gate_equals_serial(cli, tmp_path, gate):
    """Workers send back a rendered report and only what the gate reads: the exit code must not change."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(3):
        for path in SEEDS:
            shutil.copy(path, folder / f"{i}_{path.name}")
    codes = {jobs: cli("check", folder, "--format", "json", "-o", tmp_path / f"{jobs}.json", *gate,
                       *(("--fail-on", "never") if gate[0] == "--fail-under" else ()), "--jobs", jobs).returncode
             for jobs in ("1", "2")}
    assert codes["1"] == codes["2"]
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
