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

import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from . import model, rules, sandhi
from .lexicon import CHAR_FIXES, DICTIONARY_ONLY
from .pinyin import HAN_RUN
from .segmenter import cut_tagged

CITATION = {"一": "yī", "不": "bù"}
SANDHI_CHARS = frozenset(CITATION)

#: Where a sentence ends, for the model's context: it was trained on single sentences.
SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]?")

# pypinyin, imported by the first reading (_load_pypinyin): importing it takes a fifth of a
# second and 50 MB, which a build whose pages all come from the page cache does not need.
pinyin = Style = PHRASES_DICT = PINYIN_DICT = phrase_segmenter = None


@dataclass(frozen=True)
class Segment:
    """A word of a Han run with one syllable per character and where each came from."""

    text: str
    syllables: tuple[str, ...]
    sources: tuple[str, ...] = ()
    spoken: tuple[str, ...] = ()  # tone sandhi of 一/不 where it applies, else "" (sandhi.py)


@dataclass(frozen=True)
class _Run:
    """A run read without the model, overrides laid: syllables, their sources, where its
    words begin and end, the positions the model decides, and, when it decides none, the
    run's words (texts repeat their runs)."""

    syllables: tuple[str, ...]
    sources: tuple[str, ...]
    bounds: tuple[int, ...]
    open: tuple[int, ...]
    words: tuple[Segment, ...] | None


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
        # All the overrides in one pattern, longest first: the regular expression engine
        # finds the leftmost, then longest, phrase at C speed (the table holds hundreds).
        phrases = sorted(self.overrides, key=lambda p: (-len(p), p))
        self._phrases = re.compile("|".join(map(re.escape, phrases))) if phrases else None

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
        with _collector_paused():
            return self._annotate_all(texts)

    def _annotate_all(self, texts: Sequence[str]) -> list[list[str | Segment]]:
        found = [list(HAN_RUN.finditer(text)) for text in texts]
        starts, runs, offset = [], [], 0
        for text, matches in zip(texts, found):
            starts.extend(offset + m.start() for m in matches)
            runs.extend(self._run(m.group()) for m in matches)
            offset += len(text)
        # the syllables and sources of the runs the model reads, by run number
        syllables = {k: list(r.syllables) for k, r in enumerate(runs) if r.open}
        sources = {k: list(runs[k].sources) for k in syllables}
        if syllables:
            self._consult_model("".join(texts), starts, runs, syllables, sources)
        out: list[list[str | Segment]] = []
        k = 0
        for text, matches in zip(texts, found):
            items: list[str | Segment] = []
            pos = 0
            for m in matches:
                if m.start() > pos:
                    items.append(text[pos : m.start()])
                words = runs[k].words
                if words is None:
                    words = _segments(m.group(), syllables[k], sources[k], runs[k].bounds)
                items.extend(words)
                pos = m.end()
                k += 1
            if pos < len(text):
                items.append(text[pos:])
            out.append(items)
        return out

    # -- choosing -----------------------------------------------------------------------

    def _run(self, run: str) -> _Run:
        """The dictionary and the rules read the whole run (the rules see all of it), then
        the overrides replace the syllables of their own characters."""
        cached = self._runs.get(run)
        if cached is None:
            syllables, sources, words, phrase = _read_run(run)
            bounds = (0, *accumulate(len(word) for word, _flag in words))
            spans = self._override_spans(run, bounds)
            if spans:
                for i, j in spans:
                    syllables[i:j] = self.overrides[run[i:j]]
                    sources[i:j] = ["override"] * (j - i)
                # An override replaces the syllables of its own characters only, so a glossary
                # term inside a sentence does not cut the context its neighbours are read in.
                cuts = {e for e in bounds if not any(a < e < b for a, b in spans)}
                cuts.update(e for span in spans for e in span)
                bounds = tuple(sorted(cuts))
            open_ = ()
            if self.use_model:
                open_ = tuple(
                    i
                    for i, ch in enumerate(run)
                    if not phrase[i] and sources[i] == "dictionary" and ch not in ASK_NOT and syllables[i]
                )
                if open_:  # the model is loaded by the first run that needs it
                    polyphones = model.polyphones()
                    open_ = tuple(i for i in open_ if run[i] in polyphones)
            laid = None if open_ else _segments(run, syllables, sources, bounds)
            cached = self._runs[run] = _Run(tuple(syllables), tuple(sources), bounds, open_, laid)
        return cached

    def _consult_model(
        self, text: str, starts: list[int], runs: list[_Run], syllables: dict[int, list[str]], sources: dict[int, list[str]]
    ) -> None:
        """Let the model read the open positions of the runs (starting at ``starts`` in
        ``text``), each in its own sentence; the sentences it has not seen yet go through it
        together."""
        asked = _asked(text, starts, runs)
        # This call's answers, kept apart from the memo, which may forget old entries meanwhile.
        known = {text[a:b]: self._choices[text[a:b]] for a, b in asked if text[a:b] in self._choices}
        new = {text[a:b]: (a, b) for a, b in asked if text[a:b] not in known}
        questions = [(sentence, _positions(starts, asked[a, b], a)) for sentence, (a, b) in new.items()]
        for (sentence, _), chosen in zip(questions, model.choose(questions)):
            self._choices[sentence] = known[sentence] = chosen
        for (a, b), where in asked.items():
            for (k, i), choice in zip(where, known[text[a:b]]):
                syllables[k][i], sources[k][i] = choice.reading, "model"

    def _override_spans(self, run: str, edges: Sequence[int]) -> list[tuple[int, int]]:
        """Where the overrides apply in ``run``: the longest phrase first, from the left. A
        one-character override (新“心”向党 gives 心) applies only where that character is a
        word by itself, not inside 语重心长."""
        if self._phrases is None:
            return []
        return [
            m.span()
            for m in self._phrases.finditer(run)
            if m.end() - m.start() > 1 or (m.start() in edges and m.end() in edges)
        ]


