"""The library's views in Chromium, on the fixture library (tests/fixtures/library) opened from
disk: sorting and filtering the Texts page, the share of a text's words a reader knows after
marking words known, citing a paragraph (keyboard, clipboard, with and without a published
address) and the accessibility of these pages. Expected orders and shares are read from the
built pages."""
from __future__ import annotations

import json
import re

import pytest

from test_browser_a11y import axe_violations

pytestmark = pytest.mark.browser
ITEM = ".jiedu-texts__list > li"


def open_texts(page, build):
    page.goto((build.site / "texts/index.html").as_uri())
    page.locator(".jiedu-texts__controls").wait_for()


def shown(page) -> list[str]:
    """The texts listed and not filtered out, in the page's order, by URL."""
    return page.eval_on_selector_all(
        ITEM, "els => els.filter(e => !e.hidden).map(e => e.querySelector('[data-figures]').dataset.figures)")


def figures(page) -> dict[str, dict]:
    return {d["figures"]: d for d in page.eval_on_selector_all(
        "[data-figures]", "els => els.map(e => Object.assign({}, e.dataset))")}


def text_words(build) -> dict[str, dict[str, int]]:
    """The words file, decoded as the page's script decodes it."""
    script = (build.site / "assets/jiedu-textwords.js").read_text("utf-8")
    data = json.loads(script.split("window.JIEDU_TEXTWORDS=", 1)[1].rstrip().rstrip(";"))
    vocabulary, out = data["v"].split(" "), {}
    for url, entries in data["t"].items():
        counts, at = {}, 0
        for e in entries.split(","):
            step, _, n = e.partition(".")
            at += int(step, 36)
            counts[vocabulary[at]] = int(n, 36) if n else 1
        out[url] = counts
    return out


def test_sort_and_filter_by_date_kind_and_difficulty(page, library_build):
    open_texts(page, library_build)
    data = figures(page)
    dated = sorted((u for u in data if u != "texts/short-story.html"), key=lambda u: page.locator(
        f'{ITEM}:has([data-figures="{u}"])').get_attribute("data-date"))
    assert shown(page) == [*reversed(dated), "texts/short-story.html"]  # newest first, undated last
    page.select_option("form.jiedu-texts__controls select[name=sort]", "oldest")
    assert shown(page) == [*dated, "texts/short-story.html"]
    page.select_option("form.jiedu-texts__controls select[name=sort]", "easiest")
    easiest = sorted(data, key=lambda u: (int(data[u]["level"]), int(data[u]["outside"]), int(data[u]["chars"])))
    assert shown(page) == easiest
    page.select_option("form.jiedu-texts__controls select[name=sort]", "hardest")
    assert shown(page) == list(reversed(easiest))

    page.select_option("form.jiedu-texts__controls select[name=kind]", "regulation")
    assert shown(page) == ["texts/new-rules.html"]
    assert page.locator(".jiedu-texts__status").inner_text() == "Showing 1 of 3 texts."
    page.select_option("form.jiedu-texts__controls select[name=kind]", "")
    page.select_option("form.jiedu-texts__controls select[name=from]", "2024")
    assert shown(page) == ["texts/new-rules.html"]  # an undated text has no year
    page.select_option("form.jiedu-texts__controls select[name=from]", "")
    page.select_option("form.jiedu-texts__controls select[name=to]", "2019")
    assert shown(page) == ["texts/old-notice.html"]
    page.select_option("form.jiedu-texts__controls select[name=to]", "")
    page.select_option("form.jiedu-texts__controls select[name=difficulty]", "1")
    assert shown(page) == [u for u in easiest if int(data[u]["level"]) <= 1]
    # the choices are kept
    page.reload()
    page.locator(".jiedu-texts__controls").wait_for()
    assert page.locator("form.jiedu-texts__controls select[name=difficulty]").input_value() == "1"
    assert page.locator("form.jiedu-texts__controls select[name=sort]").input_value() == "hardest"
    assert page.errors == []


def test_without_javascript_the_list_is_there_newest_first(browser, library_build):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((library_build.site / "texts/index.html").as_uri())
    dates = page.eval_on_selector_all(ITEM, "els => els.map(e => e.dataset.date)")
    assert dates == sorted([d for d in dates if d], reverse=True) + [d for d in dates if not d]
    assert page.locator(".jiedu-texts__controls").count() == 0
    assert page.locator(".jiedu-texts__figures .jiedu-hsk").count() == len(dates)
    context.close()


def test_the_share_of_known_words_after_marking_a_word_known(page, library_build):
    url = "texts/short-story.html"
    page.goto((library_build.site / url).as_uri())
    word = page.locator(".jiedu-text ruby:not(a.jiedu-term ruby)").filter(has_text="学生").first
    word.click()
    page.locator("#jiedu-word .jiedu-word__known").click()
    assert page.evaluate("JSON.parse(localStorage.getItem('jiedu.known'))") == ["学生"]
    open_texts(page, library_build)
    known = page.locator(f'{ITEM}:has([data-figures="{url}"]) .jiedu-texts__known')
    known.wait_for(state="visible")
    counts = text_words(library_build)
    expected = round(100 * counts[url]["学生"] / sum(counts[url].values()))
    assert known.inner_text().strip() == f"· you know {expected} % of its words"
    other = page.locator(f'{ITEM}:has([data-figures="texts/new-rules.html"]) .jiedu-texts__known')
    assert other.inner_text().strip() == "· you know 0 % of its words"
    page.select_option("form.jiedu-texts__controls select[name=sort]", "known")
    assert shown(page)[0] == url
    assert page.errors == []


