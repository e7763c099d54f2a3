"""Tables for the lexicon, the context rules and the spoken tones (issue 14), on real sentences."""
from __future__ import annotations

import pytest

from jiedu.reading import lexicon
from jiedu.reading.engine import ReadingEngine
from jiedu.reading.segment import Segment

ENGINE = ReadingEngine()


def reading(text: str, word: str, occurrence: int = 0) -> str:
    syllables = [s for item in ENGINE.annotate(text) if isinstance(item, Segment) for s in item.syllables]
    han = "".join(item.text for item in ENGINE.annotate(text) if isinstance(item, Segment))
    start = -1
    for _ in range(occurrence + 1):
        start = han.index(word, start + 1)
    return " ".join(syllables[start : start + len(word)])


CASES = [
    # the neutral-tone lexicon (Xiandai Hanyu Cidian's light syllables, from CC-CEDICT)
    ("假日偶有朋友约访我们", "朋友", "péng you"),
    ("阿拉法特的夫人和她的丈夫", "丈夫", "zhàng fu"),
    ("王军霞家的时候我怔了一下", "时候", "shí hou"),
    ("她穿着单薄的衣服", "衣服", "yī fu"),
    ("他买了很多东西", "东西", "dōng xi"),
    ("父母亲爷爷奶奶外公外婆", "奶奶", "nǎi nai"),
    ("走进北京前门石头胡同", "石头", "shí tou"),
    ("处理好活力与秩序的关系", "关系", "guān xì"),  # usually light: the page writes it full
    ("习近平总书记指出", "总书记", "zǒng shū jì"),
    ("故事情节很动人", "事情", "shì qíng"),  # 故事 + 情节: not the word 事情
    # pypinyin's phrase dictionary corrected
    ("这张照片很好看", "照片", "zhào piàn"),
    ("其旋律庄重而质朴", "质朴", "zhì pǔ"),
    ("他的肚子很疼", "肚子", "dù zi"),
    ("人全能赛也夺得一枚银牌", "夺得", "duó dé"),
    ("散文是颇具魅力的一种文体", "颇", "pō"),
    # no phrase across a word boundary
    ("勇猛的士气", "的士", "de shì"),
    ("把光标的位置移到行首", "标的", "biāo de"),
    # 为
    ("图为县政协副主席", "为", "wéi"),
    ("其中匈牙利为三十五亿美元", "为", "wéi"),
    ("国王特封她为扎基公主", "为", "wéi"),
    ("时以中文文本为准", "为准", "wéi zhǔn"),
    ("他们为大家提供服务", "为", "wèi"),
    ("基层干部有了更多时间和精力为老百姓服务", "为", "wèi"),
    ("该镇集种植、养殖、加工为一体", "为", "wéi"),  # 为一体
    ("这种观点早已为人们所接受", "为", "wéi"),  # 为…所, the passive
    ("他们为群众所做的实事", "为", "wèi"),  # 为 X 所做: done for X
    ("这种植物又名为金银花", "为", "wéi"),
    ("并非人人可为的", "为", "wéi"),  # the verb, before 的
    ("他这样做为的是大家", "为的是", "wèi de shì"),
    ("要变被动应付为主动服务", "为", "wéi"),  # 变 X 为 Y, a long X
    ("这首民歌在当地广为流传", "广为流传", "guǎng wéi liú chuán"),
    ("他始终不为所动", "不为所动", "bù wéi suǒ dòng"),
    # the lexicon's light syllables are its own, also where pypinyin already reads them light
    ("这个样子不好看", "样子", "yàng zi"),
    ("他的嗓子哑了", "嗓子", "sǎng zi"),
    # the model where the gate (modelgate.py) lets it: 舍 shè, 幢 zhuàng as a measure word
    ("宿舍楼旁边有一座舍利塔", "舍利塔", "shè lì tǎ"),
    ("学校新建了两幢宿舍楼", "两幢", "liǎng zhuàng"),
    # and not where the gate does not: 一场 cháng, the measure word of events, stays the dictionary's
    ("昨天下了一场大雨", "一场", "yī cháng"),
    # 得, 地, 都, 应, 了
    ("其爱国恐不可得", "得", "dé"),
    ("谁优谁劣必须得有一个衡量", "得", "děi"),
    ("口被用黑布遮得严严实实", "得", "de"),
    ("两眼无光呆呆地看着屋顶", "地", "de"),
    ("山东等地协调建设", "地", "dì"),
    ("推动各地成立快递行业党委", "各地", "gè dì"),
    ("他们也都会来", "都会", "dōu huì"),
    ("纽约是国际大都会", "都会", "dū huì"),
    ("企业在战略上应以市场为中心", "应", "yīng"),
    ("是我偏偏忘不了", "了", "liǎo"),
]


@pytest.mark.parametrize("text, word, expected", CASES, ids=[f"{c[1]}@{c[0][:10]}" for c in CASES])
def test_reading(text, word, expected):
    assert reading(text, word) == expected


SPOKEN = [
    ("一百三十五万元", "一", "yì"),
    ("每年扔掉一万吨", "一", "yí"),
    ("这一倡议得到了支持", "一", ""),
    ("时间来不及了", "不", "bu"),
    ("这样的企业算不算有竞争力", "不", "bu"),
    ("这不是问题", "不", "bú"),
    ("一丝不苟", "不", ""),
]


@pytest.mark.parametrize("text, char, expected", SPOKEN)
def test_spoken_tone(text, char, expected):
    said = [s for item in ENGINE.annotate(text) if isinstance(item, Segment) for s in (item.spoken or ("",) * len(item.text))]
    han = "".join(item.text for item in ENGINE.annotate(text) if isinstance(item, Segment))
    assert said[han.index(char)] == expected


def test_lexicon_hash_is_in_the_code():
    """The page cache fingerprints Python files only: the lexicon's hash must be in lexicon.py."""
    assert lexicon.file_hash() == lexicon.NEUTRAL_SHA256, "update NEUTRAL_SHA256 in hooks/jiedu/reading/lexicon.py"


def test_lexicon_is_well_formed():
    from jiedu.base.pinyin import is_syllable

    words = lexicon.neutral_words()
    assert len(words) > 3000
    assert all(len(w) == len(s) and all(is_syllable(x) or x == lexicon.FULL for x in s) for w, s in words.items())
    assert all(any(x != lexicon.FULL and x == lexicon.toneless(x) for x in s) for s in words.values())  # each has a light syllable


def test_engine_is_deterministic_whatever_ran_before():
    text = "他们也都会来。为人民服务。图为县政协副主席。"
    fresh = ReadingEngine().annotate(text)
    ENGINE.annotate("故事情节很动人。勇猛的士气。")
    assert ENGINE.annotate(text) == fresh == ReadingEngine().annotate(text)


def test_batch_readings_cli(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    src = tmp_path / "t.txt"
    src.write_text("他在银行工作。\n\nabc `echo x` 朋友\n", "utf-8")
    out = subprocess.run([sys.executable, str(root / "scripts/readings.py"), "--file", str(src), "--numbers"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.splitlines() == ["ta1 zai4 yin2 hang2 gong1 zuo4", "", "peng2 you5"]
