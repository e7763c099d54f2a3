#!/usr/bin/env python3
"""Reading accuracy on two development sets: Jiedu's engine, step by step, against stock pypinyin.

    make bench-readings        # or: .venv/bin/python scripts/bench_readings.py [--data DIR] [--quick]

1. **Whole sentences** (``sentences-dev/thchs30.tsv``: 1,000 THCHS-30 sentences, every
   character labelled from speech): every Han character is scored. Exact; and with a neutral
   and a full tone of the same syllable counted equal (speech and the dictionary differ on
   optional light syllables). 一 and 不 are scored apart, against the spoken tone the page
   carries for the reader's tone-change switch (``sandhi.py``). A written third tone is
   accepted where the label has a second tone before another third tone (third-tone sandhi).
   Also: the polyphonic characters alone (more than one reading in pypinyin's dictionary).
2. **CPP** (``polyphones-dev``: 9,893 Wikipedia sentences, one scored polyphone each), exact,
   and with neutral = full.

Every figure has a 95 % Wilson interval (characters of one sentence are not independent, so
the whole-sentence interval is somewhat too narrow). The full engine's errors go to
``bench-out/readings-errors-*.tsv`` with their class. The engine runs with an empty override
table: the seed article's fixes are not tuned to these sets. The accuracy table's speed
column reads one sentence at a time (one-off loads included), in CPU seconds.

3. **Held-out folds**: the engine's decision points (polyphones the dictionary read, where the
   model may decide) scored on 5 folds over the sentences of both sets, with the gate learnt
   on the other four folds each time, against g2pM alone and the dictionary alone; and per
   character, where the engine wins and loses against g2pM.
4. **The review** (``make review``): its recall on THCHS-30 dev at fixed flag rates (one flag
   per 80, 60, 40, 30, 20 characters) with precision and mean predicted probability, 5-fold
   held-out (``scripts/learn_review.py``).
5. **Speed of each step** (``--speed`` alone; also after the accuracy tables): the engine
   reads a corpus of ``--chars`` characters as a build does (``benchlib``'s pages of real
   sentences: the seed article, then the CPP sentences, later passes shuffled and varied;
   a page's paragraphs are read together; the site's readings table and glossary words), in
   ``--repeat`` fresh processes. Each step's CPU time (``time.process_time``, not wall
   time: the machine may be shared) is the median over the processes; characters per second
   is the corpus's characters over that time. pypinyin alone on the same text, for scale.
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from pypinyin import Style, pinyin  # noqa: E402
from pypinyin.constants import PINYIN_DICT  # noqa: E402
from pypinyin.contrib.tone_convert import to_tone3  # noqa: E402

from jiedu.reading import model  # noqa: E402
from jiedu.reading.engine import CITATION, ReadingEngine  # noqa: E402
from jiedu.reading.segment import Segment  # noqa: E402

MARK = "\u2581"
#: ../shared beside the checkout (a worktree under /work/wt/ looks one level further up).
SHARED = next((p / "shared" / "data" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "data").is_dir()), ROOT.parent / "shared" / "data")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if not n:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def label(syllable: str) -> str:
    """A tone-marked syllable in tone-number spelling: le → le5, nǚ → nv3."""
    return to_tone3(syllable, neutral_tone_with_five=True).replace("ü", "v") if syllable else ""


def same_but_lightness(a: str, b: str) -> bool:
    return a[:-1] == b[:-1] and "5" in (a[-1:], b[-1:])


def error_class(char: str, want: str, got: str, source: str) -> str:
    """Which kind of error: the issue's classes."""
    if char in CITATION:
        return "一/不 spoken tone"
    if same_but_lightness(want, got):
        return "neutral tone (label light)" if want.endswith("5") else "neutral tone (read light)"
    if char in "为得地都了着":
        return f"{char}"
    if source == "model":
        return "model: other characters"
    if want[:-1] == got[:-1]:
        return "tone: other characters"
    return "syllable: other characters"


