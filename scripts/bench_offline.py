"""Benchmark offline reading: the zip's size, what the service worker keeps, and how long
the first visit takes to save the site.

A measurement, not a test: it prints numbers and never fails on them.

    .venv/bin/python scripts/bench_offline.py           # 3 runs of each timing
    .venv/bin/python scripts/bench_offline.py --quick   # 1

On what: a temporary copy of the project (removed afterwards; ``--keep`` keeps it), built as
configured (the **seed site**), and the same copy with a corpus of ``--chars`` (1,000,000)
Chinese characters of real sentences in pages of 10,000 (``nav:`` removed), as
``scripts/bench.py`` makes it (``benchlib.make_corpus``). Each is built once with
``mkdocs build`` in a subprocess (the build writes the offline files as it always does).

Reported for each:

- the site on disk (every file), the **zip** (``jiedu-site.zip``: bytes, files) and what the
  **service worker keeps** (bytes, files, and those bytes gzipped at level 6, about what a
  reader downloads from a server that compresses, as GitHub Pages does);
- the **offline step** of the build (``jiedu.outputs.offline.write_offline`` run again, in this
  process, on a copy of the finished site: the manifest, the zip with its size settled, the
  hashes, ``offline.json`` and ``sw.js``): median of ``--runs``;
- the **first caching** in headless Chromium (Debian's ``/usr/bin/chromium`` via Playwright):
  the site served by ``http.server`` on 127.0.0.1 under ``/jiedu/``, a fresh browser context
  opens ``index.html``; reported are the page's load event and the moment the service worker
  takes control (its copy is then complete: it claims pages only after every file was
  downloaded and checked), both from the start of navigation, median of ``--runs``, and what
  ``navigator.storage.estimate()`` reports as used afterwards. Over 127.0.0.1 the network is
  no limit: on a phone the download of the kept bytes comes on top.

Output: a Markdown table on stdout, and ``bench-out/offline.json``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from benchlib import (  # noqa: E402
    DEV_SENT, ROOT, BenchError, browser, check_environment, copy_project, ensure_seed, load_sentences,
    machine, make_corpus, run_build, run_main, seed_paragraphs, serve, table, variant_copy, workdir,
    write_json, write_corpus,
)
from jiedu.outputs.offline import ZIP_NAME, kept_paths, lunr_files, search_langs, site_paths, write_offline  # noqa: E402

# Runs before the page's scripts (statements, not a function: Playwright evaluates the source).
READY_JS = """window.__jiedu = {};
if (navigator.serviceWorker) navigator.serviceWorker.addEventListener("controllerchange", function () {
  window.__jiedu.ready = performance.now();
});"""


def site_bytes(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def gzip_bytes(site: Path, paths: list[str]) -> int:
    return sum(len(gzip.compress((site / p).read_bytes(), compresslevel=6, mtime=0)) for p in paths)


def offline_step(site: Path, scratch: Path, runs: int) -> list[float]:
    """Seconds ``write_offline`` takes on a copy of the finished site, ``runs`` times."""
    times = []
    for i in range(runs):
        copy = scratch / f"step-{i}"
        shutil.copytree(site, copy)
        t0 = time.perf_counter()
        write_offline(copy, "Jiedu 解读", "bench")
        times.append(time.perf_counter() - t0)
        shutil.rmtree(copy, ignore_errors=True)
    return times


def first_caching(site: Path, scratch: Path, runs: int, timeout_ms: int = 600_000) -> dict:
    www = scratch / "www"
    shutil.rmtree(www, ignore_errors=True)
    shutil.copytree(site, www / "jiedu")
    loads, readies, used = [], [], []
    with serve(www) as base, browser() as b:
        for _ in range(runs):
            context = b.new_context()
            try:
                page = context.new_page()
                page.add_init_script(READY_JS)
                page.goto(base + "jiedu/index.html")
                page.wait_for_function("window.__jiedu && window.__jiedu.ready !== undefined", timeout=timeout_ms)
                loads.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
                readies.append(page.evaluate("window.__jiedu.ready"))
                used.append(page.evaluate("navigator.storage.estimate().then(e => e.usage)"))
            finally:
                context.close()
    return {"load_ms": loads, "ready_ms": readies, "storage_used": used}


def measure(name: str, root: Path, scratch: Path, runs: int, timeout: float, with_browser: bool) -> dict:
    print(f"{name}: build", file=sys.stderr, flush=True)
    os.environ.pop("JIEDU_OFFLINE", None)
    build = run_build(root, timeout=timeout)
    site = root / "site"
    total, files = site_bytes(site)
    kept = kept_paths(site_paths(site), lunr_files(search_langs(site)))
    data = json.loads((site / "offline.json").read_text(encoding="utf-8"))
    if [f[0] for f in data["files"]] != kept:
        raise BenchError(f"{name}: offline.json does not list what jiedu.outputs.offline keeps")
    with zipfile.ZipFile(site / ZIP_NAME) as z:
        zip_files = len(z.namelist())
    r = {
        "build_s": round(build.wall, 2),
        "site_bytes": total, "site_files": files,
        "zip_bytes": (site / ZIP_NAME).stat().st_size, "zip_files": zip_files,
        "kept_bytes": data["bytes"], "kept_files": len(kept), "kept_gzip_bytes": gzip_bytes(site, kept),
    }
    print(f"{name}: offline step x{runs}", file=sys.stderr, flush=True)
    r["step_s"] = [round(t, 3) for t in offline_step(site, scratch, runs)]
    if with_browser:
        print(f"{name}: first caching in Chromium x{runs}", file=sys.stderr, flush=True)
        r["caching"] = first_caching(site, scratch, runs)
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="one run of each timing (default 3)")
    ap.add_argument("--runs", type=int, help="runs of each timing")
    ap.add_argument("--chars", type=int, default=1_000_000, help="corpus size in Chinese characters")
    ap.add_argument("--sentences", default=DEV_SENT, help=f"sentence file, from the repository root (default {DEV_SENT})")
    ap.add_argument("--no-browser", action="store_true", help="skip the first-caching measurement")
    ap.add_argument("--timeout", type=float, default=1200, help="seconds one build may take")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    check_environment()
    t_start = time.perf_counter()
    results: dict = {"machine": machine(), "runs": runs, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    sentences = load_sentences((ROOT / args.sentences).resolve())
    seed_paras, _ = seed_paragraphs()
    with workdir(args.keep, prefix="jiedu-bench-offline-") as tmp:
        base = copy_project(tmp / "base")
        generated = ensure_seed(base)
        seed = variant_copy(base, tmp / "seed", hook=True, nav=not generated)
        results["seed"] = measure("seed site", seed, tmp, runs, args.timeout, not args.no_browser)
        corpus = make_corpus(args.chars, seed_paras, sentences)
        big = variant_copy(base, tmp / "corpus", hook=True, nav=False)
        write_corpus(big, corpus)
        label = f"{corpus.han:,} characters"
        results["corpus"] = {"han": corpus.han, "pages": len(corpus.pages),
                             **measure(label, big, tmp, runs, args.timeout, not args.no_browser)}
    results["total_s"] = round(time.perf_counter() - t_start, 1)
    path = write_json("offline.json", results)
    print(report(results))
    print(f"\n(JSON: {path.relative_to(ROOT)}; {results['total_s']:.0f} s in all)")
    return 0


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def report(r: dict) -> str:
    cols = [("seed site", r["seed"]), (f"{r['corpus']['han']:,} characters ({r['corpus']['pages']} pages)", r["corpus"])]
    rows = [
        ["site on disk", *(f"{mb(x['site_bytes'])}, {x['site_files']} files" for _, x in cols)],
        ["zip (jiedu-site.zip)", *(f"{mb(x['zip_bytes'])}, {x['zip_files']} files" for _, x in cols)],
        ["kept by the service worker", *(f"{mb(x['kept_bytes'])}, {x['kept_files']} files" for _, x in cols)],
        ["kept, gzip level 6 (the download)", *(mb(x["kept_gzip_bytes"]) for _, x in cols)],
        ["build (one, for scale)", *(f"{x['build_s']:.2f} s" for _, x in cols)],
        [f"offline step of the build (median of {r['runs']})", *(f"{med(x['step_s']):.2f} s" for _, x in cols)],
    ]
    if "caching" in r["seed"]:
        rows += [
            ["page load event (median)", *(f"{med(x['caching']['load_ms']) / 1000:.2f} s" for _, x in cols)],
            ["site saved, worker in control (median)", *(f"{med(x['caching']['ready_ms']) / 1000:.2f} s" for _, x in cols)],
            ["browser storage used afterwards", *(mb(max(x["caching"]["storage_used"])) for _, x in cols)],
        ]
    return table(["", *(c for c, _ in cols)], rows)


if __name__ == "__main__":
    run_main(main, "bench_offline")
