"""Entry point for `python -m auditor`: hands over to the CLI."""

from auditor.launch import run

run()
