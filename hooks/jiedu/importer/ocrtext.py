"""Clean up a raw OCR copy of a Chinese text, reproducibly: steps 1 to 5 of the import.

What it is for: ``scripts/import_text.py`` reads a text's record
(``annotations/texts/<slug>.yml``: metadata, which paragraphs are headings, and every
non-mechanical correction) and the raw file it names, and writes ``docs/texts/<slug>.md``.
The steps are small pure functions, each usable and testable on its own:

0. :func:`~jiedu.importer.rawtext.clean_raw` — the bytes read as text (``rawtext.py``; a file
   in another encoding refused), what is never text goes (control characters, NUL), what
   cannot be decided is kept and noted: the import accepts any damaged raw text and turns
   what it cannot decide into warnings;
1. :func:`split_paragraphs` — blank lines separate paragraphs;
2. :func:`locate_corrections` / :func:`apply_corrections` — recorded corrections, each found
   by its ``context`` exactly once in the raw text (or the import stops): ``corrections.py``;
3. :func:`to_fullwidth` and :func:`remove_spaces` (together :func:`normalize`) — ASCII
   punctuation becomes full-width outside numbers, OCR line-end spaces go;
4. :func:`match_heading` (headings named in the record) and :func:`propose_headings` (a
   heuristic for a new text's starter record);
5. :func:`join_broken_paragraphs` — a paragraph without sentence-final punctuation was cut
   by a newspaper column and continues in the next one;

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
from ..base.errors import JieduError, Problem
from ..annotations.pageshape import too_long
from ..annotations.textrecord import Correction, TextSpec
from .rawtext import Cleaned, clean_raw  # noqa: F401  (step 0, gathered by the package)

#: Characters that may end a paragraph: a paragraph ending otherwise was cut by a column.
SENTENCE_FINAL = "。！？…!?."
#: Closing quotes and brackets that may follow the sentence-final character.
CLOSERS = "”’」』）)》"

#: ASCII punctuation that OCR puts where the printed text has full-width forms.
FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
#: Of those, the ones that stay ASCII between two digits (1,000 and 12:30).
NUMBER_INNER = ",:"

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


# -- step 3: punctuation and spaces --------------------------------------------------------


def to_fullwidth(text: str, quotes: bool = True) -> str:
    """Replace ASCII , : ; ? ! ( ) and straight double quotes by full-width forms.

    Straight quotes alternate “ and ” within the text; ``,`` and ``:`` between two digits
    stay ASCII, and so does everything else (``.`` in 2.37亿 is never touched).

    >>> to_fullwidth('开创了"中国之治"新局面,共有1,000人(约)')
    '开创了“中国之治”新局面，共有1,000人（约）'
    >>> to_fullwidth('"要以党的领导统揽全局""扩大"')
    '“要以党的领导统揽全局”“扩大”'
    """
    out: list[str] = []
    opening = True
    for i, ch in enumerate(text):
        if ch == '"' and quotes:
            out.append("“" if opening else "”")
            opening = not opening
        elif ch in FULLWIDTH:
            between_digits = (ch in NUMBER_INNER and 0 < i < len(text) - 1
                              and text[i - 1].isascii() and text[i - 1].isdigit()
                              and text[i + 1].isascii() and text[i + 1].isdigit())
            out.append(ch if between_digits else FULLWIDTH[ch])
        else:
            out.append(ch)
    return "".join(out)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def remove_spaces(text: str) -> str:
    """Remove spaces and line breaks, except one space between two Latin words or numbers.

    >>> remove_spaces("践行 党的根本宗旨，夯实基层基 础")
    '践行党的根本宗旨，夯实基层基础'
    >>> remove_spaces("2024 年5月，共有2.37 亿人")
    '2024年5月，共有2.37亿人'
    >>> remove_spaces("使用 Open  Source\\n软件")
    '使用Open Source软件'
    """
    def keep(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return " " if before and after and _latin(before) and _latin(after) else ""

    return re.sub(r"\s+", keep, text)


def normalize(text: str, quotes: bool = True) -> str:
    """Full-width punctuation first (it needs the spaces: ``2023, 2024`` is a list), then
    spaces removed.

    >>> normalize('系统谋划, 顶层设计, 2023, 2024 年 "友好社区" "友好商圈"')
    '系统谋划，顶层设计，2023，2024年“友好社区”“友好商圈”'
    """
    return remove_spaces(to_fullwidth(text, quotes))


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
    """Index of the one paragraph equal to ``entry`` or starting with it.

    >>> match_heading(["引领非公有制企业发展方向", "2012年，中共中央办公厅印发"], "引领非公有制")
    0
    >>> match_heading(["志愿服务甲", "志愿服务乙"], "志愿服务")
    Traceback (most recent call last):
    ...
    ValueError: heading '志愿服务' is ambiguous: 2 paragraphs start with it (志愿服务甲 | 志愿服务乙); give more of its text
    """
    if not entry.strip():
        raise ValueError("heading entry is empty")
    hits = [i for i, t in enumerate(texts)
            if i not in exclude and plain_text(t).startswith(entry)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise ValueError(f"heading {entry!r} matches no paragraph (compare with the corrected text, full-width punctuation and no spaces)")
    shown = " | ".join(plain_text(texts[i])[:20] for i in hits[:3])
    raise ValueError(f"heading {entry!r} is ambiguous: {len(hits)} paragraphs start with it ({shown}); give more of its text")


# -- step 5: column breaks -----------------------------------------------------------------


def column_breaks(blocks: Sequence[Block]) -> list[int]:
    """Indexes ``i`` of body paragraphs that continue in paragraph ``i + 1``.

    >>> column_breaks([Block("paragraph", "面临的新情况新"), Block("paragraph", "问题。"), Block("subheading", "标题")])
    [0]
    """
    return [i for i in range(len(blocks) - 1)
            if blocks[i].kind == blocks[i + 1].kind == "paragraph"
            and not ends_sentence(normalize(blocks[i].text))]


def join_broken_paragraphs(blocks: Sequence[Block]) -> list[Block]:
    """Join body paragraphs cut by a column break (the break becomes a line break, which
    :func:`remove_spaces` then removes). Headings are never joined.

    >>> join_broken_paragraphs([Block("paragraph", "统筹协", 1), Block("paragraph", "调。相关", 3)])
    [Block(kind='paragraph', text='统筹协\\n调。相关', line=1)]
    """
    breaks = set(column_breaks(blocks))
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if i - 1 in breaks:
            out[-1] = replace(out[-1], text=out[-1].text + "\n" + b.text)
        else:
            out.append(b)
    return out


# -- the pipeline --------------------------------------------------------------------------


def import_text(spec: TextSpec, raw: str | bytes, raw_name: str | None = None) -> ImportedText:
    """Run every step on a raw text according to its record; raise :class:`JieduError`
    (naming the record or raw file and the line) when the record does not fit the text.
    Damage in the raw text itself is never an error: see :func:`clean_raw`."""
    raw_name = raw_name or spec.raw
    cleaned = clean_raw(raw, raw_name)
    raw = cleaned.text
    corrections = spec.corrections
    located = locate_corrections(raw, corrections, spec.path, raw_name)
    paragraphs = paragraphs_with_lines(raw)
    if not paragraphs:
        raise JieduError(Problem(raw_name, "the raw text is empty"))

    texts: list[str] = []
    for p in paragraphs:
        end = p.start + len(p.text)
        mine = [loc for loc in located if p.start <= loc.start and loc.end <= end]
        texts.append(apply_corrections(p.text, mine, corrections, p.start))
    placed = {loc.index for p in paragraphs for loc in located
              if p.start <= loc.start and loc.end <= p.start + len(p.text)}
    for loc in located:
        if loc.index not in placed:
            c = corrections[loc.index]
            raise JieduError(Problem(spec.path, f"{describe(loc.index, c)} crosses a paragraph break; a correction must stay within one paragraph", c.line))

    normalized = [normalize(t) for t in texts]
    plains = [plain_text(n) for n in normalized]
    kinds = ["paragraph"] * len(texts)
    problems: list[Problem] = []

    def expect(index: int, kind: str, value: str, key: str, where: str) -> None:
        if index >= len(plains) or plains[index] != value:
            got = plains[index] if index < len(plains) else "nothing"
            problems.append(Problem(spec.path, f"{key} {value!r} is not the {where} paragraph of {raw_name} (found {got!r})", spec.line_of(key)))
        else:
            kinds[index] = kind

    expect(0, "title", spec.title, "title", "first")
    if spec.subtitle:
        expect(1, "subtitle", spec.subtitle, "subtitle", "second")
    if spec.dateline:
        expect(len(plains) - 1, "dateline", spec.dateline, "dateline", "last")
    fixed = {i for i, k in enumerate(kinds) if k != "paragraph"}
    for key, kind in (("sections", "section"), ("subheadings", "subheading")):
        for n, entry in enumerate(getattr(spec, key)):
            try:
                i = match_heading(plains, entry, exclude=fixed)
            except ValueError as e:
                problems.append(Problem(spec.path, f"{key}: {e}", spec.line_of((key, n))))
                continue
            if kinds[i] != "paragraph":
                problems.append(Problem(spec.path, f"{key}: {entry!r} names a paragraph that is already a {kinds[i]}", spec.line_of((key, n))))
                continue
            kinds[i] = kind
    if problems:
        raise JieduError(problems)

    blocks = [Block(k, t, p.line) for k, t, p in zip(kinds, texts, paragraphs)]
    joins = tuple(
        Join(blocks[i].line, blocks[i + 1].line, plain_text(normalize(blocks[i].text))[-6:],
             plain_text(normalize(blocks[i + 1].text))[:4])
        for i in column_breaks(blocks))
    joined = join_broken_paragraphs(blocks)
    # Straight quotes alternate “ and ”; with an odd number in a paragraph, which is which
    # cannot be decided, so they stay as they are and the record gets a warning.
    quotes = [b.text.count('"') % 2 == 0 for b in joined]
    odd = tuple(b.line for b, q in zip(joined, quotes) if not q)
    converted = sum(len(re.findall(r'[,:;?!()"]', b.text)) - len(re.findall(r'[,:;?!()"]', to_fullwidth(b.text, q))) for b, q in zip(joined, quotes))
    spaces = sum(len(re.findall(r"\s+", to_fullwidth(b.text, q))) - len(re.findall(r"\s+", normalize(b.text, q))) for b, q in zip(joined, quotes))
    final = tuple(Block(b.kind, normalize(b.text, q), b.line) for b, q in zip(joined, quotes))
    long = [Problem(raw_name, too_long(b.text, "a paragraph (with those joined to it across column breaks)")
                    .replace("shorten it", "split it with a blank line where a paragraph ends"), b.line)
            for b in final if too_long(b.text, "")]
    if long:
        raise JieduError(long[:20])
    raw_lines = tuple(raw.count("\n", 0, loc.start) + 1 for loc in located)
    return ImportedText(spec, final, joins, tuple(located), raw_lines, converted, spaces, cleaned, odd)
