#!/usr/bin/env python3
"""Reading accuracy on the CPP polyphone dev set: Jiedu's engine, step by step, against stock pypinyin.

    make bench-readings        # or: .venv/bin/python scripts/bench_readings.py [--data DIR]

The data (``dev.sent``, ``dev.lb``; ``../shared/data/polyphones-dev`` by default) marks one
polyphone per sentence with U+2581 on both sides; the label is tone-number pinyin (neutral
tone 5, ü written ``u:``). Every system reads the whole sentence; the marked character's
reading is converted to the same spelling before comparing, so neutral tones and ü count
fairly. The steps: stock pypinyin; the engine without the model (pypinyin's dictionary,
jieba's words, the grammar rules); the engine with g2pM's model (``hooks/jiedu/model.py``);
and, for reference, the model alone on every polyphone it knows.
Prints accuracy with a 95 % Wilson interval and characters per second for each (a fresh
engine, so no cache helps; the model's one-off load is timed too), the accuracy without
一 and 不 (the engine writes their citation tones where the corpus may write tone sandhi),
the characters with the most errors, and writes every error of the full engine to
``bench-out/readings-errors.tsv``. The engine runs with an empty override table: the seed
article's fixes are not tuned to this corpus.
"""
from __future__ import annotations

import argparse
import collections
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from pypinyin import Style, pinyin  # noqa: E402
from pypinyin.contrib.tone_convert import to_tone3  # noqa: E402

from jiedu import model  # noqa: E402
from jiedu.readings import CITATION, ReadingEngine, Segment  # noqa: E402

MARK = "\u2581"


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def label(syllable: str) -> str:
    """A tone-marked syllable in the data's spelling: le → le5, nǚ → nu:3."""
    return to_tone3(syllable, neutral_tone_with_five=True).replace("ü", "u:").replace("v", "u:") if syllable else ""


def engine_reader(use_model: bool) -> callable:
    eng = ReadingEngine({}, use_model=use_model)

    def read(text: str, i: int) -> tuple[str, str]:
        pos = 0
        for item in eng.annotate(text):
            n = len(item.text) if isinstance(item, Segment) else len(item)
            if isinstance(item, Segment) and pos <= i < pos + n:
                return item.syllables[i - pos], (item.sources or ("dictionary",) * n)[i - pos]
            pos += n
        return "", "none"

    return read


def model_reader(text: str, i: int) -> tuple[str, str]:
    """g2pM alone for every polyphone it knows (pypinyin for the rest): the model's own score."""
    if model.candidates(text[i]):
        return model.choose([(text, [i])])[0][0].reading, "model"
    return stock_reader(text, i)


def stock_reader(text: str, i: int) -> tuple[str, str]:
    items = pinyin(text, style=Style.TONE, errors=lambda s: [[c] for c in s])
    return (items[i][0] if len(items) == len(text) else ""), "pypinyin"


def run(name: str, read, items: list[tuple[str, int, str]]) -> dict:
    ok, errors, per = 0, [], collections.Counter()
    start = time.perf_counter()
    chars = 0
    for text, i, want in items:
        got, source = read(text, i)
        chars += len(text)
        if label(got) == want:
            ok += 1
        else:
            errors.append((text[i], want, label(got), source, text))
            per[text[i]] += 1
    seconds = time.perf_counter() - start
    low, high = wilson(ok, len(items))
    plain = [e for e in errors if e[0] not in CITATION]
    n_plain = sum(1 for text, i, _ in items if text[i] not in CITATION)
    return {"name": name, "ok": ok, "n": len(items), "low": low, "high": high,
            "cps": chars / seconds, "errors": errors, "per": per,
            "plain": (n_plain - len(plain), n_plain)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/polyphones-dev")
    args = parser.parse_args(argv)
    try:
        sents = (args.data / "dev.sent").read_text("utf-8").splitlines()
        labels = (args.data / "dev.lb").read_text("utf-8").splitlines()
    except OSError as e:
        print(f"{args.data}: error: {e.strerror}; pass --data DIR holding dev.sent and dev.lb", file=sys.stderr)
        return 1
    items = []
    for s, lb in zip(sents, labels):
        i = s.index(MARK)
        items.append((s.replace(MARK, ""), i, lb.strip()))
    results = [
        run("pypinyin 0.55 (stock)", stock_reader, items),
        run("engine without model (dictionary, jieba, rules)", engine_reader(False), items),
        run("engine with g2pM model", engine_reader(True), items),
        run("g2pM alone, for reference (reads 为 wéi, overrules phrases)", model_reader, items),
    ]
    sandhi = sum(1 for text, i, _ in items if text[i] in CITATION)
    print(f"{len(items)} scored characters from {args.data} ({sandhi} of them 一 or 不)\n")
    print("| system | correct | accuracy | 95 % interval | without 一/不 | characters/s |")
    print("|---|---|---|---|---|---|")
    for r in results:
        k, n = r["plain"]
        print(f"| {r['name']} | {r['ok']}/{r['n']} | {r['ok'] / r['n']:.2%} | {r['low']:.2%}–{r['high']:.2%}"
              f" | {k / n:.2%} | {r['cps']:,.0f} |")
    ours = results[2]
    print("\nMost errors (Jiedu engine): " + ", ".join(f"{c} {n}" for c, n in ours["per"].most_common(15)))
    out = ROOT / "bench-out" / "readings-errors.tsv"
    out.parent.mkdir(exist_ok=True)
    out.write_text("char\tlabel\tread\tsource\tsentence\n" + "".join("\t".join(e) + "\n" for e in ours["errors"]), "utf-8")
    print(f"Errors listed in {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
