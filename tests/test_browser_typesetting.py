"""Typesetting as a reader sees it, measured in Chromium: glyph positions, computed sizes, the
fonts really used, the page's height while reading, the reader's place when a setting
changes, and how densely terms are marked. Desktop (1280 px) and phone (390 px)."""
from __future__ import annotations

import re

import pytest

from test_browser import ARTICLE, open_article
from test_browser_reader import choose

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

#: In a page: each character of ``block`` outside ``skip`` (a selector), with its box and the
#: text node holding it.
EACH_CHAR = """const eachChar = (block, skip, f) => {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(skip)) continue;
    for (let i = 0; i < n.length; i++) {
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      f(n.data[i], r.getBoundingClientRect(), n);
    }
  }
};
"""

#: Centre-to-centre distances of consecutive characters on one line, in ems of their font.
STEPS = """(sel) => {
  """ + EACH_CHAR + """
  const out = [];
  for (const block of document.querySelectorAll(sel)) {
    const size = parseFloat(getComputedStyle(block).fontSize);
    const chars = [];
    eachChar(block, 'rt', (ch, b, n) =>
      chars.push({ch, x: b.left + b.width / 2, top: Math.round(b.top), word: n.parentElement.closest('ruby')}));
    for (let i = 1; i < chars.length; i++) {
      const a = chars[i - 1], b = chars[i];
      if (a.top !== b.top || !/\\p{sc=Han}/u.test(a.ch) || !/\\p{sc=Han}/u.test(b.ch)) continue;
      out.push({inWord: !!a.word && a.word === b.word, em: (b.x - a.x) / size, pair: a.ch + b.ch});
    }
  }
  return out;
}"""


def context_page(browser, http_root, device, path=ARTICLE, storage=None):
    context = browser.new_context(**device)
    page = context.new_page()
    if storage:
        page.goto(http_root + "index.html")
        page.evaluate("s => localStorage.setItem('jiedu.reader', s)", storage)
    open_article(page, http_root) if path == ARTICLE else page.goto(http_root + path)
    return context, page


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_characters_inside_a_word_are_one_em_apart_and_plain_text_is_solid(browser, http_root, device):
    context, page = context_page(browser, http_root, device)
    blocks = "#p-2, #p-3, #p-5, #p-6, #p-8"
    shown = page.evaluate(STEPS, blocks)
    inside = [s for s in shown if s["inWord"]]
    assert len(inside) > 100
    uneven = [s for s in inside if abs(s["em"] - 1) > 0.02]
    assert not uneven, uneven[:5]
    between = [s["em"] for s in shown if not s["inWord"]]
    assert between and min(between) >= 0.98  # room a long syllable needs goes between words
    choose(page, "pinyin", "hidden")
    hidden = page.evaluate(STEPS, blocks)
    off = [s for s in hidden if abs(s["em"] - 1) > 0.02]
    assert len(hidden) > 200 and not off, off[:5]  # exactly as plain Chinese
    choose(page, "colours", "all")  # characters in coloured spans: the same setting
    page.wait_for_function("() => document.querySelector('#p-2 .jiedu-hz') !== null", timeout=5000)
    coloured = page.evaluate(STEPS, blocks)
    off = [s for s in coloured if abs(s["em"] - 1) > 0.02]
    assert len(coloured) == len(hidden) and not off, off[:5]
    choose(page, "pinyin", "shown")
    inside = [s for s in page.evaluate(STEPS, blocks) if s["inWord"]]
    assert inside and all(abs(s["em"] - 1) <= 0.02 for s in inside)
    context.close()


