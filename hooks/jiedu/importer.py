"""Turn a raw OCR copy of a Chinese text into a clean Markdown page, reproducibly.

What it is for: ``scripts/import_text.py`` reads a text's record
(``annotations/texts/<slug>.yml``: metadata, which paragraphs are headings, and every
non-mechanical correction) and the raw file it names, and writes ``docs/texts/<slug>.md``.
The steps are small pure functions, each usable and testable on its own:

1. :func:`split_paragraphs` — blank lines separate paragraphs;
2. :func:`locate_corrections` / :func:`apply_corrections` — recorded corrections, each found
   by its ``context`` exactly once in the raw text (or the import stops);
3. :func:`to_fullwidth` and :func:`remove_spaces` (together :func:`normalize`) — ASCII
   punctuation becomes full-width outside numbers, OCR line-end spaces go;
4. :func:`match_heading` (headings named in the record) and :func:`propose_headings` (a
   heuristic for a new text's starter record);
5. :func:`join_broken_paragraphs` — a paragraph without sentence-final punctuation was cut
   by a newspaper column and continues in the next one;
6. :func:`render_page` — front matter, headings, body and the "Notes on the text".

What it is not for: it does not judge Chinese. It never guesses a correction — those are
made by people and recorded, with a reason, in the YAML — and nothing here is specific to
one article. It does not import MkDocs and does not touch files; the script does the I/O.

Editorial restorations and gap markers travel through the steps as private-use marker
characters (:data:`MARK_OPEN`, :data:`MARK_CLOSE`) around the inserted text, so the
mechanical steps cannot disturb them and the renderer can turn them into ``<ins>`` and
``<span class="jiedu-gap">`` in body paragraphs, or plain text in headings.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

import yaml

from .errors import JieduError, Problem

#: The kinds of recorded correction; anything else in a record is an error. A
#: ``probable-correction`` fixes what the printed text itself very probably got wrong (listed
#: in the notes with its reason, not marked in the text, like an OCR misreading).
KINDS = ("ocr-misreading", "stray-character", "editorial-restoration", "gap", "probable-correction")
#: Kinds whose corrected text is marked up on the page (the rest is spliced in plainly).
MARKED_KINDS = ("editorial-restoration", "gap")

#: Characters that may end a paragraph: a paragraph ending otherwise was cut by a column.
SENTENCE_FINAL = "。！？…!?."
#: Closing quotes and brackets that may follow the sentence-final character.
CLOSERS = "”’」』）)》"

#: ASCII punctuation that OCR puts where the printed text has full-width forms.
FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
#: Of those, the ones that stay ASCII between two digits (1,000 and 12:30).
NUMBER_INNER = ",:"

#: Marker characters (Unicode private use area) around restored or gap text; the character
#: after MARK_OPEN encodes the correction's index as chr(MARK_INDEX_BASE + index).
MARK_OPEN, MARK_CLOSE, MARK_INDEX_BASE = "\ue000", "\ue001", 0xE100
_MARKED = re.compile("\ue000(.)(.*?)\ue001", re.S)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_DATELINE = re.compile(r"^\S{2,12}?\d{1,2}月\d{1,2}日电$")

#: Paragraphs at most this long (in characters) and without final punctuation are proposed
#: as headings for a new text.
HEADING_MAX_CHARS = 40

#: Keys of a text record, in the order the starter record writes them.
SPEC_KEYS = ("slug", "raw", "title", "subtitle", "source", "place", "date", "dateline",
             "lang", "sections", "subheadings", "corrections")
CORRECTION_KEYS = ("raw", "corrected", "context", "kind", "reason")


# -- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """One recorded change to the raw text, beyond the mechanical clean-up.

    ``raw`` is replaced by ``corrected`` at the one place where ``context`` occurs in the raw
    text; ``raw`` must occur exactly once inside ``context``. An empty ``raw`` inserts
    ``corrected`` right after ``context``. ``line`` is where the entry stands in its record.
    """

    raw: str
    corrected: str
    context: str
    kind: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class TextSpec:
    """A text's record: metadata, headings and corrections (``annotations/texts/*.yml``)."""

    path: str
    slug: str
    raw: str
    title: str
    lang: str = "zh-Hans"
    subtitle: str = ""
    source: str = ""
    place: str = ""
    date: str = ""
    dateline: str = ""
    sections: tuple[str, ...] = ()
    subheadings: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    #: Line in the record of each key, and of each heading entry as (key, index).
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: object) -> int | None:
        return self.lines.get(key)


