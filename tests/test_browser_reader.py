"""Reader controls, search and print, in Debian's Chromium (see conftest.py)."""
from __future__ import annotations

import re

import pytest

from test_browser import ARTICLE, external, open_article

pytestmark = pytest.mark.browser
BUTTON = ".jiedu-controls__button"


def choose(page, name: str, value: str | None = None) -> None:
    if page.locator("#jiedu-controls-panel").is_hidden():
        page.locator(BUTTON).click()
    selector = f'input[name="{name}"]' + (f'[value="{value}"]' if value else "")
    page.locator(selector).click()
    if name == "pinyin" and value:
        settled(page, value)


def settled(page, value: str) -> None:
    """Wait until every block carries the pinyin setting: those on screen take it at once,
    the others while the browser is idle (jiedu-reader.js)."""
    page.wait_for_function(
        """(v) => Array.from(document.querySelectorAll(Jiedu.blocks.selector))
                      .every((b) => b.getAttribute('data-jiedu-block-pinyin') === v)""",
        arg=value, timeout=5000)


def visible_rt(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate(
        "el => getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility === 'visible'"
    )


@pytest.mark.parametrize("where", ["http", "file"])
def test_pinyin_shown_hidden_and_terms_only_persist_across_pages(page, http_root, project_build, where):
    base = http_root if where == "http" else project_build.site.as_uri() + "/"
    open_article(page, base)
    assert visible_rt(page, ".jiedu-text p rt")
    choose(page, "pinyin", "hidden")
    assert not visible_rt(page, ".jiedu-text p rt")
    choose(page, "pinyin", "terms")
    assert not visible_rt(page, ".jiedu-text p > ruby rt")
    assert visible_rt(page, ".jiedu-text a.jiedu-term rt")
    # another page, then back: the choice holds
    page.goto(base + "index.html")
    page.goto(base + ARTICLE)
    page.wait_for_selector(".jiedu-controls")
    assert page.evaluate("document.documentElement.dataset.jieduPinyin") == "terms"
    assert not visible_rt(page, ".jiedu-text p > ruby rt")
    assert external(page.requests, re.sub(r"^https?://([^/]+)/.*", r"\1", http_root) if where == "http" else None) == []


def test_tone_styles_and_colours(page, http_root):
    open_article(page, http_root)
    first = page.locator(".jiedu-text rt").first
    marks = first.inner_text()

    def first_rt_becomes(pattern: str) -> None:  # blocks near the screen are painted first
        page.wait_for_function(
            "p => new RegExp(p).test(document.querySelector('.jiedu-text rt').textContent)", arg=pattern, timeout=5000
        )

    choose(page, "tones", "numbers")
    first_rt_becomes(r"^[a-zü]+[1-5]( [a-zü]+[1-5])*$")
    choose(page, "tones", "zhuyin")
    first_rt_becomes(r"^˙?[\u3100-\u312f]+[ˊˇˋ]?( ˙?[\u3100-\u312f]+[ˊˇˋ]?)*$")
    choose(page, "tones", "marks")
    first_rt_becomes("^" + re.escape(marks) + "$")
    choose(page, "colours", "pinyin")
    page.wait_for_function("() => /^t[1-5]$/.test(document.querySelector('.jiedu-text rt span').className)", timeout=5000)
    colours = page.evaluate(
        "[...new Set([...document.querySelectorAll('.jiedu-text rt span')].slice(0, 300).map(r => getComputedStyle(r).color))].length"
    )
    assert colours >= 4
    assert page.evaluate("document.querySelector('.jiedu-text rt').textContent") == marks  # same text, in spans
    last = page.locator(".jiedu-text > p").last
    last.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jiedu-text > p')].pop().querySelector('rt span') !== null", timeout=5000
    )


def test_tone_colours_on_the_characters_work_with_pinyin_hidden(page, http_root):
    open_article(page, http_root)
    choose(page, "colours", "all")
    choose(page, "pinyin", "hidden")
    page.wait_for_function("() => document.querySelector('#p-2 .jiedu-hz > span.t4, #p-2 .jiedu-hz > span.t3') !== null", timeout=5000)
    hanzi = page.evaluate(
        "[...new Set([...document.querySelectorAll('#p-2 .jiedu-hz > span')].map(s => getComputedStyle(s).color))].length"
    )
    assert hanzi >= 4
    assert not visible_rt(page, "#p-2 rt")
    # the characters themselves are unchanged, in order
    text = page.evaluate("(() => { const c = document.querySelector('#p-2').cloneNode(true); c.querySelectorAll('rt').forEach(r => r.remove()); return c.textContent })()")
    assert text.startswith("做好新时代社会工作，对于践行党的根本宗旨")
    choose(page, "colours", "off")
    page.wait_for_function("() => document.querySelector('#p-2 .jiedu-hz') === null", timeout=5000)


