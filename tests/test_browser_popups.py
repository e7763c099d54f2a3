"""Tooltips and word popups as panels (jiedu-popover.js), in Debian's Chromium: always inside
the viewport, never taller than the room they have (a long one scrolls inside itself), one
at a time, and on a phone a tap opens one every time, closing never swallowing the next tap.

Every glossary entry the article uses is opened, whatever the glossary holds; words are
taken from the page.
"""
from __future__ import annotations

import pytest

from test_browser import ARTICLE, open_article

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TOOLTIP, POPUP = "#jiedu-tooltip", "#jiedu-word"
WORD = ".jiedu-text > p ruby:not(a.jiedu-term ruby)"

#: Open every entry's tooltip once (by a click on its first use, scrolled to the middle, the
#: top and the bottom of the screen in turn); its box, the viewport's height, whether it scrolls.
EVERY_TOOLTIP = """async () => {
  const out = [], seen = new Set(), frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const blocks = ['center', 'start', 'end'];
  for (const t of document.querySelectorAll('.jiedu-text a.jiedu-term')) {
    if (seen.has(t.dataset.entry)) continue;
    seen.add(t.dataset.entry);
    t.scrollIntoView({block: blocks[seen.size % 3]});
    await frame();
    t.click();
    await frame();
    const p = document.getElementById('jiedu-tooltip'), r = p.getBoundingClientRect();
    out.push({entry: t.dataset.entry, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
              height: r.height, scrolls: p.scrollHeight > p.clientHeight + 1,
              maxHeight: getComputedStyle(p).maxHeight, overflow: getComputedStyle(p).overflowY});
    p.querySelector('.jiedu-tooltip__close').click();
  }
  return out;
}"""


def visible(page, selector: str) -> bool:
    return page.evaluate(
        "s => { const p = document.querySelector(s); return !!p && !p.hidden && getComputedStyle(p).display !== 'none'; }",
        selector,
    )


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_tooltip_is_inside_the_viewport_and_scrolls_when_long(browser, http_root, device):
    context = browser.new_context(**device)
    page = context.new_page()
    open_article(page, http_root)
    width, height = device["viewport"]["width"], device["viewport"]["height"]
    tips = page.evaluate(EVERY_TOOLTIP)
    assert len(tips) >= 10
    outside = [t["entry"] for t in tips if t["top"] < -0.5 or t["bottom"] > height + 0.5 or t["left"] < -0.5 or t["right"] > width + 0.5]
    assert not outside, outside
    assert all(t["maxHeight"] != "none" and t["overflow"] == "auto" for t in tips)
    assert max(t["height"] for t in tips) <= min(0.7 * height, 600), max(tips, key=lambda t: t["height"])
    # the longest one scrolls inside itself, its close button in view while it does
    longest = max(tips, key=lambda t: t["height"])
    if longest["scrolls"]:
        term = page.locator(f'.jiedu-text a.jiedu-term[data-entry="{longest["entry"]}"]').first
        term.scroll_into_view_if_needed()
        term.click()
        tip = page.locator(TOOLTIP)
        tip.evaluate("p => { p.scrollTop = p.scrollHeight; }")
        close, box = tip.locator(".jiedu-tooltip__close").bounding_box(), tip.bounding_box()
        assert box["y"] <= close["y"] and close["y"] + close["height"] <= box["y"] + box["height"] + 1, (close, box)
    context.close()


def test_a_word_popup_is_inside_the_viewport_at_the_page_bottom(page, http_root):
    page.set_viewport_size({"width": 1280, "height": 600})
    open_article(page, http_root)
    words = page.locator(WORD)
    last = words.nth(words.count() - 1)
    last.evaluate("r => r.scrollIntoView({block: 'end'})")
    last.click()
    page.locator(f"{POPUP} .jiedu-word__senses, {POPUP} .jiedu-word__chars").first.wait_for()
    box = page.locator(POPUP).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 600, box


def phone(browser, http_root):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    open_article(page, http_root)
    return context, page


def terms_to_tap(page, n: int) -> list[int]:
    """Indexes of ``n`` term uses spread over the article (long and short ones)."""
    count = page.locator(".jiedu-text a.jiedu-term").count()
    return [round(i * (count - 1) / (n - 1)) for i in range(n)]


