"""Context rules: the readings of grammatical characters, decided from the words around them.

pypinyin reads a character that is not inside a phrase of its dictionary by its first
reading, whatever the grammar; these rules correct it from jieba's words and their
dictionary part-of-speech flags (``v`` verb, ``n`` noun, ``m`` numeral, ``d`` adverb …):

- the particles 了 le, 着 zhe, 地 de, 得 de; but 地 dì as a noun (三地, 各地, 等地, 地上), 得
  dé as a verb (所得, 不可得) and děi "must" (都得走, 必须得有), 了 liǎo in 忘不了;
- 为 wéi "to be, as" in "X 为 Y" (图为, 成绩为二十秒, 封她为公主), in 以…为…, after verbs of
  becoming and naming (转化为, 视为); wèi "for" before the one served and a verb (为人民服务);
- 都会 dōu huì "will all" (大家都会), not dūhuì "metropolis"; 应 yīng "should" as a word;
- 着 zháo as a complement (用得着, 睡不着, 着了), 着 zhe as the particle;
- sentence-final particles, light (让我拿去罢 ba, 并没有阔哩 li, 还抱过你咧 lie);
- 人家 rén jia "others, someone" (人家都说), rén jiā "household" after a measure word, a
  numeral or 户 (这户人家, 小户人家).

Light syllables that grammar gives (站起来, 看看, 墙上) are written full: no rule makes
them light (the README's convention; the lexicon leaves them out, ``lexicon.grammatical``).

Every rule claims its position, so the model (``model.py``) does not overrule it. Only
whole words of the segmenter are matched, never characters across a word boundary.
"""
from __future__ import annotations

from collections.abc import Callable

from .lexicon import EXTRA_LIGHT, FIXES, lexicon_words, light_syllables, toneless

Words = list[tuple[str, str]]
#: Characters whose reading depends on grammar, and the reading they take as a particle.
PARTICLES = {"了": ("ul", "le"), "着": ("uz", "zhe"), "地": ("uv", "de"), "得": ("ud", "de")}

#: The lexicon's fixes and the extra light words, looked up together (FIXES wins).
WORD_FIXES = {**EXTRA_LIGHT, **FIXES}

#: Words after which a separate 为 is the verb wéi "as, into, to be" (转化为治理效能, 降为,
#: 选为, 均为): verbs of becoming, naming, ranking and appointing, and adverbs before the
#: copula 为. Before the one served and a verb (为基层减负, 为人民服务) 为 is wèi.
WEI_AFTER = frozenset(
    "变 化 转 改 分 合 列 评 选 定 称 视 译 贬 降 升 封 拜 召 划 奉 尊 誉 追认 均 原 即 皆 实 乃 现"
    " 转化 演化 演变 转变 简化 分化 异化 同化 固化 物化 融合 合并 划分 细分 归纳 归结 概括 分别"
    " 命名 更名 改名 定名 取名 简称 统称 合称 并称 改称 称作 认定 评定 确定 确认 界定 鉴定 缩小"
    " 改编 改组 改建 改制 扩建 升格 升级 晋升 降格 降级 任命 选举 推选 当选 翻译 解释 自立 宣布 统一 名 又名 广".split()
)
#: Verbs of the frame "V X 为 Y" (封她为公主, 改全垦为条垦, 化悲痛为力量, 选他为代表).
FRAME_VERBS = frozenset("改 变 化 封 聘 选 推 评 列 定 称 视 转 译 立 拜 奉 尊 认 任命 聘请 选举 推选 推举 评选 列入 确定 指定 奉为 尊称".split())
#: Single-character frame verbs whose object may be longer (变敞门散养为封闭饲养, 化悲痛为力量).
FRAME_VERBS_FAR = frozenset("变 化 改 转".split())
#: What follows the verb 为 wéi "to be, to make": 融为一体, 集…为一体, 混为一谈, 合二为一.
WEI_OBJECTS = frozenset("一体 一谈 一 一家 一团".split())
#: Words ending in 为 that the segmenter may find, where 为 is wèi "for".
WEI4_WORDS = frozenset("因为 专为 只为 要为 想为 肯为 愿为 快为 特为 是因为".split())
#: Adverbs and conjunctions ending in 为 that are wéi all the same (大为, 即为, 而为).
WEI2_FUNCTION_WORDS = frozenset(
    "大为 最为 尤为 颇为 极为 较为 更为 甚为 略为 广为 原为 凡为 自为 立为 实为 即为 之为"
    " 何为 同为 此为 所为 既为 虽为 而为 固为 不失为 不愧为".split()
)
#: Words before a separate 地 that make it the noun dì "place, ground": numerals and
#: demonstratives (三地, 两地, 此地, 其地), 等地 "and other places", 下地 "go to the fields".
DI_AFTER = frozenset("各 此 其 该 本 外 异 等 下 某 彼 两 二 三 四 五 六 七 八 九 十 多 全 满 遍".split())
#: What follows 地 dì (地上 "on the ground", 地下, 地里).
DI_BEFORE = frozenset("上 下 里 面".split())
#: Particles that end a sentence, and their light reading (让我拿去罢 ba: 罢 written for 吧).
FINAL_PARTICLES = {"罢": "ba", "咧": "lie", "哩": "li", "喽": "lou", "呗": "bei", "啰": "luo", "嘛": "ma", "啦": "la",
                   "呀": "ya", "吧": "ba", "呢": "ne", "吗": "ma", "么": "me", "哇": "wa"}
