#!/usr/bin/env python3
"""Learn the review's model of wrong readings (``hooks/jiedu/reading/doubt.py``) and measure it.

    .venv/bin/python scripts/learn_review.py [--data DIR] [--write]

1. Reads both development sets (``../shared/data``) with the engine as the site does (no
   overrides) and records, for every character the review could list (not 一/不, whose
   citation tones are the page's convention), what ``doubt.features`` sees and whether the
   reading is wrong: another syllable or another full tone than the label (a light against
   a full tone of the same syllable, and a written third tone before a third tone, are not
   errors: conventions, not misreadings). THCHS-30: every character; CPP: the scored one.
2. Learns a logistic regression (L2; the per-character weights regularised more), seeded,
   by full-batch Adam in numpy.
3. 5-fold cross-validation over sentences: each fold scored by weights learnt on the other
   four. Prints, for THCHS-30 dev, the share of its errors the review catches when it lists
   one reading per 80, 60, 40, 30 and 20 characters, the precision there (the share of
   listed readings that are wrong) and the mean predicted probability (calibration: the
   two should be close); and a calibration table by probability band.
4. With ``--write``, learns on all the data and writes ``data/review-weights.json`` with the
   threshold that lists one reading per 40 characters on THCHS-30 dev.
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_readings import SHARED, label, load_cpp, load_sentences  # noqa: E402
from review_readings import RATES, readings  # noqa: E402

from jiedu.reading import doubt  # noqa: E402
from jiedu.reading.engine import CITATION, ReadingEngine  # noqa: E402

FOLDS = 5
SEED = 7
#: L2 penalties: the per-character weights are many and each learnt from few readings.
PENALTY, CHAR_PENALTY = 0.01, 0.3


def wrong(have: str, want: str) -> bool:
    """Another syllable or another full tone (not lightness, not third-tone sandhi)."""
    if have == want or (have[:-1] == want[:-1] and "5" in (have[-1:], want[-1:])):
        return False
    return not (have[:-1] == want[:-1] and have[-1:] == "3" and want[-1:] == "2")


def collect(data: Path) -> tuple[list[dict], int]:
    eng = ReadingEngine({})
    rows, chars = [], 0
    for n, (sentence, labels) in enumerate(load_sentences(data / "sentences-dev" / "thchs30.tsv")):
        chars += len(sentence)
        for i, _, _, r in readings(eng, sentence):
            if r.char not in CITATION:
                rows.append({"set": "thchs", "item": n, "reading": r, "wrong": wrong(label(r.reading), labels[i])})
    for n, (text, i, want) in enumerate(load_cpp(data / "polyphones-dev")):
        for j, _, _, r in readings(eng, text):
            if j == i:
                rows.append({"set": "cpp", "item": n, "reading": r, "wrong": wrong(label(r.reading), want)})
    for row in rows:
        row["features"] = doubt.features(row["reading"])
    return rows, chars


class Design:
    """The rows' features as index arrays (a sparse matrix) over a fixed vocabulary."""

    def __init__(self, rows: list[dict], names: list[str]) -> None:
        index = {name: k for k, name in enumerate(names)}
        r, c, v = [], [], []
        for k, row in enumerate(rows):
            for name, value in row["features"]:
                if name in index:
                    r.append(k), c.append(index[name]), v.append(value)
        self.row, self.col, self.val = np.array(r, dtype=np.int64), np.array(c, dtype=np.int64), np.array(v)
        self.n, self.m = len(rows), len(names)
        self.y = np.array([row["wrong"] for row in rows], dtype=np.float64)

    def scores(self, w):
        return np.bincount(self.row, weights=w[self.col] * self.val, minlength=self.n)


