"""The command line: parse arguments, run load → parse → rules → score → render, return an exit code."""

from __future__ import annotations

import argparse
import io
import os
import signal
import stat
import sys
import tempfile
import traceback
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, NoReturn, Sequence, TextIO

from auditor import __version__
from auditor.errors import (
    AuditorError,
    ExitCode,
    InternalError,
    Interrupted,
    OutputError,
    UsageError,
    os_reason,
)
from auditor.gate import Gate
from auditor.loading import SUFFIXES
from auditor.model import LEVEL_NAMES, AuditRun

EPILOG_CHECK = """示例：
  auditor check reports/                          审核文件夹中的全部报告（终端评分卡）
  auditor check 报告.txt --year 2023 --level township   指定报告年度和级别
  auditor check reports/ --format json -o out/audit.json   输出 JSON
  auditor check reports/ --summary                只看汇总表
  auditor check 草稿.txt --fail-on warning --fail-under 80  作为 CI 门禁
  auditor check reports/ --format sarif -o audit.sarif    GitHub 代码扫描（上传 SARIF）
  auditor check reports/ --format junit -o junit.xml      GitLab 等 CI 的测试报告
  auditor check 草稿.docx --format github                 GitHub Actions 中在文件行上标注问题
  auditor check reports/ --format html -o 缺项报告.html    可打印的缺项报告（汇总页 + 每份一页）
  auditor check reports/ --format xlsx -o 审核汇总.xlsx    Excel 汇总表（每份报告一行）

输出格式：
{formats}

退出码：0 通过；1 门禁未通过（有达到 --fail-on 级别的问题，或得分低于 --fail-under，原因写在标准错误输出）；
        2 用法错误、规则包无效、有文件无法读取（可读的文件仍会审核并输出）或输出文件无法写入；
        3 内部错误（请用 --debug 查看详情并报告）；130 按 Ctrl-C 中断；143/129 收到 SIGTERM/SIGHUP。"""

EPILOG_DIFF = """示例：
  auditor diff 草稿v1.docx 草稿v2.docx            比较两稿：得分变化、已改正、新增、仍存在的问题
  auditor diff 旧稿.txt 新稿.txt --format json     输出 JSON
  auditor diff 旧稿.txt 新稿.txt --level township  指定报告级别（两稿相同）

退出码：0 新稿没有新增错误级问题；1 新稿有旧稿没有的错误级问题（CI 可据此阻止退步）；
        2 用法错误、规则包无效、有文件无法读取或输出文件无法写入；3 内部错误。"""

EPILOG_CLAIMS = """示例：
  auditor claims 报告.docx                         每个分句的判定
  auditor claims 报告.docx --only planned,negated  只看被判为计划、否定的分句
"""

EPILOG_RULES = """示例：
  auditor rules list                 列出规则包中的全部规则
  auditor rules show duty.shufa      查看一条规则的依据、适用范围和示例
  auditor rules test                 运行每条规则的通过/不通过示例
  auditor rules doc > docs/rules.md  生成规则说明文档（Markdown）"""


# argparse's own messages, in the tool's language (it looks each one up through its module-level `_`).
ARGPARSE_TEXT = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
}


def _translate(text: str) -> str:
    return ARGPARSE_TEXT.get(text, text)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


argparse._ = _translate  # type: ignore[attr-defined]
argparse.ngettext = _ntranslate  # type: ignore[attr-defined]

# --level: the English codes of the JSON contract, or the words a Chinese user types.
LEVEL_WORDS = {
    **{level: level for level in LEVEL_NAMES},
    **{name: level for level, name in LEVEL_NAMES.items()},
    "乡镇": "township", "街道": "township", "乡": "township", "镇": "township", "乡镇街道": "township",
    "县": "county", "区": "county", "县区": "county", "县级": "county",
    "市": "city", "州": "city", "市州": "city", "地市": "city", "市级": "city",
    "省": "province", "省级": "province", "自治区": "province",
    "部门": "department", "政府部门": "department",
}


def parse_level(text: str) -> str:
    """A report level from --level: township … department, or 乡镇/街道/县/区/市/州/省/部门."""
    level = LEVEL_WORDS.get(text.strip().lower()) or LEVEL_WORDS.get(text.strip())
    if level is None:
        raise argparse.ArgumentTypeError(
            f"无效的级别“{text}”（可选：乡镇、街道、县、区、市、州、省、部门，或 {' '.join(LEVEL_NAMES)}）")
    return level


