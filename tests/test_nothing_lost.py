"""Nothing lost, nothing invented: the text a reader sees is the source text.

Annotations only ever add ``<ruby>`` and ``<rt>`` (with the spoken tone of 一/不 as ``data-spoken``) around the source's words, and ``<j-n>`` around a word and the punctuation it keeps on its line.
Strip them from the output and the input must come back exactly.
"""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load
from hypothesis import given, settings
from hypothesis import strategies as st

from jiedu.reading.engine import ReadingEngine
from jiedu.page.render import render_page

ROOT = Path(__file__).resolve().parent.parent
ANNOTATION = re.compile(r"<rt(?: data-spoken=\"[ a-zü\u0300-\u036f\u00c0-\u01ff]+\")?>[^<]*(?:</rt>)?|</?ruby>|</?j-n>| style=\"--n:\d+\"")  # --n: a paragraph's length (render.py)
ENGINE = ReadingEngine()


def strip_annotations(html: str) -> str:
    return ANNOTATION.sub("", html)


def visible_text(html: str) -> str:
    """Text content, whitespace removed: what the characters-in-order comparison uses."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", html)))


def markdown_extensions():
    config = yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))  # MkDocs' loader knows !ENV
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, conf), = ext.items()
            names.append(name)
            configs[name] = {k: v for k, v in conf.items() if k not in ("slugify", "permalink")}
        else:
            names.append(ext)
    return names, configs


TEXTS = sorted(p.stem for p in (ROOT / "docs" / "texts").glob("*.md") if p.stem != "index")


@pytest.mark.parametrize("slug", TEXTS)
def test_built_article_is_its_markdown_source(project_build, slug):
    """Every text of the library: the page minus pinyin and site chrome equals the Markdown
    rendered without the hook."""
    src = (ROOT / f"docs/texts/{slug}.md").read_text("utf-8")
    body = src.split("\n---\n", 1)[1] if src.startswith("---") else src
    names, configs = markdown_extensions()
    expected = visible_text(markdown.markdown(body, extensions=names, extension_configs=configs))

    html = project_build.html(f"texts/{slug}.html")
    start = html.index('<article class="md-content__inner md-typeset">')
    article = html[start : html.index("</article>", start)]
    article = article[article.index('<div class="jiedu-text"') :].split('<div class="jiedu-defs', 1)[0]
    article = re.sub(r'<section class="jiedu-vocab.*?</section>', "", article, flags=re.S)  # added after the text
    article = re.sub(r"<summary>.*?</summary>", "", article, flags=re.S)  # the notes' fold
    article = re.sub(r'<div class="jiedu-meta".*?</dl></div>', "", article, flags=re.S)
    article = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", article)
    seen = visible_text(strip_annotations(article))
    assert seen == expected, _first_difference(seen, expected)


def _first_difference(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"differs at {i}: page …{a[max(0, i - 15):i + 15]}… vs source …{b[max(0, i - 15):i + 15]}…"
    return f"lengths differ: page {len(a)} vs source {len(b)}"


# -- property: any mix of Chinese, Latin, digits, punctuation and Markdown ---------------

CHINESE = "行业长重为了着地得的都还一不中国社会工作语重心长以和贵发展𠀀〇"
PIECES = st.one_of(
    st.text(alphabet=CHINESE, min_size=1, max_size=8),
    st.text(alphabet="abcXYZ019 ", min_size=1, max_size=5),
    st.sampled_from(["，", "。", "“", "”", "、", "：", "；", "？", "！", "《", "》", "（", "）", "……", ",", ".", "\"", "'"]),
    st.sampled_from(["*", "**", "_", "`", "# ", "## ", "- ", "1. ", "> ", "\n", "\n\n", "[链接](http://例子.cn/行)", "<", ">", "&", "&amp;", "    ", "```\n中文\n```\n"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=30).map("".join))
def test_annotating_any_markdown_loses_and_adds_nothing(source):
    html = markdown.markdown(source, extensions=["attr_list", "md_in_html", "tables", "toc"])
    out = render_page(html, ENGINE, {"lang": "zh-Hans"})
    inner = out.removeprefix('<div class="jiedu-text" lang="zh-Hans">').removesuffix("</div>")
    assert strip_annotations(inner) == html
    assert visible_text(strip_annotations(out)) == visible_text(html)
    # every Han character outside code got exactly one reading
    bare = re.sub(r"<(code|pre)\b.*?</\1>", "", out, flags=re.S)
    bare = re.sub(r"<rt[^>]*>[^<]*(?:</rt>)?", "", bare)
    rubied = sum(len(m) for m in re.findall(r"<ruby>(.*?)</ruby>", bare, re.S))
    han = len(re.findall(r"[\u3007\u3400-\u9fff\U00020000-\U0003134f]", re.sub(r"<[^>]+>", "", bare)))
    assert rubied == han
