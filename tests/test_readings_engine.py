"""The reading engine's faster parts give what the slower ones gave.

Each fast path here replaced a general one (issue 16, part 2); these tests keep them equal:
rjieba's words and flags against jieba's on the seed article, a word's reading against
pypinyin's, the override search against the position-by-position scan it replaced, the
model's answers whatever sentences share its batch, and the engine's output whatever ran
before it in the process. The speed itself is measured by ``make bench-readings``, not here.
"""
from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

import pytest

from jiedu.reading import dictreading, model, segmenter
from jiedu.reading.lexicon import CHAR_FIXES
from jiedu.base.pinyin import HAN_RUN
from jiedu.project import Project
from jiedu.reading.engine import ReadingEngine
from jiedu.reading.segment import Segment, segment
from jiedu.reading.segmenter import add_words, cut, cut_tagged, parts

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "docs" / "texts" / "social-work-2024-11-04.md"


def seed_runs() -> list[str]:
    return sorted(set(HAN_RUN.findall(SEED.read_text(encoding="utf-8"))))


def glossary_forms() -> list[str]:
    return [form for entry in Project.load(ROOT).entries for form in entry.forms]


# -- segmentation: rjieba cuts as jieba cut ------------------------------------------------


@pytest.fixture(scope="module")
def jieba_with_glossary():
    """jieba itself (the reference), taught the glossary's words as the segmenter is."""
    import jieba
    import jieba.posseg

    forms = glossary_forms()
    add_words(forms)
    jieba.setLogLevel(logging.WARNING)
    for run in sorted({run for form in forms for run in HAN_RUN.findall(form) if len(run) > 1}):
        jieba.add_word(run, freq=100000)
    return jieba, jieba.posseg.dt.word_tag_tab


def test_rjieba_cuts_the_seed_article_as_jieba_does(jieba_with_glossary):
    jieba, _ = jieba_with_glossary
    runs = seed_runs()
    assert len(runs) > 300
    assert [cut(run) for run in runs] == [list(jieba.cut(run)) for run in runs]


def test_rjieba_flags_are_jiebas_dictionary_flags(jieba_with_glossary):
    # Without the hidden Markov model (the rules' runs) and with it (every other run): the
    # same words, each with the flag jieba's dictionary gives it, "x" for a word it lacks.
    jieba, tags = jieba_with_glossary
    for hmm in (False, True):
        got = [cut_tagged(run, hmm=hmm) for run in seed_runs()]
        want = [[(w, tags.get(w, "x")) for w in jieba.cut(run, HMM=hmm)] for run in seed_runs()]
        assert got == want


def jieba_parts(jieba, word: str) -> list[str]:
    """The words inside ``word`` as jieba's own route finds them without the word itself."""
    dag = jieba.dt.get_DAG(word)
    dag[0] = [end for end in dag[0] if end != len(word) - 1] or [0]
    route: dict[int, tuple[float, int]] = {}
    jieba.dt.calc(word, dag, route)
    out, i = [], 0
    while i < len(word):
        out.append(word[i : route[i][1] + 1])
        i = route[i][1] + 1
    return out


def test_parts_of_every_glossary_word_are_jiebas(jieba_with_glossary):
    jieba, _ = jieba_with_glossary
    words = sorted({run for form in glossary_forms() for run in HAN_RUN.findall(form) if len(run) > 1})
    assert len(words) > 100
    assert [parts(w) for w in words] == [jieba_parts(jieba, w) for w in words]
    assert [cut(w) for w in words] == [[w] for w in words]  # and each is still one word after


def test_parts_of_every_long_dictionary_word_are_jiebas(jieba_with_glossary):
    # The page asks for the parts of words longer than six characters (render.LONGEST_WORD).
    jieba, _ = jieba_with_glossary
    words = [w for w in segmenter._long_words() if HAN_RUN.fullmatch(w)]
    assert len(words) > 1500
    assert [parts(w) for w in words] == [jieba_parts(jieba, w) for w in words]
    assert [cut(w) for w in words[:200]] == [list(jieba.cut(w)) for w in words[:200]]  # given back


def test_parts_of_a_word_no_dictionary_lists():
    assert parts("他在银行工作") == ["他", "在", "银行", "工作"]


# -- a word's reading, as pypinyin gives it -----------------------------------------------


@pytest.mark.parametrize("word, expected", [
    ("配送行业", ("pèi", "sòng", "háng", "yè")),  # pypinyin's forward match: 配 + 送行 + 业
    ("本行政区域", ("běn", "xíng", "zhèng", "qū", "yù")),  # pypinyin: 本行 + 政区 + 域
    ("中国人民银行行长", ("zhōng", "guó", "rén", "mín", "yín", "háng", "háng", "zhǎng")),
])
def test_a_word_no_dictionary_lists_reads_in_the_words_it_holds(word, expected):
    dictreading._load_pypinyin()
    assert dictreading.word_reading(word)[0] == expected


@pytest.mark.parametrize("word, expected", [("颇为", ("pō", "wéi")), ("尊重", ("zūn", "zhòng")), ("长效", ("cháng", "xiào"))])
def test_a_word_pypinyin_lacks_reads_as_cc_cedict_reads_it(word, expected):
    dictreading._load_pypinyin()
    assert dictreading.word_reading(word) == (expected, (dictreading.CEDICT,) * len(word))


