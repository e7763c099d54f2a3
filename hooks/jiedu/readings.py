"""Readings in context: one pinyin syllable for every Han character of a text.

The engine chooses in this order, first match wins:

1. the phrase → pinyin table under ``annotations/`` (contributors fix readings there, and
   glossary entries with ``pinyin:`` add to it), longest phrase first; it replaces the
   syllables of its own characters after the rest of the run has been read in full context,
   and a one-character phrase counts only where that character is a word by itself;
2. pypinyin's phrase dictionary, which settles most polyphones inside words (行业 háng); a
   word that jieba's segmenter finds and the dictionary lists is read as listed, since
   pypinyin's own segmentation can cut across it (配送行业 read as 送行 + 业);
3. context rules for the grammatical characters pypinyin reads out of context: the particles
   了 le, 着 zhe, 地 de, 得 de when jieba's part-of-speech tagger says they are particles (not
   地 dì in 等地 "and other places", nor a 地 that ends a run), 为 wéi in the frame 以…为…
   (以和为贵 too) and after verbs of becoming, naming and ranking (转化为, 视为, 评为), and
   the neutral tone of the words the Xiandai Hanyu Cidian reads with one (任务 rèn wu);
4. g2pM's neural model (``model.py``) for every other polyphonic character, from the whole
   sentence it stands in (男子 nán zǐ, 很重 zhòng, where pypinyin reads a character alone).
   It never overrules a dictionary phrase: on the CPP dev set it beats the dictionary there
   only by what it memorised of Wikipedia's names, and even when 99 % sure it misreads
   everyday words (行业协会 xíng, 协调 diào). Nor does it read 了着地得为: it reads every
   为 as Wikipedia's copula wéi, even in 为人民服务; the rules and pypinyin decide those;
5. the citation tone for 一 (yī) and 不 (bù): the page shows no tone sandhi, as the Hanyu
   Pinyin orthography rules (GB/T 16159) write them.

It does not render (``ruby.py``) nor read files (``overrides.py``). The dictionary and the
rules are cached per run of Han characters, since texts repeat their phrases; the model's
choices per sentence, since they depend on it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from . import model, sandhi
from .pinyin import HAN_RUN
from .segmenter import cut, cut_tagged

#: Characters whose reading depends on grammar, and the reading they take as a particle.
PARTICLES = {"了": ("ul", "le"), "着": ("uz", "zhe"), "地": ("uv", "de"), "得": ("ud", "de")}
CITATION = {"一": "yī", "不": "bù"}
SANDHI_CHARS = frozenset(CITATION)

#: Sentences the model reads at once (more pads short ones for nothing).
BATCH = 256
#: Where a sentence ends, for the model's context: it was trained on single sentences.
SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]?")

# pypinyin, imported by the first reading (_load_pypinyin): importing it takes a fifth of a
# second and 50 MB, which a build whose pages all come from the page cache does not need.
pinyin = Style = PHRASES_DICT = phrase_segmenter = None

#: Words the Xiandai Hanyu Cidian (现代汉语词典) writes with a neutral syllable (·wu, no tone
#: mark: always neutral) where pypinyin's dictionary gives a full tone. Only whole words of
#: the segmenter are changed, so 故事情节 (故事 + 情节) keeps 事 shì 情 qíng. Words the
#: dictionary marks "usually neutral, sometimes stressed" (关系 guān·xì, 力量 lì·liàng) keep
#: their full tone, as the page writes them.
NEUTRAL_TONE = {
    "任务": ("rèn", "wu"),
    "事情": ("shì", "qing"),
    "休息": ("xiū", "xi"),
    "困难": ("kùn", "nan"),
    "队伍": ("duì", "wu"),
}

#: Words after which a separate 为 is the verb wéi "as, into, to be" (转化为治理效能, 降为,
#: 选为, 均为): verbs of becoming, naming, ranking and appointing, and adverbs before the
#: copula 为. Before the object of service (为基层减负, 为人民服务) 为 is wèi and follows no
#: such word: 注重为基层赋能, 推动为基层减负.
WEI_AFTER = frozenset(
    "变 化 转 改 分 合 列 评 选 定 称 视 译 贬 降 升 封 拜 召 划 奉 尊 誉 追认 均 原 即 皆 实 乃"
    " 转化 演化 演变 转变 简化 分化 异化 同化 固化 物化 融合 合并 划分 细分 归纳 归结 概括"
    " 命名 更名 改名 定名 取名 简称 统称 合称 并称 改称 称作 认定 评定 确定 确认 界定 鉴定"
    " 改编 改组 改建 改制 扩建 升格 升级 晋升 降格 降级 任命 选举 推选 当选 翻译 解释".split()
)
#: Words ending in 为 that the segmenter may find, where 为 is wèi "for".
WEI4_WORDS = frozenset("因为 专为 只为 要为 想为 肯为 愿为 快为 特为 是因为".split())
#: Adverbs and conjunctions ending in 为 that are wéi all the same (大为, 即为, 而为).
WEI2_FUNCTION_WORDS = frozenset(
    "大为 最为 尤为 颇为 极为 较为 更为 甚为 略为 广为 原为 凡为 自为 立为 实为 即为 之为"
    " 何为 同为 此为 所为 既为 虽为 而为 固为 不失为 不愧为".split()
)


@dataclass(frozen=True)
class Segment:
    """A word of a Han run with one syllable per character and where each came from."""

    text: str
    syllables: tuple[str, ...]
    sources: tuple[str, ...] = ()
    spoken: tuple[str, ...] = ()  # tone sandhi of 一/不 where it applies, else "" (sandhi.py)


@dataclass(frozen=True)
class _Run:
    """A run read without the model: syllables, their sources, word boundaries, and the
    positions the model decides."""

    syllables: tuple[str, ...]
    sources: tuple[str, ...]
    edges: frozenset[int]
    open: tuple[int, ...]


class Memo(dict):
    """A dict that forgets its oldest entries beyond ``limit``: texts repeat their phrases, so
    recent readings are worth keeping, but a million-character build must not keep them all
    (the page cache, ``cache.py``, is what keeps readings between builds).

    >>> m = Memo(2); m["a"] = 1; m["b"] = 2; m["c"] = 3; list(m)
    ['b', 'c']
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value) -> None:
        if key not in self and len(self) >= self.limit:
            del self[next(iter(self))]
        super().__setitem__(key, value)


