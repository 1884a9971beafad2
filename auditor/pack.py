"""Rules step, its input: a rule pack's YAML files read with bounds, validated against the schema, merged with
the bundled pack, its links checked, and kept in the per-user cache → RuleSet."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Callable

from auditor.checks.registry import BUILTINS, PARAMS
from auditor.errors import AuditorError, RuleFileError, os_reason
from auditor.schema import BuiltinCheck, Rule, RuleSet, SectionCheck, Settings, first_error

SETTINGS_FILE = "pack.yaml"


def bundled_rules_dir() -> Path:
    """The rule pack shipped inside the wheel (auditor/rules), or rules/ in a source checkout. (The package's
    own folder, found without importlib.resources, whose import alone costs a cold run some 20 ms.)"""
    here = Path(__file__).resolve().parent
    inside = here / "rules"
    if (inside / SETTINGS_FILE).is_file():
        return inside
    return here.parent / "rules"


def load_rules(extra: str | Path | None = None) -> RuleSet:
    """Load the bundled pack, then a custom pack that extends or replaces it (its pack.yaml says); the result
    comes from the per-user cache when neither pack has changed since it was compiled."""
    from auditor import cache

    bundled_dir = bundled_rules_dir()
    key = cache.digest(bundled_dir, "*.yaml")
    if extra is None:
        return _cached("rules", key, lambda: _load_pack(bundled_dir))
    folder = Path(extra)
    if not folder.is_dir():
        raise RuleFileError(str(folder), None, "规则目录不存在或不是文件夹")
    # The folder as given is part of the key: the rules' sources name their files by it.
    custom_key = cache.digest(folder, "*.yaml", salt=f"{key}\0{folder}\0{folder.resolve()}")

    def load() -> RuleSet:
        return _with_custom(_cached("rules", key, lambda: _load_pack(bundled_dir)), folder)

    return _cached("rules-custom", custom_key, load)


def _with_custom(bundled: RuleSet, folder: Path) -> RuleSet:
    custom = _load_pack(folder, default_mode="extend")
    if custom.settings.mode == "replace":
        return custom if custom.settings.sections else _with_settings(custom, bundled)
    merged = _merge(bundled, custom)
    if custom.reference:
        _validate_links(merged)  # the pack's reference data now feeds the bundled rules too
    return merged


def _cached(kind: str, key: str, load: Callable[[], RuleSet]) -> RuleSet:
    """A compiled pack from the per-user cache (keyed by the bytes of every pack file and the code), else loaded,
    validated and compiled now, and kept. A pack with a mistake raises before anything is kept."""
    from auditor import cache

    ruleset = cache.read(kind, key)
    if isinstance(ruleset, RuleSet):
        return ruleset
    ruleset = compile_pack(load())
    cache.write(kind, key, ruleset)
    return ruleset


def compile_pack(ruleset: RuleSet) -> RuleSet:
    """Make what a run reads of the pack beyond its rules, once, so that the cached pack holds it and a run
    never validates anything (nor imports pydantic): every reference table a builtin check reads, validated
    (the same tables `auditor rules show` lists), the deadlines table, the domain dictionary's terms."""
    from auditor.publication import deadlines_of

    builds: list[Callable[[], object]] = [lambda: ruleset.terms, lambda: deadlines_of(ruleset)]
    for rule in ruleset.rules:
        for check in (rule.check, *(c for _, c in rule._variant_checks)):
            lists = BUILTINS[check.name].lists if isinstance(check, BuiltinCheck) else None
            if lists is not None:
                builds.append(lambda lists=lists, params=check.params: lists(ruleset, params))
    for build in builds:
        try:
            build()
        except Exception:  # noqa: BLE001 - a table that cannot be made now fails where a run needs it, as before
            continue
    return ruleset


def _with_settings(custom: RuleSet, bundled: RuleSet) -> RuleSet:
    settings = bundled.settings.model_copy(update={"mode": "replace"})
    return RuleSet(custom.rules, settings, {**bundled.reference, **custom.reference}, custom.sources)


