"""The steps of the import, each a small pure function usable and testable on its own
(``assemble.py`` runs them in order for a text's record and raw file):

0. :func:`~jiedu.importer.rawtext.clean_raw` — the bytes read as text (``rawtext.py``; a file
   in another encoding refused), what is never text goes (control characters, NUL), what
   cannot be decided is kept and noted: the import accepts any damaged raw text and turns
   what it cannot decide into warnings;
1. the raw file's paragraphs, by how it is written (``sourcekind.py``; :func:`split_paragraphs`
   for blank-line paragraphs);
2. :func:`locate_corrections` / :func:`apply_corrections` — recorded corrections, each found
   by its ``context`` exactly once in the raw text (or the import stops): ``corrections.py``;
3. punctuation width and spaces (``punctuation.py``: :func:`normalize` for OCR copies);
4. :func:`match_heading` (headings named in the record) and :func:`propose_headings` (a
   heuristic for a new text's starter record);
5. :func:`join_broken_paragraphs` — in an OCR copy, a paragraph without sentence-final
   punctuation was cut by a newspaper column and continues in the next one (not before a
   quoted speech introduced by "：", which is a paragraph of its own);

What it is not for: it does not judge Chinese. It never guesses a correction — those are
made by people and recorded, with a reason, in the YAML — and nothing here is specific to
one article. It does not import MkDocs and does not touch files; the script does the I/O.

Editorial restorations and gap markers travel through the steps as private-use marker
characters (:data:`MARK_OPEN`, :data:`MARK_CLOSE`) around the inserted text, so the
mechanical steps cannot disturb them and the renderer can turn them into ``<ins>`` and
``<span class="jiedu-gap">`` in body paragraphs, or plain text in headings.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from .corrections import (  # noqa: F401  (step 2, used by the importer and textpage too)
    MARKED, MARK_CLOSE, MARK_INDEX_BASE, MARK_OPEN, Located, describe, apply_corrections, correct_text,
    locate_corrections, marked, plain_text, spliced_text,
)
from .punctuation import FULLWIDTH, NUMBER_INNER, normalize, remove_spaces, to_fullwidth  # noqa: F401
from ..base.errors import Problem
from ..annotations.textrecord import TextSpec
from .rawtext import Cleaned, clean_raw  # noqa: F401  (step 0, gathered by the package)

#: Characters that may end a paragraph: a paragraph ending otherwise was cut by a column.
SENTENCE_FINAL = "。！？…!?."
#: Closing quotes and brackets that may follow the sentence-final character.
CLOSERS = "”’」』）)》"


DATELINE = re.compile(r"^\S{2,12}?\d{1,2}月\d{1,2}日电$")

#: Paragraphs at most this long (in characters) and without final punctuation are proposed
#: as headings for a new text.
HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class Paragraph:
    """A raw paragraph: its text and where it starts (1-based line, 0-based offset)."""

    text: str
    line: int
    start: int


@dataclass(frozen=True)
class Block:
    """A piece of the page: ``kind`` is title, subtitle, section, subheading, paragraph or
    dateline; ``text`` may hold restoration markers; ``line`` is its first raw line."""

    kind: str
    text: str
    line: int = 0
    #: the paragraph's anchor on the page (``p-12``, ``p-12b``; ``assemble.py``), "" for headings
    anchor: str = ""


@dataclass(frozen=True)
class Join:
    """Two raw paragraphs joined because a column break cut the first."""

    line_before: int
    line_after: int
    tail: str
    head: str


@dataclass(frozen=True)
class ImportedText:
    """Everything the page is rendered from."""

    spec: TextSpec
    blocks: tuple[Block, ...]
    joins: tuple[Join, ...]
    located: tuple[Located, ...]
    raw_lines: tuple[int, ...]
    punctuation_converted: int
    spaces_removed: int
    cleaned: "Cleaned | None" = None
    #: Paragraphs (their first raw line) whose straight double quotes were left as they are.
    odd_quotes: tuple[int, ...] = ()
    #: How the raw file is written (``sourcekind.py``) and where its paragraphs end.
    source_kind: str = "ocr"
    paragraph_mode: str = "blank-lines"
    #: Pieces of Markdown or HTML markup removed; line breaks inside paragraphs joined.
    markup_removed: int = 0
    lines_joined: int = 0

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What the import could not decide, for the record and the person importing."""
        out = list(self.cleaned.warnings if self.cleaned else ())
        out += [Problem(self.spec.raw, "a paragraph has an odd number of straight double quotes, so “ and ” "
                                       "cannot be told apart; they were left straight (record a correction to fix them)",
                        line, severity="warning") for line in self.odd_quotes]
        return tuple(out)


# -- step 1: paragraphs --------------------------------------------------------------------


def split_paragraphs(raw: str) -> list[str]:
    """Split raw text at blank lines; strip each paragraph, drop empty ones.

    >>> split_paragraphs("标题\\n\\n第一段 文字。\\n  \\n\\n第二段。\\n")
    ['标题', '第一段 文字。', '第二段。']
    """
    return [p.text for p in paragraphs_with_lines(raw)]


