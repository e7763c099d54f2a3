"""Accessibility, measured as a reader's browser sees the page: axe-core (npm, pinned in
package.json) injected into the built pages, WCAG 2.1 A and AA rules, light and dark, with
and without tone colours. Serious and critical violations fail."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_browser import ARTICLE

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
PAGES = ["index.html", "texts/index.html", ARTICLE, "glossary.html"]


def axe_violations(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `npm ci` (make test does)")
    page.add_script_tag(content=AXE.read_text("utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, count: v.nodes.length,
                                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary.slice(0, 160))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("colours", ["off", "all"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(browser, http_root, path, scheme, colours):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(http_root + path)
    page.evaluate(f"localStorage.setItem('jiedu.reader', JSON.stringify({{colours: {json.dumps(colours)}}}))")
    page.reload()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the blocks near the screen are painted
    violations = axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_panel_and_tooltip_have_no_serious_violations(browser, http_root, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(http_root + ARTICLE)
    page.wait_for_load_state("networkidle")
    page.locator(".jiedu-controls__button").click()
    page.locator("#jiedu-controls-panel").wait_for(state="visible")
    violations = axe_violations(page)
    page.locator("a.jiedu-term").first.focus()  # opens its tooltip; focus leaving closes the panel
    page.locator("#jiedu-tooltip").wait_for(state="visible")
    assert page.locator("#jiedu-controls-panel").is_hidden()
    violations += axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
