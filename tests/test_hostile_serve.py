"""Hostile input, PREVIEW class (issue 24): ``make serve`` keeps serving the last good site
when a save breaks the build (an annotation's YAML, a text record, a page with a script),
and serves the next good save. A real ``mkdocs serve`` on a copy of a small project, edited
as a contributor edits it, polled over HTTP.

(MkDocs holds every request until a build succeeds, so a broken file made the preview stop
answering; the hook's ``on_serve`` builds each rebuild into a new folder and swaps it in
only when the build succeeds.)
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hostile import buildable, entry, project

pytestmark = pytest.mark.build  # real MkDocs builds (make test-fast leaves them out)

#: Seconds to wait for a build of the small project (a busy machine with two cores).
BUILD = 240


def get(url: str, timeout: float = 10) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except Exception as e:  # not answering, not yet serving: said in the assertion
        return None, repr(e)


def wait_for(condition, what: str, limit: float = BUILD) -> None:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {limit:.0f} s")


@pytest.fixture
def serve(tmp_path):
    root = buildable(project(tmp_path, {"a.yml": entry("社会工作", explanation="first version")}))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "JIEDU_WORKERS": "1"}
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=root, stdout=log, stderr=subprocess.STDOUT, env=env)

    class Preview:
        url = f"http://127.0.0.1:{port}/"
        logged = tmp_path / "serve.log"

        def glossary(self) -> tuple[int | None, str]:
            return get(self.url + "glossary.html")

        def failures(self) -> int:
            return self.logged.read_text("utf-8").count("the preview still serves the last site that built")

    preview = Preview()
    preview.root = root
    try:
        wait_for(lambda: "first version" in preview.glossary()[1], "the first build served")
        yield preview
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs shuts down, on_shutdown stops the workers
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


BREAKS = {
    "glossary YAML": ("annotations/glossary/a.yml", "term: [社会工作\nenglish: x\n"),
    "readings YAML": ("annotations/readings.yml", "readings:\n  - phrase: 行业\n    pinyin: [háng\n"),
    "a page's script": ("docs/texts/t.md", "---\ntitle: t\nlang: zh-Hans\n---\n\n组建社会工作部门。<script>alert(1)</script>\n"),
    "front matter": ("docs/texts/t.md", "---\ntitle: [t\n---\n\n组建社会工作部门。\n"),
}


@pytest.mark.parametrize("case", list(BREAKS))
def test_preview_serves_the_last_good_site_and_then_the_fix(serve, case):
    rel, broken = BREAKS[case]
    path = serve.root / rel
    good = path.read_text("utf-8")
    for version in ("second", "third"):  # twice: the preview recovers more than once
        failures = serve.failures()
        path.write_text(broken, "utf-8")
        wait_for(lambda: serve.failures() > failures, "the broken save reported", BUILD)
        status, html = serve.glossary()
        assert status == 200 and "version" in html, (status, html[:200])  # answered at once, the last good site
        entry_file = serve.root / "annotations/glossary/a.yml"
        entry_file.write_text(entry("社会工作", explanation=f"{version} version"), "utf-8")
        path.write_text(good if rel != "annotations/glossary/a.yml" else entry("社会工作", explanation=f"{version} version"), "utf-8")
        wait_for(lambda: f"{version} version" in serve.glossary()[1], f"the fix ({version} version) served")
    assert "Traceback" not in serve.logged.read_text("utf-8")
