"""The layering holds as the code grows: the import contract of pyproject.toml, SimPy's
internals touched only in sim/engine, and no agent reaching into another's private parts."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.support.paths import ROOT

PYPROJECT = ROOT / "pyproject.toml"

# what SimPy keeps private: its event queue, event ids, clock, and event internals
SIMPY_INTERNALS = re.compile(r"\benv\._(queue|eid|now)\b|\b_ok\b|\b_value\b|from simpy\.(events|core) import")


def test_the_import_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = len(re.findall(r"^\[\[tool\.importlinter\.contracts\]\]", PYPROJECT.read_text(), re.M))
    assert contracts >= 8  # the layers, and those inside each layer's folder and sim/scenario
    assert f"{contracts} kept, 0 broken" in result.stdout


def test_the_layers_are_folders_and_the_contract_lists_every_one():
    """A file's layer is told by its folder: `sim/` holds only the entry module and the layers'
    packages (and data), and the top contract names each folder."""
    loose = sorted(p.name for p in (ROOT / "sim").glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    assert loose == []
    folders = {p.parent.name for p in (ROOT / "sim").glob("*/__init__.py")}
    top = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"][0]["layers"]
    assert folders == {layer.removeprefix("sim.") for layer in top if layer.startswith("sim.")} - {"__main__"}
    for folder in folders - {"scenario", "engine"}:  # the scenario has its contract; the engine no layers
        inner = [c for c in tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
                 if c.get("containers") == [f"sim.{folder}"]]
        modules = {p.stem for p in (ROOT / "sim" / folder).glob("*.py") if p.stem != "__init__"}
        modules |= {p.parent.name for p in (ROOT / "sim" / folder).glob("*/__init__.py")}
        listed = {name.strip() for c in inner for layer in c["layers"] for name in layer.split("|")}
        assert modules == listed, folder


def test_the_scenario_package_is_small_modules_that_say_what_they_hold():
    """The scenario (schema, Beizang's data, checks across sections, fingerprints' compatibility)
    is a package of modules under 400 lines, each opening with what it holds and why."""
    modules = sorted((ROOT / "sim" / "scenario").glob("*.py"))
    assert len(modules) > 1
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) < 400, path
        assert ast.get_docstring(ast.parse(text)), path


def test_the_comparison_and_sweep_packages_are_small_modules_that_say_what_they_hold():
    """A comparison's and a sweep's modules hold one idea each (the report's sentences apart
    from its Markdown and HTML, the spec's schema apart from its checks): under 400 lines,
    each opening with what it holds and why."""
    for package in ("compare", "sweep"):
        modules = sorted((ROOT / "sim" / "apps" / package).glob("*.py"))
        assert len(modules) > 5, package
        for path in modules:
            text = path.read_text(encoding="utf-8")
            assert len(text.splitlines()) < 400, path
            assert ast.get_docstring(ast.parse(text)), path


def test_only_the_engine_knows_simpy_internals():
    offenders = []
    for path in sorted([*ROOT.glob("sim/**/*.py"), *ROOT.glob("agents/**/*.py")]):
        if path.parent.name == "engine":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SIMPY_INTERNALS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_internals_check_sees_an_offending_line():
    assert SIMPY_INTERNALS.search("heappush(env._queue, item)")
    assert SIMPY_INTERNALS.search("from simpy.events import NORMAL")
    assert not SIMPY_INTERNALS.search("yield env.timeout(5)")


def _private_names_of_others(source: str) -> list[tuple[int, str]]:
    """(line, text) of each private attribute (`x._name`, not a dunder) used on something other
    than `self` or `cls` that the module does not define itself (as a function or method, an
    attribute it assigns, or a slot), and of each private name imported from another module."""
    tree = ast.parse(source)
    own = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        own.update(t.attr for t in targets if isinstance(t, ast.Attribute))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__slots__" for t in targets):
            own.update(c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found += [(node.lineno, ast.unparse(node)) for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
        elif (isinstance(node, ast.Attribute) and node.attr.startswith("_")
              and not node.attr.startswith("__") and node.attr not in own
              and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_no_agent_reaches_into_another_agents_private_parts():
    """What agents share goes through public methods or a module both import (the demand
    arithmetic: `sim/domain/demand.py`), so an agent's private methods may change freely."""
    assert _offenders_in_agents(_private_names_of_others) == []


def _offenders_in_agents(check) -> list[str]:
    """`path:line: text` of what `check(source)` finds in each module of agents/."""
    return [f"{path.relative_to(ROOT)}:{line}: {text}"
            for path in sorted(ROOT.glob("agents/**/*.py"))
            for line, text in check(path.read_text(encoding="utf-8"))]


def test_the_private_parts_check_sees_an_offending_line():
    assert _private_names_of_others("def join(h):\n    return h._newly_needed({})\n")
    assert _private_names_of_others("from agents.household import _basket\n")
    assert not _private_names_of_others("def _eat(self):\n    pass\n\ndef f(twin):\n    twin._eat()\n")
    assert not _private_names_of_others("def f(self):\n    return self._basket, h.__class__\n")


def _set_on_a_household_or_village(source: str) -> list[tuple[int, str]]:
    """(line, target) of each attribute assigned on a household or a village (an expression
    named `household` or `village`, or ending in `.household` or `.village`), not on `self`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for target in targets:
            if not isinstance(target, ast.Attribute):
                continue
            owner = target.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if name in ("household", "village"):
                found.append((node.lineno, ast.unparse(target)))
    return found


def test_households_and_villages_set_their_own_attributes():
    """Another agent asks a household or a village (a method, a value given when it is made)
    and the household or village sets its own state: its reorder point, channel, counters."""
    assert _offenders_in_agents(_set_on_a_household_or_village) == []


def test_the_attribute_check_sees_an_offending_line():
    assert _set_on_a_household_or_village("household.reorder_at_days = 2\n")
    assert _set_on_a_household_or_village("order.village.orders_cancelled += 1\n")
    assert not _set_on_a_household_or_village("self.channel = 'app'\norder.filled = {}\n")


def _test_modules_imported(source: str) -> list[tuple[int, str]]:
    """(line, text) of each import of a test module (`test_*`, by absolute or relative name, at
    the top or inside a function): what tests share belongs in tests/support/."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("tests.")]
        elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("tests.")):
            names = [f"{node.module or ''}.{a.name}" for a in node.names]
        else:
            continue
        if any(part.startswith("test_") for name in names for part in name.split(".")):
            found.append((node.lineno, ast.unparse(node)))
    return found


