"""Ruby markup: pinyin over Han characters as semantic HTML.

One ``<ruby>`` per word, one ``<rt>`` per character, so each syllable sits over its own
character and lines break between words. There are no ``<rp>`` parentheses: every browser
in use renders ruby, and they cost 20 bytes a character, half the weight the ruby adds to a
page. The stylesheet makes ``rt`` unselectable, so copying a sentence yields the Chinese
alone.

Pure string work: the readings come from ``readings.py``, the text nodes from ``htmltext.py``.
"""
from __future__ import annotations

from html import escape

from .readings import Segment


def ruby_word(segment: Segment) -> str:
    """Markup for one word.

    >>> ruby_word(Segment("行业", ("háng", "yè")))
    '<ruby>行<rt>háng</rt>业<rt>yè</rt></ruby>'
    >>> ruby_word(Segment("不", ("bù",), spoken=("bú",)))
    '<ruby>不<rt data-spoken="bú">bù</rt></ruby>'
    """
    parts = ["<ruby>"]
    spoken = segment.spoken or ("",) * len(segment.text)
    for ch, syl, said in zip(segment.text, segment.syllables, spoken):
        if said:  # the tone as spoken (不是 bú), which the reader's controls can show
            parts.append(f'{ch}<rt data-spoken="{escape(said)}">{escape(syl)}</rt>')
        elif syl:
            parts.append(f"{ch}<rt>{escape(syl)}</rt>")
        else:  # a character no dictionary knows: shown without pinyin rather than guessed
            parts.append(f"{ch}<rt></rt>")
    parts.append("</ruby>")
    return "".join(parts)
