"""Readings in context: one pinyin syllable for every Han character of a text.

The engine chooses in this order, first match wins:

1. the phrase → pinyin table under ``annotations/`` (contributors fix readings there, and
   glossary entries with ``pinyin:`` add to it), longest phrase first;
2. pypinyin's phrase dictionary, which settles most polyphones inside words (行业 háng);
3. context rules for the grammatical characters pypinyin reads out of context: the particles
   了 le, 着 zhe, 地 de, 得 de when jieba's part-of-speech tagger says they are particles, and
   为 wéi in the frame 以…为…;
4. the citation tone for 一 (yī) and 不 (bù): the page shows no tone sandhi, as the Hanyu
   Pinyin orthography rules (GB/T 16159) write them.

It does not render (``ruby.py``) nor read files (``overrides.py``). Results are cached per
run of Han characters, since texts repeat their phrases.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import jieba
import jieba.posseg
from pypinyin import Style, pinyin
from pypinyin.constants import PHRASES_DICT

from .pinyin import HAN_RUN

jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is not ours to print

#: Characters whose reading depends on grammar, and the reading they take as a particle.
PARTICLES = {"了": ("ul", "le"), "着": ("uz", "zhe"), "地": ("uv", "de"), "得": ("ud", "de")}
CITATION = {"一": "yī", "不": "bù"}


@dataclass(frozen=True)
class Segment:
    """A word of a Han run with one syllable per character and where each came from."""

    text: str
    syllables: tuple[str, ...]
    sources: tuple[str, ...] = ()


@dataclass
class ReadingEngine:
    """Choose readings for runs of Han characters.

    >>> engine = ReadingEngine({"同志为核心": ("tóng", "zhì", "wéi", "hé", "xīn")})
    >>> engine.read("行业")
    ('háng', 'yè')
    >>> engine.read("更好地服务群众")
    ('gèng', 'hǎo', 'de', 'fú', 'wù', 'qún', 'zhòng')
    >>> engine.read("以习近平同志为核心")[-3:]
    ('wéi', 'hé', 'xīn')
    """

    overrides: Mapping[str, Sequence[str]] = field(default_factory=dict)
    _cache: dict[str, tuple[Segment, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._longest = max((len(p) for p in self.overrides), default=0)

    def read(self, run: str) -> tuple[str, ...]:
        """One syllable per character of ``run`` (Han characters only)."""
        return tuple(s for seg in self.segments(run) for s in seg.syllables)

    def segments(self, run: str) -> tuple[Segment, ...]:
        """Words of ``run`` with their syllables; overrides first, then dictionary and rules."""
        cached = self._cache.get(run)
        if cached is None:
            cached = self._cache[run] = tuple(self._segments(run))
        return cached

    def annotate(self, text: str) -> list[str | Segment]:
        """Split any text into plain strings and read :class:`Segment` words of Han characters.

        >>> [getattr(x, "syllables", x) for x in ReadingEngine().annotate("2024年，行业")]
        ['2024', ('nián',), '，', ('háng', 'yè')]
        """
        out: list[str | Segment] = []
        pos = 0
        for m in HAN_RUN.finditer(text):
            if m.start() > pos:
                out.append(text[pos : m.start()])
            out.extend(self.segments(m.group()))
            pos = m.end()
        if pos < len(text):
            out.append(text[pos:])
        return out

    # -- choosing -----------------------------------------------------------------------

    def _segments(self, run: str) -> list[Segment]:
        out: list[Segment] = []
        rest_start = i = 0
        while i < len(run):
            match = self._override_at(run, i)
            if match:
                if rest_start < i:
                    out.extend(_dictionary_segments(run[rest_start:i]))
                out.append(Segment(match, tuple(self.overrides[match]), ("override",) * len(match)))
                i = rest_start = i + len(match)
            else:
                i += 1
        if rest_start < len(run):
            out.extend(_dictionary_segments(run[rest_start:]))
        return out

    def _override_at(self, run: str, i: int) -> str | None:
        for n in range(min(self._longest, len(run) - i), 0, -1):
            if run[i : i + n] in self.overrides:
                return run[i : i + n]
        return None


# -- Helper functions ---------------------------------------------------------------------


def _dictionary_segments(run: str) -> list[Segment]:
    """Read a run with pypinyin, then let the context rules and citation tones correct it."""
    syllables = [item[0] for item in pinyin(run, style=Style.TONE, errors=lambda s: [[""] for _ in s])]
    if len(syllables) != len(run):  # pypinyin grouped unknown characters: read one by one
        syllables = [pinyin(ch, style=Style.TONE, errors=lambda s: [[""]])[0][0] for ch in run]
    sources = ["dictionary"] * len(run)
    words = _words(run)
    _apply_rules(run, syllables, sources, words)
    for i, ch in enumerate(run):
        if ch in CITATION and syllables[i] != CITATION[ch]:
            syllables[i], sources[i] = CITATION[ch], "citation tone"
    segments, pos = [], 0
    for word, _flag in words:
        n = len(word)
        segments.append(Segment(word, tuple(syllables[pos : pos + n]), tuple(sources[pos : pos + n])))
        pos += n
    return segments


def _words(run: str) -> list[tuple[str, str]]:
    """jieba's words with part-of-speech flags; they always concatenate back to ``run``."""
    words = [(w.word, w.flag) for w in jieba.posseg.cut(run)]
    if "".join(w for w, _ in words) != run:  # never expected; fall back to characters
        return [(ch, "x") for ch in run]
    return words


def _apply_rules(run: str, syllables: list[str], sources: list[str], words: list[tuple[str, str]]) -> None:
    pos = 0
    for word, flag in words:
        last = word[-1]
        if last in PARTICLES:
            particle_flag, reading = PARTICLES[last]
            # A particle on its own (更好/地), or glued by the segmenter to a verb that is no
            # dictionary word (蕴含着, 伴随着): the particle reading wins.
            glued = len(word) > 1 and word not in PHRASES_DICT and last in "了着"
            if (len(word) == 1 and flag == particle_flag) or glued:
                i = pos + len(word) - 1
                if syllables[i] != reading:
                    syllables[i], sources[i] = reading, f"rule: {last} as particle"
        pos += len(word)
    _wei_in_yi_wei(run, syllables, sources, words)


def _wei_in_yi_wei(run: str, syllables: list[str], sources: list[str], words: list[tuple[str, str]]) -> None:
    """以…为… (以人民为中心, 以和为贵): 为 is the verb wéi, 'to take as'."""
    pos, seen_yi = 0, False
    for word, _flag in words:
        if word == "以":
            seen_yi = True
        elif word == "为" and seen_yi:
            if syllables[pos] != "wéi":
                syllables[pos], sources[pos] = "wéi", "rule: 以…为"
            seen_yi = False
        pos += len(word)

