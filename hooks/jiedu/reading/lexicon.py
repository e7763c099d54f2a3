"""Word lists the reading engine trusts over pypinyin's phrase dictionary.

- **Neutral tones** (``data/neutral-tone.tsv``): the words the Xiandai Hanyu Cidian (现代汉语
  词典) writes with a light syllable and no tone mark after the dot (朋友 péng·you, 时候
  shí·hou, 妈妈 mā·ma), derived from CC-CEDICT by ``scripts/derive_neutral_tones.py`` (how,
  and what it leaves out: its docstring). Words the dictionary marks "usually light,
  sometimes stressed" (关系 guān·xì, 力量 lì·liàng) keep their full tones, as the page writes
  them.
- **Corrections** of pypinyin's phrase dictionary (``FIXES``): words it lists with a wrong
  syllable, each checked against the Xiandai Hanyu Cidian's reading.

The page writes a syllable light only where the word is light (above) or the syllable is a
particle or a suffix; light syllables that grammar gives are written full (the README's
convention): CC-CEDICT's light complements (回来 huí lai, 坐下 zuò xia, 守住 shǒu zhu, 站起来),
上 and 下 after a noun (地上 dì shang, 原则上), and reduplications (看看 kàn kan, 絮絮, 扎扎实实)
keep their full tones here (:func:`grammatical`), so pypinyin's full reading stays.

Both apply to whole words of the segmenter only, so 故事情节 (故事 + 情节) keeps 事 shì.
"""
from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from pathlib import Path

from ..base.pinyin import normalise

NEUTRAL_FILE = Path(__file__).parent / "data" / "neutral-tone.tsv"
#: The page cache's fingerprint covers Jiedu's Python files, not its data: this hash puts the
#: lexicon's content in the code (a test keeps it equal to the file's).
NEUTRAL_SHA256 = "4c5bde2e39c07f85d4e0e3560c6769bb611db695ee3db869c35ea02c75d4ab1e"

#: pypinyin 0.55's phrase dictionary, corrected: words it lists with another syllable than
#: CC-CEDICT, chosen by hand among the most frequent (jieba's word frequencies) where the
#: reason is plain; the comment gives it.
FIXES: dict[str, tuple[str, ...]] = {
    # 朴 piáo is only a surname; the adjective "plain" is pǔ
    **{w: (s, "pǔ") for w, s in (("质朴", "zhì"), ("古朴", "gǔ"), ("简朴", "jiǎn"), ("纯朴", "chún"), ("素朴", "sù"), ("诚朴", "chéng"))},
    # 片 piān only in the spoken 相片儿, 唱片儿; 肚 dǔ is tripe (羊肚儿), the belly is dù
    "照片": ("zhào", "piàn"), "相片": ("xiàng", "piàn"), "肚子": ("dù", "zi"), "一肚子": ("yī", "dù", "zi"),
    # 血 xuè in written words (xiě is colloquial, alone: 流了点血)
    "流血": ("liú", "xuè"), "出血": ("chū", "xuè"), "献血": ("xiàn", "xuè"),
    # 差 chā "difference"
    **{w: (s, "chā") for w, s in (("温差", "wēn"), ("落差", "luò"), ("逆差", "nì"), ("反差", "fǎn"), ("时差", "shí"),
                                   ("级差", "jí"), ("方差", "fāng"), ("岁差", "suì"), ("视差", "shì"))},
    # 地 de after an adverb of manner; 处 chù "place"
    "蓦地": ("mò", "de"), "忽地": ("hū", "de"), "倏地": ("shū", "de"), "无处": ("wú", "chù"), "出处": ("chū", "chù"),
    # 长 zhǎng "head of"; 行 xíng "go"; 场 chǎng "stage"; 应 yìng "answer"; 识 zhì "mark"
    "乡长": ("xiāng", "zhǎng"), "上行": ("shàng", "xíng"), "成行": ("chéng", "xíng"), "登场": ("dēng", "chǎng"),
    "应声": ("yìng", "shēng"), "标识": ("biāo", "zhì"),
    # 得 dé "obtain"; 了 liǎo "end, be able"
    "夺得": ("duó", "dé"), "所得": ("suǒ", "dé"), "不得了": ("bù", "dé", "liǎo"),
    "少不了": ("shǎo", "bù", "liǎo"), "少不得": ("shǎo", "bù", "dé"),
    # 转 zhuǎn "turn over", 发 fā "emit", 落 luò "fall", 寻 xún "seek", 晕 yùn "dizzy"
    "运转": ("yùn", "zhuǎn"), "散发": ("sàn", "fā"), "落下": ("luò", "xià"), "寻思": ("xún", "si"), "眩晕": ("xuàn", "yùn"),
    # 好 hǎo, 切 qiè, 强 qiáng, 曾 céng, 还 huán, 好 hào, 数 shù, 解 jiě, 中 zhòng "hit", 尾 wěi
    "不怀好意": ("bù", "huái", "hǎo", "yì"), "不切实际": ("bù", "qiè", "shí", "jì"), "强人": ("qiáng", "rén"),
    "何曾": ("hé", "céng"), "还款": ("huán", "kuǎn"), "偏好": ("piān", "hào"), "数以万计": ("shù", "yǐ", "wàn", "jì"),
    "解法": ("jiě", "fǎ"), "言中": ("yán", "zhòng"), "马尾": ("mǎ", "wěi"), "辈分": ("bèi", "fen"),
    # 钻 zuān "drill", 拚 pīn "risk", 汗 hán in the title khan, 咯 luò in 吡咯
    "钻井": ("zuān", "jǐng"), "拚命": ("pīn", "mìng"), "可汗": ("kè", "hán"),
    "成吉思汗": ("chéng", "jí", "sī", "hán"), "吡咯": ("bǐ", "luò"),
    # 着 zhuó "wear" (身着藏袍)
    "身着": ("shēn", "zhuó"),
    # 查 chá "check" (zhā is a surname), light when reduplicated
    "查查": ("chá", "cha"),
    # 为 wéi "be, act" in idioms jieba keeps whole and pypinyin reads by character (广为 guǎngwéi)
    "广为流传": ("guǎng", "wéi", "liú", "chuán"), "广为人知": ("guǎng", "wéi", "rén", "zhī"),
    "不为所动": ("bù", "wéi", "suǒ", "dòng"),
}

