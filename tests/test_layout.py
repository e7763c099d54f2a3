"""The code's layout: the wings of ``hooks/jiedu`` import only the wings below them, and the
commit that re-housed the modules into wings built the same site as the one before it."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

PACKAGE = ROOT / "hooks" / "jiedu"
#: Each wing and the wings it may import (ARCHITECTURE.md); the top level (site, check, …) may import all.
MAY_IMPORT = {
    "base": set(),
    "annotations": {"base"},
    "reading": {"base"},
    "readpass": {"base", "reading"},
    "page": {"base", "annotations", "reading"},
    "outputs": {"base", "readpass"},
    "importer": {"base", "annotations"},
}
#: The mechanical move into wings (its own commit, nothing else in it).
MOVE = "c2aaa5b"


def imported_wings(path: Path) -> set[str]:
    """The wings a module of the package imports (relative imports that leave its wing)."""
    wing = path.relative_to(PACKAGE).parts[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level >= 2:
            target = (node.module or "").split(".")[0] or (node.names[0].name if node.names else "")
            if target and target != wing:
                out.add(target)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("jiedu."):
            out.add(node.module.split(".")[1])
    return out


@pytest.mark.parametrize("wing", sorted(MAY_IMPORT))
def test_a_wing_imports_only_the_wings_below_it(wing):
    for path in sorted((PACKAGE / wing).rglob("*.py")):
        extra = imported_wings(path) - MAY_IMPORT[wing]
        assert not extra, f"{path.relative_to(ROOT)} imports {sorted(extra)}; {wing}/ may import {sorted(MAY_IMPORT[wing]) or 'nothing of Jiedu'}"


def test_every_module_is_in_a_wing_or_on_top():
    wings = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert wings == set(MAY_IMPORT), "a new wing needs its place in MAY_IMPORT and ARCHITECTURE.md"


@pytest.mark.build
def test_the_move_into_wings_built_the_same_site():
    have = subprocess.run(["git", "cat-file", "-e", f"{MOVE}^{{commit}}"], cwd=ROOT, capture_output=True)
    parent = subprocess.run(["git", "cat-file", "-e", f"{MOVE}~1^{{commit}}"], cwd=ROOT, capture_output=True)
    if have.returncode or parent.returncode:
        pytest.skip("this clone does not have the history of the move")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "same_site.py"), f"{MOVE}~1", MOVE],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
