"""Glossary tooltips and the glossary page, in Debian's Chromium (see test_browser.py)."""
from __future__ import annotations

import re

import pytest

from test_browser import ARTICLE, open_article

pytestmark = pytest.mark.browser
TERM = 'a.jiedu-term[data-entry="xiao-ma-la-da-che"]'
TOOLTIP = "#jiedu-tooltip"


def base_url(where, http_root, project_build):
    return http_root if where == "http" else project_build.site.as_uri() + "/"


@pytest.mark.parametrize("where", ["http", "file"])
def test_hover_shows_the_tooltip(page, http_root, project_build, where):
    open_article(page, base_url(where, http_root, project_build))
    page.locator(TERM).first.hover()
    tip = page.locator(TOOLTIP)
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "小马拉大车" in text and "xiǎo mǎ lā dà chē" in text
    assert tip.locator("a", has_text="Glossary entry").count() == 1
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden")


def test_keyboard_focus_opens_and_escape_closes(page, http_root):
    open_article(page, http_root)
    term = page.locator(TERM).first
    term.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # Tab reaches the term like any link
    assert page.evaluate("document.activeElement.dataset.entry") == "xiao-ma-la-da-che"
    page.locator(TOOLTIP).wait_for(state="visible")
    page.keyboard.press("Escape")
    page.locator(TOOLTIP).wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.entry") == "xiao-ma-la-da-che"


def test_terms_are_described_for_screen_readers(page, http_root):
    open_article(page, http_root)
    term = page.locator(TERM).first
    described = term.get_attribute("aria-describedby")
    assert described == "jiedu-def-xiao-ma-la-da-che"
    assert page.locator(f"#{described}").count() == 1
    assert page.locator(f"#{described}").get_attribute("role") == "tooltip"


def test_tap_on_a_phone_opens_a_sheet_without_hiding_the_line_or_leaving(browser, http_root):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    pg = context.new_page()
    open_article(pg, http_root)
    term = pg.locator(TERM).first
    term.scroll_into_view_if_needed()
    url = pg.url
    term.tap()
    tip = pg.locator(TOOLTIP)
    tip.wait_for(state="visible")
    assert pg.url == url, "the first tap must not follow the link"
    t, b = term.bounding_box(), tip.bounding_box()
    overlap = not (b["y"] >= t["y"] + t["height"] or b["y"] + b["height"] <= t["y"])
    assert not overlap, (t, b)
    # The sheet spans the screen and has a close button; taps never leave the page.
    assert abs(b["width"] - 390) <= 1, b
    close = tip.locator(".jiedu-tooltip__close")
    assert close.is_visible()
    term.tap()  # a second tap closes the tooltip, it does not follow the link
    tip.wait_for(state="hidden")
    assert pg.url == url
    term.tap()
    tip.wait_for(state="visible")
    close.tap()
    tip.wait_for(state="hidden")
    term.tap()
    tip.locator(".jiedu-def__more a").first.tap()  # the glossary link is inside the sheet
    pg.wait_for_url(re.compile(r".*glossary\.html#xiao-ma-la-da-che$"))
    context.close()


def test_tooltip_works_after_instant_navigation(page, http_root):
    page.goto(http_root)
    page.wait_for_load_state("networkidle")
    page.locator('article a[href*="social-work-2024-11-04"]').first.click()
    page.wait_for_selector(TERM)
    page.locator(TERM).first.hover()
    page.locator(TOOLTIP).wait_for(state="visible")


def test_glossary_backlinks_land_on_the_paragraph(page, http_root):
    page.goto(http_root + "glossary.html")
    entry = page.locator("#xiao-ma-la-da-che")
    links = entry.locator(".jiedu-backlinks a[href*='#p-']")  # a use's paragraph (the title links to the text)
    assert links.count() >= 1
    links.first.click()
    page.wait_for_url(re.compile(r".*#p-\d+$"))
    page.wait_for_load_state("networkidle")
    anchor = page.url.rsplit("#", 1)[1]
    assert re.fullmatch(r"p-\d+", anchor)
    text = page.locator(f"#{anchor}").evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('rt,rp').forEach(n => n.remove()); return c.textContent }"
    )
    assert "小马拉大车" in text


def test_glossary_page_lists_entries_sorted_by_pinyin(page, http_root):
    page.goto(http_root + "glossary.html")
    assert page.locator(".jiedu-entry").count() >= 40
    letters = page.locator("h2").all_inner_texts()
    assert letters == sorted(letters, key=lambda s: (s != "0–9", s))


PAYLOAD = """\
term: 小马拉大车
english: <img src=x onerror="window.__pwned=1">
english_variants:
  - a small horse pulling a big cart
explanation: >-
  <script>window.__pwned=2</script> [click](javascript:window.__pwned=3) <b onclick="x">bold</b>
sources:
  - title: <i>a title</i>
    url: https://example.org/?q=<script>
category: slogan
"""


def test_contributed_html_stays_inert(browser, make_project):
    make_project.write("annotations/glossary/xiao-ma-la-da-che.yml", PAYLOAD)
    build = make_project.build()
    assert build.result.returncode != 0  # the javascript: link is refused by validation
    assert "link 'javascript:window.__pwned=3' is not allowed" in build.result.stderr
    make_project.write("annotations/glossary/xiao-ma-la-da-che.yml", PAYLOAD.replace("[click](javascript:window.__pwned=3)", "[click](#x)"))
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr
    context = browser.new_context()
    pg = context.new_page()
    dialogs = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in (build.site / ARTICLE).as_uri(), (build.site / "glossary.html").as_uri():
        pg.goto(url)
        pg.wait_for_load_state("load")
        if "texts/" in url:
            pg.locator(TERM).first.hover()
            pg.locator(TOOLTIP).wait_for(state="visible")
            assert "<img" in pg.locator(TOOLTIP).inner_text()  # shown as text
        assert pg.evaluate("window.__pwned") is None
        assert pg.locator(".jiedu-defs script, .jiedu-entry script, #jiedu-tooltip script, .jiedu-entry img, #jiedu-tooltip img").count() == 0
    assert dialogs == []
    index = (build.site / "search/search_index.json").read_text("utf-8")
    assert "<script>" not in index and "<img" not in index
    context.close()
