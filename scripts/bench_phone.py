"""Benchmark the article's main thread on an emulated phone: what Lighthouse's mobile preset
measures, taken from Chromium's own trace.

A measurement, not a test: it prints numbers (targets: total blocking time ≤ 300 ms, no long
task over 200 ms from Jiedu's scripts at load, no scrolling frame over 100 ms) and never
fails on them.

    .venv/bin/python scripts/bench_phone.py SITE_DIR [--runs 3]

How: the built site (``make site`` writes ``site/``) is served on 127.0.0.1 and the seed
article opened in headless Chromium (Debian's ``/usr/bin/chromium`` via Playwright) as a
390×844 phone (2× pixels, touch), the CPU slowed 4× (DevTools' ``Emulation.
setCPUThrottlingRate``, as Lighthouse's mobile preset), the service worker blocked (a first
visit). Chromium's trace (``devtools.timeline``) gives every task of the main thread: a task
over 50 ms is long; total blocking time is the sum of each long task's time over 50 ms from
the first paint to 10 s after load (Lighthouse stops at interactivity, so this is an upper
bound); a long task is Jiedu's when a script of ``assets/jiedu-*.js`` runs in it for more
than half of it. Then the page is scrolled to its end in steps of 100 px a frame and each
frame's duration recorded. Also: main-thread time by kind (script, style and layout, paint)
over the load, and the page's elements. Output: a table on stdout and
``bench-out/phone.json``.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARTICLE = "texts/social-work-2024-11-04.html"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "toplevel"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def tasks(trace: dict) -> tuple[list[dict], dict[str, float]]:
    """The main thread's top-level tasks (start, duration in ms, time in Jiedu's scripts) and
    the time by kind, from a Chromium trace."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    main = next((e["tid"] for e in events if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"), None)
    run = [e for e in events if e.get("tid") == main and e.get("name") == "RunTask" and e.get("ph") == "X"]
    inner = [e for e in events if e.get("tid") == main and e.get("ph") == "X" and e.get("name") in (
        "EvaluateScript", "FunctionCall", "v8.compile", "UpdateLayoutTree", "Layout", "Paint", "TimerFire",
        "FireAnimationFrame", "EventDispatch", "ParseHTML")]
    kinds = {"script": 0.0, "style and layout": 0.0, "paint": 0.0, "parse": 0.0}
    out = []
    for t in run:
        start, end = t["ts"], t["ts"] + t["dur"]
        mine = 0.0
        for e in inner:
            if not (start <= e["ts"] < end):
                continue
            url = ((e.get("args") or {}).get("data") or {}).get("url", "") or ""
            if e["name"] in ("EvaluateScript", "FunctionCall") and "/assets/jiedu-" in url:
                mine += e["dur"] / 1000
        out.append({"start": start / 1000, "ms": t["dur"] / 1000, "jiedu_ms": mine})
    for e in inner:
        kind = {"EvaluateScript": "script", "FunctionCall": "script", "v8.compile": "script", "TimerFire": None,
                "UpdateLayoutTree": "style and layout", "Layout": "style and layout", "Paint": "paint", "ParseHTML": "parse"}.get(e["name"])
        if kind:
            kinds[kind] += e["dur"] / 1000
    return out, kinds


def one_run(browser, base: str, out_dir: Path, i: int) -> dict:
    context = browser.new_context(service_workers="block", **PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    trace_path = out_dir / f"phone-trace-{i}.json"
    browser.start_tracing(page=page, path=str(trace_path), categories=CATEGORIES)
    page.goto(base + ARTICLE, wait_until="load")
    page.wait_for_timeout(10_000)
    browser.stop_tracing()
    paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime")
    origin = page.evaluate("performance.timeOrigin") * 1000  # µs since epoch; the trace's clock differs
    elements = page.evaluate("document.getElementsByTagName('*').length")
    trace = json.loads(trace_path.read_text(encoding="utf-8"))
    found, kinds = tasks(trace)
    navigation = next((e["ts"] / 1000 for e in (trace["traceEvents"] if isinstance(trace, dict) else trace)
                       if e.get("name") == "navigationStart"), found[0]["start"] if found else 0)
    after_paint = [t for t in found if t["start"] - navigation >= paint]
    long = [t for t in found if t["ms"] > 50]
    tbt = sum(t["ms"] - 50 for t in after_paint if t["ms"] > 50)
    jiedu_long = [t for t in long if t["jiedu_ms"] > t["ms"] / 2]
    # scrolling: 100 px a frame to the end, each frame's duration
    frames = page.evaluate("""async () => {
      const out = []; let last = performance.now();
      while (scrollY + innerHeight < document.documentElement.scrollHeight - 2) {
        window.scrollBy(0, 100);
        await new Promise(r => requestAnimationFrame(r));
        const now = performance.now(); out.push(now - last); last = now;
      }
      return out; }""")
    context.close()
    trace_path.unlink()
    del origin
    return {"tbt_ms": tbt, "long_tasks": len(long), "longest_ms": max((t["ms"] for t in long), default=0),
            "jiedu_long_tasks": len(jiedu_long), "jiedu_longest_ms": max((t["ms"] for t in jiedu_long), default=0),
            "first_paint_ms": paint, "main_thread_ms": kinds, "elements": elements,
            "scroll_frames": len(frames), "frames_over_50ms": sum(f > 50 for f in frames),
            "frames_over_100ms": sum(f > 100 for f in frames), "worst_frame_ms": max(frames, default=0)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, nargs="?", default=Path("site"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if not (args.site / ARTICLE).exists():
        print(f"{args.site / ARTICLE} is missing: run `make site` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    out_dir = Path("bench-out")
    out_dir.mkdir(exist_ok=True)
    server, base = serve(args.site)
    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("JIEDU_CHROMIUM", "/usr/bin/chromium"),
                                    args=["--no-sandbox", "--disable-gpu"])
        for i in range(args.runs):
            runs.append(one_run(browser, base, out_dir, i))
        browser.close()
    server.shutdown()
    load = os.getloadavg()
    keys = ["tbt_ms", "long_tasks", "longest_ms", "jiedu_long_tasks", "jiedu_longest_ms", "first_paint_ms",
            "elements", "scroll_frames", "frames_over_50ms", "frames_over_100ms", "worst_frame_ms"]
    print(f"phone 390x844, CPU 4x slower, {args.runs} runs (median); machine: {os.cpu_count()} cores, load average {load[0]:.1f}")
    print("| measure | median | runs |\n| --- | --- | --- |")
    for k in keys:
        values = [r[k] for r in runs]
        print(f"| {k} | {statistics.median(values):.0f} | {', '.join(f'{v:.0f}' for v in values)} |")
    for kind in runs[0]["main_thread_ms"]:
        values = [r["main_thread_ms"][kind] for r in runs]
        print(f"| main thread, {kind} (ms) | {statistics.median(values):.0f} | {', '.join(f'{v:.0f}' for v in values)} |")
    (out_dir / "phone.json").write_text(json.dumps({"load": load, "runs": runs}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
