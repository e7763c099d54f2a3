#!/usr/bin/env python3
"""Learn, per character, where g2pM's model decides a reading: ``hooks/jiedu/reading/modelgate.py``.

    .venv/bin/python scripts/learn_model_gate.py [--data DIR] [--write]

The reading engine reads a run with the dictionary, the lexicon and the rules
(``dictreading.py``), then may let the model (``model.py``) change a polyphone. Whether that
helps depends on the character: on everyday text the model wins about as often as it loses
outside dictionary phrases, and inside them the dictionary wins far more often (measured
below), but for some characters the model is reliably better (幢 zhuàng as a measure word,
舍 shè in 宿舍 and 舍利 where pypinyin reads shě alone). So this script:

1. collects every *decision point* of the two development sets (``../shared/data``): a
   character the model has readings for, read by the dictionary (not by the lexicon, a rule
   or a citation tone), in a phrase of the dictionary or not; with the dictionary's reading,
   the model's choice and probability, and the label. All characters of the THCHS-30
   sentences count; of CPP, the scored one;
2. learns, for each character and each context (``open``: outside a phrase; ``phrase``:
   inside one), a threshold: the model's choice counts when its probability is at least
   that. The default is today's engine (open: always, but never for ``DICTIONARY_ONLY``;
   phrase: never); a character gets its own threshold only where that gains at least
   ``--margin`` readings over the default on the data it learns from;
3. measures it by 5-fold cross-validation over the sentences (each fold learnt on the other
   four, scored on itself), for margins 1–6, and prints the held-out-fold gains beside the
   fit on all the data (the fit is optimistic; the held-out figure is the one to believe);
4. with ``--write``, writes the table learnt on all the data with the chosen margin.

Labels that contradict the Xiandai Hanyu Cidian are left out of the learning (``AGAINST``):
the engine follows the dictionary there, and a table learnt from them would teach the model
CPP's spelling of a place name. Nor does the model decide whether a syllable of a dictionary
phrase is light (弟弟 dì di): the neutral-tone convention is the lexicon's (``lexicon.py``), so
such syllables are no decision points.
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_readings import SHARED, label, load_cpp, load_sentences  # noqa: E402

from jiedu.reading import dictreading, engine, model  # noqa: E402
from jiedu.reading.lexicon import DICTIONARY_ONLY  # noqa: E402
from jiedu.base.pinyin import HAN_RUN  # noqa: E402
from jiedu.reading.rules import light  # noqa: E402

OUT = ROOT / "hooks" / "jiedu" / "reading" / "modelgate.py"
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9999, 2.0)
NEVER = 2.0
FOLDS = 5
#: dictreading's phrase kinds, by name: outside a phrase, in pypinyin's phrase, in CC-CEDICT's word.
CONTEXTS = {dictreading.OPEN: "open", dictreading.PHRASE: "phrase", dictreading.CEDICT: "cedict"}
#: Words whose development labels contradict the Xiandai Hanyu Cidian (现代汉语词典, 7th ed.):
#: 黄陂 Huángpí (陂 pí in the place name), 挣脱 zhèngtuō, 水泊 shuǐpō, and 一场 cháng, the
#: measure word of events (一场大雨, 一场大战), which speech and CPP write chǎng.
AGAINST = frozenset({"黄陂", "挣脱", "水泊", "一场"})


def points(text: str) -> list[dict]:
    """The decision points of ``text``, with the model's choice at each."""
    out = []
    for m in HAN_RUN.finditer(text):
        syl, src, words, phrase = dictreading.read_run(m.group())
        for i, ch in enumerate(m.group()):
            if src[i] == "dictionary" and syl[i] and ch not in dictreading.TAGGED and model.candidates(ch) and not (phrase[i] and light(syl[i])):
                out.append({"pos": m.start() + i, "ch": ch, "dict": syl[i], "context": CONTEXTS[phrase[i]],
                            "against": _against(text, m.start() + i)})
    spans = [s.span() for s in engine.SENTENCE.finditer(text) if s.end() > s.start()]
    questions = [(a, b, [p for p in out if a <= p["pos"] < b]) for a, b in spans]
    questions = [q for q in questions if q[2]]
    answers = model.choose([(text[a:b], [p["pos"] - a for p in ps]) for a, b, ps in questions])
    for (_, _, ps), choices in zip(questions, answers):
        for p, choice in zip(ps, choices):
            p["model"], p["probability"] = choice.reading, choice.probability
    return out


def _against(text: str, pos: int) -> bool:
    """Whether the character at ``pos`` stands in one of the words of ``AGAINST``."""
    return any(text.find(w, max(0, pos - len(w) + 1), pos + len(w)) >= 0 for w in AGAINST)


def collect(data: Path) -> list[dict]:
    rows = []
    for n, (sentence, labels) in enumerate(load_sentences(data / "sentences-dev" / "thchs30.tsv")):
        for p in points(sentence):
            rows.append({**p, "set": "thchs", "item": n, "gold": labels[p["pos"]]})
    for n, (text, i, want) in enumerate(load_cpp(data / "polyphones-dev")):
        rows += [{**p, "set": "cpp", "item": n, "gold": want} for p in points(text) if p["pos"] == i]
    for p in rows:
        p["dict_ok"], p["model_ok"] = label(p["dict"]) == p["gold"], label(p["model"]) == p["gold"]
    return rows


def default(ch: str, context: str) -> float:
    """Today's engine without a table: the model decides outside phrases (not for
    ``DICTIONARY_ONLY``), never inside them."""
    return 0.0 if context == "open" and ch not in DICTIONARY_ONLY else NEVER