def _number(kind: type, name: str) -> Callable[[str], Any]:
    """int/float for argparse, named in Chinese for its "不是有效的…" message."""

    def convert(text: str) -> Any:
        return kind(text)

    convert.__name__ = name
    return convert


LEVEL_HELP = "报告主体级别：乡镇/街道、县/区、市/州、省、部门（也可写 township county city province department），覆盖自动识别"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with the check and rules subcommands."""
    from auditor.render import RENDERERS

    parser = argparse.ArgumentParser(
        prog="auditor",
        description="法治政府建设年度报告审核工具：按 YAML 规则清单检查报告，评分并列出缺项（位置、依据、修改建议）。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="运行 auditor check -h、auditor diff -h 或 auditor rules -h 查看各子命令的用法。",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    check = sub.add_parser("check", help="审核报告文件或文件夹", description=f"审核报告文件或文件夹（文件夹中递归查找 {SUFFIXES}）。",
                           epilog=EPILOG_CHECK.format(formats=_format_list()), formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    check.add_argument("--format", "-f", default="rich", choices=list(RENDERERS),
                       help="输出格式（默认 rich：终端评分卡；各格式见下文）")
    check.add_argument("--output", "-o", metavar="FILE", help="写入文件（默认输出到屏幕）")
    _rules_option(check)
    check.add_argument("--fail-on", default="error", choices=["error", "warning", "info", "never"],
                       help="有达到该严重程度的未通过规则时退出码为 1（默认 error）")
    check.add_argument("--fail-under", type=_number(float, "分数"), metavar="SCORE", help="任一报告得分低于该分数时退出码为 1")
    check.add_argument("--year", type=_number(int, "年份"), metavar="N", help="报告年度（覆盖自动识别）")
    check.add_argument("--level", type=parse_level, metavar="L", help=LEVEL_HELP)
    check.add_argument("--summary", action="store_true", help="多份报告时只显示汇总表")
    check.add_argument("--jobs", "-j", type=_number(int, "整数"), metavar="N", help="并行审核的进程数（默认：全部 CPU 核）")
    check.add_argument("--debug", action="store_true", help="出现内部错误时显示完整的 Python 错误信息")
    _round_options(check)
    diff = sub.add_parser("diff", help="比较同一报告的两稿", description="审核同一报告的两稿，显示得分变化、已改正、新增和仍存在的问题。",
                          epilog=EPILOG_DIFF, formatter_class=argparse.RawDescriptionHelpFormatter)
    diff.add_argument("old", metavar="OLD", help="旧稿文件")
    diff.add_argument("new", metavar="NEW", help="新稿文件")
    diff.add_argument("--format", "-f", default="rich", choices=["rich", "json"], help="输出格式（默认 rich）")
    diff.add_argument("--output", "-o", metavar="FILE", help="写入文件（默认输出到屏幕）")
    _rules_option(diff)
    diff.add_argument("--year", type=_number(int, "年份"), metavar="N", help="报告年度（覆盖自动识别，两稿相同）")
    diff.add_argument("--level", type=parse_level, metavar="L", help=LEVEL_HELP + "（两稿相同）")
    diff.add_argument("--debug", action="store_true", help="出现内部错误时显示完整的 Python 错误信息")
    rules = sub.add_parser("rules", help="查看和测试规则包", description="查看和测试规则包。",
                           epilog=EPILOG_RULES, formatter_class=argparse.RawDescriptionHelpFormatter)
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="操作")
    for name, text in (("list", "列出全部规则"), ("test", "运行每条规则的示例"), ("doc", "输出规则说明文档（Markdown）")):
        _rules_option(rules_sub.add_parser(name, help=text, description=text))
    claims = sub.add_parser("claims", help="查看报告每个分句的判定（已完成、计划、否定……）",
                            description="显示报告的每个分句所在的部分，以及它被判定为已完成的工作、计划、否定、问题不足、"
                                        "上级要求还是文件标题或讲话原话中的词（要求类规则只计已完成的工作）。",
                            epilog=EPILOG_CLAIMS, formatter_class=argparse.RawDescriptionHelpFormatter)
    claims.add_argument("path", metavar="FILE", help="报告文件")
    claims.add_argument("--only", metavar="判定", help="只显示这些判定的分句，逗号分隔：done planned negated problem "
                        "demand others elsewhere past later nil quoted heading header（如 --only planned,negated）")
    claims.add_argument("--year", type=_number(int, "年份"), metavar="N", help="报告年度（覆盖自动识别）")
    claims.add_argument("--level", type=parse_level, metavar="L", help=LEVEL_HELP)
    _rules_option(claims)
    show = rules_sub.add_parser("show", help="查看一条规则", description="查看一条规则的标题、依据、适用范围和示例。")
    show.add_argument("rule_id", metavar="ID", help="规则 id，如 duty.shufa")
    _rules_option(show)
    return parser


def _format_list() -> str:
    from auditor.render import FORMAT_HELP, RENDERERS

    return "\n".join(f"  {name:<10}{FORMAT_HELP.get(name, '')}" for name in RENDERERS)


def _round_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--previous", action="append", metavar="PATH",
                        help="上年的报告（文件或文件夹，可多次指定）：按发文机关与本年报告配对，比较重复文字、重复的不足、上年计划的落实和得分变化")
    parser.add_argument("--notice", metavar="FILE", help="另写一份本轮审核的通报稿（.docx，公文格式，落款等处留待填写）")


def _rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", metavar="DIR", help="自定义规则目录（其 pack.yaml 的 mode 决定扩展或替换内置规则包）")
    parser.add_argument("--config", metavar="FILE",
                        help="配置文件（auditor.toml 或含 [tool.auditor] 的 pyproject.toml），默认从当前目录向上查找")
    parser.add_argument("--no-config", action="store_true", help="不读取配置文件")


def run() -> NoReturn:
    """The console script (and `python -m auditor`): main(), then, with everything written and flushed, exit
    at once. The interpreter's teardown (freeing every object of the rule pack, the patterns and the dictionary
    one by one) would cost a short run some 25 ms and changes nothing: output files are written whole and
    renamed, the cache entries likewise, and batch workers have been joined. Under a profiler or a tracer
    (python -m cProfile -m auditor …, coverage) the usual exit runs, so they can write what they found."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone away, a closed stream: nothing more can be written
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the CLI; return the exit code (the console script exits with it)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    from auditor import pattern_store

    pattern_store.preload()  # the patterns earlier runs compiled, before any module compiles its own
    try:
        with _stop_signals():
            code = _main(args_list, stdout, stderr)
            stdout.flush()
            pattern_store.remember()
            return code
    except AuditorError as exc:
        _say(stderr, f"错误：{exc}")
        return ExitCode.ERROR
    except KeyboardInterrupt:
        _say(stderr, "已中断")
        return 128 + signal.SIGINT
    except Interrupted as exc:
        _say(stderr, f"收到信号 {signal.Signals(exc.signum).name}，已停止")
        return 128 + exc.signum
    except BrokenPipeError:  # the reader went away (auditor check … | head): nothing more to say
        _silence(stdout)
        return ExitCode.OK
    except OSError as exc:  # stdout itself cannot be written (disk full behind a redirect …)
        _silence(stdout)
        _say(stderr, f"错误：无法写出结果：{os_reason(exc)}")
        return ExitCode.ERROR
    except Exception as exc:  # a bug: one line (the traceback with --debug), never passed off as a finding
        if debug:
            traceback.print_exc(file=stderr)
        _say(stderr, str(exc) if isinstance(exc, InternalError) else
             f"内部错误（{type(exc).__name__}: {exc}）；请用 --debug 查看详情并报告此问题")
        return ExitCode.BUG