# -- readers: text → (syllables, spoken, sources), one per character ---------------------


def engine_reader(use_model: bool):
    eng = ReadingEngine({}, use_model=use_model)

    def read(text: str) -> tuple[list[str], list[str], list[str]]:
        syl, spoken, src = [""] * len(text), [""] * len(text), ["none"] * len(text)
        pos = 0
        for item in eng.annotate(text):
            if isinstance(item, Segment):
                n = len(item.text)
                syl[pos : pos + n] = item.syllables
                spoken[pos : pos + n] = item.spoken or [""] * n
                src[pos : pos + n] = item.sources or ["dictionary"] * n
                pos += n
            else:
                pos += len(item)
        return syl, spoken, src

    return read


def stock_reader(text: str):
    items = pinyin(text, style=Style.TONE, errors=lambda s: [[""] for _ in s])
    syl = [i[0] for i in items] if len(items) == len(text) else [""] * len(text)
    return syl, [""] * len(text), ["pypinyin"] * len(text)


def model_reader(text: str):
    """g2pM alone for every polyphone it knows (pypinyin for the rest): the model's own score."""
    syl, spoken, src = stock_reader(text)
    where = [i for i, ch in enumerate(text) if model.candidates(ch)]
    if where:
        for i, choice in zip(where, model.choose([(text, where)])[0]):
            syl[i], src[i] = choice.reading, "model"
    return syl, spoken, src


# -- the two sets ------------------------------------------------------------------------


def load_sentences(path: Path) -> list[tuple[str, list[str]]]:
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            _, sentence, labels = line.split("\t")
            rows.append((sentence, labels.split()))
    return rows


def load_cpp(folder: Path) -> list[tuple[str, int, str]]:
    sents = (folder / "dev.sent").read_text("utf-8").splitlines()
    labels = (folder / "dev.lb").read_text("utf-8").splitlines()
    items = []
    for s, lb in zip(sents, labels):
        items.append((s.replace(MARK, ""), s.index(MARK), lb.strip().replace("u:", "v")))
    return items


def score_sentences(read, rows) -> dict:
    counts = collections.Counter()
    errors = []
    chars = 0
    start = time.process_time()
    for sentence, labels in rows:
        syl, spoken, src = read(sentence)
        chars += len(sentence)
        got = [label(s) for s in syl]
        said = [label(spoken[i] or syl[i]) for i in range(len(sentence))]
        for i, (ch, want) in enumerate(zip(sentence, labels)):
            if ch in CITATION:
                counts["yibu"] += 1
                counts["yibu_ok"] += said[i] == want
                if said[i] != want:
                    errors.append((ch, want, said[i], src[i], sentence))
                continue
            have = got[i]
            sandhi = (
                have[:-1] == want[:-1] and have[-1:] == "3" and want[-1:] == "2" and i + 1 < len(sentence)
                and ("3" in (labels[i + 1][-1:], got[i + 1][-1:]))
            )
            ok = have == want or sandhi
            poly = "," in PINYIN_DICT.get(ord(ch), "")
            counts["all"] += 1
            counts["all_ok"] += ok
            counts["all_light"] += ok or same_but_lightness(have, want)
            counts["poly"] += poly
            counts["poly_ok"] += poly and ok
            counts["poly_light"] += poly and (ok or same_but_lightness(have, want))
            if not ok:
                errors.append((ch, want, have, src[i], sentence))
    counts["seconds"] = time.process_time() - start
    return {"counts": counts, "errors": errors, "cps": chars / counts["seconds"]}


def score_cpp(read, items) -> dict:
    ok = light = chars = 0
    errors = []
    start = time.process_time()
    for text, i, want in items:
        syl, _, src = read(text)
        chars += len(text)
        have = label(syl[i])
        ok += have == want
        light += have == want or same_but_lightness(have, want)
        if have != want:
            errors.append((text[i], want, have, src[i], text))
    seconds = time.process_time() - start
    return {"ok": ok, "light": light, "n": len(items), "errors": errors, "cps": chars / seconds}