def learn(rows: list[dict], margin: int) -> dict[tuple[str, str], float]:
    by: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
    for p in rows:
        if not p["against"]:
            by[p["ch"], p["context"]].append(p)
    table = {}
    for key, ps in by.items():
        def gain(t: float) -> int:
            return sum(p["model_ok"] - p["dict_ok"] for p in ps if p["probability"] >= t)

        base = default(*key)
        # the best threshold, and among equals the one nearest the default
        best = max(THRESHOLDS, key=lambda t: (gain(t), -abs(t - base)))
        if gain(best) - gain(base) >= margin:
            table[key] = best
    return table


def correct(rows: list[dict], table: dict[tuple[str, str], float]) -> collections.Counter:
    c: collections.Counter = collections.Counter()
    for p in rows:
        t = table.get((p["ch"], p["context"]), default(p["ch"], p["context"]))
        c[p["set"]] += p["model_ok"] if p["probability"] >= t else p["dict_ok"]
    return c


def folds(rows: list[dict], seed: int = 14) -> dict[tuple[str, int], int]:
    """Each sentence's fold: the characters of one sentence stay together."""
    items = sorted({(p["set"], p["item"]) for p in rows})
    random.Random(seed).shuffle(items)
    return {item: k % FOLDS for k, item in enumerate(items)}


def learn_stable(rows: list[dict], margin: int) -> dict[tuple[str, str], float]:
    """:func:`learn` on all ``rows``, keeping only the characters whose own threshold is also
    learnt from at least four of five parts of them (four fifths each): a character that earns
    its entry from a few sentences does not keep it."""
    fold = folds(rows, seed=41)
    seen: collections.Counter = collections.Counter()
    for k in range(FOLDS):
        seen.update(learn([p for p in rows if fold[p["set"], p["item"]] != k], margin))
    return {key: t for key, t in learn(rows, margin).items() if seen[key] >= FOLDS - 1}


def cross_validate(rows: list[dict], margin: int, learner=learn) -> tuple[collections.Counter, collections.Counter]:
    """Held-out-fold counts of correct readings: each fold's table learnt on the other four."""
    fold = folds(rows)
    held, base = collections.Counter(), collections.Counter()
    for k in range(FOLDS):
        train = [p for p in rows if fold[p["set"], p["item"]] != k]
        test = [p for p in rows if fold[p["set"], p["item"]] == k]
        held += correct(test, learner(train, margin))
        base += correct(test, {})
    return held, base


def write(table: dict[tuple[str, str], float], margin: int, summary: str) -> None:
    def entries(context: str) -> str:
        items = sorted((ch, t) for (ch, c), t in table.items() if c == context)
        if context == "open":
            items = sorted({**{ch: NEVER for ch in DICTIONARY_ONLY}, **dict(items)}.items())
        return "".join(f"    {ch!r}: {t},\n" for ch, t in items)

    OUT.write_text(f'''"""Where g2pM's model decides a reading, per character: learnt on the development sets.

Generated by ``scripts/learn_model_gate.py`` (margin {margin}); change the script or its data,
not this file. {summary}
"""
from __future__ import annotations

#: Outside a dictionary phrase, the model's choice counts where it is at least this sure; a
#: character not listed: always; {NEVER}: never (its other reading lives in words the
#: dictionary lists: 少年, 弄堂).
OPEN: dict[str, float] = {{
{entries("open")}}}

#: Inside a dictionary phrase, the model's choice overrules the phrase where it is at least
#: this sure; a character not listed: never.
PHRASE: dict[str, float] = {{
{entries("phrase")}}}

#: Inside a word of CC-CEDICT's that pypinyin's dictionary lacks, the same.
CEDICT: dict[str, float] = {{
{entries("cedict")}}}
''', "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--margin", type=int, default=2, help="readings a character's own threshold must gain (default 2)")
    parser.add_argument("--learner", choices=("all", "stable"), default="stable",
                        help="keep every learnt entry, or only those learnt from four of five parts of the data (default)")
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    rows = collect(args.data)
    n = collections.Counter(p["set"] for p in rows)
    print(f"{len(rows)} decision points (THCHS-30 {n['thchs']}, CPP {n['cpp']}); gains in readings over the default"
          f" (open: always, phrase: never), {FOLDS}-fold cross-validation:\n")
    print("| margin | learner | entries | THCHS held-out | CPP held-out | THCHS fit | CPP fit |\n|---|---|---|---|---|---|---|")
    for margin in range(1, 7):
        for name, learner in (("all", learn), ("stable", learn_stable)):
            held, base = cross_validate(rows, margin, learner)
            table = learner(rows, margin)
            fit_ = {s: correct(rows, table)[s] - correct(rows, {})[s] for s in ("thchs", "cpp")}
            print(f"| {margin} | {name} | {len(table)} | {held['thchs'] - base['thchs']:+d} | {held['cpp'] - base['cpp']:+d}"
                  f" | {fit_['thchs']:+d} | {fit_['cpp']:+d} |")
            if margin == args.margin and name == args.learner:
                chosen = (held["thchs"] - base["thchs"], held["cpp"] - base["cpp"], table)
    if args.write:
        th, cpp, table = chosen
        write(table, args.margin, f"Learner {args.learner}; held-out-fold gain over the default on the dev sets: THCHS-30 {th:+d}, CPP {cpp:+d} readings.")
        print(f"\nwrote {OUT.relative_to(ROOT)} ({len(table)} entries, margin {args.margin})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
