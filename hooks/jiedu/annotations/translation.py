"""A text's English translation: the record's ``translation:`` field, and its place on the page.

A text record (``annotations/texts/<slug>.yml``) may give one English text for every heading
and paragraph of its text, and says whose translation it is::

    translation:
      by: Jiedu                # whose translation; the page says "English, by Jiedu"
      blocks:
        title: Writing a New Chapter …   # the title (the page's h1)
        h-1: Drawing up the blueprint …  # the headings (## and ###), in order: h-1, h-2 …
        p-1: A review of …               # the paragraphs, numbered as on the page: #p-1 …

The keys come from the blocks the importer builds (``importer/textpage.block_keys``):
``title``; ``h-N`` for the N-th section or sub-heading; for a paragraph, the subtitle
included, its anchor on the page (``p-12``; ``p-12b`` for the second part of a paragraph a
recorded correction split; ``subtitle`` for a subtitle the record supplies: see
``importer/assemble.py``); the dateline has none (it becomes metadata). The importer writes
each paragraph's anchor into the page, and :func:`link` checks at build time that each
English block follows the block its key names.

On the page each block's English stands right after the block::

    <div class="jiedu-en no-ruby" lang="en" data-for="p-5" hidden>…</div>

hidden until the reader shows it (``jiedu-translation.js``); a ``<div>``, so it is never
numbered as a paragraph nor styled as Chinese text; ``no-ruby``, so it never gets pinyin or
glossary links; plain text, escaped (a translation is data, never markup). The build sets
``data-for`` to the ``id`` of the block it translates (a heading's id is its slug).

What this module is not: it does not translate, and it does not judge English.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape, unescape

from ..base.errors import JieduError, Problem
from .pageshape import too_long

#: A block's key: the title, the N-th heading, a paragraph's anchor (p-12, or p-12b for the
#: second part of a paragraph a correction split), a subtitle the record supplies.
KEY = re.compile(r"title|subtitle|h-[1-9][0-9]*|p-[1-9][0-9]*[b-z]?")
TRANSLATION_KEYS = ("by", "blocks")
#: Block kinds of the importer (``ocrtext.Block``) and the letter of their key.
HEADING_KINDS = ("section", "subheading")
PARAGRAPH_KINDS = ("subtitle", "paragraph")
#: How much of a block a message quotes.
QUOTE_CHARS = 16


@dataclass(frozen=True)
class Translation:
    """``by`` (whose translation) and one English text per block key, in the record's order.
    ``at`` holds each key's (line, column) in the record, ``line`` that of ``blocks:``."""

    by: str
    blocks: tuple[tuple[str, str], ...]
    at: dict = field(default_factory=dict, compare=False, repr=False)
    line: tuple[int | None, int | None] = (None, None)


