"""Rule keeper's settings (rules step): auditor.toml or [tool.auditor] in pyproject.toml adjust the pack."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from auditor.errors import RuleFileError
from auditor.plain import BaseModel, ConfigDict, Field
from auditor.schema import RuleSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


class RuleOverride(BaseModel):
    """Per-rule changes: severity, weight, or switching the rule off."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    severity: Literal["error", "warning", "info"] | None = None
    weight: float | None = Field(default=None, ge=0, le=100)
    enabled: bool | None = None


class Config(BaseModel):
    """The [tool.auditor] table (or the top level of auditor.toml)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    rules: str | None = None  # a custom rule folder, relative to the config file
    disable: tuple[str, ...] = ()
    override: dict[str, RuleOverride] = {}


def find_config(start: Path) -> Path | None:
    """The nearest auditor.toml, or pyproject.toml with [tool.auditor], from `start` upwards.

    The search stops at the repository root (a folder holding .git) and never reaches the home folder or
    above it (unless `start` is the home folder): a file left in a parent folder must not change every
    audit run below it without anyone noticing. The config used is named in every output besides.
    """
    home = _home()
    for folder in (start, *start.parents):
        if folder != start and home is not None and (folder == home or home.is_relative_to(folder)):
            return None
        if (folder / "auditor.toml").is_file():
            return folder / "auditor.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _mentions_auditor(pyproject) and "auditor" in _read(pyproject).get("tool", {}):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def _home() -> Path | None:
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None
    return home if home != Path(home.anchor) else None  # root's home is sometimes / itself


def _mentions_auditor(pyproject: Path) -> bool:
    """Cheap test before parsing: another project's pyproject.toml (even a broken one) is no concern of ours."""
    try:
        return b"auditor" in pyproject.read_bytes()
    except OSError:
        return False


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(path), None, f"配置文件无法解析：{exc}") from None
    except RecursionError:
        raise RuleFileError(str(path), None, "配置文件无法解析：数组或表嵌套过深") from None


def load_config(path: Path) -> Config:
    """Read and validate a config file (auditor.toml: top level; pyproject.toml: [tool.auditor])."""
    from pydantic import ValidationError  # only when a config file is found

    data = _read(path)
    table = data.get("tool", {}).get("auditor", {}) if path.name == "pyproject.toml" else data
    try:
        return Config.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        reason = "未知字段（拼写错误？）" if err["type"] == "extra_forbidden" else err["msg"]
        raise RuleFileError(str(path), None, f"{where}: {reason}") from None


def rules_dir(config: Config, path: Path) -> str | None:
    """The custom rule folder named in the config, resolved next to the config file."""
    return str((path.parent / config.rules).resolve()) if config.rules else None


def apply_config(ruleset: RuleSet, config: Config, path: Path) -> RuleSet:
    """Disable rules and change severity/weight as the config says; unknown rule ids are an error."""
    known = {rule.id for rule in ruleset.rules}
    for rule_id in (*config.disable, *config.override):
        if rule_id not in known:
            raise RuleFileError(str(path), rule_id, "规则包中没有这条规则（用 auditor rules list 查看 id）")
    rules = []
    for rule in ruleset.rules:
        change = config.override.get(rule.id)
        if change is not None:
            update = {k: v for k, v in change.model_dump().items() if v is not None}
            if "severity" in update:
                update["severity_by_level"] = {}  # an explicit severity applies to every level
            rule = rule.model_copy(update=update)
        if rule.id not in config.disable and rule.enabled:
            rules.append(rule)
    adjusted = RuleSet(tuple(rules), ruleset.settings, ruleset.reference, ruleset.sources)
    adjusted._derived.update(ruleset._derived)  # the same reference data: its validated tables carry over
    return adjusted
