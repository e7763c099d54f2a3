"""What the importer writes: a text's Markdown page (step 6) and a new text's starter record.

Every piece of contributed text that reaches the page is escaped for Markdown (and so for
HTML): raw paragraphs, headings, record values, file names. A correction's reason goes into
a ``title`` attribute, which Material's ``content.tooltips`` turns back into HTML: it is
escaped twice there (see :func:`inline_html`).
"""
from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Sequence

import yaml

from ..base.errors import one_line
from ..base.errors import Problem
from .assemble import import_text
from .ocrtext import (DATELINE, MARKED, MARK_INDEX_BASE, ImportedText, clean_raw, marked,
                      normalize, plain_text, propose_headings)
from .punctuation import normalize_clean
from .sourcekind import detect, detect_paragraphs, strip_markup, units
from ..annotations.textrecord import KINDS, PARAGRAPH_MODES, SOURCE_KINDS, TEXT_KINDS, Correction, TextSpec
from ..annotations.translation import element, english_for, quote

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

    The reason goes into a ``title`` attribute, and Material's ``content.tooltips`` sets
    the attribute's (decoded) value as HTML: escaped once, ``<img onerror>`` would run on
    hover. So it is escaped twice: the attribute decodes to escaped text, which Material's
    tooltip shows as the reason's characters. (A reason rarely holds ``< > & "``; where it
    does, the browser's own tooltip, without JavaScript, shows them as entities.)

    >>> cs = [Correction("转", "转型", "和转", "editorial-restoration", "The source is cut off here.")]
    >>> inline_html("和转" + marked(0, "型"), cs)
    '和转<ins class="jiedu-editorial" title="Editorial restoration: The source is cut off here.">型</ins>'
    >>> inline_html(marked(0, "型"), [Correction("", "型", "x", "gap", "<img src=x onerror=alert(1)>")])
    '<span class="jiedu-gap" title="Gap in the source: &amp;lt;img src=x onerror=alert(1)&amp;gt;" role="note">型</span>'
    """
    def tag(m: re.Match[str]) -> str:
        c = corrections[ord(m.group(1)) - MARK_INDEX_BASE]
        reason = " ".join(c.reason.split())
        if c.kind == "gap":
            title = _twice(f"Gap in the source: {reason}")
            return f'<span class="jiedu-gap" title="{title}" role="note">{m.group(2)}</span>'
        title = _twice(f"Editorial restoration: {reason}")
        return f'<ins class="jiedu-editorial" title="{title}">{m.group(2)}</ins>'

    return MARKED.sub(tag, escape_markdown(text))


def _twice(text: str) -> str:
    return html.escape(html.escape(text, quote=True), quote=True)


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
    meta = {k: getattr(spec, k) for k in ("title", "subtitle", "kind", "source", "place", "date", "dateline", "rights", "lang")}
    meta = {k: v for k, v in meta.items() if v}
    if spec.translation:
        meta["translation"] = f"English, by {spec.translation.by}"  # shown with the source and date
    meta["generated_by"] = f"scripts/import_text.py {spec.path} (do not edit by hand; edit {spec.path} or {spec.raw} and rerun)"
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    shown = text.replace("\n", "⏎")
    ticks = "`" * (max((len(r) for r in re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{ticks}{pad}{shown}{pad}{ticks}"


#: How each source kind is named in the notes: what the page was generated from.
COPIES = {"ocr": "an OCR copy of the printed {what}", "plain": "a plain-text copy", "markdown": "a Markdown copy",
          "html": "an HTML copy"}
PARAGRAPHS = {("plain", "lines"): "one paragraph per line of the source",
              ("plain", "blank-lines"): "paragraphs as blank lines separate them in the source",
              ("markdown", "blank-lines"): "paragraphs as the source's Markdown makes them",
              ("html", "blank-lines"): "paragraphs as the source's block elements (p, div, headings, list items, br) make them"}


def notes_section(doc: ImportedText) -> str:
    """The English "Notes on the text": provenance, what was done to this source (only what
    was done: nothing is claimed that did not happen, no empty field is printed), every
    correction."""
    s = doc.spec
    origin = ", ".join(x for x in (s.source, s.place, s.date) if x)
    lines = ['<div class="jiedu-notes no-ruby" markdown>', "", "## Notes on the text", ""]
    copy = COPIES[doc.source_kind].format(what="article" if s.kind in ("news", "") else "text")
    lines.append("**Source.** " + (f"{escape_markdown(origin)}" + (f" (dateline {escape_markdown(s.dateline)})" if s.dateline else "") + ". " if origin else "")
                 + (f"The copy used: {escape_markdown(s.copy)}. " if s.copy else "")
                 + f"This page is generated from {copy}, {_code(s.raw)}, by "
                 f"`scripts/import_text.py` following {_code(s.path)}.")
    lines.append("")
    if s.translation:
        lines.append(f"**English translation** by {escape_markdown(s.translation.by)}, of every heading and paragraph, "
                     f"from {_code(s.path)}: shown under each block from the reading options, or one block at a time "
                     "with the EN button at the block's end.")
        lines.append("")
    done = _clean_up(doc)
    if done:
        lines.append("**Mechanical clean-up**, not listed one by one:")
        lines.append("")
        lines += done
    else:
        lines.append("**Mechanical clean-up**: none; the text is the source's as it stands.")
    lines.append("")
    if s.corrections:
        lines.append(f"**Corrections.** Every other change, as recorded in {_code(s.path)}. Restored text is marked "
                     "as an insertion in body paragraphs; headings stay plain text, so the table of contents "
                     "and links to a heading show no markup, and this table is where their changes are explained.")
        lines.append("")
        lines.append(f"| Line | Raw{' OCR' if doc.source_kind == 'ocr' else ''} | Corrected | Kind | Reason |")
        lines.append("|---:|---|---|---|---|")
        by_index = {loc.index: n for n, loc in enumerate(doc.located)}
        for i, c in enumerate(s.corrections):
            raw_line = doc.raw_lines[by_index[i]]
            raw = _code(c.raw) if c.raw else "*(nothing)*"
            new = (_cell(escape_markdown(c.corrected)) if c.corrected.strip() else _code(c.corrected)) if c.corrected else "*(removed)*"
            lines.append(f"| {raw_line} | {raw} | {new} | {c.kind} | {_cell(escape_markdown(' '.join(c.reason.split())))} |")
        lines.append("")
    else:
        lines.append("**Corrections.** None recorded.")
        lines.append("")
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def _clean_up(doc: ImportedText) -> list[str]:
    """The mechanical steps that changed something in this source, one list item each."""
    s, c = doc.spec, doc.cleaned
    out: list[str] = []
    if doc.source_kind != "ocr":
        out.append(f"- Paragraphs: {PARAGRAPHS.get((doc.source_kind, doc.paragraph_mode), 'as the source has them')}.")
    if doc.markup_removed or doc.source_kind in ("markdown", "html"):
        what = ("Markdown markup removed: heading, list and quote marks, comments, emphasis, link targets, escapes"
                if doc.source_kind == "markdown" else "HTML tags and comments removed, entities decoded")
        count = f" ({doc.markup_removed} inline piece{'s' if doc.markup_removed != 1 else ''})" if doc.markup_removed else ""
        out.append(f"- {what}{count}.")
    if doc.joins:
        where = "; ".join(f"lines {j.line_before}/{j.line_after}: …{escape_markdown(j.tail)} ‖ {escape_markdown(j.head)}…" for j in doc.joins)
        out.append(f"- {len(doc.joins)} paragraph{'s' if len(doc.joins) != 1 else ''} cut by a newspaper column break "
                   f"(ending without sentence-final punctuation) joined to the next: {where}.")
    if doc.lines_joined:
        out.append(f"- {doc.lines_joined} line break{'s' if doc.lines_joined != 1 else ''} inside paragraphs joined "
                   "(the source's lines are hard-wrapped): no space between Chinese characters, one elsewhere.")
    if doc.punctuation_converted and doc.source_kind == "ocr":
        out.append(f"- {doc.punctuation_converted} ASCII punctuation marks replaced by full-width ones "
                   "(`,` → ，, `:` → ：, `;` → ；, `?` → ？, `!` → ！, `( )` → （ ）, straight double quotes → “ ” in turn); "
                   "ASCII kept inside numbers such as 1.5万 and 2.37亿.")
    elif doc.punctuation_converted:
        out.append(f"- {doc.punctuation_converted} ASCII punctuation mark{'s' if doc.punctuation_converted != 1 else ''} "
                   "in Chinese text replaced by full-width ones; Latin text, numbers and URLs keep theirs.")
    if doc.spaces_removed:
        out.append(f"- {doc.spaces_removed} spaces and line breaks inside the Chinese text removed "
                   "(left over from the printed column's line ends, or after commas and around numbers).")
    if c and c.removed:
        out.append(f"- {c.removed} control character{'s' if c.removed != 1 else ''} (never text: NUL, escape, …) removed.")
    if c and (c.replaced or c.undecodable):
        out.append(f"- {c.replaced + c.undecodable} character{'s' if c.replaced + c.undecodable != 1 else ''} the OCR "
                   "could not map, or bytes that were not UTF-8, shown as � (U+FFFD).")
    if doc.odd_quotes:
        out.append(f"- {len(doc.odd_quotes)} paragraph{'s' if len(doc.odd_quotes) != 1 else ''} with an odd number of "
                   "straight double quotes kept them straight (which open and which close cannot be told).")
    for key in s.from_record:
        out.append(f"- The {key} is not in the source; it is given by {_code(s.path)}.")
    if s.dateline:
        out.append("- The dateline, the last line of the source, moved into the page's metadata.")
    return out


def block_keys(doc: ImportedText) -> list[str | None]:
    """Each block's key in a translation: ``title``; ``h-1``, ``h-2`` … for the headings in
    order; a paragraph's anchor (``p-12``, ``p-12b``, ``subtitle``); ``None`` for the
    dateline."""
    out: list[str | None] = []
    headings = 0
    for b in doc.blocks:
        if b.kind == "title":
            out.append("title")
        elif b.kind in ("section", "subheading"):
            headings += 1
            out.append(f"h-{headings}")
        else:
            out.append(b.anchor or None)
    return out


def page_markdown(doc: ImportedText) -> str:
    """The whole Markdown page: front matter, title, subtitle, headings, body, notes; the
    English of each block, if the record gives a translation, right after the block. Each
    paragraph carries its anchor (``{ #p-12 }``, attr_list), which the build keeps.
    Raises :class:`JieduError` when the translation's keys do not fit the blocks."""
    keys = block_keys(doc)
    english = english_for(doc.spec.translation, [(k, plain_text(b.text)) for k, b in zip(keys, doc.blocks)], doc.spec.path)
    out = [front_matter(doc.spec)]
    for b, key, en in zip(doc.blocks, keys, english):
        if b.kind == "dateline":
            continue
        text = escape_markdown(plain_text(b.text))
        if b.kind == "paragraph":
            out.append(inline_html(b.text, doc.spec.corrections) + f"\n{{ #{b.anchor} }}")
        elif b.kind == "title":
            out.append(f"# {text}")
        elif b.kind == "subtitle":
            out.append(f"{text}\n{{ #{b.anchor} .jiedu-subtitle }}")
        elif b.kind == "section":
            out.append(f"## {text}")
        else:
            out.append(f"### {text}")
        if key and en:
            out.append(element(key, en))
    out.append(notes_section(doc))
    return "\n\n".join(x.rstrip("\n") for x in out) + "\n"


def build_page(spec: TextSpec, raw: str, raw_name: str | None = None) -> str:
    """:func:`import_text` then :func:`page_markdown`."""
    return page_markdown(import_text(spec, raw, raw_name))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


#: Headings of a law's parts: chapters (and parts, 编) are sections, sections (节) sub-headings.
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+[编章][\s　]")
LAW_SECTION = re.compile(r"^第[一二三四五六七八九十百零〇]+节[\s　]")


def starter_record(raw: str, slug: str, raw_path: str, warnings: Sequence[Problem] = ()) -> str:
    """A first record for a new raw text: how it is written (detected), the title, subtitle
    and dateline taken from where they usually stand, headings from the markup or proposed
    by :func:`propose_headings`, no corrections; ``kind`` and ``rights`` left for the
    contributor (``make check`` asks for them).

    >>> print(starter_record("大标题\\n\\n副标题\\n\\n正文一段。\\n\\n小标题\\n\\n正文。\\n\\n新华社北京11月4日电", "x", "sources/x.raw.txt"), end="")
    ... # doctest: +ELLIPSIS
    # Text record for x: ...
    slug: x
    raw: sources/x.raw.txt
    source_kind: plain ...
    paragraphs: blank-lines ...
    title: "大标题"
    subtitle: "副标题"
    kind: "" ...
    dateline: "新华社北京11月4日电"
    ...
    rights: ""
    ...
    subheadings:
      - "小标题"
    ...
    corrections: []
    """
    text = clean_raw(raw).text
    kind = detect(text)
    mode = detect_paragraphs(text) if kind == "plain" else "blank-lines"
    found = units(text, kind, mode)
    plain = [strip_markup(text[u.start:u.end], kind)[0] for u in found]
    texts = [plain_text(normalize(t) if kind == "ocr" else normalize_clean(t).text) for t in plain]
    levels = [u.heading for u in found]
    title = texts[0] if texts else slug
    supplied = bool(texts) and not (levels[0] == 1 or propose_headings([title]) == [0])
    taken = set() if supplied else {0}
    subtitle = ""
    at = len(taken)
    if len(texts) > at + 1 and not levels[at] and propose_headings([texts[at]]) == [0] and not _law_heading(texts[at]):
        subtitle = texts[at]
        taken.add(at)
    dateline = ""
    if len(texts) > 1 and DATELINE.match(texts[-1]):
        dateline = texts[-1]
        taken.add(len(texts) - 1)
    if any(levels):
        proposed = [i for i, level in enumerate(levels) if level and i not in taken]
        sections = [texts[i] for i in proposed if levels[i] <= 2]
        subheadings = [texts[i] for i in proposed if levels[i] > 2]
        how = "from the source's markup (# and ##, or <h1> and <h2>, are sections; smaller headings sub-headings)"
    else:
        proposed = [i for i in propose_headings(texts) if i not in taken and not texts[i].endswith(("：", "；", "，", "、"))]
        sections = [texts[i] for i in proposed if CHAPTER.match(texts[i]) or ("，" in texts[i] and not _law_heading(texts[i]))]
        subheadings = [texts[i] for i in proposed if texts[i] not in sections]
        how = ("by a heuristic (a short paragraph without final punctuation); sections were guessed from a comma "
               "or a chapter number (第一章)")
    out = [
        f"# Text record for {slug}: metadata, headings and corrections for scripts/import_text.py.",
        "# Started by `scripts/import_text.py --new`: check every value. Headings were PROPOSED",
        f"# {how}.",
        "# Identify a heading by its corrected text (full-width punctuation) or a unique prefix.",
        *(f"# {one_line(str(w))}" for w in warnings),
        f"slug: {slug}",
        f"raw: {raw_path}",  # a RAW_PATH: plain YAML
        f"source_kind: {kind}   # how the raw file is written (detected): {' | '.join(SOURCE_KINDS)}",
    ]
    if kind == "plain":
        out.append(f"paragraphs: {mode}   # where its paragraphs end (detected): {' | '.join(PARAGRAPH_MODES)}")
    if supplied:
        out += ["# The source's first paragraph does not look like a title: write the title here.",
                f"title: {_q(slug)}", "from_record: [title]"]
    else:
        out.append(f"title: {_q(title)}")
    if subtitle:
        out.append(f"subtitle: {_q(subtitle)}")
    out += [
        f'kind: ""        # what the text is: {" | ".join(TEXT_KINDS)}',
        'source: ""      # who published it, e.g. Xinhua News Agency (新华社)',
        'copy: ""        # where this copy comes from: repository, path and commit, or a page and the day read',
        'place: ""',
        'date: ""        # YYYY, YYYY-MM or YYYY-MM-DD',
    ]
    if dateline:
        out.append(f"dateline: {_q(dateline)}")
    out += [
        "# Whether and why this text may be published here; shown on its page and in the Texts list, e.g.",
        '#   "public domain: <author> died <year>; …", "© <publisher>; reproduced for study",',
        '#   "not protected: PRC Copyright Law art. 5 — laws, regulations, … and their official translations"',
        'rights: ""',
        "lang: zh-Hans",
    ]
    twice = {t for t in sections + subheadings if sum(1 for x in texts if x.startswith(t)) > 1}
    for key, items in (("sections", sections), ("subheadings", subheadings)):
        unique = list(dict.fromkeys(t for t in items if t not in twice))
        out.append(f"{key}:" + ("" if unique else " []"))
        out += [f"  - {_q(t)}" for t in unique]
        repeated = list(dict.fromkeys(t for t in items if t in twice))
        if repeated:
            out.append(f"# These {key} occur twice (a table of contents?). Leave the repeat out with a layout")
            out.append("# correction (raw: its lines joined by ¶, corrected: \"\"), then move them above:")
            out += [f"#  - {_q(t)}" for t in repeated]
    out += [
        "# Every change beyond spaces, punctuation width and paragraph joins, one entry each:",
        "#   - raw: the exact raw form       corrected: the new form",
        "#     context: raw text around it, found exactly once in the raw file",
        f"#     kind: {' | '.join(KINDS)}",
        "#     reason: one short English sentence",
        "#   layout: ¶ stands for a line break of the raw file (raw ¶ joins two paragraphs, corrected ¶ splits one)",
        "corrections: []",
    ]
    return "\n".join(out) + "\n"


def _law_heading(text: str) -> bool:
    return bool(CHAPTER.match(text) or LAW_SECTION.match(text))


def translation_skeleton(doc: ImportedText, width: int = 92) -> str:
    """The record's ``translation:`` field with a key for every heading and paragraph of the
    text, in page order, each under a comment quoting the start of its block: the English
    the record has already, ``""`` where there is none yet (``make check`` then names the
    block). Entries whose key names no block are kept as comments at the end.

    >>> spec = TextSpec("t.yml", "t", "t.txt", "题", translation=None)
    >>> print(translation_skeleton(import_text(spec, "题\\n\\n第一段。")), end="")
    translation:
      by: Jiedu
      blocks:
        # 题
        title: ""
    <BLANKLINE>
        # 第一段。
        p-1: ""
    """
    t = doc.spec.translation
    have = dict(t.blocks) if t else {}
    by = t.by if t else "Jiedu"
    out = ["translation:", f"  by: {by if _plain_scalar(by) else _q(by)}", "  blocks:"]
    keys = block_keys(doc)
    for b, key in zip(doc.blocks, keys):
        if key is None:
            continue
        if len(out) > 3:
            out.append("")
        out.append(f"    # {one_line(quote(plain_text(b.text), 12))}")
        english = have.pop(key, "")
        if not english:
            out.append(f'    {key}: ""')
        elif len(english) + len(key) + 6 <= width and _plain_scalar(english):
            out.append(f"    {key}: {english}")
        else:
            out.append(f"    {key}: >-")
            out += ["      " + line for line in textwrap.wrap(english, width - 6, break_long_words=False, break_on_hyphens=False)]
    for key, english in have.items():
        out.append(f"    # {key} names no block of this text: {one_line(english)}")
    return "\n".join(out) + "\n"


def _plain_scalar(text: str) -> bool:
    """Can ``text`` stand unquoted after ``key: `` in YAML and read back as itself?

    >>> _plain_scalar("Guiding the direction"), _plain_scalar('"Quoted" start'), _plain_scalar("a: b")
    (True, False, False)
    """
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False
