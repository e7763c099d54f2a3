#!/usr/bin/env python3
"""List the readings of each text that the engine is least sure of, with the fix for each.

    make review                                  # every text under docs/texts/
    .venv/bin/python scripts/review_readings.py docs/texts/my-text.md
    .venv/bin/python scripts/review_readings.py --dev    # recall on the THCHS-30 dev sentences

A contributor checking a new text starts here. A reading is listed when:

- **model unsure**: g2pM chose it with a probability under 0.9;
- **disagree**: the dictionary or a rule chose it and the model, asked anyway, is at least
  0.9 sure of another reading;
- **model over the dictionary**: the model changed the reading the dictionary gave (outside a
  dictionary phrase, or where ``modelgate.py`` lets it overrule one), however sure: on the
  THCHS-30 dev sentences about one such change in six is wrong, often with certainty;
- **rare**: the character has several readings and is outside the common set (rare in jieba's
  dictionary), where neither dictionary nor model has seen it much.

Each entry gives the text's line, the sentence, and the entry to add to
``annotations/readings.yml`` if the reading is wrong (edit the pinyin). Readings fixed by an
override or a glossary entry are not listed: someone already checked them.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))

from pypinyin.constants import PINYIN_DICT  # noqa: E402

from jiedu.reading import doubt, model  # noqa: E402
from jiedu.base.errors import JieduError  # noqa: E402
from jiedu.reading.lexicon import toneless  # noqa: E402
from jiedu.reading.engine import CITATION, SENTENCE, ReadingEngine  # noqa: E402
from jiedu.reading.segment import Segment  # noqa: E402

#: Flag rates the review is measured at (``--dev``), flags per character.
RATES = (1 / 80, 1 / 60, 1 / 40, 1 / 30, 1 / 20)
#: The default threshold: the probability of being wrong above which a reading is listed,
#: chosen by ``scripts/learn_review.py`` for about one flag per 40 characters on THCHS-30 dev.
THRESHOLD_KEY = "threshold"


@dataclass(frozen=True)
class Flag:
    """One reading to check: where (character index in the text), what, and how likely it is wrong."""

    index: int
    char: str
    word: str
    syllables: tuple[str, ...]
    reading: str
    probability: float
    why: str


def readings(eng: ReadingEngine, text: str) -> list[tuple[int, Segment, int, doubt.Reading]]:
    """Every Han character of ``text`` as the engine read it: (index in the text, its word,
    index in the word, what the review model needs to know of it)."""
    from jiedu.reading import dictreading
    from jiedu.base.pinyin import HAN_RUN

    kinds = {}
    for m in HAN_RUN.finditer(text):
        kinds.update(zip(range(m.start(), m.end()), dictreading.read_run(m.group())[3]))
    out, pos = [], 0
    for item in eng.annotate(text):
        if isinstance(item, Segment):
            for k, ch in enumerate(item.text):
                out.append((pos + k, item, k, ch))
            pos += len(item.text)
        else:
            pos += len(item)
    probs = {}
    questions = []
    for m in SENTENCE.finditer(text):
        where = [i for i, _, _, ch in out if m.start() <= i < m.end() and model.candidates(ch)]
        if where:
            questions.append((m.start(), m.group(), where))
    if questions:
        for (start, _, where), dists in zip(questions, model.distributions([(s, [i - start for i in w]) for start, s, w in questions])):
            probs.update(zip(where, dists))
    freq = _frequencies()
    result = []
    for i, seg, k, ch in out:
        source = (seg.sources or ("dictionary",) * len(seg.text))[k]
        result.append((i, seg, k, doubt.Reading(
            ch, seg.syllables[k], source, kinds.get(i, 0), len(seg.text), len(PINYIN_DICT.get(ord(ch), "").split(",")),
            model.candidates(ch) if i in probs else (), probs.get(i, ()), freq.get(ch, 0))))
    return result


def flags(eng: ReadingEngine, text: str, threshold: float | None = None) -> list[Flag]:
    """The readings of ``text`` whose probability of being wrong is at least ``threshold``
    (default: the learnt one); readings an override fixed, and 一/不 (citation tones), are
    not listed."""
    threshold = default_threshold() if threshold is None else threshold
    out = []
    for i, seg, k, r in readings(eng, text):
        if r.source == "override" or r.char in CITATION:
            continue
        p = doubt.probability(r)
        if p >= threshold:
            out.append(Flag(i, r.char, seg.text, seg.syllables, r.reading, p, _why(r)))
    return out


def default_threshold() -> float:
    import json

    return json.loads(doubt.WEIGHTS.read_text("utf-8"))[THRESHOLD_KEY]


def _why(r: doubt.Reading) -> str:
    """What chose the reading, and what the model thinks of it, for the contributor."""
    source = r.source
    if source == "dictionary":
        source = ("the character's first reading", "a dictionary phrase", "CC-CEDICT's word")[r.phrase]
    if r.candidates and r.probabilities:
        best = max(range(len(r.probabilities)), key=r.probabilities.__getitem__)
        if r.candidates[best] != r.reading and toneless(r.candidates[best]) != toneless(r.reading):
            return f"{source}; the model says {r.candidates[best]} ({r.probabilities[best]:.2f})"
        return f"{source}; the model agrees ({r.probabilities[best]:.2f})"
    return source


@cache
def _frequencies() -> dict[str, int]:
    """jieba's count of each character as a word of its own."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    text = (Path(spec.submodule_search_locations[0]) / "dict.txt").read_text("utf-8")
    return {line[0]: int(line.split()[1]) for line in text.splitlines() if len(line.split()[0]) == 1}