#: Characters whose first reading in pypinyin is not the standard one (普通话异读词审音表,
#: 1985: each is read one way in all words, 统读).
CHAR_FIXES: dict[str, str] = {"颇": "pō", "框": "kuàng", "萎": "wěi", "哮": "xiào"}

#: Characters the model is not asked about: their other reading lives in a few words the
#: phrase dictionary lists (少年 shào, 弄堂 lòng, 牟平 mù, 应用 yìng), and on the development
#: sets the model's guesses outside those words were wrong more often than right.
DICTIONARY_ONLY = frozenset("少弄於牟应")

#: Compound directional complements, light after a verb in speech (站起来, 说下去), and the
#: one-character complements, directional and resultative (坐下, 回来, 守住), and 上/下 after a
#: noun (地上, 原则上): written full.
COMPLEMENTS = frozenset("起来 下来 上来 回来 出来 过来 进来 开来 下去 上去 回去 出去 进去 过去 起去".split())
COMPLEMENT_CHARS = frozenset("来去上下起过进出回开住")
#: Words whose light 上, 下 or 过 is the word's own in the Xiandai Hanyu Cidian (晚上
#: wǎn·shang "evening", 底下 dǐ·xia, 罪过 zuì·guo), not a complement or a localiser.
WORD_LIGHT = frozenset("晚上 早上 皇上 乡下 底下 天底下 眼底下 眼皮底下 私底下 罪过 春风深醉的晚上".split())
#: Reduplications the lexicon writes light that are grammar's, not words of the dictionary
#: (看看, 说说: any verb; 刚刚 an adverb): written full. The other two-character
#: reduplications of the lexicon are words (妈妈, 星星, 谢谢 xiè·xie, 嚷嚷 rāng·rang).
REDUPLICATED = frozenset("刚刚 服服 爱爱 看看 絮絮 说说 转转 逛逛 逼逼".split())

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
            syllables = tuple(normalise(s) for s in pinyin.split())
            full = grammatical(word, syllables)
            if full:  # the lexicon leaves these to pypinyin's full reading
                syllables = tuple(FULL if i in full else s for i, s in enumerate(syllables))
            if any(s != FULL and _light(s) for s in syllables):
                table[word] = syllables
    return {**table, **EXTRA_LIGHT}