def _test_modules_importing_test_modules(tests: Path) -> list[str]:
    """`path:line: text` of each test module import in the Python files under `tests`."""
    return [f"{path.relative_to(tests)}:{line}: {text}"
            for path in sorted(tests.rglob("*.py"))
            for line, text in _test_modules_imported(path.read_text(encoding="utf-8"))]


def _loose_test_files(tests: Path) -> list[str]:
    """Python files at the top of `tests` other than its conftest and `__init__`, and folders of
    Python files under it without an `__init__.py` (tests sit in their layer's package)."""
    loose = [p.name for p in sorted(tests.glob("*.py")) if p.name not in {"conftest.py", "__init__.py"}]
    return loose + sorted(f"{d.relative_to(tests)}/" for d in tests.rglob("*")
                          if d.is_dir() and any(d.glob("*.py")) and not (d / "__init__.py").exists())


def test_no_test_module_imports_another():
    assert _test_modules_importing_test_modules(ROOT / "tests") == []


def test_the_test_import_check_sees_an_offending_line():
    assert _test_modules_imported("from tests.model.test_hunger import scaled_store_kinds\n")
    assert _test_modules_imported("def f():\n    from tests.apps.drill import test_drill_chinese\n")
    assert _test_modules_imported("import tests.model.test_service_kpis\n")
    assert _test_modules_imported("from .test_drill_web_session import start_session\n")
    assert not _test_modules_imported("from tests.support.drill_town import zh_drill\nimport test_data\n")


def test_every_test_sits_in_its_layers_folder(tmp_path):
    """tests/ mirrors the code's folders: at its top only its conftest and `__init__`."""
    assert _loose_test_files(ROOT / "tests") == []
    (tmp_path / "conftest.py").touch()
    (tmp_path / "test_loose.py").touch()
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "test_pantry.py").touch()
    assert _loose_test_files(tmp_path) == ["test_loose.py", "agents/"]
