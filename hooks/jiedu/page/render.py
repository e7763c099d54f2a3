"""Render a page's HTML for reading: ruby over Han text, metadata, the text's language marked.

This is the one entry point the MkDocs hook (and later a Markdown extension) calls. Values
from front matter are contributed text: they are escaped here, never trusted as markup.

Readings come from an *annotator*: the reading engine itself, or, in a build, the readings
the reading pass made ahead of rendering (``readpass.py``), which rendering only looks up.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from collections.abc import Mapping, Sequence
from html import escape, unescape
from typing import Any, Protocol

from ..base.htmltext import rewrite_text
from ..reading.engine import ReadingEngine
from ..reading.segment import Segment
from .ruby import keep_punctuation, ruby_word
from ..reading.segmenter import parts


class Annotator(Protocol):
    """What ruby is made from: ``ReadingEngine``, or a lookup of readings made beforehand."""

    def annotate_all(self, texts: Sequence[str]) -> list[list[str | Segment]]: ...

#: Front-matter keys shown under a text's title, with their labels, in this order.
META_FIELDS = {"source": "Source", "place": "Place", "date": "Date", "dateline": "Dateline", "translation": "Translation",
               "rights": "Rights"}
LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: A date given as a month (1921-01) or a year (1921).
PARTIAL_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]))?")
#: The metadata block goes after the title, its English (translation.py) and the subtitle.
AFTER_TITLE = re.compile(r'</h1>(\s*<div class="jiedu-en[ "][^>]*>.*?</div>)?(\s*<p class="jiedu-subtitle">.*?</p>)?', re.S)


def render_page(html: str, engine: Annotator, meta: Mapping[str, Any] | None = None,
                nodes: Sequence[str] | None = None) -> str:
    """Annotate a page body: metadata block, ruby, and ``lang`` on the text. ``nodes``, if
    given, are the page's :func:`ruby_nodes`, worked out already.

    >>> render_page("<h1>行</h1>", ReadingEngine(), {"lang": "zh-Hans", "place": "Beijing"})
    '<div class="jiedu-text" lang="zh-Hans"><h1><ruby>行<rt>xíng</ruby></h1><div class="jiedu-meta" lang="en"><dl><dt>Place</dt><dd>Beijing</dd></dl></div></div>'
    """
    meta = meta or {}
    html = with_metadata(html, meta)
    if meta.get("ruby", True):
        html = ruby_page(html, engine, nodes)
    lang = str(meta.get("lang") or "")
    if LANG.match(lang):
        html = f'<div class="jiedu-text" lang="{lang}">{with_lengths(html)}</div>'
    return html


PARAGRAPH = re.compile(r"<p\b([^>]*)>(.*?)</p>", re.S)
RT_OR_TAG = re.compile(r"<rt\b[^>]*>[^<]*(?:</rt>)?|<[^>]+>")  # the pages omit </rt> (ruby.py)


def with_lengths(html: str) -> str:
    """Each paragraph with its length as a reader sees it, in characters, pinyin left out
    (``--n``): the stylesheet estimates from it the height of a paragraph not laid out yet
    (``content-visibility``), so the page has its height from the first layout and a link
    to a paragraph lands where the paragraph stays.

    >>> with_lengths('<p id="p-1"><ruby>行业<rt>háng yè</ruby>，&amp;<ruby>工<rt>gōng</rt>作<rt>zuò</rt></ruby></p><p style="x">b</p>')
    '<p id="p-1" style="--n:6"><ruby>行业<rt>háng yè</ruby>，&amp;<ruby>工<rt>gōng</rt>作<rt>zuò</rt></ruby></p><p style="x">b</p>'
    """
    def one(m: re.Match[str]) -> str:
        attrs, inner = m.groups()
        if "style=" in attrs:
            return m.group(0)
        n = len(" ".join(unescape(RT_OR_TAG.sub("", inner)).split()))
        return f'<p{attrs} style="--n:{n}">{inner}</p>'

    return PARAGRAPH.sub(one, html)


def with_metadata(html: str, meta: Mapping[str, Any]) -> str:
    """The page with its metadata block after the title (if the front matter gives any)."""
    block = metadata_html(meta)
    if block:
        html = AFTER_TITLE.sub(lambda m: m.group(0) + block, html, count=1)
    return html


def ruby_nodes(html: str, meta: Mapping[str, Any]) -> list[str]:
    """The text nodes :func:`render_page` reads for ``html`` (none when ``ruby: false``): what
    the reading pass reads ahead.

    >>> ruby_nodes("<h1>行</h1><code>x</code>", {"place": "北京"})
    ['行', 'Place', '北京']
    """
    if not meta.get("ruby", True):
        return []
    return text_nodes(with_metadata(html, meta))


def text_nodes(html: str) -> list[str]:
    """The text nodes of ``html`` that get ruby, in order."""
    nodes: list[str] = []
    rewrite_text(html, lambda text: nodes.append(text) or text)
    return nodes


def ruby_page(html: str, engine: Annotator, nodes: Sequence[str] | None = None) -> str:
    """Ruby over every text node, the nodes read together so that the model sees whole
    sentences across inline markup (``<a>一名</a>男子``), punctuation kept with its word;
    ``engine`` reads them, or looks up what the reading pass read.

    >>> ruby_page("<p>一名<b>男子</b></p>", ReadingEngine())
    '<p><ruby>一名<rt data-spoken="yì míng">yī míng</ruby><b><ruby>男子<rt>nán zǐ</ruby></b></p>'
    """
    read = iter(engine.annotate_all(text_nodes(html) if nodes is None else nodes))
    html = rewrite_text(html, lambda _text: "".join([x if type(x) is str else _markup(x) for x in next(read)]))
    return keep_punctuation(html)


@lru_cache(maxsize=20_000)
def _markup(segment: Segment) -> str:
    """A word's markup, made once: texts repeat their words (的, 社会工作) all through. (The
    markup of a word depends on the word and on the segmenter's words alone.)"""
    return _ruby(segment)


