"""Entry point for `python -m auditor`: hands over to the CLI."""

from auditor.cli import run

run()