def _main(args_list: list[str], stdout: TextIO, stderr: TextIO) -> int:
    parser = build_parser()
    args = _parse(parser, args_list, stderr)
    if args is None:
        return ExitCode.ERROR
    if isinstance(args, int):
        return args
    if args.command == "check":
        return _check(args, stdout, stderr)
    if args.command == "diff":
        return _diff(args, stdout, stderr)
    if args.command == "rules":
        return _rules(args, stdout, stderr)
    if args.command == "claims":
        return _claims(args, stdout)
    parser.print_help(stdout)
    return ExitCode.OK


# Control characters a file name may carry (a newline, ESC): written as escapes, so a message stays one line and
# cannot drive the terminal.
_ESCAPED = {code: repr(chr(code))[1:-1] for code in (*range(0x20), 0x7F)}


def _say(stderr: TextIO, text: str) -> None:
    """One line on stderr (a message must never fail on a file name that is not UTF-8, nor break on one that
    holds a newline or an escape sequence)."""
    from auditor.pipeline import shown

    try:
        stderr.write(f"auditor: {shown(text).translate(_ESCAPED)}\n")
        stderr.flush()
    except (OSError, ValueError):
        pass


def _silence(stdout: TextIO) -> None:
    """Point the real stdout at /dev/null so the interpreter's final flush cannot fail loudly."""
    if stdout is sys.stdout:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass


