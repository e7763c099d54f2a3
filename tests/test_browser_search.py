"""Search that loads per query, in a real browser (Debian's Chromium, see conftest.py).

A copy of the project built with ``extra.jiedu.search: per-query`` and one more text, a
fixture page of this test's own: Material's search box finds Chinese anywhere inside words, a
glossary term by its pinyin typed any way, a paragraph by its English, and a result lands on
its paragraph; the first page loads the manifest and no shard, a query only some shards; from
``file://`` it works as well. The glossary term and the English word are taken from what the
build wrote, so a contributor's new term or text changes nothing here.
"""
from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from html import unescape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import copy_project, run_build

pytestmark = pytest.mark.browser
FIXTURE = "library/fixture.html"
PHRASE = "枫叶铁路站台"  # p-3 of the fixture page; found by a run inside it
PARAGRAPHS = ["春天来了，公园里的花都开了。", "我们一起去图书馆看书。", f"他在{PHRASE}等了很久，终于看到火车进站。",
              "晚上大家在家里吃饭聊天。"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("search"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nextra:\n" in config
    config = config.replace("\nextra:\n", "\nextra:\n  jiedu:\n    search: per-query\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    page = root / "docs" / FIXTURE.replace(".html", ".md")
    page.parent.mkdir(parents=True)
    page.write_text("---\nlang: zh-Hans\ntitle: 检索测试\n---\n\n# 检索测试\n\n" + "\n\n".join(PARAGRAPHS) + "\n",
                    encoding="utf-8")
    build = run_build(root)
    assert build.result.returncode == 0, build.result.stderr
    return build


@pytest.fixture(scope="module")
def served(built):
    log: list[str] = []

    class Handler(_Quiet):
        def do_GET(self):
            log.append(self.path)
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", log
    server.shutdown()


@pytest.fixture
def reader(browser):
    """A page with service workers blocked: the offline copy would download every shard."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def search(page, query: str):
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")  # Material searches on keyup
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=20_000)
    # the second answer: the paragraphs, with their text
    page.wait_for_function("document.querySelectorAll('.md-search-result__article').length > "
                           "document.querySelectorAll('.md-search-result__item').length || "
                           "!!document.querySelector('.md-search-result mark')", timeout=20_000)
    return items


def hrefs(page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")


def test_the_build_writes_the_index_that_loads_per_query(built):
    index = built.html("search/search_index.json")
    assert '"docs":[]' in index and '"jiedu":{' in index
    assert 'assets/jiedu-search.js' in built.html(FIXTURE)
    shards = list((built.site / "search" / "jiedu").rglob("*.js"))
    assert len([p for p in shards if p.parent.name == "t"]) >= 2


def test_chinese_inside_words_lands_on_its_paragraph(reader, served):
    page, (base, log) = reader, served
    page.goto(base + FIXTURE)
    page.wait_for_load_state("networkidle")
    assert not [p for p in log if "/search/jiedu/" in p], "the first page loads no shard"
    assert any(p.endswith("search/search_index.json") for p in log)
    before = len(log)
    search(page, PHRASE[1:5])  # 叶铁路站: no word of its own
    fetched = [p for p in log[before:] if "/search/jiedu/" in p]
    assert fetched and all(re.search(r"/search/jiedu/\w+/[td]/\d+\.js$", p) for p in fetched)
    link = page.locator(f'.md-search-result__link[href*="fixture.html"][href*="#p-3"]').first
    assert PHRASE in link.inner_text()
    assert page.locator(".md-search-result mark").first.inner_text() == PHRASE[1:5]
    link.click()
    page.wait_for_url(re.compile(r"fixture\.html.*#p-3$"))
    assert page.locator("#p-3").is_visible()


def test_pinyin_in_any_spelling_finds_the_glossary_term(page, served, built):
    base, _ = served
    glossary = built.html("glossary.html")
    # an entry's id and its pinyin as the glossary page shows them
    m = re.search(r'id="([^"]+)"><h3 class="jiedu-entry__head[^"]*">.*?class="jiedu-entry__pinyin[^"]*"[^>]*>([^<]+)<',
                  glossary, re.S)
    assert m, "the glossary page lists entries"
    ident, syllables = m.group(1), unescape(m.group(2)).split()
    from jiedu.page.searchindex import toneless

    page.goto(base + "index.html")
    for typed in toneless(syllables)[:4]:  # jiesujiban, jie su ji ban, jie1su4ji2ban4, jie1 su4 …
        page.goto(base + "index.html")
        search(page, typed)
        first = hrefs(page)[1]  # the first result under the first page (the glossary)
        assert "glossary.html" in first and first.endswith(f"#{ident}"), typed


def test_english_finds_the_paragraph_it_translates(page, served, built):
    base, _ = served
    blocks = []  # (page, anchor, English) of every text page's paragraphs
    for path in sorted(built.site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for anchor, english in re.findall(r'<div class="jiedu-en[^"]*"[^>]*data-for="(p-\d+)"[^>]*>(.*?)</div>', html, re.S):
            blocks.append((path.relative_to(built.site).as_posix(), anchor, unescape(english)))
    if not blocks:
        pytest.skip("no text of the project has an English translation")
    words = Counter(w for _, _, e in blocks for w in set(re.findall(r"[a-z]{7,}", e.lower())))
    glossary = built.html("glossary.html").lower()
    unique = [(p, a, w) for p, a, e in blocks for w in sorted(set(re.findall(r"[a-z]{7,}", e.lower())))
              if words[w] == 1 and w not in glossary and not w.endswith("s")]
    assert unique, "some English word is in one paragraph only"
    where, anchor, word = unique[0]
    page.goto(base + "index.html")
    search(page, word)
    assert any(where in h and h.endswith(f"#{anchor}") for h in hrefs(page)), (word, where, anchor)


def test_search_works_from_file(page, built):
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto((built.site / FIXTURE).as_uri())
    search(page, PHRASE)
    assert page.locator(f'.md-search-result__link[href*="#p-3"]').count() >= 1
    assert failed == [] and page.errors == []