# -- Helper functions ---------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a page is read: reading allocates hundreds of
    thousands of small objects (words, their syllables) and none in a reference cycle, but
    the collections their number sets off took a quarter of the engine's time (measured on
    300,000 characters: 103,000 → 140,000 characters a second). Freed objects are still
    freed at once; the collector runs again when the page is read."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()



def _segments(run: str, syllables: Sequence[str], sources: Sequence[str], bounds: tuple[int, ...]) -> tuple[Segment, ...]:
    """The run's words between ``bounds``, with the spoken tones of 一 and 不 (the reader may
    show them)."""
    pairs = list(zip(bounds, bounds[1:]))
    texts = [run[a:b] for a, b in pairs]
    syls = [tuple(syllables[a:b]) for a, b in pairs]
    srcs = [tuple(sources[a:b]) for a, b in pairs]
    if SANDHI_CHARS.isdisjoint(run):
        return tuple(map(_segment, texts, syls, srcs))
    spoken = [changed if any(changed) else () for changed in sandhi.spoken(list(zip(texts, syls)))]
    return tuple(map(_segment, texts, syls, srcs, spoken))


def _segment(text: str, syllables: tuple[str, ...], sources: tuple[str, ...], spoken: tuple[str, ...] = ()) -> Segment:
    """``Segment(text, syllables, sources, spoken)`` at half the cost: a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__`` (a page makes one per word)."""
    segment = _new(Segment)
    segment.__dict__.update(text=text, syllables=syllables, sources=sources, spoken=spoken)
    return segment


_new = object.__new__


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
    """Read a run word by word, then let the lexicon, the context rules and citation tones
    correct it.

    Each word of jieba's is read as pypinyin's phrase dictionary lists it, or else by
    pypinyin within the word: never across a word boundary, where a phrase of the
    dictionary may straddle two words (勇猛的士气 holds 的士 "taxi", 光标的 holds 标的).
    Returns the syllables, where each came from, jieba's words with their tags, and for each
    character whether a dictionary phrase gave its syllable.
    """
    _load_pypinyin()
    words = _words(run)
    syllables: list[str] = []
    phrase: list[bool] = []
    for word, _flag in words:
        syl, ph = _word_reading(word)
        syllables.extend(syl)
        phrase.extend(ph)
    sources = ["dictionary"] * len(run)
    rules.apply(run, syllables, sources, words, PHRASES_DICT)
    for ch, citation in CITATION.items():
        i = run.find(ch)
        while i >= 0:
            if syllables[i] != citation:
                syllables[i], sources[i] = citation, "citation tone"
            i = run.find(ch, i + 1)
    return syllables, sources, words, phrase


