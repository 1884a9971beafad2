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


COMPILES = """
import io, json, sys
import regex._main as engine
parsed = []
original = engine._parse_pattern
def counting(*args, **kwargs):
    parsed.append(1)
    return original(*args, **kwargs)
engine._parse_pattern = counting
from auditor.cli import main
for path in sys.argv[1:]:
    main(["check", path, "--format", "json", "--fail-on", "never"], stdout=io.StringIO())
print(json.dumps({"parsed": len(parsed)}))
"""


def test_a_second_run_finds_its_patterns_compiled(tmp_path):
    """The pattern store seeds the engines with every pattern a run compiles: the pack's and the claims cues' run
    past the engines' own cache sizes (500 for `regex`), so a run that kept only the last of them would parse the
    rest again every time."""
    import os

    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "cache")}
    paths = [str(seed(name)) for name in ("000", "001", "002", "003", "004")]
    first = subprocess.run([sys.executable, "-c", COMPILES, *paths], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", COMPILES, *paths], capture_output=True, text=True, env=env, check=True)
    before = json.loads(first.stdout.strip().splitlines()[-1])["parsed"]
    after = json.loads(second.stdout.strip().splitlines()[-1])["parsed"]
    assert before > 300  # the first run compiles the pack
    assert after < 10, f"{after} patterns parsed again on the second run"
