"""The word popup, pinyin by level, known words and reading aloud, in Debian's Chromium.

Words to try are chosen from the built page with the dictionary module, so the tests say
what they check (a polyphone read here in its second CC-CEDICT reading, a word CC-CEDICT
lacks) rather than depend on the segmentation of one sentence.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from jiedu.outputs.dictionary import in_context_first, load
from jiedu.outputs.sitedict import page_words
from test_browser import ARTICLE, external, open_article
from test_dictionary import site_entries

pytestmark = pytest.mark.browser
POPUP = "#jiedu-word"
WORD = ".jiedu-text ruby:not(a.jiedu-term ruby)"
PANEL_BUTTON = ".jiedu-controls__button"

# A speechSynthesis with the voices given, recording what it is asked to say.
SPEECH_STUB = """
(voices => {
  const said = [], calls = [], pending = [];
  const synth = {
    getVoices: () => voices,
    speak: u => { said.push(u.text); calls.push("speak"); pending.push(u); },
    pause: () => calls.push("pause"), resume: () => calls.push("resume"),
    cancel: () => calls.push("cancel"),
    addEventListener: () => {}, removeEventListener: () => {},
    speaking: false, paused: false, pending: false,
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.__said = said; window.__calls = calls;
  window.__end = () => { const u = pending.shift(); if (u && u.onend) u.onend(new Event("end")); return !!u; };
})(%s)
"""
ZH_VOICE = '[{"lang": "zh-CN", "name": "Stub Mandarin", "localService": true, "voiceURI": "stub-zh", "default": false}]'
EN_VOICE = '[{"lang": "en-US", "name": "Stub English", "localService": true, "voiceURI": "stub-en", "default": true}]'


def body_words(html: str) -> list[tuple[str, str]]:
    """(word, syllables) of the article's text outside glossary terms."""
    start = html.index('<div class="jiedu-text"')
    end = html.find('<div class="jiedu-notes', start)
    text = re.sub(r'<a class="jiedu-term.*?</a>', "", html[start:end], flags=re.S)
    return list(page_words(text))


@pytest.fixture(scope="module")
def words(project_build) -> dict[str, tuple[str, str]]:
    """Words of the article chosen for what they show."""
    d = load()
    found: dict[str, tuple[str, str]] = {}
    for w, syl in body_words(project_build.html(ARTICLE)):
        senses = d.senses(w)
        if "polyphone" not in found and senses and len(senses) > 1 and senses[0].pinyin != syl \
                and in_context_first(senses, syl)[0].pinyin == syl:
            found["polyphone"] = (w, syl)
        if "missing" not in found and len(w) > 1 and not senses and all(d.senses(c) for c in w):
            found["missing"] = (w, syl)
        if "common" not in found and d.level(w) == 1 and senses and len(w) > 1:
            found["common"] = (w, syl)
        if "rare" not in found and d.level(w) is None and senses and len(w) > 1:
            found["rare"] = (w, syl)
    assert set(found) == {"polyphone", "missing", "common", "rare"}, found
    return found


def strip_tones(syllable: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", syllable) if c not in "\u0300\u0301\u0304\u030c")


def word_locator(page, text: str):
    """The first occurrence of the word ``text`` outside glossary terms."""
    index = page.evaluate(
        """([sel, text]) => Array.from(document.querySelectorAll(sel)).findIndex(r => Jiedu.word(r).text === text)""",
        [WORD, text],
    )
    assert index >= 0, text
    return page.locator(WORD).nth(index)


def english_of(page) -> str:
    return page.locator(f"{POPUP} .jiedu-word__sense--here").inner_text()


def open_popup(page, word: str, how: str):
    """Hover or tap the first use of ``word``; its target and the popup, once it has senses."""
    target = word_locator(page, word)
    target.scroll_into_view_if_needed()
    getattr(target, how)()
    popup = page.locator(POPUP)
    popup.locator(".jiedu-word__senses").wait_for()
    return target, popup


# -- the popup ---------------------------------------------------------------------------


def test_the_dictionary_loads_only_when_a_popup_opens(page, http_root):
    open_article(page, http_root)
    assert not any("/jiedu-dict/" in u for u in page.requests)
    # no tab stop per word: the words carry no tabindex, the text is one stop
    assert page.locator(".jiedu-text ruby[tabindex]").count() == 0
    assert page.locator(".jiedu-text[tabindex='0']").count() == 1


@pytest.mark.parametrize("where", ["http", "file"])
def test_hover_opens_the_popup_with_the_reading_chosen_here_first(page, http_root, project_build, words, where):
    base = http_root if where == "http" else project_build.site.as_uri() + "/"
    open_article(page, base)
    word, syllables = words["polyphone"]
    _, popup = open_popup(page, word, "hover")
    assert popup.locator(".jiedu-word__hanzi").inner_text() == word
    assert popup.locator(".jiedu-word__pinyin").inner_text() == syllables
    first = popup.locator(".jiedu-word__sense").first
    assert first.locator(".jiedu-word__reading").inner_text() == syllables
    assert re.search(r"[a-z]{3}", english_of(page))
    assert popup.get_attribute("role") == "dialog"
    # moving away closes it
    page.mouse.move(5, 5)
    popup.wait_for(state="hidden")
    host = urlparse(http_root).netloc if where == "http" else None
    assert external(page.requests, host) == []
    assert page.errors == []


def test_a_popup_loads_only_the_files_of_its_word_and_characters(page, http_root, project_build, words):
    open_article(page, http_root)
    word, _ = words["polyphone"]
    open_popup(page, word, "click")
    loaded = sorted({u.rsplit("/", 1)[1] for u in page.requests if "/jiedu-dict/" in u})
    from jiedu.outputs.sitedict import shard
    names = {f"{shard(c)}.js" for c in word}
    assert names <= set(loaded) and len(loaded) <= len(names) + 1, loaded  # + its two-character file, if split
    folder = project_build.site / "assets" / "jiedu-dict"
    assert len(list(folder.glob("*.js"))) > len(loaded) * 10  # the dictionary is in many files
    assert len(list(folder.glob("*.js"))) <= 513 + len([p for p in folder.glob("*-*.js")])  # 512 at most, and split ones
    import gzip
    assert sum(len(gzip.compress((folder / n).read_bytes(), 6)) for n in loaded) <= 100_000
    # a second word of the same characters loads nothing more
    before = len(page.requests)
    page.keyboard.press("Escape")
    word_locator(page, word).nth(0).click()
    page.locator(f"{POPUP} .jiedu-word__senses").wait_for()
    assert not any("/jiedu-dict/" in u for u in page.requests[before:])


def test_a_compound_missing_from_the_dictionary_shows_its_characters(page, http_root, words):
    open_article(page, http_root)
    word, syllables = words["missing"]
    word_locator(page, word).click()
    popup = page.locator(POPUP)
    popup.locator(".jiedu-word__chars").wait_for()
    assert "Not in CC-CEDICT" in popup.inner_text()
    chars = popup.locator(".jiedu-word__chars li")
    assert chars.count() == len(word)
    for i, (ch, syl) in enumerate(zip(word, syllables.split())):
        row = chars.nth(i)
        assert row.locator(".jiedu-word__char").inner_text() == ch
        reading = row.locator(".jiedu-word__reading").inner_text()
        # the word's reading, with the character's tone where the word makes it light
        assert reading == syl or (syl.isascii() and strip_tones(reading) == syl), (reading, syl)
        assert re.search(r"[a-z]{2}", row.inner_text()), row.inner_text()


def test_a_definition_with_markup_is_shown_as_text(page, http_root, words):
    open_article(page, http_root)
    word, syllables = words["rare"]
    page.evaluate("w => Jiedu.dictionary.load([w])", word)
    page.wait_for_function("w => Jiedu.dictionary.ready(w)", arg=word)
    page.evaluate(  # as a dictionary file would bring it
        """([w, p]) => { jieduDict("test", {[w]: {senses: [{pinyin: p, definitions: ["<img src=x onerror=window.__xss=1>", "<b>bold</b>"]}]}}); }""",
        [word, syllables],
    )
    word_locator(page, word).click()
    popup = page.locator(POPUP)
    popup.locator(".jiedu-word__senses").wait_for()
    assert "<img src=x onerror=window.__xss=1>; <b>bold</b>" in english_of(page)
    assert popup.locator("img, b").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None


def test_glossary_terms_keep_their_own_tooltip(page, http_root):
    open_article(page, http_root)
    term = page.locator(".jiedu-text a.jiedu-term").first
    term.hover()
    page.locator("#jiedu-tooltip").wait_for(state="visible")
    page.wait_for_timeout(500)  # longer than the popup's hover delay
    assert page.locator(POPUP).count() == 0 or page.locator(POPUP).is_hidden()


def test_keyboard_one_tab_stop_arrow_keys_enter_and_escape(page, http_root):
    open_article(page, http_root)
    text = page.locator(".jiedu-text")
    text.focus()
    page.keyboard.press("ArrowRight")
    cursor = page.locator(".jiedu-text ruby.jiedu-cursor")
    assert cursor.count() == 1
    first = cursor.evaluate("r => Jiedu.word(r).text")
    page.keyboard.press("ArrowRight")
    second = cursor.evaluate("r => Jiedu.word(r).text")
    assert page.evaluate("document.querySelectorAll('.jiedu-text ruby.jiedu-cursor').length") == 1
    page.keyboard.press("ArrowLeft")
    assert cursor.evaluate("r => Jiedu.word(r).text") == first
    page.keyboard.press("ArrowRight")
    for _ in range(60):  # Enter on a glossary term's word opens the term's tooltip: go on to a plain word
        if not cursor.evaluate("r => !!r.closest('a.jiedu-term')"):
            break
        page.keyboard.press("ArrowRight")
    second = cursor.evaluate("r => Jiedu.word(r).text")
    page.keyboard.press("Enter")
    popup = page.locator(POPUP)
    popup.wait_for(state="visible")
    assert popup.locator(".jiedu-word__hanzi").inner_text() == second
    assert page.evaluate("document.activeElement.id") == "jiedu-word"
    # the arrow keys go on from inside the popup
    page.keyboard.press("ArrowRight")  # (the next word may be a term's: its tooltip opens instead)
    assert page.locator(".jiedu-text ruby.jiedu-cursor").evaluate("r => Jiedu.word(r).text") != second
    page.keyboard.press("Escape")
    popup.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('jiedu-text')")
    # down moves to the next paragraph
    before = cursor.evaluate("r => r.closest('.jiedu-text > *').id")
    page.keyboard.press("ArrowDown")
    after = cursor.evaluate("r => r.closest('.jiedu-text > *').id")
    assert before != after


def test_tap_on_a_phone_opens_a_sheet_away_from_the_word(browser, http_root, words):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    open_article(pg, http_root)
    word, syllables = words["polyphone"]
    target, popup = open_popup(pg, word, "tap")
    assert popup.locator(".jiedu-word__pinyin").inner_text() == syllables
    t, b = target.bounding_box(), popup.bounding_box()
    assert b["y"] >= t["y"] + t["height"] or b["y"] + b["height"] <= t["y"], (t, b)
    # across the screen (even while something of the page overflows it)
    assert b["x"] == 0 and abs(b["width"] - 390) <= 1, b
    popup.locator(".jiedu-word__close").tap()
    popup.wait_for(state="hidden")
    assert external(requests, urlparse(http_root).netloc) == []
    context.close()


def test_copying_still_yields_only_the_chinese(page, http_root):
    page.add_init_script(SPEECH_STUB % ZH_VOICE)
    open_article(page, http_root)
    page.locator("#p-2 .jiedu-speak").wait_for()
    word_locator(page, page.locator("#p-2 " + WORD.split(" ", 1)[1]).first.evaluate("r => Jiedu.word(r).text")).click()
    page.locator(POPUP).wait_for(state="visible")
    page.locator("#p-2").evaluate(
        """p => { const r = document.createRange(); r.selectNodeContents(p);
                  const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    page.bring_to_front()
    page.keyboard.press("Control+C")
    copied = page.evaluate(
        """() => Promise.race([navigator.clipboard.readText(),
                               new Promise(r => setTimeout(() => r("<clipboard read timed out>"), 5000))])"""
    )
    assert copied.strip().startswith("做好新时代社会工作")
    assert not re.search(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔù▶■]", copied), copied


# -- pinyin by level, known words ------------------------------------------------------------


def open_panel(page) -> None:
    if page.locator("#jiedu-controls-panel").is_hidden():
        page.locator(PANEL_BUTTON).click()


def rt_shown(page, word: str) -> bool:
    return word_locator(page, word).locator("rt").evaluate("el => getComputedStyle(el).display !== 'none'")


def test_the_level_setting_hides_pinyin_over_common_words_only(page, http_root, words):
    open_article(page, http_root)
    common, rare = words["common"][0], words["rare"][0]
    assert rt_shown(page, common) and rt_shown(page, rare)
    open_panel(page)
    page.locator('select[name="level"]').select_option("3")
    page.wait_for_function(
        "([sel, w]) => Array.from(document.querySelectorAll(sel)).some(r => Jiedu.word(r).text === w && r.classList.contains('jiedu-easy'))",
        arg=[WORD, common],
    )
    assert not rt_shown(page, common)
    assert rt_shown(page, rare)
    # glossary terms' words follow the level too: the hard ones keep their pinyin, the easy lose it
    # (the painter paints the blocks near the screen, the rest as they come near)
    terms = page.evaluate("""() => [...document.querySelectorAll('.jiedu-text a.jiedu-term ruby')]
        .filter(r => { const b = r.getBoundingClientRect(); return b.bottom > -innerHeight && b.top < 2 * innerHeight; }).map(r =>
        [Jiedu.word(r).text, Jiedu.dictionary.level(Jiedu.word(r).text), getComputedStyle(r.querySelector('rt')).display !== 'none'])""")
    wrong = [t for t in terms if t[2] != (not 0 < (t[1] or 0) <= 3)]
    assert terms and not wrong, wrong
    # the choice holds on reload; the levels are loaded for it without a popup
    page.reload()
    page.wait_for_function("w => Jiedu.dictionary.level(w) > 0", arg=common)
    assert any(u.endswith("/jiedu-dict/levels.js") for u in page.requests)
    page.wait_for_function(
        "([sel, w]) => Array.from(document.querySelectorAll(sel)).some(r => Jiedu.word(r).text === w && r.classList.contains('jiedu-easy'))",
        arg=[WORD, common],
    )
    open_panel(page)
    page.locator('select[name="level"]').select_option("all")
    page.wait_for_function("!document.querySelector('.jiedu-text ruby.jiedu-easy')")


def test_known_words_persist_across_reload_and_pages(browser, two_texts):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    base = two_texts.as_uri() + "/"
    open_article(pg, base)
    word = "社会"
    word_locator(pg, word).click()
    pg.locator(f"{POPUP} .jiedu-word__known").click()
    assert pg.locator(f"{POPUP} .jiedu-word__known").get_attribute("aria-pressed") == "true"
    pg.keyboard.press("Escape")
    assert not rt_shown(pg, word)
    pg.reload()
    pg.wait_for_selector(".jiedu-text ruby.jiedu-known")
    assert not rt_shown(pg, word)
    pg.goto(base + "texts/second.html")
    pg.wait_for_selector(".jiedu-text ruby.jiedu-known")
    assert not rt_shown(pg, word)
    assert rt_shown(pg, "工作")
    open_panel(pg)
    assert "1 word marked known." in pg.locator(".jiedu-controls__count").inner_text()
    context.close()


@pytest.fixture(scope="module")
def two_texts(tmp_path_factory) -> Path:
    """The project with a second short text sharing words with the article, built."""
    from support import copy_project, run_build

    root = copy_project(tmp_path_factory.mktemp("two"))
    (root / "docs" / "texts" / "second.md").write_text(
        "---\ntitle: 第二篇\nlang: zh-Hans\n---\n\n# 第二篇\n\n这个社会很大，我们都在努力工作。\n", encoding="utf-8"
    )
    build = run_build(root)
    assert build.result.returncode == 0, build.result.stderr
    return build.site


def test_known_words_export_clear_import_and_the_anki_file(page, http_root, words, tmp_path):
    page.on("dialog", lambda d: d.accept())
    open_article(page, http_root)
    looked, knew = words["polyphone"], words["missing"]
    word_locator(page, looked[0]).click()
    page.locator(f"{POPUP} .jiedu-word__senses").wait_for()
    word_locator(page, knew[0]).click()
    page.locator(f"{POPUP} .jiedu-word__known").click()
    page.keyboard.press("Escape")
    open_panel(page)
    assert "1 word marked known." in page.locator(".jiedu-controls__count").inner_text()
    assert page.locator(".jiedu-controls__looked").inner_text().startswith("1 word looked up")
    # Anki: the vocabulary export's columns; the known word left out
    with page.expect_download() as d:
        page.locator(".jiedu-controls__looked button").click()
    anki = Path(d.value.path()).read_text(encoding="utf-8")
    lines = anki.splitlines()
    assert lines[:3] == ["#separator:tab", "#html:false", "#columns:Hanzi\tPinyin\tEnglish\tExplanation\tSentence"]
    rows = [line.split("\t") for line in lines[3:]]
    assert len(rows) == 1 and len(rows[0]) == 5
    hanzi, pinyin, english, _, sentence = rows[0]
    assert (hanzi, pinyin) == looked
    assert re.search(r"[a-z]{3}", english)
    assert looked[0] in sentence and sentence[-1] in "。！？；”" and len(sentence) < 200
    # export, clear, import
    with page.expect_download() as d:
        page.locator(".jiedu-controls__buttons button", has_text="Export").click()
    exported = Path(d.value.path()).read_text(encoding="utf-8")
    assert exported == knew[0] + "\n"
    page.locator(".jiedu-controls__buttons button", has_text="Clear").click()
    assert "0 words marked known." in page.locator(".jiedu-controls__count").inner_text()
    file = tmp_path / "known.txt"
    file.write_text(exported + "社会\n", encoding="utf-8")
    page.locator("#jiedu-known-import").set_input_files(str(file))
    page.wait_for_function("document.querySelector('.jiedu-controls__count').textContent.startsWith('2 words')")


# -- reading aloud ---------------------------------------------------------------------------


def test_paragraph_play_pause_stop_with_a_chinese_voice(page, http_root):
    page.add_init_script(SPEECH_STUB % ZH_VOICE)
    open_article(page, http_root)
    pid = page.evaluate(  # a paragraph of several sentences
        """() => Array.from(document.querySelectorAll('.jiedu-text p[id^="p-"]'))
                   .find(p => (p.textContent.match(/。/g) || []).length >= 2).id"""
    )
    paragraph = page.locator(f"#{pid}")
    play = paragraph.locator(".jiedu-speak__play")
    play.wait_for()
    # one paragraph button is a tab stop, not one per paragraph
    assert page.locator(".jiedu-speak__play[tabindex='0']").count() == 1
    expected = paragraph.evaluate(
        """p => { const c = p.cloneNode(true); c.querySelectorAll('rt, .jiedu-speak').forEach(e => e.remove());
                  return c.textContent.replace(/\\s+/g, ''); }"""
    )
    play.click()
    assert "jiedu-speaking" in paragraph.get_attribute("class")
    play.click()  # pause
    assert page.evaluate("window.__calls").count("pause") == 1
    play.click()  # resume
    assert page.evaluate("window.__calls").count("resume") == 1
    while page.evaluate("window.__end()"):  # each sentence ends, the next is spoken
        pass
    assert page.evaluate("window.__said.join('')") == expected
    assert page.evaluate("window.__said.length") > 1  # sentence by sentence
    assert "jiedu-speaking" not in (paragraph.get_attribute("class") or "")
    # stop
    play.click()
    paragraph.locator(".jiedu-speak__stop").click()
    assert "jiedu-speaking" not in (paragraph.get_attribute("class") or "")
    assert "cancel" in page.evaluate("window.__calls")
    # the popup's play button says the word
    word = page.locator("#p-3 " + WORD.split(" ", 1)[1]).first
    text = word.evaluate("r => Jiedu.word(r).text")
    word.click()
    page.locator(f"{POPUP} .jiedu-word__play").click()
    assert page.evaluate("window.__said").pop() == text


def test_no_speech_controls_without_a_chinese_voice(page, http_root):
    page.add_init_script(SPEECH_STUB % EN_VOICE)
    open_article(page, http_root)
    page.wait_for_timeout(300)
    assert page.locator(".jiedu-speak").count() == 0
    page.locator(WORD).first.click()
    page.locator(POPUP).wait_for(state="visible")
    assert page.locator(f"{POPUP} .jiedu-word__play").count() == 0


def test_pages_without_a_text_load_no_dictionary(page, http_root):
    page.goto(http_root + "glossary.html")
    page.wait_for_load_state("networkidle")
    page.locator(".md-content ruby").first.hover()
    page.wait_for_timeout(500)
    assert not any("/jiedu-dict/" in u for u in page.requests)
    assert page.locator(".jiedu-text[tabindex]").count() == 0


# -- accessibility -------------------------------------------------------------------------

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, selectors: list[str]) -> list:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async sel => (await axe.run({include: sel.map(s => [s])}, {resultTypes: ["violations"]})).violations
              .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 3)}))""",
        selectors,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_popup_options_and_speech_controls_pass_axe(browser, http_root, words, scheme):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
    pg = context.new_page()
    pg.add_init_script(SPEECH_STUB % ZH_VOICE)
    open_article(pg, http_root)
    pg.locator("#p-2 .jiedu-speak").wait_for()
    word = words["polyphone"][0]
    word_locator(pg, word).click()
    pg.locator(f"{POPUP} .jiedu-word__senses").wait_for()
    pg.locator(f"{POPUP} .jiedu-word__known").click()
    assert axe_violations(pg, [POPUP, "#p-2"]) == []
    pg.keyboard.press("Escape")
    open_panel(pg)
    assert axe_violations(pg, [".jiedu-controls__level", ".jiedu-controls__known"]) == []
    context.close()


# -- levels judged by parts, glossary terms' words ---------------------------------------------

#: Every word of the text's paragraphs: [its text, whether its pinyin shows, inside a term].
WORDS_SHOWN = """() => [...document.querySelectorAll('.jiedu-text > p ruby')].map(r =>
  [Jiedu.word(r).text, getComputedStyle(r.querySelector('rt')).display !== 'none', !!r.closest('a.jiedu-term')])"""


def judged_level(word: str, entries: dict) -> int:
    e = entries.get(word, {})
    return e.get("level") or e.get("partLevel") or 0


def test_at_hsk_4_pinyin_shows_over_the_words_above_it_terms_and_compounds_included(browser, http_root, project_build):
    """The share of the article's words that keep pinyin at "above HSK 4", measured on the
    page, is exactly the share the dictionary file's levels give (a word the lists lack
    judged by its listed parts, glossary terms' words as any other word); and it is below
    the share a reader got when terms kept pinyin and compounds outside the lists did too."""

    entries = site_entries(project_build.site)  # every file's entries: level, partLevel
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(http_root + "index.html")
    page.evaluate("localStorage.setItem('jiedu.reader', JSON.stringify({level: '4'}))")
    open_article(page, http_root)
    page.set_viewport_size({"width": 1280, "height": page.evaluate("document.documentElement.scrollHeight") + 100})
    page.wait_for_function("() => document.querySelectorAll('.jiedu-text > p ruby.jiedu-easy').length > 100")
    page.wait_for_timeout(500)
    words = page.evaluate(WORDS_SHOWN)
    wrong = [(w, shown) for w, shown, _ in words if shown != (not 0 < judged_level(w, entries) <= 4)]
    assert not wrong, wrong[:10]
    share = sum(shown for _, shown, _ in words) / len(words)
    before = sum(1 for w, _, term in words if term or not 0 < entries.get(w, {}).get("level", 0) <= 4) / len(words)
    assert share < before - 0.05, (share, before)
    assert any(term and not shown for _, shown, term in words)  # terms' easy words lose their pinyin
    print(f"HSK 4: pinyin over {share:.1%} of {len(words)} words (terms and compounds as before: {before:.1%})")
    context.close()


def test_a_terms_tooltip_offers_i_know_for_each_of_its_words(page, http_root):
    open_article(page, http_root)
    term = page.locator(".jiedu-text > p a.jiedu-term:has(ruby + ruby)").first
    term.scroll_into_view_if_needed()
    term.click()
    buttons = page.locator("#jiedu-tooltip .jiedu-def__known button")
    words = term.evaluate("t => [...new Set([...t.querySelectorAll('ruby')].map(r => Jiedu.word(r).text))]")
    assert buttons.count() == len(words) >= 2
    first = words[0]
    buttons.first.click()
    assert buttons.first.get_attribute("aria-pressed") == "true"
    rt = term.locator("ruby").first.locator("rt")
    assert rt.evaluate("el => getComputedStyle(el).display") == "none"
    assert term.evaluate("t => t.classList.contains('jiedu-term')")  # still a term, still its tooltip
    assert page.evaluate("JSON.parse(localStorage.getItem('jiedu.known'))") == [first]
