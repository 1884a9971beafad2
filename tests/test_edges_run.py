"""The run's edges (issue #14): outputs never destroy a file, a run never hangs, no traceback, honest exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, SEEDS, auditor_exe, seed

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
FORMATS = ("rich", "json", "sarif", "junit", "github", "markdown", "html", "csv", "xlsx")


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120", **extra}


def _one_line_error(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("auditor: 错误："), result.stderr


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- -o never destroys a file -------------------------------------------------------------------------


def test_output_that_is_an_input_is_refused(cli, tmp_path):
    report = tmp_path / "a.txt"
    shutil.copy(seed("002"), report)
    before = report.read_bytes()
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copy(seed("003"), folder / "b.txt")
    inner = folder / "b.txt"
    for args in (["check", report, "-f", "markdown", "-o", report],
                 ["check", folder, "-f", "markdown", "-o", inner],  # found by the folder scan
                 ["check", tmp_path / "." / "a.txt", "-o", report],  # another spelling of the same file
                 ["diff", report, inner, "-o", inner]):
        result = cli(*args)
        assert result.returncode == 2, args
        _one_line_error(result)
        assert "被审核的报告" in result.stderr
    assert report.read_bytes() == before and inner.read_bytes() == seed("003").read_bytes()


def test_output_through_a_link_replaces_the_file_and_keeps_the_link(cli, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    result = cli("check", seed("002"), "-f", "json", "-o", link, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == real.name
    assert json.loads(real.read_text(encoding="utf-8"))["reports"][0]["score"] is not None
    assert _leftovers(tmp_path) == []


def test_output_to_a_link_to_stdout_writes_stdout(cli, tmp_path):
    link = tmp_path / "out.csv"
    link.symlink_to("/dev/stdout")
    result = cli("check", seed("002"), "-f", "csv", "-o", link, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and "文件,标题" in result.stdout


@pytest.mark.skipif(ROOT_USER, reason="as root a faulty build would replace the real /dev/null: the clones below")
def test_output_to_dev_null_and_dev_full(cli, tmp_path):
    ok = cli("check", seed("002"), "-f", "json", "-o", os.devnull, "--fail-on", "never")
    assert ok.returncode == 0, ok.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    full = cli("check", seed("002"), "-f", "json", "-o", "/dev/full", "--fail-on", "never")
    assert full.returncode == 2
    _one_line_error(full)


@pytest.mark.skipif(not ROOT_USER, reason="making device nodes needs root")
def test_device_node_clones_stay_devices_as_root(cli, tmp_path):
    null, full = tmp_path / "null", tmp_path / "full"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    assert cli("check", seed("002"), "-f", "json", "-o", null, "--fail-on", "never").returncode == 0
    result = cli("check", seed("002"), "-f", "html", "-o", full, "--fail-on", "never")
    assert result.returncode == 2
    _one_line_error(result)
    assert stat.S_ISCHR(null.lstat().st_mode) and stat.S_ISCHR(full.lstat().st_mode)
    assert _leftovers(tmp_path) == []


def test_unwritable_output_is_one_line_and_exit_2(cli, tmp_path):
    shutil.copy(seed("002"), tmp_path / "README.md")
    targets = [tmp_path / "README.md" / "x.csv"]
    if ROOT_USER:
        targets.append(Path("/proc/auditor-out.html"))  # no file can be made there, even by root
    else:
        locked = tmp_path / "ro"
        locked.mkdir()
        locked.chmod(0o555)
        targets.append(locked / "out.html")
    for target in targets:
        for fmt in ("html", "csv", "json"):
            result = cli("check", seed("002"), "-f", fmt, "-o", target, "--fail-on", "never")
            assert result.returncode == 2, (target, fmt, result.stderr)
            _one_line_error(result)
    assert not list(Path("/proc").glob(".auditor-out.html.*")) and _leftovers(tmp_path) == []


# --- folder scans stay inside the folder ---------------------------------------------------------------


def test_folder_scan_does_not_follow_links_out_of_the_folder(cli, tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(seed("002").read_text(encoding="utf-8") + "\n机密口令XYZZY\n", encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / ".git").mkdir(parents=True)
    (tree / ".git" / "config.txt").write_text("[core]\n机密配置PLUGH\n", encoding="utf-8")
    shutil.copy(seed("003"), tree / "ok.txt")
    (tree / "passwd.txt").symlink_to(secret)
    (tree / "gitconfig.txt").symlink_to(tree / ".git" / "config.txt")
    (tree / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    (tree / "again.txt").symlink_to("ok.txt")  # inside the tree: the same report, audited once
    out = tmp_path / "a.json"
    result = cli("check", tree, "-f", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "XYZZY" not in text and "PLUGH" not in text
    assert [Path(r["path"]).name for r in json.loads(text)["reports"]] == ["again.txt"]
    assert "链接" in result.stderr
    named = cli("check", tree / "passwd.txt", "-f", "json", "-o", out, "--fail-on", "never")
    assert named.returncode == 0 and "XYZZY" in out.read_text(encoding="utf-8")  # named by the user: taken


def test_same_file_twice_is_audited_once(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("002"), folder / "a.txt")
    shutil.copy(seed("003"), folder / "b.txt")
    out = tmp_path / "a.json"
    result = cli("check", folder / "a.txt", folder, folder / "a.txt", tmp_path / "in" / ".." / "in" / "b.txt",
                 "-f", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert [Path(r["path"]).name for r in json.loads(out.read_text(encoding="utf-8"))["reports"]] == ["a.txt", "b.txt"]


def test_skipped_files_are_counted_and_explained(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("002"), folder / "a.txt")
    (folder / "b.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (folder / "c.xlsx").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (folder / "d.xlsx").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    rich = cli("check", folder, "--fail-on", "never")
    assert rich.returncode == 0 and re.search(r"跳过 3 个文件类型不支持（.xlsx 2 个、.zip 1 个）", rich.stdout)
    out = tmp_path / "a.json"
    machine = cli("check", folder, "-f", "json", "-o", out, "--fail-on", "never")
    assert machine.returncode == 0 and "跳过 3 个" in machine.stderr and "跳过" not in out.read_text(encoding="utf-8")


def test_a_file_name_with_a_newline_or_an_escape_keeps_each_message_one_line(cli, tmp_path):
    """stderr names the reports that fail the gate: a name holding a newline or ESC is written escaped."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "a\nb.txt")
    shutil.copy(seed("001"), folder / "c\x1b[2Jd.txt")
    result = cli("check", folder, "-f", "json", "-o", tmp_path / "out.json")
    assert result.returncode == 1, result.stderr
    assert "\x1b" not in result.stderr and "a\\nb.txt" in result.stderr and "c\\x1b[2Jd.txt" in result.stderr
    assert all(line.startswith("auditor: ") for line in result.stderr.splitlines() if line.strip()), result.stderr
    names = {Path(r["path"]).name for r in json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["reports"]}
    assert names == {"a\nb.txt", "c\x1b[2Jd.txt"}  # the JSON keeps the names as they are


