"""The shape of the code base: no import cycles, a one-way library/study boundary, public names in tests, light
study declarations."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from brainsnn.registry import BUILTIN_PACKAGE, study_names

ROOT = Path(__file__).resolve().parents[1]
#: Import name -> folder of the repository (studies/ installs as brainsnn_studies).
PACKAGES = {"brainsnn": ROOT / "brainsnn", BUILTIN_PACKAGE: ROOT / "studies"}
HEAVY = ("brian2", "matplotlib", "sklearn", "skopt", "torch", "scipy")


def _modules() -> dict[str, Path]:
    modules = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules that ``name`` imports anywhere in its file (module level or inside functions)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                pytest.fail("import cycle: " + " -> ".join([*stack[stack.index(target):], target]))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_the_library_never_imports_a_study_and_studies_never_import_each_other():
    for module, targets in _graph().items():
        studies = {t.split(".")[1] for t in targets if t.startswith(BUILTIN_PACKAGE + ".")}
        if module.startswith("brainsnn."):
            assert not studies and BUILTIN_PACKAGE not in targets, f"{module} imports a study: {targets}"
        elif module.count(".") >= 1:
            assert studies <= {module.split(".")[1]}, f"{module} imports another study: {studies}"


def test_tests_import_only_public_names():
    offences = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
                private = [part for part in node.module.split(".") if part.startswith("_")]
                private += [alias.name for alias in node.names if alias.name.startswith("_")]
                if private:
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}: {private}")
    assert not offences, "\n".join(offences)


def test_study_declarations_and_the_cli_load_no_heavy_package():
    """`brainsnn list` and `brainsnn config` import every study.py: they must not pull in Brian2 and friends."""
    modules = ["brainsnn.cli", "brainsnn.registry"] + [
        f"{BUILTIN_PACKAGE}.{name.replace('-', '_')}.study" for name in study_names()
    ]
    code = (
        "import importlib, sys\n"
        f"for module in {modules!r}: importlib.import_module(module)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
