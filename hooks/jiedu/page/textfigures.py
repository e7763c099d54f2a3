"""A text's figures for the Texts page: its length, a reading time, its HSK profile, the
level at which a reader knows 95 % of its words, and its words with their counts (from which
the browser works out the share a reader knows).

The words are the page's own: one per ``<ruby>`` of the rendered text, as the reading engine
cut them (the segmenter's words, glossary terms kept whole) and as a reader sees, looks up
and marks known. Counts are of running words (tokens), so a word used ten times weighs ten
times. The HSK 3.0 levels (GF 0025-2021: 1–6 and the 7–9 band, here 7) come from the
caller (``outputs/dictionary.py`` has them; this wing does not import it). A word the lists
do not have is judged by its parts (做好 = 做 + 好: the level of its hardest part), and is
outside the lists only when a part is too (names, rare words).

The figures are computed once per rendering of a text and kept in the page cache with it
(``site.py``); nothing here reads files.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from html import unescape

#: HSK 3.0 levels; 7 stands for the 7–9 band (one word list for three levels).
LEVELS = (1, 2, 3, 4, 5, 6, 7)
LEVEL_NAMES = {1: "1", 2: "2", 3: "3", 4: "4", 5: "5", 6: "6", 7: "7–9"}
#: The profile's bands: the seven levels, then 0 for words outside the lists.
BANDS = (*LEVELS, 0)
#: The share of a text's words a reader must know for the level a text is given (95 %: the
#: lower threshold of "adequate comprehension" in the lexical-coverage studies, Laufer 1989;
#: Hu & Nation 2000 put unassisted reading nearer 98 %).
COVERAGE = 0.95
#: Han characters a minute for the reading time. An assumption, not a measured rate: a
#: learner reading closely, at about 60 % of the 255 characters a minute native adults read
#: aloud (IReST, Trauzettel-Klosinski & Dietz 2012, doi:10.1167/iovs.11-8284, Table 2).
READING_RATE = 150

RT = re.compile(r"<rt[^>]*>[^<]*(?:</rt>)?")  # the pages omit </rt> (ruby.py)
TEXT_START = '<div class="jiedu-text"'


def word_level(word: str, levels: Mapping[str, int]) -> int | None:
    """The word's HSK level: its own, or that of its hardest part, the parts being the
    longest listed words from its start (做好 = 做 + 好; 总书记 = 总 + 书记); ``None`` when a
    part is not listed.

    >>> levels = {"做": 1, "好": 1, "书记": 5, "总": 3, "社会": 2, "工作": 1, "习": 4}
    >>> [word_level(w, levels) for w in ("做好", "总书记", "社会工作", "习近平", "书记")]
    [1, 5, 2, None, 5]
    """
    if word in levels:
        return levels[word]
    hardest, i = 0, 0
    while i < len(word):
        for j in range(len(word), i, -1):
            level = levels.get(word[i:j])
            if level is not None:
                hardest, i = max(hardest, level), j
                break
        else:
            return None
    return hardest or None


def ruby_words(html: str) -> list[str]:
    """The words of a rendered text, in order: the base of every ``<ruby>`` after the text's
    start (the metadata, headings and paragraphs; not the page's navigation).

    >>> ruby_words('<h1>x</h1><div class="jiedu-text" lang="zh"><p><ruby>工作<rt>gōng zuò</rt></ruby>，<ruby>行<rt>háng</rt>业<rt>yè</rt></ruby></p></div>')
    ['工作', '行业']
    """
    start = html.find(TEXT_START)
    if start < 0:
        return []
    out = []
    for part in html[start:].split("<ruby")[1:]:
        inner = part.partition(">")[2].partition("</ruby>")[0]
        word = unescape(RT.sub("", inner)).strip()
        if word:
            out.append(word)
    return out


@dataclass(frozen=True)
class Figures:
    """A text's tokens per HSK band (:data:`BANDS`), its Han characters, and its words with
    their counts, packed as one line per word (``工作 2``; unpacked by :attr:`words` when asked:
    the Texts page needs the bands only, the words file the words).

    >>> f = Figures.of(["社会", "工作", "工作", "习近平"] + ["的"] * 16, {"社会": 2, "工作": 1, "的": 1})
    >>> f.tokens, f.chars, f.bands, f.level95, f.shares()
    (20, 25, (18, 1, 0, 0, 0, 0, 0, 1), 2, (90, 5, 0, 0, 0, 0, 0, 5))
    >>> f.words[:2], Figures.from_json(f.to_json()) == f
    ((('习近平', 1), ('工作', 2)), True)
    """

    bands: tuple[int, ...]
    chars: int = 0
    packed: str = ""

    @classmethod
    def of(cls, words: Iterable[str], levels: Mapping[str, int]) -> Figures:
        counts = Counter(words)
        bands = Counter()
        for word, n in counts.items():
            bands[word_level(word, levels) or 0] += n
        packed = "\n".join(f"{w} {n}" for w, n in sorted(counts.items()))
        return cls(tuple(bands[b] for b in BANDS), sum(len(w) * n for w, n in counts.items()), packed)

    @cached_property
    def words(self) -> tuple[tuple[str, int], ...]:
        """(word, count) pairs, sorted by word."""
        return tuple((w, int(n)) for w, _, n in (line.rpartition(" ") for line in self.packed.split("\n") if line))

    @property
    def tokens(self) -> int:
        """Running words (every one is in a band)."""
        return sum(self.bands)

    @property
    def minutes(self) -> int:
        """Reading time at :data:`READING_RATE`, at least one minute."""
        return max(1, round(self.chars / READING_RATE))

    @property
    def level95(self) -> int | None:
        """The lowest level whose words (with all below it) are :data:`COVERAGE` of the words
        the lists cover; words outside the lists are left out (see :attr:`outside`).
        ``None`` for a text with no listed word."""
        covered = sum(self.bands[:-1])
        if not covered:
            return None
        total = 0
        for level, n in zip(LEVELS, self.bands):
            total += n
            if total >= COVERAGE * covered - 1e-9:
                return level
        return LEVELS[-1]

    @property
    def outside(self) -> int:
        """Tokens outside the lists, in per cent (as in :meth:`shares`)."""
        return self.shares()[-1]

    def shares(self) -> tuple[int, ...]:
        """Each band's share of the tokens in whole per cent, summing to 100 (largest
        remainders get the points rounding leaves over); all 0 for a text without words.

        >>> Figures((1, 1, 1, 0, 0, 0, 0, 0)).shares()
        (34, 33, 33, 0, 0, 0, 0, 0)
        """
        total = sum(self.bands)
        if not total:
            return tuple(0 for _ in BANDS)
        exact = [100 * n / total for n in self.bands]
        out = [int(x) for x in exact]
        for i in sorted(range(len(exact)), key=lambda i: (out[i] - exact[i], i))[: 100 - sum(out)]:
            out[i] += 1
        return tuple(out)

    def to_json(self) -> str:
        return json.dumps({"b": list(self.bands), "c": self.chars, "w": self.packed}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Figures:
        """Raises ``ValueError`` for a text that is not :meth:`to_json`'s (a damaged entry)."""
        try:
            data = json.loads(text)
            bands, chars, packed = tuple(int(n) for n in data["b"]), int(data["c"]), data["w"]
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"not a text's figures: {e}") from None
        if len(bands) != len(BANDS) or not isinstance(packed, str):
            raise ValueError("not a text's figures: wrong number of bands or words")
        return cls(bands, chars, packed)
