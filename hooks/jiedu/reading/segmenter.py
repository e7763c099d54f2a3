"""Word segmentation with jieba's dictionary, loaded only when a text needs it.

The words come from rjieba (jieba-rs, jieba's algorithm and dictionary in Rust): it cuts ten
times as fast as jieba, and cuts the same (2 of 47,302 distinct runs of the benchmark corpus
and the development sets differ, both ties between equal cuts: 嗡嗡/嗡 or 嗡/嗡嗡). jieba
itself is loaded only by :func:`parts` for a dictionary word of six characters or fewer that
is not the glossary's (the page never asks for one).

A rebuild whose pages all come from the page cache (``cache.py``) needs no segmenter, so the
glossary's terms are only *noted* by :func:`add_words` and given to the segmenter on the
first :func:`cut`. Readings (``engine.py``) and the search index (``searchindex.py``) both
segment through here, so they always see the same words.

Material's search plugin segments with jieba itself; the build has it cut with :func:`cut`
instead (the hook's ``_material_segmenter``), so it has the glossary's words whether or not
this build read a text (a warm build reads none), and jieba's dictionary is not loaded for it.
"""
from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from ..base.pinyin import HAN_RUN

_words: set[str] = set()  # every word given in this process
_new: set[str] = set()  # given, not yet added to the segmenter


def add_words(forms: Iterable[str]) -> None:
    """Teach the segmenter the glossary's terms (each Han run of two or more characters)."""
    new = {run for form in forms for run in HAN_RUN.findall(form) if len(run) > 1} - _words
    _words.update(new)
    _new.update(new)


_splits: dict[str, tuple[str, ...]] = {}  # annotations/words.yml: a word -> its parts
_joins: frozenset[str] = frozenset()  # …and words made of two or more of the segmenter's
_longest_join = 0


def fix_words(splits: Mapping[str, Sequence[str]], joins: Iterable[str]) -> None:
    """The contributors' corrections of word boundaries (``annotations/words.yml``, loaded by
    ``annotations/wordfixes.py``), applied to every cut from now on: a word in ``splits`` is
    cut into its parts, consecutive words that make one of ``joins`` are joined.

    >>> fix_words({"行等": ("行", "等")}, ["快递员"]); cut("住、行等"), cut("一名快递员")
    (['住', '、', '行', '等'], ['一名', '快递员'])
    >>> fix_words({}, [])
    """
    global _splits, _joins, _longest_join
    _splits = {w: tuple(p) for w, p in splits.items()}
    _joins = frozenset(joins)
    _longest_join = max(map(len, _joins), default=0)


def fixes() -> str:
    """The corrections in force, as one stable text (for the caches' fingerprints)."""
    return "\n".join(sorted([f"join {w}" for w in _joins] + [f"split {' '.join(p)}" for p in _splits.values()]))


