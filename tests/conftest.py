"""Shared fixtures: the core modules on sys.path, and real MkDocs builds in tmp_path.

Builds run ``mkdocs build`` in a subprocess, as a user would, on a copy of the project (or
of a small fixture project), so tests see exactly what a reader gets.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

PROJECT_PARTS = ("mkdocs.yml", "hooks", "annotations", "docs", "overrides", "sources")  # the build checks text records against their sources
# Debian's Chromium here; JIEDU_CHROMIUM=bundled uses Playwright's own (GitHub's runners).
CHROMIUM = os.environ.get("JIEDU_CHROMIUM", "/usr/bin/chromium")


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
        else:
            shutil.copy2(src, dest / part)
    return dest


def run_build(root: Path, *args: str, env: dict[str, str] | None = None) -> Build:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}  # as `make` sets it
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=root, capture_output=True, text=True, env=env, timeout=600,
    )
    return Build(root, result)


@pytest.fixture(scope="session")
def project_build(tmp_path_factory) -> Build:
    """The repository's own site, built once per test session."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    build = run_build(root)
    assert build.result.returncode == 0, build.result.stderr
    return build


@pytest.fixture
def make_project(tmp_path):
    """A copy of the project to break or extend in a test; call ``.build()`` on it."""

    class Project:
        root = copy_project(tmp_path / "p")

        def write(self, rel: str, content: str | bytes) -> Path:
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            return path

        def build(self, *args: str) -> Build:
            return run_build(self.root, *args)

    return Project()


# -- browser (Playwright driving Debian's Chromium) ----------------------------------------


@pytest.fixture(scope="session")
def browser():
    bundled = CHROMIUM == "bundled"
    if not bundled and not Path(CHROMIUM).exists():
        if os.environ.get("JIEDU_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium package (.ci/run)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=None if bundled else CHROMIUM,
            # Background networking would try to reach Google's hosts from a closed network.
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def http_root(project_build, tmp_path_factory):
    """The built site served at http://127.0.0.1:PORT/jiedu/ (a Pages project URL)."""
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(project_build.site, www / "jiedu")
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jiedu/"
    server.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def library_build(tmp_path_factory) -> Build:
    """The small library of tests/fixtures/library (three texts of different kinds and dates
    sharing terms), built once per session with a published address (for citations)."""
    from libraryfixture import library_project

    root = library_project(tmp_path_factory.mktemp("library"))
    build = run_build(root, env={"SITE_URL": "https://example.org/jiedu/"})
    assert build.result.returncode == 0, build.result.stderr
    return build