@contextmanager
def _stop_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind like Ctrl-C (temporary output removed, workers stopped), then exit 128+N."""
    import threading

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _parse(parser: argparse.ArgumentParser, argv: list[str], stderr: TextIO) -> argparse.Namespace | int | None:
    """argparse exits on errors and --help; turn that into return codes so main() stays testable."""
    old_err, old_out = sys.stderr, sys.stdout
    try:
        sys.stderr = stderr
        return parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and ExitCode.ERROR
    finally:
        sys.stderr, sys.stdout = old_err, old_out


def _load_ruleset(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:  # (RuleSet, where it came from)
    """The bundled pack, a custom pack from --rules or the config, then the config's overrides; and which
    pack folder and config file were used (every output names them)."""
    from auditor.config import apply_config, find_config, load_config, rules_dir
    from auditor.pack import bundled_rules_dir, load_rules

    if args.config and not Path(args.config).is_file():
        raise UsageError(f"配置文件不存在：{args.config}")
    path = None if args.no_config else (Path(args.config) if args.config else find_config(Path.cwd()))
    config = load_config(path) if path else None
    custom = args.rules or (rules_dir(config, path) if config and path else None)
    ruleset = load_rules(custom)
    if config and path:
        ruleset = apply_config(ruleset, config, path)
    source = {"pack": _display(Path(custom) if custom else bundled_rules_dir()), "builtin": custom is None,
              "config": _display(path) if path else None}
    return ruleset, source


def _display(path: Path) -> str:
    """A path as shown to the user: relative to the working folder when inside it, else absolute."""
    from auditor.pipeline import shown

    full = path.resolve()
    try:
        return shown(str(full.relative_to(Path.cwd().resolve())) or ".")
    except ValueError:
        return shown(str(full))


def _check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from auditor import batch
    from auditor.loading import find_reports
    from auditor.render import MACHINE_FORMATS, PRERENDER, RENDERERS, STREAMING
    from auditor.render.progress import progress

    _check_binary_target(args.format, args.output, stdout)
    if args.fail_under is not None and not 0 <= args.fail_under <= 101:
        raise UsageError("--fail-under 应在 0 到 100 之间")
    if args.year is not None and not 1990 <= args.year <= 2100:
        raise UsageError("--year 应为四位年份，如 2023")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs 应为正整数")
    ruleset, source = _load_ruleset(args)
    found = find_reports(args.paths)
    if not found.paths:
        skipped = found.skipped()
        raise UsageError(f"没有找到可审核的报告文件（支持 {SUFFIXES}；文件夹会递归查找）" + (f"：{skipped}" if skipped else ""))
    from auditor.round import prepare

    paths = found.paths
    target = _output_path(args.output) if args.format != "docx" else None
    _refuse_input_as_output(target, found.identities)
    if args.format == "docx" or args.notice:  # python-docx only when a .docx is written
        from auditor.render import docx, notice
    out_dir = docx.output_dir(args.output, paths) if args.format == "docx" else None
    notice_path = notice.target(args.notice, paths) if args.notice else None
    jobs = args.jobs or batch.default_jobs()
    round_ = prepare(args.previous, paths, ruleset, args.year, args.level, args.fail_under, jobs)
    gate = Gate(args.fail_on, args.fail_under)
    in_band = args.format in IN_BAND
    options = {"summary": args.summary, **source, "skipped": found.skipped() if args.format == "rich" else None,
               "round": round_, "output_dir": out_dir}
    _notes(stderr, None if in_band else source["config"], None if args.format == "rich" else found.skipped())
    stream = batch.run(paths, ruleset, args.year, args.level, jobs=jobs, debug=args.debug,
                       prerender=PRERENDER.get(args.format), failed=found.errors)
    with closing(stream), progress(len(paths), stderr, enabled=args.format not in MACHINE_FORMATS) as advance:
        audits = round_.watch(gate.watch(stream, advance))
        # Streaming formats write each report as it arrives and keep none; the others need them all.
        run = AuditRun(audits if args.format in STREAMING else tuple(audits), ruleset, __version__, options)
        _emit(RENDERERS[args.format], run, target, stderr if args.format == "docx" else stdout)  # docx: files in -o DIR
    if notice_path is not None:
        write_atomic(notice_path, notice.notice_bytes(round_.result, ruleset))
    for audit in gate.bugs:
        _say(stderr, f"{audit.path}：{audit.error}")
    explanation = gate.explanation()
    if explanation:
        _say(stderr, explanation)
    return gate.exit_code


# Formats that name the rule pack and config file in the output itself; the others get a line on stderr.
IN_BAND = frozenset({"rich", "json", "markdown"})


def _notes(stderr: TextIO, config: str | None, skipped: str | None) -> None:
    if config:
        _say(stderr, f"使用配置文件 {config}（--no-config 不读配置文件）")
    if skipped:
        _say(stderr, skipped)


def _refuse_input_as_output(target: Path | None, inputs: set[object]) -> None:
    """-o must not name a report being audited (it would be overwritten by the audit of itself)."""
    from auditor.loading import identity

    if target is not None and target.exists() and identity(str(target)) in inputs:
        raise UsageError(f"输出文件 {target} 是被审核的报告之一，写入会覆盖它：请换一个输出文件名")


def _claims(args: argparse.Namespace, stdout: TextIO) -> int:
    """Show how the claims step read each clause of one report."""
    from auditor.claims import MODALITIES
    from auditor.engine import claims_of
    from auditor.loading import load
    from auditor.parsing import parse_document
    from auditor.render.claims import render_claims

    only = None
    if args.only:
        only = frozenset(word.strip() for word in args.only.split(",") if word.strip())
        unknown = sorted(only - set(MODALITIES))
        if unknown:
            raise UsageError(f"--only 中有未知的判定：{'、'.join(unknown)}（可选：{' '.join(MODALITIES)}）")
    ruleset, _ = _load_ruleset(args)
    doc = parse_document(load(args.path), year=args.year, level=args.level)
    names = {name: kind.short or kind.name for name, kind in ruleset.settings.sections.items()}
    render_claims(doc, claims_of(doc, ruleset), names, stdout, only)
    return ExitCode.OK


def _check_binary_target(fmt: str, output: str | None, stdout: TextIO) -> None:
    """A binary format goes to a file, or to stdout only when it is piped (never onto a terminal)."""
    from auditor.render import BINARY_FORMATS

    if fmt not in BINARY_FORMATS or output is not None:
        return
    if getattr(stdout, "buffer", None) is None or (hasattr(stdout, "isatty") and stdout.isatty()):
        raise UsageError(f"{fmt} 是二进制格式，不能输出到终端：请用 -o 指定输出文件（如 -o 审核汇总.{fmt}）")


def _diff(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Audit two drafts and show what changed; exit 1 on a new error-level gap, 2 on unreadable input."""
    from auditor import batch
    from auditor.compare import compare
    from auditor.loading import identity
    from auditor.render import diff as view

    if args.year is not None and not 1990 <= args.year <= 2100:
        raise UsageError("--year 应为四位年份，如 2023")
    for path in (args.old, args.new):
        if not os.path.lexists(path):
            raise UsageError(f"文件不存在：{path}")
    target = _output_path(args.output)
    _refuse_input_as_output(target, {identity(args.old), identity(args.new)})
    ruleset, source = _load_ruleset(args)
    # The same guarded path as `check` (batch.run → pipeline): an unreadable draft is an error entry.
    with closing(batch.run([args.old, args.new], ruleset, args.year, args.level, debug=args.debug)) as stream:
        old, new = stream
    gate = Gate("never", None)
    for audit in (old, new):
        gate.note(audit)
        if audit.error is not None or audit.scorecard is None:
            _say(stderr, f"无法审核 {audit.path}：{audit.error}")
    if gate.bugs or gate.unreadable:
        return gate.exit_code
    comparison = compare(old, new)
    render = view.render_json if args.format == "json" else view.render_rich
    if target is None:
        render(comparison, ruleset, __version__, stdout, source)
    else:
        with open_output(target) as handle:
            render(comparison, ruleset, __version__, handle, source)
    return ExitCode.GATE_FAILED if comparison.regressions else ExitCode.OK