def _fixed(tagged: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """A cut with the corrections applied: joins (the longest first), then splits. A joined
    or split word takes the dictionary's flag for itself ("x" when it lists none)."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(tagged)
    while i < n:
        if _joins:
            text, j, best = tagged[i][0], i + 1, 0
            while j < n and len(text) + len(tagged[j][0]) <= _longest_join:
                text += tagged[j][0]
                j += 1
                if text in _joins:
                    best = j
            if best:
                word = "".join(w for w, _ in tagged[i:best])
                out.append((word, _flag(word)))
                i = best
                continue
        word, tag = tagged[i]
        if word in _splits:
            out.extend((part, _flag(part)) for part in _splits[word])
        else:
            out.append((word, tag))
        i += 1
    return out


def _flag(word: str) -> str:
    rjieba = _rjieba()
    return (rjieba.tag(word, False)[0][1] or "x") if rjieba.has_word(word) else "x"


def words() -> list[str]:
    """Every word given to :func:`add_words` in this process. jieba cannot forget a word, so
    a glossary term removed while ``mkdocs serve`` runs still segments until the process
    ends; the page cache's fingerprint is made of this list, not of the current glossary, so
    pages cut with it are never served by a later process that does not have it.
    """
    return sorted(_words)


def _rjieba():
    import rjieba

    if _new:
        for word in sorted(_new):
            rjieba.add_word(word, 100000, None)
        _new.clear()
        _cut.cache_clear()  # remembered cuts were made without these words
    return rjieba


def _jieba():
    """jieba itself, with every word given so far (for :func:`parts` only)."""
    import jieba

    missing = _words - _in_jieba
    if missing:
        jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is not ours
        for word in sorted(missing):
            jieba.add_word(word, freq=100000)
        _in_jieba.update(missing)
    return jieba


_in_jieba: set[str] = set()  # the words jieba (not rjieba) has been given


def forget_cuts() -> None:
    """Forget the remembered cuts (a worker of the reading pass bounds its memory so)."""
    _cut.cache_clear()


def cut(text: str) -> list[str]:
    """jieba's words of ``text``.

    The search index and the readings segment the same runs of a page, one after the other;
    the last 20,000 answers are remembered (and forgotten when the glossary's words change).

    >>> add_words(["接诉即办"]); cut("推行接诉即办")
    ['推行', '接诉即办']
    """
    return [w for w, _ in cut_tagged(text, hmm=True)]


def cut_tagged(text: str, hmm: bool = False) -> list[tuple[str, str]]:
    """jieba's words of ``text`` with their part-of-speech flags from jieba's dictionary
    ("x" for a word it does not list).

    Without ``hmm``, no hidden Markov model joins unknown characters into new words: it
    would glue a particle to its neighbour (动情地说 as 动情 + 地说). With it, the words are
    :func:`cut`'s. The rules need only the flags of the particles and of listed words, which
    the dictionary gives (jieba's own tagger guesses a flag for the model's new words too).

    >>> cut_tagged("更好地服务")
    [('更好', 'd'), ('地', 'uv'), ('服务', 'vn')]
    >>> cut_tagged("他动情地说"), cut_tagged("他动情地说", hmm=True)
    ([('他', 'r'), ('动情', 'n'), ('地', 'uv'), ('说', 'v')], [('他', 'r'), ('动情', 'n'), ('地说', 'x')])
    """
    if _new:
        _rjieba()
    cut_ = _cut(text, hmm)
    return _fixed(cut_) if _splits or _joins else list(cut_)


@lru_cache(maxsize=40_000)
def _cut(text: str, hmm: bool) -> tuple[tuple[str, str], ...]:
    rjieba = _rjieba()
    # A word that is not in the dictionary has no flag (rjieba guesses one for the hidden
    # Markov model's new words, "eng" or "m" for Latin letters and digits).
    return tuple((w, tag if tag and rjieba.has_word(w) else "x") for w, tag in rjieba.tag(text, hmm))


def is_word(text: str) -> bool:
    """Whether jieba's dictionary (or the glossary) lists ``text`` as a word.

    >>> is_word("行政区域"), is_word("政区域")
    (True, False)
    """
    return _rjieba().has_word(text)


def char_tag(char: str) -> str:
    """jieba's dictionary flag of one character ("x" when it does not list it).

    >>> char_tag("看"), char_tag("𠀀")
    ('v', 'x')
    """
    rjieba = _rjieba()
    return (rjieba.tag(char, False)[0][1] or "x") if rjieba.has_word(char) else "x"


@cache
def _long_words() -> dict[str, int]:
    """The frequencies of jieba's dictionary words longer than six characters (1,843 of its
    349,046; rjieba's dictionary is the same file)."""
    spec = importlib.util.find_spec("jieba")
    text = (Path(spec.submodule_search_locations[0]) / "dict.txt").read_text("utf-8")
    return {word: int(freq) for word, freq in re.findall(r"^(\S{7,}) (\d+)", text, re.M)}


def parts(word: str) -> list[str]:
    """The words a word is made of, without the word itself: how jieba would cut it if it
    were not in its dictionary. For long glossary forms, which the segmenter is taught as
    single words, so that a page can show the words inside them.

    >>> add_words(["制度优势持续转化为治理效能"]); parts("制度优势持续转化为治理效能")
    ['制度', '优势', '持续', '转化', '为', '治理', '效能']
    >>> parts("中")
    ['中']
    """
    if len(word) < 2:
        return [word]
    if word in _splits:
        return list(_splits[word])
    # rjieba can leave the word out for a moment (frequency 0 takes it out of every cut) when
    # its frequency is known, to give it back: a glossary word's (100,000), a long word's of
    # jieba's dictionary. That spares loading jieba itself (a second and 80 MB); the parts
    # are jieba's for every glossary word and every long dictionary word (tests).
    rjieba = _rjieba()
    if not rjieba.has_word(word):
        return rjieba.cut(word, False)
    frequency = 100000 if word in _words else _long_words().get(word)
    if frequency:
        rjieba.add_word(word, 0, None)
        try:
            return rjieba.cut(word, False)
        finally:
            rjieba.add_word(word, frequency, None)
    dt = _jieba().dt
    dag = dt.get_DAG(word)
    dag[0] = [end for end in dag[0] if end != len(word) - 1] or [0]
    route: dict[int, tuple[float, int]] = {}
    dt.calc(word, dag, route)
    out, i = [], 0
    while i < len(word):
        j = route[i][1] + 1
        out.append(word[i:j])
        i = j
    return out
