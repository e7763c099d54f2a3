"""Hostile input, SCRIPT class: payloads in every contributed string that reaches the site
(a text record's title, place and source; a raw source's markup; a correction's reason,
shown by Material's tooltips as HTML; page front matter; a glossary explanation with
``javascript&colon;`` and emphasis around a link). The site is built and loaded in Chromium
with a dialog handler; every payload calls ``alert``, so one dialog is one failure.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from support import copy_project, run_build

    root = copy_project(tmp_path_factory.mktemp("hostile"))
    script = [sys.executable, str(ROOT / "scripts/import_text.py"), "--root", str(root)]
    raw = root / "sources/xss.raw.txt"
    raw.write_bytes((FIXTURES / "xss.raw.txt").read_bytes())
    result = subprocess.run([*script, "--new", str(raw), "--slug", "xss"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    record = root / "annotations/texts/xss.yml"
    text = record.read_text("utf-8")
    text = re.sub(r'(?m)^kind: "".*$', "kind: other", text).replace('rights: ""', 'rights: "<script>alert(9)</script>"')
    text = text.replace('source: ""', 'source: "[x](javascript:alert(4)){: onmouseover=alert(5)}"')
    text = text.replace('place: ""', 'place: "<img src=x onerror=alert(6)>"')
    text = text.replace("corrections: []", "corrections:\n  - raw: ''\n    corrected: 缺\n    context: 第二段\n    kind: gap\n"
                        "    reason: '<img src=x onerror=alert(7)> & \"q\"'\n  - raw: 第一\n    corrected: 第壹\n    context: 第一段\n"
                        "    kind: editorial-restoration\n    reason: <svg onload=alert(8)>")
    record.write_text(text, "utf-8")
    result = subprocess.run([*script, str(record)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (root / "docs/texts/fm.md").write_text((FIXTURES / "xss-front-matter.md").read_text("utf-8"), "utf-8")
    entry = root / "annotations/glossary/jie-su-ji-ban.yml"
    payload = json.dumps((FIXTURES / "explanation.txt").read_text("utf-8"), ensure_ascii=False)
    entry.write_text(re.sub(r"explanation: >-\n(  .*\n)+", f"explanation: {payload}\n", entry.read_text("utf-8")), "utf-8")
    build = run_build(root)
    assert build.result.returncode == 0, build.result.stderr
    return build


PAGES = ["texts/xss.html", "texts/fm.html", "texts/index.html", "glossary.html",
         "texts/social-work-2024-11-04.html", "index.html"]


def test_no_javascript_url_or_event_handler_in_the_html(hostile_site):
    for name in PAGES:
        html = hostile_site.html(name)
        assert not re.search(r"""href=["']?\s*javascript""", html, re.I), name
        assert not re.search(r"<(img|svg|script|b)\b[^>]*\bon\w+=", html, re.I), name
        assert "<script>alert" not in html, name


@pytest.mark.parametrize("name", PAGES)
def test_no_script_runs_in_chromium(hostile_site, page, name):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((hostile_site.site / name).as_uri())
    page.wait_for_timeout(300)
    # Hover everything that could carry a payload: titled elements (Material's tooltips
    # render them), links, metadata and list items; then focus the links.
    for el in page.query_selector_all("article [title], article a, .jiedu-meta dd, article li, article ins")[:200]:
        try:
            el.hover(timeout=500)
            page.wait_for_timeout(30)
        except Exception:
            pass  # hidden or detached: nothing to hover
    page.wait_for_timeout(300)
    assert dialogs == [], dialogs