def _output_path(output: str | None) -> Path | None:
    """Check -o before any work is done: an existing folder to write into, not a folder itself."""
    if output is None:
        return None
    target = Path(output)
    if target.is_dir():
        raise OutputError(f"输出路径是文件夹：{output}")
    parent = target.parent
    if not parent.exists():
        raise OutputError(f"输出文件夹不存在：{parent}")
    if not parent.is_dir():
        raise OutputError(f"无法写入 {output}：{parent} 不是文件夹")
    if not os.access(parent, os.W_OK | os.X_OK) and not target.exists():
        raise OutputError(f"无法写入 {output}：没有在 {parent} 中新建文件的权限")
    return target


def _emit(renderer, run: AuditRun, target: Path | None, stdout: TextIO) -> None:  # noqa: ANN001
    """Render to stdout, or to a file written whole (temporary file beside it, then rename)."""
    if target is None:
        renderer(run, stdout)
        return
    with open_output(target) as handle:
        renderer(run, handle)


@contextmanager
def open_output(target: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream (binary formats write to its .buffer) for the output file `target`.

    A regular file (new or existing) is written whole: a temporary file beside it, renamed over it when
    complete. A link to a regular file replaces the file it points to, and stays a link. Anything else
    that exists (/dev/null, /dev/stdout, a pipe) is written in place: renaming over it would replace a
    device node or a link with a plain file. Any failure to write is one line and exit 2, with no
    temporary file left.
    """
    try:
        info = target.stat()
    except OSError:
        info = None
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(target, "wb") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
                yield handle
            return
        real = Path(os.path.realpath(target)) if target.is_symlink() else target
        with atomic_text(real) as handle:
            yield handle
    except OSError as exc:
        raise OutputError(f"无法写入输出文件 {target}：{os_reason(exc)}") from None


@contextmanager
def atomic_text(target: Path) -> Iterator[TextIO]:
    """A UTF-8 text stream (binary formats write to its .buffer) that becomes `target` only when complete."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with io.TextIOWrapper(os.fdopen(fd, "wb"), encoding="utf-8", newline="") as handle:
            yield handle
        os.chmod(tmp, _file_mode(target))  # mkstemp makes it private; a written report is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The mode the output gets: that of the file it replaces, else what the user's umask gives a new file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(target: Path, data: str | bytes) -> None:
    """Write a file whole: a temporary file beside it, then an atomic rename."""
    with atomic_text(target) as handle:
        if isinstance(data, bytes):
            handle.flush()
            handle.buffer.write(data)
        else:
            handle.write(data)


def _rules(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from auditor.render import rules as view

    if args.rules_command is None:
        stdout.write("用法：auditor rules {list,show ID,test,doc}（auditor rules -h 查看说明）\n")
        return ExitCode.ERROR
    ruleset, _ = _load_ruleset(args)
    if args.rules_command == "list":
        view.render_list(ruleset, stdout)
        return ExitCode.OK
    if args.rules_command == "doc":
        view.render_doc(ruleset, stdout)
        return ExitCode.OK
    if args.rules_command == "show":
        rule = ruleset.get(args.rule_id)
        if rule is None:
            raise UsageError(f"规则包中没有 id 为“{args.rule_id}”的规则（用 auditor rules list 查看全部）")
        view.render_rule(rule, ruleset, stdout)
        return ExitCode.OK
    if args.rules_command == "test":
        from auditor.examples import cases, run_case

        outcomes = [run_case(case, ruleset) for case in cases(ruleset)]
        view.render_tests(outcomes, stdout)
        return ExitCode.OK if all(o.ok for o in outcomes) else ExitCode.GATE_FAILED
    return ExitCode.ERROR