def _without_root_powers() -> None:
    """In the child before exec: drop the capabilities that let root read any folder (so permissions apply)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_subfolder_is_an_error_entry(tmp_path):
    """A sub-folder that cannot be opened is an error entry (exit 2), not silently dropped."""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(seed("002"), folder / "a.txt")
    shutil.copy(seed("003"), folder / "locked" / "b.txt")
    (folder / "locked").chmod(0)
    out = tmp_path / "a.json"
    try:
        result = subprocess.run([auditor_exe(), "check", str(folder), "-f", "json", "-o", str(out), "--fail-on",
                                 "never"], capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=_env(),
                                timeout=300, preexec_fn=_without_root_powers if ROOT_USER else None)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"cannot run without root's powers here: {exc}")
    finally:
        (folder / "locked").chmod(0o755)
    assert result.returncode == 2, result.stderr
    reports = json.loads(out.read_text(encoding="utf-8"))["reports"]
    assert [Path(r["path"]).name for r in reports] == ["a.txt", "locked"]
    assert reports[1]["error"] and "权限" in reports[1]["error"]


# --- the config file used is bounded and named ---------------------------------------------------------


def _disable_all(folder: Path, ruleset) -> None:
    ids = ", ".join(f'"{rule.id}"' for rule in ruleset.rules)
    (folder / "auditor.toml").write_text(f"disable = [{ids}]\n", encoding="utf-8")


def test_config_search_stops_at_repository_root_and_home(cli, tmp_path, ruleset):
    _disable_all(tmp_path, ruleset)
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    shutil.copy(seed("002"), repo / "sub" / "r.txt")
    out = tmp_path / "a.json"
    result = cli("check", "r.txt", "-f", "json", "-o", out, "--fail-on", "never", cwd=repo / "sub")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert result.returncode == 0 and data["ruleset"]["config"] is None and data["ruleset"]["rules"] == len(ruleset.rules)
    home = tmp_path / "home"
    (home / "work").mkdir(parents=True)
    _disable_all(home, ruleset)
    shutil.copy(seed("002"), home / "work" / "r.txt")
    env = _env(HOME=str(home))
    done = subprocess.run([auditor_exe(), "check", "r.txt", "-f", "json", "-o", str(out), "--fail-on", "never"],
                          capture_output=True, text=True, encoding="utf-8", cwd=home / "work", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["ruleset"]["config"] is None


def test_config_used_is_named_in_every_output(cli, tmp_path, ruleset):
    (tmp_path / "auditor.toml").write_text('disable = ["structure.lead-in"]\n', encoding="utf-8")
    shutil.copy(seed("002"), tmp_path / "r.txt")
    out = tmp_path / "a.json"
    result = cli("check", "r.txt", "-f", "json", "-o", out, "--fail-on", "never", cwd=tmp_path)
    pack = json.loads(out.read_text(encoding="utf-8"))["ruleset"]
    assert result.returncode == 0 and pack["config"] == "auditor.toml" and pack["builtin"] is True
    assert {"name", "version", "rules"} <= set(pack) and Path(pack["pack"], "pack.yaml").is_file()
    card = cli("check", "r.txt", "--fail-on", "never", cwd=tmp_path)
    head = "".join(card.stdout.split("╭")[0].split())  # the line before the scorecard (wrapped at 120 columns)
    assert re.search(r"^规则包.*内置.*·配置文件auditor\.toml$", head), card.stdout[:300]
    md = cli("check", "r.txt", "-f", "markdown", "--fail-on", "never", cwd=tmp_path)
    assert "配置文件：auditor.toml" in md.stdout
    for fmt in ("sarif", "junit", "html", "csv"):
        other = cli("check", "r.txt", "-f", fmt, "-o", tmp_path / f"o.{fmt}", "--fail-on", "never", cwd=tmp_path)
        assert "auditor.toml" in other.stderr, fmt
    custom = cli("check", "r.txt", "-f", "json", "-o", out, "--rules", ROOT / "rules", "--no-config", cwd=tmp_path)
    pack = json.loads(out.read_text(encoding="utf-8"))["ruleset"]
    assert custom.returncode in (0, 1) and pack["builtin"] is False and pack["config"] is None
    assert Path(pack["pack"]).resolve() == (ROOT / "rules").resolve()


def test_deeply_nested_config_is_a_one_line_error(cli, tmp_path):
    shutil.copy(seed("002"), tmp_path / "r.txt")
    for body in ("disable = " + "[" * 5000 + "]" * 5000 + "\n", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"):
        (tmp_path / "auditor.toml").write_text(body, encoding="utf-8")
        result = cli("check", "r.txt", cwd=tmp_path)
        assert result.returncode == 2
        _one_line_error(result)
        assert "嵌套过深" in result.stderr


# --- undecodable file names ----------------------------------------------------------------------------


def _bad_name(folder: Path) -> Path:
    name = os.fsdecode(b"r\xff\xfe.txt")
    path = folder / name
    try:
        shutil.copy(seed("002"), path)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_utf8_file_name_in_every_format(cli, tmp_path, fmt):
    folder = tmp_path / "in"
    folder.mkdir()
    _bad_name(folder)
    shutil.copy(seed("003"), folder / "z.txt")
    out = tmp_path / f"out.{fmt}"
    result = cli("check", folder, "-f", fmt, "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and out.stat().st_size > 0
    if fmt not in ("xlsx", "html"):
        text = out.read_text(encoding="utf-8")  # valid UTF-8 throughout
        assert "\\xff\\xfe" in text.replace("\\\\", "\\") or "%5Cxff" in text or "xff" in text


def test_non_utf8_file_name_in_diff(cli, tmp_path):
    bad = _bad_name(tmp_path)
    out = tmp_path / "d.json"
    result = cli("diff", seed("003"), os.fsencode(bad).decode("utf-8", "surrogateescape"), "-f", "json", "-o", out)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["new"]["path"].endswith("r\\xff\\xfe.txt")


# --- exit codes that tell the truth --------------------------------------------------------------------

BROKEN_RULE = """
import sys
import auditor.engine as engine
real = engine.run_check
def broken(ctx, rule, check=None):
    if rule.id == "duty.shufa":
        raise ZeroDivisionError("division by zero")
    return real(ctx, rule, check)