@lru_cache(maxsize=50_000)
def _word_reading(word: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A word's syllables out of context, and whether a dictionary phrase gave each one.

    As pypinyin reads the word (its ``pinyin(word)``, tone marks, first readings): the
    word's own phrase if the dictionary lists it, else the phrases its longest-match
    segmenter finds in the word, else each character's first reading; done here without
    pypinyin's general machinery (styles, error handlers), which cost three times as much.
    """
    listed = PHRASES_DICT.get(word) if len(word) > 1 else None
    if listed and len(listed) == len(word):
        return tuple(CHAR_FIXES.get(ch) or item[0] for ch, item in zip(word, listed)), (True,) * len(word)
    if len(word) == 1:
        return (CHAR_FIXES.get(word) or _first_reading(word),), (False,)
    if not all(map(PINYIN_DICT.__contains__, map(ord, word))):  # pypinyin splits the word there: let it
        return _word_reading_by_pypinyin(word)
    syllables: list[str] = []
    phrase: list[bool] = []
    for piece in phrase_segmenter.cut(word):
        listed = PHRASES_DICT.get(piece) if len(piece) > 1 else None
        if listed and len(listed) == len(piece):
            syllables.extend(CHAR_FIXES.get(ch) or item[0] for ch, item in zip(piece, listed))
            phrase.extend((True,) * len(piece))
        else:
            syllables.extend(CHAR_FIXES.get(ch) or _first_reading(ch) for ch in piece)
            phrase.extend((False,) * len(piece))
    return tuple(syllables), tuple(phrase)


def _first_reading(char: str) -> str:
    readings = PINYIN_DICT.get(ord(char))
    return readings.split(",", 1)[0] if readings else ""


def _word_reading_by_pypinyin(word: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    syllables = [CHAR_FIXES.get(ch) or item[0] for ch, item in zip(word, pinyin(word, style=Style.TONE, errors=lambda s: [[""] for _ in s]))]
    if len(syllables) != len(word):  # pypinyin grouped unknown characters: read one by one
        return tuple(s for ch in word for s in _word_reading(ch)[0]), (False,) * len(word)
    phrase = tuple(len(w) > 1 and w in PHRASES_DICT for w in phrase_segmenter.cut(word) for _ in w)
    return tuple(syllables), phrase


def _load_pypinyin() -> None:
    global pinyin, Style, PHRASES_DICT, PINYIN_DICT, phrase_segmenter
    if PHRASES_DICT is None:
        from pypinyin import Style, pinyin  # noqa: F811
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT  # noqa: F811
        from pypinyin.seg.mmseg import seg as phrase_segmenter  # noqa: F811


#: Characters whose rules need jieba's dictionary words (no hidden Markov model joining a
#: particle to its neighbour: 动情地说 as 动情 + 地说); other runs are cut as the search
#: index cuts them.
TAGGED = frozenset("了着地得为")
#: Characters the model is never asked about: the rules' (了着地得为: it reads every 为 as
#: Wikipedia's copula wéi, even in 为人民服务) and ``lexicon.DICTIONARY_ONLY``.
ASK_NOT = TAGGED | DICTIONARY_ONLY


def _words(run: str) -> list[tuple[str, str]]:
    """jieba's words with their dictionary part-of-speech flags ("x" for a word jieba's
    dictionary lacks); they always concatenate back to ``run``."""
    words = cut_tagged(run, hmm=TAGGED.isdisjoint(run))
    if "".join(w for w, _ in words) != run:  # never expected; fall back to characters
        return [(ch, "x") for ch in run]
    return words
