"""Benchmark the library's views on many texts: what the Texts page, where terms appear, the
Terms page and the words file cost a build, and how large they are.

A measurement, not a test: it prints numbers and never fails on them.

    .venv/bin/python scripts/bench_library.py                      # 2,000 texts of 500 characters
    .venv/bin/python scripts/bench_library.py --texts 500 --chars 2000
    .venv/bin/python scripts/bench_library.py --compare ../main     # the same library, another checkout

On a shared machine wall times say little, so each build also reports its CPU time (user +
system, of the build and every process it waited for); the builds read in their own process
(``JIEDU_WORKERS=1``), so that CPU time is the whole build's.

It makes a copy of the project (its ``nav:`` kept: it lists the Texts page, not the library's
pages, which would put thousands of links on every page) and adds
``--texts`` pages under ``docs/texts/`` of ``--chars`` Chinese characters each, made of real
sentences (the seed article's paragraphs, which hold its glossary terms, and the polyphone dev
set, as ``scripts/bench.py`` makes its corpus), each with a date (a day, a month or a year,
2000–2025), a kind and rights, as a library's texts have. It builds it cold (no page cache)
and warm (with the cache the cold build left), ``--runs`` times, and reports the wall times
and the size of the Texts page, the words file (``assets/jiedu-textwords.js``), the glossary
and the Terms page, raw and gzip. With ``--compare`` it builds the same texts with another
checkout's code (its mkdocs.yml, hooks, overrides and assets), e.g. ``main`` before these
views, so the difference is what they cost.
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (  # noqa: E402
    PROJECT_PARTS, BenchError, configure, default_sentences, han_count, load_sentences, machine, md_escape,
    paragraph_stream, run_main, seed_paragraphs, table, workdir, write_json,
)

KINDS = ("news report", "regulation", "law", "speech", "short story")


def library_pages(n: int, chars: int, seed: list[str], sentences: list[str]) -> list[tuple[str, str]]:
    """``n`` text pages of at least ``chars`` Chinese characters each, with front matter."""
    stream = paragraph_stream(seed, sentences)
    rng = random.Random(0)
    pages = []
    for k in range(1, n + 1):
        body, count = [], 0
        while count < chars:
            p = next(stream)
            body.append(md_escape(p))
            count += han_count(p)
        year, month, day = rng.randint(2000, 2025), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{year}"])
        title = f"文库第{k}篇"
        meta = (f"---\ntitle: {title}\nlang: zh-Hans\ndate: '{date}'\nkind: {KINDS[k % len(KINDS)]}\n"
                f"source: benchmark text {k}\nrights: 'not protected: a benchmark text'\n---\n\n")
        pages.append((f"texts/lib-{k:05d}.md", meta + f"# {title}\n\n" + "\n\n".join(body) + "\n"))
    return pages


def project_copy(code: Path, dest: Path, pages: list[tuple[str, str]]) -> Path:
    """``code``'s project parts with the library's pages added."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = code / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    if not (dest / "mkdocs.yml").exists():
        raise BenchError(f"{code} has no mkdocs.yml")
    configure(dest, hook=True)  # the nav lists the Texts page, not 2,000 pages on every page
    for rel, md in pages:
        (dest / "docs" / rel).write_text(md, encoding="utf-8")
    return dest


def sizes(site: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for name in ("texts/index.html", "assets/jiedu-textwords.js", "glossary.html", "terms.html"):
        path = site / name
        if path.exists():
            data = path.read_bytes()
            out[name] = (len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))
    return out


def build(root: Path, timeout: float) -> tuple[float, float]:
    """One ``mkdocs build`` in a subprocess reading in its own process: (wall, CPU) seconds."""
    env = {**os.environ, "JIEDU_WORKERS": "1", "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"build in {root} took over {timeout:.0f} s") from None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise BenchError(f"build in {root} failed:\n{result.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def series(root: Path, runs: int, timeout: float) -> dict:
    cold, warm = [], []
    for _ in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        cold.append(build(root, timeout))
        warm.append(build(root, timeout))
    return {"cold": cold, "warm": warm, "sizes": sizes(root / "site")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=int, default=2000, help="texts in the library (default 2,000)")
    ap.add_argument("--chars", type=int, default=500, help="Chinese characters per text (default 500)")
    ap.add_argument("--runs", type=int, default=1, help="cold and warm builds of each checkout (default 1)")
    ap.add_argument("--compare", type=Path, help="another checkout to build the same library with")
    ap.add_argument("--sentences", type=Path, help="sentence file (default: the polyphone dev set)")
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    seed, _ = seed_paragraphs()
    pages = library_pages(args.texts, args.chars, seed, load_sentences(args.sentences or default_sentences()))
    here = Path(__file__).resolve().parent.parent
    checkouts = {"this": here, **({"compare": args.compare.resolve()} if args.compare else {})}
    results = {"texts": args.texts, "chars": args.chars, "machine": machine()}
    with workdir(args.keep, "jiedu-bench-library-") as tmp:
        for name, code in checkouts.items():
            results[name] = series(project_copy(code, tmp / name, pages), args.runs, args.timeout)
    def median(runs: list, i: int) -> str:
        return f"{statistics.median(r[i] for r in runs):.1f} s"

    rows = [[name, median(r["cold"], 1), median(r["warm"], 1), median(r["cold"], 0), median(r["warm"], 0)]
            for name, r in results.items() if isinstance(r, dict) and "cold" in r]
    print(f"{args.texts} texts of {args.chars}+ characters ({results['machine']}; load {os.getloadavg()[0]:.1f})\n")
    print(table(["checkout", "cold, CPU", "warm, CPU", "cold, wall", "warm, wall"], rows))
    print()
    size_rows = [[name, file, f"{raw:,}", f"{gz:,}"] for name, r in results.items() if isinstance(r, dict) and "sizes" in r
                 for file, (raw, gz) in r["sizes"].items()]
    print(table(["checkout", "file", "bytes", "gzip"], size_rows))
    print(f"\n{write_json('bench-library.json', results)}")
    return 0


if __name__ == "__main__":
    run_main(main, "bench_library")
