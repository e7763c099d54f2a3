"""How likely a chosen reading is wrong: the review's ranking (``scripts/review_readings.py``).

A logistic regression over what the engine knows of each character it read: what chose the
reading (a dictionary phrase, CC-CEDICT, the character alone, g2pM's model, a rule, the
lexicon), how many readings the character has, how sure g2pM's model is of the reading
chosen and whether it prefers another, how common the character is, and the character
itself (some are misread far more often than others: 种, 铺, 曾). Its weights are learnt
from the development sets by ``scripts/learn_review.py``, which measures on held-out folds
how many errors the review catches at a given number of flags and whether the probabilities
are calibrated (the share of flagged readings that are wrong is about the mean probability).

It does not choose readings (``engine.py`` does) and is not used by the build.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .lexicon import toneless

WEIGHTS = Path(__file__).parent / "data" / "review-weights.json"
#: Characters jieba's dictionary counts fewer times than this as a word of their own are rare.
RARE = 100


@dataclass(frozen=True)
class Reading:
    """One character as the engine read it, with what the review needs to know."""

    char: str
    reading: str
    source: str  # the engine's source ("dictionary", "model", "rule: …", …)
    phrase: int  # dictreading.OPEN, PHRASE or CEDICT
    word_length: int
    readings: int  # how many readings pypinyin gives the character
    candidates: tuple[str, ...] = ()  # g2pM's readings of the character, if it has several
    probabilities: tuple[float, ...] = ()  # and its probability of each, in this sentence
    frequency: int = 0  # jieba's count of the character as a word
    word: str = ""  # the word it stands in


def features(r: Reading) -> list[tuple[str, float]]:
    """The features of one reading, as (name, value) pairs.

    >>> dict(features(Reading("行", "háng", "dictionary", 1, 2, 2, ("xíng", "háng"), (0.3, 0.7), 5000)))["disagree"]
    0.0
    """
    source = r.source.split(":")[0]
    if source == "dictionary":
        source = ("open", "phrase", "cedict")[r.phrase]
    elif source == "rule":
        source = "rule " + r.source.split(":", 1)[1].strip()
    out = [("bias", 1.0), (f"source={source}", 1.0), (f"readings={min(r.readings, 3)}", 1.0),
           ("log frequency", math.log(r.frequency + 1) / 10), ("one-character word", float(r.word_length == 1))]
    if r.readings > 1:
        out += [(f"char={r.char}", 1.0), (f"char={r.char} {r.reading}", 1.0)]
        if r.frequency < RARE:
            out.append(("rare", 1.0))
        share = _shares().get(r.char, {}).get(r.reading)
        if share is not None:
            out += [("other readings' share", 1.0 - share), (f"other readings' share, {source}", 1.0 - share)]
    if r.candidates and r.probabilities:
        best = max(range(len(r.probabilities)), key=r.probabilities.__getitem__)
        chosen = _index(r.candidates, r.reading)
        p = r.probabilities[chosen] if chosen is not None else 0.0
        doubt = math.log(1.0 - min(p, 1.0) + 1e-4)
        disagree = float(chosen != best)
        out += [("model doubt", doubt), (f"model doubt, {source}", doubt), ("disagree", disagree),
                (f"disagree, {source}", disagree), (f"candidates={min(len(r.candidates), 3)}", 1.0)]
    return out


def probability(r: Reading, weights: dict[str, float] | None = None) -> float:
    """The probability that ``r``'s reading is wrong (by the learnt weights)."""
    weights = _weights() if weights is None else weights
    z = sum(weights.get(name, 0.0) * value for name, value in features(r))
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def _index(candidates: Sequence[str], reading: str) -> int | None:
    if reading in candidates:
        return candidates.index(reading)
    bare = toneless(reading)  # a light syllable: the candidate it lightens
    return next((k for k, c in enumerate(candidates) if toneless(c) == bare), None)


@cache
def _shares() -> dict[str, dict[str, float]]:
    """For each character, the share of each reading among the dictionary words that hold
    it (pypinyin's phrases and CC-CEDICT's words): how often the other readings occur."""
    from collections import Counter, defaultdict

    from pypinyin.constants import PHRASES_DICT

    from .lexicon import cedict_words

    counts: dict[str, Counter] = defaultdict(Counter)
    for word, items in PHRASES_DICT.items():
        if len(items) == len(word):
            for ch, item in zip(word, items):
                counts[ch][item[0]] += 1
    for word, syllables in cedict_words().items():
        for ch, syllable in zip(word, syllables):
            counts[ch][syllable] += 1
    return {ch: {s: n / sum(c.values()) for s, n in c.items()} for ch, c in counts.items() if len(c) > 1}


@cache
def _weights() -> dict[str, float]:
    return json.loads(WEIGHTS.read_text("utf-8"))["weights"]