@dataclass
class ReadingEngine:
    """Choose readings for runs of Han characters.

    ``use_model=False`` reads with the dictionary and the rules alone (the benchmark compares
    both).

    >>> engine = ReadingEngine({"同志为核心": ("tóng", "zhì", "wéi", "hé", "xīn")})
    >>> engine.read("行业")
    ('háng', 'yè')
    >>> engine.read("更好地服务群众")
    ('gèng', 'hǎo', 'de', 'fú', 'wù', 'qún', 'zhòng')
    >>> engine.read("以习近平同志为核心")[-3:]
    ('wéi', 'hé', 'xīn')
    >>> engine.read("持续转化为治理效能")[4], engine.read("以和为贵")[2], engine.read("推动为基层减负")[2]
    ('wéi', 'wéi', 'wèi')
    >>> engine.read("山东等地协调建设"), engine.read("重点任务")[-1]
    (('shān', 'dōng', 'děng', 'dì', 'xié', 'tiáo', 'jiàn', 'shè'), 'wu')
    """

    overrides: Mapping[str, Sequence[str]] = field(default_factory=dict)
    use_model: bool = True
    _runs: dict[str, _Run] = field(default_factory=lambda: Memo(20_000), repr=False)
    _choices: dict[str, list] = field(default_factory=lambda: Memo(20_000), repr=False)

    def __post_init__(self) -> None:
        self._longest = max((len(p) for p in self.overrides), default=0)

    def read(self, run: str) -> tuple[str, ...]:
        """One syllable per character of ``run`` (Han characters only)."""
        return tuple(s for seg in self.segments(run) for s in seg.syllables)

    def segments(self, run: str) -> tuple[Segment, ...]:
        """Words of ``run``, read as a text by itself, with their syllables."""
        return tuple(item for item in self.annotate(run) if isinstance(item, Segment))

    def annotate(self, text: str) -> list[str | Segment]:
        """Split any text into plain strings and read :class:`Segment` words of Han characters.

        >>> [getattr(x, "syllables", x) for x in ReadingEngine().annotate("2024年，行业")]
        ['2024', ('nián',), '，', ('háng', 'yè')]
        """
        return self.annotate_all([text])[0]

    def annotate_all(self, texts: Sequence[str]) -> list[list[str | Segment]]:
        """Annotate consecutive text nodes of a page, each as :meth:`annotate` would, except
        that the model reads every sentence whole where markup (a glossary term, a link)
        cuts it into several nodes, and reads all their sentences in one batch.

        >>> [x.syllables for x in ReadingEngine().annotate_all(["一名", "男子", "被捕。"])[1]]
        [('nán', 'zǐ')]
        """
        found = [list(HAN_RUN.finditer(text)) for text in texts]
        starts, runs, offset = [], [], 0
        for text, matches in zip(texts, found):
            starts.extend(offset + m.start() for m in matches)
            runs.extend(self._run(m.group()) for m in matches)
            offset += len(text)
        syllables = [list(r.syllables) for r in runs]
        sources = [list(r.sources) for r in runs]
        if self.use_model and any(r.open for r in runs):
            self._consult_model("".join(texts), starts, runs, syllables, sources)
        out: list[list[str | Segment]] = []
        k = 0
        for text, matches in zip(texts, found):
            items: list[str | Segment] = []
            pos = 0
            for m in matches:
                if m.start() > pos:
                    items.append(text[pos : m.start()])
                words = self._lay_overrides(m.group(), syllables[k], sources[k], runs[k].edges)
                items.extend(_with_spoken(words) if SANDHI_CHARS.intersection(m.group()) else words)
                pos = m.end()
                k += 1
            if pos < len(text):
                items.append(text[pos:])
            out.append(items)
        return out

    # -- choosing -----------------------------------------------------------------------

    def _run(self, run: str) -> _Run:
        """The dictionary and the rules read the whole run (the rules see all of it)."""
        cached = self._runs.get(run)
        if cached is None:
            syllables, sources, words, phrase = _read_run(run)
            edges, pos = {0}, 0
            for word, _flag in words:
                pos += len(word)
                edges.add(pos)
            open_ = ()
            if self.use_model:
                open_ = tuple(
                    i
                    for i, ch in enumerate(run)
                    if sources[i] == "dictionary" and not phrase[i] and syllables[i] and ch not in TAGGED
                    and model.candidates(ch)
                )
            cached = self._runs[run] = _Run(tuple(syllables), tuple(sources), frozenset(edges), open_)
        return cached

    def _consult_model(
        self, text: str, starts: list[int], runs: list[_Run], syllables: list[list[str]], sources: list[list[str]]
    ) -> None:
        """Let the model read the open positions of the runs (starting at ``starts`` in
        ``text``), each in its own sentence; the sentences it has not seen yet go through it
        in batches of similar lengths."""
        asked = _asked(text, starts, runs)
        # This call's answers, kept apart from the memo, which may forget old entries meanwhile.
        known = {text[a:b]: self._choices[text[a:b]] for a, b in asked if text[a:b] in self._choices}
        new = sorted({text[a:b]: (a, b) for a, b in asked if text[a:b] not in known}.values(), key=lambda s: s[1] - s[0])
        for n in range(0, len(new), BATCH):
            questions = [(text[a:b], _positions(starts, asked[a, b], a)) for a, b in new[n : n + BATCH]]
            for (sentence, _), chosen in zip(questions, model.choose(questions)):
                self._choices[sentence] = known[sentence] = chosen
        for (a, b), where in asked.items():
            for (k, i), choice in zip(where, known[text[a:b]]):
                syllables[k][i], sources[k][i] = choice.reading, "model"

    def _lay_overrides(self, run: str, syllables: list[str], sources: list[str], edges: frozenset[int]) -> list[Segment]:
        """Lay the overrides over a run read in full.

        An override replaces the syllables of its own characters only, so a glossary term
        inside a sentence does not cut the context its neighbours are read in. A one-character
        override (新“心”向党 gives 心) applies only where that character is a word by
        itself, not inside 语重心长.
        """
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(run):
            match = self._override_at(run, i, edges)
            if match:
                j = i + len(match)
                syllables[i:j] = self.overrides[match]
                sources[i:j] = ["override"] * len(match)
                spans.append((i, j))
                i = j
            else:
                i += 1
        cuts = {e for e in edges if not any(a < e < b for a, b in spans)}
        cuts.update(e for span in spans for e in span)
        bounds = sorted(cuts)
        return [
            Segment(run[a:b], tuple(syllables[a:b]), tuple(sources[a:b])) for a, b in zip(bounds, bounds[1:])
        ]

    def _override_at(self, run: str, i: int, edges: frozenset[int]) -> str | None:
        for n in range(min(self._longest, len(run) - i), 0, -1):
            if run[i : i + n] in self.overrides and (n > 1 or {i, i + 1} <= edges):
                return run[i : i + n]
        return None


