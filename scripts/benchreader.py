"""What a reader downloads and waits for: the reader-side half of ``make bench`` and ``make
bench-scale`` (issue 26's table).

Nothing here is a test. A built site is served on 127.0.0.1 by a server that compresses text
files with gzip (level 6, as GitHub Pages and most hosts do) and counts the bytes it sends,
so "bytes a reader downloads" is what left the server, whatever the browser cached or where
the request came from (the page, the search worker, the service worker). Debian's headless
Chromium (Playwright) plays the reader:

- **first page**: a text page opened in a fresh browser context with service workers
  blocked, until the network is quiet (the search index Material prefetches included);
- **first search**: a query typed into Material's search box on that page, until the first
  result shows its text;
- **first popup**: the pointer rested on a word of the text, until its popup shows;
- **first visit**: the home page opened in a fresh context with service workers allowed,
  until the worker has saved what it keeps and controls the page;
- **first search result on fast 3G**: the same query with the network throttled to Chrome
  DevTools' "Fast 3G" profile (CDP ``Network.emulateNetworkConditions``: 562.5 ms latency,
  1.44 Mbit/s down, 675 kbit/s up), the time from typing to the first result and to the
  first result with its text; typed once the page is loaded and quiet ("idle", what a
  reader who opens search after reading a moment waits), and right after the load event.

The selectors the scripts rely on (Material's search box and results; Jiedu's words and popup)
are the constants below.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import mimetypes
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

from benchlib import BenchError, browser

#: Chrome DevTools' "Fast 3G" (front_end/core/sdk/NetworkManager.ts): bytes a second, ms.
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
           "uploadThroughput": 750 * 1000 / 8 * 0.9}
COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".tsv", ".webmanifest", ".map")
QUIET_S = 1.5  # the network is quiet after this long without a request

# Material's search box and its results (mkdocs-material 9.x).
SEARCH_INPUT = ".md-search__input"
RESULT_ITEM = ".md-search-result__item"
# Jiedu's words and the word popup (docs/assets/jiedu-words*.js).
WORDS_JS = 'Array.from(document.querySelectorAll(".jiedu-text ruby")).filter(r => !r.closest("a.jiedu-term"))'
POPUP_READY = '#jiedu-word:not([hidden]) .jiedu-word__senses, #jiedu-word:not([hidden]) .jiedu-word__chars'

TYPE_JS = """([selector, query]) => {
  const input = document.querySelector(selector);
  if (!input) return false;
  window.__jieduSearch = {t0: performance.now()};
  const seen = () => {
    const item = document.querySelector('.md-search-result__item');
    if (item && window.__jieduSearch.first === undefined) window.__jieduSearch.first = performance.now() - window.__jieduSearch.t0;
    const text = item && item.querySelector('.md-search-result__article:not(:first-child), .md-search-result__more');
    const teaser = Array.from(document.querySelectorAll('.md-search-result__article')).some(a => a.textContent.replace(/\\s/g, '').length > 40);
    if (teaser && window.__jieduSearch.text === undefined) window.__jieduSearch.text = performance.now() - window.__jieduSearch.t0;
    const meta = document.querySelector('.md-search-result__meta');
    window.__jieduSearch.meta = meta ? meta.textContent.trim() : '';
    window.__jieduSearch.items = document.querySelectorAll('.md-search-result__item').length;
  };
  new MutationObserver(seen).observe(document.querySelector('.md-search-result') || document.body, {childList: true, subtree: true, characterData: true});
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: query.slice(-1)}));
  return true;
}"""

HOVER_JS = """(index) => {
  const words = %s;
  const r = words[Math.min(index, words.length - 1)];
  if (!r) return false;
  r.scrollIntoView({block: "center"});
  const box = r.getBoundingClientRect();
  const at = {bubbles: true, clientX: box.left + 2, clientY: box.bottom - 2};
  document.dispatchEvent(new PointerEvent("pointermove", {...at, pointerType: "mouse"}));
  r.dispatchEvent(new MouseEvent("mouseover", at));
  return true;
}""" % WORDS_JS


@dataclass
class Sent:
    at: float
    path: str
    bytes: int


@dataclass
class CountingServer:
    """``directory`` over HTTP on 127.0.0.1, gzip for text files, every response counted."""

    directory: Path
    sent: list[Sent] = field(default_factory=list)
    base: str = ""

    def mark(self) -> int:
        return len(self.sent)

    def since(self, mark: int) -> tuple[int, int]:
        """Bytes sent and responses since ``mark``."""
        part = self.sent[mark:]
        return sum(s.bytes for s in part), len(part)

    def paths_since(self, mark: int) -> list[str]:
        return [s.path for s in self.sent[mark:]]

    def wait_quiet(self, quiet: float = QUIET_S, timeout: float = 600) -> None:
        """Until no response is being sent and none has been for ``quiet`` seconds (a large
        file on a throttled network is counted when it is all sent)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            last = max([s.at for s in self.sent[-1:]] + [self._started, self._busy_since if self.active else 0.0])
            if not self.active and time.monotonic() - last >= quiet:
                return
            time.sleep(0.1)
        raise BenchError(f"the network was never quiet for {quiet} s")

    def touch(self) -> None:
        self._started = time.monotonic()

    _started: float = 0.0
    active: int = 0  # responses being sent
    _busy_since: float = 0.0


