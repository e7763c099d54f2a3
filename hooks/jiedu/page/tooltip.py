"""Tooltip content for glossary terms: one hidden definition per entry used on a page.

Each term link points at its definition with ``aria-describedby``, so screen readers announce
it; ``docs/assets/jiedu-tooltips.js`` shows a copy of it on hover, focus and tap. Everything
contributed is escaped here (explanations through :mod:`safemd`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape

from ..annotations.glossary import Entry
from ..base.pinyin import HAN_RUN
from ..reading.engine import ReadingEngine
from ..base.safemd import inline
from .sources import official_html, sources_brief


def entry_pinyin(entry: Entry, engine: ReadingEngine) -> str:
    """The entry's pinyin: as given, or as the reading engine reads the term.

    >>> from jiedu.annotations.glossary import Entry
    >>> entry_pinyin(Entry("x", "行业协会", "", "", "concept"), ReadingEngine())
    'háng yè xié huì'
    """
    if entry.pinyin:
        return " ".join(entry.pinyin)
    return " ".join(s for run in HAN_RUN.findall(entry.term) for s in engine.read(run))


def definition_html(entry: Entry, pinyin: str, href: str, terms: Mapping[str, Entry], edit: str = "",
                    where: str = "") -> str:
    """The definition block of one entry; ``href`` is the glossary page's relative URL;
    ``where``, the line on where the term appears (``occurrences.tooltip_line``)."""
    parts = [
        f'<div class="jiedu-def" id="jiedu-def-{entry.id}" role="tooltip" lang="en">',
        '<p class="jiedu-def__head">'
        f'<span class="jiedu-def__term" lang="zh-Hans">{escape(entry.term)}</span> '
        f'<span class="jiedu-def__pinyin jiedu-py" lang="zh-Latn-pinyin">{escape(pinyin)}</span></p>',
        f'<p class="jiedu-def__english">{escape(entry.english)}</p>',
        f'<p class="jiedu-def__explanation">{inline(entry.explanation)}</p>',
    ]
    if entry.english_official:
        parts.append(f'<p class="jiedu-def__official">{official_html(entry, brief=True)}</p>')
    if entry.expansion:
        parts.append(
            '<p class="jiedu-def__expansion"><span class="jiedu-def__label">In full:</span> '
            f'<span lang="zh-Hans">{escape("、".join(entry.expansion))}</span></p>'
        )
    related = [terms[t] for t in entry.related if t in terms]
    if related:
        links = "、".join(f'<a href="{escape(href)}#{r.id}" lang="zh-Hans">{escape(r.term)}</a>' for r in related)
        parts.append(f'<p class="jiedu-def__related"><span class="jiedu-def__label">Related:</span> {links}</p>')
    if entry.sources:
        label = "Source" if len(entry.sources) == 1 else "Sources"
        parts.append(f'<p class="jiedu-def__sources"><span class="jiedu-def__label">{label}:</span> {sources_brief(entry.sources)}</p>')
    parts.append(where)
    more = f'<a href="{escape(href)}#{entry.id}">Glossary entry</a>'
    parts.append(f'<p class="jiedu-def__more">{more}{" · " + edit if edit else ""}</p></div>')
    return "".join(parts)


def definitions_html(
    entries: Iterable[Entry], engine: ReadingEngine, href: str, terms: Mapping[str, Entry],
    edit: Callable[[Entry], str] = lambda e: "", where: Callable[[Entry], str] = lambda e: "",
) -> str:
    """All definitions a page needs, in a hidden container (no pinyin ruby inside)."""
    body = "".join(definition_html(e, entry_pinyin(e, engine), href, terms, edit(e), where(e)) for e in entries)
    return f'<div class="jiedu-defs no-ruby" hidden>{body}</div>' if body else ""