def fix_entry(flag: Flag) -> str:
    return f"  - {{phrase: {flag.word}, pinyin: {' '.join(flag.syllables)}, why: \"…\"}}"


def review_file(eng: ReadingEngine, path: Path) -> list[str]:
    """Flags of a Markdown text, line by line (front matter skipped)."""
    lines = path.read_text("utf-8").splitlines()
    body_start = 0
    if lines and lines[0] == "---":
        body_start = next((n + 1 for n, line in enumerate(lines[1:], 1) if line == "---"), 0)
    out = []
    for number, line in enumerate(lines[body_start:], body_start + 1):
        if line.lstrip().startswith("<"):
            continue  # raw HTML (notes in English)
        for flag in flags(eng, line):
            a, b = max(0, flag.index - 12), flag.index + 12
            context = line[a : flag.index] + "【" + flag.char + "】" + line[flag.index + 1 : b]
            out.append(f"{path}:{number}: {flag.char} {flag.reading} in {flag.word}: {flag.reason}\n"
                       f"    {context}\n{fix_entry(flag)}")
    return out


def dev_recall(data: Path) -> str:
    """The review's recall on THCHS-30 dev at fixed flag rates: ``scripts/learn_review.py``
    measures it on held-out folds (these are the shipped weights, learnt on all of it)."""
    import learn_review

    rows, chars = learn_review.collect(data.parent.parent)
    lines, _ = learn_review.report(learn_review.predict(doubt._weights(), rows), rows, chars)
    return "\n".join(["The shipped weights on the data they were learnt from (optimistic; held-out figures: scripts/learn_review.py):", "", *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="Markdown texts (default: docs/texts/*.md)")
    parser.add_argument("--dev", action="store_true", help="measure recall on the THCHS-30 dev sentences")
    args = parser.parse_args(argv)
    if args.dev:
        from bench_readings import SHARED

        print(dev_recall(SHARED / "sentences-dev" / "thchs30.tsv"))
        return 0
    from readings import engine

    try:
        eng = engine(ROOT)
    except JieduError as e:
        print(e, file=sys.stderr)
        return 1
    paths = args.paths or sorted((ROOT / "docs" / "texts").glob("*.md"))
    total = 0
    for path in paths:
        try:
            found = review_file(eng, path.relative_to(ROOT) if path.is_absolute() and path.is_relative_to(ROOT) else path)
        except (OSError, UnicodeDecodeError) as e:
            print(f"{path}: error: cannot read it as UTF-8 text ({e})", file=sys.stderr)
            return 1
        total += len(found)
        print(f"# {path}: {len(found)} readings to check" + (":" if found else ""))
        for entry in found:
            print(entry)
    print(f"\n{total} readings to check. Fix a wrong one by adding its entry (with the right pinyin) to annotations/readings.yml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