engine.run_check = broken
from auditor.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_internal_error_is_exit_3_naming_report_and_rule(tmp_path):
    def run(*args: object) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", BROKEN_RULE, *map(str, args)], capture_output=True, text=True,
                              encoding="utf-8", cwd=ROOT, env=_env(), timeout=300)

    out = tmp_path / "a.json"
    batch = run("check", seed("002"), seed("003"), "-f", "json", "-o", out, "--fail-on", "never")
    assert batch.returncode == 3 and "Traceback" not in batch.stderr
    assert "duty.shufa" in batch.stderr and seed("002").name in batch.stderr and "--debug" in batch.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["reports"]) == 2  # the batch went on
    debug = run("check", seed("002"), "--debug")
    assert debug.returncode == 3 and "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr
    diff = run("diff", seed("002"), seed("003"))
    assert diff.returncode == 3 and "duty.shufa" in diff.stderr and "Traceback" not in diff.stderr


def test_crash_outside_an_audit_is_exit_3(tmp_path):
    code = ("import sys\nimport auditor.render.csv as r\n"
            "def boom(run, out):\n    raise KeyError('x')\nr.render = boom\n"
            "from auditor.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    result = subprocess.run([sys.executable, "-c", code, "check", str(seed("002")), "-f", "csv", "-o",
                             str(tmp_path / "a.csv")], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                            env=_env(), timeout=300)
    assert result.returncode == 3 and "Traceback" not in result.stderr and "内部错误" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _big_batch(tmp_path: Path, copies: int = 60) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(copies):
        for path in SEEDS:
            shutil.copy(path, folder / f"{i:03d}_{path.name}")
    return folder


