"""The package's import graph: one direction, no cycles, the data modules at the bottom (README: 架构)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "auditor"


def _modules() -> dict[str, Path]:
    """Dotted name → file of every module of the package."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The package module a dotted import name lands in (auditor.checks.registry.BUILTINS → auditor.checks.registry)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    """The package modules `module` imports anywhere in its file: at the top and inside functions alike, so
    an import deferred for speed cannot hide a cycle. `from pkg import sub` names the submodule; a module's
    own package is not counted (Python runs a package's __init__ before any of its modules in any case)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found.update(owner for name in names if name.startswith("auditor") and (owner := _owner(name)))
    found.discard(module)
    found.discard(package if module != package else "")
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (a path that comes back to its start), or None when the graph has none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def _below(module: str) -> set[str]:
    """Every package module `module` imports, directly or through others."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        for nxt in GRAPH[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_the_graph_is_read_whole():
    assert {"auditor.schema", "auditor.pack", "auditor.checks.registry", "auditor.engine", "auditor.cli"} <= set(GRAPH)
    assert "auditor.checks.registry" in GRAPH["auditor.pack"] and "auditor.schema" in GRAPH["auditor.engine"]


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles():
    cycle = _cycle(GRAPH)
    assert cycle is None, "import cycle: " + " → ".join(cycle or ())


@pytest.mark.parametrize("module, allowed", [
    ("auditor.model", set()),  # plain records
    ("auditor.errors", set()),
    ("auditor.patterns", {"auditor.limits"}),  # the pack's regular expressions, timed by construction
    ("auditor.plain", set()),  # pydantic-shaped declarations, plain objects at run time
    # a leaf: none of the checks
    ("auditor.schema", {"auditor.patterns", "auditor.limits", "auditor.textnorm", "auditor.plain"}),
])
def test_the_data_modules_are_leaves(module, allowed):
    assert _below(module) <= allowed, sorted(_below(module) - allowed)


def test_nothing_imports_the_cli():
    """Only the start-up (auditor.launch: the console script and `python -m auditor`) hands over to the CLI."""
    assert not [module for module, names in GRAPH.items() if "auditor.cli" in names and module != "auditor.launch"]
    assert GRAPH["auditor.__main__"] == {"auditor.launch"}


def test_renderers_do_not_run_the_pipeline():
    runners = {"auditor.engine", "auditor.pipeline", "auditor.batch", "auditor.pack"}
    assert not {m: GRAPH[m] & runners for m in GRAPH if m.startswith("auditor.render") and GRAPH[m] & runners}
