"""Render a page's HTML for reading: ruby over Han text, metadata, the text's language marked.

This is the one entry point the MkDocs hook (and later a Markdown extension) calls. Values
from front matter are contributed text: they are escaped here, never trusted as markup.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from html import escape
from typing import Any

from .htmltext import rewrite_text
from .readings import ReadingEngine, Segment
from .segmenter import parts
from .ruby import keep_punctuation, ruby_word

#: Front-matter keys shown under a text's title, with their labels, in this order.
META_FIELDS = {"source": "Source", "place": "Place", "date": "Date", "dateline": "Dateline", "translation": "Translation"}
LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: The metadata block goes after the title, its English (translation.py) and the subtitle.
AFTER_TITLE = re.compile(r'</h1>(\s*<div class="jiedu-en[ "][^>]*>.*?</div>)?(\s*<p class="jiedu-subtitle">.*?</p>)?', re.S)


def render_page(html: str, engine: ReadingEngine, meta: Mapping[str, Any] | None = None) -> str:
    """Annotate a page body: metadata block, ruby, and ``lang`` on the text.

    >>> render_page("<h1>行</h1>", ReadingEngine(), {"lang": "zh-Hans", "place": "Beijing"})
    '<div class="jiedu-text" lang="zh-Hans"><h1><ruby>行<rt>xíng</rt></ruby></h1><div class="jiedu-meta" lang="en"><dl><dt>Place</dt><dd>Beijing</dd></dl></div></div>'
    """
    meta = meta or {}
    block = metadata_html(meta)
    if block:
        html = AFTER_TITLE.sub(lambda m: m.group(0) + block, html, count=1)
    if meta.get("ruby", True):
        html = ruby_page(html, engine)
    lang = str(meta.get("lang") or "")
    if LANG.match(lang):
        html = f'<div class="jiedu-text" lang="{lang}">{html}</div>'
    return html


def ruby_page(html: str, engine: ReadingEngine) -> str:
    """Ruby over every text node, the nodes read together so that the model sees whole
    sentences across inline markup (``<a>一名</a>男子``); punctuation kept with its word.

    >>> ruby_page("<p>一名<b>男子</b></p>", ReadingEngine())
    '<p><ruby>一名<rt data-spoken="yì míng">yī míng</rt></ruby><b><ruby>男子<rt>nán zǐ</rt></ruby></b></p>'
    """
    nodes: list[str] = []
    rewrite_text(html, lambda text: nodes.append(text) or text)
    read = iter(engine.annotate_all(nodes))
    html = rewrite_text(html, lambda _text: "".join(x if isinstance(x, str) else _ruby(x) for x in next(read)))
    return keep_punctuation(html)


#: Words longer than this are shown as the words inside them: a long glossary form
#: (制度优势持续转化为治理效能, taught to the segmenter as one word) would otherwise be one
#: unbreakable box wider than a phone's screen, with no space at its real word boundaries.
LONGEST_WORD = 6


def _ruby(segment: Segment) -> str:
    """Ruby for a word, or for the words inside a long one.

    >>> _ruby(Segment("中华人民共和国", tuple("zhōng huá rén mín gòng hé guó".split())))
    '<ruby>中华<rt>zhōng huá</rt></ruby><ruby>人民共和国<rt>rén mín gòng hé guó</rt></ruby>'
    """
    if len(segment.text) <= LONGEST_WORD:
        return ruby_word(segment)
    out, i = [], 0
    for part in parts(segment.text):
        j = i + len(part)
        out.append(ruby_word(Segment(part, segment.syllables[i:j], segment.sources[i:j], segment.spoken[i:j])))
        i = j
    return "".join(out)


def metadata_html(meta: Mapping[str, Any]) -> str:
    """The source/place/date block; Chinese values keep their own ``lang``.

    >>> metadata_html({"date": dt.date(2024, 11, 4), "dateline": "新华社北京11月4日电"})
    '<div class="jiedu-meta" lang="en"><dl><dt>Date</dt><dd><time datetime="2024-11-04">4 November 2024</time></dd><dt>Dateline</dt><dd lang="zh-Hans">新华社北京11月4日电</dd></dl></div>'
    """
    rows = []
    for key, label in META_FIELDS.items():
        value = meta.get(key)
        if value in (None, ""):
            continue
        if key == "date" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                pass  # shown as written
        if isinstance(value, dt.date):
            cell = f'<time datetime="{value.isoformat()}">{value.day} {value:%B %Y}</time>'
        elif key == "dateline":
            cell = escape(str(value))
            rows.append(f'<dt>{label}</dt><dd lang="zh-Hans">{cell}</dd>')
            continue
        else:
            cell = escape(str(value))
        rows.append(f"<dt>{label}</dt><dd>{cell}</dd>")
    return f'<div class="jiedu-meta" lang="en"><dl>{"".join(rows)}</dl></div>' if rows else ""
