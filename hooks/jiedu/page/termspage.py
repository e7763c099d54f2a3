"""The Terms page, generated at build time: the glossary's terms ranked by the number of texts
they appear in, then by their uses, each linking to its glossary entry.

The page's Markdown is made when MkDocs lists the files (:func:`terms_markdown`), before any
text is read; the table is put in when the page is rendered (:func:`fill_terms`), once every
use is known (``occurrences.py``). An analyst following a formulation across documents
starts here; the glossary entry then shows the texts, dates and paragraphs.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape

from ..annotations.glossary import Entry
from .glossarypage import sort_key
from .occurrences import Spread

PLACEHOLDER = '<div class="jiedu-terms" data-jiedu-terms></div>'


def terms_markdown(title: str = "Terms") -> str:
    """The page's Markdown: a title, what the table holds, and its placeholder. Left out of
    search (its terms are the glossary's, which search finds already).

    >>> print(terms_markdown().split("---")[1].strip())
    title: Terms
    search:
      exclude: true
    """
    return "\n".join([
        "---", f"title: {title}", "search:", "  exclude: true", "---", "", f"# {title}", "",
        '<p class="jiedu-terms__intro">The glossary’s terms by the number of texts they appear in, then by '
        "their uses. A term’s glossary entry lists the texts with their dates and links to every paragraph.</p>",
        "", PLACEHOLDER, "",
    ])


def ranked(entries: Iterable[Entry], spread_of: Mapping[str, Spread], pinyin_of: Callable[[Entry], str]) -> list[tuple[Entry, str, Spread]]:
    """Entries with their pinyin and spread: most texts first, then most uses, then by pinyin.

    >>> from jiedu.page.occurrences import InText
    >>> from jiedu.page.textfacts import TextFacts
    >>> a, b = TextFacts.of("a.html", {}), TextFacts.of("b.html", {})
    >>> es = [Entry("x", "甲", "", "", "concept"), Entry("y", "乙", "", "", "concept"), Entry("z", "丙", "", "", "concept")]
    >>> s = {"x": Spread("x", (InText(a, 9, ()),)), "y": Spread("y", (InText(a, 1, ()), InText(b, 1, ())))}
    >>> [e.id for e, _, _ in ranked(es, s, lambda e: {"x": "jiǎ", "y": "yǐ", "z": "bǐng"}[e.id])]
    ['y', 'x', 'z']
    """
    rows = [(e, pinyin_of(e), spread_of.get(e.id) or Spread(e.id)) for e in entries]
    return sorted(rows, key=lambda r: (-len(r[2].texts), -r[2].uses, sort_key(r[1], r[0].term)))


def terms_table(rows: list[tuple[Entry, str, Spread]], glossary_href: str) -> str:
    """The table: term and pinyin (a link to the entry), English, texts, uses, first and last
    appearance (the dates of the oldest and newest texts)."""
    body = []
    for entry, pinyin, spread in rows:
        dates = spread.dates
        first = f'<time datetime="{dates[0].iso}">{dates[0].label}</time>' if dates else "—"
        last = f'<time datetime="{dates[-1].iso}">{dates[-1].label}</time>' if dates else "—"
        body.append(
            f'<tr id="term-{escape(entry.id)}"><td><a href="{escape(glossary_href)}#{escape(entry.id)}" lang="zh-Hans">{escape(entry.term)}</a> '
            f'<span class="jiedu-terms__pinyin jiedu-py" lang="zh-Latn-pinyin">{escape(pinyin)}</span></td>'
            f"<td>{escape(entry.english)}</td>"
            f'<td class="jiedu-terms__n">{len(spread.texts)}</td><td class="jiedu-terms__n">{spread.uses}</td>'
            f"<td>{first}</td><td>{last}</td></tr>"
        )
    head = ('<thead><tr><th scope="col">Term</th><th scope="col">English</th><th scope="col" class="jiedu-terms__n">Texts</th>'
            '<th scope="col" class="jiedu-terms__n">Uses</th><th scope="col">First</th><th scope="col">Last</th></tr></thead>')
    return f'<div class="jiedu-terms no-ruby"><table>{head}<tbody>{"".join(body)}</tbody></table></div>'


def fill_terms(html: str, entries: Iterable[Entry], spread_of: Mapping[str, Spread],
               pinyin_of: Callable[[Entry], str], glossary_href: str) -> str:
    """The Terms page with its table.

    >>> e = Entry("x", "两新", "two new", "", "concept")
    >>> html = fill_terms(PLACEHOLDER, [e], {}, lambda e: "liǎng xīn", "../glossary.html")
    >>> '<a href="../glossary.html#x" lang="zh-Hans">两新</a>' in html, html.count("<tr")
    (True, 2)
    """
    return html.replace(PLACEHOLDER, terms_table(ranked(entries, spread_of, pinyin_of), glossary_href), 1)
