"""Pinyin syllables: splitting, validating and normalising what contributors write.

This module knows what a pinyin syllable is; it does not choose readings (``reading/engine.py``)
and does not render them (``ruby.py``). Syllables are written with tone marks, the neutral
tone unmarked and ü as ``ü`` (``nǚ``), as on the built page.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Han characters: CJK unified ideographs (basic, extensions A–G), compatibility ideographs, 〇.
HAN_CHARS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
HAN = re.compile(f"[{HAN_CHARS}]")


def han_count(text: str) -> int:
    """Number of Han characters in ``text`` (punctuation, digits and Latin are not read).

    >>> han_count("12345政务服务便民热线")
    8
    >>> han_count("街乡吹哨、部门报到")
    8
    """
    return len(HAN.findall(text))


#: The tone marks (grave, acute, macron, caron) as combining characters; ü's diaeresis stays.
TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))
SYLLABLES_FILE = Path(__file__).with_name("syllables.txt")


def to_normal(syllable: str) -> str:
    """A syllable without its tone mark, ü kept (what pypinyin calls ``to_normal(v_to_u=True)``).

    >>> to_normal("lǜ"), to_normal("háng"), to_normal("Ē")
    ('lü', 'hang', 'E')
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", syllable).translate(TONE_MARKS))


@lru_cache(maxsize=1)
def valid_syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin's dictionary uses (``lü`` spelled with ``ü``).

    Read from ``syllables.txt``, which ``tests/test_pinyin.py`` keeps equal to
    :func:`pypinyin_syllables`: importing pypinyin takes a fifth of a second a build, and a
    build whose pages all come from the cache needs nothing else from it.
    """
    lines = SYLLABLES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def pypinyin_syllables() -> frozenset[str]:
    """The same set, derived from pypinyin's character dictionary (~1,500 readings)."""
    from pypinyin.constants import PINYIN_DICT

    readings = {r for value in set(PINYIN_DICT.values()) for r in value.split(",")}
    return frozenset(to_normal(r) for r in readings)


def write_syllables() -> None:
    """Regenerate ``syllables.txt`` from pypinyin (after upgrading it)."""
    import pypinyin

    SYLLABLES_FILE.write_text(
        f"# Toneless pinyin syllables pypinyin's dictionary uses (ü spelled ü); generated from pypinyin\n"
        f"# {pypinyin.__version__} by jiedu.base.pinyin.write_syllables() and checked by tests/test_pinyin.py.\n"
        + " ".join(sorted(pypinyin_syllables())) + "\n",
        encoding="utf-8",
    )


def normalise(syllable: str) -> str:
    """Put a syllable in the page's spelling: tone marks, NFC, lower case, ``v`` as ``ü``.

    Tone numbers are accepted from contributors and turned into marks; 5 or 0 is neutral.

    >>> normalise("lu:4"), normalise("nv3"), normalise("Zhong1"), normalise("de5"), normalise("háng")
    ('lǜ', 'nǚ', 'zhōng', 'de', 'háng')
    """
    s = unicodedata.normalize("NFC", syllable.strip().lower()).replace("u:", "ü")
    if s and s[-1] in "012345":
        from pypinyin.contrib.tone_convert import to_tone

        tone = s[-1]
        base = s[:-1].replace("v", "ü")
        s = base if tone in "05" else to_tone(base + tone)
    else:
        s = s.replace("v", "ü")
    return unicodedata.normalize("NFC", s)


def tone_number(syllable: str) -> str:
    """A syllable (tone-marked, normalised) with its tone as a number; neutral has none.

    >>> tone_number("háng"), tone_number("lǜ"), tone_number("de")
    ('hang2', 'lü4', 'de')
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((str(i + 1) for i, mark in enumerate("\u0304\u0301\u030c\u0300") if mark in decomposed), "")
    return to_normal(syllable) + tone


def is_syllable(syllable: str) -> bool:
    """True when ``syllable`` (tone-marked, normalised) is a pinyin syllable.

    >>> is_syllable("háng"), is_syllable("lǜ"), is_syllable("hang"), is_syllable("xyz"), is_syllable("hángg")
    (True, True, True, False, False)
    """
    return to_normal(syllable) in valid_syllables()


def split_syllables(pinyin: str) -> list[str]:
    """Split a contributor's pinyin on spaces, apostrophes and hyphens, and normalise it.

    >>> split_syllables("liǎng xīn gōng-wěi")
    ['liǎng', 'xīn', 'gōng', 'wěi']
    >>> split_syllables("xi'an1")
    ['xi', 'ān']
    """
    return [normalise(p) for p in re.split(r"[\s'’\-]+", pinyin.strip()) if p]


#: Zhuyin tone marks by tone number; the neutral tone's dot is written before the syllable.
ZHUYIN_TONES = {"1": "", "2": "ˊ", "3": "ˇ", "4": "ˋ"}


def zhuyin_table() -> dict[str, str]:
    """Toneless pinyin → zhuyin (bopomofo), from pypinyin, for the reader's tone-style control.

    >>> t = zhuyin_table(); t["hang"], t["zhi"], t["jue"], t["lü"]
    ('ㄏㄤ', 'ㄓ', 'ㄐㄩㄝ', 'ㄌㄩ')
    """
    from pypinyin.style.bopomofo import BopomofoConverter

    convert = BopomofoConverter().to_bopomofo
    return {s: convert(s).rstrip("˙") for s in sorted(valid_syllables())}