def _handler(server: CountingServer, cache: dict[str, bytes]):
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            server.active += 1
            server._busy_since = time.monotonic()
            try:
                self._get()
            finally:
                server.active -= 1

        def _get(self):
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            if not os.path.isfile(path):
                self.send_error(404)
                server.sent.append(Sent(time.monotonic(), self.path, 0))
                return
            body = Path(path).read_bytes()
            gz = path.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
            if gz:
                if path not in cache:
                    cache[path] = gzip.compress(body, compresslevel=6, mtime=0)
                body = cache[path]
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
            if gz:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            server.sent.append(Sent(time.monotonic(), self.path, len(body)))

    return Handler


@contextlib.contextmanager
def counting_server(directory: Path) -> Iterator[CountingServer]:
    mimetypes.add_type("application/manifest+json", ".webmanifest")
    mimetypes.add_type("text/javascript", ".js")
    state = CountingServer(directory)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_handler(state, {}), directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def _search(pg, query: str, timeout_s: float) -> dict:
    if not pg.evaluate(TYPE_JS, [SEARCH_INPUT, query]):
        raise BenchError(f"no {SEARCH_INPUT} on the page")
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        state = pg.evaluate("window.__jieduSearch")
        if state.get("text") is not None or (state.get("first") is not None and state.get("meta", "").startswith("No")):
            return state
        if state.get("meta", "").startswith("No matching"):
            return state
        time.sleep(0.05)
    return {**pg.evaluate("window.__jieduSearch"), "timeout": True}


def reader_bytes(site: Path, page: str, query: str, word: int = 40, timeout_s: float = 120) -> dict:
    """Bytes (gzip, as sent) for the first page, the first search and the first popup of a
    reader on ``page``, and the first visit's offline copy from the home page."""
    out: dict = {"page": page, "query": query}
    with counting_server(site) as server, browser() as b:
        ctx = b.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        mark = server.mark()
        server.touch()
        pg.goto(server.base + page, wait_until="load")
        server.wait_quiet()
        out["first_page"] = dict(zip(("bytes", "files"), server.since(mark)))
        mark = server.mark()
        state = _search(pg, query, timeout_s)
        server.touch()
        server.wait_quiet()
        out["first_search"] = {**dict(zip(("bytes", "files"), server.since(mark))), "result": state}
        pg.keyboard.press("Escape")
        pg.evaluate("document.querySelector('#__search').checked = false")
        mark = server.mark()
        if not pg.evaluate(HOVER_JS, word):
            raise BenchError(f"{page} has no word to hover")
        try:
            pg.wait_for_selector(POPUP_READY, timeout=timeout_s * 1000)
            server.touch()
            server.wait_quiet()
            out["first_popup"] = dict(zip(("bytes", "files"), server.since(mark)))
        except Exception as e:  # noqa: BLE001 (a measurement: say what failed, go on)
            out["first_popup"] = {"error": str(e).splitlines()[0]}
        out["errors"] = errors
        ctx.close()

        ctx = b.new_context(viewport={"width": 1200, "height": 900})
        pg = ctx.new_page()
        pg.add_init_script("window.__jieduReady = null; if (navigator.serviceWorker) navigator.serviceWorker"
                           ".addEventListener('controllerchange', () => { window.__jieduReady = performance.now(); });")
        mark = server.mark()
        t0 = time.monotonic()
        pg.goto(server.base + "index.html", wait_until="load")
        try:
            pg.wait_for_function("window.__jieduReady !== null", timeout=timeout_s * 10 * 1000)
            out["first_visit"] = {**dict(zip(("bytes", "files"), server.since(mark))),
                                  "ready_s": round(time.monotonic() - t0, 2)}
        except Exception as e:  # noqa: BLE001
            out["first_visit"] = {"error": str(e).splitlines()[0], **dict(zip(("bytes", "files"), server.since(mark)))}
        ctx.close()
    return out


def search_on_fast_3g(site: Path, page: str, queries: list[str], timeout_s: float = 180) -> dict:
    """Time to the first result (and to the first with its text) on Fast 3G, for each query
    typed once the page is loaded and quiet, each in a fresh context (nothing cached), and
    the first query typed right after the load event. Bytes sent per query too."""
    out: dict = {"page": page, "profile": "Fast 3G", "idle": [], "after_load": None}
    with counting_server(site) as server, browser() as b:
        def session(query: str, wait_idle: bool) -> dict:
            ctx = b.new_context(viewport={"width": 1200, "height": 900}, service_workers="block")
            pg = ctx.new_page()
            cdp = ctx.new_cdp_session(pg)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
            cdp.send("Network.emulateNetworkConditions", FAST_3G)
            server.touch()
            pg.goto(server.base + page, wait_until="load", timeout=timeout_s * 1000)
            load_ms = pg.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            if wait_idle:
                server.wait_quiet(quiet=3.0, timeout=timeout_s)
            mark = server.mark()
            state = _search(pg, query, timeout_s)
            server.touch()
            server.wait_quiet(quiet=2.0, timeout=timeout_s)
            sent, files = server.since(mark)
            ctx.close()
            return {"query": query, "load_ms": round(load_ms), "first_ms": _ms(state.get("first")),
                    "text_ms": _ms(state.get("text")), "meta": state.get("meta"), "items": state.get("items"),
                    "bytes": sent, "files": files, **({"timeout": True} if state.get("timeout") else {})}

        for q in queries:
            out["idle"].append(session(q, True))
        out["after_load"] = session(queries[0], False)
    return out


def _ms(x) -> int | None:
    return None if x is None else round(x)
