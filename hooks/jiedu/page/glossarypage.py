"""The glossary page, generated at build time from the entries (never edited by hand).

Entries are sorted by pinyin (toneless, then by tone) in letter groups. Each entry has an
anchor (its file name), pinyin, English, explanation, expansion, related links, sources,
and a placeholder that ``occurrences.fill_glossary`` fills with where the term appears (the
texts, their dates, links to every paragraph), once all texts have been read.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from html import escape

from ..annotations.glossary import Entry
from ..base.safemd import inline
from .sources import official_html, source_html

PLACEHOLDER = '<div class="jiedu-backlinks" data-entry="{id}"></div>'


def sort_key(pinyin: str, term: str) -> tuple:
    """Toneless syllables first, then tones (1–4, neutral last), then the characters.

    >>> sorted(["liǎng xīn", "liáng", "liǎng", "lì"], key=lambda p: sort_key(p, ""))
    ['lì', 'liáng', 'liǎng', 'liǎng xīn']
    """
    syllables = pinyin.split()
    bases, tones = [], []
    for s in syllables:
        decomposed = unicodedata.normalize("NFD", s)
        tone = next((i + 1 for i, mark in enumerate("\u0304\u0301\u030c\u0300") if mark in decomposed), 5)
        bases.append("".join(c for c in decomposed if not unicodedata.combining(c)).replace("u\u0308", "v"))
        tones.append(tone)
    return (bases, tones, term)


def letter(pinyin: str, term: str) -> str:
    """The letter group: the pinyin's first letter, or 0–9 for a term that starts with digits.

    >>> letter("zhèng wù", "12345政务服务便民热线"), letter("liǎng", "两新")
    ('0–9', 'L')
    """
    if term[:1].isdigit():
        return "0–9"
    first = unicodedata.normalize("NFD", pinyin)[:1]
    return first.upper() if first else "#"


def glossary_markdown(
    entries: Iterable[Entry], pinyin_of: Callable[[Entry], str], title: str = "Glossary",
    edit: Callable[[Entry], str] = lambda e: "", data: Mapping[str, str] | None = None,
) -> str:
    """The page's Markdown: letter headings (in the TOC) and one HTML block per entry;
    ``data`` (kind → file name beside the page: json, csv, anki, yomitan) adds the links to
    the glossary as open data."""
    rows = sorted(((pinyin_of(e), e) for e in entries), key=lambda pe: ((0,) if pe[1].term[:1].isdigit() else (1,), sort_key(pe[0], pe[1].term)))
    lines = [
        "---", f"title: {title}", "---", "", f"# {title}", "",
        f"{len(rows)} terms from the texts on this site, sorted by pinyin. Each entry lists the "
        "paragraphs that use it.", "",
    ]
    if data:
        lines += [data_links(data), "{: .jiedu-glossary-data }", ""]
    current = None
    by_term = {e.term: e for _, e in rows}
    for pinyin, entry in rows:
        group = letter(pinyin, entry.term)
        if group != current:
            current = group
            slug = "digits" if group == "0–9" else group.lower()
            lines += [f"## {group} {{: #letter-{slug} }}", ""]
        lines += [entry_html(entry, pinyin, by_term, edit(entry)), ""]
    return "\n".join(lines)


def data_links(data: Mapping[str, str]) -> str:
    """The paragraph that links the glossary's open-data files (Markdown links, so the build
    checks they exist).

    >>> print(data_links({"json": "g.json", "csv": "g.csv", "anki": "g.tsv", "yomitan": "g.zip"}))
    The glossary as open data, under [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/): [JSON](g.json) and [CSV](g.csv) with every field and the sources; [Anki](g.tsv) (tab-separated, imports as it is); [Yomitan](g.zip), a popup dictionary for the browser (Yomitan's settings, Dictionaries, Import).
    """
    return (
        "The glossary as open data, under [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/): "
        f"[JSON]({data['json']}) and [CSV]({data['csv']}) with every field and the sources; "
        f"[Anki]({data['anki']}) (tab-separated, imports as it is); "
        f"[Yomitan]({data['yomitan']}), a popup dictionary for the browser (Yomitan's settings, Dictionaries, Import)."
    )


def entry_html(entry: Entry, pinyin: str, by_term: Mapping[str, Entry], edit: str = "") -> str:
    """One entry as a single-line HTML block (so Markdown leaves it alone)."""
    parts = [
        f'<section class="jiedu-entry" id="{entry.id}">',
        f'<h3 class="jiedu-entry__head no-ruby"><span lang="zh-Hans">{escape(entry.term)}</span> '
        f'<span class="jiedu-entry__pinyin jiedu-py" lang="zh-Latn-pinyin">{escape(pinyin)}</span> '
        f'<a class="headerlink" href="#{entry.id}" title="Link to this entry">¶</a></h3>',
        f'<p class="jiedu-entry__english"><strong>{escape(entry.english)}</strong> '
        f'<span class="jiedu-entry__category">{escape(entry.category)}</span></p>',
        f'<p class="jiedu-entry__explanation">{inline(entry.explanation)}</p>',
    ]
    if entry.english_official:
        parts.append(f'<p class="jiedu-entry__official no-ruby">{official_html(entry)}</p>')
    if entry.english_variants:
        parts.append(f'<p><span class="jiedu-def__label">Also rendered:</span> {escape("; ".join(entry.english_variants))}</p>')
    if entry.variants:
        parts.append(f'<p><span class="jiedu-def__label">Also written:</span> <span lang="zh-Hans">{escape("、".join(entry.variants))}</span></p>')
    if entry.expansion:
        parts.append(f'<p><span class="jiedu-def__label">In full:</span> <span lang="zh-Hans">{escape("、".join(entry.expansion))}</span></p>')
    related = [by_term[t] for t in entry.related if t in by_term]
    if related:
        links = "、".join(f'<a href="#{r.id}" lang="zh-Hans">{escape(r.term)}</a>' for r in related)
        parts.append(f'<p><span class="jiedu-def__label">Related:</span> {links}</p>')
    if entry.sources:
        items = "".join(f"<li>{source_html(s)}</li>" for s in entry.sources)
        parts.append(f'<div class="jiedu-entry__sources no-ruby"><span class="jiedu-def__label">Sources:</span><ul>{items}</ul></div>')
    parts.append(PLACEHOLDER.format(id=entry.id))
    if edit:
        parts.append(f'<p class="jiedu-entry__edit">{edit}</p>')
    parts.append("</section>")
    return "".join(parts)
