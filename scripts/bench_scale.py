"""Benchmark a library of ten million characters (issue 26): builds, and what a reader downloads.

A measurement, not a test: it prints numbers and never fails on them. It takes long (on a
2-core machine, an hour or more): it is never part of ``make test``.

    .venv/bin/python scripts/bench_scale.py                 # 10,000,000 characters, 1,000 texts
    .venv/bin/python scripts/bench_scale.py --chars 2000000 # a smaller library, same steps
    .venv/bin/python scripts/bench_scale.py --no-one-core   # skip the builds on one core

What it builds, in a temporary directory removed afterwards (``--keep`` keeps it): the
project's own site plus ``--texts`` text pages (``docs/corpus/c0001.md`` …) of real sentences,
``--chars`` Chinese characters in all, made on the fly as ``make bench`` makes its corpora
(``benchlib.make_corpus``: the seed article and the polyphone dev set, shuffled and varied in
later passes); ``nav:`` removed so MkDocs lists every page. Nothing of it is committed.

Builds (each a fresh ``mkdocs build`` subprocess; wall time, peak memory of the build process
and of its whole process tree), with all cores and with one (the build and every process it
starts pinned to core 0: the reading pass then starts one worker):

- **plain**: the same site without the hook (plain Material, its search segmenting every page);
- **cold**: with the hook and an empty page cache; **warm**: again, with the cache it left.

Then, on the hook's site (``benchreader.py``): the bytes a reader downloads for the first page,
the first search, the first popup and the first visit (service worker), gzip as served; and
the time to the first search result in headless Chromium on Chrome's "Fast 3G" profile.

Output: issue 26's table (``benchgoals.py``) with the 1M column of ``make bench``'s last run
if ``bench-out/results.json`` has one, the build table, and ``bench-out/scale.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import output_sizes, text_pages  # noqa: E402
from benchgoals import column, goals_table  # noqa: E402
from benchlib import (  # noqa: E402
    empty_cache,
    OUT, ROOT, BenchError, check_environment, copy_project, default_sentences, ensure_seed, load_sentences, machine,
    make_corpus, page_html, run_build, run_main, seed_paragraphs, table, variant_copy, workdir, write_corpus,
    write_json,
)
from benchreader import reader_bytes, search_on_fast_3g  # noqa: E402

QUERIES = ["社会工作", "发展", "铁路", "social work"]


def build(label: str, root: Path, timeout: float, cpus: list[int] | None, cold: bool) -> dict:
    if cold:
        empty_cache(root)
    env = {"JIEDU_WORKERS": str(len(cpus))} if cpus else {}
    t = time.perf_counter()
    run = run_build(root, timeout=timeout, cpus=cpus, env=env)
    print(f"  {label}: {run.wall:.1f} s, {run.maxrss_mib:.0f} MiB (tree PSS {run.tree_pss_mib:.0f} MiB, "
          f"{run.processes} processes; {time.perf_counter() - t:.0f} s; load {os.getloadavg()[0]:.1f})",
          file=sys.stderr, flush=True)
    return {"wall_s": round(run.wall, 2), "maxrss_mib": round(run.maxrss_mib), "tree_pss_mib": round(run.tree_pss_mib),
            "processes": run.processes, "warnings": run.warnings[:20]}


def builds(a: Path, b: Path, timeout: float, cpus: list[int] | None, suffix: str) -> dict:
    out = {"plain": build(f"plain{suffix}", b, timeout, cpus, cold=False),
           "cold": build(f"cold{suffix}", a, timeout, cpus, cold=True),
           "warm": build(f"warm{suffix}", a, timeout, cpus, cold=False)}
    out["ratio_cold"] = round(out["cold"]["wall_s"] / out["plain"]["wall_s"], 2)
    out["ratio"] = round(out["warm"]["wall_s"] / out["plain"]["wall_s"], 2)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=10_000_000, help="Chinese characters of the library (10,000,000)")
    ap.add_argument("--texts", type=int, default=1000, help="text pages they are spread over (1,000)")
    ap.add_argument("--sentences", help="sentence file (default: the polyphone dev set beside the repository)")
    ap.add_argument("--no-one-core", action="store_true", help="skip the builds pinned to one core")
    ap.add_argument("--no-plain", action="store_true", help="skip plain Material's builds")
    ap.add_argument("--no-browser", action="store_true", help="skip the reader's side")
    ap.add_argument("--timeout", type=float, default=7200, help="seconds one build may take")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    check_environment()
    t_start = time.perf_counter()
    sentences = load_sentences(Path(args.sentences).resolve() if args.sentences else default_sentences())
    seed_paras, _ = seed_paragraphs()
    cores = sorted(os.sched_getaffinity(0))
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                     "load_start": [round(x, 2) for x in os.getloadavg()], "cores": len(cores)}
    with workdir(args.keep, prefix="jiedu-bench-scale-") as tmp:
        base = copy_project(tmp / "base")
        ensure_seed(base)
        corpus = make_corpus(args.chars, seed_paras, sentences, page_chars=max(1, args.chars // args.texts))
        print(f"library: {len(corpus.pages)} texts, {corpus.han:,} characters, {corpus.novel:.0%} novel",
              file=sys.stderr, flush=True)
        results["corpus"] = {"texts": len(corpus.pages), "han": corpus.han, "novel_share": round(corpus.novel, 3)}
        a = variant_copy(base, tmp / "a", hook=True, nav=False)
        b = variant_copy(base, tmp / "b", hook=False, nav=False)
        write_corpus(a, corpus)
        write_corpus(b, corpus)
        del corpus  # 30 MB of Markdown: the pages are on disk now
        print("warm-up build of the seed site (not counted)", file=sys.stderr, flush=True)
        run_build(variant_copy(base, tmp / "warmup", hook=False, nav=False), timeout=args.timeout)
        print(f"builds, all {len(cores)} cores", file=sys.stderr, flush=True)
        results["builds"] = builds(a, b, args.timeout, None, "")
        results["sizes"] = output_sizes(a, b, text_pages(a / "docs", "corpus"))
        if not args.no_one_core and len(cores) > 1:
            print("builds, one core", file=sys.stderr, flush=True)
            one = builds(a, b, args.timeout, cores[:1], " (one core)")
            results["builds_one_core"] = one
            results["builds"]["ratio_cold_1"], results["builds"]["ratio_1"] = one["ratio_cold"], one["ratio"]
            run_build(a, timeout=args.timeout)  # the site as all cores build it, for the reader
        if not args.no_browser:
            pages = sorted((a / "docs" / "corpus").glob("*.md"))
            page = page_html(a / "site", pages[len(pages) // 2].relative_to(a / "docs").as_posix())
            page = page.relative_to(a / "site").as_posix()
            print("reader: first page, search, popup, visit", file=sys.stderr, flush=True)
            results["reader"] = reader_bytes(a / "site", page, QUERIES[0])
            print("reader: search on Fast 3G", file=sys.stderr, flush=True)
            results["fast3g"] = search_on_fast_3g(a / "site", page, QUERIES)
    results["total_s"] = round(time.perf_counter() - t_start, 1)
    results["load_end"] = [round(x, 2) for x in os.getloadavg()]
    path = write_json("scale.json", results)
    print(report(results))
    print(f"\n(JSON: {path.relative_to(ROOT)}; {results['total_s']:.0f} s in all)")
    return 0


def one_million() -> tuple[str, dict] | None:
    """The 1M column from ``make bench``'s last results, if it measured 1M."""
    path = OUT / "results.json"
    if not path.is_file():
        return None
    r = json.loads(path.read_text(encoding="utf-8"))
    series = (r.get("corpus") or {}).get("1000000")
    if not series:
        return None
    return f"1M ({r.get('started', '?')[:10]}, make bench)", column(series, series.get("sizes"), r.get("reader"), r.get("fast3g"))


