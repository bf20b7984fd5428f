"""The API reference (docs/api, built by `make docs`) lists every module of the library, and nothing else."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: An autosummary entry: a module name alone on a line indented by three spaces.
ENTRY = re.compile(r"^   ([a-z_][a-z0-9_.]*)$")


def _documented_modules() -> set[str]:
    names = set()
    for page in (ROOT / "docs" / "api").glob("*.rst"):
        current, in_autosummary = None, False
        for line in page.read_text().splitlines():
            if line and not line.startswith(" "):
                in_autosummary = line.startswith(".. autosummary::")
            if line.startswith(".. automodule:: "):
                current = line.split("::", 1)[1].strip()
                names.add(current)
            elif in_autosummary and (match := ENTRY.match(line)):
                name = match[1]
                names.add(name if name.startswith("brainsnn") or current is None else f"{current}.{name}")
    return names


def _library_modules() -> set[str]:
    names = set()
    for path in (ROOT / "brainsnn").rglob("*.py"):
        parts = ["brainsnn", *path.relative_to(ROOT / "brainsnn").with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        if not any(part.startswith("_") for part in parts):
            names.add(".".join(parts))
    return names


def test_every_library_module_has_its_page():
    documented, on_disk = _documented_modules(), _library_modules()
    assert not on_disk - documented, f"add to docs/api/*.rst: {sorted(on_disk - documented)}"
    assert not documented - on_disk, f"remove from docs/api/*.rst: {sorted(documented - on_disk)}"
