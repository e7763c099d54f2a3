"""A page's HTML prepared for reading, right after Markdown: the one step the build and
``make check`` share, so that both see the same terms in the same places.

Every page is first checked for scripts (``activecontent.py``: a page may not run any
unless ``mkdocs.yml`` trusts it), on the HTML exactly as Markdown made it; then it has its
hard-wrapped Chinese lines joined. A text (a page with ``lang`` in its
front matter) also has its paragraphs numbered (``#p-12``), its English blocks pointed at
the blocks they translate, and its glossary terms linked, longest first; each translated
block's English is then checked against the glossary terms of its Chinese
(``terminology.py``). The uses found and the problems met come back with the HTML. Nothing
here reads files or keeps state.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from ..annotations.glossary import Entry
from ..annotations.translation import ENGLISH, english_by_id, link as link_translations
from ..base.errors import Problem
from ..base.htmltext import join_cjk_lines
from .activecontent import script_problems
from .terminology import block_problems
from .terms import Occurrence, TermMatcher, number_paragraphs, overlap_warnings

#: Where a block's English is written: key (``p-12``) → (record, line, column).
Where = Mapping[str, tuple[str, "int | None", "int | None"]]

TAG = re.compile(r"<[^>]+>")
PARAGRAPH = re.compile(r'<p\b[^>]*?\bid="(p-\d+[a-z]?)"[^>]*>(.*?)</p>', re.S)
#: Headings and paragraphs with their ids: where a term is first met (a title or heading too).
BLOCK = re.compile(r'<(h[1-6]|p)\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</\1>', re.S)


@dataclass
class Prepared:
    """A page's HTML after preparation, and what preparing it found."""

    html: str
    #: each use of a glossary term, in the order of the page
    uses: list[Occurrence] = field(default_factory=list)
    #: entry id → the text of the paragraph it is first used in (a heading's if none)
    first: dict[str, str] = field(default_factory=dict)
    #: numbered paragraphs
    paragraphs: int = 0
    #: scripts (errors); overlapping terms, misplaced English (warnings)
    problems: list[Problem] = field(default_factory=list)


def plain(html: str) -> str:
    """The text of ``html``, tags removed and entities decoded.

    >>> plain("<p>社会<b>工作</b> &amp;</p>")
    '社会工作 &'
    """
    return unescape(TAG.sub("", html))


def prepare(html: str, meta: Mapping[str, Any], matcher: TermMatcher, glossary_href: str, src: str,
            english_at: Where | None = None, markdown: str = "", first_line: int = 1, trusted: bool = False) -> Prepared:
    """``html`` as Python-Markdown made it, prepared; ``src`` names the page in messages,
    ``english_at`` where each block's English is written (its text record), for the
    terminology warnings (else they name the page); ``markdown`` (the page's text from line
    ``first_line`` of its file) finds the lines of scripts, which a ``trusted`` page may hold.

    >>> from jiedu.annotations.glossary import Entry
    >>> m = TermMatcher([Entry("a", "两新", "", "", "concept")])
    >>> p = prepare("<p>两新\\n组织</p>", {"lang": "zh-Hans"}, m, "../g.html", "docs/t.md")
    >>> p.html.count('href="../g.html#a"'), [u.entry_id for u in p.uses], p.first, p.paragraphs
    (1, ['a'], {'a': '两新组织'}, 1)
    >>> [str(e) for e in prepare("<p onclick=x>a</p>", {}, m, "", "docs/a.md", markdown="a\\n{: onclick=x }", first_line=5).problems]
    ["docs/a.md:6: error: event-handler attribute 'onclick' on <p>: pages may not run scripts; remove it, or list the page in mkdocs.yml under extra: jiedu: trusted_pages:"]
    """
    scripts = [] if trusted else script_problems(html, src, markdown, first_line)
    html = join_cjk_lines(html)
    if not meta.get("lang") or not matcher.entries:
        return Prepared(html, problems=scripts)
    problems = scripts + overlap_warnings(matcher, plain(html), src)
    html = number_paragraphs(html)
    keys = [m.group(1) for m in ENGLISH.finditer(html)]  # the record's keys, in page order
    html, misplaced = link_translations(html, src)  # English → its block's id
    uses: list[Occurrence] = []
    html = matcher.mark(html, glossary_href, uses)
    blocks = {m.group(2): plain(m.group(3)) for m in BLOCK.finditer(html)}
    # the sentence a term is first met in: in a paragraph, else in a title or heading
    first: dict[str, str] = {}
    in_paragraph: set[str] = set()
    for use in uses:
        anchor = use.anchor or ""
        if use.entry_id in in_paragraph or (use.entry_id in first and not anchor.startswith("p-")):
            continue
        first[use.entry_id] = blocks.get(anchor, "").strip().removesuffix("¶")
        if anchor.startswith("p-"):
            in_paragraph.add(use.entry_id)
    problems += misplaced + terminology(html, keys, uses, blocks, matcher, src, english_at or {})
    return Prepared(html, uses, first, sum(1 for _ in PARAGRAPH.finditer(html)), problems)


def terminology(html: str, keys: list[str], uses: list[Occurrence], blocks: Mapping[str, str],
                matcher: TermMatcher, src: str, english_at: Where) -> list[Problem]:
    """The terminology check of every translated block (``terminology.py``): the terms the
    page marks in the block's Chinese, against the block's English."""
    english = english_by_id(html)
    if not english:
        return []
    ids = [m.group(1) for m in ENGLISH.finditer(html)]
    key_of = dict(zip(ids, keys)) if len(ids) == len(keys) else {}
    by_id = {e.id: e for e in matcher.entries}
    terms: dict[str, list[Entry]] = {}
    for use in uses:
        terms.setdefault(use.anchor or "", []).append(by_id[use.entry_id])
    problems: list[Problem] = []
    for ident, text in english.items():
        key = key_of.get(ident, ident)
        where = english_at.get(key, (src, None, None))
        problems += block_problems(key, blocks.get(ident, ""), text, terms.get(ident, []), where)
    return problems
