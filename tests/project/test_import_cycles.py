"""Every module of sim/ and agents/ imports, and the drill and command-line modules form no
import cycle (counting imports inside functions too: a lazy import hides a cycle, it does not
remove it; not counting imports under `if TYPE_CHECKING:`, which never run and only name a
type for an annotation, as the import contract in pyproject.toml also leaves them out)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGES = ("sim", "agents")
WATCHED = ("sim.cli.commands", "sim.apps.drill")  # a cycle through any of these fails the test


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the packages (a package is its __init__)."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imported_modules(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a file imports anywhere in it; `from pkg import name` counts as
    `pkg.name` when that is a module, else as `pkg`."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            node.body = []  # the walk below no longer sees the block
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in modules else node.module)
    return {m for m in found if m in modules}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imported_modules(path, modules) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _watched(module: str) -> bool:
    return any(module == w or module.startswith(w + ".") for w in WATCHED)


@pytest.mark.parametrize("module", sorted(m for m in module_files() if not m.endswith("__main__")))
def test_every_module_imports(module):  # (__main__ runs the command line when imported)
    importlib.import_module(module)


def test_no_import_cycle_through_the_drill_or_the_command_line():
    graph = import_graph()
    assert "sim.apps.drill.runner" in graph and "sim.cli.commands" in graph  # the walk found the modules
    bad = [c for c in cycles(graph) if any(_watched(m) for m in c)]
    assert bad == []


def test_the_cycle_finder_sees_a_ring_and_a_lazy_import(tmp_path):
    ring = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(ring) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    lazy = tmp_path / "lazy.py"
    lazy.write_text("def f():\n    from sim.apps.drill import runner\n    import sim.cli.commands\n")
    assert imported_modules(lazy, module_files()) == {"sim.apps.drill.runner", "sim.cli.commands"}