def parse_translation(data: object, path: str, at: tuple[int | None, int | None] = (None, None)) -> tuple[Translation | None, list[Problem]]:
    """Check the shape of a record's ``translation:`` value (from :mod:`jiedu.base.yamlfile`, which
    keeps positions); whether its keys fit the text is :func:`english_for`'s question.

    >>> t, problems = parse_translation({"by": "Jiedu", "blocks": {"title": "A  title\\n", "p-1": "One."}}, "x.yml")
    >>> t.blocks, problems
    ((('title', 'A title'), ('p-1', 'One.')), [])
    >>> [p.message for p in parse_translation({"by": "Jiedu", "blocks": {"p5": "x", "p-2": 3}}, "x.yml")[1]]
    ["'p5' is not a block key: use title, h-1, h-2 … (headings in order) or p-1, p-2 … (paragraphs as numbered on the page)", "'p-2' must be text (quote it)"]
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return None, [Problem(path, "'translation' must be a mapping with 'by' (whose translation: Jiedu for our own) "
                                    "and 'blocks' (one English text per heading and paragraph)", *at)]
    key_at = getattr(data, "key_at", {})
    value_at = getattr(data, "value_at", {})
    for key in data:
        if key not in TRANSLATION_KEYS:
            problems.append(Problem(path, f"translation: unknown key {key!r}; allowed: by, blocks", *key_at.get(key, at)))
    by = data.get("by")
    if not isinstance(by, str) or not by.strip() or "\n" in by.strip():
        where = value_at.get("by", at)
        what = "missing 'by'" if "by" not in data else "'by' must be one line of text"
        problems.append(Problem(path, f"translation: {what}: whose translation it is (Jiedu for the project's own; "
                                      "the publisher for an official one)", *where))
        by = ""
    blocks = data.get("blocks")
    line = key_at.get("blocks", at)
    if not isinstance(blocks, dict) or not blocks:
        what = "missing 'blocks'" if "blocks" not in data else "'blocks' must be a mapping of block keys to English texts"
        problems.append(Problem(path, f"translation: {what} (title: …, h-1: …, p-1: …)", *(value_at.get("blocks", line))))
        return None, problems
    b_key_at = getattr(blocks, "key_at", {})
    b_value_at = getattr(blocks, "value_at", {})
    texts: list[tuple[str, str]] = []
    positions: dict[str, tuple[int | None, int | None]] = {}
    for key, value in blocks.items():
        where = b_key_at.get(key, line)
        if not isinstance(key, str) or not KEY.fullmatch(key):
            problems.append(Problem(path, f"{key!r} is not a block key: use title, h-1, h-2 … (headings in order) or "
                                          "p-1, p-2 … (paragraphs as numbered on the page)", *where))
            continue
        if not isinstance(value, str):
            problems.append(Problem(path, f"{key!r} must be text (quote it)", *b_value_at.get(key, where)))
            continue
        if re.search(r"\n\s*\n", value.strip()):
            problems.append(Problem(path, f"{key!r} must be one paragraph: a block's English has no blank line",
                                    *b_value_at.get(key, where)))
            continue
        text = " ".join(value.split())
        if not text:
            problems.append(Problem(path, f"{key!r} is empty: write its English (every block needs one)",
                                    *b_value_at.get(key, where)))
            continue
        long = too_long(text, f"{key!r}")
        if long:
            problems.append(Problem(path, long, *b_value_at.get(key, where)))
            continue
        texts.append((key, text))
        positions[key] = where
    if problems:
        return None, problems
    return Translation(by.strip(), tuple(texts), positions, line), []


def english_for(translation: Translation | None, blocks: Sequence[tuple[str | None, str]], path: str) -> list[str | None]:
    """The English of each block (``(key, plain text)`` pairs in page order, the key
    ``None`` for a block that is not translated), or ``None`` for all when there is no
    translation; raise :class:`JieduError` when a block has no entry or an entry names no
    block.

    >>> t = Translation("Jiedu", (("title", "T"), ("p-1", "One."), ("p-3", "Three.")), {"p-3": (9, 5)}, (4, 3))
    >>> english_for(t, [("title", "题"), ("p-1", "一"), ("p-2", "第二段很长的文字，有十六个以上的字。")], "x.yml")
    Traceback (most recent call last):
    ...
    jiedu.base.errors.JieduError: x.yml:4:3: error: translation: no English for p-2 (第二段很长的文字，有十六个以上的…); add 'p-2: …' under 'blocks:'
    x.yml:9:5: error: translation: 'p-3' names no block of this text (it has title, p-1 … p-2); remove it, or check the numbering
    """
    keys = [key for key, _ in blocks]
    if translation is None:
        return [None] * len(blocks)
    given = dict(translation.blocks)
    problems: list[Problem] = []
    for key, (_, text) in zip(keys, blocks):
        if key is not None and key not in given:
            problems.append(Problem(path, f"translation: no English for {key} ({quote(text)}); "
                                                            f"add '{key}: …' under 'blocks:'", *translation.line))
    known = set(k for k in keys if k)
    for key in given:
        if key not in known:
            problems.append(Problem(path, f"translation: {key!r} names no block of this text (it has {describe(keys)}); "
                                          "remove it, or check the numbering", *translation.at.get(key, translation.line)))
    if problems:
        raise JieduError(problems)
    return [given.get(k) if k else None for k in keys]


def quote(text: str, width: int = QUOTE_CHARS) -> str:
    """The start of a block, for a message.

    >>> quote("短"), quote("一二三四五六七八九十一二三四五六七")
    ('短', '一二三四五六七八九十一二三四五六…')
    """
    return text if len(text) <= width else text[:width] + "…"


def describe(keys: Sequence[str | None]) -> str:
    """The keys a text has, briefly.

    >>> describe(["title", "p-1", "h-1", "p-2", "p-2b", None])
    'title, h-1 … h-1, p-1 … p-2b'
    """
    h = sum(1 for k in keys if k and k.startswith("h-"))
    p = [k for k in keys if k and k.startswith("p-")]
    parts = [k for k in ("title", "subtitle") if k in keys]
    if h:
        parts.append(f"h-1 … h-{h}")
    if p:
        parts.append(f"{p[0]} … {p[-1]}")
    return ", ".join(parts) or "no blocks"


def element(key: str, english: str) -> str:
    """The page's element for a block's English (Markdown passes a ``<div>`` line through).

    >>> element("p-5", 'The "two new" <b>organisations</b> & more')
    '<div class="jiedu-en no-ruby" lang="en" data-for="p-5" hidden>The "two new" &lt;b&gt;organisations&lt;/b&gt; &amp; more</div>'
    """
    return f'<div class="jiedu-en no-ruby" lang="en" data-for="{escape(key)}" hidden>{escape(english, quote=False)}</div>'


# -- the built page ---------------------------------------------------------------------------

ENGLISH = re.compile(r'<div class="jiedu-en\b[^"]*"[^>]*?\bdata-for="([^"]*)"[^>]*>(.*?)</div>', re.S)
BLOCK_OPEN = re.compile(r'<(h[1-6]|p)\b([^>]*)>')
ID = re.compile(r'\bid="([^"]*)"')
TAG = re.compile(r"<[^>]+>")


def link(html: str, path: str) -> tuple[str, list[Problem]]:
    """Point each English element at the block it translates (``data-for`` = the block's id)
    and check that it follows the block its key names: ``p-N`` the paragraph ``#p-N``, ``title``
    the h1, ``h-N`` a heading. Run after the paragraphs are numbered. A mismatch is a warning
    (``--strict`` fails): the page was not generated from its record as it stands.

    >>> link('<h2 id="一">一</h2>\\n<div class="jiedu-en no-ruby" lang="en" data-for="h-1" hidden>One</div><p id="p-1">文</p><div class="jiedu-en" data-for="p-1">Text</div>', "t.md")[0]
    '<h2 id="一">一</h2>\\n<div class="jiedu-en no-ruby" lang="en" data-for="一" hidden>One</div><p id="p-1">文</p><div class="jiedu-en" data-for="p-1">Text</div>'
    >>> [p.message for p in link('<p id="p-2">文</p><div class="jiedu-en" data-for="p-1">x</div>', "t.md")[1]]
    ["the English for p-1 follows the paragraph p-2, not p-1: the page's paragraphs are not numbered as its record's (run make article)"]
    """
    if "jiedu-en" not in html:
        return html, []
    opens = [(m.start(), m) for m in BLOCK_OPEN.finditer(html)]
    starts = [s for s, _ in opens]
    out: list[str] = []
    problems: list[Problem] = []
    pos = 0
    for m in ENGLISH.finditer(html):
        key = m.group(1)
        k = bisect.bisect_left(starts, m.start()) - 1
        block = opens[k][1] if k >= 0 else None
        tag = block.group(1) if block else ""
        ident = ID.search(block.group(2)) if block else None
        ident_text = ident.group(1) if ident else ""
        before = html[block.end():m.start()] if block else ""
        follows = bool(block) and re.fullmatch(rf"(?s).*</{tag}>\s*", before) is not None and f"<{tag}" not in before
        if key == "title":
            expected = tag == "h1"
        elif key.startswith("p-"):
            expected = tag == "p" and ident_text == key
        else:
            expected = tag in ("h2", "h3", "h4", "h5", "h6")
        if not (follows and ident and expected):
            what = f"the paragraph {ident_text}" if tag == "p" else (f"a heading ({tag})" if tag else "nothing")
            problems.append(Problem(path, f"the English for {key} follows {what}, not {key}: the page's paragraphs are "
                                          "not numbered as its record's (run make article)", severity="warning"))
            continue
        out.append(html[pos:m.start(1)])
        out.append(escape(unescape(ident_text), quote=True))
        pos = m.end(1)
    out.append(html[pos:])
    return "".join(out), problems


def english_by_id(html: str) -> dict[str, str]:
    """The English of each block of a built page, by the block's id, as plain text.

    >>> english_by_id('<p id="p-1">文</p><div class="jiedu-en" data-for="p-1" hidden>A &amp; <mark>B</mark></div>')
    {'p-1': 'A & B'}
    """
    return {unescape(m.group(1)): " ".join(unescape(TAG.sub("", m.group(2))).split()) for m in ENGLISH.finditer(html)}
