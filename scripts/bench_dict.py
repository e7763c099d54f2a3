#!/usr/bin/env python3
"""Dictionary figures: the size of the word popup's dictionary file and its coverage.

Builds the seed site and the ≥ 1,000,000-character benchmark corpus (``benchlib``: the seed
article and the CPP dev sentences) with the hook, and reports for each the size of
``assets/jiedu-dict.js`` (raw, gzip level 6 as web servers commonly serve it, and gzip 9),
its number of entries, how long writing it takes (reading the words back from the pages,
with an empty page cache and with the words of every page cached; making the file) and, in Chromium, the time from hovering a word to its
popup (the first of a page loads the file; the popup's hover delay is included). For the seed article it reports the coverage: the share
of its words, as tokens and as distinct words, that CC-CEDICT has, that it lacks but whose
characters it all has (the popup shows those), and that have an HSK 3.0 level.

Measurements, not tests. ``.venv/bin/python scripts/bench_dict.py [--quick] [--size N]``
"""
from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from benchlib import (  # noqa: E402
    DEV_SENT, ROOT, SEED_SLUG, BenchError, browser, check_environment, copy_project, ensure_seed, load_sentences,
    machine, make_corpus, page_html, run_build, run_main, seed_paragraphs, serve, table, variant_copy, workdir,
    write_corpus, write_json,
)

# In the page: time from the pointer entering a word to the frame after its popup shows
# definitions (or characters). The popup's hover delay is part of it, on purpose: it is what
# a reader waits.
HOVER = """async (index) => {
  const words = Array.from(document.querySelectorAll(".jiedu-text ruby")).filter(r => !r.closest("a.jiedu-term"));
  const r = words[index];
  r.scrollIntoView({block: "center"});
  await new Promise(f => requestAnimationFrame(() => requestAnimationFrame(f)));
  const t0 = performance.now();
  const box = r.getBoundingClientRect();
  const at = {bubbles: true, clientX: box.left + 2, clientY: box.bottom - 2};
  document.dispatchEvent(new PointerEvent("pointermove", {...at, pointerType: "mouse"}));
  r.dispatchEvent(new MouseEvent("mouseover", at));
  return await new Promise(done => {
    const check = () => {
      const p = document.querySelector("#jiedu-word:not([hidden])");
      const title = p && p.querySelector(".jiedu-word__hanzi");
      if (title && title.textContent === Jiedu.word(r).text && p.querySelector(".jiedu-word__senses, .jiedu-word__chars")) {
        requestAnimationFrame(() => done(performance.now() - t0));
      } else requestAnimationFrame(check);
    };
    check();
  });
}"""


def hover_times(site: Path, page: str, runs: int) -> dict:
    """Hover to popup in Chromium: the first popup of a page (loads the dictionary file)
    and later ones; medians over ``runs`` fresh browser contexts."""
    first, later = [], []
    with serve(site) as base, browser() as b:
        for _ in range(runs):
            ctx = b.new_context(viewport={"width": 1200, "height": 900})
            pg = ctx.new_page()
            pg.goto(base + page)
            pg.wait_for_load_state("networkidle")
            first.append(pg.evaluate(HOVER, 40))
            for i in (80, 120, 160, 200, 240):
                pg.keyboard.press("Escape")  # the popup closes
                pg.evaluate("new Promise(f => setTimeout(f, 100))")
                later.append(pg.evaluate(HOVER, i))
            ctx.close()
    return {"first_ms": round(statistics.median(first)), "later_ms": round(statistics.median(later)),
            "first_all": [round(x) for x in first], "later_all": [round(x) for x in later]}


def sizes(path: Path) -> dict:
    data = path.read_bytes()
    return {"raw": len(data), "gzip6": len(gzip.compress(data, 6, mtime=0)), "gzip9": len(gzip.compress(data, 9, mtime=0))}


def timings(site: Path, runs: int) -> dict:
    """Seconds to read the words back from the pages and to make the file (no cache)."""
    import tempfile

    from jiedu.readpass.cache import PageCache
    from jiedu.outputs.dictionary import load
    from jiedu.outputs.sitedict import dictionary_script, site_words

    t = time.perf_counter()
    load()
    loaded = time.perf_counter() - t
    scan, warm, make = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            words = site_words(site, PageCache(Path(tmp), "bench"))
            scan.append(time.perf_counter() - t)
            t = time.perf_counter()
            site_words(site, PageCache(Path(tmp), "bench"))  # every page's words from the cache
            warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        dictionary_script(words, load())
        make.append(time.perf_counter() - t)
    return {"load_s": round(loaded, 3), "scan_s": round(statistics.median(scan), 3),
            "scan_warm_s": round(statistics.median(warm), 3), "make_s": round(statistics.median(make), 3),
            "words": len(words)}


def entries(path: Path) -> int:
    import json

    text = path.read_text(encoding="utf-8")
    return len(json.loads(text[text.index("=") + 1 : text.rindex(";")])["w"])


