"""The end of a text: what follows the last paragraph, in the order a reader wants it.

The vocabulary list comes first (a learner's next step), then the notes on the text
(sources and every correction: for the curious and for contributors), folded under their
heading, then the hidden tooltip definitions. The notes arrive from the page's Markdown as
``<div class="jiedu-notes …">`` starting with their ``<h2>``; the heading stays outside the
``<details>`` (a heading in the outline, a target of the table of contents, and no link
inside a ``<summary>``, which would nest interactive controls).
"""
from __future__ import annotations

import re

NOTES = re.compile(r'<div class="jiedu-notes(?: [^"]*)?">')
HEADING = re.compile(r"\s*(<h2\b[^>]*>.*?</h2>)", re.S)
DIV = re.compile(r"<(/?)div\b[^>]*>")
SUMMARY = "Show where the text comes from and every correction of its source"


def arrange(html: str, vocabulary: str = "", definitions: str = "") -> str:
    """Place the vocabulary before the notes, fold the notes, append the definitions.

    >>> arrange('<p>正文</p><div class="jiedu-notes no-ruby"><h2 id="n">Notes</h2><p>x</p></div>', "<section>V</section>", "<div>D</div>")
    '<p>正文</p><section>V</section><h2 id="n">Notes</h2><details class="jiedu-notes-box"><summary>Show where the text comes from and every correction of its source</summary><div class="jiedu-notes no-ruby"><p>x</p></div></details><div>D</div>'
    >>> arrange("<p>正文</p>", "<section>V</section>")
    '<p>正文</p><section>V</section>'
    >>> arrange('<div class="t"><p>文</p><div class="jiedu-notes"><h2>N</h2><div>x</div></div></div>', "V")
    '<div class="t"><p>文</p>V<h2>N</h2><details class="jiedu-notes-box"><summary>Show where the text comes from and every correction of its source</summary><div class="jiedu-notes"><div>x</div></div></details></div>'
    """
    m = NOTES.search(html)
    if not m:
        return html + vocabulary + definitions
    end = _closing(html, m.end())
    opening, rest = m.group(), html[m.end() : end]
    h = HEADING.match(rest)
    if h:
        notes = f'{h.group(1)}<details class="jiedu-notes-box"><summary>{SUMMARY}</summary>{opening}{rest[h.end():]}</details>'
    else:
        notes = html[m.start() : end]
    return html[: m.start()] + vocabulary + notes + html[end:] + definitions


def _closing(html: str, start: int) -> int:
    """The end of the ``</div>`` that closes the div opened just before ``start``.

    >>> _closing("<div>a<div>b</div>c</div>d</div>", 5)
    25
    """
    depth = 1
    for m in DIV.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(html)
