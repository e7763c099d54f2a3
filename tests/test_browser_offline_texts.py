"""Offline by choice, in a real browser: above the budget the first visit keeps what every text
needs, and the reader saves the texts they want (the reading options), reads them with the
network gone, and lets them go again. The build's side (offline.json, the zips) is in
test_offline.py.
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import copy_project, run_build
from test_browser import ARTICLE
from test_browser_offline import deploy, kept, new_page, server  # noqa: F401  (the server fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def over_budget(tmp_path, server, monkeypatch):  # noqa: F811
    """The project built for the server's address with a budget it passes (0.3 MB)."""
    monkeypatch.setenv("SITE_URL", server.base)
    root = copy_project(tmp_path / "p")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("\nextra:\n", "\nextra:\n  jiedu:\n    offline_budget_mb: 0.3\n", 1),
                                     encoding="utf-8")
    build = run_build(root)
    assert build.result.returncode == 0, build.result.stderr
    return build


def test_a_reader_saves_a_text_reads_it_offline_and_lets_it_go(browser, over_budget, server, tmp_path):  # noqa: F811
    deploy(over_budget, tmp_path / "www")
    data = kept(over_budget.site)
    assert "texts" in data, "the site passes the budget"
    texts = {t[0]: t for t in data["texts"]["texts"]}
    assert ARTICLE in texts
    common = {data["files"][i][0] for i in data["texts"]["common"]}
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    failed: list[str] = []
    try:
        page = new_page(context, failed)
        base = server.base
        page.goto(base + ARTICLE)
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
        # the first visit kept what every text needs, not the text
        saved = page.evaluate("caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))"
                              ".then(all => all.flat().map(r => r.url))")
        saved = {u.removeprefix(base) for u in saved if u.startswith(base)} - {"list"}  # the list: the copy's name
        assert saved == common, (saved ^ common)
        page.locator(".jiedu-controls__button").click()
        panel = page.locator("#jiedu-controls-panel")
        expect(panel.locator(".jiedu-offline")).to_contain_text("save the texts you want", timeout=30_000)
        zips = panel.locator(".jiedu-offline__zips a")
        assert [a.get_attribute("href").rsplit("/", 1)[1] for a in zips.all()] == [
            ARTICLE.rsplit("/", 1)[1].replace(".html", ".zip"), "jiedu-site-common.zip"]
        panel.get_by_role("button", name="Save this text for offline reading").click()
        expect(panel.locator(".jiedu-offline__here")).to_contain_text("This text is saved on this device", timeout=60_000)
        expect(panel.locator(".jiedu-offline__kept li")).to_have_count(1)
        expect(panel.locator(".jiedu-offline")).to_contain_text("1 text")
        # with the network gone the text reads, with its word popup
        server.down = True
        context.set_offline(True)
        page.goto(base + ARTICLE)
        page.wait_for_selector(".jiedu-text ruby rt", state="attached")
        word = page.locator("#p-2 ruby:not(a.jiedu-term ruby)").first
        word.scroll_into_view_if_needed()
        word.click()
        page.locator("#jiedu-word").locator(".jiedu-word__senses, .jiedu-word__chars").first.wait_for()
        page.keyboard.press("Escape")
        # let it go: online again, the text leaves the copy (what every text needs stays)
        server.down = False
        context.set_offline(False)
        page.goto(base + ARTICLE)
        page.locator(".jiedu-controls__button").click()
        panel.get_by_role("button", name="Remove it from this device").click()
        expect(panel.get_by_role("button", name="Save this text for offline reading")).to_be_visible(timeout=60_000)
        stored = page.evaluate("([u, c]) => caches.match(u, {cacheName: c}).then(r => r.json())", [base + "list", f"jiedu {base} current"])
        assert stored["chosen"] == []
        assert page.errors == []
    finally:
        context.close()
