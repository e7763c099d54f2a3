"""CONTRIBUTING's "Add a text", followed step by step on a copy of the project, keeps CI green:
the import, the record filled in, the page regenerated, the nav, make check and the strict
build, then the content checks every text of the library passes (tests/librarychecks.py)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import librarychecks

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "sources" / "news.md"
SLUG = "community-volunteers"


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, timeout=300)


def test_adding_a_text_by_the_documented_steps_keeps_ci_green(make_project):
    root = make_project.root
    record = f"annotations/texts/{SLUG}.yml"
    # 1. the raw source in sources/, as received
    shutil.copy2(SOURCE, root / "sources" / f"{SLUG}.md")
    # 2. make import SRC=sources/<slug>.md SLUG=<slug>
    r = run(root, str(ROOT / "scripts/import_text.py"), "--new", f"sources/{SLUG}.md", "--slug", SLUG, "--root", str(root))
    assert r.returncode == 0, r.stderr
    text = (root / record).read_text("utf-8")
    assert "source_kind: markdown" in text and 'rights: ""' in text
    # until the record says what the text is and whether it may be published, make check refuses it
    r = run(root, str(ROOT / "scripts/check.py"), "--root", str(root))
    assert r.returncode == 1 and re.search(rf"{record}:\d+:1: error: 'rights' is empty", r.stdout), r.stdout
    # 3. the record filled in: kind, source, date, rights (title and headings as proposed)
    text = re.sub(r'(?m)^kind: "".*$', "kind: news", text)
    text = re.sub(r'(?m)^source: "".*$', "source: Jiedu test fixture", text)
    text = re.sub(r'(?m)^date: "".*$', 'date: "2024-05"', text)
    text = re.sub(r'(?m)^rights: ""$', "rights: written for Jiedu's tests; CC BY-SA 4.0", text)
    (root / record).write_text(text, "utf-8")
    # 4. make article
    r = run(root, str(ROOT / "scripts/import_text.py"), record, "--root", str(root))
    assert r.returncode == 0, r.stderr
    # 5. the page in nav: under Texts
    config = root / "mkdocs.yml"
    nav = config.read_text("utf-8")
    first = re.search(r"(?m)^      - texts/(?!index).*\.md$", nav)
    config.write_text(nav[: first.start()] + f"      - texts/{SLUG}.md\n" + nav[first.start():], "utf-8")
    # 6. make check and make site, both strict
    r = run(root, str(ROOT / "scripts/check.py"), "--strict", "--root", str(root))
    assert r.returncode == 0, r.stdout + r.stderr
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr

    # the content checks of every text in the library, on the new text
    for check in (librarychecks.page_is_generated, librarychecks.metadata_is_the_record, librarychecks.anchors_once,
                  librarychecks.source_reaches_page, librarychecks.ocr_punctuation):
        check(root, record)
    html = build.html(f"texts/{SLUG}.html")
    assert "<dt>Rights</dt><dd>written for Jiedu" in html
    assert '<time datetime="2024-05">May 2024</time>' in html
    assert re.search(r'<p\b[^>]*\bid="p-1"', html) and "**" not in html.split('<div class="jiedu-notes')[0]
    texts = build.html("texts/index.html")
    assert f'href="{SLUG}.html"' in texts and "Rights: written for Jiedu" in texts
    assert f'href="texts/{SLUG}.html"' in build.html("index.html")  # in the nav
