"""Word lists the reading engine trusts over pypinyin's phrase dictionary.

- **Neutral tones** (``data/neutral-tone.tsv``): the words the Xiandai Hanyu Cidian (现代汉语
  词典) writes with a light syllable and no tone mark after the dot (朋友 péng·you, 时候
  shí·hou, 妈妈 mā·ma), derived from CC-CEDICT by ``scripts/derive_neutral_tones.py`` (how,
  and what it leaves out: its docstring). Words the dictionary marks "usually light,
  sometimes stressed" (关系 guān·xì, 力量 lì·liàng) keep their full tones, as the page writes
  them.
- **Corrections** of pypinyin's phrase dictionary (``FIXES``): words it lists with a wrong
  syllable, each checked against the Xiandai Hanyu Cidian's reading.

Both apply to whole words of the segmenter only, so 故事情节 (故事 + 情节) keeps 事 shì.
"""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .pinyin import normalise

NEUTRAL_FILE = Path(__file__).parent / "data" / "neutral-tone.tsv"
#: The page cache's fingerprint covers Jiedu's Python files, not its data: this hash puts the
#: lexicon's content in the code (a test keeps it equal to the file's).
NEUTRAL_SHA256 = "4c5bde2e39c07f85d4e0e3560c6769bb611db695ee3db869c35ea02c75d4ab1e"

#: pypinyin 0.55's phrase dictionary, corrected (现代汉语词典, 7th edition, readings).
FIXES: dict[str, tuple[str, ...]] = {
    "质朴": ("zhì", "pǔ"),  # pypinyin: zhì piáo (朴 piáo is a surname)
    "照片": ("zhào", "piàn"),  # pypinyin: zhào piān (piān only in 相片儿, 唱片儿 speech)
    "肚子": ("dù", "zi"),  # pypinyin: dǔ zi (dǔ is tripe: 羊肚儿)
}

_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")


def toneless(syllable: str) -> str:
    """The syllable without its tone mark.

    >>> toneless("lǜ"), toneless("shì"), toneless("de")
    ('lü', 'shi', 'de')
    """
    return syllable.translate(_TONELESS)


@cache
def neutral_words() -> dict[str, tuple[str, ...]]:
    """The neutral-tone lexicon: word → syllables (light ones unmarked).

    >>> neutral_words()["朋友"], neutral_words()["时候"], "关系" in neutral_words()
    (('péng', 'you'), ('shí', 'hou'), False)
    """
    table = {}
    for line in NEUTRAL_FILE.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, pinyin = line.split("\t")
            table[word] = tuple(normalise(s) for s in pinyin.split())
    return table


def file_hash() -> str:
    return hashlib.sha256(NEUTRAL_FILE.read_bytes()).hexdigest()


def light_syllables(word: str, syllables: list[str]) -> list[tuple[int, str]]:
    """Positions of ``word`` the lexicon makes light, with their syllable: only where the
    syllable already read is the same one in another tone (the lexicon decides tones, not
    which reading a character has). A word the lexicon lacks is searched for the lexicon's
    word it begins or ends with, longest first (好朋友 ends with 朋友; 故事情节 holds
    事情 but neither begins nor ends with it).

    >>> light_syllables("朋友", ["péng", "yǒu"]), light_syllables("好朋友", ["hǎo", "péng", "yǒu"])
    ([(1, 'you')], [(2, 'you')])
    >>> light_syllables("便宜", ["biàn", "yí"]), light_syllables("故事情节", ["gù", "shì", "qíng", "jié"])
    ([], [])
    """
    table = neutral_words()
    listed = table.get(word)
    if listed:
        return _changes(listed, syllables, 0)
    for n in range(len(word) - 1, 1, -1):  # the longest listed word that begins or ends it
        if word[:n] in table:
            return _changes(table[word[:n]], syllables, 0)
        if word[-n:] in table:
            return _changes(table[word[-n:]], syllables, len(word) - n)
    return []


def _changes(listed: tuple[str, ...], syllables: list[str], start: int) -> list[tuple[int, str]]:
    return [
        (k, syl)
        for k, syl in enumerate(listed, start)
        if syl != syllables[k] and _light(syl) and toneless(syllables[k]) == syl
    ]


def _light(syllable: str) -> bool:
    return syllable == toneless(syllable)
