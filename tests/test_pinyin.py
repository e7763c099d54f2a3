"""Pinyin syllables as contributors write them."""
from __future__ import annotations

import pytest

from jiedu.base.pinyin import han_count, is_syllable, normalise, split_syllables


@pytest.mark.parametrize(
    "written, page",
    [
        ("háng", "háng"),
        ("hang2", "háng"),
        ("HANG2", "háng"),
        ("lv4", "lǜ"),
        ("lu:4", "lǜ"),
        ("nü3", "nǚ"),
        ("de5", "de"),
        ("de0", "de"),
        ("de", "de"),
        ("zhuang1", "zhuāng"),
        ("e\u0301", "é"),  # decomposed accent, as some keyboards type it
    ],
)
def test_normalise(written, page):
    assert normalise(written) == page


@pytest.mark.parametrize(
    "syllable, ok",
    [("háng", True), ("zhuāng", True), ("lǜ", True), ("er", True), ("xyz", False), ("hángg", False), ("pinyin", False)],
)
def test_is_syllable(syllable, ok):
    assert is_syllable(syllable) is ok


@pytest.mark.parametrize(
    "pinyin, syllables",
    [
        ("liǎng xīn gōng wěi", ["liǎng", "xīn", "gōng", "wěi"]),
        ("liǎng  xīn\tgōng-wěi", ["liǎng", "xīn", "gōng", "wěi"]),
        ("jie1 su4 ji2 ban4", ["jiē", "sù", "jí", "bàn"]),
        ("", []),
    ],
)
def test_split_syllables(pinyin, syllables):
    assert split_syllables(pinyin) == syllables


@pytest.mark.parametrize(
    "text, count",
    [("两新工委", 4), ("“两新”工委", 4), ("12345政务服务便民热线", 8), ("《信访工作条例》", 6), ("abc", 0), ("〇", 1), ("𠀀", 1)],
)
def test_han_count(text, count):
    assert han_count(text) == count


def test_syllable_file_matches_pypinyin():
    """syllables.txt spares a build importing pypinyin; after a pypinyin upgrade, regenerate it."""
    from jiedu.base.pinyin import pypinyin_syllables, valid_syllables

    assert valid_syllables() == pypinyin_syllables(), (
        "regenerate: .venv/bin/python -c 'import sys; sys.path.insert(0, \"hooks\"); "
        "from jiedu.base.pinyin import write_syllables; write_syllables()'"
    )


def test_to_normal_matches_pypinyin():
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.contrib.tone_convert import to_normal as pypinyin_to_normal

    from jiedu.base.pinyin import to_normal

    readings = {r for value in set(PINYIN_DICT.values()) for r in value.split(",")}
    assert {r: to_normal(r) for r in readings} == {r: pypinyin_to_normal(r, v_to_u=True) for r in readings}
