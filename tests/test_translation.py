"""A text's English translation: the record's field, its validation, the page and the build.

The browser side (the setting, each block's button, copy, search, print) is in
tests/test_browser_translation.py.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape

import pytest

from jiedu import importer

from jiedu.base import yamlfile
from jiedu.check import markdown_renderer
from jiedu.base.errors import JieduError
from jiedu.annotations.translation import link
from test_importer import FIXTURES, LIBRARY, PAGE, RECORD, ROOT, run, tree  # noqa: F401  (tree: a fixture)

# A small text: title, subtitle, two paragraphs, a section heading, a paragraph, a dateline.
SMALL_RAW = "大标题\n\n副标题\n\n第一段。\n\n第二段很长，有十六个以上的汉字在这里呢。\n\n一节\n\n第三段。\n\n新华社北京11月4日电\n"
SMALL_HEAD = (
    "slug: small\nraw: sources/small.raw.txt\ntitle: 大标题\nsubtitle: 副标题\n"
    "dateline: 新华社北京11月4日电\nkind: news\nrights: a test fixture\nsections:\n  - 一节\n"
)
SMALL_BLOCKS = {"title": "Big title", "p-1": "Subtitle", "p-2": "One.", "p-3": "Two.", "h-1": "A section", "p-4": "Three."}


def record(blocks: dict[str, str] | None = None, extra: str = "", by: str = "by: Jiedu\n") -> str:
    """The small record with a translation written as a contributor would write it."""
    blocks = SMALL_BLOCKS if blocks is None else blocks
    lines = "".join(f"    {k}: {v}\n" for k, v in blocks.items())
    return SMALL_HEAD + "translation:\n" + "".join("  " + ln + "\n" for ln in by.splitlines()) + "  blocks:\n" + lines + extra


def build(text: str) -> str:
    spec = importer.parse_spec(yamlfile.loads(text, "t.yml"), "t.yml")
    return importer.build_page(spec, SMALL_RAW, "sources/small.raw.txt")


def problems(text: str) -> list[str]:
    with pytest.raises(JieduError) as e:
        build(text)
    return [str(p) for p in e.value.problems]


# -- the record: every block exactly once, plain text --------------------------------------


def test_a_complete_translation_puts_each_english_after_its_block():
    page = build(record())
    body = page.split("\n---\n", 1)[1]
    order = re.findall(r'^(# .*|## .*|[^<\n{].*|<div class="jiedu-en no-ruby" lang="en" data-for="([^"]+)" hidden>(.*)</div>)$', body, re.M)
    english = [(key, text) for _, key, text in order if key]
    assert english == list(SMALL_BLOCKS.items())
    # each English line comes right after its block (one blank line between)
    for key, block in [("title", "# 大标题"), ("p-1", "{ #p-1 .jiedu-subtitle }"), ("p-2", "第一段。\n{ #p-2 }"), ("h-1", "## 一节"), ("p-4", "第三段。\n{ #p-4 }")]:
        assert f'{block}\n\n<div class="jiedu-en no-ruby" lang="en" data-for="{key}" hidden>' in body
    assert "translation: English, by Jiedu" in page.split("\n---\n", 1)[0]
    assert "**English translation** by Jiedu" in page
    assert "新华社北京11月4日电" not in body.split("<div class=\"jiedu-notes", 1)[0]  # the dateline has no key


def test_without_a_translation_the_page_has_none():
    page = build(SMALL_HEAD)
    assert "jiedu-en" not in page and "translation" not in page.split("\n---\n", 1)[0]


# Line numbers: the record's head is 9 lines, then "translation:" (10), "by:" (11), "blocks:" (12),
# then one line per block from line 13 in SMALL_BLOCKS's order.
MISSING = {k: v for k, v in SMALL_BLOCKS.items() if k != "p-3"}


@pytest.mark.parametrize("text, message", [
    (record(MISSING),
     "t.yml:12:3: error: translation: no English for p-3 (第二段很长，有十六个以上的汉字在…); add 'p-3: …' under 'blocks:'"),
    (record({k: v for k, v in SMALL_BLOCKS.items() if k != "title"}),
     "t.yml:12:3: error: translation: no English for title (大标题); add 'title: …' under 'blocks:'"),
    (record({**SMALL_BLOCKS, "p-5": "Five."}),
     "t.yml:19:5: error: translation: 'p-5' names no block of this text (it has title, h-1 … h-1, p-1 … p-4); remove it, or check the numbering"),
    (record({**SMALL_BLOCKS, "h-2": "Two."}),
     "t.yml:19:5: error: translation: 'h-2' names no block of this text (it has title, h-1 … h-1, p-1 … p-4); remove it, or check the numbering"),
    (record({**SMALL_BLOCKS, "p5": "Five."}),
     "t.yml:19:5: error: 'p5' is not a block key: use title, h-1, h-2 … (headings in order) or p-1, p-2 … (paragraphs as numbered on the page)"),
    (record({**SMALL_BLOCKS, "p-0": "Zero."}),
     "t.yml:19:5: error: 'p-0' is not a block key: use title, h-1, h-2 … (headings in order) or p-1, p-2 … (paragraphs as numbered on the page)"),
    (record({**SMALL_BLOCKS, "p-2": "[One, Two]"}), "t.yml:15:10: error: 'p-2' must be text (quote it)"),
    (record({**SMALL_BLOCKS, "p-2": "12"}), "t.yml:15:10: error: 'p-2' must be text (quote it)"),
    (record({**SMALL_BLOCKS, "p-2": "{a: b}"}), "t.yml:15:10: error: 'p-2' must be text (quote it)"),
    (record({**SMALL_BLOCKS, "p-2": '""'}), "t.yml:15:10: error: 'p-2' is empty: write its English (every block needs one)"),
    (record({**SMALL_BLOCKS, "p-2": "|\n      One.\n\n      Two."}),
     "t.yml:15:10: error: 'p-2' must be one paragraph: a block's English has no blank line"),
    (record({**SMALL_BLOCKS, "p-2": "One.", "p-2 ": "again"}), "t.yml:19:5: error: duplicate key 'p-2' (first on line 15); keep one"),
    (record(by="translator: Jiedu\n"),
     "t.yml:11:3: error: translation: unknown key 'translator'; allowed: by, blocks"),
    (record(by="translator: Jiedu\n"),
     "t.yml:11:3: error: translation: missing 'by': whose translation it is (Jiedu for the project's own; the publisher for an official one)"),
    (record(by="by: [Jiedu]\n"),
     "t.yml:11:7: error: translation: 'by' must be one line of text: whose translation it is (Jiedu for the project's own; the publisher for an official one)"),
    (SMALL_HEAD + "translation: Jiedu\n",
     "t.yml:10:14: error: 'translation' must be a mapping with 'by' (whose translation: Jiedu for our own) and 'blocks' (one English text per heading and paragraph)"),
    (SMALL_HEAD + "translation:\n  by: Jiedu\n  blocks: [a]\n",
     "t.yml:12:11: error: translation: 'blocks' must be a mapping of block keys to English texts (title: …, h-1: …, p-1: …)"),
    (SMALL_HEAD + "translation:\n  by: Jiedu\n", "t.yml:11:3: error: translation: missing 'blocks' (title: …, h-1: …, p-1: …)"),
])
def test_record_problems_name_the_line(text, message):
    assert message in problems(text)


def test_every_missing_block_is_reported_at_once():
    found = problems(record({"title": "T", "h-1": "H"}))
    assert [re.sub(r" \(.*", "", p) for p in found] == [f"t.yml:12:3: error: translation: no English for p-{n}" for n in (1, 2, 3, 4)]


@pytest.mark.parametrize("english", [
    "<b>bold</b> & <img src=x onerror=alert(1)>",
    "**not bold** [not a link](javascript:alert(1)) {: .cls onclick=alert(1) }",
    "`code` and &amp; and &lt;b&gt;",
    "1. not a list",
    "# not a heading",
    "</div><script>alert(1)</script>",
])
def test_markup_in_a_translation_is_shown_as_text(english):
    page = build(record({**SMALL_BLOCKS, "p-2": json.dumps(english)}))
    line = next(ln for ln in page.splitlines() if 'data-for="p-2"' in ln)
    html = markdown_renderer(ROOT)(line)  # as the build's Python-Markdown renders the page
    m = re.fullmatch(r'<div class="jiedu-en no-ruby" lang="en" data-for="p-2" hidden>([^<]*)</div>', html.strip())
    assert m, html
    assert unescape(m.group(1)) == english


def test_the_fixture_translation_is_complete_and_labelled():
    spec = importer.parse_spec(yamlfile.load(FIXTURES / "ocr-article.yml", RECORD), RECORD)
    assert spec.translation and spec.translation.by == "Jiedu"
    keys = [k for k, _ in spec.translation.blocks]
    assert keys == ["title", "p-1", "p-2", "p-3", "h-1", *[f"p-{n}" for n in range(4, 13)], "h-2", "p-13", "p-14", "p-15",
                    "h-3", "p-16", "p-17", "h-4", "p-18", "p-19", "p-20", "h-5", *[f"p-{n}" for n in range(21, 25)],
                    "h-6", *[f"p-{n}" for n in range(25, 33)], "h-7", "p-33", "p-34", "p-35"]


@pytest.mark.parametrize("record", LIBRARY)
def test_every_translation_of_the_library_is_english_in_page_order(record):
    spec = importer.parse_spec(yamlfile.load(ROOT / record, record), record)
    if spec.translation is None:
        pytest.skip("no translation (the text's notes say so)")
    doc = importer.import_text(spec, (ROOT / spec.raw).read_bytes(), spec.raw)
    assert [k for k, _ in spec.translation.blocks] == [k for k in importer.block_keys(doc) if k]
    for key, english in spec.translation.blocks:
        assert not re.search(r"[\u3400-\u9fff]", english), key  # English only


# -- make check, make article and the skeleton ---------------------------------------------


def test_make_article_keeps_the_translation(tree):
    (tree / PAGE).unlink()
    r = run(tree, RECORD)
    assert r.returncode == 0, r.stderr
    page = (tree / PAGE).read_text(encoding="utf-8")
    assert page.count('<div class="jiedu-en no-ruby"') == 43
    assert "like industrious little bees" in page


def test_a_missing_paragraph_fails_the_import_and_the_check(tree):
    record = tree / RECORD
    text = record.read_text(encoding="utf-8")
    start = text.index("    # 社会工作体制机制持续健全\n    p-12:")
    end = text.index("\n\n", start)
    record.write_text(text[:start] + text[end + 2:], encoding="utf-8")
    blocks_line = text[: text.index("\n  blocks:\n")].count("\n") + 2
    expected = (f"{RECORD}:{blocks_line}:3: error: translation: no English for p-12 (社会工作体制机制持续健全。202…); "
                "add 'p-12: …' under 'blocks:'\n")
    r = run(tree, RECORD)
    assert (r.returncode, r.stderr) == (1, expected)
    r = run(tree, "--check", RECORD)
    assert (r.returncode, r.stderr) == (1, expected)
    check = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--root", str(tree)], capture_output=True, text=True)
    assert check.returncode == 1 and expected.strip() in check.stdout.splitlines()


def test_an_extra_paragraph_is_an_error_at_its_line(tree):
    record = tree / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text + "    p-36: The notes are not translated.\n", encoding="utf-8")
    line = text.count("\n") + 1
    r = run(tree, RECORD)
    assert r.returncode == 1
    assert r.stderr == (f"{RECORD}:{line}:5: error: translation: 'p-36' names no block of this text "
                        "(it has title, h-1 … h-7, p-1 … p-35); remove it, or check the numbering\n")


def test_skeleton_lists_every_block_and_keeps_the_english(tree):
    r = run(tree, "--skeleton", RECORD)
    assert r.returncode == 0, r.stderr
    skeleton = yamlfile.loads(r.stdout, "skeleton")
    spec = importer.parse_spec(yamlfile.load(tree / RECORD, RECORD, tree), RECORD)
    assert list(skeleton["translation"]["blocks"].items()) == list(spec.translation.blocks)
    assert "    # 社会工作体制机制持续健全…\n    p-12: >-\n" in r.stdout
    # a record without a translation gets every key, empty
    text = (tree / RECORD).read_text(encoding="utf-8")
    (tree / RECORD).write_text(text[: text.index("\n# -- English translation")] + "\n", encoding="utf-8")
    r = run(tree, "--skeleton", RECORD)
    blocks = yamlfile.loads(r.stdout, "skeleton")["translation"]["blocks"]
    assert len(blocks) == 43 and set(blocks.values()) == {""}


# -- the build ----------------------------------------------------------------------------


@pytest.mark.parametrize("record", LIBRARY)
def test_the_built_page_has_hidden_english_after_every_block(project_build, record):
    spec = importer.parse_spec(yamlfile.load(ROOT / record, record), record)
    if spec.translation is None:
        pytest.skip("no translation")
    html = project_build.html(f"texts/{spec.slug}.html")
    text = html[html.index('<div class="jiedu-text"'):]
    text = text[: text.index('<section class="jiedu-vocab')] if '<section class="jiedu-vocab' in text else text
    english = list(re.finditer(r'<div class="jiedu-en no-ruby" lang="en" data-for="([^"]*)" hidden>(.*?)</div>', text, re.S))
    assert len(english) == len(spec.translation.blocks)
    expected = dict(spec.translation.blocks)
    blocks = list(re.finditer(r'<(h[1-6]|p)\b[^>]*?\bid="([^"]*)"[^>]*>', text))
    keys = iter(k for k, _ in spec.translation.blocks)
    for m in english:
        before = [b for b in blocks if b.start() < m.start()][-1]
        assert m.group(1) == before.group(2)  # data-for is the id of the block just before
        between = text[before.end(): m.start()]
        assert re.fullmatch(rf"(?s)(?:(?!<(?:h[1-6]|p)\b).)*</{before.group(1)}>\s*", between)
        key = next(keys)
        assert unescape(m.group(2)) == expected[key]
        assert "<ruby>" not in m.group(2) and "<a " not in m.group(2)  # no pinyin, no glossary links
        if key.startswith("p-"):
            assert before.group(2) == key  # p-N is the page's anchor #p-N
    # the English is not a paragraph: each paragraph has its own anchor, the notes' after the text's
    ids = re.findall(r'<p\b[^>]*?\bid="(p-\d+[a-z]?)"', html)
    assert len(ids) == len(set(ids))
    # whose translation: in the metadata under the title
    assert f"<dt>Translation</dt><dd>English, by {spec.translation.by}</dd>" in html


@pytest.mark.parametrize("record", LIBRARY)
def test_search_finds_a_paragraph_by_its_english(project_build, record):
    spec = importer.parse_spec(yamlfile.load(ROOT / record, record), record)
    if spec.translation is None:
        pytest.skip("no translation")
    index = json.loads((project_build.site / "search/search_index.json").read_text(encoding="utf-8"))
    url = f"texts/{spec.slug}.html"
    docs = {d["location"]: d for d in index["docs"] if d["location"].startswith(url)}
    title = dict(spec.translation.blocks)["title"]
    assert docs[url]["text"].startswith(title[:20])  # the title's English on the page entry
    for key, english in spec.translation.blocks:
        if key.startswith("p-") and len(docs) > 1:
            entry = next(d for loc, d in docs.items() if loc == f"{url}#{key}" or english[:30] in unescape(d["text"]))
            assert english[:30] in unescape(entry["text"])
            break


def test_english_that_does_not_follow_its_block_is_reported():
    html = ('<h1 id="t">题</h1><p id="p-1">一</p><div class="jiedu-en" data-for="title" hidden>T</div>'
            '<p id="p-2">二</p><div class="jiedu-en" data-for="p-2" hidden>Two</div><h2 id="h">节</h2>'
            '<div class="jiedu-en" data-for="p-3" hidden>x</div>')
    out, found = link(html, "docs/t.md")
    assert [str(p) for p in found] == [
        "docs/t.md: warning: the English for title follows the paragraph p-1, not title: the page's paragraphs are not "
        "numbered as its record's (run make article)",
        "docs/t.md: warning: the English for p-3 follows a heading (h2), not p-3: the page's paragraphs are not "
        "numbered as its record's (run make article)",
    ]
    assert 'data-for="p-2"' in out


def test_a_hand_written_page_with_misplaced_english_fails_the_strict_build(make_project):
    make_project.write("docs/texts/hand.md", "---\ntitle: 手写\nlang: zh-Hans\n---\n\n# 手写\n\n社会工作。\n\n"
                       '<div class="jiedu-en no-ruby" lang="en" data-for="p-2" hidden>Social work.</div>\n')
    result = make_project.build()
    assert result.result.returncode != 0
    assert ("docs/texts/hand.md: warning: the English for p-2 follows the paragraph p-1, not p-2" in result.result.stderr)
