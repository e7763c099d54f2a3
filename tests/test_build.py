"""Real builds: the repository's site, and broken inputs that must fail with a clear line."""
from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

ARTICLE = "texts/social-work-2024-11-04.html"  # the text tests/data's hand-checked readings are of
ROOT = Path(__file__).resolve().parent.parent
#: Every text of the library: tests that do not depend on a text's content run on each.
TEXTS = sorted(p.stem for p in (ROOT / "docs" / "texts").glob("*.md") if p.stem != "index")


def front_matter(slug: str) -> dict:
    import yaml

    return yaml.safe_load((ROOT / f"docs/texts/{slug}.md").read_text("utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
RT = re.compile(r"<rt[^>]*>([^<]*)(?:</rt>)?")
HAN = re.compile(r"[\u3400-\u9fff]")


def article_body(html: str) -> str:
    """The rendered page content (what Material puts in <article>)."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start : html.index("</article>", start)]


def text_only(body: str) -> str:
    """The text itself: what comes before the vocabulary list and the notes."""
    return re.split(r'<section class="jiedu-vocab|<details class="jiedu-notes-box"|<div class="jiedu-notes', body, maxsplit=1)[0]


@pytest.mark.parametrize("slug", TEXTS)
def test_every_han_character_of_the_text_has_ruby(project_build, slug):
    body = article_body(project_build.html(f"texts/{slug}.html"))
    text = text_only(body)  # the vocabulary and the notes (raw OCR forms) have no ruby
    bare = re.sub(r"<ruby>.*?</ruby>", "", text, flags=re.S)
    bare = re.sub(r"<[^>]+>", "", bare)
    assert HAN.findall(bare) == [], "Han characters outside <ruby>"
    source = (ROOT / f"docs/texts/{slug}.md").read_text("utf-8").split('<div class="jiedu-notes')[0]
    source = re.sub(r'<div class="jiedu-en[^\n]*', "", source.split("\n---\n", 1)[1])
    assert sum(len(rt.split(" ")) for rt in RT.findall(text)) >= len(HAN.findall(source))


def test_ruby_markup_is_semantic_and_marked_chinese(project_build):
    body = article_body(project_build.html(ARTICLE))
    assert '<div class="jiedu-text" lang="zh-Hans">' in body
    assert "<ruby>行业<rt>háng yè</ruby>" in body
    assert "<rp>" not in body  # 20 bytes a character that no current browser needs


@pytest.mark.parametrize("slug", TEXTS)
def test_title_toc_nav_and_anchors_stay_clean(project_build, slug):
    html = project_build.html(f"texts/{slug}.html")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert unescape(title).startswith(front_matter(slug)["title"])
    assert "<rt" not in title
    head, _, _ = html.partition('<article class="md-content__inner md-typeset">')
    assert "<rt" not in head, "pinyin leaked into the header, nav or TOC"
    headings = re.findall(r'<h([23]) id="([^"]+)">(.*?)</h\1>', html, re.S)
    chinese = [(i, t) for _, i, t in headings if HAN.search(re.sub(r"<rt[^>]*>[^<]*(?:</rt>)?", "", t))]
    assert all(HAN.search(unescape(i)) for i, _ in chinese), chinese  # readable Chinese anchors
    assert not any(re.fullmatch(r"_\d+", i) for _, i, _ in headings)


def test_search_index_has_clean_chinese_and_no_pinyin(project_build):
    index = json.loads((project_build.site / "search" / "search_index.json").read_text("utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith(ARTICLE)]
    text = "".join(d["title"] + d["text"] for d in docs)
    assert "社会工作" in text.replace("\u200b", "")
    for syllable in ("háng", "xīn", "zhōng"):
        assert syllable not in text
    assert "<rt" not in text and "<ruby" not in text
    # the offline plugin inlines the same index for file://
    js = (project_build.site / "search" / "search_index.js").read_text("utf-8")
    inlined = json.loads(js.removeprefix("var __index = "))
    assert inlined == index


@pytest.mark.parametrize("slug", TEXTS)
def test_search_index_is_utf8_and_lands_on_paragraphs(project_build, slug):
    raw = (project_build.site / "search" / "search_index.json").read_text("utf-8")
    assert "\\u4e" not in raw and "社会" in raw  # Chinese as itself: 3 bytes, not a 6-byte escape
    index = json.loads(raw)
    url = f"texts/{slug}.html"
    locations = {d["location"] for d in index["docs"] if d["location"].startswith(url)}
    text = text_only(article_body(project_build.html(url)))
    anchors = re.findall(r'<p\b[^>]*?\bid="(p-\d+[a-z]?)"', text)
    assert anchors and all(f"{url}#{a}" in locations for a in anchors)  # every paragraph of the text


@pytest.mark.parametrize("slug", TEXTS)
def test_metadata_is_shown_not_a_stray_last_line(project_build, slug):
    body = article_body(project_build.html(f"texts/{slug}.html"))
    meta = re.search(r'<div class="jiedu-meta" lang="en">.*?</div>', body, re.S).group(0)
    shown = unescape(re.sub(r"<[^>]+>", "", re.sub(r"<rt[^>]*>[^<]*(?:</rt>)?", "", meta)))
    fm = front_matter(slug)
    for key in ("source", "place", "rights"):
        if fm.get(key):
            assert " ".join(str(fm[key]).split()) in " ".join(shown.split()), key
    assert f'<time datetime="{fm["date"]}">' in meta
    if fm.get("dateline"):
        last_paragraph = re.sub(r"<rt[^>]*>[^<]*(?:</rt>)?", "", text_only(body).rsplit("<p", 1)[-1])
        assert fm["dateline"] not in re.sub(r"<[^>]+>", "", last_paragraph)


def test_no_request_to_another_host(project_build):
    """Every src/href that loads something points inside the site (links may go out)."""
    for page in project_build.site.rglob("*.html"):
        html = page.read_text("utf-8")
        loads = re.findall(r'<(?:script|img|iframe|source|link)\b[^>]*?(?:src|href)="([^"]+)"', html)
        external = [u for u in loads if re.match(r"(https?:)?//", u) and "canonical" not in u]
        assert external == [] or all(_is_canonical_or_alternate(html, u) for u in external), (page, external)
    assert (project_build.site / "assets/vendor/iframe-worker/shim.js").is_file()


def _is_canonical_or_alternate(html: str, url: str) -> bool:
    return bool(re.search(rf'<link rel="(canonical|alternate)"[^>]*href="{re.escape(url)}"', html))


def test_works_under_a_sub_path(project_build):
    """All internal URLs are relative, so the site can live at /jiedu/ on GitHub Pages."""
    html = project_build.html(ARTICLE)
    internal = re.findall(r'(?:src|href)="(/[^/"][^"]*)"', html)
    assert internal == []


# -- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel, content, message",
    [
        ("docs/bad.md", "# 标题\n\n中文".encode("gb18030"),
         "docs/bad.md:1:3: error: file is not UTF-8 (byte 0xb1) but seems to be GB18030 (GBK); convert it with: "
         "iconv -f GB18030 -t UTF-8 docs/bad.md > bad.utf8.txt && mv bad.utf8.txt docs/bad.md"),
        ("docs/empty.md", "", "docs/empty.md: error: page is empty; add its text or delete the file"),
        ("docs/blank.md", "---\ntitle: x\n---\n\n  \n", "docs/blank.md: error: page is empty; add its text or delete the file"),
        ("annotations/readings.yml", "readings:\n  - phrase: 行业\n    pinyin: hang\n",
         "annotations/readings.yml:3:13: error: pinyin has 1 syllables but '行业' has 2 Chinese characters; give one syllable per character"),
        ("annotations/readings.yml", "readings:\n  - phrase: [行业\n",
         "annotations/readings.yml:3:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'; check indentation, colons and quotes"),
    ],
)
def test_bad_input_fails_with_one_clear_line(make_project, rel, content, message):
    make_project.write(rel, content)
    build = make_project.build()
    assert build.result.returncode != 0
    assert message in build.result.stderr
    assert "Traceback" not in build.result.stderr


def test_built_page_matches_the_hand_verified_readings(project_build):
    """Every (character, reading) pair on the page equals the golden file, in order.

    The build reads text node by text node (a glossary term is its own node), so this can
    differ from the engine reading whole paragraphs (tests/test_readings.py)."""
    golden = []
    for line in (ROOT / "tests/data/social-work-2024-11-04.readings.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, syllables = line.split("\t")
            golden.append(list(zip(HAN.findall(text), syllables.split())))
    *body, dateline = golden
    expected = [pair for line in body for pair in line]

    html = text_only(article_body(project_build.html(ARTICLE)))
    meta = re.search(r'<div class="jiedu-meta".*?</dl></div>', html, re.S).group(0)
    html = html.replace(meta, "")
    pairs = lambda h: [  # noqa: E731
        pair for word, rt in re.findall(r"<ruby>([^<]*)<rt[^>]*>([^<]*)(?:</rt>)?</ruby>", h)
        for pair in zip(HAN.findall(word), rt.split(" "))
    ]
    seen = pairs(html)
    mismatches = [
        f"{''.join(c for c, _ in expected[max(0, i - 6):i])}【{e[0]}】: page {s[1]}, verified {e[1]}"
        for i, (s, e) in enumerate(zip(seen, expected)) if s != e
    ]
    assert len(seen) == len(expected)
    assert not mismatches, "\n".join(mismatches)
    dateline_dd = re.search(r'<dt>Dateline</dt><dd lang="zh-Hans">(.*?)</dd>', meta, re.S).group(1)
    assert pairs(dateline_dd) == dateline


def test_the_end_of_a_text_is_vocabulary_then_folded_notes_both_in_the_toc(project_build):
    html = project_build.html(ARTICLE)
    body = article_body(html)
    vocab, notes = body.index('<h2 id="vocabulary">'), body.index('<h2 id="notes-on-the-text">')
    assert vocab < notes
    assert re.search(r'<h2 id="notes-on-the-text">.*?</h2><details class="jiedu-notes-box"><summary>', body, re.S)
    toc = html[html.index("md-nav--secondary") :]
    assert toc.index('href="#vocabulary"') < toc.index('href="#notes-on-the-text"')


@pytest.mark.parametrize("slug", TEXTS)
def test_every_anki_card_has_the_sentence_its_term_first_appears_in(project_build, slug):
    from jiedu.project import Project

    rows = (project_build.site / f"texts/{slug}.anki.tsv").read_text("utf-8").splitlines()
    cards = [r.split("\t") for r in rows if not r.startswith("#")]
    assert cards
    by_term = Project.load(ROOT).by_term
    for card in cards:
        assert card[4].strip(), card[0]
        forms = by_term[card[0]].forms
        assert any(form.strip("“”") in card[4] for form in forms), (card[0], card[4])
    html = project_build.html(f"texts/{slug}.html")
    headings = {re.sub(r"<rt[^>]*>[^<]*|<[^>]+>|\s|¶", "", h) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)}
    # a paragraph's sentence, never a heading's (a term first met in the title gets its first paragraph's)
    assert not [c[0] for c in cards if c[4] in headings]
