"""The shape of a page's Markdown, held to what Python-Markdown reads in linear time.

Python-Markdown (and the HTML parser it uses for raw HTML) takes time that grows with the
square of some shapes of text: a paragraph's length times its inline marks (each link,
emphasis or escape rebuilds the paragraph's text), a block's lines times its length
(``#``, ``-`` or ``=`` lines), quotes or lists nested in one another (``>>>>…``, ``+ + + …``),
and HTML tags opened and never closed (the parser looks for the end of each to the end of
the page). A page of 100,000 such characters took minutes to build. So before
Markdown reads a page, the build and ``make check`` (``sourcecheck.check_source``) hold each
page to the limits below, which keep the work proportional to the page's length; each
message names its limit, says where it is set, and what to write instead.

Linear itself: one pass over the lines, and one over the ``<`` of each block.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..base.errors import Problem

#: Characters in one block of Markdown (a paragraph, list, table or quote: the lines between
#: two blank lines). The longest paragraph of the seed text has 1,196.
BLOCK_CHARS = 10_000
#: Characters in a one-line field of a text's record (title, source, place, a correction's
#: reason …): each shows within a paragraph, a heading or a table's cell of the page.
FIELD_CHARS = 1_000
#: Lines in one block (a table may have any number: its rows are read one by one).
BLOCK_LINES = 500
#: Quote and list markers at the start of one line (``> > - 1.``): how deep blocks nest.
NESTING = 16
#: HTML tags a page may open and leave unclosed in their paragraph (``a<b`` is one): the HTML
#: parser looks for the end of each as far as the page goes.
UNCLOSED_TAGS = 20
#: Problems listed per page; the rest are counted.
REPORTED = 20
WHERE = "hooks/jiedu/annotations/pageshape.py"

_MARKERS = re.compile(r"(?:[ \t]{0,3}(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?)+")
_MARKER = re.compile(r">|[-+*]|\d{1,9}[.)]")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_TAG_START = re.compile(r"<(?:[A-Za-z]|!\[CDATA\[)")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_TAG_END = re.compile(r"[>\"']")
_AFTER_EQUALS = re.compile(r"=[ \t\n]*$")


def too_long(text: str, what: str, limit: str = "BLOCK_CHARS") -> str | None:
    """The message for a contributed text longer than the ``limit`` named (:data:`BLOCK_CHARS`
    for what shows as a paragraph, :data:`FIELD_CHARS` for a one-line field), or None.

    >>> too_long("x" * 1_001, "'source'", "FIELD_CHARS")
    "'source' has 1,001 characters; the limit is 1,000 (FIELD_CHARS in hooks/jiedu/annotations/pageshape.py): shorten it"
    """
    most = globals()[limit]
    if len(text) <= most:
        return None
    return f"{what} has {len(text):,} characters; the limit is {most:,} ({limit} in {WHERE}): shorten it"


def blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """The blocks of ``text`` (lines between blank lines) with the line each starts on
    (1-based). A fenced code block counts as one block, blank lines and all.

    >>> [(n, b) for n, b in blocks("a\\nb\\n\\n\\nc\\n```\\nx\\n\\ny\\n```\\n")]
    [(1, ['a', 'b']), (5, ['c', '```', 'x', '', 'y', '```'])]
    """
    current: list[str] = []
    start = 1
    fence = ""
    for number, line in enumerate(text.split("\n"), 1):
        if fence:
            current.append(line)
            if line.strip().startswith(fence):
                fence = ""
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)[0] * 3
        if line.strip() or fence:
            if not current:
                start = number
            current.append(line)
        elif current:
            yield start, current
            current = []
    if current:
        yield start, current


def shape_problems(text: str, name: str, first_line: int = 1) -> list[Problem]:
    """Where the page's Markdown ``text`` (from line ``first_line`` of ``name``) passes a limit.

    >>> [str(p) for p in shape_problems("a\\n\\n" + ">" * 20 + " deep\\n", "docs/a.md")]
    ['docs/a.md:3: error: quotes or lists nested 20 deep on one line; the limit is 16 (NESTING in hooks/jiedu/annotations/pageshape.py): nest less, or write a literal > or - as \\\\> or \\\\-']
    >>> [str(p) for p in shape_problems("x <a href=y\\n\\nz>\\n\\n" + "a<b\\n\\n" * 20, "docs/a.md")]
    ["docs/a.md:43: error: more than 20 HTML tags opened and not closed with '>' in their paragraph ('<a' on line 1 is the first); the limit is 20 (UNCLOSED_TAGS in hooks/jiedu/annotations/pageshape.py): write &lt; for a literal '<', or close the tags"]
    """
    out: list[Problem] = []
    unclosed: list[tuple[str, int]] = []
    for start, lines in blocks(text):
        size = sum(len(line) + 1 for line in lines) - 1
        line = first_line + start - 1
        before = len(out)
        if _is_table(lines):  # a table's rows are read one by one: it may have any number of them
            long = next((k for k, row in enumerate(lines) if len(row) > BLOCK_CHARS), None)
            if long is not None:
                out.append(Problem(name, f"a table's row of {len(lines[long]):,} characters; the limit is {BLOCK_CHARS:,} "
                                         f"(BLOCK_CHARS in {WHERE}): shorten its cells", line + long))
        elif size > BLOCK_CHARS:
            out.append(Problem(name, f"a paragraph (or list, table, quote: the lines between two blank lines) of {size:,} "
                                     f"characters; the limit is {BLOCK_CHARS:,} (BLOCK_CHARS in {WHERE}): "
                                     "put a blank line between paragraphs", line))
        elif len(lines) > BLOCK_LINES:
            out.append(Problem(name, f"a block of {len(lines):,} lines without a blank line; the limit is {BLOCK_LINES:,} "
                                     f"(BLOCK_LINES in {WHERE}): put a blank line between paragraphs or lists", line))
        if len(out) == before:  # within the block's limits: what is inside it
            out += _nesting(lines, name, line)
            if len(unclosed) <= UNCLOSED_TAGS:
                unclosed += _unclosed(lines, line)
        if len(out) > REPORTED:
            return out[:REPORTED] + [Problem(name, f"and more problems of the same kinds (only the first {REPORTED} are listed)")]
    if len(unclosed) > UNCLOSED_TAGS:
        tag, at = unclosed[0]
        out.append(Problem(name, f"more than {UNCLOSED_TAGS} HTML tags opened and not closed with '>' in their paragraph ('{tag}' on line "
                                 f"{at} is the first); the limit is {UNCLOSED_TAGS} (UNCLOSED_TAGS in {WHERE}): write &lt; for "
                                 "a literal '<', or close the tags", unclosed[UNCLOSED_TAGS][1]))
    return out


def _is_table(lines: list[str]) -> bool:
    """A table: its rows are read one by one, so it may have any number of them."""
    return len(lines) > 1 and "|" in lines[0] and bool(_TABLE_RULE.match(lines[1]))


def _nesting(lines: list[str], name: str, first: int) -> list[Problem]:
    out = []
    for k, line in enumerate(lines):
        m = _MARKERS.match(line)
        depth = len(_MARKER.findall(m.group())) if m else 0
        if depth > NESTING:
            out.append(Problem(name, f"quotes or lists nested {depth} deep on one line; the limit is {NESTING} "
                                     f"(NESTING in {WHERE}): nest less, or write a literal > or - as \\> or \\-", first + k))
    return out


def _unclosed(lines: list[str], first: int) -> list[tuple[str, int]]:
    """The HTML tags (and ``<![CDATA[`` sections) opened in a block and not closed in it,
    each with its line, up to one more than the limit."""
    text = "\n".join(lines)
    out: list[tuple[str, int]] = []
    pos = 0
    while len(out) <= UNCLOSED_TAGS:
        m = _TAG_START.search(text, pos)
        if not m:
            break
        cdata = m.group().startswith("<![")
        end = text.find("]]>", m.end()) if cdata else _tag_end(text, m.end())
        if end == -1:
            out.append(("<![CDATA[" if cdata else re.match(r"<[A-Za-z][^\s>/<]{0,9}", m.group() + text[m.end():m.end() + 9]).group(),
                        first + text.count("\n", 0, m.start())))
            pos = m.start() + 1
        else:
            pos = end + 1
    return out


def _tag_end(text: str, pos: int) -> int:
    """The ``>`` that ends a tag begun before ``pos`` (quoted values may hold ``>``), or -1."""
    while True:
        m = _TAG_END.search(text, pos)
        if not m:
            return -1
        if m.group() == ">":
            return m.start()
        close = text.find(m.group(), m.end())  # a quote: in a tag, it opens a value only after '='
        if close == -1 or not _AFTER_EQUALS.search(text, max(0, m.start() - 64), m.start()):
            pos = m.end()
            continue
        pos = close + 1
