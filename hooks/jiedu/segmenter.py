"""Word segmentation with jieba, loaded only when a text needs it.

jieba takes about half a second to load its dictionary and as long again for its
part-of-speech tables; a build that reads no text needs neither. So the glossary's terms are
only *noted* by :func:`add_words` and given to jieba on the first :func:`cut`, or by
:func:`load`. Readings (``readings.py``) and the search index (``searchindex.py``) both
segment through here, so they always see the same words.

jieba is one per process and Material's search plugin cuts with it too: the build calls
:func:`load` before any page is indexed, so Material's segmentation is the same whether or
not this build read a text (a warm build reads none).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache

from .pinyin import HAN_RUN

_words: set[str] = set()  # every word given in this process
_new: set[str] = set()  # given, not yet added to jieba


def add_words(forms: Iterable[str]) -> None:
    """Teach the segmenter the glossary's terms (each Han run of two or more characters)."""
    new = {run for form in forms for run in HAN_RUN.findall(form) if len(run) > 1} - _words
    _words.update(new)
    _new.update(new)


def words() -> list[str]:
    """Every word given to :func:`add_words` in this process. jieba cannot forget a word, so
    a glossary term removed while ``mkdocs serve`` runs still segments until the process
    ends; the page cache's fingerprint is made of this list, not of the current glossary, so
    pages cut with it are never served by a later process that does not have it.
    """
    return sorted(_words)


def load() -> None:
    """Give jieba the words noted so far, now (loading its dictionary if it has not been).
    Does nothing when no word was given."""
    if _new:
        _jieba()


_known: dict[str, tuple[str, ...]] = {}  # cuts made elsewhere (a reading pass), see known()


@contextmanager
def known(cuts: Mapping[str, Sequence[str]]) -> Iterator[None]:
    """Within the block, :func:`cut` answers these runs with these words instead of asking
    jieba: the reading pass cut them in another process, with the same words.

    >>> with known({"ABC": ("A", "BC")}): cut("ABC")
    ['A', 'BC']
    """
    _known.update(cuts)
    try:
        yield
    finally:
        _known.clear()


@lru_cache(maxsize=1)
def _import_jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is not ours
    return jieba


def _jieba():
    jieba = _import_jieba()
    if _new:
        for word in sorted(_new):
            jieba.add_word(word, freq=100000)
        _new.clear()
        _cut.cache_clear()  # remembered cuts were made without these words
    return jieba


def cut(text: str) -> list[str]:
    """jieba's words of ``text``.

    The search index and the readings segment the same runs of a page, one after the other;
    the last 20,000 answers are remembered (and forgotten when the glossary's words change).

    >>> add_words(["接诉即办"]); cut("推行接诉即办")
    ['推行', '接诉即办']
    """
    if text in _known:
        return list(_known[text])
    if _new:
        _jieba()
    return list(_cut(text))


@lru_cache(maxsize=20_000)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(_jieba().cut(text))


def forget_cuts() -> None:
    """Forget the remembered cuts (a worker of the reading pass bounds its memory so)."""
    _cut.cache_clear()


def cut_tagged(text: str) -> list[tuple[str, str]]:
    """jieba's dictionary words of ``text`` with their part-of-speech flags from jieba's
    dictionary ("x" for a character it does not list).

    Unlike :func:`cut`, no hidden Markov model joins unknown characters into new words: it
    would glue a particle to its neighbour (动情地说 as 动情 + 地说). jieba's own tagger
    (``jieba.posseg``) runs such a model for tags too; the rules need only the flags of the
    particles and of listed words, which the dictionary gives, at a sixth of the cost.

    >>> cut_tagged("更好地服务")
    [('更好', 'd'), ('地', 'uv'), ('服务', 'vn')]
    """
    found = list(_jieba().cut(text, HMM=False))
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab
    return [(w, tags.get(w, "x")) for w in found]


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
