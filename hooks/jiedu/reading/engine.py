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

Steps 2, 3 and 5 are ``dictreading.py``'s (a run read without the model); this module lays
the overrides and consults the model. It does not render (``ruby.py``) nor read files
(``annotations/overrides.py``). The dictionary and the rules are cached per run of Han characters, since texts repeat their phrases; the model's
choices per sentence, since they depend on it.
"""
from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate

from . import dictreading, model, sandhi
from .dictreading import CITATION, TAGGED
from .modelgate import CEDICT as CEDICT_GATE
from .modelgate import OPEN as OPEN_GATE
from .modelgate import PHRASE as PHRASE_GATE
from .rules import light
from ..base.pinyin import HAN_RUN
from .segment import Segment, segment

SANDHI_CHARS = frozenset(CITATION)

#: Where a sentence ends, for the model's context: it was trained on single sentences.
SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;\n]?")


@dataclass(frozen=True)
class _Run:
    """A run read without the model, overrides laid: syllables, their sources, where its
    words begin and end, the positions the model decides, and, when it decides none, the
    run's words (texts repeat their runs)."""

    syllables: tuple[str, ...]
    sources: tuple[str, ...]
    bounds: tuple[int, ...]
    open: tuple[int, ...]
    limits: tuple[float, ...]  # for each open position, how sure the model must be
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
            syllables, sources, words, phrase = dictreading.read_run(run)
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
            open_, limits = (), ()
            if self.use_model:
                open_, limits = _gated(run, syllables, sources, phrase)
            laid = None if open_ else _segments(run, syllables, sources, bounds)
            cached = self._runs[run] = _Run(tuple(syllables), tuple(sources), bounds, open_, limits, laid)
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
        limits = {k: dict(zip(runs[k].open, runs[k].limits)) for k in syllables}
        for (a, b), where in asked.items():
            for (k, i), choice in zip(where, known[text[a:b]]):
                if choice.probability >= limits[k][i]:
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
        return tuple(map(segment, texts, syls, srcs))
    spoken = [changed if any(changed) else () for changed in sandhi.spoken(list(zip(texts, syls)))]
    return tuple(map(segment, texts, syls, srcs, spoken))


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


def _gated(run: str, syllables: list[str], sources: list[str], phrase: list[int]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The positions of ``run`` the model may decide, and how sure it must be at each
    (``modelgate.py``): polyphones the dictionary read (not a rule, the lexicon, an override
    or a citation tone), outside a dictionary phrase unless the gate lists the character for
    phrases too, and then not for a light syllable (弟弟 dì di: lightness is the lexicon's
    convention, not the model's); never 了着地得为, the rules' (the model reads every 为 as
    Wikipedia's copula wéi, even in 为人民服务)."""
    where = []
    for i, ch in enumerate(run):  # most characters stand in a phrase: one look-up decides them
        if phrase[i]:
            limit = (PHRASE_GATE if phrase[i] == dictreading.PHRASE else CEDICT_GATE).get(ch)
            if limit is None or light(syllables[i]):
                continue
        else:
            limit = OPEN_GATE.get(ch, 0.0)
            if limit > 1.0:
                continue
        if sources[i] == "dictionary" and syllables[i] and ch not in TAGGED:
            where.append((i, limit))
    if where:  # the model is loaded by the first run that needs it
        polyphones = model.polyphones()
        where = [(i, limit) for i, limit in where if run[i] in polyphones]
    return tuple(i for i, _ in where), tuple(limit for _, limit in where)