@pytest.mark.parametrize(
    "word",
    ["行业", "银行行长", "重新长大", "一肚子", "故事情节", "㺢㹢狓", "𠀀行", "长长"],
)
def test_a_word_reads_as_pypinyin_reads_it(word):
    dictreading._load_pypinyin()
    from pypinyin import Style, pinyin

    syllables, phrase = dictreading.word_reading(word)
    expected = dictreading.word_reading_by_pypinyin(word)
    assert (syllables, phrase) == expected
    stock = [item[0] for item in pinyin(word, style=Style.TONE, errors=lambda s: [[""] for _ in s])]
    if len(stock) == len(word):  # pypinyin's own answer, but for the lexicon's character fixes
        assert [CHAR_FIXES.get(ch) or s for ch, s in zip(word, stock)] == list(syllables)


# -- overrides: the regular expression finds what the scan found --------------------------


def scan(overrides: dict, run: str, edges: set[int]) -> list[tuple[int, int]]:
    """The search the engine made before: at each position, the longest phrase first."""
    longest = max(map(len, overrides), default=0)
    spans, i = [], 0
    while i < len(run):
        for n in range(min(longest, len(run) - i), 0, -1):
            if run[i : i + n] in overrides and (n > 1 or {i, i + 1} <= edges):
                spans.append((i, i + n))
                i += n
                break
        else:
            i += 1
    return spans


OVERRIDES = {p: ("x",) * len(p) for p in ["心", "同志为核心", "同志", "为核心", "核心", "重心", "语重心长", "长", "a.b"]}


@pytest.mark.parametrize("run", ["以习近平同志为核心", "讲话语重心长", "心", "重心心长", "同志同志为核", "长长长", "a.b", "axb"])
def test_override_search_finds_what_the_scan_found(run):
    engine = ReadingEngine(OVERRIDES)
    edges = {0, len(run), *range(0, len(run), 2)}
    assert engine._override_spans(run, sorted(edges)) == scan(OVERRIDES, run, edges)


def test_override_search_on_the_seed_article_with_the_projects_table():
    table = Project.load(ROOT).reading_table
    engine = ReadingEngine(table)
    for run in seed_runs():
        edges = {0, *(m.end() for m in re.finditer(".", run))}  # every character a word
        assert engine._override_spans(run, sorted(edges)) == scan(table, run, edges)


# -- the records ----------------------------------------------------------------------------


def test_a_fast_segment_is_a_segment():
    fast = segment("一个", ("yī", "gè"), ("citation tone", "dictionary"), ("yí", ""))
    slow = Segment("一个", ("yī", "gè"), ("citation tone", "dictionary"), ("yí", ""))
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.replace(fast, spoken=()) == Segment("一个", ("yī", "gè"), ("citation tone", "dictionary"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "两个"


# -- the model: the same answers whatever shares the batch ---------------------------------

SENTENCES = ["他是学校的校长。", "他在银行工作", "这个箱子很重。", "行业协会的会长说了几句话。", "我们要重新开始", "长江很长。"]


def questions(sentences: list[str]) -> list[tuple[str, list[int]]]:
    return [(s, [i for i, ch in enumerate(s) if model.candidates(ch)]) for s in sentences]


def test_model_answers_the_same_alone_and_in_any_batch():
    together = model.choose(questions(SENTENCES))
    reversed_ = model.choose(questions(SENTENCES[::-1]))[::-1]
    alone = [model.choose(questions([s]))[0] for s in SENTENCES]
    assert together == reversed_  # the network sorts its batch itself
    for a, b in zip(together, alone):
        assert [c.reading for c in a] == [c.reading for c in b]
        # a one-row product may round differently in the last bits
        assert all(abs(x.probability - y.probability) < 1e-5 for x, y in zip(a, b))


def test_model_batches_longer_than_its_rows():
    many = [s + "。" * (k % 3) for k, s in enumerate(SENTENCES * 50)]  # 300 sentences: three chunks
    answers = model.choose(questions(many))
    for sentence, chosen in zip(many, answers):
        assert [c.reading for c in chosen] == [c.reading for c in model.choose(questions([sentence]))[0]]


def test_model_reads_a_long_sentence_without_keeping_every_state():
    sentence = "他在银行工作" * 500  # 3,000 characters and no full stop
    [(_, positions)] = asked = questions([sentence])
    [chosen] = model.choose(asked)
    assert len(chosen) == len(positions) == 1000  # 行 and 作
    assert all(c.reading in model.candidates(sentence[p]) for p, c in zip(positions, chosen))


# -- the engine: the same output whatever ran before -------------------------------------


def test_engine_output_does_not_depend_on_what_ran_before():
    text = ["以习近平同志为核心的党中央，", "推动各地成立快递行业党委。", "一个人不是为了自己而活着，长长的路。"]
    fresh = ReadingEngine({"同志为核心": ("tóng", "zhì", "wéi", "hé", "xīn")}).annotate_all(text)
    other = ReadingEngine({"行业": ("xíng", "yè")}, use_model=False)
    other.annotate_all(text[::-1])
    again = ReadingEngine({"同志为核心": ("tóng", "zhì", "wéi", "hé", "xīn")})
    again.annotate_all(["长江很长。", *text[1:]])  # its memos hold some of the text already
    assert again.annotate_all(text) == fresh
    assert ReadingEngine({"同志为核心": ("tóng", "zhì", "wéi", "hé", "xīn")}).annotate_all(text) == fresh


def test_reading_leaves_the_garbage_collector_as_it_found_it():
    import gc

    engine = ReadingEngine()
    assert gc.isenabled()
    engine.annotate_all(["一名男子被捕。"])
    assert gc.isenabled()
    gc.disable()
    try:
        engine.annotate_all(["他在银行工作。"])
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(TypeError):
        engine.annotate_all([None])  # not a text
    assert gc.isenabled()
