"""Tone sandhi of 一 and 不, as learners hear it, for the reader's "tone changes" switch.

The page writes citation tones (一 yī, 不 bù), as the Hanyu Pinyin orthography rules
(GB/T 16159) do. Spoken Mandarin changes them before another syllable:

- 不 bù becomes bú before a fourth tone (不是 bú shì);
- 一 yī becomes yí before a fourth tone (一个 yí gè) and yì before the other tones
  (一起 yì qǐ), also where it starts a number (一百 yì bǎi, 一万 yí wàn); it keeps yī at the
  end of a word (统一, 之一), as an ordinal or in a date (第一, 初一, 一月, 一号), among
  numerals (十一, 一九四九, 一一) and after a demonstrative (这一, 每一, 另一);
- 不 is light between a verb and its complement (合不拢 hé bu lǒng, 来不及) and in a
  question A不A (算不算, 能不能), and in 要不 (yào bu).

This module only computes the spoken syllable; the page carries it as ``data-spoken`` on the
``<rt>`` (``ruby.py``) and the reader's controls show it on request. A learner's
approximation: 一 before a neutral syllable, and ordinals without 第 (一等奖), keep yī or
take the rule as written.
"""
from __future__ import annotations

from collections.abc import Sequence

NUMERALS = frozenset("〇零一二两三四五六七八九十百千万亿")
#: Places after which 一 is a numeral spoken in full: 这一, 那一, 每一, 另一, 同一 (zhè yī).
DETERMINER_BEFORE = frozenset("这那哪每另同唯")
#: 一 before these starts a number and changes as before any syllable (一百 yì bǎi, 一万 yí wàn).
MAGNITUDES = frozenset("百千万亿")
ORDINAL_BEFORE = frozenset("第初")
DATE_AFTER = frozenset("月号日")
TONES = {ch: t for t, chars in enumerate(("āēīōūǖ", "áéíóúǘńḿ", "ǎěǐǒǔǚň", "àèìòùǜǹ"), 1) for ch in chars}


def tone(syllable: str) -> int:
    """Tone number of a tone-marked syllable; 5 for the neutral tone, 0 for none.

    >>> tone("shì"), tone("qǐ"), tone("de"), tone("")
    (4, 3, 5, 0)
    """
    if not syllable:
        return 0
    return next((TONES[c] for c in syllable if c in TONES), 5)


def spoken(words: Sequence[tuple[str, Sequence[str]]]) -> list[tuple[str, ...]]:
    """For each word of a run (its characters and syllables), the spoken syllable of each
    character where it differs from the written one, else "".

    >>> spoken([("不", ["bù"]), ("是", ["shì"])])
    [('bú',), ('',)]
    >>> spoken([("一个", ["yī", "gè"]), ("统一", ["tǒng", "yī"]), ("领导", ["lǐng", "dǎo"])])
    [('yí', ''), ('', ''), ('', '')]
    >>> spoken([("合不拢", ["hé", "bù", "lǒng"]), ("一百", ["yī", "bǎi"]), ("这", ["zhè"]), ("一", ["yī"]), ("天", ["tiān"])])
    [('', 'bu', ''), ('yì', ''), ('',), ('',), ('',)]
    >>> spoken([("第一", ["dì", "yī"]), ("次", ["cì"]), ("一起", ["yī", "qǐ"]), ("十一", ["shí", "yī"]), ("月", ["yuè"])])
    [('', ''), ('',), ('yì', ''), ('', ''), ('',)]
    """
    chars = "".join(w for w, _ in words)
    syllables = [s for _, syl in words for s in syl]
    word_end = set()
    pos = 0
    for word, _ in words:
        pos += len(word)
        if len(word) > 1:
            word_end.add(pos - 1)
    out = [""] * len(chars)
    middles = set()  # the middle character of each three-character word (合不拢)
    pos = 0
    for word, _ in words:
        if len(word) == 3:
            middles.add(pos + 1)
        pos += len(word)
    if chars.endswith("要不"):
        out[-1] = "bu"  # 要不， "or else"
    for i in _places(chars[:-1]):
        ch = chars[i]
        following = tone(syllables[i + 1])
        before = chars[i - 1] if i else ""
        after = chars[i + 1]
        if ch == "不" and syllables[i] == "bù":
            if _light_bu(chars, i, middles):
                out[i] = "bu"
            elif following == 4:
                out[i] = "bú"
        elif ch == "一" and syllables[i] == "yī" and i not in word_end and 1 <= following <= 4:
            if before in ORDINAL_BEFORE or before in DETERMINER_BEFORE or after in DATE_AFTER:
                continue
            if before in NUMERALS or (after in NUMERALS and after not in MAGNITUDES):
                continue
            out[i] = "yí" if following == 4 else "yì"
    result, pos = [], 0
    for word, _ in words:
        result.append(tuple(out[pos : pos + len(word)]))
        pos += len(word)
    return result


def _places(chars: str) -> list[int]:
    """Where 一 and 不 stand in ``chars``."""
    out = []
    for ch in "一不":
        i = chars.find(ch)
        while i >= 0:
            out.append(i)
            i = chars.find(ch, i + 1)
    return out


def _light_bu(chars: str, i: int, middles: set[int]) -> bool:
    """不 between a verb and its complement in a three-character word (合不拢, 来不及, 差不多),
    or in A不A (算不算, 能不能)."""
    return i in middles or (0 < i and chars[i - 1] == chars[i + 1])
