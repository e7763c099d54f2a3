"""One text's import, step by step: its record and raw file in, the page's blocks out.

:func:`import_text` runs the steps of ``ocrtext.py`` in order: the raw file cleaned
(step 0), cut into its paragraphs by how it is written (``sourcekind.py``), the recorded
corrections spliced in (``corrections.py``; a ``layout`` correction may join paragraphs or
split one), markup removed, punctuation and spaces made regular (``punctuation.py``), the
title, subtitle, dateline and headings named by the record found, and, in an OCR copy,
paragraphs cut by a column break joined. Then every paragraph gets its anchor.

**Anchors.** A paragraph's anchor (``#p-12``) is written into the page, so a citation keeps
working when the text is corrected. ``p-N`` counts the paragraphs of the source as its
kind cuts them (after an OCR copy's column-break joins; headings, the title and the
dateline not counted), before any recorded split or join:

- a paragraph a correction splits keeps its number for its first part; the other parts
  take letters: ``p-12``, ``p-12b``, ``p-12c``;
- paragraphs a correction joins keep the first one's number, and the others' numbers are
  not used again, so every later anchor stays where it was;
- a heading split off the start of a paragraph leaves the rest the paragraph's number;
- a subtitle the record supplies (``from_record``) is ``#subtitle``.

So a split or a join never moves another paragraph's anchor, and the English translation's
keys (``p-12b``) are the anchors. (In an OCR copy, a correction that changes how a
paragraph ends can change whether the column-break join applies; record a ``layout``
correction instead.) What this module is not: it reads no file and judges no Chinese.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..annotations.pageshape import too_long
from ..annotations.textrecord import TextSpec
from ..base.errors import JieduError, Problem
from .corrections import SPLIT, Located, apply_corrections, describe, locate_corrections, plain_text
from .ocrtext import Block, ImportedText, Join, clean_raw, column_breaks, match_heading
from .punctuation import Normalized, chinese_quotes, normalize, normalize_clean, ocr_normalized
from .sourcekind import Unit, detect, detect_paragraphs, strip_markup, units

#: Block kinds that are paragraphs of the page (``<p>``), numbered.
PARAGRAPH_KINDS = ("subtitle", "paragraph")


@dataclass
class _Part:
    """A paragraph on its way to a block: its text (markers included) and what numbering
    needs to know of where it came from."""

    text: str
    line: int
    starts: bool = True  # begins one of the source's paragraphs (or a group a correction joined)
    weight: int = 1  # how many of the source's paragraphs it stands for
    split: bool = False  # a recorded correction split it from the part before
    kind: str = "paragraph"


def import_text(spec: TextSpec, raw: str | bytes, raw_name: str | None = None) -> ImportedText:
    """Run every step on a raw text according to its record; raise :class:`JieduError`
    (naming the record or raw file and the line) when the record does not fit the text.
    Damage in the raw text itself is never an error: see :func:`clean_raw`.

    >>> spec = TextSpec("t.yml", "t", "t.txt", "题", kind="other", rights="public domain")
    >>> [(b.kind, b.text, b.anchor) for b in import_text(spec, "题\\n第一段,好。\\nSee http://x.cn\\n").blocks]
    [('title', '题', ''), ('paragraph', '第一段，好。', 'p-1'), ('paragraph', 'See http://x.cn', 'p-2')]
    """
    raw_name = raw_name or spec.raw
    cleaned = clean_raw(raw, raw_name)
    text = cleaned.text
    kind = spec.source_kind or detect(text)
    mode = spec.paragraphs or (detect_paragraphs(text) if kind == "plain" else "blank-lines")
    found = units(text, kind, mode)
    if not found:
        raise JieduError(Problem(raw_name, "the raw text is empty"))
    located = locate_corrections(text, spec.corrections, spec.path, raw_name)
    parts, markup = _parts(text, found, _groups(found, located, spec), located, spec, kind)
    if not parts:
        raise JieduError(Problem(raw_name, "the raw text has no text outside its markup"))
    parts = _supplied(spec) + parts
    clean = kind != "ocr"
    match = [plain_text(normalize_clean(p.text).text if clean else normalize(p.text)) for p in parts]
    _name_blocks(spec, parts, match, raw_name)

    blocks = [Block(p.kind, p.text, p.line) for p in parts]
    apart = {i - 1 for i, p in enumerate(parts) if p.split}
    breaks = set(column_breaks(blocks, apart)) if not clean else set()
    joins = tuple(Join(blocks[i].line, blocks[i + 1].line, plain_text(normalize(blocks[i].text))[-6:],
                       plain_text(normalize(blocks[i + 1].text))[:4]) for i in sorted(breaks))
    merged: list[_Part] = []
    for i, p in enumerate(parts):
        if i - 1 in breaks:
            merged[-1].text += "\n" + p.text
        else:
            merged.append(p)

    final: list[Block] = []
    counts = [0, 0, 0]
    odd: list[int] = []
    for p, anchor in zip(merged, _anchors(merged)):
        # Straight quotes alternate “ and ”; with an odd number in a paragraph, which is which
        # cannot be decided, so they stay as they are and the record gets a warning.
        quotes = (chinese_quotes(p.text) if clean else p.text.count('"')) % 2 == 0
        if not quotes:
            odd.append(p.line)
        n: Normalized = normalize_clean(p.text, quotes) if clean else ocr_normalized(p.text, quotes)
        counts = [counts[0] + n.punctuation, counts[1] + n.spaces, counts[2] + n.joined]
        final.append(Block(p.kind, n.text, p.line, anchor))
    long = [Problem(raw_name, too_long(b.text, "a paragraph (with those joined to it across column breaks)")
                    .replace("shorten it", "split it with a blank line where a paragraph ends"), b.line)
            for b in final if too_long(b.text, "")]
    if long:
        raise JieduError(long[:20])
    raw_lines = tuple(text.count("\n", 0, loc.start) + 1 for loc in located)
    return ImportedText(spec, tuple(final), joins, tuple(located), raw_lines, counts[0], counts[1], cleaned,
                        tuple(odd), kind, mode, markup, counts[2])


def _groups(found: list[Unit], located: list[Located], spec: TextSpec) -> list[tuple[int, int]]:
    """The source's paragraphs in runs joined by corrections: (first, last) unit indexes.
    A correction that crosses a paragraph break must be a ``layout`` one."""
    starts = [u.start for u in found]
    problems: list[Problem] = []
    spans: list[tuple[int, int]] = []
    for loc in located:
        c = spec.corrections[loc.index]
        first = max(0, bisect_right(starts, loc.start) - 1)
        last = max(0, bisect_right(starts, loc.end) - 1)
        if not (found[first].start <= loc.start and loc.end <= found[last].end):
            problems.append(Problem(spec.path, f"{describe(loc.index, c)} is outside the text's paragraphs "
                                               "(in blank lines or markup); give a context in the text", c.line))
        elif first != last and c.kind != "layout":
            problems.append(Problem(spec.path, f"{describe(loc.index, c)} crosses a paragraph break; a correction must stay "
                                               "within one paragraph (to join paragraphs, record one of kind layout, "
                                               "with ¶ for the break)", c.line))
        elif first != last:
            spans.append((first, last))
    if problems:
        raise JieduError(problems)
    groups: list[tuple[int, int]] = []
    end = {}
    for first, last in spans:
        end[first] = max(end.get(first, first), last)
    k = 0
    while k < len(found):
        last = end.get(k, k)
        j = k
        while j <= last:  # a run may meet another that starts inside it
            last = max(last, end.get(j, j))
            j += 1
        groups.append((k, last))
        k = last + 1
    return groups


def _parts(text: str, found: list[Unit], groups: list[tuple[int, int]], located: list[Located],
           spec: TextSpec, kind: str) -> tuple[list[_Part], int]:
    """Each run of the source's paragraphs with its corrections spliced in, cut where a
    correction splits it, its markup removed. Returns the parts and the markup removed."""
    parts: list[_Part] = []
    markup = 0
    for first, last in groups:
        start, end = found[first].start, found[last].end
        mine = [loc for loc in located if start <= loc.start and loc.end <= end]
        corrected = apply_corrections(text[start:end], mine, spec.corrections, start)
        carry = last - first + 1  # numbering weight, given to the first part that has text
        for k, piece in enumerate(corrected.split(SPLIT)):
            piece, n = strip_markup(piece, kind)
            markup += n
            if not plain_text(piece).strip():
                continue
            parts.append(_Part(piece.strip(), found[first].line, starts=carry > 0, weight=carry, split=k > 0))
            carry = 0
    return parts, markup


def _supplied(spec: TextSpec) -> list[_Part]:
    """The title and subtitle the record gives where the source has none."""
    return [_Part(getattr(spec, key), 0, starts=False, weight=0, kind=key) for key in ("title", "subtitle")
            if key in spec.from_record]


def _name_blocks(spec: TextSpec, parts: list[_Part], texts: list[str], raw_name: str) -> None:
    """Set each part's kind: the title, subtitle and dateline where the record says they
    stand, the headings it names; raise :class:`JieduError` where it does not fit."""
    problems: list[Problem] = []
    supplied = spec.from_record

    def expect(index: int, kind: str, value: str, where: str, way_out: str) -> None:
        if index >= len(texts) or re.sub(r"\s+", "", texts[index]) != re.sub(r"\s+", "", value):
            got = texts[index] if index < len(texts) else "nothing"
            problems.append(Problem(spec.path, f"{kind} {value!r} is not the {where} paragraph of {raw_name} "
                                               f"(found {got!r}){way_out}", spec.line_of(kind)))
        else:
            parts[index].kind = kind

    at = len([k for k in ("title", "subtitle") if k in supplied and getattr(spec, k)])
    if "title" not in supplied:
        expect(at, "title", spec.title, "first", "; correct it, or, if the source has no title line, add "
               "'from_record: [title]' to take the title from this record")
        at += 1
    if spec.subtitle and "subtitle" not in supplied:
        expect(at, "subtitle", spec.subtitle, "second" if at else "first",
               "; correct it, or add 'from_record: [subtitle]' if the source has none")
    if spec.dateline:
        expect(len(texts) - 1, "dateline", spec.dateline, "last", "")
    fixed = {i for i, p in enumerate(parts) if p.kind != "paragraph"}
    for key, kind in (("sections", "section"), ("subheadings", "subheading")):
        for n, entry in enumerate(getattr(spec, key)):
            try:
                i = match_heading(texts, entry, exclude=fixed)
            except ValueError as e:
                problems.append(Problem(spec.path, f"{key}: {e}", spec.line_of((key, n))))
                continue
            if parts[i].kind != "paragraph":
                problems.append(Problem(spec.path, f"{key}: {entry!r} names a paragraph that is already a {parts[i].kind}",
                                        spec.line_of((key, n))))
                continue
            parts[i].kind = kind
    if problems:
        raise JieduError(problems)


def _anchors(parts: list[_Part]) -> list[str]:
    """Each part's anchor (see the module's docstring): ``p-N``, ``p-Nb`` … for paragraphs,
    ``subtitle`` for a subtitle the record supplies, "" for the rest.

    >>> P = _Part
    >>> _anchors([P("题", 1, kind="title"), P("一", 2), P("二", 3, weight=2), P("二乙", 3, False, 0, True),
    ...           P("章", 5, kind="section"), P("三", 5, False, 0, True), P("四", 6)])
    ['', 'p-1', 'p-2', 'p-2b', '', 'p-4', 'p-5']
    """
    out: list[str] = []
    counted, number, letter, pending = 0, 0, 0, 0
    for p in parts:
        if p.starts:
            pending = p.weight
        if p.kind not in PARAGRAPH_KINDS:
            out.append("")
        elif p.kind == "subtitle" and not p.line:
            out.append("subtitle")
        elif pending or not number:
            number, letter = counted + 1, 0
            counted += max(pending, 1)
            pending = 0
            out.append(f"p-{number}")
        else:
            letter += 1
            out.append(f"p-{number}{chr(ord('a') + letter)}")
    return out