#: Per paragraph: the text's right edge and, for each line but the last, the room left at its
#: end, in ems (the characters' boxes grouped by their top).
LINE_ENDS = """(sel) => { """ + EACH_CHAR + """ return Array.from(document.querySelectorAll(sel), (p) => {
  const size = parseFloat(getComputedStyle(p).fontSize), box = p.getBoundingClientRect();
  const right = box.right - parseFloat(getComputedStyle(p).paddingRight);
  const lines = new Map();
  eachChar(p, 'rt, button, .jiedu-en', (ch, b) => {
    if (b.width) lines.set(Math.round(b.top), Math.max(lines.get(Math.round(b.top)) || 0, b.right));
  });
  const ends = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, x]) => (right - x) / size);
  const measure = (right - box.left - parseFloat(getComputedStyle(p).paddingLeft)) / size;
  return {id: p.id, room: ends.slice(0, -1), spare: measure - Math.floor(measure)};
}); }"""


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_without_pinyin_lines_fill_the_measure_as_plain_chinese(browser, http_root, device):
    """A word without pinyin over it is plain text: a line may break inside a long word or
    term, so no line ends early (a ragged edge reads as a break in the text)."""
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(http_root + "index.html")
    page.evaluate("localStorage.setItem('jiedu.reader', '{\"pinyin\": \"hidden\"}')")
    page.goto(http_root + ARTICLE)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.dataset.jieduPinyin") == "hidden"
    paragraphs = page.evaluate(LINE_ENDS, "#p-2, #p-3, #p-5, #p-6, #p-8, #p-14, #p-20")
    rooms = [room for p in paragraphs for room in p["room"]]
    assert len(rooms) >= 10
    # What a line of whole characters leaves (spare), and one character more where
    # punctuation may not start the next line; before, up to five characters of a long word.
    ragged = [(p["id"], round(room, 2)) for p in paragraphs for room in p["room"] if room > p["spare"] + 1.05]
    assert not ragged, ragged
    context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_readable_sizes_and_a_text_size_control(browser, http_root, device):
    context, page = context_page(browser, http_root, device)
    size = lambda sel: page.locator(sel).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")  # noqa: E731
    hanzi, pinyin = size("#p-2 ruby"), size("#p-2 rt")
    assert hanzi >= 18 and pinyin >= 11, (hanzi, pinyin)
    page.locator(".jiedu-controls__button").click()
    assert size("#jiedu-controls-panel label") >= 14
    page.get_by_role("button", name="Larger text").click()
    assert size("#p-2 ruby") > hanzi * 1.1 and size("#p-2 rt") > pinyin * 1.1
    page.reload()
    page.wait_for_selector(".jiedu-text rt")
    assert size("#p-2 ruby") > hanzi * 1.1  # the choice persists
    page.locator(".jiedu-controls__button").click()
    page.get_by_role("button", name="Smaller text").click()
    assert abs(size("#p-2 ruby") - hanzi) < 0.5
    page.keyboard.press("Escape")
    page.locator("a.jiedu-term").first.focus()
    page.locator("#jiedu-tooltip").wait_for(state="visible")
    assert size("#jiedu-tooltip .jiedu-def__english") >= 14
    context.close()


def test_the_cjk_font_is_really_used_and_pinyin_is_in_one_font(browser, http_root):
    """Chromium's own account of the fonts that drew the text (DevTools protocol)."""
    context, page = context_page(browser, http_root, DESKTOP)
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]

    def fonts(selector: str) -> set[str]:
        ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
        out: set[str] = set()
        for node in ids[:80]:
            out |= {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
        return out

    cjk = re.compile(r"CJK|PingFang|Hiragino|YaHei|Source Han|WenQuanYi")
    hanzi, punctuation = fonts("#p-2 ruby, #p-3 ruby"), fonts("#p-2 j-n, #p-3 j-n")
    assert hanzi and all(cjk.search(f) for f in hanzi), hanzi
    assert punctuation and all(cjk.search(f) for f in punctuation), punctuation  # “” ， in the CJK font
    for selector in ("#p-2 rt", ".jiedu-text rt"):
        used = fonts(selector)
        assert len(used) == 1 and cjk.search(next(iter(used))), used  # every tone letter in one font
    context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_paragraph_being_read_stays_in_place_when_pinyin_is_hidden(browser, http_root, device):
    context, page = context_page(browser, http_root, device)
    page.locator("#p-20").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 100)")
    page.wait_for_timeout(200)
    # the block being read: the first showing more than 15 % of the screen under the header
    top = """() => { const h = document.querySelector('.md-header').getBoundingClientRect().bottom;
        const p = [...document.querySelectorAll('.jiedu-text > *')].find(e => e.getBoundingClientRect().bottom > h + innerHeight * 0.15);
        return [p.id, p.getBoundingClientRect().top]; }"""
    anchor, before = page.evaluate(top)
    choose(page, "pinyin", "hidden")
    page.wait_for_timeout(100)
    after = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert abs(after - before) <= 2, (anchor, before, after)
    choose(page, "pinyin", "shown")
    page.wait_for_timeout(100)
    again = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert abs(again - before) <= 2, (anchor, before, again)
    context.close()


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_page_keeps_its_height_while_one_reads(browser, http_root, device):
    """content-visibility lays out only what is near the screen; estimates keep the height."""
    context, page = context_page(browser, http_root, device)
    page.wait_for_timeout(300)
    heights = [page.evaluate("document.documentElement.scrollHeight")]
    step = device["viewport"]["height"] * 0.8
    while page.evaluate("window.scrollY + innerHeight < document.documentElement.scrollHeight - 2"):
        page.evaluate(f"window.scrollBy(0, {step})")
        page.wait_for_timeout(60)
        heights.append(page.evaluate("document.documentElement.scrollHeight"))
    change = (max(heights) - min(heights)) / heights[0]
    assert change < 0.02, (min(heights), max(heights), len(heights))
    context.close()


