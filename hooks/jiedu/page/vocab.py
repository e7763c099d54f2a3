"""A text's vocabulary: the glossary terms it uses, in order of first appearance, as a list
on the page and as a file Anki imports directly (tab-separated, with Anki's file headers).

Each card: hanzi, pinyin, English, explanation, and the sentence of the text the term first
appears in, so the card keeps its context.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape

from ..annotations.glossary import Entry
from ..base.safemd import plain

SENTENCE = re.compile(r"[^。！？；]*[。！？；」”’]*")


@dataclass(frozen=True)
class Card:
    entry: Entry
    pinyin: str
    sentence: str


def sentence_with(text: str, forms: Iterable[str]) -> str:
    """The sentence of ``text`` that contains one of ``forms`` (the whole text if none does).

    >>> sentence_with("第一句。围绕“小马拉大车”问题，出台举措。第三句。", ["小马拉大车"])
    '围绕“小马拉大车”问题，出台举措。'
    """
    for sentence in SENTENCE.findall(text):
        if any(f in sentence for f in forms):
            return sentence.strip()
    return text.strip()


def cards(
    order: Iterable[str], entries: Mapping[str, Entry], first_text: Mapping[str, str], pinyin_of: Callable[[Entry], str]
) -> list[Card]:
    """Cards for entry ids in ``order``; ``first_text`` maps an id to the paragraph it first appears in."""
    out = []
    for entry_id in order:
        e = entries[entry_id]
        out.append(Card(e, pinyin_of(e), sentence_with(first_text.get(entry_id, ""), e.forms)))
    return out


def _field(value: str) -> str:
    return " ".join(value.replace("\t", " ").split())


def anki_tsv(items: Iterable[Card]) -> str:
    """Tab-separated cards with Anki's headers (plain text, columns named).

    >>> from jiedu.annotations.glossary import Entry
    >>> card = Card(Entry("x", "接诉即办", "respond at once", "A *method*.", "method"), "jiē sù jí bàn", "推广接诉即办。")
    >>> print(anki_tsv([card]).replace(chr(9), " | "), end="")
    #separator:tab
    #html:false
    #columns:Hanzi | Pinyin | English | Explanation | Sentence
    接诉即办 | jiē sù jí bàn | respond at once | A method. | 推广接诉即办。
    """
    lines = ["#separator:tab", "#html:false", "#columns:Hanzi\tPinyin\tEnglish\tExplanation\tSentence"]
    for c in items:
        lines.append("\t".join(_field(v) for v in (c.entry.term, c.pinyin, c.entry.english, plain(c.entry.explanation), c.sentence)))
    return "\n".join(lines) + "\n"


def vocabulary_html(items: list[Card], glossary_href: str, download_href: str) -> str:
    """The list shown at the end of a text, with the download link."""
    if not items:
        return ""
    rows = "".join(
        f'<li><a href="{escape(glossary_href)}#{c.entry.id}" lang="zh-Hans">{escape(c.entry.term)}</a> '
        f'<span class="jiedu-vocab__pinyin jiedu-py" lang="zh-Latn-pinyin">{escape(c.pinyin)}</span> — {escape(c.entry.english)}</li>'
        for c in items
    )
    return (
        '<section class="jiedu-vocab no-ruby" lang="en"><h2 id="vocabulary">Vocabulary</h2>'
        f"<p class=\"jiedu-vocab__intro\">{len(items)} glossary terms in this text, in order of first appearance. "
        f'<a href="{escape(download_href)}" download>Download for Anki</a> (tab-separated: hanzi, pinyin, '
        "English, explanation, sentence).</p>"
        f"<ol>{rows}</ol></section>"
    )