#: Words before 人家 that make it rénjiā "household(s)" (这户人家, 好人家), besides numerals and measure words.
HOUSEHOLD_BEFORE = frozenset("户 小户 大户 农户 好 穷 富 有钱 庄户 几户 各户 每户 本分".split())


def apply(run: str, syllables: list[str], sources: list[str], words: Words, phrases: dict) -> None:
    """Correct ``syllables`` of ``run`` in place, noting each rule in ``sources``."""
    pos = 0
    for k, (word, _flag) in enumerate(words):
        fix = WORD_FIXES.get(word)
        if fix:
            for i, reading in enumerate(fix, pos):
                _set(syllables, sources, i, reading, "lexicon: dictionary fix")
        if lexicon_words(word):
            for i, reading in light_syllables(word, syllables[pos : pos + len(word)]):
                _set(syllables, sources, pos + i, reading, "lexicon: neutral tone")
        for rule in WORD_RULES.get(word[-1], ()):
            rule(run, syllables, sources, words, k, pos, phrases)
        pos += len(word)
    if "以" in run:
        _wei_in_yi_wei(syllables, sources, words, phrases)


def _particles(run, syllables, sources, words, k, pos, phrases) -> None:
    word, flag = words[k]
    last = word[-1]
    if last not in PARTICLES:
        return
    particle_flag, reading = PARTICLES[last]
    i = pos + len(word) - 1
    if word in WORD_FIXES:
        return  # the lexicon's (身着 shēn zhuó)
    if last == "着" and _zhao(words, k, word):
        _set(syllables, sources, i, "zháo", "rule: 着 zháo as a complement")
        return
    if len(word) == 1:
        if last == "地" and _noun_di(words, k):
            return
        if last == "得":
            verb = _verb_de(words, k)
            if verb:
                _set(syllables, sources, i, verb, "rule: 得 as a verb")
                return
        if last == "了" and k > 0 and words[k - 1][0].endswith("不"):
            _set(syllables, sources, i, "liǎo", "rule: 了 in V不了")
            return
        if flag == particle_flag:
            _set(syllables, sources, i, reading, f"rule: {last} as particle")
        return
    if word.endswith("不了") and word not in phrases:
        _set(syllables, sources, i, "liǎo", "rule: 了 in V不了")  # 忘不了
        return
    if word in phrases:
        return
    # Glued by the segmenter to a word no dictionary lists: a verb with 了/着/得 (蕴含着,
    # 遮得), an adverbial with 地 (呆呆地, 静静地).
    if last in "了着" or (last == "得" and flag.startswith("v")) or (last == "地" and _adverbial(word, flag)):
        _set(syllables, sources, i, reading, f"rule: {last} as particle")


def _adverbial(word: str, flag: str) -> bool:
    """An adverbial before 地: a reduplicated word (静静地, 严严实实地) or one the
    dictionary tags as an adverb, adjective or descriptive word."""
    stem = word[:-1]
    return (len(stem) >= 2 and stem[-1] == stem[-2]) or flag[:1] in ("d", "a", "z")


def _noun_di(words: Words, k: int) -> bool:
    """A 地 the tagger calls a particle that is the noun dì: 三地, 各地, 等地, 地上, or a 地
    ending a run (an adverbial 地 always has a verb after it: 主要地：)."""
    if k + 1 == len(words):
        return True
    before = words[k - 1] if k else ("", "")
    after = words[k + 1][0]
    return before[0] in DI_AFTER or before[1] == "m" or after[:1] in DI_BEFORE and len(after) == 1