def report(r: dict) -> str:
    m = r["machine"]
    name = f"{r['corpus']['han'] / 1e6:.3g}M ({r['corpus']['texts']:,} texts)"
    cols = [c for c in (one_million(),) if c] + [(name, column(r.get("builds"), r.get("sizes"), r.get("reader"), r.get("fast3g")))]
    out = [f"# Jiedu at library scale ({r['started']})", "",
           f"Machine: {m['nproc']} CPUs, {m['cpu']}, Python {m['python']}; load average at the start "
           f"{', '.join(map(str, r['load_start']))}, at the end {', '.join(map(str, r.get('load_end', [])))}. "
           "One build of each (a shared machine makes every figure noisy).", "",
           "## Issue 26", "", goals_table(cols), ""]
    rows = []
    for label, key in (("all cores", "builds"), ("one core", "builds_one_core")):
        s = r.get(key)
        if not s:
            continue
        for v in ("plain", "cold", "warm"):
            x = s[v]
            rows.append([label, v, f"{x['wall_s']:.1f} s", f"{x['maxrss_mib']} MiB", f"{x['tree_pss_mib']} MiB",
                         x["processes"], len(x["warnings"])])
    out += ["## Builds", "", table(["cores", "build", "wall", "peak RSS, build process", "peak PSS, all its processes",
                                     "processes", "warnings"], rows), ""]
    if "reader" in r:
        rd = r["reader"]
        out += ["## Reader", "", f"Page `{rd['page']}`; query {rd['query']}. Bytes as sent (gzip).", ""]
        out += [table(["", "bytes", "responses"], [[k, f"{(rd.get(k) or {}).get('bytes', '–'):,}" if isinstance((rd.get(k) or {}).get('bytes'), int) else "–", (rd.get(k) or {}).get("files", "–")]
                                               for k in ("first_page", "first_search", "first_popup", "first_visit")]), ""]
    if "fast3g" in r:
        f = r["fast3g"]
        rows = [[x["query"], "idle", x["first_ms"], x["text_ms"], f"{x['bytes']:,}", x["files"], x["meta"]] for x in f["idle"]]
        x = f["after_load"]
        rows.append([x["query"], f"at load ({x['load_ms']} ms)", x["first_ms"], x["text_ms"], f"{x['bytes']:,}", x["files"], x["meta"]])
        out += ["## Search on Fast 3G", "", table(["query", "typed", "first result ms", "with text ms", "bytes", "responses", "meta"], rows), ""]
    return "\n".join(out)


if __name__ == "__main__":
    run_main(main, "bench_scale")
