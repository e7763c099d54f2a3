#!/usr/bin/env python3
"""List the readings of each text that the engine is least sure of, with the fix for each.

    make review                                  # every text under docs/texts/
    .venv/bin/python scripts/review_readings.py docs/texts/my-text.md
    .venv/bin/python scripts/review_readings.py --dev    # recall on the THCHS-30 dev sentences

    make review TEXT=my-text                     # one text
    .venv/bin/python scripts/review_readings.py --threshold 0.1   # fewer, likelier errors

A contributor checking a new text starts here. Every reading gets a probability of being
wrong from ``reading/doubt.py`` (learnt by ``scripts/learn_review.py`` on the development
sets: what chose it, how sure g2pM's model is and whether it prefers another reading, the
character); the readings at least as likely wrong as the learnt threshold are listed, about
one per 40 characters, most likely first within each line. On held-out THCHS-30 dev
sentences that catches 65 % of the errors, and about one listed reading in eight is
wrong (``--dev``; ``learn_review.py`` for the held-out figures).

Each entry gives the text's line, the context, the probability, what chose the reading, and
the two ways to settle it: the entry for ``annotations/reviewed/<slug>.yml`` when the reading
is right (``reading/reviewed.py``; the review then no longer lists it), the entry for
``annotations/readings.yml`` when it is wrong (edit the pinyin). Readings fixed by an override
or a glossary entry are not listed, nor the citation tones of 一 and 不.
"""
from __future__ import annotations

import argparse
import os
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
from jiedu.reading.reviewed import Reviewed, confirmed, load_reviewed, unused  # noqa: E402
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
            model.candidates(ch) if i in probs else (), probs.get(i, ()), freq.get(ch, 0), seg.text)))
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


#: The probabilities of the readings listed so far (the summary's expected count of errors).
EXPECTED: list[float] = []


def review_file(eng: ReadingEngine, path: Path, reviewed: Reviewed | None = None) -> list[str]:
    """Flags of a Markdown text, line by line (front matter and HTML skipped), less the
    readings ``reviewed`` confirms."""
    lines = path.read_text("utf-8").splitlines()
    body_start = 0
    if lines and lines[0] == "---":
        body_start = next((n + 1 for n, line in enumerate(lines[1:], 1) if line == "---"), 0)
    out = []
    skipping = False  # inside a block the page shows without pinyin (the notes)
    for number, line in enumerate(lines[body_start:], body_start + 1):
        stripped = line.strip()
        if skipping:
            skipping = stripped != "</div>"
            continue
        if stripped.startswith("<div") and "no-ruby" in stripped and "</div>" not in stripped:
            skipping = True
            continue
        if stripped.startswith(("<", "{")):
            continue  # raw HTML (the English) and attribute lists
        block = line.lstrip("#").strip()
        for flag in flags(eng, block):
            if reviewed and confirmed(reviewed, block, flag.index, flag.reading):
                continue
            a, b = max(0, flag.index - 12), flag.index + 12
            context = block[a : flag.index] + "【" + flag.char + "】" + block[flag.index + 1 : b]
            EXPECTED.append(flag.probability)
            out.append(f"{path}:{number}: {flag.char} {flag.reading} in {flag.word}: {flag.probability:.0%} likely wrong ({flag.why})\n"
                       f"    {context}\n"
                       f"    right: add to annotations/reviewed/{path.stem}.yml  - {{context: {context}, reading: {flag.reading}, by: …}}\n"
                       f"    wrong: add to annotations/readings.yml {fix_entry(flag).strip()}")
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
    parser.add_argument("--text", help="one text by its slug (docs/texts/SLUG.md); make review TEXT=slug")
    parser.add_argument("--threshold", type=float, help="list readings at least this likely wrong (default: the learnt one, one per 40 characters)")
    parser.add_argument("--dev", action="store_true", help="the review's recall on the THCHS-30 dev sentences")
    args = parser.parse_args(argv)
    if args.dev:
        from bench_readings import SHARED

        print(dev_recall(SHARED / "sentences-dev" / "thchs30.tsv"))
        return 0
    from readings import engine

    text = args.text or os.environ.get("JIEDU_TEXT", "")
    paths = args.paths or ([ROOT / "docs" / "texts" / f"{text}.md"] if text else sorted((ROOT / "docs" / "texts").glob("*.md")))
    try:
        eng = engine(ROOT)
        total = 0
        for path in paths:
            shown = path.relative_to(ROOT) if path.is_absolute() and path.is_relative_to(ROOT) else path
            if not path.is_file():
                print(f"{shown}: error: no such text; TEXT is a slug of docs/texts/ ({', '.join(p.stem for p in sorted((ROOT / 'docs' / 'texts').glob('*.md')))})", file=sys.stderr)
                return 1
            record = ROOT / "annotations" / "reviewed" / f"{path.stem}.yml"
            reviewed = load_reviewed(record, ROOT, str(record.relative_to(ROOT)))
            try:
                body = path.read_text("utf-8")
                found = review_file(eng, shown, reviewed) if args.threshold is None else review_file_at(eng, shown, reviewed, args.threshold)
            except (OSError, UnicodeDecodeError) as e:
                print(f"{shown}: error: cannot read it as UTF-8 text ({e})", file=sys.stderr)
                return 1
            for c in unused(reviewed, body.replace("\n", "")):
                print(f"{record.relative_to(ROOT)}:{c.line}: warning: the text no longer holds this context; remove the entry", file=sys.stderr)
            total += len(found)
            print(f"# {shown}: {len(found)} readings to check" + (":" if found else ""))
            for entry in found:
                print(entry)
    except JieduError as e:
        print(e, file=sys.stderr)
        return 1
    expected = sum(EXPECTED)
    print(f"\n{total} readings to check; by their probabilities about {expected:.0f} of them are wrong"
          + (f" (expected precision {expected / total:.0%}" if total else " (")
          + "; on held-out development sentences this list holds about two thirds of the errors).")
    return 0


def review_file_at(eng: ReadingEngine, path: Path, reviewed: Reviewed, threshold: float) -> list[str]:
    global default_threshold
    saved = default_threshold
    default_threshold = lambda: threshold  # noqa: E731
    try:
        return review_file(eng, path, reviewed)
    finally:
        default_threshold = saved


if __name__ == "__main__":
    sys.exit(main())