def _verb_de(words: Words, k: int) -> str:
    """得 as a verb: dé "get" at the end of a clause or before 的 (不可得, 我得的), děi
    "must" between an adverb or a subject and a verb (都得走, 必须得有, 你得去)."""
    if k + 1 == len(words) or words[k + 1][0] in ("的", "之"):
        return "dé"
    before, after = words[k - 1] if k else ("", ""), words[k + 1]
    if (not before[0] or before[1][:1] in ("d", "r") or before[0] in ("必须", "一样", "还是")) and after[1][:1] == "v":
        return "děi"
    return ""


def _wei_after(run, syllables, sources, words, k, pos, phrases) -> None:
    """为 wéi after verbs of becoming and naming (转化为, 视为, 评为), and in "X 为 Y" where
    no verb follows (图为…, 捷克为二十五亿美元); wèi "for" before the one served and what
    is done for it (为人民服务, 为他们提供)."""
    word, flag = words[k]
    i = pos + len(word) - 1
    if word[-1] != "为" or word in phrases or word in WEI4_WORDS:
        return
    if len(word) > 1:
        if flag not in ("c", "d") or word in WEI2_FUNCTION_WORDS:
            _set(syllables, sources, i, "wéi", "rule: 为 after a verb")  # 视为, 化为; 大为
        return
    before = words[k - 1][0] if k else ""
    after = words[k + 1][0] if k + 1 < len(words) else ""
    if before in WEI_AFTER or before.endswith("名"):
        _set(syllables, sources, i, "wéi", "rule: 为 after a verb")  # 又名为, 故又名为
    elif (after == "的" and words[k + 2 : k + 3] != [("是", "v")]) or after in WEI_OBJECTS:
        # 皆可为的, 集…为一体; not 为的是. (Not at the end of a run: markup, a glossary term,
        # may cut a sentence there: 司机之家等，为[新就业群体])
        _set(syllables, sources, i, "wéi", "rule: 为 as a verb")
    elif _passive(words, k):
        _set(syllables, sources, i, "wéi", "rule: 为…所")  # 为莺鸟所含食, 为人所知
    elif any(w in FRAME_VERBS for w, _ in words[max(0, k - 3) : k]) or any(w in FRAME_VERBS_FAR for w, _ in words[max(0, k - 5) : k]):
        _set(syllables, sources, i, "wéi", "rule: V X 为 Y")  # 封她为公主, 改全垦为条垦
    elif before and words[k - 1][1][:1] in ("n", "m", "q", "t", "f", "s") and not _verb_follows(words, k):
        _set(syllables, sources, i, "wéi", "rule: X 为 Y")


def _passive(words: Words, k: int) -> bool:
    """为 X 所 V, the written passive (为人所知, 为莺鸟所含食, 为国家所有): 所 within the
    three words after 为, no verb before it; not 为 X 所做 "done for X" (为人民所做的)."""
    for n, (word, flag) in enumerate(words[k + 1 : k + 4], k + 1):
        if word[0] == "所" and n > k + 1:
            rest = word[1:] or (words[n + 1][0] if n + 1 < len(words) else "")
            return bool(rest) and rest[0] not in "做作干付"
        if word[-1] == "所" and len(word) > 1 and n > k + 1:  # 国家所 glued
            return True
        if flag[:1] == "v" or word in ("的", "之"):
            return False
    return False


def _verb_follows(words: Words, k: int) -> bool:
    """What follows 为 reads as "for someone, do something" (为人民服务, 为他们提供): a verb
    among the next three words, and no number right after 为 (波兰为二十五亿美元)."""
    after = words[k + 1 : k + 4]
    if not after or after[0][1][:1] == "m":
        return False
    return any(f[:1] == "v" or f in ("a", "ad") for _, f in after)


def _wei_in_yi_wei(syllables, sources, words, phrases) -> None:
    """以…为… (以人民为中心, 以和为贵): 为 is the verb wéi, 'to take as'."""
    pos, seen_yi = 0, False
    for word, _flag in words:
        if word == "以":
            seen_yi = True
        elif word[0] == "为" and seen_yi and (len(word) == 1 or word not in phrases):
            _set(syllables, sources, pos, "wéi", "rule: 以…为")  # 以…为中心, 以…为准
            seen_yi = False
        elif len(word) >= 4 and word[0] == "以" and word[2] == "为" and word not in phrases:
            _set(syllables, sources, pos + 2, "wéi", "rule: 以…为")  # an idiom: 以和为贵
        pos += len(word)