def pct(k: int, n: int) -> str:
    low, high = wilson(k, n)
    return f"{k / n:.2%} ({low:.2%}–{high:.2%})" if n else "–"


# -- speed of each step --------------------------------------------------------------------

#: The engine's steps, in the order it runs them, and the functions whose CPU time is the
#: step's (time spent in a function that another step's function calls counts for that one).
STEPS = [
    ("segmentation (rjieba)", "dictreading", "_words"),
    ("dictionary (pypinyin)", "dictreading", "read_run"),
    ("lexicon and rules", "rules", "apply"),
    ("model (g2pM)", "readings", "ReadingEngine._consult_model"),
    ("overrides", "readings", "ReadingEngine._override_spans"),
    ("words (the Segment records)", "readings", "_segments"),
    ("spoken tones (一/不)", "sandhi", "spoken"),
    ("the rest (runs, sentences, results)", "readings", "ReadingEngine._annotate_all"),
]


class StepClock:
    """CPU time spent in each step, exclusive of the steps it calls."""

    def __init__(self) -> None:
        self.spent: collections.Counter[str] = collections.Counter()
        self.stack: list[str] = []
        self.last = time.process_time()

    def wrap(self, name: str, function):
        def timed(*args, **kwargs):
            now = time.process_time()
            if self.stack:
                self.spent[self.stack[-1]] += now - self.last
            self.stack.append(name)
            self.last = now
            try:
                return function(*args, **kwargs)
            finally:
                now = time.process_time()
                self.spent[self.stack.pop()] += now - self.last
                self.last = now

        return timed


def speed_pages(chars: int, data: Path) -> list[list[str]]:
    """``benchlib``'s corpus as pages of about 10,000 characters, each a list of paragraphs."""
    import benchlib

    seed, _ = benchlib.seed_paragraphs()
    stream = benchlib.paragraph_stream(seed, benchlib.load_sentences(data / "polyphones-dev" / "dev.sent"))
    pages, page, total, size = [], [], 0, 0
    while total < chars:
        paragraph = next(stream)
        page.append(paragraph)
        total += len(paragraph)
        size += len(paragraph)
        if size >= 10_000 or total >= chars:
            pages.append(page)
            page, size = [], 0
    return pages


def speed_child(chars: int, data: Path) -> dict:
    """One fresh process's CPU seconds: loading, then each step over the corpus."""
    from jiedu.reading import dictreading, engine, rules, sandhi, segmenter
    from jiedu.project import Project

    pages = speed_pages(chars, data)
    project = Project.load(ROOT)
    table = project.reading_table
    segmenter.add_words(form for e in project.entries for form in e.forms)
    start = time.process_time()
    ReadingEngine(table).annotate("一行人很重。")  # every one-off load: pypinyin, rjieba, the model (重)
    loading = time.process_time() - start
    clock = StepClock()
    modules = {"dictreading": dictreading, "readings": engine, "rules": rules, "sandhi": sandhi}
    for _, module, name in STEPS:
        owner, _, attr = name.rpartition(".")
        target = getattr(modules[module], owner) if owner else modules[module]
        setattr(target, attr, clock.wrap(name, getattr(target, attr)))
    reader = ReadingEngine(table)
    start = time.process_time()
    for page in pages:
        reader.annotate_all(page)
    total = time.process_time() - start
    text = [p for page in pages for p in page]
    start = time.process_time()
    for paragraph in text:
        pinyin(paragraph, style=Style.TONE)
    stock = time.process_time() - start
    return {"chars": sum(map(len, text)), "loading": loading, "total": total, "pypinyin": stock,
            **{step: clock.spent[name] for step, _, name in STEPS}}


