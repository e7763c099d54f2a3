"""How a glossary entry's sources and official English are shown: in full on the glossary
page (title, publisher, date, the title linked when there is a URL), briefly in a tooltip
(publisher or title, and date, linked the same way).

A URL is shown only as a link the reader follows (the site itself requests nothing from
another host); the loader has already refused anything but ``https://`` and ``http://``.
"""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..annotations.glossary import Entry, Source
from ..base.pinyin import HAN_RUN
from .terminology import words

#: How much of a title a tooltip shows when a source has no publisher.
SHORT_TITLE = 24


def _lang(text: str) -> str:
    return ' lang="zh-Hans"' if HAN_RUN.search(text) else ""


def _link(label: str, source: Source) -> str:
    if source.url:
        return f'<a href="{escape(source.url, quote=True)}"{_lang(label)}>{escape(label)}</a>'
    return f"<span{_lang(label)}>{escape(label)}</span>"


def source_html(source: Source) -> str:
    """A source in full: the title (linked to the URL when there is one), publisher, date.

    >>> source_html(Source("习近平对社会工作作出重要指示", "2024-11-06", "新华网 (Xinhua)", "https://example.org/a?b=1&c=2"))
    '<cite><a href="https://example.org/a?b=1&amp;c=2" lang="zh-Hans">习近平对社会工作作出重要指示</a></cite>, <span lang="zh-Hans">新华网 (Xinhua)</span>, 2024-11-06'
    >>> source_html(Source("Opinion <b>x</b>"))
    '<cite><span>Opinion &lt;b&gt;x&lt;/b&gt;</span></cite>'
    """
    parts = [f"<cite>{_link(source.title, source)}</cite>"]
    if source.publisher:
        parts.append(f"<span{_lang(source.publisher)}>{escape(source.publisher)}</span>")
    if source.date:
        parts.append(escape(source.date))
    return ", ".join(parts)


def source_brief(source: Source) -> str:
    """A source in a few words, for a tooltip: its publisher (up to the first comma) or the
    start of its title, and its date; linked when there is a URL.

    >>> source_brief(Source("A very long title that goes on and on and on", "2012-05-25"))
    '<span>A very long title that …</span> 2012-05-25'
    >>> source_brief(Source("T", "2024-10-18", "Xinhua News Agency, republished by People's Daily Online", "https://e.org/"))
    '<a href="https://e.org/">Xinhua News Agency</a> 2024-10-18'
    """
    label = source.publisher.split(",")[0].strip() if source.publisher else source.title
    if len(label) > SHORT_TITLE:
        label = label[:SHORT_TITLE - 1] + "…"
    return _link(label, source) + (f" {escape(source.date)}" if source.date else "")


def official_html(entry: Entry, brief: bool = False) -> str:
    """The official English with its source, or ``""``; where it is the entry's English
    (case and plurals aside), only that it is official, and where that is written.

    >>> from jiedu.annotations.glossary import Official
    >>> o = Official("Liuchi Alley", Source("Xi inspects …", "2024-10-18", "Xinhua"))
    >>> official_html(Entry("l", "六尺巷", "Liuchi Alley", "", "place", english_official=o), brief=True)
    '<span class="jiedu-def__label">Official English</span> (<span>Xinhua</span> 2024-10-18)'
    """
    o = entry.english_official
    if not o:
        return ""
    cite = source_brief(o.source) if brief else source_html(o.source)
    if words(o.text) == words(entry.english):
        return f'<span class="jiedu-def__label">Official English</span> ({cite})'
    return f'<span class="jiedu-def__label">Official English:</span> {escape(o.text)} ({cite})'


def sources_brief(sources: Iterable[Source]) -> str:
    """Every source of an entry, briefly, separated by middle dots."""
    return " · ".join(source_brief(s) for s in sources)
