"""What the tests and the benchmarks share: a copy of the project, a real MkDocs build of it,
a local HTTP server and the Chromium the browser checks drive.

``tests/conftest.py`` turns these into fixtures; ``scripts/benchlib.py`` uses them as they
are. Nothing here is a test.
"""
from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What a build reads: the text records are checked against their sources, mkdocs.yml's
#: custom_dir is overrides/.
PROJECT_PARTS = ("mkdocs.yml", "hooks", "annotations", "docs", "overrides", "sources")
#: Debian's Chromium here; JIEDU_CHROMIUM=bundled uses Playwright's own (GitHub's runners).
CHROMIUM = os.environ.get("JIEDU_CHROMIUM", "/usr/bin/chromium")
#: Background networking would try to reach Google's hosts from a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Build:
    root: Path
    result: subprocess.CompletedProcess

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


def copy_project(dest: Path) -> Path:
    """Copy the parts of the repository a build reads into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def run_build(root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> Build:
    """``mkdocs build --strict`` in ``root``, in a subprocess, as a user runs it."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}  # as `make` sets it
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=root, capture_output=True, text=True, env=env, timeout=timeout,
    )
    return Build(root, result)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` over HTTP on 127.0.0.1 (a free port), in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright):
    """Chromium through Playwright: Debian's, or Playwright's own with JIEDU_CHROMIUM=bundled."""
    bundled = CHROMIUM == "bundled"
    return playwright.chromium.launch(executable_path=None if bundled else CHROMIUM, args=CHROMIUM_ARGS)
