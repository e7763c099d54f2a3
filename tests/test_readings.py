"""Readings in context: tables for the engine's rules, and the seed article's golden readings.

The golden file ``tests/data/social-work-2024-11-04.readings.tsv`` holds the hand-verified
syllables of the whole article (one line per heading or paragraph: text, tab, syllables);
the engine, with the project's readings table, must reproduce every one of them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.reading import model
from jiedu.annotations.overrides import load_overrides
from jiedu.base.pinyin import HAN, is_syllable
from jiedu.project import Project
from jiedu.reading.engine import ReadingEngine
from jiedu.reading.segment import Segment

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "social-work-2024-11-04.readings.tsv"
ENGINE = ReadingEngine()


def reading_of(engine: ReadingEngine, text: str, word: str, occurrence: int = 0) -> str:
    """The syllables ``engine`` gives ``word`` where it occurs in ``text`` (Han only)."""
    han = "".join(HAN.findall(text))
    syllables = [s for item in engine.annotate(text) if isinstance(item, Segment) for s in item.syllables]
    start = -1
    for _ in range(occurrence + 1):
        start = han.index(word, start + 1)
    return " ".join(syllables[start : start + len(word)])


# (text, word in it, expected syllables of that word)
CASES = [
    # polyphones inside words, read as the dictionary lists the word
    ("推动各地成立快递行业党委", "行业", "háng yè"),
    ("网约配送行业党委", "行业", "háng yè"),  # not 送行 + 业
    ("行业协会商会与行政机关脱钩", "行政", "xíng zhèng"),
    ("确保新时代社会工作行稳致远", "行稳致远", "xíng wěn zhì yuǎn"),
    ("习近平总书记的重要讲话语重心长", "语重心长", "yǔ zhòng xīn cháng"),
    ("汇集了医、食、住、行等功能载体", "行", "xíng"),
    ("汇集了医、食、住、行等功能载体", "载体", "zài tǐ"),
    ("发挥先锋模范作用", "模范", "mó fàn"),
    ("从服务国家盛典到青藏高原野生动物保护", "青藏高原", "qīng zàng gāo yuán"),
    ("走进北京前门石头胡同的一家快递服务点", "石头胡同", "shí tou hú tòng"),
    ("安徽桐城，一条六尺巷", "六尺巷", "liù chǐ xiàng"),
    ("风好正扬帆，奋楫再远航", "奋楫", "fèn jí"),
    ("必将劈波斩浪、奋勇前进", "劈波斩浪", "pī bō zhǎn làng"),
    ("社会工作担负重要使命", "担负", "dān fù"),
    ("扩大党在新兴领域的号召力", "号召力", "hào zhào lì"),
    ("中国式现代化应当而且能够实现", "应当", "yīng dāng"),
    ("引导他们参与文明宣传", "参与", "cān yù"),
    ("处理好活力与秩序的关系", "处理", "chǔ lǐ"),
    ("到处活跃着志愿者的身影", "到处", "dào chù"),
    # 为: wéi in 以…为…, in idioms of that frame and after verbs of becoming; wèi "for"
    ("以习近平同志为核心的党中央", "为", "wéi"),
    ("你谦我让、以和为贵的佳话", "以和为贵", "yǐ hé wéi guì"),
    ("制度优势持续转化为治理效能", "为", "wéi"),
    ("不仅经济发展难以为继", "难以为继", "nán yǐ wéi jì"),
    ("作为党中央职能部门", "作为", "zuò wéi"),
    ("既注重为基层赋能，又推动为基层减负", "为", "wèi"),
    ("既注重为基层赋能，又推动为基层减负", "为", "wèi", 1),
    ("为做好新时代社会工作指明了方向", "为", "wèi"),
    ("习近平总书记围绕为什么要加强社会工作", "为什么", "wèi shén me"),
    # particles and their full readings
    ("更好地服务群众、造福人民", "地", "de"),
    ("总书记动情地说", "地", "de"),
    ("北京、天津、山东等地协调建设", "地", "dì"),  # 等地 "and other places"
    ("各地积极探索", "各地", "gè dì"),
    ("为做好新时代社会工作指明了方向", "了", "le"),
    ("深入了解群众的需求", "了解", "liǎo jiě"),
    ("这些组织和群体在经济社会中发挥着重要作用", "着", "zhe"),
    ("蕴含着对社会工作的深邃思考", "着", "zhe"),
    ("着力加强党建引领基层治理", "着力", "zhuó lì"),
    ("推动社会工作取得重要成就", "取得", "qǔ dé"),
    ("各种社会矛盾和问题得不到有效解决", "得不到", "dé bù dào"),
    ("问题得到有效解决", "得到", "dé dào"),
    # 一 and 不 in their citation tones: no tone sandhi
    ("走出一条源头治理之路", "一条", "yī tiáo"),
    ("进一步激发和增强社会活力", "进一步", "jìn yī bù"),
    ("普遍建立党委统一领导", "统一", "tǒng yī"),
    ("社会工作政策制度不断完善", "不断", "bù duàn"),
    ("实现活而不乱", "不", "bù"),
    ("如果社会治理跟不上经济发展步伐", "跟不上", "gēn bù shàng"),
    # neutral tone where the Xiandai Hanyu Cidian has one, full tone where it is optional
    ("明确了新时代社会工作的重点任务", "任务", "rèn wu"),
    ("事关群众切身利益的事情", "事情", "shì qing"),
    ("重点解决骑手进门难、充电难、休息难", "休息", "xiū xi"),
    ("困难群体照料等志愿服务", "困难", "kùn nan"),
    ("加强“两支队伍”建设", "队伍", "duì wu"),
    ("故事情节很动人", "事情", "shì qíng"),  # 故事 + 情节: not the word 事情
    ("处理好活力与秩序的关系", "关系", "guān xì"),
    ("成为一支重要力量", "力量", "lì liàng"),
    ("为做好新时代社会工作提供了有力制度保障", "提供", "tí gōng"),
    ("给村里交办的事少了", "给", "gěi"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[1]}@{c[0][:12]}" for c in CASES])
def test_reading_in_context(case):
    text, word, expected, *occurrence = case
    assert reading_of(ENGINE, text, word, *occurrence) == expected


def test_override_beats_the_dictionary():
    engine = ReadingEngine({"行业": ("xíng", "yè")})
    assert reading_of(engine, "快递行业党委", "行业") == "xíng yè"
    segment = next(s for s in engine.annotate("快递行业党委") if isinstance(s, Segment) and s.text == "行业")
    assert segment.sources == ("override", "override")


def test_override_keeps_the_context_of_its_neighbours():
    # A glossary term inside 以…为… does not hide 以 from the rule.
    engine = ReadingEngine({"习近平": ("xí", "jìn", "píng")})
    assert reading_of(engine, "以习近平同志为核心", "为") == "wéi"


def test_one_character_override_counts_only_where_it_stands_alone():
    # 新“心”向党 in the glossary gives the table a phrase 心; it must not cut 语重心长.
    engine = ReadingEngine({"心": ("xīn",)})
    assert reading_of(engine, "讲话语重心长", "语重心长") == "yǔ zhòng xīn cháng"
    alone = [s for s in engine.annotate("新“心”向党") if isinstance(s, Segment) and s.text == "心"]
    assert alone and alone[0].sources == ("override",)


def test_the_projects_readings_table_loads():
    table = load_overrides(ROOT / "annotations" / "readings.yml")
    assert all(len(run) == len(syllables) for run, syllables in table.items())


# -- the model ----------------------------------------------------------------------------

# (text, word, with the model, the dictionaries alone): characters no dictionary phrase
# settles, where pypinyin falls back to a reading out of context. (男子 and 乙炔 were such
# words until CC-CEDICT's words came in: the dictionary reads them now.)
MODEL_CASES = [
    ("一名男子被捕。", "男子", "nán zǐ", "nán zǐ"),
    ("张掖市位于甘肃省西北部。", "张掖", "zhāng yè", "zhāng yē"),
    ("乙炔是一种气体。", "乙炔", "yǐ quē", "yǐ quē"),
    ("把水掺入面粉中。", "掺", "chān", "càn"),
    ("他去了朝鲜。", "朝鲜", "cháo xiǎn", "cháo xiān"),
]


@pytest.mark.parametrize("text, word, with_model, alone", MODEL_CASES)
def test_model_reads_what_the_dictionary_leaves_open(text, word, with_model, alone):
    assert reading_of(ENGINE, text, word) == with_model
    assert reading_of(ReadingEngine(use_model=False), text, word) == alone


@pytest.mark.parametrize("text, word, expected", [
    ("推动行业协会商会改革。", "行业", "háng yè"),  # the model, 99 % sure, says xíng
    ("统筹协调机制。", "协调", "xié tiáo"),  # the model says diào
    ("他们为大家提供服务。", "为", "wèi"),  # the model reads every 为 as wéi
    ("深入了解群众的需求。", "了解", "liǎo jiě"),  # the model says le
])
def test_model_never_overrules_a_dictionary_phrase_or_a_grammar_character(text, word, expected):
    assert reading_of(ENGINE, text, word) == expected


def test_model_is_named_as_the_source():
    segment = next(s for s in ENGINE.annotate("张掖市位于甘肃省西北部。") if isinstance(s, Segment) and "掖" in s.text)
    assert segment.sources[segment.text.index("掖")] == "model"


def test_model_reads_a_text_without_final_punctuation_as_a_sentence():
    # Trained on sentences that end with their punctuation; without it 很重 came out chóng.
    assert reading_of(ENGINE, "这个箱子很重", "重") == "zhòng"


def test_text_nodes_read_together_give_the_model_whole_sentences():
    # A glossary term or a link cuts a sentence into text nodes; the model reads it whole,
    # and each node still gets exactly its own characters.
    nodes = ["有", "村干部", "表示，", "村部", "的牌子减少了，要求村里开的证明、给村里交办的事少了，", "村干部",
             "手机上的微信工作群也少了，基层干部有了更多时间和精力为老百姓服务。"]
    read = ReadingEngine().annotate_all(nodes)
    assert ["".join(x if isinstance(x, str) else x.text for x in items) for items in read] == nodes
    syllables = [s for x in read[4] if isinstance(x, Segment) for s in x.syllables]
    han = "".join(HAN.findall(nodes[4]))
    assert syllables[han.index("事少") + 1] == "shǎo"  # alone, the last node reads shào
    assert ReadingEngine().annotate_all(["一名男子", "被捕。"]) == [ENGINE.annotate("一名男子"), ENGINE.annotate("被捕。")]


def test_model_loads_from_the_installed_package_without_network(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the model tried to reach the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    model._model.cache_clear()
    [[choice]] = model.choose([("他在银行工作。", [3])])
    assert choice.reading == "háng" and 0.5 < choice.probability <= 1.0


# -- the golden file ----------------------------------------------------------------------


def golden_lines() -> list[tuple[int, str, list[str]]]:
    lines = []
    for number, line in enumerate(GOLDEN.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, syllables = line.split("\t")
        lines.append((number, text, syllables.split()))
    return lines


def project_engine() -> ReadingEngine:
    """The engine as the build makes it: the readings table and the glossary's readings."""
    return ReadingEngine(Project.load(ROOT).reading_table)


