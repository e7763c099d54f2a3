#!/usr/bin/env python3
"""Show the pinyin the site would put over Chinese text: explained, or line by line for a file.

    make readings TEXT="以习近平同志为核心的党中央"     # the pinyin by word, and what chose each reading
    make readings FILE=path/to/text.txt [NUMBERS=1]      # one line of syllables per input line
    some-command | make readings                         # the same from standard input
    .venv/bin/python scripts/readings.py [--file PATH|-] [--numbers] [--spoken] [TEXT ...]

Uses the build's own engine: annotations/readings.yml, the glossary's pinyin, pypinyin's
dictionary, the neutral-tone lexicon, the context rules and the g2pM model. Explaining, every
character with more than one possible reading is listed with what chose it (dictionary, model,
a rule, an override, the citation tone), so a contributor can check a fix first. In batch
mode each input line gives one output line: one syllable per Han character, space-separated,
nothing for other characters (``--numbers``: tone digits, 5 for the neutral tone; ``--spoken``:
the spoken tones of 一 and 不). ``make`` passes TEXT and FILE through the environment
(JIEDU_TEXT, JIEDU_FILE), never through a shell command line, so backticks or ``$(…)`` in
the text stay text.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from pypinyin.constants import PINYIN_DICT  # noqa: E402
from pypinyin.contrib.tone_convert import to_tone3  # noqa: E402

from jiedu.base.errors import JieduError  # noqa: E402
from jiedu.project import Project  # noqa: E402
from jiedu.reading.engine import ReadingEngine  # noqa: E402
from jiedu.reading.segment import Segment  # noqa: E402

#: What the engine's sources mean, for a contributor.
LABELS = {
    "override": "override (readings.yml or a glossary entry)",
    "model": "model (g2pM, from the whole sentence)",
}


def engine(root: Path) -> ReadingEngine:
    return ReadingEngine(Project.load(root).reading_table)


def explain(text: str, eng: ReadingEngine) -> str:
    """The pinyin by word, then each ambiguous character: its reading and what chose it."""
    lines, pinyin = [], []
    for item in eng.annotate(text):
        if not isinstance(item, Segment):
            continue
        pinyin.append(" ".join(item.syllables))
        spoken = item.spoken or ("",) * len(item.text)
        for ch, syl, src, said in zip(item.text, item.syllables, item.sources or ("dictionary",) * len(item.text), spoken):
            readings = PINYIN_DICT.get(ord(ch), "")
            if src == "dictionary" and "," not in readings:
                continue  # one reading only: nothing was chosen
            source = LABELS.get(src, src)
            if said:
                source += f"; spoken {said} (shown with the reader's tone-changes switch)"
            lines.append(f"  {ch}  {syl:<7} in {item.text:<8} {source}; could be {readings}")
    return "\n".join([" | ".join(pinyin), *lines])


def syllable_lines(lines: list[str], eng: ReadingEngine, numbers: bool = False, spoken: bool = False) -> list[str]:
    """One line of syllables per line of text, read as the site reads consecutive text.

    >>> syllable_lines(["他在银行工作。", "", "不是"], ReadingEngine({}), numbers=True)
    ['ta1 zai4 yin2 hang2 gong1 zuo4', '', 'bu4 shi4']
    """
    out = []
    for items in eng.annotate_all(lines):
        syllables = []
        for item in items:
            if isinstance(item, Segment):
                said = item.spoken or ("",) * len(item.text)
                syllables.extend((s2 if spoken and s2 else s) for s, s2 in zip(item.syllables, said))
        if numbers:
            syllables = [to_tone3(s, neutral_tone_with_five=True).replace("ü", "v") for s in syllables]
        out.append(" ".join(syllables))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", nargs="*", help="Chinese text to explain")
    parser.add_argument("--file", help="a UTF-8 text file to read line by line ('-': standard input)")
    parser.add_argument("--numbers", action="store_true", help="tone digits (hang2, de5) instead of marks")
    parser.add_argument("--spoken", action="store_true", help="the spoken tones of 一 and 不 (yí gè, bú shì)")
    args = parser.parse_args(argv)
    numbers = args.numbers or os.environ.get("JIEDU_NUMBERS", "") not in ("", "0")
    text = " ".join(args.text) or os.environ.get("JIEDU_TEXT", "")
    source = args.file or os.environ.get("JIEDU_FILE", "") or ("" if text else "-")
    try:
        eng = engine(ROOT)
    except JieduError as e:
        print(e, file=sys.stderr)
        return 1
    if text and not args.file:
        print(explain(text, eng))
        return 0
    try:
        data = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"{source}: error: cannot read it as UTF-8 text ({e}); pass FILE=path/to/text.txt", file=sys.stderr)
        return 1
    lines = data.splitlines()
    print("\n".join(syllable_lines(lines, eng, numbers, args.spoken or os.environ.get("JIEDU_SPOKEN", "") not in ("", "0"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
