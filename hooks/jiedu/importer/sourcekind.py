"""How a raw file is written, and where its paragraphs are: step 1 of the import.

A text's raw file is one of four source kinds (``source_kind`` in its record, or
:func:`detect`):

- ``ocr`` — an OCR copy of print: paragraphs separated by blank lines, lines hard-wrapped at
  the column's width, ASCII punctuation and stray spaces left by the OCR (the seed article);
- ``plain`` — a clean text file: paragraphs either separated by blank lines (lines
  hard-wrapped, as in the old 鲁迅全集 e-texts) or one per line (the NPC's law texts, with no
  blank lines): ``paragraphs: blank-lines | lines`` (:func:`detect_paragraphs`);
- ``markdown`` — Markdown: blocks as Markdown makes them (a heading line, a list item, a
  paragraph of consecutive lines), the syntax removed (``#``, emphasis, links' targets,
  comments, escapes);
- ``html`` — HTML: each block element (``p``, ``div``, ``h1``–``h6``, ``li``, ``br`` …) ends
  a paragraph, tags removed, entities decoded; ``head``, ``script``, ``style`` and comments
  are not text.

:func:`units` cuts the raw file into its paragraphs, each a span of the raw text (so a
correction's ``context``, copied from the raw file, finds its place); :func:`strip_markup`
then removes the markup left inside a paragraph. Line breaks and punctuation inside a
paragraph are ``punctuation.py``'s. Pure functions: no files, no MkDocs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from ..base.htmltext import TOKEN

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Signs of an OCR copy of Chinese print: ASCII punctuation right after a Chinese character,
#: and spaces between two Chinese characters.
OCR_SIGN = re.compile(f"(?<={HAN.pattern})(?:[,;:?!]| +(?={HAN.pattern}))")
#: Signs of Markdown: an ATX heading, a link, a comment, a code fence.
MARKDOWN_SIGN = re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+\S|\[[^\]\n]+\]\([^)\s]+\)|<!--|^ {0,3}```")
#: Signs of HTML: block and inline elements.
HTML_SIGN = re.compile(r"<(?:!doctype|html|body|p|div|h[1-6]|br|li|article|section|span|a|strong|em|b|i)\b[^>]*>", re.I)
#: A line that ends a sentence or a clause, or may be a heading: in a file with one
#: paragraph per line, most lines end so.
CLOSED_LINE = re.compile(r"[。！？；：…”’」』）)!?;:.]\s*$")


@dataclass(frozen=True)
class Unit:
    """One paragraph of the raw file: ``raw[start:end]``, starting on ``line`` (1-based).
    ``heading`` is the level its markup gives it (``#``, ``<h2>``), 0 for none."""

    start: int
    end: int
    line: int
    heading: int = 0


def detect(text: str) -> str:
    """The source kind of a raw text (when its record does not say).

    >>> detect("# 标题\\n\\n正文。"), detect("<p>正文。</p><p>二。</p>"), detect("做好新时代社会工作,对于践行 党的根本宗旨,夯实"), detect("故乡\\n\\n我冒了严寒。")
    ('markdown', 'html', 'ocr', 'plain')
    """
    if len(HTML_SIGN.findall(text)) >= 2:
        return "html"
    if MARKDOWN_SIGN.search(text):
        return "markdown"
    han = len(HAN.findall(text))
    signs = len(OCR_SIGN.findall(text))
    return "ocr" if signs >= 3 and signs * 200 >= han else "plain"


def detect_paragraphs(text: str) -> str:
    """Where a plain file's paragraphs end: ``lines`` if most lines of its multi-line blocks
    end as a paragraph does (a sentence or clause closed, or a heading: short, without
    punctuation), else ``blank-lines`` (lines hard-wrapped at a width, ending anywhere, after
    a comma too).

    >>> detect_paragraphs("第一条　总则。\\n第二条　本法。\\n第一章　总则\\n第三条　施行。")
    'lines'
    >>> detect_paragraphs("我冒了严寒，回到相隔二千余里，别了二十\\n余年的故乡去。\\n\\n时候既然是深冬；渐近故乡时，\\n天气又阴晦了。")
    'blank-lines'
    """
    lines = [ln.strip() for block in re.split(r"\n[ \t\u3000]*\n", text) for ln in block.strip().split("\n")[:-1]]
    if not lines:
        return "blank-lines"
    short = 0.6 * sorted(len(ln) for ln in lines)[len(lines) // 2]

    def closed(line: str) -> bool:
        if CLOSED_LINE.search(line):
            return True
        return len(line) < short and not re.search(r"[，、,]$", line)

    return "lines" if 2 * sum(map(closed, lines)) > len(lines) else "blank-lines"


def units(text: str, kind: str, paragraphs: str = "blank-lines") -> list[Unit]:
    """The raw file's paragraphs, as spans of ``text``.

    >>> t = "甲\\n乙\\n\\n丙"
    >>> [t[u.start:u.end] for u in units(t, "plain")], [t[u.start:u.end] for u in units(t, "plain", "lines")]
    (['甲\\n乙', '丙'], ['甲', '乙', '丙'])
    """
    if kind == "markdown":
        return _markdown_units(text)
    if kind == "html":
        return _html_units(text)
    pattern = r"(?m)^.*\S.*$" if kind == "plain" and paragraphs == "lines" else r"(?m)^.*\S.*(?:\n.*\S.*)*"
    return [_unit(text, m.start(), m.end()) for m in re.finditer(pattern, text)]


def _unit(text: str, start: int, end: int, heading: int = 0) -> Unit:
    """A unit for ``text[start:end]`` with the surrounding whitespace left out."""
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip())
    end -= len(piece) - len(piece.rstrip())
    return Unit(start, end, text.count("\n", 0, start) + 1, heading)


# -- Markdown -------------------------------------------------------------------------------

ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
QUOTE = re.compile(r" {0,3}>[ \t]?")
FENCE = re.compile(r" {0,3}(```|~~~)")


def _markdown_units(text: str) -> list[Unit]:
    """Markdown blocks: an ATX heading, a list item, a paragraph (a setext heading), each
    without its block markup; comments, rules and fences are not text.

    >>> t = "# 题\\n\\n<!-- x -->\\n第一段\\n续。\\n\\n二级\\n--\\n- 一项\\n- 二项"
    >>> [(t[u.start:u.end], u.heading) for u in _markdown_units(t)]
    [('题', 1), ('第一段\\n续。', 0), ('二级', 2), ('一项', 0), ('二项', 0)]
    """
    out: list[Unit] = []
    para: list[int] = []  # start and end of the open paragraph
    in_comment = in_fence = False
    pos = 0

    def close(heading: int = 0) -> None:
        if para:
            out.append(_unit(text, para[0], para[1], heading))
            para.clear()

    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if in_comment:
            in_comment = "-->" not in line
            continue
        if FENCE.match(line):
            close()
            in_fence = not in_fence
            continue
        if in_fence:
            if line.strip():
                out.append(_unit(text, start, end))
            continue
        stripped = line.strip()
        if stripped.startswith("<!--"):
            close()
            in_comment = "-->" not in stripped
            continue
        if not stripped:
            close()
            continue
        m = ATX.match(line)
        if m:
            close()
            if m.group(2):
                out.append(_unit(text, start + m.start(2), start + m.end(2), len(m.group(1))))
            continue
        if para and SETEXT.match(line):
            close(1 if "=" in line else 2)
            continue
        if RULE.match(line):
            close()
            continue
        m = ITEM.match(line) or (QUOTE.match(line) if not para else None)
        if m:
            close()
            para[:] = [start + m.end(), end]
            continue
        if para:
            para[1] = end
        else:
            para[:] = [start, end]
    close()
    return [u for u in out if u.end > u.start]


INLINE_MARKDOWN = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image: its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link: its text (the target is markup)
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolink: the URL itself
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S), r"\2"),
    (re.compile(r"(?<![A-Za-z0-9*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![A-Za-z0-9*])", re.S), r"\1"),
    (re.compile(r"(?<![A-Za-z0-9_])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9_])", re.S), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.S), r"\1"),
    (re.compile(r"`+([^`]+?)`+"), r"\1"),
    (re.compile(r"(?m)^[ \t]*>[ \t]?"), ""),  # quote markers on a paragraph's later lines
    (re.compile(r"\\([!-/:-@\[-`{-~])"), r"\1"),  # backslash escapes
    (re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);"), lambda m: unescape(m.group())),
]