# -- Helper functions ---------------------------------------------------------------------


def _with_spoken(words: list[Segment]) -> list[Segment]:
    """The run's words with the spoken tones of 一 and 不 (the reader may show them)."""
    return [
        replace(w, spoken=changed) if any(changed) else w
        for w, changed in zip(words, sandhi.spoken([(w.text, w.syllables) for w in words]))
    ]


def _asked(text: str, starts: list[int], runs: list[_Run]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """The open positions of ``text``'s runs (run number, index in the run), grouped by the
    span of the sentence they stand in."""
    asked: dict[tuple[int, int], list[tuple[int, int]]] = {}
    spans = [m.span() for m in SENTENCE.finditer(text) if m.end() > m.start()]
    s = 0
    for k, (start, r) in enumerate(zip(starts, runs)):
        for i in r.open:
            while spans[s][1] <= start + i:
                s += 1
            asked.setdefault(spans[s], []).append((k, i))
    return asked


def _positions(starts: list[int], where: list[tuple[int, int]], start: int) -> list[int]:
    """Positions in the sentence that starts at ``start``."""
    return [starts[k] + i - start for k, i in where]


def _read_run(run: str) -> tuple[list[str], list[str], list[tuple[str, str]], list[bool]]:
    """Read a run with pypinyin, then let the context rules and citation tones correct it.

    Returns the syllables, where each came from, jieba's words with their tags, and for each
    character whether a phrase of pypinyin's dictionary gave its syllable.
    """
    _load_pypinyin()
    syllables = [item[0] for item in pinyin(run, style=Style.TONE, errors=lambda s: [[""] for _ in s])]
    if len(syllables) != len(run):  # pypinyin grouped unknown characters: read one by one
        syllables = [pinyin(ch, style=Style.TONE, errors=lambda s: [[""]])[0][0] for ch in run]
    sources = ["dictionary"] * len(run)
    phrase = _phrases(run)
    words = _words(run)
    _dictionary_words(syllables, words, phrase)
    _apply_rules(run, syllables, sources, words)
    for i, ch in enumerate(run):
        if ch in CITATION and syllables[i] != CITATION[ch]:
            syllables[i], sources[i] = CITATION[ch], "citation tone"
    return syllables, sources, words, phrase


def _phrases(run: str) -> list[bool]:
    """For each character, whether pypinyin read it as part of a phrase of its dictionary
    (its own segmentation, as ``pinyin()`` does it)."""
    return [len(w) > 1 and w in PHRASES_DICT for w in phrase_segmenter.cut(run) for _ in w]


def _load_pypinyin() -> None:
    global pinyin, Style, PHRASES_DICT, phrase_segmenter
    if PHRASES_DICT is None:
        from pypinyin import Style, pinyin  # noqa: F811
        from pypinyin.constants import PHRASES_DICT  # noqa: F811
        from pypinyin.seg.mmseg import seg as phrase_segmenter  # noqa: F811


#: Characters whose rules need jieba's part-of-speech tags; other runs are only segmented,
#: which is five times faster (the tagger dominated the build's time).
TAGGED = frozenset("了着地得为")


def _words(run: str) -> list[tuple[str, str]]:
    """jieba's words, with part-of-speech flags where a rule needs them ("" otherwise);
    they always concatenate back to ``run``."""
    if TAGGED.isdisjoint(run):
        words = [(w, "") for w in cut(run)]
    else:
        words = cut_tagged(run)
    if "".join(w for w, _ in words) != run:  # never expected; fall back to characters
        return [(ch, "x") for ch in run]
    return words


def _dictionary_words(syllables: list[str], words: list[tuple[str, str]], phrase: list[bool]) -> None:
    """Read each word jieba found as pypinyin's dictionary lists it.

    pypinyin segments by itself and may cut across a word: 配送行业 as 配 + 送行 + 业 gives
    行 xíng, 讲话语重心长 takes 话语 and leaves 长 zhǎng alone.
    """
    pos = 0
    for word, _flag in words:
        if len(word) > 1 and word in PHRASES_DICT:
            listed = [item[0] for item in PHRASES_DICT[word]]
            if len(listed) == len(word):
                syllables[pos : pos + len(word)] = listed
                phrase[pos : pos + len(word)] = [True] * len(word)
        pos += len(word)


def _apply_rules(run: str, syllables: list[str], sources: list[str], words: list[tuple[str, str]]) -> None:
    pos = 0
    for k, (word, flag) in enumerate(words):
        last = word[-1]
        if last in PARTICLES:
            particle_flag, reading = PARTICLES[last]
            # A particle on its own (更好/地), or glued by the segmenter to a verb that is no
            # dictionary word (蕴含着, 伴随着): the particle reading wins.
            glued = len(word) > 1 and word not in PHRASES_DICT and last in "了着"
            if (len(word) == 1 and flag == particle_flag and not _place_di(run, pos, words, k)) or glued:
                _set(syllables, sources, pos + len(word) - 1, reading, f"rule: {last} as particle")
        if word in NEUTRAL_TONE:
            for i, reading in enumerate(NEUTRAL_TONE[word], pos):
                _set(syllables, sources, i, reading, "rule: neutral tone")
        pos += len(word)
    _wei_in_yi_wei(run, syllables, sources, words)
    _wei_after_verbs(syllables, sources, words)


def _place_di(run: str, pos: int, words: list[tuple[str, str]], k: int) -> bool:
    """True when a 地 the tagger calls a particle is the noun dì: the adverbial particle 地
    always has a verb or adjective after it, so not at the end of a run (主要地：), and 等地
    is "and other places" (北京、天津、山东等地).
    """
    if words[k][0] != "地":
        return False
    return pos + 1 == len(run) or (k > 0 and words[k - 1][0] == "等")


def _wei_in_yi_wei(run: str, syllables: list[str], sources: list[str], words: list[tuple[str, str]]) -> None:
    """以…为… (以人民为中心, 以和为贵): 为 is the verb wéi, 'to take as'."""
    pos, seen_yi = 0, False
    for word, _flag in words:
        if word == "以":
            seen_yi = True
        elif word == "为" and seen_yi:
            _set(syllables, sources, pos, "wéi", "rule: 以…为")
            seen_yi = False
        elif len(word) >= 4 and word[0] == "以" and word[2] == "为" and word not in PHRASES_DICT:
            _set(syllables, sources, pos + 2, "wéi", "rule: 以…为")  # an idiom: 以和为贵
        pos += len(word)


def _wei_after_verbs(syllables: list[str], sources: list[str], words: list[tuple[str, str]]) -> None:
    """为 wéi 'as, into' after verbs of becoming, naming and ranking: 转化为, 视为, 评为."""
    pos = 0
    for k, (word, flag) in enumerate(words):
        i = pos + len(word) - 1
        pos += len(word)
        if word[-1] != "为" or word in PHRASES_DICT or word in WEI4_WORDS:
            continue
        if word == "为":
            if k > 0 and words[k - 1][0] in WEI_AFTER:
                _set(syllables, sources, i, "wéi", "rule: 为 after a verb")
        elif flag not in ("c", "d") or word in WEI2_FUNCTION_WORDS:
            # One word of the segmenter: 视为, 化为, 名为, 列为 (verbs); 大为, 即为 listed.
            _set(syllables, sources, i, "wéi", "rule: 为 after a verb")


def _set(syllables: list[str], sources: list[str], i: int, reading: str, source: str) -> None:
    """A rule claims position ``i`` even where the dictionary agreed: the model must not
    overrule it."""
    syllables[i], sources[i] = reading, source
