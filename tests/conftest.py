"""Shared fixtures: the core modules on sys.path, and real MkDocs builds in tmp_path.

Builds run ``mkdocs build`` in a subprocess, as a user would, on a copy of the project (or
of a small fixture project), so tests see exactly what a reader gets.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from support import CHROMIUM, Build, copy_project, launch_chromium, run_build, serve  # noqa: E402,F401  (tests import them from here too)

#: Fixtures that run a real MkDocs build: a test using one (or marked ``build``) is left out of
#: ``make test-fast``.
BUILD_FIXTURES = {"project_build", "make_project", "http_root", "library_build"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.build)


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
    if CHROMIUM != "bundled" and not Path(CHROMIUM).exists():
        if os.environ.get("JIEDU_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium package (.ci/run)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def http_root(project_build, tmp_path_factory):
    """The built site served at http://127.0.0.1:PORT/jiedu/ (a Pages project URL)."""
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(project_build.site, www / "jiedu")
    with serve(www) as base:
        yield base + "jiedu/"


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
