"""A run of Han characters read without the model: the dictionary, the lexicon, the rules.

Each word of jieba's is read as pypinyin's phrase dictionary lists it, or else by pypinyin
within the word: never across a word boundary, where a phrase of the dictionary may
straddle two words (勇猛的士气 holds 的士 "taxi", 光标的 holds 标的). The lexicon
(``lexicon.py``) and the context rules (``rules.py``) then correct it, and 一 and 不 take
their citation tones. What the model may still change is the reading engine's decision
(``engine.py``); this module only says, for each character, whether a dictionary phrase
gave its syllable.
"""
from __future__ import annotations

from functools import lru_cache

from . import rules
from .lexicon import CHAR_FIXES, FULL, cedict_words
from .segmenter import cut_tagged, is_word

CITATION = {"一": "yī", "不": "bù"}
#: Where a character's syllable came from, for the model's gate (``modelgate.py``): no phrase
#: (pypinyin's reading of the character alone), a phrase of pypinyin's dictionary, a word of
#: CC-CEDICT's that pypinyin's dictionary lacks (``lexicon.cedict_words``).
OPEN, PHRASE, CEDICT = 0, 1, 2

#: Characters whose rules need jieba's dictionary words (no hidden Markov model joining a
#: particle to its neighbour: 动情地说 as 动情 + 地说); other runs are cut as the search
#: index cuts them.
TAGGED = frozenset("了着地得为")

# pypinyin, imported by the first reading (_load_pypinyin): importing it takes a fifth of a
# second and 50 MB, which a build whose pages all come from the page cache does not need.
pinyin = Style = PHRASES_DICT = PINYIN_DICT = phrase_segmenter = None


