#!/usr/bin/env python3
"""List the readings of each text that the engine is least sure of, with the fix for each.

    make review                                  # every text under docs/texts/
    make review TEXT=my-text                     # one text: docs/texts/my-text.md
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
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))

from pypinyin.constants import PINYIN_DICT  # noqa: E402

from jiedu.reading import model  # noqa: E402
from jiedu.base.errors import JieduError  # noqa: E402
from jiedu.reading.lexicon import toneless  # noqa: E402
from jiedu.reading.engine import CITATION, SENTENCE, ReadingEngine  # noqa: E402
from jiedu.reading.segment import Segment  # noqa: E402

UNSURE = 0.9
DISAGREE = 0.9
#: A character jieba's dictionary counts fewer times than this (as a word of its own) is rare.
RARE = 100


@dataclass(frozen=True)
class Flag:
    """One reading to check: where (character index in the text), what, and why."""

    index: int
    char: str
    word: str
    syllables: tuple[str, ...]
    reading: str
    reason: str


def flags(eng: ReadingEngine, text: str) -> list[Flag]:
    """The readings of ``text`` worth a second look (see the module's docstring)."""
    words: list[tuple[int, Segment]] = []
    pos = 0
    for item in eng.annotate(text):
        if isinstance(item, Segment):
            words.append((pos, item))
            pos += len(item.text)
        else:
            pos += len(item)
    final = {p + i: (seg, i) for p, seg in words for i in range(len(seg.text))}
    asked = {}
    questions = []
    for m in SENTENCE.finditer(text):
        where = [i for i in range(m.start(), m.end()) if i in final and model.candidates(text[i])]
        if where:
            questions.append((m.start(), m.group(), where))
    answers = model.choose([(s, [i - start for i in where]) for start, s, where in questions]) if questions else []
    for (start, _, where), choices in zip(questions, answers):
        asked.update(zip(where, choices))
    out = []
    freq = _frequencies()
    plain = _without_model(eng).annotate(text)
    before = {}
    pos = 0
    for item in plain:
        if isinstance(item, Segment):
            before.update(zip(range(pos, pos + len(item.text)), item.syllables))
            pos += len(item.text)
        else:
            pos += len(item)
    for i, (seg, k) in sorted(final.items()):
        ch, reading = seg.text[k], seg.syllables[k]
        source = (seg.sources or ("dictionary",) * len(seg.text))[k]
        if source == "override" or ch in CITATION:
            continue
        choice = asked.get(i)
        reason = ""
        if source == "model" and choice and choice.probability < UNSURE:
            reason = f"model unsure ({choice.probability:.2f})"
        elif source == "model" and before.get(i, reading) != reading:
            reason = f"model says {reading} ({choice.probability:.2f}), the dictionary {before[i]}" if choice else "model over the dictionary"
        elif choice and source != "model" and choice.probability >= DISAGREE and _differ(choice.reading, reading):
            reason = f"{source.split(':')[0]} says {reading}, the model {choice.reading} ({choice.probability:.2f})"
        elif "," in PINYIN_DICT.get(ord(ch), "") and freq.get(ch, 0) < RARE:
            reason = "rare character with several readings"
        if reason:
            out.append(Flag(i, ch, seg.text, seg.syllables, reading, reason))
    return out


_PLAIN: dict[int, tuple[ReadingEngine, ReadingEngine]] = {}  # id → (engine, itself without the model)


def _without_model(eng: ReadingEngine) -> ReadingEngine:
    """The same engine without the model (what the dictionary and the rules read)."""
    if _PLAIN.get(id(eng), (None,))[0] is not eng:
        _PLAIN[id(eng)] = (eng, ReadingEngine(eng.overrides, use_model=False))
    return _PLAIN[id(eng)][1]


def _differ(a: str, b: str) -> bool:
    """Another syllable or another full tone: not a light syllable the model cannot write."""
    if a == b:
        return False
    return toneless(a) != toneless(b) or (a != toneless(a) and b != toneless(b))


def _frequencies() -> dict[str, int]:
    import jieba

    jieba.initialize()
    return jieba.dt.FREQ


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
    """How many of the engine's errors on the THCHS-30 dev sentences the review lists."""
    from bench_readings import label

    eng = ReadingEngine({})
    errors = caught = listed = chars = 0
    for line in data.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        _, sentence, labels = line.split("\t")
        labels = labels.split()
        got = [s for item in eng.annotate(sentence) if isinstance(item, Segment) for s in item.syllables]
        flagged = {f.index for f in flags(eng, sentence)}
        listed += len(flagged)
        chars += len(sentence)
        for i, (ch, want) in enumerate(zip(sentence, labels)):
            have = label(got[i])
            light = have[:-1] == want[:-1] and "5" in (have[-1], want[-1])
            third = have[:-1] == want[:-1] and have[-1] == "3" and want[-1] == "2"
            if ch in CITATION or have == want or light or third:
                continue
            errors += 1
            caught += i in flagged
    return (f"{errors} errors other than neutral tones and 一/不 in {chars} characters; the review lists "
            f"{listed} readings ({listed / chars:.1%} of the characters, one every {chars / max(listed, 1):.0f}) "
            f"and catches {caught} of the errors ({caught / max(errors, 1):.0%} recall)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="Markdown texts (default: docs/texts/*.md)")
    parser.add_argument("--text", metavar="SLUG", default=os.environ.get("JIEDU_REVIEW_TEXT", ""),
                        help="one text of the library: docs/texts/SLUG.md (make review TEXT=SLUG)")
    parser.add_argument("--dev", action="store_true", help="measure recall on the THCHS-30 dev sentences")
    args = parser.parse_args(argv)
    if args.text:
        page = ROOT / "docs" / "texts" / f"{args.text}.md"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.text) or not page.is_file():
            texts = ", ".join(p.stem for p in sorted((ROOT / "docs" / "texts").glob("*.md")) if p.stem != "index")
            print(f"TEXT={args.text}: error: no such text; one of: {texts}", file=sys.stderr)
            return 1
        args.paths = [page]
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
