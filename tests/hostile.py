"""Helpers for the hostile-input tests (tests/test_hostile*.py): a small project to break,
``make check`` and the import script run as a contributor runs them, a small project MkDocs
can build, and the one assertion every case makes: a clear error, never a traceback.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "term: {term}\nenglish: x\nexplanation: y\ncategory: concept\n"
TEXT = "---\ntitle: t\nlang: zh-Hans\n---\n\n# t\n\n{body}\n"


def project(tmp_path: Path, entries: dict[str, str] | None = None, body: str = "组建社会工作部门。") -> Path:
    """Annotations and one text page, enough for ``make check`` (no mkdocs.yml)."""
    root = tmp_path / "p"
    (root / "annotations/glossary").mkdir(parents=True)
    (root / "annotations/readings.yml").write_text("readings: []\n", "utf-8")
    for name, text in (entries if entries is not None else {"a.yml": ENTRY.format(term="社会工作")}).items():
        (root / "annotations/glossary" / name).write_text(text, "utf-8")
    (root / "docs/texts").mkdir(parents=True)
    (root / "docs/texts/t.md").write_text(TEXT.format(body=body), "utf-8")
    return root


def buildable(root: Path) -> Path:
    """Make ``root`` (from :func:`project`) a project MkDocs builds: the repository's
    mkdocs.yml without its nav, the hooks, the theme overrides and the site's assets."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", "utf-8")
    for part in ("hooks", "overrides", "docs/assets"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    if not (root / "docs/index.md").exists():
        (root / "docs/index.md").write_text("# Home\n\nA small site.\n", "utf-8")
    return root


def entry(term: str, **fields: object) -> str:
    """A glossary entry's YAML, every value quoted."""
    values = {"term": term, "english": "x", "explanation": "y", "category": "concept", **fields}
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in values.items())


def check(root: Path, *args: str, github: bool = False, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "GITHUB_ACTIONS": "true" if github else "false"}
    return subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def import_text(root: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    def small_files():  # a "full disk": writes beyond `limit` bytes fail (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, str(ROOT / "scripts/import_text.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120, preexec_fn=small_files if limit else None)


@dataclass
class Timed:
    result: subprocess.CompletedProcess
    wall: float  # seconds
    cpu: float  # seconds of CPU the build's processes used (user + system)


def build(root: Path, *args: str, timeout: float = 300, **env: str) -> Timed:
    """``mkdocs build --strict`` as ``make site`` runs it, in one process (``JIEDU_WORKERS=1``,
    so its CPU time is all counted), without the cache; timed."""
    environ = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1", "JIEDU_WORKERS": "1",
               "JIEDU_CACHE": "off", **env}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=root,
                            capture_output=True, text=True, env=environ, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(result, time.monotonic() - start, cpu)


def one_clear_error(result: subprocess.CompletedProcess, expected: str) -> None:
    """Failed, with ``expected`` among its lines, and no traceback."""
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "Traceback" not in out, out
    assert any(expected in line for line in out.splitlines()), out
