"""Links land on their paragraph and it stays there, in Debian's Chromium: a link to a
paragraph, a heading or a glossary term's use (#p-12, a heading's id, a backlink) puts the
target under the header within a second and it does not move for the next three, on a
desktop and a phone, from the server and from the service worker's copy, and after the
reader changes a setting.

Measured in the page, every frame from the navigation's start (an init script samples the
target's distance from the header's bottom). Targets are read from the built page: a
paragraph halfway and one three quarters down the text, the text's last heading, and the
paragraph a glossary entry's last backlink names.
"""
from __future__ import annotations

import re

import pytest

from test_browser import ARTICLE
from test_browser_reader import choose

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
#: The issue's target is 1 s (measured once by hand: 0.8 s); a test on a shared machine with
#: two browsers running guards against landing late, not the target (1.4 s seen under load).
LANDED_BY_MS = 2000
WATCH_MS = 3000

#: Every frame, as painted: [ms since the navigation began, the target's top minus the
#: header's bottom] (null before both exist). Read just after the frame is drawn (a message
#: posted from requestAnimationFrame arrives after the paint), so a layout a script corrects
#: before the paint (a ResizeObserver's work) is not counted as a move.
SAMPLER = """(() => {
  const id = decodeURIComponent(location.hash.slice(1));
  window.__anchor = [];
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const el = id && document.getElementById(id), h = document.querySelector('.md-header');
    window.__anchor.push([performance.now(), el && h ? el.getBoundingClientRect().top - h.getBoundingClientRect().bottom : null]);
    requestAnimationFrame(tick);
  };
  const tick = () => channel.port2.postMessage(0);
  requestAnimationFrame(tick);
})();"""


def targets(html: str) -> dict[str, str]:
    """Anchors of the built article: paragraphs, a heading of the text (with a paragraph
    after it: the end of a page cannot scroll under the header)."""
    paragraphs = re.findall(r'<p id="(p-\d+)"', html)
    text = html[: html.index(f'id="{paragraphs[-1]}"')]
    headings = re.findall(r'<h[23] id="([^"]+)"', text)
    return {"half": paragraphs[len(paragraphs) // 2], "three-quarters": paragraphs[3 * len(paragraphs) // 4],
            "heading": headings[len(headings) // 2]}


def landing(page, after_ms: float = 0) -> tuple[float, float, float]:
    """(when the target reached the place it then kept, that place, how far it moved in the
    WATCH_MS after it landed), from the samples taken after ``after_ms``."""
    samples = [(t, y) for t, y in page.evaluate("window.__anchor") if y is not None and t >= after_ms]
    assert samples, "the target never appeared"
    final = samples[-1][1]
    landed = samples[0][0]
    for (t, y), (after, _) in zip(samples, samples[1:]):
        if abs(y - final) >= 0.5:
            landed = after  # it was elsewhere at t: landed by the next frame
    watched = [y for t, y in samples if landed <= t <= landed + WATCH_MS]
    return landed - after_ms, final, (max(watched) - min(watched)) if watched else 0.0


def in_time(page, landed: float) -> bool:
    """Within LANDED_BY_MS of the navigation, or, on a machine so loaded that the page's own
    content arrives later, within 300 ms of DOMContentLoaded (nothing can land before)."""
    ready = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    return landed <= max(LANDED_BY_MS, ready + 300)


def open_at(page, url: str) -> None:
    page.goto(url)
    page.wait_for_timeout(LANDED_BY_MS + WATCH_MS)


@pytest.fixture(scope="module")
def anchors(project_build) -> dict[str, str]:
    return targets(project_build.html(ARTICLE))


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("which", ["half", "three-quarters", "heading"])
def test_a_link_lands_on_its_target_and_it_stays(browser, http_root, anchors, device, which):
    context = browser.new_context(service_workers="block", **device)
    page = context.new_page()
    page.add_init_script(SAMPLER)
    open_at(page, f"{http_root}{ARTICLE}#{anchors[which]}")
    landed, place, drift = landing(page)
    assert in_time(page, landed), (landed, place)
    assert 0 <= place <= 40, place  # under the header, as Material's scroll margin puts it
    assert drift < 1, drift
    context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_from_the_service_workers_copy_too(browser, http_root, anchors, device):
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(http_root + ARTICLE)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
    page.goto(http_root + "index.html")  # then a new navigation to the article (not a jump within it)
    page.add_init_script(SAMPLER)
    open_at(page, f"{http_root}{ARTICLE}#{anchors['three-quarters']}")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    served = page.evaluate("performance.getEntriesByType('navigation')[0].serverTiming.map(t => t.name)")
    assert "jiedu" in served  # the page came from the saved copy
    landed, place, drift = landing(page)
    assert in_time(page, landed) and 0 <= place <= 40 and drift < 1, (landed, place, drift)
    context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("setting", [("pinyin", "hidden"), ("tones", "zhuyin"), ("translation", "shown")])
def test_the_paragraph_stays_when_a_setting_changes(browser, http_root, anchors, device, setting):
    context = browser.new_context(service_workers="block", **device)
    page = context.new_page()
    page.add_init_script(SAMPLER)
    open_at(page, f"{http_root}{ARTICLE}#{anchors['three-quarters']}")
    _, place, _ = landing(page)
    began = page.evaluate("performance.now()")
    choose(page, *setting)
    page.keyboard.press("Escape")
    page.wait_for_timeout(WATCH_MS + LANDED_BY_MS)
    samples = [y for t, y in page.evaluate("window.__anchor") if t > began + 300]
    assert max(abs(y - place) for y in samples) < 1, (min(samples), max(samples), place)
    context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_glossary_backlink_lands_on_the_paragraph(browser, http_root, device):
    context = browser.new_context(service_workers="block", **device)
    page = context.new_page()
    page.goto(http_root + "glossary.html")
    link = page.locator(".jiedu-backlinks a[href*='#p-']").last
    anchor = link.get_attribute("href").rsplit("#", 1)[1]
    page.add_init_script(SAMPLER)
    link.click()
    page.wait_for_url(re.compile(rf".*#{anchor}$"))
    page.wait_for_timeout(LANDED_BY_MS + WATCH_MS)
    landed, place, drift = landing(page)
    assert in_time(page, landed) and 0 <= place <= 40 and drift < 1, (landed, place, drift)
    context.close()
