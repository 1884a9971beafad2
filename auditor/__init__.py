"""auditor: audits 法治政府建设年度报告 against a YAML checklist (load → parse → rules → score → render)."""

__version__ = "0.1.0"