#: Words the Xiandai Hanyu Cidian reads with a light syllable that the derived lexicon
#: (CC-CEDICT) writes with a full tone (干部队伍 ends in 队伍 duì·wu too).
EXTRA_LIGHT = {"队伍": ("duì", "wu")}


#: In a lexicon entry: a syllable the lexicon does not decide (written full, pypinyin's).
FULL = "*"


def grammatical(word: str, syllables: tuple[str, ...]) -> frozenset[int]:
    """The light syllables of a lexicon entry that grammar makes light, which the page writes
    full: complements, 上/下 after a noun, reduplications (the README's convention).

    >>> sorted(grammatical("坐下", ("zuò", "xia"))), sorted(grammatical("站起来", ("zhàn", "qi", "lai")))
    ([1], [1, 2])
    >>> sorted(grammatical("扎扎实实", ("zhā", "zha", "shí", "shi"))), sorted(grammatical("地上", ("dì", "shang")))
    ([1, 3], [1])
    >>> grammatical("晚上", ("wǎn", "shang")), grammatical("妈妈", ("mā", "ma")), grammatical("朋友", ("péng", "you"))
    (frozenset(), frozenset(), frozenset())
    """
    light = {i for i, s in enumerate(syllables) if s != FULL and _light(s)}
    n = len(word)
    if word in WORD_LIGHT or not light:
        return frozenset()
    if word in REDUPLICATED or (n == 4 and word[0] == word[1] and word[2] == word[3]) or (n == 4 and word[:2] == word[2:]):
        return frozenset(light)
    if n >= 2 and word[-2:] in COMPLEMENTS:
        return frozenset(light & {n - 2, n - 1})
    if word[-1] in COMPLEMENT_CHARS and n - 1 in light:
        return frozenset({n - 1})
    return frozenset()


CEDICT_FILE = Path(__file__).parent / "data" / "cedict-phrases.tsv"


@cache
def cedict_words() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT's readings of the words pypinyin's phrase dictionary lacks (尊重 zūn zhòng,
    长效 cháng xiào), for words with a polyphonic character and one reading; ``FULL`` where
    CC-CEDICT writes a light syllable (the lexicon decides lightness).

    >>> cedict_words()["尊重"]
    ('zūn', 'zhòng')
    """
    table = {}
    for line in CEDICT_FILE.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, pinyin = line.split("\t")
            table[word] = tuple(pinyin.split())
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
    out: list[tuple[int, str]] = []
    for start, listed in lexicon_words(word):
        out += _changes(listed, syllables, start)
    return out


@lru_cache(maxsize=50_000)
def lexicon_words(word: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The lexicon's words ``word`` is, begins with or ends with, and where they start (most
    words have none: the answer is remembered).

    >>> lexicon_words("新朋友"), lexicon_words("故事情节")
    (((1, ('péng', 'you')),), ())
    """
    table = neutral_words()
    listed = table.get(word)
    if listed:
        return ((0, listed),)
    out = []
    head = next((n for n in range(len(word) - 1, 1, -1) if word[:n] in table), 0)
    if head:
        out.append((0, table[word[:head]]))
    tail = next((n for n in range(len(word) - head, 1, -1) if word[-n:] in table), 0)  # 爷爷奶奶: both
    if tail:
        out.append((len(word) - tail, table[word[-tail:]]))
    return tuple(out)


def _changes(listed: tuple[str, ...], syllables: list[str], start: int) -> list[tuple[int, str]]:
    # A syllable already light is listed too: the lexicon claims it, so the model does not
    # give it a tone again (样子 yàng zi, where pypinyin's first reading of 子 is zi).
    return [(k, syl) for k, syl in enumerate(listed, start) if syl != FULL and _light(syl) and toneless(syllables[k]) == syl]


def _light(syllable: str) -> bool:
    return syllable == toneless(syllable)
