"""Step 2 of the import (``ocrtext.py``): the corrections a text's record names, found in the
raw text and spliced in.

Each correction is found by its ``context``, which must occur exactly once in the raw text,
and its raw form exactly once in the context; overlapping corrections are refused. The
corrected text keeps editorial restorations and gap text between private-use marker
characters (:data:`MARK_OPEN`, :data:`MARK_CLOSE`), so the later, mechanical steps cannot
disturb them and the renderer can show them (``<ins>``, ``<span class="jiedu-gap">``).
Pure functions: no files, no MkDocs.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace  # noqa: F401  (replace: in the doctests)

from ..base.errors import JieduError, Problem
from ..annotations.textrecord import BREAK, MARKED_KINDS, Correction

#: Marker characters (Unicode private use area) around restored or gap text; the character
#: after MARK_OPEN encodes the correction's index as chr(MARK_INDEX_BASE + index).
MARK_OPEN, MARK_CLOSE, MARK_INDEX_BASE = "\ue000", "\ue001", 0xE100
MARKED = re.compile("\ue000(.)(.*?)\ue001", re.S)
#: Where a ``layout`` correction splits a paragraph (its corrected ``¶``), until the
#: importer cuts the paragraph there.
SPLIT = "\ue002"
#: What ``¶`` matches in a raw form or context: a line break of the raw file with the
#: spaces, indentation and blank lines around it.
LINE_BREAK = r"[^\S\n]*\n\s*"


@dataclass(frozen=True)
class Located:
    """A correction found in the raw text: ``raw`` spans ``start:end``."""

    index: int
    start: int
    end: int


def describe(i: int, c: Correction) -> str:
    return f"correction #{i + 1} ({c.raw!r} -> {c.corrected!r})"


def locate_corrections(raw: str, corrections: Sequence[Correction], source: str = "<record>",
                       raw_name: str = "the raw text") -> list[Located]:
    """Find each correction by its context; raise :class:`JieduError` unless found once.

    >>> c = Correction("讲", "进", "工作讲入", "ocr-misreading", "misread")
    >>> locate_corrections("这项工作讲入全面", [c])
    [Located(index=0, start=4, end=5)]
    >>> locate_corrections("讲入。工作讲入", [replace(c, context="讲入")], "t.yml")
    Traceback (most recent call last):
    ...
    jiedu.base.errors.JieduError: t.yml: error: correction #1 ('讲' -> '进'): context '讲入' occurs 2 times in the raw text; it must occur exactly once (make it longer)
    """
    problems: list[Problem] = []
    found: list[Located] = []
    for i, c in enumerate(corrections):
        where = (source, c.line)
        hits = list(_pattern(c.context).finditer(raw))
        if len(hits) != 1:
            hint = "make it longer" if hits else "copy it exactly from the raw file, spaces included"
            problems.append(Problem(where[0], f"{describe(i, c)}: context {c.context!r} occurs {len(hits)} times in {raw_name}; it must occur exactly once ({hint})", where[1]))
            continue
        at, context = hits[0].start(), hits[0].group()
        if c.raw:
            inner = list(_pattern(c.raw).finditer(context))
            if len(inner) != 1:
                problems.append(Problem(where[0], f"{describe(i, c)}: raw form occurs {len(inner)} times in its context {c.context!r}; it must occur exactly once", where[1]))
                continue
            start, end = at + inner[0].start(), at + inner[0].end()
        else:
            start = end = at + len(context)
        found.append(Located(i, start, end))
    ordered = sorted(found, key=lambda x: (x.start, x.end, x.index))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            c = corrections[b.index]
            problems.append(Problem(source, f"{describe(b.index, c)} overlaps {describe(a.index, corrections[a.index])}; merge them into one correction", c.line))
    if problems:
        raise JieduError(problems)
    return ordered


def _pattern(text: str) -> re.Pattern[str]:
    """A raw form or context as a pattern: itself, with each ``¶`` a line break.

    >>> _pattern("说：¶“这").search("他说：\\n\\n　　“这不能").group()
    '说：\\n\\n\u3000\u3000“这'
    """
    return re.compile(LINE_BREAK.join(map(re.escape, text.split(BREAK))))


def marked(index: int, text: str) -> str:
    """Wrap ``text`` in the markers of correction ``index`` (see :data:`MARK_OPEN`).

    >>> plain_text("转" + marked(0, "型"))
    '转型'
    """
    return MARK_OPEN + chr(MARK_INDEX_BASE + index) + text + MARK_CLOSE


def spliced_text(index: int, c: Correction) -> str:
    """The text that replaces correction ``index``'s raw form, markers included.

    A restoration keeps what raw and corrected share at either end plain and marks the rest
    (so 转 → 转型 marks only 型); a gap marks all of its text; other kinds have no markers.

    >>> spliced_text(0, Correction("转", "转型", "和转", "editorial-restoration", "cut off"))
    '转\\ue000\\ue100型\\ue001'
    >>> spliced_text(0, Correction("驻", "住", "食、驻、", "ocr-misreading", "misread"))
    '住'
    """
    if c.kind == "layout":
        return c.corrected.replace(BREAK, SPLIT)
    if c.kind not in MARKED_KINDS:
        return c.corrected
    if c.kind == "gap":
        return marked(index, c.corrected)
    p = 0
    while p < min(len(c.raw), len(c.corrected)) and c.raw[p] == c.corrected[p]:
        p += 1
    s = 0
    while s < min(len(c.raw), len(c.corrected)) - p and c.raw[-1 - s] == c.corrected[-1 - s]:
        s += 1
    middle = c.corrected[p:len(c.corrected) - s]
    return c.corrected[:p] + (marked(index, middle) if middle else "") + c.corrected[len(c.corrected) - s:]


def apply_corrections(text: str, located: Sequence[Located], corrections: Sequence[Correction],
                      offset: int = 0) -> str:
    """Splice located corrections into ``text`` (which starts at ``offset`` in the raw).

    >>> c = [Correction("外", "处", "到外活跃", "ocr-misreading", "misread")]
    >>> apply_corrections("到外活跃着", [Located(0, 1, 2)], c)
    '到处活跃着'
    """
    out, pos = [], 0
    for loc in sorted(located, key=lambda x: (x.start, x.end, x.index)):
        start, end = loc.start - offset, loc.end - offset
        out.append(text[pos:start])
        out.append(spliced_text(loc.index, corrections[loc.index]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def correct_text(text: str, corrections: Sequence[Correction], source: str = "<record>") -> str:
    """Locate and apply corrections on one text; the result may hold markers.

    >>> c = Correction("以占带面", "以点带面", "园区、以占带面", "ocr-misreading", "misread")
    >>> correct_text("到楼宇、园区、以占带面、抓块扩面", [c])
    '到楼宇、园区、以点带面、抓块扩面'
    """
    return apply_corrections(text, locate_corrections(text, corrections, source), corrections)


def plain_text(text: str) -> str:
    """Drop the markers, keep the text they enclose.

    >>> plain_text("和转" + MARK_OPEN + chr(MARK_INDEX_BASE) + "型" + MARK_CLOSE)
    '和转型'
    """
    return MARKED.sub(lambda m: m.group(2), text)