def fit(rows: list[dict], steps: int = 1500) -> dict[str, float]:
    names = sorted({name for row in rows for name, _ in row["features"]})
    d = Design(rows, names)
    penalty = np.array([CHAR_PENALTY if n.startswith("char=") else PENALTY for n in names])
    w, m, v = np.zeros(d.m), np.zeros(d.m), np.zeros(d.m)
    for t in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-d.scores(w)))
        grad = np.bincount(d.col, weights=(p - d.y)[d.row] * d.val, minlength=d.m) + penalty * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return {n: round(float(x), 6) for n, x in zip(names, w) if abs(x) >= 1e-6}


def predict(weights: dict[str, float], rows: list[dict]) -> np.ndarray:
    z = np.array([sum(weights.get(n, 0.0) * x for n, x in row["features"]) for row in rows])
    return 1.0 / (1.0 + np.exp(-z))


def report(p: np.ndarray, rows: list[dict], chars: int) -> tuple[list[str], float]:
    """Recall, precision and mean probability at each flag rate on THCHS-30; the threshold at
    one flag per 40 characters."""
    thchs = np.array([r["set"] == "thchs" for r in rows])
    pt, yt = p[thchs], np.array([r["wrong"] for r in rows])[thchs]
    order = np.argsort(-pt, kind="stable")
    lines = [f"THCHS-30 dev: {chars:,} characters, {int(yt.sum())} errors (other syllable or full tone; not 一/不)\n",
             "| flags | one per | readings listed | errors caught | recall | precision | mean probability (expected precision) |",
             "|---|---|---|---|---|---|---|"]
    threshold = 1.0
    for rate in RATES:
        n = int(chars * rate)
        top = order[:n]
        lines.append(f"| {rate:.2%} of characters | {1 / rate:.0f} | {n} | {int(yt[top].sum())} | {yt[top].sum() / yt.sum():.0%}"
                     f" | {yt[top].mean():.1%} | {pt[top].mean():.1%} |")
        if abs(rate - 1 / 40) < 1e-9:
            threshold = float(pt[order[n - 1]])
    lines += ["", "| predicted probability | readings | mean predicted | observed wrong |", "|---|---|---|---|"]
    y = np.array([r["wrong"] for r in rows])
    for a, b in ((0, 0.01), (0.01, 0.03), (0.03, 0.1), (0.1, 0.3), (0.3, 1.01)):
        s = (p >= a) & (p < b)
        if s.any():
            lines.append(f"| {a:.2f}–{min(b, 1):.2f} | {int(s.sum())} | {p[s].mean():.3f} | {y[s].mean():.3f} |")
    return lines, threshold


def cross_validate(rows: list[dict]) -> np.ndarray:
    items = sorted({(r["set"], r["item"]) for r in rows})
    random.Random(SEED).shuffle(items)
    fold = {item: k % FOLDS for k, item in enumerate(items)}
    p = np.zeros(len(rows))
    for k in range(FOLDS):
        train = [r for r in rows if fold[r["set"], r["item"]] != k]
        test = [j for j, r in enumerate(rows) if fold[r["set"], r["item"]] == k]
        p[test] = predict(fit(train), [rows[j] for j in test])
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--write", action="store_true", help=f"write {doubt.WEIGHTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    rows, chars = collect(args.data)
    print(f"{len(rows)} readings ({collections.Counter(r['set'] for r in rows)}); {FOLDS}-fold cross-validation:\n")
    lines, _ = report(cross_validate(rows), rows, chars)
    print("\n".join(lines))
    if args.write:
        weights = fit(rows)
        _, threshold = report(predict(weights, rows), rows, chars)
        doubt.WEIGHTS.write_text(json.dumps({
            "about": "scripts/learn_review.py: logistic regression of wrong readings on THCHS-30 and CPP dev; threshold: one flag per 40 characters on THCHS-30 dev",
            "threshold": round(threshold, 6), "weights": dict(sorted(weights.items()))}, ensure_ascii=False, indent=0) + "\n", "utf-8")
        print(f"\nwrote {doubt.WEIGHTS.relative_to(ROOT)} ({len(weights)} weights, threshold {threshold:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
