#!/usr/bin/env python3
"""Show the pinyin the site would put over a sentence, and what chose each reading.

    make readings TEXT="以习近平同志为核心的党中央"
    .venv/bin/python scripts/readings.py "行业协会商会深化改革"

Uses the build's own engine: annotations/readings.yml, the glossary's pinyin, pypinyin's
dictionary, the g2pM model and the context rules. Every character with more than one
possible reading is listed with what chose its reading (dictionary, model, a rule, an
override, the citation tone), so a contributor can check a fix before opening a pull request.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from pypinyin.constants import PINYIN_DICT  # noqa: E402

from jiedu.errors import JieduError  # noqa: E402
from jiedu.glossary import load_glossary  # noqa: E402
from jiedu.overrides import load_overrides, merge_readings  # noqa: E402
from jiedu.readings import ReadingEngine, Segment  # noqa: E402


#: What the engine's sources mean, for a contributor.
LABELS = {
    "override": "override (readings.yml or a glossary entry)",
    "model": "model (g2pM, from the whole sentence)",
}


def engine(root: Path) -> ReadingEngine:
    glossary = load_glossary(root / "annotations/glossary", "annotations/glossary")
    table = load_overrides(root / "annotations/readings.yml", "annotations/readings.yml")
    return ReadingEngine(merge_readings(table, glossary.readings, "annotations/glossary"))


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", nargs="+", help="Chinese text")
    args = parser.parse_args(argv)
    try:
        eng = engine(ROOT)
    except JieduError as e:
        print(e, file=sys.stderr)
        return 1
    print(explain(" ".join(args.text), eng))
    return 0


if __name__ == "__main__":
    sys.exit(main())
