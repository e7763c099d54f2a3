"""Where each glossary term appears across the texts: which texts, when, how often, and in
which paragraphs.

The build records every use of a term as it reads the texts (``Site.uses``); once all texts
are read, :func:`spreads` gathers them per term with each text's facts (``textfacts.py``:
its title and date). The glossary page shows the whole spread of each entry
(:func:`fill_glossary`: a summary, a small timeline when the term spans several dates, and
every text with its date, its number of uses and links to the paragraphs); a tooltip shows
one line (:func:`tooltip_line`: "In 3 texts, 2019–2024 · 14 uses"); the Terms page ranks
the terms (``termspage.py``).

The timeline is an inline SVG drawn in CSS colours (``jiedu-library.css``), so it follows
the light and dark palettes; it has a text alternative, and the list under it says the same
in words. Titles are contributed text and are escaped here.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from html import escape

from .glossarypage import PLACEHOLDER
from .textfacts import PartialDate, TextFacts


@dataclass(frozen=True)
class InText:
    """A term's uses in one text: how many, and the blocks (paragraph or heading ids) they
    are in, each once, in the order of the text."""

    text: TextFacts
    count: int
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Spread:
    """A term's uses across the texts, oldest text first (undated texts last)."""

    entry_id: str
    texts: tuple[InText, ...] = ()

    @cached_property
    def uses(self) -> int:
        return sum(t.count for t in self.texts)

    @cached_property
    def dated(self) -> tuple[InText, ...]:
        return tuple(t for t in self.texts if t.text.date)

    @cached_property
    def dates(self) -> list[PartialDate]:
        return sorted({t.text.date for t in self.dated})

    @property
    def years(self) -> str:
        """``2019–2024``, ``2024``, or "" when no text is dated."""
        dates = self.dates
        if not dates:
            return ""
        first, last = dates[0].year, dates[-1].year
        return str(first) if first == last else f"{first}–{last}"

    @cached_property
    def summary(self) -> str:
        """One line, for a tooltip.

        >>> a, b = TextFacts.of("a.html", {"title": "A", "date": "2019-05"}), TextFacts.of("b.html", {"title": "B", "date": 2024})
        >>> Spread("x", (InText(a, 2, ("p-1",)), InText(b, 12, ("p-3",)))).summary, Spread("y").summary
        ('In 2 texts, 2019–2024 · 14 uses', 'In no text')
        >>> Spread("x", (InText(b, 1, ("p-3",)),)).summary
        'In 1 text, 2024 · 1 use'
        """
        if not self.texts:
            return "In no text"
        n, uses = len(self.texts), self.uses
        years = f", {self.years}" if self.years else ""
        return f"In {n} text{'s' if n != 1 else ''}{years} · {uses} use{'s' if uses != 1 else ''}"


def spreads(uses: Mapping[str, Sequence[tuple[str, str]]], facts: Mapping[str, TextFacts]) -> dict[str, Spread]:
    """Each term's :class:`Spread`, from ``uses`` (entry id → every use as (text URL, block
    id), in the order the texts were read) and ``facts`` (text URL → its facts).

    >>> f = {"a.html": TextFacts.of("a.html", {"title": "A", "date": "2024"}), "b.html": TextFacts.of("b.html", {"title": "B", "date": "2019"})}
    >>> s = spreads({"x": [("a.html", "p-2"), ("a.html", "p-2"), ("b.html", "p-7")]}, f)["x"]
    >>> [(t.text.title, t.count, t.anchors) for t in s.texts]
    [('B', 1, ('p-7',)), ('A', 2, ('p-2',))]
    """
    out: dict[str, Spread] = {}
    for entry_id, found in uses.items():
        per: dict[str, list] = {}
        for url, anchor in found:
            count_anchors = per.setdefault(url, [0, []])
            count_anchors[0] += 1
            if anchor and anchor not in count_anchors[1]:
                count_anchors[1].append(anchor)
        texts = [InText(facts.get(url) or TextFacts(url, url), n, tuple(a)) for url, (n, a) in per.items()]
        out[entry_id] = Spread(entry_id, tuple(sorted(texts, key=lambda t: t.text.sort_key)))
    return out


def tooltip_line(spread: Spread | None) -> str:
    """The tooltip's line on where a term appears ("" for a term in no text)."""
    if spread is None or not spread.texts:
        return ""
    return f'<p class="jiedu-def__where">{escape(spread.summary)}</p>'


def _anchor_label(anchor: str) -> str:
    return "¶" + anchor[2:] if anchor.startswith("p-") else "§"


def _paragraph(href: str, anchor: str) -> str:
    """A link to one use's block: ``¶12`` for a paragraph, ``§`` for a heading (the title too)."""
    label = _anchor_label(anchor)
    heading = "" if label.startswith("¶") else ' title="a heading"'
    return f'<a class="jiedu-spread__use" href="{_link(href, anchor)}"{heading}>{label}</a>'


def _link(href: str, anchor: str) -> str:
    return escape(href) + (f"#{escape(anchor)}" if anchor else "")


