"""Issue 26's table: the figures of a library's build and of its reader, with the goals beside
them. ``scripts/bench.py`` (1,000,000 characters) and ``scripts/bench_scale.py`` (10,000,000)
print it from their results; ``bench_scale.py`` adds the 1M column from ``make bench``'s last
``bench-out/results.json`` when there is one.
"""
from __future__ import annotations

from benchlib import table

KB = 1000


def _kb(n: int | None) -> str:
    return "–" if n is None else (f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / KB:.0f} KB")


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def _s(ms: int | None) -> str:
    return "–" if ms is None else f"{ms / 1000:.2f} s"


def column(builds: dict | None, sizes: dict | None, reader: dict | None, fast3g: dict | None) -> dict:
    """One size's figures from a bench's results (any part may be missing)."""
    c: dict = {}
    if builds:
        c["cold"] = builds.get("ratio_cold")
        c["warm"] = builds.get("ratio")
        c["cold_1"] = builds.get("ratio_cold_1")
        c["warm_1"] = builds.get("ratio_1")
    if sizes:
        c["html"] = (sizes.get("diff_per_char"), sizes.get("diff_gzip_per_char"))
    if reader:
        for k in ("first_page", "first_search", "first_popup", "first_visit"):
            c[k] = (reader.get(k) or {}).get("bytes")
    if fast3g:
        idle = [x for x in fast3g.get("idle", []) if x.get("first_ms") is not None]
        if idle:
            c["fast3g_first"] = max(x["first_ms"] for x in idle)
            texts = [x["text_ms"] for x in idle if x.get("text_ms") is not None]
            c["fast3g_text"] = max(texts) if texts else None
            c["query_bytes"] = max(x["bytes"] for x in idle)
        after = fast3g.get("after_load") or {}
        c["fast3g_after_load"] = after.get("first_ms")
    return c


ROWS = [  # (key, label, goal, format, met)
    ("cold", "cold build, all cores (× plain Material)", "≤ 2.0×", _ratio, lambda x: x <= 2.0),
    ("warm", "warm build, all cores (× plain)", "≤ 1.1×", _ratio, lambda x: x <= 1.1),
    ("cold_1", "cold build, one core (× plain)", "≤ 2.0×", _ratio, lambda x: x <= 2.0),
    ("warm_1", "warm build, one core (× plain)", "≤ 1.1×", _ratio, lambda x: x <= 1.1),
    ("html", "HTML added per Chinese character (raw / gzip)", "≤ 16 B / ≤ 2.0 B",
     lambda v: "–" if v[0] is None else f"{v[0]:.1f} / {v[1]:.2f} B", lambda v: v[0] <= 16 and v[1] <= 2.0),
    ("first_page", "first page, all it loads (gzip)", "≤ 500 KB", _kb, lambda x: x <= 500 * KB),
    ("first_search", "first search, what it adds (gzip)", "≤ 1 MB", _kb, lambda x: x <= 1000 * KB),
    ("query_bytes", "a query on Fast 3G, the most any query sent", "≤ 1 MB", _kb, lambda x: x <= 1000 * KB),
    ("fast3g_first", "first result on Fast 3G, page idle (slowest query)", "≤ 1 s", _s, lambda x: x <= 1000),
    ("fast3g_text", "… the first result with its text", "", _s, None),
    ("fast3g_after_load", "first result on Fast 3G, typed at the load event", "", _s, None),
    ("first_popup", "first word popup, what it adds (gzip)", "≤ 100 KB", _kb, lambda x: x <= 100 * KB),
    ("first_visit", "first visit over HTTP: page and offline copy (gzip)", "≤ 50 MB budget", _kb,
     lambda x: x <= 50 * 1000 * KB),
]


def goals_table(columns: list[tuple[str, dict]]) -> str:
    """Markdown: one row per figure, one column per size, the goal, and whether every size met it."""
    rows = []
    for key, label, goal, fmt, met in ROWS:
        values = [c.get(key) for _, c in columns]
        if all(v is None for v in values):
            continue
        shown = [fmt(v) if v is not None else "–" for v in values]
        known = [v for v in values if v is not None and not (isinstance(v, tuple) and v[0] is None)]
        ok = "" if met is None or not known else ("yes" if all(met(v) for v in known) else "no")
        rows.append([label, *shown, goal, ok])
    return table(["", *(name for name, _ in columns), "goal", "met"], rows)
