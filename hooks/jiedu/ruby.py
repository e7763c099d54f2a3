"""Ruby markup: pinyin over Han characters as semantic HTML.

One ``<ruby>`` per word, one ``<rt>`` per character, so each syllable sits over its own
character and lines break between words. ``<rp>`` parentheses show the pinyin inline where
ruby is not supported (reader modes, text browsers). The stylesheet makes ``rt``/``rp``
unselectable, so copying a sentence yields the Chinese alone.

Pure string work: the readings come from ``readings.py``, the text nodes from ``htmltext.py``.
"""
from __future__ import annotations

from html import escape

from .readings import ReadingEngine, Segment


def ruby_word(segment: Segment) -> str:
    """Markup for one word.

    >>> ruby_word(Segment("行业", ("háng", "yè")))
    '<ruby>行<rp>(</rp><rt>háng</rt><rp>)</rp>业<rp>(</rp><rt>yè</rt><rp>)</rp></ruby>'
    """
    parts = ["<ruby>"]
    for ch, syl in zip(segment.text, segment.syllables):
        if syl:
            parts.append(f"{ch}<rp>(</rp><rt>{escape(syl)}</rt><rp>)</rp>")
        else:  # a character no dictionary knows: shown without pinyin rather than guessed
            parts.append(f"{ch}<rt></rt>")
    parts.append("</ruby>")
    return "".join(parts)


def ruby_text(text: str, engine: ReadingEngine) -> str:
    """Put ruby over the Han characters of an (already HTML-escaped) text node.

    >>> ruby_text("2024年", ReadingEngine())
    '2024<ruby>年<rp>(</rp><rt>nián</rt><rp>)</rp></ruby>'
    """
    return "".join(
        item if isinstance(item, str) else ruby_word(item) for item in engine.annotate(text)
    )