@dataclass(frozen=True)
class Paragraph:
    """A raw paragraph: its text and where it starts (1-based line, 0-based offset)."""

    text: str
    line: int
    start: int


@dataclass(frozen=True)
class Located:
    """A correction found in the raw text: ``raw`` spans ``start:end``."""

    index: int
    start: int
    end: int


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
    for m in re.finditer(r"(?m)^.*\S.*(?:\n.*\S.*)*", raw):
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        out.append(Paragraph(m.group(0).strip(), raw.count("\n", 0, m.start()) + 1, m.start() + lead))
    return out


# -- step 2: corrections -------------------------------------------------------------------


def _describe(i: int, c: Correction) -> str:
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
    jiedu.errors.JieduError: t.yml: error: correction #1 ('讲' -> '进'): context '讲入' occurs 2 times in the raw text; it must occur exactly once (make it longer)
    """
    problems: list[Problem] = []
    found: list[Located] = []
    for i, c in enumerate(corrections):
        where = (source, c.line)
        n = raw.count(c.context)
        if n != 1:
            hint = "make it longer" if n else "copy it exactly from the raw file, spaces included"
            problems.append(Problem(where[0], f"{_describe(i, c)}: context {c.context!r} occurs {n} times in {raw_name}; it must occur exactly once ({hint})", where[1]))
            continue
        at = raw.index(c.context)
        if c.raw:
            k = c.context.count(c.raw)
            if k != 1:
                problems.append(Problem(where[0], f"{_describe(i, c)}: raw form occurs {k} times in its context {c.context!r}; it must occur exactly once", where[1]))
                continue
            start = at + c.context.index(c.raw)
        else:
            start = at + len(c.context)
        found.append(Located(i, start, start + len(c.raw)))
    ordered = sorted(found, key=lambda x: (x.start, x.end, x.index))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            c = corrections[b.index]
            problems.append(Problem(source, f"{_describe(b.index, c)} overlaps {_describe(a.index, corrections[a.index])}; merge them into one correction", c.line))
    if problems:
        raise JieduError(problems)
    return ordered


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
    return _MARKED.sub(lambda m: m.group(2), text)


# -- step 3: punctuation and spaces --------------------------------------------------------


def to_fullwidth(text: str) -> str:
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
        if ch == '"':
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


def normalize(text: str) -> str:
    """Full-width punctuation first (it needs the spaces: ``2023, 2024`` is a list), then
    spaces removed.

    >>> normalize('系统谋划, 顶层设计, 2023, 2024 年 "友好社区" "友好商圈"')
    '系统谋划，顶层设计，2023，2024年“友好社区”“友好商圈”'
    """
    return remove_spaces(to_fullwidth(text))


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


def import_text(spec: TextSpec, raw: str, raw_name: str | None = None) -> ImportedText:
    """Run every step on a raw text according to its record; raise :class:`JieduError`
    (naming the record or raw file and the line) when the record does not fit the text."""
    raw_name = raw_name or spec.raw
    if _PRIVATE_USE.search(raw):
        line = raw.count("\n", 0, _PRIVATE_USE.search(raw).start()) + 1  # type: ignore[union-attr]
        raise JieduError(Problem(raw_name, "the raw text contains a private-use character; remove it", line))
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
            raise JieduError(Problem(spec.path, f"{_describe(loc.index, c)} crosses a paragraph break; a correction must stay within one paragraph", c.line))

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
    for b in joined:
        if b.kind == "paragraph" and b.text.count('"') % 2:
            raise JieduError(Problem(raw_name, "paragraph has an odd number of straight double quotes, so “ and ” cannot be told apart; record a correction", b.line))
    converted = sum(len(re.findall(r'[,:;?!()"]', b.text)) - len(re.findall(r'[,:;?!()"]', to_fullwidth(b.text))) for b in joined)
    spaces = sum(len(re.findall(r"\s+", to_fullwidth(b.text))) - len(re.findall(r"\s+", normalize(b.text))) for b in joined)
    final = tuple(Block(b.kind, normalize(b.text), b.line) for b in joined)
    raw_lines = tuple(raw.count("\n", 0, loc.start) + 1 for loc in located)
    return ImportedText(spec, final, joins, tuple(located), raw_lines, converted, spaces)


# -- step 6: the page ----------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Make text render literally in Markdown (it may hold markers, which pass through).

    >>> escape_markdown("引 **新** [注] <b> & 1. 条")
    '引 \\\\*\\\\*新\\\\*\\\\* \\\\[注\\\\] &lt;b&gt; &amp; 1. 条'
    >>> escape_markdown("1. 第一") + " " + escape_markdown("# 标题")
    '1\\\\. 第一 \\\\# 标题'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]{}])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", text)
    return re.sub(r"^([#+=-])", r"\\\1", text)


def inline_html(text: str, corrections: Sequence[Correction]) -> str:
    """Body text to Markdown: escape it, then turn markers into ``<ins>`` / gap ``<span>``.

    >>> cs = [Correction("转", "转型", "和转", "editorial-restoration", "The source is cut off here.")]
    >>> inline_html("和转" + marked(0, "型"), cs)
    '和转<ins class="jiedu-editorial" title="Editorial restoration: The source is cut off here.">型</ins>'
    """
    def tag(m: re.Match[str]) -> str:
        c = corrections[ord(m.group(1)) - MARK_INDEX_BASE]
        if c.kind == "gap":
            title = html.escape(f"Gap in the source: {c.reason}", quote=True)
            return f'<span class="jiedu-gap" title="{title}" role="note">{m.group(2)}</span>'
        title = html.escape(f"Editorial restoration: {c.reason}", quote=True)
        return f'<ins class="jiedu-editorial" title="{title}">{m.group(2)}</ins>'

    return _MARKED.sub(tag, escape_markdown(text))


def front_matter(spec: TextSpec) -> str:
    """The page's YAML front matter (empty values are left out).

    >>> print(front_matter(TextSpec("t.yml", "x", "x.raw.txt", "题", date="2024-11-04")), end="")
    ---
    title: 题
    date: '2024-11-04'
    lang: zh-Hans
    generated_by: scripts/import_text.py t.yml (do not edit by hand; edit t.yml or x.raw.txt and rerun)
    ---
    """
    meta = {k: getattr(spec, k) for k in ("title", "subtitle", "source", "place", "date", "dateline", "lang")}
    meta = {k: v for k, v in meta.items() if v}
    meta["generated_by"] = f"scripts/import_text.py {spec.path} (do not edit by hand; edit {spec.path} or {spec.raw} and rerun)"
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    shown = text.replace("\n", "⏎")
    ticks = "`" * (max((len(r) for r in re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{ticks}{pad}{shown}{pad}{ticks}"


def notes_section(doc: ImportedText) -> str:
    """The English "Notes on the text": provenance, mechanical steps, every correction."""
    s = doc.spec
    origin = ", ".join(x for x in (s.source, s.place, s.date) if x)
    lines = ['<div class="jiedu-notes no-ruby" markdown>', "", "## Notes on the text", ""]
    lines.append(f"**Source.** {escape_markdown(origin)}" + (f" (dateline {escape_markdown(s.dateline)})" if s.dateline else "")
                 + f". This page is generated from an OCR copy of the printed article, `{s.raw}`, by "
                 f"`scripts/import_text.py` following `{s.path}`.")
    lines.append("")
    lines.append("**Mechanical clean-up**, not listed one by one:")
    lines.append("")
    if doc.joins:
        where = "; ".join(f"lines {j.line_before}/{j.line_after}: …{escape_markdown(j.tail)} ‖ {escape_markdown(j.head)}…" for j in doc.joins)
        lines.append(f"- {len(doc.joins)} paragraph{'s' if len(doc.joins) != 1 else ''} cut by a newspaper column break "
                     f"(ending without sentence-final punctuation) joined to the next: {where}.")
    lines.append(f"- {doc.punctuation_converted} ASCII punctuation marks replaced by full-width ones "
                 "(`,` → ，, `:` → ：, `;` → ；, `?` → ？, `!` → ！, `( )` → （ ）, straight double quotes → “ ” in turn); "
                 "ASCII kept inside numbers such as 1.5万 and 2.37亿.")
    lines.append(f"- {doc.spaces_removed} spaces and line breaks inside the Chinese text removed "
                 "(left over from the printed column's line ends, or after commas and around numbers).")
    if s.dateline:
        lines.append("- The dateline, the last line of the source, moved into the page's metadata.")
    lines.append("")
    if s.corrections:
        lines.append(f"**Corrections.** Every other change, as recorded in `{s.path}`. Restored text is marked "
                     "as an insertion in body paragraphs; headings stay plain text, so the table of contents "
                     "and links to a heading show no markup, and this table is where their changes are explained.")
        lines.append("")
        lines.append("| Line | Raw OCR | Corrected | Kind | Reason |")
        lines.append("|---:|---|---|---|---|")
        by_index = {loc.index: n for n, loc in enumerate(doc.located)}
        for i, c in enumerate(s.corrections):
            raw_line = doc.raw_lines[by_index[i]]
            raw = _code(c.raw) if c.raw else "*(nothing)*"
            new = _cell(escape_markdown(c.corrected)) if c.corrected else "*(removed)*"
            lines.append(f"| {raw_line} | {raw} | {new} | {c.kind} | {_cell(escape_markdown(c.reason))} |")
        lines.append("")
    else:
        lines.append("**Corrections.** None recorded.")
        lines.append("")
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def render_page(doc: ImportedText) -> str:
    """The whole Markdown page: front matter, title, subtitle, headings, body, notes."""
    out = [front_matter(doc.spec)]
    for b in doc.blocks:
        if b.kind == "dateline":
            continue
        if b.kind == "paragraph":
            out.append(inline_html(b.text, doc.spec.corrections))
            continue
        text = escape_markdown(plain_text(b.text))
        if b.kind == "title":
            out.append(f"# {text}")
        elif b.kind == "subtitle":
            out.append(f"{text}\n{{ .jiedu-subtitle }}")
        elif b.kind == "section":
            out.append(f"## {text}")
        else:
            out.append(f"### {text}")
    out.append(notes_section(doc))
    return "\n\n".join(x.rstrip("\n") for x in out) + "\n"


def build_page(spec: TextSpec, raw: str, raw_name: str | None = None) -> str:
    """:func:`import_text` then :func:`render_page`."""
    return render_page(import_text(spec, raw, raw_name))


# -- records: reading and starting ---------------------------------------------------------


def parse_spec(data: object, path: str) -> TextSpec:
    """Check a loaded record (from :mod:`jiedu.yamlfile`, which keeps positions) and build
    a :class:`TextSpec`; raise :class:`JieduError` listing every problem with its line.

    >>> parse_spec({"slug": "x", "raw": "x.txt", "title": "题", "corrections": [{"raw": "讲"}]}, "x.yml")
    Traceback (most recent call last):
    ...
    jiedu.errors.JieduError: x.yml: error: correction #1 lacks 'corrected', 'context', 'kind', 'reason'
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise JieduError(Problem(path, "a text record must be a mapping of keys (slug, raw, title, …)"))
    key_at = getattr(data, "key_at", {})
    value_at = getattr(data, "value_at", {})
    lines: dict = {k: value_at.get(k, key_at.get(k, (None,)))[0] for k in data}
    for key in data:
        if key not in SPEC_KEYS:
            problems.append(Problem(path, f"unknown key {key!r}; allowed: {', '.join(SPEC_KEYS)}", lines.get(key)))
    for key in ("slug", "raw", "title"):
        if not data.get(key):
            problems.append(Problem(path, f"missing {key!r}"))
    scalars: dict[str, str] = {}
    for key in ("slug", "raw", "title", "subtitle", "source", "place", "date", "dateline", "lang"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        if not isinstance(value, str):
            problems.append(Problem(path, f"{key!r} must be text", lines.get(key)))
            continue
        scalars[key] = value.strip()
    headings: dict[str, tuple[str, ...]] = {}
    for key in ("sections", "subheadings"):
        items = data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            problems.append(Problem(path, f"{key!r} must be a list of heading texts (or unique prefixes)", lines.get(key)))
            items = []
        item_at = getattr(items, "item_at", [])
        for n in range(len(items)):
            lines[(key, n)] = item_at[n][0] if n < len(item_at) else lines.get(key)
        headings[key] = tuple(x.strip() for x in items)
    corrections: list[Correction] = []
    items = data.get("corrections") or []
    if not isinstance(items, list):
        problems.append(Problem(path, "'corrections' must be a list", lines.get("corrections")))
        items = []
    item_at = getattr(items, "item_at", [])
    for n, item in enumerate(items):
        line = item_at[n][0] if n < len(item_at) else None
        if not isinstance(item, dict):
            problems.append(Problem(path, f"correction #{n + 1} must be a mapping with {', '.join(CORRECTION_KEYS)}", line))
            continue
        missing = [k for k in CORRECTION_KEYS if k not in item]
        unknown = [k for k in item if k not in CORRECTION_KEYS]
        if missing:
            problems.append(Problem(path, f"correction #{n + 1} lacks {', '.join(repr(k) for k in missing)}", line))
        if unknown:
            problems.append(Problem(path, f"correction #{n + 1} has unknown key(s) {', '.join(repr(k) for k in unknown)}; allowed: {', '.join(CORRECTION_KEYS)}", line))
        if missing or unknown:
            continue
        values = {k: item[k] for k in CORRECTION_KEYS}
        if not all(isinstance(v, str) for v in values.values()):
            problems.append(Problem(path, f"correction #{n + 1}: every value must be text (quote it)", line))
            continue
        c = Correction(**values, line=line)
        if c.kind not in KINDS:
            problems.append(Problem(path, f"correction #{n + 1}: kind {c.kind!r} is not one of {', '.join(KINDS)}", line))
        if not c.context or (c.raw and c.raw not in c.context):
            problems.append(Problem(path, f"correction #{n + 1}: context must contain the raw form {c.raw!r}", line))
        if c.raw == c.corrected:
            problems.append(Problem(path, f"correction #{n + 1}: corrected is the same as raw", line))
        if not c.reason.strip():
            problems.append(Problem(path, f"correction #{n + 1}: give a reason", line))
        if "\n" in c.corrected or _PRIVATE_USE.search(c.corrected):
            problems.append(Problem(path, f"correction #{n + 1}: corrected text must be one line of plain text", line))
        corrections.append(c)
    if problems:
        raise JieduError(problems)
    return TextSpec(path=path, sections=headings["sections"], subheadings=headings["subheadings"],
                    corrections=tuple(corrections), lines=lines, **scalars)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def starter_record(raw: str, slug: str, raw_path: str) -> str:
    """A first record for a new raw text: title, subtitle and dateline taken from where
    they usually stand, headings proposed by :func:`propose_headings`, no corrections.

    >>> print(starter_record("大标题\\n\\n副标题\\n\\n正文一段。\\n\\n小标题\\n\\n正文。\\n\\n新华社北京11月4日电", "x", "sources/x.raw.txt"), end="")
    ... # doctest: +ELLIPSIS
    # Text record for x: ...
    slug: x
    raw: sources/x.raw.txt
    title: "大标题"
    subtitle: "副标题"
    ...
    dateline: "新华社北京11月4日电"
    ...
    subheadings:
      - "小标题"
    ...
    corrections: []
    """
    texts = [normalize(p) for p in split_paragraphs(raw)]
    title = texts[0] if texts else ""
    taken = {0}
    subtitle = ""
    if len(texts) > 2 and propose_headings([texts[1]]) == [0]:
        subtitle = texts[1]
        taken.add(1)
    dateline = ""
    if len(texts) > 1 and _DATELINE.match(texts[-1]):
        dateline = texts[-1]
        taken.add(len(texts) - 1)
    proposed = [i for i in propose_headings(texts) if i not in taken]
    sections = [texts[i] for i in proposed if "，" in texts[i]]
    subheadings = [texts[i] for i in proposed if "，" not in texts[i]]
    out = [
        f"# Text record for {slug}: metadata, headings and corrections for scripts/import_text.py.",
        "# Started by `scripts/import_text.py --new`: check every value. Headings were PROPOSED by a",
        "# heuristic (a short paragraph without final punctuation); sections were guessed from a comma.",
        "# Identify a heading by its corrected text (full-width punctuation, no spaces) or a unique prefix.",
        f"slug: {slug}",
        f"raw: {raw_path}",
        f"title: {_q(title)}",
    ]
    if subtitle:
        out.append(f"subtitle: {_q(subtitle)}")
    out += [
        'source: ""      # e.g. Xinhua News Agency (新华社)',
        'place: ""',
        'date: ""        # YYYY-MM-DD',
    ]
    if dateline:
        out.append(f"dateline: {_q(dateline)}")
    out.append("lang: zh-Hans")
    out.append("sections:" + ("" if sections else " []"))
    out += [f"  - {_q(t)}" for t in sections]
    out.append("subheadings:" + ("" if subheadings else " []"))
    out += [f"  - {_q(t)}" for t in subheadings]
    out += [
        "# Every change beyond spaces, punctuation width and paragraph joins, one entry each:",
        "#   - raw: the exact raw form       corrected: the new form",
        "#     context: raw text around it, found exactly once in the raw file",
        f"#     kind: {' | '.join(KINDS)}",
        "#     reason: one short English sentence",
        "corrections: []",
    ]
    return "\n".join(out) + "\n"