def _children(pid: int) -> list[tuple[int, int]]:
    """(pid, CPU ticks used) of each child process of `pid`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append((int(entry), int(fields[11]) + int(fields[12])))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_batch(tmp_path: Path, copies: int = 60) -> tuple[subprocess.Popen, list[tuple[int, int]], Path]:
    """A 2-worker JSON batch, returned once both workers are busy auditing."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to find the worker processes")
    folder = _big_batch(tmp_path, copies)
    out = tmp_path / "out" / "a.json"
    out.parent.mkdir()
    # As from a terminal: a test run in the background (nohup …, a job of a non-interactive shell) ignores SIGINT,
    # and a child inherits that; Ctrl-C is tested on a process that has the default SIGINT handling.
    proc = subprocess.Popen([auditor_exe(), "check", str(folder), "-f", "json", "-o", str(out), "--fail-on", "never",
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=_env(),
                            start_new_session=True, preexec_fn=_default_sigint)
    workers: list[tuple[int, int]] = []
    while proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) == 2 and all(ticks > 0 for _, ticks in workers):
            break
    if proc.poll() is not None:
        pytest.fail(f"the batch ended before its workers could be seen: {proc.stderr.read().decode()[-500:]}")
    return proc, workers, out


def test_killed_worker_fails_its_reports_and_the_batch_finishes(tmp_path):
    proc, workers, out = _start_batch(tmp_path)
    os.kill(workers[0][0], signal.SIGKILL)
    try:
        _, err = proc.communicate(timeout=300)  # before: the batch waited forever for the lost reports
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the batch hung after a worker was killed")
    assert proc.returncode == 2, err.decode()
    assert b"Traceback" not in err
    reports = json.loads(out.read_text(encoding="utf-8"))["reports"]
    lost = [r for r in reports if r["error"]]
    assert len(reports) == 60 * len(SEEDS) and 1 <= len(lost) <= 16  # at most the two chunks it held
    assert all("审核进程意外退出" in r["error"] for r in lost)
    assert os.listdir(out.parent) == ["a.json"]


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_removes_the_partial_output_and_stops_the_workers(tmp_path, signame):
    signum = getattr(signal, signame)
    # A batch long enough that a loaded machine cannot finish it between seeing the workers and the signal (the
    # signal stops it early, so its size costs nothing).
    proc, workers, out = _start_batch(tmp_path, copies=300)
    if signame == "SIGINT":
        os.killpg(proc.pid, signum)  # Ctrl-C in a terminal reaches the whole process group
    else:
        os.kill(proc.pid, signum)
    try:
        stdout, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the run did not stop")
    assert proc.returncode == 128 + signum, err.decode()
    assert b"Traceback" not in err + stdout and b"BrokenPipe" not in err
    assert os.listdir(out.parent) == []  # no temporary output left
    assert not any(_alive(pid) for pid, _ in workers)


# --- diff goes the guarded way -------------------------------------------------------------------------