def test_tone_changes_of_yi_and_bu_as_spoken(page, http_root):
    """Citation tones by default (进一步 yī, 不断 bù); the switch shows yí, bú, in any tone style."""
    open_article(page, http_root)
    first = ".jiedu-text rt[data-spoken]"
    written = page.locator(first).first.inner_text()
    said = page.locator(first).first.get_attribute("data-spoken")
    changed = [(w, s) for w, s in zip(written.split(" "), said.split(" ")) if w != s]
    assert changed and set(changed) <= {("yī", "yí"), ("yī", "yì"), ("bù", "bú")}
    choose(page, "spoken")
    page.wait_for_function("s => document.querySelector(s).textContent === document.querySelector(s).dataset.spoken", arg=first, timeout=5000)
    choose(page, "tones", "numbers")
    page.wait_for_function("s => /(^| )((yi|bu)2|yi4)( |$)/.test(document.querySelector(s).textContent)", arg=first, timeout=5000)
    page.reload()
    page.wait_for_selector(".jiedu-controls")
    page.wait_for_function("s => /(^| )((yi|bu)2|yi4)( |$)/.test(document.querySelector(s).textContent)", arg=first, timeout=5000)
    choose(page, "spoken")
    choose(page, "tones", "marks")
    page.wait_for_function("a => document.querySelector(a[0]).textContent === a[1]", arg=[first, written], timeout=5000)


def test_controls_are_keyboard_operable_and_labelled(page, http_root):
    open_article(page, http_root)
    button = page.locator(BUTTON)
    assert button.get_attribute("aria-label")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    focused = page.evaluate("document.activeElement.name")
    assert focused == "pinyin"
    page.keyboard.press("ArrowDown")  # radio groups move with arrow keys
    assert page.evaluate("document.documentElement.dataset.jieduPinyin") == "terms"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('jiedu-controls__button')")


def test_without_javascript_ruby_shows_and_controls_are_absent(browser, http_root):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(http_root + ARTICLE)
    assert pg.locator(".jiedu-controls").count() == 0
    assert pg.locator(".jiedu-text rt").first.is_visible()
    context.close()


def search(page, query: str) -> list[str]:
    """Type a query (fill, then a key, since Material listens for keyup); the result links,
    without Material's ?h= highlight parameter."""
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return [re.sub(r"\?h=[^#]*", "", h) for h in hrefs]


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("query", ["接诉即办", "小马拉大车", "枫桥经验"])
def test_glossary_terms_are_found_as_phrases_landing_on_the_paragraph(page, http_root, project_build, where, query):
    base = http_root if where == "http" else project_build.site.as_uri() + "/"
    open_article(page, base)
    hrefs = search(page, query)
    assert any(re.search(r"social-work-2024-11-04\.html#p-\d+$", h) for h in hrefs), hrefs
    text = page.locator(".md-search-result").inner_text()
    assert not re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔù]", text.split("Glossary")[0])


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize(
    "query, entry",
    [("jiesujiban", "jie-su-ji-ban"), ("jie su ji ban", "jie-su-ji-ban"), ("fengqiao", "feng-qiao-jing-yan"), ("hotline", "12345-zheng-wu-fu-wu-bian-min-re-xian")],
)
def test_glossary_entries_found_by_toneless_pinyin_and_english(page, http_root, project_build, where, query, entry):
    base = http_root if where == "http" else project_build.site.as_uri() + "/"
    open_article(page, base)
    hrefs = search(page, query)
    assert any(h.endswith(f"glossary.html#{entry}") for h in hrefs), hrefs


def test_print_is_a_study_sheet(page, http_root):
    """The text with its pinyin, then one compact list of the terms; no chrome, no notes."""
    open_article(page, http_root)
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    rt = page.locator(".jiedu-text rt").first
    assert rt.is_visible()
    assert rt.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 8 * 96 / 72 - 0.01  # ≥ 8 pt
    vocab = page.locator(".jiedu-vocab")
    assert vocab.is_visible() and vocab.locator("li").count() >= 50
    assert page.locator(".jiedu-defs").is_hidden()  # the vocabulary is the list; no second one
    assert page.locator("details.jiedu-notes-box").is_hidden()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 3 <= pages <= 10, pages