_markup_words: list[str] = []  # the segmenter's words the remembered markup was made with
_terms: set[str] = set()  # …the glossary's, among them


def forget_markup(words: list[str]) -> None:
    """Forget the markup made so far if the segmenter's ``words`` (the glossary's forms, and
    the corrections of word boundaries) changed: they decide how words are cut into their
    parts (:func:`_ruby`)."""
    if words != _markup_words:
        _markup.cache_clear()
        _markup_words[:] = words
        _terms.clear()
        _terms.update(words)


#: Words longer than this are shown as the words inside them: a long glossary form
#: (制度优势持续转化为治理效能, taught to the segmenter as one word) would otherwise be one
#: unbreakable box wider than a phone's screen, with no space at its real word boundaries.
LONGEST_WORD = 6


#: A glossary term of this many characters or more is shown as the words it is made of
#: (基层治理: 基层 + 治理), as Hanyu Pinyin writes them apart (GB/T 16159): the level and
#: known-word settings then act on each, and its tooltip offers "I know …" for each.
#: Unless that leaves more than one character standing alone (接诉即办, a set phrase).
TERM_IN_WORDS = 4


def _ruby(segment: Segment) -> str:
    """Ruby for a word, or for the words inside a long one or a glossary term.

    >>> _ruby(Segment("中华人民共和国", tuple("zhōng huá rén mín gòng hé guó".split())))
    '<ruby>中华<rt>zhōng huá</ruby><ruby>人民共和国<rt>rén mín gòng hé guó</ruby>'
    """
    text = segment.text
    if len(text) <= LONGEST_WORD:
        if len(text) < TERM_IN_WORDS or text not in _terms:
            return ruby_word(segment)
        pieces = parts(text)
        if sum(len(p) == 1 for p in pieces) > 1 or len(pieces) < 2:
            return ruby_word(segment)
    else:
        pieces = parts(text)
    out, i = [], 0
    for part in pieces:
        j = i + len(part)
        out.append(ruby_word(Segment(part, segment.syllables[i:j], segment.sources[i:j], segment.spoken[i:j])))
        i = j
    return "".join(out)


def metadata_html(meta: Mapping[str, Any]) -> str:
    """The source/place/date block; Chinese values keep their own ``lang``.

    >>> metadata_html({"date": dt.date(2024, 11, 4), "dateline": "新华社北京11月4日电"})
    '<div class="jiedu-meta" lang="en"><dl><dt>Date</dt><dd><time datetime="2024-11-04">4 November 2024</time></dd><dt>Dateline</dt><dd lang="zh-Hans">新华社北京11月4日电</dd></dl></div>'

    A date may be a month or a year (a story dated 一九二一年一月):

    >>> metadata_html({"date": "1921-01", "rights": "public domain"})
    '<div class="jiedu-meta" lang="en"><dl><dt>Date</dt><dd><time datetime="1921-01">January 1921</time></dd><dt>Rights</dt><dd>public domain</dd></dl></div>'
    """
    rows = []
    for key, label in META_FIELDS.items():
        value = meta.get(key)
        if value in (None, ""):
            continue
        if key == "date" and isinstance(value, str) and PARTIAL_DATE.fullmatch(value):
            year, month = value[:4], value[5:7]
            label_text = f"{dt.date(int(year), int(month), 1):%B} {year}" if month else year
            rows.append(f'<dt>{label}</dt><dd><time datetime="{value}">{label_text}</time></dd>')
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