def _merge(base: RuleSet, custom: RuleSet) -> RuleSet:
    """Custom rules replace bundled rules with the same id and are appended otherwise."""
    replaced = {rule.id: rule for rule in custom.rules}
    rules = [replaced.pop(rule.id, rule) for rule in base.rules] + list(replaced.values())
    sections = {**base.settings.sections, **custom.settings.sections}
    settings = base.settings.model_copy(update={"sections": sections})
    return RuleSet(tuple(rules), settings, {**base.reference, **custom.reference}, {**base.sources, **custom.sources})


MAX_FILE_BYTES = 10 * 1024 * 1024  # one YAML file of the pack (rules or reference data)
MAX_DEPTH = 64  # nesting of mappings and lists in one file; a rule needs fewer than ten
MAX_NODES = 1_000_000  # values in one file, counting each use of a YAML alias (&a … *a) again


def _read_text(path: Path, most: int = MAX_FILE_BYTES) -> str:
    """A pack file's text, read with bounds: regular files only (a FIFO or a device such as /dev/zero behind a
    symlink is refused, never waited on or read without end), at most `most` bytes, UTF-8."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise RuleFileError(str(path), None, f"无法读取：{os_reason(exc)}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RuleFileError(str(path), None, "不是普通文件（文件夹、管道或设备），规则包只读取普通文件")
        data = handle.read(most + 1) if info.st_size <= most else b""
    if info.st_size > most or len(data) > most:
        raise RuleFileError(str(path), None, f"文件过大（上限 {most // (1024 * 1024)} MB）")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RuleFileError(str(path), None, f"不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节处）") from None


def _line(text: str, index: int) -> int:
    """The editor's line number (1-based) of character `index`: only \\n ends a line, as in an editor (YAML also
    counts \\r, NEL and U+2028, which would point past the place)."""
    return text.count("\n", 0, index) + 1


def _column(text: str, index: int) -> int:
    return index - text.rfind("\n", 0, index)


def _read_yaml(path: Path) -> Any:
    """Parse one pack file; every problem is a RuleFileError naming the file and the line."""
    import yaml  # only when the pack is not in the cache

    text = _read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        raise RuleFileError(str(path), None, _yaml_problem(text, exc)) from None
    except yaml.reader.ReaderError as exc:
        where = f"第{_line(text, exc.position)}行：" if isinstance(exc.position, int) else ""
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise RuleFileError(str(path), None, f"{where}含 YAML 不允许的控制字符 U+{code:04X}") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(str(path), None, f"YAML 语法错误：{str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise RuleFileError(str(path), None, f"YAML 嵌套层数过多（上限 {MAX_DEPTH} 层）") from None
    except ValueError as exc:  # a value YAML itself rejects, e.g. the date 2024-02-30
        raise RuleFileError(str(path), None, f"YAML 中的值无效：{exc}") from None
    _check_shape(path, data)
    return data


def _yaml_problem(text: str, exc: Any) -> str:
    """第3行第5列：YAML 语法错误：… (始于第2行), with lines counted as an editor counts them."""
    mark, context = exc.problem_mark, exc.context_mark
    where = f"第{_line(text, mark.index)}行第{_column(text, mark.index)}列：" if mark is not None else ""
    problem = exc.problem or str(exc).splitlines()[0]
    if context is not None and mark is not None and _line(text, context.index) != _line(text, mark.index):
        problem += f"（{exc.context or '所在结构'}始于第{_line(text, context.index)}行）"
    return f"{where}YAML 语法错误：{problem}"


def _check_shape(path: Path, data: Any) -> None:
    """Refuse data nested deeper than MAX_DEPTH or holding more than MAX_NODES values (an alias used over and
    over, the "billion laughs"), before validation walks it."""
    stack, nodes = [(data, 1)], 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            raise RuleFileError(str(path), None, f"YAML 嵌套层数过多（上限 {MAX_DEPTH} 层）")
        if nodes > MAX_NODES:
            raise RuleFileError(str(path), None, f"YAML 内容过多（超过 {MAX_NODES} 个值，可能是反复引用的别名）")
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _field_line(path: Path, keys: tuple[Any, ...]) -> int | None:
    """The line of the value at `keys` (list indexes and mapping keys; other parts skipped) in a pack file, or
    of the deepest part found: a validation error points at the rule's own line, or its field's."""
    import yaml

    try:
        text = _read_text(path)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (AuditorError, yaml.YAMLError, RecursionError):
        return None
    found = node
    for key in keys:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
        elif isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in reversed(node.value) if getattr(k, "value", None) == str(key)), None)
            if pair is None:
                continue
            found = pair[0]
            node = pair[1]
            continue
        else:
            continue
        found = node
    return _line(text, found.start_mark.index) if found is not None else None


def _load_pack(folder: Path, default_mode: str = "replace") -> RuleSet:
    from pydantic import ValidationError  # validation only: a compiled pack is read without it

    settings_path = folder / SETTINGS_FILE
    raw_settings = _read_yaml(settings_path) if settings_path.is_file() else {}
    if not isinstance(raw_settings, dict):
        raise RuleFileError(str(settings_path), None, "设置文件应为键值映射")
    raw_settings.setdefault("mode", default_mode)
    try:
        settings = Settings.model_validate(raw_settings)
    except ValidationError as exc:
        raise RuleFileError(str(settings_path), None, first_error(exc)) from None
    names = settings.files or tuple(sorted(p.name for p in folder.glob("*.yaml") if p.name != SETTINGS_FILE))
    rules: list[Rule] = []
    sources: dict[str, str] = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            raise RuleFileError(str(settings_path), None, f"files 中列出的 {name} 不存在")
        for rule in _load_file(path):
            if rule.id in sources:
                raise RuleFileError(str(path), rule.id, f"规则 id 重复（已在 {sources[rule.id]} 中定义）")
            sources[rule.id] = str(path)
            if rule.enabled:
                rules.append(rule)
    reference = _load_reference(folder / "reference")
    ruleset = RuleSet(tuple(rules), settings, reference, sources)
    _validate_links(ruleset)
    return ruleset


def _load_file(path: Path) -> list[Rule]:
    from pydantic import ValidationError

    data = _read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise RuleFileError(str(path), None, "规则文件应为规则列表（每条以“- id:”开头）")
    rules = []
    for index, item in enumerate(data):
        rule_id = item.get("id") if isinstance(item, dict) else None
        label = str(rule_id) if isinstance(rule_id, (str, int)) and rule_id != "" else f"第{index + 1}条规则"
        if not isinstance(item, dict):
            raise RuleFileError(str(path), label, _at(path, (index,)) + "每条规则应为键值映射")
        try:
            rules.append(parse_rule(item))
        except ValidationError as exc:
            keys = (index, *exc.errors()[0]["loc"])
            raise RuleFileError(str(path), label, _at(path, keys) + first_error(exc)) from None
        except RecursionError:
            raise RuleFileError(str(path), label, _at(path, (index,)) + "嵌套层数过多") from None
    return rules


def parse_rule(item: dict[str, Any]) -> Rule:
    """Validate one rule's mapping, a builtin's parameters by its own model (from the table of checks)."""
    from auditor.plain import twin

    return Rule.model_validate(item, context={"builtins": {name: twin(model) for name, model in PARAMS.items()}})


def _at(path: Path, keys: tuple[Any, ...]) -> str:
    line = _field_line(path, keys)
    return f"第{line}行：" if line else ""


def _load_reference(folder: Path) -> dict[str, Any]:
    if not folder.is_dir():
        return {}
    return {path.stem: _read_yaml(path) for path in sorted(folder.glob("*.yaml"))}


def _validate_links(ruleset: RuleSet) -> None:
    """Names a rule refers to must exist: section kinds, and the reference data a builtin's parameters name."""
    known = set(ruleset.settings.sections) | {"document", "body", "title"}
    for rule in ruleset.rules:
        path = ruleset.sources.get(rule.id, "?")
        if rule.scope.section not in known:
            raise RuleFileError(path, rule.id, f"scope.section: 未定义的报告部分“{rule.scope.section}”")
        for name in rule.scope.exclude:
            if name not in ruleset.settings.sections:
                raise RuleFileError(path, rule.id, f"scope.exclude: 未定义的报告部分“{name}”")
        check = rule.check
        if isinstance(check, SectionCheck) and check.section not in ruleset.settings.sections:
            raise RuleFileError(path, rule.id, f"check.section: 未定义的报告部分“{check.section}”")
        if isinstance(check, BuiltinCheck):
            validate = BUILTINS[check.name].validate
            problem = validate(ruleset, check.params) if validate is not None else None
            if problem:
                raise RuleFileError(path, rule.id, f"check.params: {problem}")