UNDERLINED = """() => {
  let marked = 0, all = 0;
  for (const ruby of document.querySelectorAll('.jiedu-text > p ruby')) {
    const n = [...ruby.childNodes].filter(c => c.nodeName !== 'RT').map(c => c.textContent).join('').length;
    all += n;
    if (ruby.closest('a.jiedu-term') && getComputedStyle(ruby).borderBottomStyle !== 'none') marked += n;
  }
  return marked / all;
}"""


def test_terms_are_marked_sparingly_by_default_and_every_use_opens_its_tooltip(browser, http_root):
    context, page = context_page(browser, http_root, DESKTOP)
    first = page.evaluate(UNDERLINED)
    assert 0.01 < first < 0.15, first  # first uses only: the share grows with the glossary (0.12 with the library of 8 texts)
    choose(page, "marking", "all")
    assert page.evaluate(UNDERLINED) > first * 1.5
    choose(page, "marking", "none")
    assert page.evaluate(UNDERLINED) == 0
    page.keyboard.press("Escape")
    unmarked = page.locator("a.jiedu-term:not(.jiedu-term--first)").nth(3)
    unmarked.scroll_into_view_if_needed()
    unmarked.hover()
    tip = page.locator("#jiedu-tooltip")
    tip.wait_for(state="visible")
    url = page.url
    unmarked.click()  # pins it; never leaves the page
    page.mouse.move(5, 5)
    page.wait_for_timeout(400)
    assert tip.is_visible() and page.url == url
    tip.locator(".jiedu-tooltip__close").click()
    tip.wait_for(state="hidden")
    context.close()


@pytest.mark.parametrize("path", ["glossary.html", "texts/index.html", ARTICLE])
def test_tone_style_reaches_every_place_that_shows_pinyin(browser, http_root, path):
    context, page = context_page(browser, http_root, DESKTOP, path=path, storage='{"tones":"numbers"}')
    page.wait_for_selector(".jiedu-controls__button")
    page.wait_for_timeout(300)
    # Tone styles are painted in the blocks within a screen's height of the viewport (the rest
    # as they come near): the first 30 there (a glossary entry with its sources is tall).
    pinyin = page.evaluate(
        "[...document.querySelectorAll('.md-content rt, .md-content .jiedu-py')]"
        ".filter(e => e.getBoundingClientRect().top < 2 * innerHeight).slice(0, 30).map(e => e.textContent).join(' ')"
    )
    assert pinyin and not re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", pinyin), pinyin
    assert re.search(r"[a-zü]+[1-5]", pinyin)
    if path == ARTICLE:  # the tooltip and the vocabulary list too
        page.locator("a.jiedu-term").first.focus()
        tip = page.locator("#jiedu-tooltip .jiedu-def__pinyin").inner_text()
        assert re.fullmatch(r"[a-zü]+[1-5]( [a-zü]+[1-5])*", tip), tip
        page.locator(".jiedu-vocab li").last.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        vocab = page.locator(".jiedu-vocab .jiedu-py").last.inner_text()
        assert re.fullmatch(r"[a-zü]+[1-5]( [a-zü]+[1-5])*", vocab), vocab
    context.close()