@pytest.mark.parametrize(
    "query", ["jie su ji ban", "jiesujiban", "jie1su4ji2ban4", "jie1 su4 ji2 ban4", "接诉即办"]
)
def test_pinyin_in_any_spelling_ranks_the_term_first_and_keys_never_show(page, http_root, query):
    open_article(page, http_root)
    search(page, query)
    first = page.locator(".md-search-result__item").first
    # the first result group, and in it a visible result (not under "more on this page")
    visible = first.locator(".md-search-result__link:visible").evaluate_all("links => links.map(a => a.href)")
    assert any(re.sub(r"\?h=[^#]*", "", h).endswith("glossary.html#jie-su-ji-ban") for h in visible), visible
    shown = page.locator(".md-search-result").inner_text()
    assert "jiesujiban" not in shown and "jie su ji ban" not in shown and "su4" not in shown


def test_a_term_inside_a_longer_word_finds_its_paragraph(page, http_root, project_build):
    """The segmenter may keep a term inside a longer word (为基层减负): the paragraph's entry
    lists it in its own field, so searching the term finds the paragraph. The case is read
    from the built index, whatever the library holds."""
    import json

    index = json.loads((project_build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    def words(text: str) -> list[str]:
        return text.replace(" ", "\u200b").split("\u200b")

    # a term found only inside longer words of its entry (not also a word of its own there)
    cases = [(d["location"], term) for d in index["docs"] if d.get("inner") for term in d["inner"].split()
             if term not in words(d["text"])]
    if not cases:
        pytest.skip("no glossary term sits only inside longer words in this library")
    location, term = cases[0]
    open_article(page, http_root)
    hrefs = search(page, term)
    assert any(h.endswith(location.rsplit("/", 1)[-1]) for h in hrefs), (term, location, hrefs)


# -- smaller things: the way into the text, the phone's first screen, the panel ----------------


def test_skip_link_leads_into_the_text_and_the_cursor_walks_its_words_terms_included(page, http_root):
    open_article(page, http_root)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('jiedu-text')")
    seen_term = False
    for _ in range(80):
        page.keyboard.press("ArrowRight")
        where = page.evaluate("""() => { const r = document.querySelector('.jiedu-text ruby.jiedu-cursor');
            return [!!r.closest('a.jiedu-term'), !!r.closest('.jiedu-meta, .jiedu-notes, .jiedu-vocab, .jiedu-defs'),
                    r.closest('.jiedu-text > *').tagName]; }""")
        assert not where[1] and where[2] in ("P", "H1", "H2", "H3", "H4"), where
        if where[0]:
            seen_term = True
            break
    assert seen_term, "the cursor never reached a glossary term's word"
    page.keyboard.press("Enter")  # a term's word: the term's tooltip
    page.locator("#jiedu-tooltip").wait_for(state="visible")
    page.keyboard.press("Escape")
    page.locator("#jiedu-tooltip").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('jiedu-text')")


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_on_a_phone_the_text_starts_on_the_first_screen_and_the_panel_fits(browser, http_root):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    open_article(page, http_root)
    h1 = page.locator(".jiedu-text h1")
    lines = h1.evaluate("h => Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight))")
    assert lines <= 3, lines
    first = page.locator(".jiedu-text > p[id]").nth(1).bounding_box()  # the first body paragraph
    assert first["y"] < 844, first
    page.locator(BUTTON).click()
    panel = page.locator("#jiedu-controls-panel")
    for selector in ("#jiedu-controls-panel", 'select[name="level"]'):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    page.locator(".jiedu-controls__close").tap()
    assert panel.is_hidden()
    context.close()


def test_pinyin_stays_legible_at_the_smallest_text_size(page, http_root):
    page.goto(http_root + "index.html")
    page.evaluate("localStorage.setItem('jiedu.reader', JSON.stringify({size: 0.85}))")
    open_article(page, http_root)
    assert page.locator("#p-2 rt").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 11


def test_the_hidden_en_button_takes_no_line_of_its_own(page, http_root):
    """With a mouse the EN button shows on hover; hidden, it must not make a paragraph a line
    longer: it sits on the paragraph's last line of text."""
    page.set_viewport_size({"width": 1280, "height": 900})
    open_article(page, http_root)
    page.wait_for_selector(".jiedu-en-toggle", state="attached")
    alone = page.evaluate("""() => [...document.querySelectorAll('.jiedu-text > p > .jiedu-en-toggle')].filter(b => {
        const p = b.parentElement; p.style.contentVisibility = 'visible';
        const rubies = p.querySelectorAll('ruby'); if (!rubies.length) return false;
        const last = rubies[rubies.length - 1].getBoundingClientRect(), box = b.getBoundingClientRect();
        return box.top > last.bottom; }).map(b => b.parentElement.id)""")
    assert not alone, alone
