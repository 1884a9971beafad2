"""The printable HTML report in a real headless browser: printed to PDF, a summary page, then a page per report."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.model import AuditRun
from auditor.pipeline import audit_path
from auditor.render.html import render
from auditor.schema import RuleSet
from tests.conftest import SEEDS

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
               None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless browser installed (.ci/run installs Debian's chromium)")


def print_to_pdf(run: AuditRun, tmp_path: Path) -> list[str]:
    """Render the run to HTML, print it with headless chromium, return each PDF page's text."""
    pypdf = pytest.importorskip("pypdf")
    page, pdf = tmp_path / "gaps.html", tmp_path / "gaps.pdf"
    with page.open("w", encoding="utf-8") as handle:
        render(run, handle)
    subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=180, check=False)
    assert pdf.exists(), "chromium wrote no PDF"
    return [p.extract_text() or "" for p in pypdf.PdfReader(str(pdf)).pages]


def seed_run(ruleset: RuleSet, tmp_path: Path) -> AuditRun:
    """The seeds under their file names (short enough not to wrap), and a file that cannot be read."""
    audits = [replace(audit_path(str(p), ruleset), path=p.name) for p in SEEDS]
    audits.append(replace(audit_path(str(tmp_path / "gone.txt"), ruleset), path="gone.txt"))
    return AuditRun(tuple(audits), ruleset, "9.9")


def test_a_summary_page_then_one_page_per_report(ruleset, tmp_path):
    """With a few rules each report's gaps fit on its page, so pages = reports + 1 exactly.

    A long gap list (a poor report against a large pack) continues on further pages, as a printed
    table should; the next test checks that each report still starts on a page of its own.
    """
    few = RuleSet(ruleset.rules[:6], ruleset.settings, ruleset.reference, ruleset.sources)
    run = seed_run(few, tmp_path)
    pages = print_to_pdf(run, tmp_path)
    assert len(pages) == len(run.audits) + 1
    cover, *reports = pages
    for audit, text in zip(run.audits, reports):
        assert audit.path in text
        assert audit.path in cover
        if audit.scorecard is not None:
            score = f"{audit.scorecard.score:g}"
            assert score in text and score in cover


def test_each_report_starts_on_its_own_page_with_the_full_pack(ruleset, tmp_path):
    run = seed_run(ruleset, tmp_path)
    pages = print_to_pdf(run, tmp_path)
    firsts = [next(i for i, text in enumerate(pages) if i > 0 and audit.path in text) for audit in run.audits]
    assert firsts == sorted(set(firsts)) and firsts[0] == 1
    for audit, first in zip(run.audits, firsts):
        others = [a.path for a in run.audits if a is not audit]
        assert not any(path in pages[first] for path in others)  # never two reports on one page
        if audit.scorecard is not None:
            assert f"{audit.scorecard.score:g}" in pages[first]