def test_diff_of_a_malformed_doc_is_exit_2(cli, tmp_path):
    import olefile  # noqa: F401  (the .doc reader's library)

    bad = tmp_path / "bad.doc"
    bad.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\xff" * 504 + os.urandom(2048))
    odd = tmp_path / "pipe.txt"
    os.mkfifo(odd)
    for args in ([seed("002"), bad], [bad, seed("002")], [seed("002"), odd]):
        result = cli("diff", *args, timeout=120)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "无法审核" in result.stderr


# --- a new user's habits -------------------------------------------------------------------------------


def test_argparse_speaks_chinese(cli):
    for args, needle in ((["check", "--bogus", "x.txt"], "无法识别的参数"), (["check"], "缺少必需的参数"),
                         (["check", "x.txt", "--format", "nope"], "无效的取值"),
                         (["check", "x.txt", "--jobs", "many"], "不是有效的")):
        result = cli(*args)
        assert result.returncode == 2 and needle in result.stderr and "用法：" in result.stderr, args
        assert not re.search(r"usage:|error:|unrecognized|required|invalid", result.stderr)
    helptext = cli("check", "--help").stdout
    assert "用法：" in helptext and "选项" in helptext and "show this help" not in helptext


@pytest.mark.parametrize("word, level", [("乡镇", "township"), ("街道", "township"), ("县", "county"), ("区", "county"),
                                         ("市", "city"), ("州", "city"), ("省", "province"), ("部门", "department"),
                                         ("county", "county")])
def test_level_accepts_chinese_and_english(cli, tmp_path, word, level):
    out = tmp_path / "a.json"
    result = cli("check", seed("002"), "--level", word, "-f", "json", "-o", out, "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["reports"][0]["level"] == level


def test_rules_test_summary_is_chinese(cli):
    result = cli("rules", "test")
    assert result.returncode == 0 and "通过" in result.stdout and "passed" not in result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_gate_is_explained_on_stderr(cli, tmp_path, fmt):
    out = tmp_path / f"a.{fmt}"
    result = cli("check", seed("002"), "-f", fmt, "-o", out, "--fail-on", "never", "--fail-under", "99")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "门禁未通过" in line]
    assert len(lines) == 1 and seed("002").name in lines[0] and "低于 --fail-under 99" in lines[0]


def test_gate_reason_names_error_gaps_and_is_silent_on_success(cli, tmp_path):
    out = tmp_path / "a.json"
    errors = cli("check", seed("003"), seed("002"), "-f", "json", "-o", out)
    assert errors.returncode == 1 and re.search(r"003_\S+（\d+ 项错误级问题", errors.stderr)
    passed = cli("check", seed("002"), "-f", "json", "-o", out, "--fail-on", "never")
    assert passed.returncode == 0 and passed.stderr == ""


def test_github_format_shows_each_score(cli):
    result = cli("check", seed("002"), seed("003"), "-f", "github", "--fail-on", "never")
    notices = [line for line in result.stdout.splitlines() if line.startswith("::notice") and "得分" in line]
    assert len(notices) == 2 and all(re.search(r"得分 \d+(\.\d)?（", line) for line in notices)


# --- pre-commit and README ----------------------------------------------------------------------------


def test_pre_commit_hook_defaults_audit_drafts_only():
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    files, exclude = re.compile(hook["files"]), re.compile(hook.get("exclude", "^$"))

    def taken(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    for path in ("drafts/2023年报告.docx", "草稿/青龙乡.txt", "reports/a.md", "法治政府建设情况的报告.doc",
                 "sub/drafts/x.pdf"):
        assert taken(path), path
    for path in ("README.md", "CHANGELOG.md", "docs/usage.md", "requirements.txt", "drafts/README.md",
                 "notes/todo.md", "LICENSE.txt", "docs/报告模板.docx"):
        assert not taken(path), path


def test_readme_pre_commit_rev_is_not_a_missing_tag():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# \.pre-commit-config\.yaml\n(.*?)```", readme, re.S).group(1)
    config = yaml.safe_load(block)
    remote = config["repos"][0]
    hook_ids = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {hook["id"] for hook in remote["hooks"]} <= hook_ids
    rev = str(remote["rev"])
    tags = subprocess.run(["git", "tag", "--list"], capture_output=True, text=True, cwd=ROOT).stdout.split()
    assert rev in tags or re.fullmatch(r"[0-9a-f]{40}", rev), rev  # a real tag, or a placeholder commit id
    assert "git rev-parse HEAD" in readme


def test_readme_says_how_rule_edits_take_effect():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -e ." in readme and "--rules rules" in readme