def speed(chars: int, repeat: int, data: Path) -> int:
    runs = []
    for _ in range(repeat):
        args = [sys.executable, __file__, "--speed-child", str(chars), "--data", str(data)]
        # one core: OpenBLAS's own threads would spin on the others (model.py sets the same
        # when numpy is not imported yet)
        out = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
        if out.returncode:
            print(out.stderr, file=sys.stderr, end="")
            return out.returncode
        runs.append(json.loads(out.stdout.splitlines()[-1]))
    n = runs[0]["chars"]
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"\nSpeed of each step: {n:,} characters (seed article and CPP sentences, pages of 10,000), the site's"
          f" readings table; CPU seconds, median of {repeat} fresh processes (load average {_load()})\n")
    print("| step | CPU seconds | characters/s |\n|---|---|---|")
    for step, _, _ in STEPS:
        print(f"| {step} | {median[step]:.2f} | {n / median[step]:,.0f} |" if median[step] else f"| {step} | 0 | – |")
    print(f"| **the engine, all steps** | {median['total']:.2f} | **{n / median['total']:,.0f}** |")
    print(f"| one-off loads (pypinyin, rjieba, the model) | {median['loading']:.2f} | – |")
    print(f"| pypinyin alone, for scale | {median['pypinyin']:.2f} | {n / median['pypinyin']:,.0f} |")
    return 0


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def held_out(data: Path) -> None:
    """The engine at its decision points (polyphones the dictionary read, where the model may
    decide) on held-out folds: 5 folds over the sentences of both sets, the gate
    (``modelgate.py``) learnt on the other four each time; against g2pM alone and the
    dictionary alone at the same points, and per character where it wins and loses against
    g2pM."""
    import learn_model_gate as gate

    rows = [p for p in gate.collect(data) if not p["against"]]
    fold = gate.folds(rows)
    ok = collections.Counter()
    wins, losses = collections.Counter(), collections.Counter()
    for k in range(gate.FOLDS):
        table = gate.learn_stable([p for p in rows if fold[p["set"], p["item"]] != k], 1)
        for p in (p for p in rows if fold[p["set"], p["item"]] == k):
            t = table.get((p["ch"], p["context"]), gate.default(p["ch"], p["context"]))
            engine_ok = p["model_ok"] if p["probability"] >= t else p["dict_ok"]
            ok[p["set"], "engine"] += engine_ok
            ok[p["set"], "g2pM"] += p["model_ok"]
            ok[p["set"], "dictionary"] += p["dict_ok"]
            ok[p["set"], "n"] += 1
            if engine_ok != p["model_ok"]:
                (wins if engine_ok else losses)[p["ch"]] += 1
    print("\nHeld-out folds (5 over the sentences of both sets; the gate learnt on the other four): the decision points"
          " (polyphones the dictionary read and the model may decide; labels against the Xiandai Hanyu Cidian left out)\n")
    print("| set | points | engine (dictionary, CC-CEDICT, rules, gate, g2pM) | g2pM alone | dictionary alone |\n|---|---|---|---|---|")
    for name, key in (("THCHS-30", "thchs"), ("CPP", "cpp")):
        n = ok[key, "n"]
        print(f"| {name} | {n} | {pct(ok[key, 'engine'], n)} | {pct(ok[key, 'g2pM'], n)} | {pct(ok[key, 'dictionary'], n)} |")
    print(f"\nAgainst g2pM alone, per character (readings the engine gets right and g2pM wrong / the reverse): "
          f"{sum(wins.values())} won, {sum(losses.values())} lost")
    print("Won: " + ", ".join(f"{ch} {n}" for ch, n in wins.most_common(25)))
    print("Lost: " + ", ".join(f"{ch} {n}" for ch, n in losses.most_common(25)))


