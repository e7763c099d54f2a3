"""A small library to build in tests: tests/fixtures/library/ (three texts of different kinds
and dates sharing glossary terms) with the repository's hooks, overrides, assets and
mkdocs.yml (its nav left out, so MkDocs lists the fixture's pages itself). Nothing of the
repository's own texts or glossary is used, so adding a text or a term never changes it.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from support import ROOT

FIXTURE = Path(__file__).parent / "fixtures" / "library"


def without_nav(config: str) -> str:
    """``mkdocs.yml`` without its ``nav:`` block (a top-level key and its indented lines)."""
    return re.sub(r"^nav:\n(?:[ \t#].*\n|\n)*", "", config, flags=re.M)


def library_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in ("hooks", "overrides"):
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(FIXTURE / "annotations", dest / "annotations")
    shutil.copytree(FIXTURE / "docs", dest / "docs")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    (dest / "mkdocs.yml").write_text(without_nav((ROOT / "mkdocs.yml").read_text("utf-8")), "utf-8")
    return dest