def paragraphs_with_lines(raw: str) -> list[Paragraph]:
    """:func:`split_paragraphs`, remembering where each paragraph starts.

    >>> paragraphs_with_lines("甲\\n\\n乙丙")
    [Paragraph(text='甲', line=1, start=0), Paragraph(text='乙丙', line=3, start=3)]
    """
    out = []
    line, counted = 1, 0
    for m in re.finditer(r"(?m)^.*\S.*(?:\n.*\S.*)*", raw):
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        line, counted = line + raw.count("\n", counted, m.start()), m.start()  # counted once, not from the start each time
        out.append(Paragraph(m.group(0).strip(), line, m.start() + lead))
    return out


# -- step 4: headings ----------------------------------------------------------------------


def ends_sentence(text: str) -> bool:
    """Does a (normalized) paragraph end a sentence? Closing quotes/brackets are looked through.

    >>> [ends_sentence(t) for t in ["新情况新", "问题。", "动态平衡。”", "之路”……", "“中国之治”"]]
    [False, True, True, True, False]
    """
    t = plain_text(text).rstrip()
    while t and t[-1] in CLOSERS:
        t = t[:-1]
        if t and t[-1] in SENTENCE_FINAL:
            return True
        if not t or t[-1] not in CLOSERS:
            return False
    return bool(t) and t[-1] in SENTENCE_FINAL


def propose_headings(texts: Sequence[str], max_chars: int = HEADING_MAX_CHARS) -> list[int]:
    """Indexes of paragraphs that look like headings: short, no sentence-final punctuation.

    >>> propose_headings(["擘画蓝图、锚定航向，确保新时代社会工作行稳致远", "处理好活力与秩序的关系。", "引领非公有制企业发展方向-"])
    [0, 2]
    """
    return [i for i, t in enumerate(texts)
            if 0 < len(plain_text(t)) <= max_chars and not ends_sentence(t)]


def match_heading(texts: Sequence[str], entry: str, exclude: Collection[int] = ()) -> int:
    """Index of the one paragraph equal to ``entry`` or starting with it; spaces do not count
    (``第一章 总则`` names ``第一章　总　　则``).

    >>> match_heading(["引领非公有制企业发展方向", "2012年，中共中央办公厅印发"], "引领非公有制")
    0
    >>> match_heading(["第一条　总则。", "第一章　总　　则"], "第一章 总则")
    1
    >>> match_heading(["志愿服务甲", "志愿服务乙"], "志愿服务")
    Traceback (most recent call last):
    ...
    ValueError: heading '志愿服务' is ambiguous: 2 paragraphs start with it (志愿服务甲 | 志愿服务乙); give more of its text
    """
    if not entry.strip():
        raise ValueError("heading entry is empty")
    want = _unspaced(entry)
    hits = [i for i, t in enumerate(texts)
            if i not in exclude and _unspaced(plain_text(t)).startswith(want)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise ValueError(f"heading {entry!r} matches no paragraph (compare with the corrected text, full-width punctuation and no spaces)")
    shown = " | ".join(plain_text(texts[i])[:20] for i in hits[:3])
    raise ValueError(f"heading {entry!r} is ambiguous: {len(hits)} paragraphs start with it ({shown}); give more of its text")


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


# -- step 5: column breaks -----------------------------------------------------------------

#: Opening quotes: a paragraph that starts with one after a paragraph ending in "：" is a
#: quoted speech, a paragraph of its own in print.
OPENING_QUOTES = "“‘「『\""


def column_breaks(blocks: Sequence[Block], apart: Collection[int] = ()) -> list[int]:
    """Indexes ``i`` of body paragraphs that continue in paragraph ``i + 1``: ``i`` does not
    end a sentence, unless it ends in "：" and ``i + 1`` opens a quotation (a speech in a
    story), or ``i`` is in ``apart`` (a recorded correction split them there).

    >>> column_breaks([Block("paragraph", "面临的新情况新"), Block("paragraph", "问题。"), Block("subheading", "标题")])
    [0]
    >>> column_breaks([Block("paragraph", "他说："), Block("paragraph", "“这不能。”"), Block("paragraph", "又说：")])
    []
    """
    out = []
    for i in range(len(blocks) - 1):
        if i in apart or not blocks[i].kind == blocks[i + 1].kind == "paragraph":
            continue
        end = normalize(blocks[i].text)
        if ends_sentence(end):
            continue
        if plain_text(end).rstrip().endswith("：") and plain_text(normalize(blocks[i + 1].text)).lstrip()[:1] in OPENING_QUOTES:
            continue
        out.append(i)
    return out


def join_broken_paragraphs(blocks: Sequence[Block], apart: Collection[int] = ()) -> list[Block]:
    """Join body paragraphs cut by a column break (the break becomes a line break, which
    :func:`remove_spaces` then removes). Headings are never joined.

    >>> join_broken_paragraphs([Block("paragraph", "统筹协", 1), Block("paragraph", "调。相关", 3)])
    [Block(kind='paragraph', text='统筹协\\n调。相关', line=1, anchor='')]
    """
    breaks = set(column_breaks(blocks, apart))
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if i - 1 in breaks:
            out[-1] = replace(out[-1], text=out[-1].text + "\n" + b.text)
        else:
            out.append(b)
    return out