def read_run(run: str) -> tuple[list[str], list[str], list[tuple[str, str]], list[int]]:
    """Read a run word by word, then let the lexicon, the context rules and citation tones
    correct it. Returns the syllables, where each came from, jieba's words with their tags,
    and for each character whether a dictionary phrase gave its syllable (``OPEN``, ``PHRASE``,
    ``CEDICT``).

    >>> syllables, sources, words, phrase = read_run("银行很重")
    >>> syllables, [w for w, _ in words], phrase
    (['yín', 'háng', 'hěn', 'zhòng'], ['银行', '很', '重'], [1, 1, 0, 0])
    """
    _load_pypinyin()
    words = _words(run)
    syllables: list[str] = []
    phrase: list[int] = []
    for word, _flag in words:
        syl, ph = word_reading(word)
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
def word_reading(word: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A word's syllables out of context, and whether a dictionary phrase gave each one
    (``PHRASE``: pypinyin's; ``CEDICT``: CC-CEDICT's word where pypinyin lists none).

    The word's own phrase if pypinyin's dictionary lists it, else CC-CEDICT's reading of it,
    else the dictionaries' words within it, else each character's first reading (tone marks,
    pypinyin's first readings); done here without pypinyin's general machinery (styles, error
    handlers), which cost three times as much.

    >>> _load_pypinyin(); word_reading("银行行长")
    (('yín', 'háng', 'háng', 'zhǎng'), (1, 1, 1, 1))

    A word no dictionary lists is read in the dictionaries' words it is made of, found from
    its end (:func:`_pieces`): pypinyin's own longest match from the start cuts 配送行业 as
    配 + 送行 + 业, and 本行政区域 as 本行 + 政区 + 域.

    >>> word_reading("配送行业")[0], word_reading("本行政区域")[0]
    (('pèi', 'sòng', 'háng', 'yè'), ('běn', 'xíng', 'zhèng', 'qū', 'yù'))
    """
    listed = PHRASES_DICT.get(word) if len(word) > 1 else None
    if listed and len(listed) == len(word):
        return tuple(CHAR_FIXES.get(ch) or item[0] for ch, item in zip(word, listed)), (PHRASE,) * len(word)
    cedict = cedict_words().get(word) if len(word) > 1 else None
    if cedict:
        # where CC-CEDICT writes a light syllable, the character is read as if alone (the model
        # may decide it; the lexicon decides lightness)
        own = word_reading_by_pypinyin(word) if FULL in cedict else ((), ())
        return (tuple(own[0][i] if s == FULL else s for i, s in enumerate(cedict)),
                tuple(own[1][i] if s == FULL else CEDICT for i, s in enumerate(cedict)))
    if len(word) == 1:
        return (CHAR_FIXES.get(word) or _first_reading(word),), (OPEN,)
    if not all(map(PINYIN_DICT.__contains__, map(ord, word))):  # pypinyin splits the word there: let it
        return word_reading_by_pypinyin(word)
    syllables: list[str] = []
    phrase: list[int] = []
    for piece in _pieces(word):
        syl, ph = word_reading(piece)
        syllables.extend(syl)
        phrase.extend(ph)
    return tuple(syllables), tuple(phrase)


#: The longest dictionary word :func:`_pieces` looks for.
LONGEST = 8


def _pieces(word: str) -> list[str]:
    """A word no dictionary of readings lists, cut into shorter words, longest first from
    the end (backward maximum matching, which errs less than forward on Chinese): a phrase of
    pypinyin's or a word of CC-CEDICT's where one ends there, else a word of jieba's
    dictionary (which also lists fragments such as 业协会). 本行政区域 is 本 + 行政区域, not
    pypinyin's 本行 + 政区 + 域; 干部队伍 is 干部 + 队伍; 行业协会 is 行业 + 协会.

    >>> _load_pypinyin(); _pieces("本行政区域"), _pieces("干部队伍"), _pieces("行业协会")
    (['本', '行政区域'], ['干部', '队伍'], ['行业', '协会'])
    """
    cedict = cedict_words()
    out: list[str] = []
    end = len(word)
    while end > 0:
        starts = range(max(0, end - LONGEST) if end < len(word) else 1, end - 1)  # never the whole word
        start = next((a for a in starts if word[a:end] in PHRASES_DICT or word[a:end] in cedict), None)
        if start is None:
            start = next((a for a in starts if is_word(word[a:end])), end - 1)
        out.append(word[start:end])
        end = start
    return out[::-1]


def word_reading_by_pypinyin(word: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """:func:`word_reading` through pypinyin's own ``pinyin()`` (the reference the fast path
    is tested against, and the path for characters pypinyin's table lacks)."""
    _load_pypinyin()
    syllables = [CHAR_FIXES.get(ch) or item[0] for ch, item in zip(word, pinyin(word, style=Style.TONE, errors=lambda s: [[""] for _ in s]))]
    if len(syllables) != len(word):  # pypinyin grouped unknown characters: read one by one
        return tuple(s for ch in word for s in word_reading(ch)[0]), (OPEN,) * len(word)
    phrase = tuple(PHRASE if len(w) > 1 and w in PHRASES_DICT else OPEN for w in phrase_segmenter.cut(word) for _ in w)
    return tuple(syllables), phrase


def _first_reading(char: str) -> str:
    readings = PINYIN_DICT.get(ord(char))
    return readings.split(",", 1)[0] if readings else ""


def _load_pypinyin() -> None:
    global pinyin, Style, PHRASES_DICT, PINYIN_DICT, phrase_segmenter
    if PHRASES_DICT is None:
        from pypinyin import Style, pinyin  # noqa: F811
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT  # noqa: F811
        from pypinyin.seg.mmseg import seg as phrase_segmenter  # noqa: F811


def _words(run: str) -> list[tuple[str, str]]:
    """jieba's words with their dictionary part-of-speech flags ("x" for a word jieba's
    dictionary lacks); they always concatenate back to ``run``."""
    words = cut_tagged(run, hmm=TAGGED.isdisjoint(run))
    if "".join(w for w, _ in words) != run:  # never expected; fall back to characters
        return [(ch, "x") for ch in run]
    return words