def test_golden_file_is_well_formed():
    lines = golden_lines()
    assert len(lines) == 44  # title, subtitle, headings and paragraphs, dateline
    problems = []
    for number, text, syllables in lines:
        han = HAN.findall(text)
        if len(han) != len(syllables):
            problems.append(f"line {number}: {len(han)} Han characters but {len(syllables)} syllables")
        bad = [s for s in syllables if not is_syllable(s)]
        if bad:
            problems.append(f"line {number}: not pinyin: {bad}")
    assert not problems, "\n".join(problems)


def test_golden_file_covers_the_page():
    """Every Han character of the page's text, in order: body, then the dateline (front matter)."""
    page = (ROOT / "docs" / "texts" / "social-work-2024-11-04.md").read_text(encoding="utf-8")
    front, body = page.split("\n---\n", 1)
    body = body.split('<div class="jiedu-notes')[0]  # the notes are English, shown without ruby
    dateline = next(line.split(":", 1)[1] for line in front.splitlines() if line.startswith("dateline:"))
    page_han = "".join(HAN.findall(body + dateline))
    golden_han = "".join("".join(HAN.findall(text)) for _, text, _ in golden_lines())
    assert golden_han == page_han


def test_engine_reproduces_every_golden_reading():
    engine = project_engine()
    mismatches = []
    for number, text, expected in golden_lines():
        han = "".join(HAN.findall(text))
        got = [s for item in engine.annotate(text) if isinstance(item, Segment) for s in item.syllables]
        for i, (want, have) in enumerate(zip(expected, got)):
            if want != have:
                context = f"{han[max(0, i - 8):i]}【{han[i]}】{han[i + 1:i + 8]}"
                mismatches.append(f"line {number}: {context}: expected {want}, got {have}")
        if len(got) != len(expected):
            mismatches.append(f"line {number}: {len(got)} syllables read, {len(expected)} expected")
    assert not mismatches, f"{len(mismatches)} readings differ from the golden file:\n" + "\n".join(mismatches)


def test_memos_that_forget_do_not_lose_a_pages_answers():
    """The memos are bounded; a page with more sentences than they hold still reads whole."""
    from jiedu.reading.engine import Memo

    small = ReadingEngine()
    small._runs, small._choices = Memo(2), Memo(2)
    text = "他在银行工作。这个行业很好。音乐很好听。他会长大。长江很长。"
    assert [s.syllables for s in small.annotate(text) if not isinstance(s, str)] == [
        s.syllables for s in ReadingEngine().annotate(text) if not isinstance(s, str)
    ]
    assert len(small._choices) <= 2 and len(small._runs) <= 2


def test_readings_cli_names_what_chose_each_reading():
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, str(root / "scripts/readings.py"), "他在银行工作，不断进一步"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    first, *lines = out.splitlines()
    assert first.startswith("tā | zài | yín háng | gōng zuò")
    assert any(line.split()[:2] == ["行", "háng"] for line in lines)
    assert any("不" in line and "spoken bú" in line for line in lines)
    assert any("一" in line and "citation tone" in line and "spoken yí" in line for line in lines)
