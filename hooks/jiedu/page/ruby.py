"""Ruby markup: pinyin over Han characters as semantic HTML.

One ``<ruby>`` per word and one ``<rt>`` per word, holding the word's syllables separated by
spaces (one syllable per character, in order). A word is what the reader should see as a
unit: the stylesheet keeps a word's characters solid, one em apart, and puts any room a
long syllable needs at the word's edges, so space between characters only ever marks a
word boundary (clreq's "group ruby"; per-character ``<rt>`` spread the characters of 工作
apart and left 治理 tight). The word is also what the reader's scripts look up and colour:
they split the ``<rt>`` text on spaces.

There are no ``<rp>`` parentheses: every browser in use renders ruby, and they cost bytes on
every word. Nor is there an ``</rt>``: HTML ends an ``rt`` element at its parent's end tag
(the spec lets the end tag be omitted when nothing follows it in the ``ruby``), so every
parser builds the same tree without it, and it saves 5 bytes a word (2.8 bytes a Chinese
character on the benchmark corpus). The stylesheet makes ``rt`` unselectable, so copying a
sentence yields the Chinese alone.

Pure string work: the readings come from the engine (``reading/engine.py``), the text nodes from ``htmltext.py``.
"""
from __future__ import annotations

import re
from html import escape

from ..reading.segment import Segment

#: Punctuation that may not end a line (opening) or start one (closing), as clreq and
#: UAX #14 class them: OP, and CL, CP, EX, IS, IN.
OPENING = "“‘（《「『【〔〖〈([{"
CLOSING = "，。、；：？！）”’》」』】〕〗〉…‥·%),.;:!?]}"
#: A word with the punctuation touching it. The opening run is taken only where it starts
#: (the look-behind) and whole (possessive): a run of 100,000 ``[`` before no word is then
#: looked at once, not once from each of its characters (quadratic: a build of minutes).
_KEEP = re.compile(
    rf"((?<![{re.escape(OPENING)}])[{re.escape(OPENING)}]++)?(<ruby>[^<]*<rt[^>]*>[^<]*</ruby>)([{re.escape(CLOSING)}]++)?"
)


def ruby_word(segment: Segment) -> str:
    """Markup for one word; an unknown character keeps its place as an empty syllable.

    >>> ruby_word(Segment("行业", ("háng", "yè")))
    '<ruby>行业<rt>háng yè</ruby>'
    >>> ruby_word(Segment("不是", ("bù", "shì"), spoken=("bú", "")))
    '<ruby>不是<rt data-spoken="bú shì">bù shì</ruby>'
    """
    said = ""
    if segment.spoken and any(segment.spoken):  # the tone as spoken (不是 bú), for the reader's switch
        spoken = " ".join(s or syl for s, syl in zip(segment.spoken, segment.syllables))
        said = f' data-spoken="{escape(spoken)}"'
    return f"<ruby>{segment.text}<rt{said}>{escape(' '.join(segment.syllables))}</ruby>"


def keep_punctuation(html: str) -> str:
    """Keep a word (or a glossary term) and the punctuation touching it on one line.

    A word is laid out as one box, and browsers allow a line break after any such box,
    even before a comma, and before one after an opening quote: 基础 | ，进一步 or “ | 中国.
    A ``<j-n>`` element (``white-space: nowrap`` in the stylesheet; an undefined custom
    element, so plain inline markup) holds them together, as clreq's line-breaking rules
    ask: no closing punctuation at the start of a line, no opening one at its end. (A
    glossary term's link takes in the punctuation around it, ``terms.py``, so its words
    are kept with it too.)

    >>> keep_punctuation('<ruby>基础<rt>jī chǔ</ruby>，“<ruby>中国<rt>zhōng guó</ruby>”')
    '<j-n><ruby>基础<rt>jī chǔ</ruby>，</j-n><j-n>“<ruby>中国<rt>zhōng guó</ruby>”</j-n>'
    >>> keep_punctuation('<a class="jiedu-term" href="#">“<ruby>中国<rt>zhōng guó</ruby>”，</a>')
    '<a class="jiedu-term" href="#"><j-n>“<ruby>中国<rt>zhōng guó</ruby>”，</j-n></a>'
    >>> keep_punctuation('<ruby>工作<rt>gōng zuò</ruby><ruby>会<rt>huì</ruby>')
    '<ruby>工作<rt>gōng zuò</ruby><ruby>会<rt>huì</ruby>'
    """
    def wrap(m: re.Match[str]) -> str:
        return f"<j-n>{m.group()}</j-n>" if m.group(1) or m.group(3) else m.group()

    return _KEEP.sub(wrap, html)