def review_recall(data: Path) -> None:
    """The review's recall at fixed flag rates on THCHS-30 dev, on held-out folds."""
    import learn_review

    rows, chars = learn_review.collect(data)
    lines, _ = learn_review.report(learn_review.cross_validate(rows), rows, chars)
    print("\nThe review (make review): readings ranked by the probability that they are wrong, 5-fold held-out\n")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED, help="folder holding sentences-dev/ and polyphones-dev/")
    parser.add_argument("--quick", action="store_true", help="the full engine only")
    parser.add_argument("--speed", action="store_true", help="only the speed of each step")
    parser.add_argument("--chars", type=int, default=300_000, help="characters of the speed corpus (default 300,000)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes for the speed figures (default 3)")
    parser.add_argument("--no-folds", action="store_true", help="skip the held-out folds and the review's recall")
    parser.add_argument("--speed-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.speed_child:
        print(json.dumps(speed_child(args.speed_child, args.data)))
        return 0
    if args.speed:
        return speed(args.chars, args.repeat, args.data)
    try:
        rows = load_sentences(args.data / "sentences-dev" / "thchs30.tsv")
        items = load_cpp(args.data / "polyphones-dev")
    except OSError as e:
        print(f"{e.filename}: error: {e.strerror}; pass --data DIR holding sentences-dev/ and polyphones-dev/", file=sys.stderr)
        return 1
    systems = [("engine with g2pM model (the site)", lambda: engine_reader(True))]
    if not args.quick:
        systems = [
            ("pypinyin 0.55 (stock)", lambda: stock_reader),
            ("engine without model (dictionary, lexicon, rules)", lambda: engine_reader(False)),
            *systems,
            ("g2pM alone, for reference", lambda: model_reader),
        ]
    out = ROOT / "bench-out"
    out.mkdir(exist_ok=True)
    print(f"Whole sentences: {len(rows)} THCHS-30 sentences; CPP: {len(items)} scored polyphones ({args.data})\n")
    print("| system | all characters, exact | neutral = full | polyphonic, exact | polyphonic, neutral = full"
          " | 一/不 (spoken) | CPP exact | CPP neutral = full | characters/s (sentences / CPP) |")
    print("|---|---|---|---|---|---|---|---|---|")
    last = None
    for name, make in systems:
        whole = score_sentences(make(), rows)
        cpp = score_cpp(make(), items)
        c = whole["counts"]
        print(f"| {name} | {pct(c['all_ok'], c['all'])} | {pct(c['all_light'], c['all'])} | {pct(c['poly_ok'], c['poly'])}"
              f" | {pct(c['poly_light'], c['poly'])} | {pct(c['yibu_ok'], c['yibu'])} | {pct(cpp['ok'], cpp['n'])}"
              f" | {pct(cpp['light'], cpp['n'])} | {whole['cps']:,.0f} / {cpp['cps']:,.0f} |")
        if name.startswith("engine with"):
            last = (whole, cpp)
    whole, cpp = last
    for title, errors in (("whole sentences", whole["errors"]), ("CPP", cpp["errors"])):
        classes = collections.Counter(error_class(*e[:4]) for e in errors)
        print(f"\nErrors of the engine with the model, {title} ({len(errors)}):")
        print("| class | errors |\n|---|---|")
        for cls, n in classes.most_common():
            print(f"| {cls} | {n} |")
        chars = collections.Counter(e[0] for e in errors)
        print("Most errors: " + ", ".join(f"{ch} {n}" for ch, n in chars.most_common(20)))
        path = out / f"readings-errors-{'sentences' if title == 'whole sentences' else 'cpp'}.tsv"
        path.write_text(
            "char\tlabel\tread\tsource\tclass\tsentence\n"
            + "".join("\t".join([*e[:4], error_class(*e[:4]), e[4]]) + "\n" for e in errors),
            "utf-8",
        )
        print(f"Errors listed in {path.relative_to(ROOT)}")
    if not args.quick and not args.no_folds:
        held_out(args.data)
        review_recall(args.data)
    return speed(args.chars, args.repeat, args.data)


if __name__ == "__main__":
    sys.exit(main())