def _dou_hui(run, syllables, sources, words, k, pos, phrases) -> None:
    """都会: dōu huì "will all" (大家都会来), unless a modifier makes it the noun dūhuì
    "metropolis" (国际大都会, 现代的都会)."""
    if words[k][0] != "都会":
        return
    before = words[k - 1] if k else ("", "")
    after = words[k + 1][1] if k + 1 < len(words) else ""
    noun = before[0] in ("的", "大", "国际") or before[1][:1] in ("n", "a", "b") and after[:1] not in ("v", "d", "a")
    if not noun:
        _set(syllables, sources, pos, "dōu", "rule: 都会 will all")
        _set(syllables, sources, pos + 1, "huì", "rule: 都会 will all")


def _dou(run, syms, sources, words, k, pos, phrases) -> None:
    """都 as a word of its own before a verb, an adverb, a preposition or an adjective is the
    adverb dōu "all" (宏儿都睡着了); dū "capital" stands in words (首都) and names."""
    after = words[k + 1][1][:1] if k + 1 < len(words) else ""
    if words[k][0] == "都" and after in ("v", "d", "p", "a", "c", "r", "u"):
        _set(syms, sources, pos, "dōu", "rule: 都 all")


def _ying(run, syllables, sources, words, k, pos, phrases) -> None:
    """应 as a word of its own is the modal yīng "should" (应从外延转向, 应以市场为中心),
    except as the verb "answer" before 了/着/声 (应了一声)."""
    word = words[k][0]
    after = words[k + 1][0] if k + 1 < len(words) else ""
    if word == "应" and after[:1] not in ("了", "着", "声", "过"):
        _set(syllables, sources, pos, "yīng", "rule: 应 should")


def _zhao(words: Words, k: int, word: str) -> bool:
    """着 zháo, the complement "reach, succeed": V得着 / V不着 (用得着, 睡不着), and 着 right
    before 了 after a verb (找着了, 着了火 after 点): the particle zhe never meets 了."""
    if word.endswith(("得着", "不着")):
        return True
    if word != "着" or k == 0:
        return False
    before = words[k - 1][0]
    after = words[k + 1][0] if k + 1 < len(words) else ""
    return before in ("得", "不") or (after[:1] == "了" and words[k - 1][1][:1] == "v")


def _final_particle(run, syllables, sources, words, k, pos, phrases) -> None:
    """A particle that ends the run (the sentence or clause: punctuation follows) is light:
    让我拿去罢 ba, 并没有阔哩 li, 还抱过你咧 lie; or that only particles follow (来了么)."""
    word, flag = words[k]
    if not all(w in FINAL_PARTICLES or w == "了" for w, _ in words[k + 1 :]):
        return
    # a word of its own, or glued to the word before by the segmenter's guess (阔哩); not the
    # only word of the run: an interjection or a name (呀, 嘛)
    if (word in FINAL_PARTICLES and k > 0) or (len(word) > 1 and flag == "x" and word not in phrases):
        _set(syllables, sources, pos + len(word) - 1, FINAL_PARTICLES[word[-1]], "rule: sentence-final particle")


def _renjia(run, syllables, sources, words, k, pos, phrases) -> None:
    """人家: rén jia "others, someone, I" (人家都说, 帮人家干活), rénjiā "household" after a
    measure word, a numeral or 户 (这户人家, 几户人家, 好人家)."""
    if words[k][0] != "人家":
        return
    before = words[k - 1] if k else ("", "")
    household = before[0] in HOUSEHOLD_BEFORE or before[0].endswith("户") or before[1][:1] in ("m", "q")
    after = words[k + 1][0] if k + 1 < len(words) else ""
    if household or after[:1] == "儿":
        _set(syllables, sources, pos + 1, "jiā", "rule: 人家 household")
    else:
        _set(syllables, sources, pos + 1, "jia", "rule: 人家 others")


def light(syllable: str) -> bool:
    """Whether ``syllable`` is written light (no tone mark).

    >>> light("de"), light("dì"), light("")
    (True, False, True)
    """
    return syllable == toneless(syllable)


def _set(syllables: list[str], sources: list[str], i: int, reading: str, source: str) -> None:
    """A rule claims position ``i`` even where the dictionary agreed: the model must not
    overrule it."""
    syllables[i], sources[i] = reading, source


#: The rules that look at each word, by the last character of the words they apply to (the
#: rest of a run's words cost one look-up).
WORD_RULES: dict[str, tuple[Callable, ...]] = {
    **{particle: (_particles,) for particle in PARTICLES}, "为": (_wei_after,), "会": (_dou_hui,), "应": (_ying,), "都": (_dou,),
    **{particle: (_final_particle,) for particle in FINAL_PARTICLES}, "家": (_renjia,),
}
