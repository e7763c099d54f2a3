"""Find glossary terms in text: longest form first, no overlaps, Chinese-aware.

Python-Markdown's abbr extension matches at word boundaries, which never occur inside
Chinese text; here every position is a candidate and, at each, the longest form wins
(one alternation of all forms, sorted longest first). Matching never looks inside links,
code or earlier annotations: ``htmltext.rewrite_text`` hands over only annotatable text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape, unescape

from ..base.errors import Problem
from ..annotations.glossary import EQUIVALENT, Entry, canonical
from ..base.htmltext import SKIP_TAGS, rewrite_text
from .ruby import CLOSING, OPENING

#: Between two characters of a form: a hard line break and the spaces around it.
WRAP = r"(?:[ \t]*\n[ \t]*)?"
BREAK = re.compile(r"[ \t]*\n[ \t]*")
#: Links are never annotated; headings are, since the TOC was built before this runs.
TERM_SKIP_TAGS = SKIP_TAGS | {"a"}


@dataclass(frozen=True)
class Occurrence:
    entry_id: str
    anchor: str | None  # id of the enclosing paragraph or heading


@dataclass
class TermMatcher:
    """Match the forms of ``entries`` in text.

    >>> from jiedu.annotations.glossary import Entry
    >>> m = TermMatcher([Entry("a", "两新", "", "", "concept", variants=("“两新”",)),
    ...                  Entry("b", "两新工委", "", "", "institution", variants=("“两新”工委",))])
    >>> [(t, e.id if e else None) for t, e in m.split("普遍建立“两新”工委统筹，两新")]
    [('普遍建立', None), ('“两新”工委', 'b'), ('统筹，', None), ('两新', 'a')]
    """

    entries: Iterable[Entry]
    _by_form: dict[str, Entry] = field(init=False, repr=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        written = {canonical(form): form for e in self.entries for form in e.forms}
        self._by_form = {canonical(form): e for e in self.entries for form in e.forms}
        forms = sorted(self._by_form, key=len, reverse=True)
        self._patterns = {form: form_pattern(form, written[form]) for form in forms}
        self._pattern = re.compile("|".join(self._patterns.values())) if forms else None
        self._compiled = {form: re.compile(pattern) for form, pattern in self._patterns.items()}

    def _entry(self, matched: str) -> Entry:
        entry = self._by_form.get(matched)  # most matches are a form as written
        return entry if entry is not None else self._by_form[canonical(BREAK.sub("", unescape(matched)))]

    def split(self, text: str) -> list[tuple[str, Entry | None]]:
        """``text`` cut into pieces, each with the entry it is a form of (or ``None``)."""
        if self._pattern is None:
            return [(text, None)] if text else []
        out: list[tuple[str, Entry | None]] = []
        pos = 0
        for m in self._pattern.finditer(text):
            if m.start() > pos:
                out.append((text[pos : m.start()], None))
            out.append((m.group(), self._entry(m.group())))
            pos = m.end()
        if pos < len(text):
            out.append((text[pos:], None))
        return out

    def overlaps(self, text: str) -> list[tuple[str, str, str]]:
        """Forms the longest-first rule cannot settle: an occurrence that only partly overlaps
        the match that won, so one term silently hides another. Returns (marked, lost,
        context) triples; a form wholly inside a longer match is no conflict.

        >>> from jiedu.annotations.glossary import Entry
        >>> m = TermMatcher([Entry("a", "社会工作", "", "", "concept"), Entry("b", "工作部门", "", "", "concept")])
        >>> m.overlaps("组建社会工作部门。")
        [('社会工作', '工作部门', '组建社会工作部门。')]
        """
        spans, pos = [], 0
        for piece, entry in self.split(text):
            if entry is not None:
                spans.append((pos, pos + len(piece), piece))
            pos += len(piece)
        starts = [a for a, _, _ in spans]
        out = []
        for form, pattern in self._compiled.items():
            m = pattern.search(text)
            while m:  # every occurrence, overlapping ones too
                start, end = m.span()
                # The marked spans do not overlap and are sorted: only those from the one
                # before ``start`` up to ``end`` can meet this occurrence (linear, not
                # occurrences × spans as before: 9.5 s on 500 KB).
                k = max(0, bisect_left(starts, start) - 1)
                while k < len(spans) and spans[k][0] < end:
                    a, b, won = spans[k]
                    if a < end and start < b and not (a <= start and end <= b) and (a, b) != (start, end):
                        out.append((won, form, _context(text, min(a, start), max(b, end))))
                    k += 1
                m = pattern.search(text, start + 1)
        return out

    def mark(self, html: str, href: str, found: list[Occurrence]) -> str:
        """Wrap every term in ``html`` in a link to its glossary entry; record occurrences.

        ``href`` is the glossary page's URL relative to the page being rendered. The first
        use of a core term in each section (a level-1 or level-2 heading starts one) gets
        ``jiedu-term--first``: the page underlines those by default, so the marks stay few
        and fall where a term is new to the reader; every use opens the tooltip.

        >>> from jiedu.annotations.glossary import Entry
        >>> m = TermMatcher([Entry("a", "两新", "", "", "concept")])
        >>> html = m.mark('<p id="p-1">两新，两新</p><h2 id="s">二</h2><p id="p-2">两新</p>', "g.html", [])
        >>> html.count("jiedu-term--first"), html.count('class="jiedu-term"')
        (2, 1)
        """
        sections = section_numbers(html)
        seen: set[tuple[str, int]] = set()

        def wrap(text: str, anchor: str | None) -> str:
            parts = []
            for piece, entry in _with_punctuation(self.split(text)):
                if entry is None:
                    parts.append(piece)
                    continue
                found.append(Occurrence(entry.id, anchor))
                key = (entry.id, sections.get(anchor or "", 0))
                first = key not in seen and getattr(entry, "level", "core") != "general"
                seen.add(key)
                cls = "jiedu-term jiedu-term--first" if first else "jiedu-term"
                parts.append(
                    f'<a class="{cls}" href="{escape(href)}#{entry.id}" data-entry="{entry.id}"'
                    f' aria-describedby="jiedu-def-{entry.id}">{piece}</a>'
                )
            return "".join(parts)

        return rewrite_text(html, wrap, skip_tags=TERM_SKIP_TAGS, with_anchor=True)


def form_pattern(form: str, spaced: str = "") -> str:
    """The regular expression of a (canonical) ``form`` as a page may write it: a line break,
    with the spaces around it, between any two characters (社会\\n工作, 12345\\n热线); the
    spaces of the form as written (``spaced``: none needed beside Chinese, 基层 治理 finds
    基层治理 too); ASCII or full-width punctuation (``EQUIVALENT``); and ``&``, ``<``, ``>`` as
    the HTML of the page writes them (``&amp;``) or as text.

    >>> bool(re.fullmatch(form_pattern(canonical("共建,共治")), "共建，\\n共治")), bool(re.fullmatch(form_pattern("R&D中心"), "R&amp;D中心"))
    (True, True)
    >>> bool(re.fullmatch(form_pattern("基层治理", "基层 治理"), "基层 治理")), bool(re.fullmatch(form_pattern("基层治理"), "基层 治理"))
    (True, False)
    """
    gaps = _spaces(spaced or form)
    out = []
    for k, c in enumerate(form):
        if c == " ":
            out.append("[ \t]++")
            continue
        if c in _SAME:
            out.append(_SAME[c])
        elif c in "&<>":
            out.append(f"(?:{re.escape(c)}|{re.escape(escape(c))})")
        else:
            out.append(re.escape(c))
        if k + 1 < len(form) and form[k + 1] != " ":
            out.append(_OPTIONAL_SPACE if k + 1 in gaps else WRAP)
    if form[:1] in _SAME:  # one alternative per first character: a class there would keep the
        rest = "".join(out[1:])  # regex engine from skipping ahead to a first character (15 times slower)
        return "|".join(re.escape(c) + rest for c in _SAME[form[0]][1:-1].replace("\\", ""))
    return "".join(out)


def _spaces(written: str) -> set[int]:
    """Where, in the canonical form of ``written``, a space stood beside a Chinese
    character (the index of the character after it)."""
    out, k = set(), 0
    for piece in re.split(r"[ \t]+", written.strip()):
        k += len(canonical(piece))
        out.add(k)
    return out


#: A space the form had beside a Chinese character: any spaces, a line break, or none.
_OPTIONAL_SPACE = r"(?:[ \t]*+\n[ \t]*+|[ \t]*+)"
#: A full-width mark matches itself and the ASCII one it stands for.
_SAME = {wide: "[" + re.escape("".join(sorted({wide, *(a for a, w in EQUIVALENT.items() if w == wide)}))) + "]"
         for wide in set(EQUIVALENT.values())}


def _with_punctuation(pieces: list[tuple[str, Entry | None]]) -> list[tuple[str, Entry | None]]:
    """Each term with the punctuation touching it: the closing marks after it and the opening
    ones before it move into the term's piece, so the term's link holds them and its last
    word can keep them on its line (``ruby.keep_punctuation``; a line may not start with a
    comma, nor end with an opening quote). The text is unchanged, in order.

    >>> _with_punctuation([("说“", None), ("两新", "e"), ("”，及", None)])
    [('说', None), ('“两新”，', 'e'), ('及', None)]
    """
    out = [list(p) for p in pieces]
    for k, (piece, entry) in enumerate(out):
        if entry is None:
            continue
        if k > 0 and out[k - 1][1] is None:
            before = out[k - 1][0]
            cut = len(before.rstrip(OPENING))
            out[k - 1][0], out[k][0] = before[:cut], before[cut:] + out[k][0]
        if k + 1 < len(out) and out[k + 1][1] is None:
            after = out[k + 1][0]
            cut = len(after) - len(after.lstrip(CLOSING))
            out[k][0], out[k + 1][0] = out[k][0] + after[:cut], after[cut:]
    return [(piece, entry) for piece, entry in out if piece]


def _context(text: str, start: int, end: int, width: int = 6) -> str:
    """``text[start:end]`` with up to ``width`` characters each side, within its line."""
    left = max(start - width, text.rfind("\n", 0, start) + 1)
    right = text.find("\n", end)
    right = min(end + width, len(text) if right == -1 else right)
    return text[left:right]


def overlap_warnings(matcher: TermMatcher, text: str, path: str) -> list[Problem]:
    """One warning per unresolvable overlap of terms in a text (``--strict`` fails on it)."""
    return [
        Problem(path, f"glossary terms overlap in “{context}”: '{won}' is marked, so '{lost}' is not; "
                      "add a variant that covers both, or remove one", severity="warning")
        for won, lost, context in dict.fromkeys(matcher.overlaps(text))
    ]


PARAGRAPH = re.compile(r"<p(?=[\s>])(?![^>]*\bid=)")
BLOCK_ID = re.compile(r'<(h[12]|h[3-6]|p|li|div|section)\b[^>]*?\bid="([^"]*)"')


def section_numbers(html: str) -> dict[str, int]:
    """The section each id'd block belongs to: 0 before the first heading, then one more at
    every level-1 or level-2 heading.

    >>> section_numbers('<p id="a"></p><h2 id="b"></h2><h3 id="c"></h3><p id="d"></p><h1 id="e"></h1>')
    {'a': 0, 'b': 1, 'c': 1, 'd': 1, 'e': 2}
    """
    out: dict[str, int] = {}
    n = 0
    for m in BLOCK_ID.finditer(html):
        if m.group(1) in ("h1", "h2"):
            n += 1
        out.setdefault(m.group(2), n)
    return out


def number_paragraphs(html: str) -> str:
    """Give each paragraph without an id a stable anchor ``p-1``, ``p-2`` … (for citing).

    A text's page carries its paragraphs' anchors already (the importer writes them, so a
    correction elsewhere does not move them); the numbering respects them: after a
    paragraph ``p-N`` the next one without an id is the next number no paragraph of the
    page has (so the notes after a text follow its last paragraph).

    >>> number_paragraphs('<p>a</p><p class="x">b</p><p id="k">c</p>')
    '<p id="p-1">a</p><p id="p-2" class="x">b</p><p id="k">c</p>'
    >>> number_paragraphs('<p id="p-1">a</p><p id="p-3">b</p><p id="p-3b">c</p><p>notes</p>')
    '<p id="p-1">a</p><p id="p-3">b</p><p id="p-3b">c</p><p id="p-4">notes</p>'
    """
    taken = {int(m.group(1)) for m in ANCHORED.finditer(html)}
    if not taken:
        counter = iter(range(1, 1 << 30))
        return PARAGRAPH.sub(lambda m: f'<p id="p-{next(counter)}"', html)
    out: list[str] = []
    pos, number = 0, 0
    for m in NUMBERING.finditer(html):
        if m.group(1):  # a paragraph with its anchor: numbering goes on after it
            number = max(number, int(m.group(1)))
            continue
        number += 1
        while number in taken:
            number += 1
        out.append(html[pos : m.start()] + f'<p id="p-{number}"')
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


#: A paragraph's anchor: ``p-12``, or ``p-12b`` for a later part of a split paragraph.
ANCHORED = re.compile(r'<p\b[^>]*?\bid="p-([0-9]+)[a-z]?"')
NUMBERING = re.compile(r'<p\b[^>]*?\bid="p-([0-9]+)[a-z]?"|<p(?=[\s>])(?![^>]*\bid=)')