def test_reasons_show_as_text_in_material_tooltips(hostile_site, page):
    """Material's ``content.tooltips`` reads an element's ``title`` and sets it as the
    tooltip's ``innerHTML``: the same operation here, in Chromium, on every titled element,
    must give the reason's characters as text and create no element."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((hostile_site.site / "texts/xss.html").as_uri())
    shown = page.eval_on_selector_all(
        "article [title]", "els => els.map(e => { const d = document.createElement('div'); d.innerHTML = e.title; "
        "document.body.append(d); return [d.textContent, d.children.length]; })")
    page.wait_for_timeout(300)
    assert ["Gap in the source: <img src=x onerror=alert(7)> & \"q\"", 0] in shown, shown
    assert ["Editorial restoration: <svg onload=alert(8)>", 0] in shown, shown
    assert dialogs == []


def test_front_matter_and_record_values_are_text(hostile_site, page):
    page.goto((hostile_site.site / "texts/index.html").as_uri())
    items = page.eval_on_selector_all("article li", "els => els.map(e => { const c = e.cloneNode(true); "
                                      "c.querySelectorAll('rt').forEach(r => r.remove()); return c.textContent; })")
    assert any("<img src=x onerror=alert(21)>标题" in t for t in items), items
    assert any("[x](javascript:alert(4)){: onmouseover=alert(5)}" in t for t in items), items
    assert any("Rights: <script>alert(9)</script>" in t for t in items), items  # rights: shown as text
    page.goto((hostile_site.site / "texts/fm.html").as_uri())
    assert page.title().startswith("<img src=x onerror=alert(21)>标题")
    assert "<svg onload=alert(26)>" in page.locator(".jiedu-meta").inner_text()


# -- scripts in pages (issue 24): the check refuses what Chromium would run ----------------

EVENTS = "mouseover mouseenter mouseout focus blur click dblclick keydown load error toggle input change submit begin animationstart".split()


def ran_in_chromium(page, html: str) -> list[str]:
    """The dialogs ``html`` opens in Chromium, given every chance: loaded, every element
    sent every event a handler may wait for, every link and button clicked."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.set_content(f"<!doctype html><meta charset=utf-8><body>{html}</body>", timeout=5000)
        page.wait_for_timeout(300)
        page.evaluate("""events => { for (const el of document.querySelectorAll('*')) for (const e of events) {
                             try { el.dispatchEvent(new Event(e, {bubbles: false})); } catch (x) {} } }""", EVENTS)
        for el in page.query_selector_all("a, button, input, svg a"):
            try:
                el.click(timeout=500, force=True)
                page.wait_for_timeout(100)
            except Exception:
                pass  # navigated away, hidden or detached
        page.wait_for_timeout(300)
    except Exception:
        pass  # a refresh or a navigation replaced the document: what ran is in dialogs
    return dialogs


@pytest.fixture(scope="module")
def render():
    sys.path.insert(0, str(ROOT / "hooks"))
    from jiedu.check import markdown_renderer

    return markdown_renderer(ROOT)


def _payloads():
    from test_hostile_scripts import HARMLESS, PAYLOADS

    return [p[0] for p in PAYLOADS], HARMLESS


@pytest.mark.parametrize("markdown", _payloads()[0] + [
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(document.domain))", "<a href=javascript&colon;alert(1)>x</a>",
    "<svg><a href=javascript:alert(1)><rect width=100 height=100 /></a></svg>", "<input autofocus onfocus=alert(1)>",
    "<body onpageshow=alert(1)>", "<video><source onerror=alert(1)></video>", "<math href=javascript:alert(1)>x</math>",
])
def test_what_chromium_runs_is_what_the_check_refuses(page, render, markdown):
    from jiedu.page.activecontent import findings

    html = render(markdown)
    ran = ran_in_chromium(page, html)
    flagged = [f.what for f in findings(html)]
    assert flagged or not ran, (markdown, ran)  # everything that runs is refused


@pytest.mark.parametrize("markdown", _payloads()[1])
def test_what_the_check_passes_runs_nothing(page, render, markdown):
    from jiedu.page.activecontent import findings

    html = render(markdown)
    assert findings(html) == []
    assert ran_in_chromium(page, html) == []


@pytest.fixture(scope="module")
def trusted_site(tmp_path_factory):
    from hostile import buildable, build, project

    root = buildable(project(tmp_path_factory.mktemp("trusted")))
    (root / "docs/player.md").write_text("# Player\n\n<script>alert('trusted')</script>\n", "utf-8")
    config = (root / "mkdocs.yml").read_text("utf-8").replace("extra:\n", "extra:\n  jiedu:\n    trusted_pages: [player.md]\n", 1)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    built = build(root)
    assert built.result.returncode == 0, built.result.stderr
    return root / "site"


def test_a_trusted_page_runs_its_script_and_no_other_page_runs_one(page, trusted_site):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((trusted_site / "player.html").as_uri())
    page.wait_for_timeout(300)
    assert dialogs == ["trusted"]
    for name in ("index.html", "texts/t.html", "glossary.html"):
        page.goto((trusted_site / name).as_uri())
        page.wait_for_timeout(200)
    assert dialogs == ["trusted"]
