"""What a reader does, in a real browser: Debian's Chromium driven by Playwright.

The site is opened over HTTP under a sub-path (as on GitHub Pages) and straight from disk
(file://). Every request the page makes is recorded; none may leave the site.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

ARTICLE = "texts/social-work-2024-11-04.html"
pytestmark = pytest.mark.browser


def external(urls: list[str], allowed_host: str | None) -> list[str]:
    out = []
    for url in urls:
        u = urlparse(url)
        if u.scheme in ("file", "data", "blob", "about"):
            continue
        if allowed_host and u.netloc == allowed_host:
            continue
        out.append(url)
    return out


def open_article(page, base: str) -> None:
    page.goto(base + ARTICLE)
    page.wait_for_selector(".jiedu-text ruby rt")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("where", ["http", "file"])
def test_article_opens_with_ruby_and_no_external_request(page, http_root, project_build, where):
    base = http_root if where == "http" else project_build.site.as_uri() + "/"
    open_article(page, base)
    assert page.locator(".jiedu-text rt").count() > 1200  # one per word
    rt = page.locator(".jiedu-text rt").first
    assert rt.is_visible()
    assert external(page.requests, urlparse(http_root).netloc if where == "http" else None) == []
    assert page.errors == []
    # Navigation from the article back home stays inside the site.
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Home").first.dispatch_event("click")
    # wait for the new page itself: closing the context mid-navigation can hang Chromium
    page.wait_for_url(base + "index.html")
    page.wait_for_selector(".md-content h1")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(base)
    assert external(page.requests, urlparse(http_root).netloc if where == "http" else None) == []


def test_copying_a_sentence_yields_chinese_without_pinyin(page, http_root):
    open_article(page, http_root)
    paragraph = page.locator("#p-2")  # the first body paragraph (p-1 is the subtitle)
    paragraph.evaluate(
        """p => { const r = document.createRange(); r.selectNodeContents(p);
                  const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"""
    )
    page.bring_to_front()  # the clipboard answers a focused page only
    page.keyboard.press("Control+C")
    # bounded: an unanswered clipboard read must fail the test, not hang the run
    copied = page.evaluate(
        """() => Promise.race([navigator.clipboard.readText(),
                               new Promise(r => setTimeout(() => r("<clipboard read timed out>"), 5000))])"""
    )
    assert copied.strip().startswith("做好新时代社会工作，对于践行党的根本宗旨")
    assert "zuò" not in copied and "(" not in copied and "shè" not in copied


@pytest.mark.parametrize("where", ["http", "file"])
def test_search_finds_chinese_offline_and_online(page, http_root, project_build, where):
    base = http_root if where == "http" else project_build.site.as_uri() + "/"
    open_article(page, base)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").fill("社会工作")
    page.keyboard.press("End")  # Material searches on keyup
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() > 0
    # results from the text show its Chinese without pinyin (glossary entries show theirs)
    from_text = page.locator(".md-search-result__item", has=page.locator('a[href*="social-work"]'))
    text = " ".join(from_text.all_inner_texts())
    assert "社会" in text and "shè" not in text and "huì" not in text


def test_headings_and_toc_read_cleanly(page, http_root):
    open_article(page, http_root)
    toc = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
    assert any("擘画蓝图" in t for t in toc)
    assert not any(ch in "".join(toc) for ch in "āáǎàēéěèīíǐìōóǒòūúǔù")
    assert page.title().startswith("谱写新时代社会工作高质量发展新篇章")
