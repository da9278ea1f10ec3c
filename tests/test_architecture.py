"""The dependency rule: app -> viewer -> analysis, importers -> city (see pyproject's import-linter contracts)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_below_viewer_imports_vtk_rendering_or_qt():
    """import-linter cannot forbid subpackages of an external package: check vtkmodules.vtkRendering* here."""
    offenders = []
    for package in ("city", "importers", "analysis"):
        for path in (REPO / package).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(("vtkmodules.vtkRendering", "vtkmodules.vtkInteraction", "PySide6", "pyvistaqt")):
                    offenders.append(f"{path.relative_to(REPO)}: {name}")
    assert not offenders, offenders


def test_city_imports_fast_and_without_a_display():
    """The domain model must load in a plain interpreter with no GL or Qt library loaded."""
    code = (
        "import sys, city, city.district, city.polydata; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyvista', 'vtkmodules.vtkRendering'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