def spread_html(spread: Spread, href: Callable[[str], str]) -> str:
    """The glossary's "where it appears" for one term; ``href`` makes a text's URL relative
    to the glossary page.

    >>> a, b = TextFacts.of("a.html", {"title": "甲", "date": "2019-05"}), TextFacts.of("b.html", {"title": "乙<", "date": 2024})
    >>> html = spread_html(Spread("x", (InText(a, 2, ("p-1",)), InText(b, 1, ("p-3",)))), str)
    >>> html.split("<svg")[0]
    '<p class="jiedu-spread__summary"><span class="jiedu-def__label">Where it appears:</span> in 2 texts, 2019–2024 · 3 uses; first in <a href="a.html#p-1"><span lang="zh-Hans">甲</span></a> (May 2019), last in <a href="b.html#p-3"><span lang="zh-Hans">乙&lt;</span></a> (2024).</p>'
    >>> html.count("<li>"), html.count('<circle'), 'role="img"' in html
    (2, 2, True)
    """
    def title(t: InText) -> str:
        return f'<span lang="zh-Hans">{escape(t.text.title)}</span>'

    def first_use(t: InText) -> str:
        return _link(href(t.text.url), t.anchors[0] if t.anchors else "")

    summary = spread.summary[0].lower() + spread.summary[1:]  # numbers and years: no contributed text
    dated = spread.dated
    if len(spread.texts) > 1 and len(spread.dates) > 1:
        first, last = dated[0], dated[-1]
        summary += (f'; first in <a href="{first_use(first)}">{title(first)}</a> ({first.text.date.label}), '
                    f'last in <a href="{first_use(last)}">{title(last)}</a> ({last.text.date.label})')
    parts = [f'<p class="jiedu-spread__summary"><span class="jiedu-def__label">Where it appears:</span> {summary}.</p>']
    if len(spread.dates) > 1:
        parts.append(timeline_svg(spread))
    items = []
    for t in spread.texts:
        date = f'<time datetime="{t.text.date.iso}">{t.text.date.label}</time>' if t.text.date else "undated"
        links = " ".join(_paragraph(href(t.text.url), a) for a in t.anchors)
        items.append(f'<li>{date} · <a href="{escape(href(t.text.url))}">{title(t)}</a> · '
                     f'{t.count} use{"s" if t.count != 1 else ""}{": " + links if links else ""}</li>')
    parts.append(f'<ul class="jiedu-spread__texts">{"".join(items)}</ul>')
    return "".join(parts)


#: The timeline's geometry, in CSS pixels: its height, the axis's y, the dots' largest radius.
HEIGHT, AXIS, RADIUS = 44, 18, 9


def timeline_svg(spread: Spread) -> str:
    """The dated texts of a term on a line from the first year to the last, each a dot whose
    area grows with its number of uses. Positions are percentages of the width, so the
    dots stay round at any width; the years are written under the ends.

    >>> a, b = TextFacts.of("a.html", {"title": "A", "date": "2019-01-01"}), TextFacts.of("b.html", {"title": "B", "date": "2023-12-31"})
    >>> svg = timeline_svg(Spread("x", (InText(a, 1, ()), InText(b, 4, ()))))
    >>> svg.count("<circle"), '>2019</text>' in svg and '>2023</text>' in svg
    (2, True)
    >>> svg.split('<title id="jiedu-timeline-x">')[1].split("<")[0]
    'Uses over time: 1 January 2019, A: 1 use; 31 December 2023, B: 4 uses'
    """
    dated = spread.dated
    start = min(t.text.date.year for t in dated)
    end = max(t.text.date.year for t in dated) + 1
    most = max(t.count for t in dated)

    def x(t: InText) -> str:
        return f"{4 + 92 * (t.text.date.fraction - start) / (end - start):.2f}%"

    ticks = "".join(
        f'<line class="jiedu-timeline__tick" x1="{4 + 92 * (y - start) / (end - start):.2f}%" y1="{AXIS - 3}" '
        f'x2="{4 + 92 * (y - start) / (end - start):.2f}%" y2="{AXIS + 3}"/>'
        for y in range(start, end + 1)
    ) if end - start <= 40 else ""
    dots = "".join(
        f'<circle class="jiedu-timeline__dot" cx="{x(t)}" cy="{AXIS}" r="{3 + (RADIUS - 3) * (t.count / most) ** 0.5:.1f}">'
        f"<title>{escape(t.text.date.label)}: {escape(t.text.title)}, {t.count} use{'s' if t.count != 1 else ''}</title></circle>"
        for t in dated
    )
    said = "; ".join(f"{t.text.date.label}, {t.text.title}: {t.count} use{'s' if t.count != 1 else ''}" for t in dated)
    label = f"jiedu-timeline-{spread.entry_id}"
    return (
        f'<svg class="jiedu-timeline" width="100%" height="{HEIGHT}" role="img" aria-labelledby="{escape(label)}">'
        f'<title id="{escape(label)}">{escape("Uses over time: " + said)}</title>'
        f'<line class="jiedu-timeline__axis" x1="4%" y1="{AXIS}" x2="96%" y2="{AXIS}"/>{ticks}{dots}'
        f'<text class="jiedu-timeline__year" x="4%" y="{HEIGHT - 4}">{start}</text>'
        f'<text class="jiedu-timeline__year" x="96%" y="{HEIGHT - 4}" text-anchor="end">{end - 1}</text></svg>'
    )


def fill_glossary(html: str, spread_of: Mapping[str, Spread], href: Callable[[str], str]) -> str:
    """Each entry's placeholder on the glossary page filled with its spread (an entry no
    text uses keeps an empty one).

    >>> t = TextFacts.of("t.html", {"title": "文"})
    >>> fill_glossary(PLACEHOLDER.format(id="x"), {"x": Spread("x", (InText(t, 2, ("p-2", "p-5")),))}, str).split("<ul")[0]
    '<div class="jiedu-backlinks" data-entry="x"><p class="jiedu-spread__summary"><span class="jiedu-def__label">Where it appears:</span> in 1 text · 2 uses.</p>'
    """
    for entry_id, spread in spread_of.items():
        old = PLACEHOLDER.format(id=entry_id)
        if spread.texts and old in html:
            html = html.replace(old, old.replace("></div>", f">{spread_html(spread, href)}</div>"), 1)
    return html