def coverage(html: str, glossary: bool = True) -> dict:
    """Coverage of the words of the text proper (the ``jiedu-text`` block up to the
    vocabulary list and the notes, which quote other forms); without the glossary terms
    (which keep their own tooltip) if ``glossary`` is false."""
    from jiedu.outputs.dictionary import load
    from jiedu.outputs.sitedict import page_words

    start = html.index('<div class="jiedu-text"')
    end = min(i for i in (html.find('<section class="jiedu-vocab', start), html.find('<div class="jiedu-notes', start),
                          html.find("</article>", start)) if i > 0)
    d = load()
    text = html[start:end]
    if not glossary:
        text = re.sub(r'<a class="jiedu-term.*?</a>', "", text, flags=re.S)
    tokens = [w for w, _ in page_words(text)]
    kinds = {}
    for w in set(tokens):
        if d.senses(w):
            kinds[w] = "entry"
        elif all(d.senses(c) for c in w):
            kinds[w] = "characters"
        else:
            kinds[w] = "none"
    out = {"tokens": len(tokens), "types": len(kinds)}
    for kind in ("entry", "characters", "none"):
        out[f"{kind}_tokens"] = sum(1 for w in tokens if kinds[w] == kind)
        out[f"{kind}_types"] = sum(1 for k in kinds.values() if k == kind)
    out["hsk_tokens"] = sum(1 for w in tokens if d.level(w))
    out["hsk_types"] = sum(1 for w in kinds if d.level(w))
    out["missing"] = sorted(w for w, k in kinds.items() if k != "entry")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="time the file once (default 3 times)")
    ap.add_argument("--size", type=int, default=1_000_000, help="corpus size in Chinese characters")
    ap.add_argument("--sentences", default=DEV_SENT, help=f"sentence file, from the repository root (default {DEV_SENT})")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--no-browser", action="store_true", help="skip the hover-to-popup measurement")
    args = ap.parse_args(argv)
    runs = 1 if args.quick else 3
    check_environment()
    sentences = load_sentences((ROOT / args.sentences).resolve())
    seed_paras, _ = seed_paragraphs()
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    with workdir(args.keep, "jiedu-bench-dict-") as tmp:
        base = copy_project(tmp / "base")
        generated = ensure_seed(base)
        seed = variant_copy(base, tmp / "seed", hook=True, nav=not generated)
        print("building the seed site", file=sys.stderr, flush=True)
        run_build(seed)
        dict_js = seed / "site" / "assets" / "jiedu-dict.js"
        if not dict_js.exists():
            raise BenchError(f"{dict_js} was not written")
        results["seed"] = {**sizes(dict_js), "entries": entries(dict_js), **timings(seed / "site", runs)}
        article = seed / "site" / "texts" / f"{SEED_SLUG}.html"
        results["coverage"] = coverage(article.read_text(encoding="utf-8"))
        results["coverage_outside_glossary"] = coverage(article.read_text(encoding="utf-8"), glossary=False)
        if not args.no_browser:
            print("hover to popup, seed site", file=sys.stderr, flush=True)
            results["seed"]["hover"] = hover_times(seed / "site", f"texts/{SEED_SLUG}.html", 1 if args.quick else 5)

        corpus = make_corpus(args.size, seed_paras, sentences)
        print(f"building the corpus: {len(corpus.pages)} pages, {corpus.han:,} characters", file=sys.stderr, flush=True)
        big = variant_copy(base, tmp / "corpus", hook=True, nav=False)
        write_corpus(big, corpus)
        run_build(big)
        dict_js = big / "site" / "assets" / "jiedu-dict.js"
        results["corpus"] = {"han": corpus.han, **sizes(dict_js), "entries": entries(dict_js), **timings(big / "site", runs)}
        if not args.no_browser:
            print("hover to popup, corpus", file=sys.stderr, flush=True)
            page = page_html(big / "site", corpus.pages[0][0]).relative_to(big / "site").as_posix()
            results["corpus"]["hover"] = hover_times(big / "site", page, 1 if args.quick else 5)
    path = write_json("dict.json", results)
    print(report(results))
    print(f"\n(JSON: {path.relative_to(ROOT)})")
    return 0


def report(r: dict) -> str:
    kb = lambda n: f"{n / 1000:.1f} KB"  # noqa: E731
    hover = lambda x: f"{x['hover']['first_ms']} / {x['hover']['later_ms']} ms" if "hover" in x else "-"  # noqa: E731
    rows = [[name, kb(x["raw"]), kb(x["gzip6"]), kb(x["gzip9"]), x["entries"], x["words"],
             f"{x['scan_s']:.2f} / {x['scan_warm_s']:.2f} s", f"{x['make_s']:.2f} s", hover(x)]
            for name, x in (("seed site", r["seed"]), (f"corpus, {r['corpus']['han']:,} characters", r["corpus"]))]
    c, o = r["coverage"], r["coverage_outside_glossary"]
    pct = lambda c, k: f"{c[k + '_tokens'] / c['tokens']:.1%} / {c[k + '_types'] / c['types']:.1%}"  # noqa: E731
    kinds = [("CC-CEDICT has the word", "entry"), ("only its characters (the popup shows them)", "characters"),
             ("neither", "none"), ("HSK 3.0 level", "hsk")]
    cov = [[label, pct(c, k), pct(o, k)] for label, k in kinds]
    return "\n\n".join([
        f"assets/jiedu-dict.js ({r['machine']['nproc']} cores, {r['machine']['cpu']}; CC-CEDICT loaded in {r['seed']['load_s']:.2f} s)",
        table(["site", "raw", "gzip 6", "gzip 9", "entries", "words on pages", "read pages, cold / cached", "make file",
               "hover to popup, first / later (median)"], rows),
        f"Coverage of the seed article's words, tokens / distinct (all: {c['tokens']} / {c['types']}; "
        f"outside glossary terms: {o['tokens']} / {o['types']}):",
        table(["", "all words", "outside glossary terms"], cov),
        "Words outside glossary terms that CC-CEDICT lacks: " + " ".join(o["missing"]),
    ])


if __name__ == "__main__":
    run_main(main, "bench_dict")