def test_on_a_phone_twenty_taps_open_twenty_sheets(browser, http_root):
    context, page = phone(browser, http_root)
    terms = page.locator(".jiedu-text a.jiedu-term")
    opened = []
    for k, i in enumerate(terms_to_tap(page, 20)):
        term = terms.nth(i)
        term.evaluate("(t, f) => window.scrollBy(0, t.getBoundingClientRect().top - innerHeight * f)", [0.25, 0.5, 0.75][k % 3])
        term.tap()
        page.wait_for_timeout(150)
        opened.append(visible(page, TOOLTIP) and page.evaluate("document.querySelector('#jiedu-tooltip').getBoundingClientRect().height") > 40)
        # close it three ways in turn: its button, a tap on the term again, a tap outside
        how = k % 3
        if how == 0:
            page.locator(f"{TOOLTIP} .jiedu-tooltip__close").tap()
        elif how == 1:
            term.tap()
        else:  # the page's margin, in the half of the screen the sheet leaves free
            sheet = page.locator(TOOLTIP).bounding_box()
            page.touchscreen.tap(4, 600 if sheet["y"] < 200 else 200)
        page.wait_for_timeout(100)
        assert not visible(page, TOOLTIP), (k, i, how)
    assert all(opened), opened
    context.close()


def test_a_tap_whose_click_lands_beside_the_term_still_opens_it(browser, http_root):
    """A phone may move a tap's click onto a neighbouring element (touch adjustment): the
    tap began on the term, so the term's sheet opens and stays."""
    context, page = phone(browser, http_root)
    results = page.evaluate("""async () => {
      const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      const out = [];
      const terms = [...document.querySelectorAll('.jiedu-text > p a.jiedu-term')].slice(0, 10);
      for (const t of terms) {
        t.scrollIntoView({block: 'center'});
        await frame();
        const next = t.nextElementSibling || t.parentElement;
        const r = t.getBoundingClientRect();
        const at = {bubbles: true, cancelable: true, clientX: r.left + 2, clientY: r.top + 2, pointerType: 'touch', isPrimary: true, detail: 1};
        t.dispatchEvent(new PointerEvent('pointerdown', at));
        t.focus();
        t.dispatchEvent(new PointerEvent('pointerup', at));
        next.dispatchEvent(new MouseEvent('click', at));
        await frame();
        const p = document.getElementById('jiedu-tooltip');
        out.push(!!p && !p.hidden);
        if (p) p.querySelector('.jiedu-tooltip__close').click();
      }
      return out;
    }""")
    assert results and all(results), results
    context.close()


@pytest.mark.xfail(reason="known defect (issue 22 note): on Chromium's phone emulation a tap on a one-character "
                          "word beside a glossary term (对 in the seed article) opens the term's sheet, not the word's",
                   strict=False)
def test_one_panel_at_a_time_and_closing_never_swallows_the_next_tap(browser, http_root):
    context, page = phone(browser, http_root)
    words, terms = page.locator(WORD), page.locator(".jiedu-text > p a.jiedu-term")
    for k in range(6):
        word, term = words.nth(30 + 25 * k), terms.nth(3 + 4 * k)
        word.scroll_into_view_if_needed()
        word.tap()
        page.locator(POPUP).wait_for(state="visible")
        term.scroll_into_view_if_needed()
        term.tap()  # a term while the word's sheet is open: the term's sheet alone
        page.wait_for_timeout(100)
        assert visible(page, TOOLTIP) and not visible(page, POPUP), k
        word.scroll_into_view_if_needed()
        word.tap()  # and back: the word's sheet alone
        page.wait_for_timeout(100)
        assert visible(page, POPUP) and not visible(page, TOOLTIP), k
        page.locator(f"{POPUP} .jiedu-word__close").tap()  # closed: the very next tap opens
        page.wait_for_timeout(50)
        term.scroll_into_view_if_needed()
        term.tap()
        page.wait_for_timeout(100)
        assert visible(page, TOOLTIP), k
        page.locator(f"{TOOLTIP} .jiedu-tooltip__close").tap()
        page.wait_for_timeout(50)
    context.close()


def test_hover_moves_from_a_tooltip_to_a_word_popup_one_at_a_time(page, http_root):
    open_article(page, http_root)
    term = page.locator(".jiedu-text > p a.jiedu-term").nth(2)
    term.scroll_into_view_if_needed()
    term.click()  # pinned
    page.locator(TOOLTIP).wait_for(state="visible")
    word = page.locator(WORD).nth(10)
    word.scroll_into_view_if_needed()
    word.click()
    page.locator(POPUP).wait_for(state="visible")
    assert not visible(page, TOOLTIP)
    term.click()
    page.locator(TOOLTIP).wait_for(state="visible")
    assert not visible(page, POPUP)
    assert page.url.endswith(ARTICLE)