def test_the_words_file_loads_only_for_a_reader_with_known_words(page, library_build):
    open_texts(page, library_build)
    page.wait_for_timeout(200)
    assert not any("jiedu-textwords.js" in u for u in page.requests)
    assert page.locator(".jiedu-texts__known:visible").count() == 0
    assert page.locator("form.jiedu-texts__controls select[name=sort] option[value=known]").is_disabled()


# -- citing ------------------------------------------------------------------------------------


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_cite_from_the_keyboard_copies_title_paragraph_and_address(page, library_build):
    page.goto((library_build.site / "texts/new-rules.html").as_uri())
    # The cite buttons are one tab stop, the one of the paragraph being read: Tab from the
    # last link of paragraph 2 reaches paragraph 2's button.
    assert page.eval_on_selector_all(".jiedu-cite-toggle", "els => els.filter(e => e.tabIndex === 0).length") == 1
    page.locator("#p-2 a.jiedu-term").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Cite paragraph 2"
    toggle = page.locator("#p-2 .jiedu-cite-toggle")
    page.keyboard.press("Enter")
    panel = page.locator("#jiedu-cite[role=dialog]")
    panel.wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.textContent") == "Copy"
    page.keyboard.press("Enter")
    page.locator(".jiedu-cite__status", has_text="Copied").wait_for()
    text = clipboard(page)
    assert text.startswith("继续推广接诉即办——一个测试用的条例. ")
    assert "4 November 2024, ¶ 2." in text
    assert text.endswith("https://example.org/jiedu/texts/new-rules.html#p-2")
    assert panel.locator(".jiedu-cite__note").count() == 0  # the address is the published one
    panel.locator("button", has_text="Copy BibTeX").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('@misc'))")
    bib = clipboard(page)
    assert bib.startswith("@misc{new-rules-p2,") and "url = {https://example.org/jiedu/texts/new-rules.html#p-2}" in bib
    assert "date = {2024-11-04}" in bib and "note = {Paragraph 2}" in bib
    panel.locator("button", has_text="Copy CSL JSON").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('['))")
    item = json.loads(clipboard(page))[0]
    assert item["URL"].endswith("#p-2") and item["issued"] == {"date-parts": [[2024, 11, 4]]}
    page.keyboard.press("Escape")
    assert panel.count() == 0
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Cite paragraph 2"
    # the button adds no text to the paragraph
    assert "Cite" not in page.locator("#p-2").evaluate("p => p.textContent")
    assert page.errors == []


def test_cite_from_a_file_without_a_published_address_says_so(page, project_build):
    """The repository's site is built with the preview's site_url: opened from disk, a
    citation has no address, and the panel says why."""
    text = next(p for p in sorted(project_build.site.glob("texts/*.html")) if "jiedu-cite-data" in p.read_text("utf-8"))
    page.goto(text.as_uri())
    page.locator("p[id^='p-'] .jiedu-cite-toggle").first.click()
    panel = page.locator("#jiedu-cite")
    assert "Opened from a file" in panel.locator(".jiedu-cite__note").inner_text()
    panel.locator("button", has_text="Copy").first.click()
    page.locator(".jiedu-cite__status", has_text="Copied").wait_for()
    copied = clipboard(page)
    assert "¶ 1." in copied and "http" not in copied and "file:" not in copied


def test_cite_over_http_without_a_published_address_gives_the_page_address(page, http_root, project_build):
    text = next(p for p in sorted(project_build.site.glob("texts/*.html")) if "jiedu-cite-data" in p.read_text("utf-8"))
    page.goto(http_root + text.relative_to(project_build.site).as_posix())
    toggle = page.locator("p[id^='p-'] .jiedu-cite-toggle").first
    toggle.click()
    number = re.sub(r"\D", "", toggle.get_attribute("aria-label"))
    text = page.locator(".jiedu-cite__text").input_value()
    assert re.search(rf"https?://127\.0\.0\.1:\d+/jiedu/texts/[^#\s]+\.html#p-{number}$", text), text


# -- accessibility -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["texts/index.html", "glossary.html", "terms.html", "texts/new-rules.html"])
def test_no_serious_accessibility_violations(browser, library_build, path, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto((library_build.site / path).as_uri())
    page.evaluate("localStorage.setItem('jiedu.known', JSON.stringify(['学生']))")
    page.reload()
    page.wait_for_timeout(400)
    if path.startswith("texts/new"):
        page.locator("#p-1 .jiedu-cite-toggle").click()
        page.locator("#jiedu-cite").wait_for()
    violations = axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
