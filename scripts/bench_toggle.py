"""Benchmark the reader controls: time from switching a control to the next painted frame.

A measurement, not a test: it prints numbers (the goal is under 50 ms) and never fails on them.

    .venv/bin/python scripts/bench_toggle.py            # 12 switches per control and position
    .venv/bin/python scripts/bench_toggle.py --quick    # 5

On what: a temporary copy of the project (mkdocs.yml, hooks/, annotations/, docs/, overrides/;
removed afterwards, ``--keep`` keeps it) with one long text page, ``docs/corpus/long.md``
(``lang: zh-Hans``, at least ``--chars`` = 100,000 Chinese characters, a ``##`` heading every
20 paragraphs), made of real sentences: the seed article's paragraphs, then the polyphone dev
set (``../shared/data/polyphones-dev/dev.sent``, ``--sentences``; U+2581 marks removed). It is
built with the hook, as configured (``nav:`` removed so the page is listed), in a subprocess.

How: the site is served by ``http.server`` on 127.0.0.1 and the page opened in headless
Chromium (Debian's ``/usr/bin/chromium`` via Playwright, 1200×900). The reader panel that
``docs/assets/jiedu-reader.js`` puts in the header is opened with its button
(``.jiedu-controls__button``); then, in the page, ``performance.now()`` is read, the input is
clicked (``input.click()``: the form's ``change`` handler runs synchronously) and a double
``requestAnimationFrame`` awaited: the second callback runs once the frame after the change
has been produced, so the time includes style, layout and paint of that frame (and up to one
frame interval of waiting for it). "handler" is the synchronous part alone. Between switches the page settles: a pinyin
switch restyles the blocks on screen at once and the others while the browser is idle, and
the next switch is timed once every block has it (a reader does not switch ten times a
second). Each control is
switched ``--reps`` times, cycling through its values: pinyin shown → terms → hidden → shown…,
tones marks → numbers → zhuyin → marks… (each switch rewrites the ``<rt>`` near the screen),
tone colours pinyin → all (characters too) → off, term marking all → none → first. All of it twice: at the top of
the page and scrolled to the middle. The floor, a double ``requestAnimationFrame`` with nothing
switched, is measured too ("idle frame").

Output: a Markdown table on stdout, and ``bench-out/toggle.json``.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (  # noqa: E402
    run_main,
    DEV_SENT, ROOT, BenchError, browser, check_environment, copy_project, ensure_seed, han_count,
    load_sentences, machine, md_escape, page_html, paragraph_stream, run_build, seed_paragraphs, serve,
    table, variant_copy, workdir, write_json,
)

CONTROLS = [
    ("pinyin", ["terms", "hidden", "shown"]),
    ("tones", ["numbers", "zhuyin", "marks"]),
    ("colours", ["pinyin", "all", "off"]),
    ("marking", ["all", "none", "first"]),
]

SWITCH_JS = """
async ([name, value]) => {
  const sel = '#jiedu-controls-panel input[name="' + name + '"]' + (value ? '[value="' + value + '"]' : '');
  const input = document.querySelector(sel);
  if (!input) return {error: 'no ' + sel};
  const t0 = performance.now();
  input.click();
  const t1 = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const t2 = performance.now();
  return {ms: t2 - t0, handler_ms: t1 - t0, html_class: document.documentElement.className};
}
"""

# The floor: the same double requestAnimationFrame with nothing switched.
IDLE_JS = """
async () => {
  const t0 = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return {ms: performance.now() - t0, handler_ms: 0};
}
"""

#: Between switches: every block carries the pinyin setting (the blocks off screen take it
#: while the browser is idle, jiedu-reader.js), then two frames and 50 ms.
SETTLE_JS = """() => new Promise((r) => {
  const v = Jiedu.settings.get().pinyin, sel = Jiedu.blocks.selector;
  const done = () => Array.from(document.querySelectorAll(sel)).every((b) => b.getAttribute('data-jiedu-block-pinyin') === v);
  const wait = () => done() ? requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))) : setTimeout(wait, 20);
  wait();
})"""


def long_page(chars: int, seed_paras: list[str], sentences: list[str]) -> tuple[str, int]:
    stream = paragraph_stream(seed_paras, sentences)
    body, n, paras = [], 0, 0
    while n < chars:
        if paras % 20 == 0:
            body.append(f"## 第{paras // 20 + 1}节")
        p = next(stream)
        body.append(md_escape(p))
        n += han_count(p)
        paras += 1
    title = "长文测试"
    md = f"---\nlang: zh-Hans\ntitle: {title}\n---\n\n# {title}\n\n" + "\n\n".join(body) + "\n"
    return md, n


def measure(pg, reps: int) -> dict:
    idle = []
    for _ in range(reps):
        pg.evaluate(SETTLE_JS)
        idle.append(pg.evaluate(IDLE_JS)["ms"])
    out = {"idle": {"samples": idle, "median_ms": round(statistics.median(idle), 1), "max_ms": round(max(idle), 1)}}
    for name, values in CONTROLS:
        samples = []
        for i in range(reps):
            value = values[i % len(values)]
            pg.evaluate(SETTLE_JS)
            r = pg.evaluate(SWITCH_JS, [name, value])
            if "error" in r:
                raise BenchError(f"switching {name}: {r['error']}")
            samples.append({"value": value if value else ("on" if i % 2 == 0 else "off"), **r})
        ms = [s["ms"] for s in samples]
        out[name] = {
            "samples": samples,
            "median_ms": round(statistics.median(ms), 1), "max_ms": round(max(ms), 1),
            "first_ms": round(ms[0], 1),
            "handler_median_ms": round(statistics.median(s["handler_ms"] for s in samples), 1),
            "by_value": {
                v: {"n": len(vs), "median_ms": round(statistics.median(vs), 1), "max_ms": round(max(vs), 1)}
                for v in dict.fromkeys(s["value"] for s in samples)
                for vs in [[s["ms"] for s in samples if s["value"] == v]]
            },
        }
        # back to the defaults before the next control
        pg.evaluate(SETTLE_JS)
    pg.evaluate("""() => {
      const p = document.querySelector('#jiedu-controls-panel');
      for (const [n, v] of [['pinyin', 'shown'], ['tones', 'marks'], ['colours', 'off'], ['marking', 'first']]) {
        const i = p.querySelector('input[name="' + n + '"][value="' + v + '"]');
        if (!i.checked) i.click();
      }
    }""")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="5 switches per control (default 12)")
    ap.add_argument("--reps", type=int, help="switches per control and position (default 12, --quick 5)")
    ap.add_argument("--chars", type=int, default=100_000, help="Chinese characters on the page")
    ap.add_argument("--sentences", default=DEV_SENT, help=f"sentence file, from the repository root (default {DEV_SENT})")
    ap.add_argument("--timeout", type=float, default=900, help="seconds the build may take")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    reps = args.reps or (5 if args.quick else 12)
    if reps < 1 or args.chars < 1:
        ap.error("--reps and --chars must be positive")

    check_environment()
    t_start = time.perf_counter()
    sentences = load_sentences((ROOT / args.sentences).resolve())
    seed_paras, seed_source = seed_paragraphs()
    results: dict = {"machine": machine(), "reps": reps, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                     "seed_paragraphs_from": seed_source}
    with workdir(args.keep, prefix="jiedu-toggle-") as tmp:
        base = copy_project(tmp / "base")
        ensure_seed(base)
        root = variant_copy(base, tmp / "site-a", hook=True, nav=False)
        md, n = long_page(args.chars, seed_paras, sentences)
        (root / "docs" / "corpus").mkdir(parents=True, exist_ok=True)
        (root / "docs" / "corpus" / "long.md").write_text(md, encoding="utf-8")
        print(f"building a page of {n:,} Chinese characters", file=sys.stderr, flush=True)
        build = run_build(root, timeout=args.timeout)
        site = root / "site"
        out = page_html(site, "corpus/long.md")
        html = out.read_text(encoding="utf-8")
        results["page"] = {"han": n, "html_bytes": out.stat().st_size, "rt": html.count("<rt>") + html.count("<rt "),
                           "build_s": round(build.wall, 2), "build_warnings": build.warnings}

        with serve(site) as base_url, browser() as br:
            context = br.new_context(viewport={"width": 1200, "height": 900})
            pg = context.new_page()
            errors: list[str] = []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.set_default_timeout(args.timeout * 1000)
            t = time.perf_counter()
            pg.goto(base_url + out.relative_to(site).as_posix(), wait_until="load")
            pg.wait_for_selector(".jiedu-controls__button")
            results["page"]["open_s"] = round(time.perf_counter() - t, 2)
            results["page"]["load_event_ms"] = round(pg.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
            results["page"]["rt_in_dom"] = pg.evaluate("document.querySelectorAll('.md-content rt').length")
            pg.locator(".jiedu-controls__button").click()
            pg.wait_for_selector("#jiedu-controls-panel:not([hidden])")
            results["top"] = measure(pg, reps)
            pg.evaluate("() => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2)")
            pg.evaluate(SETTLE_JS)
            results["scroll_y"] = pg.evaluate("scrollY")
            if pg.locator("#jiedu-controls-panel").is_hidden():
                pg.locator(".jiedu-controls__button").click()
            results["middle"] = measure(pg, reps)
            results["page_errors"] = errors
            context.close()

    results["total_s"] = round(time.perf_counter() - t_start, 1)
    path = write_json("toggle.json", results)
    print(report(results))
    print(f"\n(JSON: {path.relative_to(ROOT)}; {results['total_s']:.0f} s in all)")
    return 0


def report(r: dict) -> str:
    m, p = r["machine"], r["page"]
    rows = []
    for where in ("top", "middle"):
        idle = r[where]["idle"]
        rows.append([where, "(none: idle frame)", "–", len(idle["samples"]), idle["median_ms"], idle["max_ms"],
                     "–", "–", "–"])
        for name, values in CONTROLS:
            s = r[where][name]
            cycle = " → ".join(v for v in values if v) if values[0] else "on/off"
            rows.append([where, name, cycle, len(s["samples"]), s["median_ms"], s["max_ms"], s["first_ms"],
                         s["handler_median_ms"], "yes" if s["max_ms"] < 50 else "no"])
    detail = []
    for where in ("top", "middle"):
        for name, _ in CONTROLS:
            for value, s in r[where][name]["by_value"].items():
                detail.append([where, name, value, s["n"], s["median_ms"], s["max_ms"]])
    return "\n".join([
        f"# Reader controls: switch to next frame ({r['started']})", "",
        f"Machine: {m['nproc']} CPUs, {m['cpu']}, Python {m['python']}; headless Chromium.",
        f"Page: {p['han']:,} Chinese characters, {p['rt_in_dom']:,} <rt> in the DOM, {p['html_bytes']:,} bytes of HTML "
        f"(built in {p['build_s']} s); load event at {p['load_event_ms']} ms, controls there after {p['open_s']} s. "
        f"Middle: scrollY {r['scroll_y']:,.0f}. Page errors: {len(r['page_errors'])}.", "",
        table(["position", "control", "cycled", "n", "median ms", "max ms", "first ms", "handler median ms",
               "max < 50 ms"], rows),
        "", "By the value switched to:", "",
        table(["position", "control", "to", "n", "median ms", "max ms"], detail),
    ])


if __name__ == "__main__":
    run_main(main, "bench_toggle")
