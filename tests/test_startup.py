"""Start-up: a .txt audit to JSON imports no rich, no .docx/.pdf/.html/.xlsx libraries, (cached) no YAML and no
pydantic (the compiled pack holds plain objects and validated tables), and not the pkg_resources that jieba would import to find its data files; with the word dictionary's shards cached,
not jieba itself (its unknown-word model is needed only for a doubled single character)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import seed

PROBE = """
import io, json, sys
from auditor.cli import main
code = main(["check", sys.argv[1], "--format", "json", "--fail-on", "never"], stdout=io.StringIO())
heavy = ("rich", "docx", "pdfplumber", "pypdf", "openpyxl", "trafilatura", "lxml", "jinja2", "yaml", "charset_normalizer",
         "pkg_resources", "olefile", "jieba", "pydantic")
print(json.dumps({"code": code, "loaded": [m for m in heavy if m in sys.modules]}))
"""


def test_txt_audit_to_json_imports_only_what_it_needs(tmp_path):
    env_cache = {"AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    import os

    env = {**os.environ, **env_cache}
    subprocess.run([sys.executable, "-c", PROBE, str(seed("002"))], capture_output=True, env=env, check=True)  # fill
    result = subprocess.run([sys.executable, "-c", PROBE, str(seed("002"))], capture_output=True, text=True, env=env)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "loaded": []}, result.stderr