def strip_markup(text: str, kind: str) -> tuple[str, int]:
    """A paragraph's text without the markup of its source kind, and how many pieces of
    markup went. Plain and OCR text is returned as it is.

    >>> strip_markup("见**《条例》**第[五条](https://x.cn/5)和`代码`\\\\*", "markdown")
    ('见《条例》第五条和代码*', 4)
    >>> strip_markup('<strong>加强</strong>&amp;<a href="u">改进</a>', "html")
    ('加强&改进', 5)
    """
    if kind == "markdown":
        count = 0
        for pattern, repl in INLINE_MARKDOWN:
            text, n = pattern.subn(repl, text)
            count += n
        return text, count
    if kind == "html":
        tags = TOKEN.findall(text)
        plain = TOKEN.sub("", text)
        return unescape(plain).replace("\u00a0", " "), len(tags) + len(re.findall(r"&\S+?;", plain))
    return text, 0


# -- HTML ------------------------------------------------------------------------------------

BLOCK_TAGS = frozenset("""address article aside blockquote br caption dd details div dl dt figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table
    tbody td tfoot th thead tr ul""".split())
#: Elements whose content is not the text.
HIDDEN_TAGS = frozenset("head script style template noscript title svg math".split())


def _html_units(text: str) -> list[Unit]:
    """HTML: the text between block tags, outside ``head``, ``script``, ``style`` …

    >>> t = "<html><head><title>x</title></head><body><h1>题</h1><p>第一段<b>重</b>。<br>二</p></body></html>"
    >>> [(t[u.start:u.end], u.heading) for u in _html_units(t)]
    [('题', 1), ('第一段<b>重</b>。', 0), ('二', 0)]
    """
    out: list[Unit] = []
    hidden: list[str] = []
    start, heading = 0, 0

    def close(end: int) -> None:
        if not hidden and strip_markup(text[start:end], "html")[0].strip():
            out.append(_unit(text, start, end, heading))

    for m in TOKEN.finditer(text):
        name = (m.group(1) or "").lower()
        if not name or (name not in BLOCK_TAGS and name not in HIDDEN_TAGS):
            continue  # comments and inline tags stay inside the paragraph (strip_markup)
        close(m.start())
        closing = m.group().startswith("</")
        if name in HIDDEN_TAGS:
            if closing and name in hidden:
                del hidden[hidden.index(name):]
            elif not closing and not m.group(2).rstrip().endswith("/"):
                hidden.append(name)
        heading = int(name[1]) if re.fullmatch(r"h[1-6]", name) and not closing else 0
        start = m.end()
    close(len(text))
    return out