def test_the_pinyin_control_is_absent_where_there_is_no_pinyin(browser, http_root):
    context, page = context_page(browser, http_root, DESKTOP, path="404.html")
    page.wait_for_load_state("networkidle")
    assert page.locator(".jiedu-controls").is_hidden()
    context.close()


#: Every word of the text next to the punctuation touching it (in its <j-n>): the room
#: between the word's last character and a closing mark, or an opening mark and its first
#: character, in ems; and every line's start: its first character's distance from the
#: paragraph's edge, in ems. Pinyin (<rt>) left out.
EDGES = """() => {
  const gaps = [], starts = [];
  const box = (n, i) => { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); return r.getBoundingClientRect(); };
  const base = (ruby) => { const out = []; const w = document.createTreeWalker(ruby, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) if (!n.parentElement.closest('rt')) out.push(n); return out; };
  for (const p of document.querySelectorAll('.jiedu-text > p')) {
    const em = parseFloat(getComputedStyle(p).fontSize);
    for (const ruby of p.querySelectorAll('j-n > ruby')) {
      const nodes = base(ruby); if (!nodes.length) continue;
      const first = nodes[0], last = nodes[nodes.length - 1], after = ruby.nextSibling, before = ruby.previousSibling;
      if (after && after.nodeType === 3 && after.length) {
        const a = box(last, last.length - 1), b = box(after, 0);
        if (Math.abs(a.top - b.top) < em) gaps.push([last.data.slice(-2) + after.data[0], (b.left - a.right) / em]);
      }
      if (before && before.nodeType === 3 && before.length) {
        const a = box(before, before.length - 1), b = box(first, 0);
        if (Math.abs(a.top - b.top) < em) gaps.push([before.data.slice(-1) + first.data.slice(0, 2), (b.left - a.right) / em]);
      }
    }
    const cs = getComputedStyle(p), left = p.getBoundingClientRect().left + parseFloat(cs.paddingLeft), lines = new Map();
    const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (n.parentElement.closest('rt, button, .jiedu-speak')) continue;
      for (let i = 0; i < n.length; i++) {
        if (/\\s/.test(n.data[i])) continue;
        const r = box(n, i); if (!r.width) continue;
        const line = Math.round(r.top / 4);
        if (!lines.has(line) || r.left < lines.get(line)[1]) lines.set(line, [p.id + ' ' + n.data.slice(i, i + 3), r.left]);
      }
    }
    for (const [what, x] of lines.values()) starts.push([what, (x - left) / em]);
  }
  return {gaps, starts};
}"""


@pytest.mark.parametrize("tones", ["marks", "zhuyin"])
@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_punctuation_holds_to_its_word_and_lines_start_flush(browser, http_root, device, tones):
    """clreq: an annotation may extend over punctuation touching its word, and at a line's
    start the word and its annotation align with the line's start. Every word next to
    punctuation and every line of the text, the window as tall as the page so that every
    paragraph is laid out and done (jiedu-ruby.js), at the device's width."""
    context, page = context_page(browser, http_root, device, storage=f'{{"tones": "{tones}"}}')
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": device["viewport"]["width"], "height": min(height + 100, 60000)})
    for _ in range(2):  # done, and still done a moment later (a pass may follow a resize)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jiedu-text > p')].every(p => Jiedu.rubyEdges.done(p))", timeout=20_000)
        page.wait_for_timeout(500)
    edges = page.evaluate(EDGES)
    assert len(edges["gaps"]) > 50 and len(edges["starts"]) > 50
    loose = [(pair, round(em, 2)) for pair, em in edges["gaps"] if em > 0.1]
    assert not loose, loose[:8]
    indented = [(what, round(em, 2)) for what, em in edges["starts"] if em > 0.1]
    assert not indented, indented[:8]
    # pinyin hidden: exactly plain Chinese, no margin left over
    choose(page, "pinyin", "hidden")
    plain = page.evaluate(STEPS, "#p-2, #p-3, #p-5")
    assert plain and all(abs(s["em"] - 1) <= 0.02 for s in plain), [s for s in plain if abs(s["em"] - 1) > 0.02][:5]
    context.close()
