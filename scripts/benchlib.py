"""Shared parts of the benchmark scripts (``scripts/bench.py``, ``scripts/bench_toggle.py``).

Nothing here is a test: these helpers make throw-away copies of the project, generate a
corpus of real Chinese sentences, run ``mkdocs build`` in fresh subprocesses (wall time and
peak memory of each), serve a built site on 127.0.0.1 and start Debian's Chromium.
"""
from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
# A copy of the project, a local server and Chromium's flags: the tests' own (tests/support.py).
sys.path.insert(0, str(ROOT / "tests"))
from support import CHROMIUM_ARGS, PROJECT_PARTS, copy_project, serve  # noqa: E402,F401
SEED_SLUG = "social-work-2024-11-04"
SEED_PAGE = f"docs/texts/{SEED_SLUG}.md"
SEED_RAW = ROOT / "sources" / f"{SEED_SLUG}.raw.txt"
DEV_SENT = "../shared/data/polyphones-dev/dev.sent"  # relative to the repository root


def default_sentences() -> Path:
    """The polyphone dev set beside the repository, or beside the checkout a git worktree
    under ``wt/`` belongs to."""
    for base in (ROOT, ROOT.parent):
        path = (base / DEV_SENT).resolve()
        if path.exists():
            return path
    return (ROOT / DEV_SENT).resolve()
CHROMIUM = "/usr/bin/chromium"
# The same Han ranges as hooks/jiedu/base/pinyin.py: what counts as a Chinese character.
HAN_CHARS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CHARS}]")
HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
FINAL = "。！？…!?"


class BenchError(Exception):
    """A benchmark cannot go on; the message says why (printed without a traceback)."""


def han_count(text: str) -> int:
    return len(HAN.findall(text))


def check_environment() -> None:
    """Fail early, with one line, if the interpreter cannot run MkDocs."""
    try:
        import mkdocs  # noqa: F401
        import material  # noqa: F401
    except ImportError as e:
        raise BenchError(f"{e}: run the script with the project's venv (.venv/bin/python)") from None


# -- project copies --------------------------------------------------------------------------


def remove_blocks(config: str, keys: tuple[str, ...]) -> str:
    """``mkdocs.yml`` text without the top-level ``key:`` blocks named (a text edit, because
    the file has tags, ``!ENV`` and ``!!python/object/apply``, that a safe YAML load refuses)."""
    out, skipping = [], False
    for line in config.splitlines(keepends=True):
        top = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if top:
            skipping = top.group(1) in keys
        elif line.strip() and not line[0].isspace() and not line.startswith("#"):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def configure(root: Path, *, hook: bool, nav: bool = True) -> None:
    """Edit the copy's mkdocs.yml: without ``hooks:`` for a plain Material build, and without
    ``nav:`` so MkDocs lists every page (corpus pages, or a seed page generated here)."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    if hook and "hooks/jiedu_mkdocs.py" not in text:
        raise BenchError("mkdocs.yml no longer lists hooks/jiedu_mkdocs.py; update benchlib.configure")
    drop = tuple(k for k, keep in (("hooks", hook), ("nav", nav)) if not keep)
    path.write_text(remove_blocks(text, drop), encoding="utf-8")


def variant_copy(src: Path, dest: Path, *, hook: bool, nav: bool = True) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("site", "__pycache__"))
    configure(dest, hook=hook, nav=nav)
    return dest


# -- inputs: the seed article and the corpus sentences ---------------------------------------


def raw_paragraphs() -> list[str]:
    """The raw OCR source's paragraphs with spaces removed (blank lines separate them)."""
    if not SEED_RAW.exists():
        raise BenchError(f"{SEED_RAW} is missing")
    text = SEED_RAW.read_text(encoding="utf-8")
    paras = [re.sub(r"[ \t\u3000\n]", "", p) for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if p]


def generated_seed_page() -> str:
    """A stand-in for ``docs/texts/<seed>.md`` while it does not exist: the raw source,
    spaces removed, first paragraph as title, the rest as paragraphs."""
    paras = raw_paragraphs()
    title, body = paras[0], paras[1:]
    return (f"---\nlang: zh-Hans\ntitle: {title}\n---\n\n# {title}\n\n"
            + "\n\n".join(md_escape(p) for p in body) + "\n")


def ensure_seed(root: Path) -> bool:
    """Give the copy at ``root`` a seed page if the repository has none; True if generated."""
    page = root / SEED_PAGE
    if page.exists():
        return False
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(generated_seed_page(), encoding="utf-8")
    return True


def seed_paragraphs() -> tuple[list[str], str]:
    """The seed article's paragraphs (Chinese text only) and where they came from."""
    page = ROOT / SEED_PAGE
    if page.exists():
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        paras = []
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            if not block or block[0] in "#|-*:[<!{`>" or block.startswith("1."):
                continue
            plain = re.sub(r"<[^>]+>", "", block)
            plain = re.sub(r"\s+", "", plain)
            if han_count(plain) >= 10:
                paras.append(plain)
        if paras:
            return paras, SEED_PAGE
    return raw_paragraphs(), str(SEED_RAW.relative_to(ROOT)) + " (spaces removed)"


def load_sentences(path: Path) -> list[str]:
    """One sentence a line, U+2581 marks removed, blank lines dropped."""
    if not path.exists():
        raise BenchError(f"{path} is missing (the polyphone dev set; pass --sentences PATH)")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.replace("\u2581", "").strip()
        if han_count(line):
            out.append(line)
    if not out:
        raise BenchError(f"{path} has no Chinese sentences")
    return out


def split_sentences(paragraph: str) -> list[str]:
    parts = re.findall(rf"[^{FINAL}]+[{FINAL}]*[”’」』）)]*", paragraph)
    return [p for p in parts if p.strip()]


_ESCAPE = set("\\`*_{}[]#|>")


def md_escape(text: str) -> str:
    """Plain text as a Markdown paragraph that renders as exactly that text."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = "".join("\\" + c if c in _ESCAPE else c for c in text)
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    if text[:1] in "-+=":
        text = "\\" + text
    return text


def _vary(sentence: str, rng: random.Random) -> str:
    """Drop most clause commas, so a repeated sentence's Han runs differ from the first pass."""
    return re.sub(f"(?<=[{HAN_CHARS}])[，、](?=[{HAN_CHARS}])", lambda m: "" if rng.random() < 0.7 else m.group(), sentence)


def paragraph_stream(seed_paras: list[str], sentences: list[str]) -> Iterator[str]:
    """Paragraphs of real sentences, endlessly: first the seed article's paragraphs and the
    sentences in order (2 to 6 a paragraph); then passes in which the sentences are shuffled,
    some clause commas dropped and some sentences joined to the next without their full stop,
    so later passes repeat few Han runs verbatim (the hook caches readings per run)."""
    pool = [s if s[-1] in FINAL + "”’」』）)" else s + "。" for s in sentences]
    pool += [s for p in seed_paras for s in split_sentences(p)]
    yield from seed_paras
    rng = random.Random(0)
    i = 0
    while i < len(sentences):
        n = rng.randint(2, 6)
        yield "".join(pool[i : i + n])
        i += n
    pass_no = 0
    while True:
        pass_no += 1
        rng = random.Random(pass_no)
        order = pool[:]
        rng.shuffle(order)
        para: list[str] = []
        for s in order:
            s = _vary(s, rng)
            if rng.random() < 0.7 and s[-1] in "。":
                s = s[:-1]  # joined to the next sentence: its last run and the next one's first merge
            para.append(s)
            if len(para) >= rng.randint(2, 6):
                text = "".join(para)
                yield text if text[-1] in FINAL + "”’」』）)" else text + "。"
                para = []


@dataclass
class Corpus:
    pages: list[tuple[str, str]]  # (path under docs/, markdown)
    han: int
    runs: int = 0
    distinct_runs: int = 0
    novel: float = 0.0  # share of Han characters in a run's first occurrence (not a cache hit)


def make_corpus(target: int, seed_paras: list[str], sentences: list[str], page_chars: int = 10_000,
                section_every: int = 20) -> Corpus:
    """Pages of ``page_chars`` Chinese characters each (at least), ``target`` in all, each with
    front matter ``lang: zh-Hans`` and a title, a ``##`` heading every ``section_every`` paragraphs."""
    stream = paragraph_stream(seed_paras, sentences)
    n_pages = -(-target // page_chars)
    pages, total, seen, novel, runs = [], 0, set(), 0, 0
    for k in range(1, n_pages + 1):
        title = f"语料第{k}篇"
        body, chars, paras = [], 0, 0
        while chars < page_chars:
            if paras % section_every == 0:
                body.append(f"## 第{paras // section_every + 1}节")
            p = next(stream)
            body.append(md_escape(p))
            for run in HAN_RUN.findall(p):
                runs += 1
                if run not in seen:
                    seen.add(run)
                    novel += len(run)
            chars += han_count(p)
            paras += 1
        total += chars
        md = f"---\nlang: zh-Hans\ntitle: {title}\n---\n\n# {title}\n\n" + "\n\n".join(body) + "\n"
        pages.append((f"corpus/c{k:04d}.md", md))
    return Corpus(pages, total, runs, len(seen), novel / total)


def write_corpus(root: Path, corpus: Corpus) -> None:
    for rel, md in corpus.pages:
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(md, encoding="utf-8")


# -- builds ------------------------------------------------------------------------------------

# Runs in a fresh interpreter per build: starts `mkdocs build` as its only child, so
# RUSAGE_CHILDREN's ru_maxrss is the peak resident memory of the largest process it waited for
# (the build's own, KiB on Linux). The build may start worker processes (the reading pass:
# a fork server and workers forked from it, which share the libraries it loaded), so it also
# samples the whole process tree every 50 ms: the sum of resident memory (RSS, shared pages
# counted in every process) and of proportional memory (PSS, shared pages divided among the
# processes sharing them: what the tree really takes), at their peaks.
_CHILD = r"""
import json, os, resource, subprocess, sys, threading, time
args, cwd, timeout, log = json.loads(sys.argv[1])

def tree(root):
    children = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(pid))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out

def memory(pid):
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss

peak = {"rss": 0, "pss": 0, "processes": 0}
t0 = time.perf_counter()
with open(log, "w") as out:
    proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    def sample():
        while proc.poll() is None:
            pids = tree(proc.pid)
            mem = [memory(p) for p in pids]
            peak["rss"] = max(peak["rss"], sum(m[0] for m in mem))
            peak["pss"] = max(peak["pss"], sum(m[1] for m in mem))
            peak["processes"] = max(peak["processes"], len(pids))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = "timeout"
wall = time.perf_counter() - t0
sampler.join()
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "tree_rss_kib": peak["rss"], "tree_pss_kib": peak["pss"], "processes": peak["processes"]}))
"""


@dataclass
class BuildRun:
    wall: float
    maxrss_mib: float  # the largest single process (the build's own)
    warnings: list[str]
    tree_rss_mib: float = 0.0  # the whole process tree, shared pages counted in each process
    tree_pss_mib: float = 0.0  # the whole process tree, shared pages counted once
    processes: int = 1


def run_build(root: Path, *, timeout: float = 1200, strict: bool = False, extra: tuple[str, ...] = (),
              env: dict[str, str] | None = None) -> BuildRun:
    """``mkdocs build`` of the project at ``root`` in a fresh subprocess; wall time, peak
    memory, warnings. ``--no-strict`` by default so the build always finishes; a build with no
    warnings is one that ``--strict`` passes. Raises BenchError on failure or timeout."""
    log = root / "build.log"
    cmd = [sys.executable, *extra, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, json.dumps([cmd, str(root), timeout, str(log)])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout + 60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise BenchError(f"build in {root} did not finish in {timeout + 60:.0f} s") from None
    if proc.returncode != 0:
        raise BenchError(f"build wrapper failed ({proc.returncode}): {err.strip()[-2000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    if res["rc"] == "timeout":
        raise BenchError(f"build in {root} took over {timeout:.0f} s")
    if res["rc"] != 0:
        raise BenchError(f"build in {root} failed (exit {res['rc']}):\n{text[-3000:]}")
    warnings = [line for line in text.splitlines() if line.startswith("WARNING")]
    return BuildRun(res["wall"], res["maxrss_kib"] / 1024, warnings, res["tree_rss_kib"] / 1024,
                    res["tree_pss_kib"] / 1024, res["processes"])


def html_bytes(site: Path, pages: list[str]) -> tuple[int, int]:
    """Raw and gzip (level 6, as web servers commonly use) bytes of the built HTML of
    ``pages`` (source paths under docs/; ``x.html``, as the offline plugin sets
    ``use_directory_urls: false``, or ``x/index.html``)."""
    raw = gz = 0
    for rel in pages:
        out = page_html(site, rel)
        data = out.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=6, mtime=0))
    return raw, gz


def page_html(site: Path, rel: str) -> Path:
    """The built file of the page ``rel`` (a path under docs/)."""
    stem = rel[: -len(".md")]
    for out in (site / f"{stem}.html", site / stem / "index.html"):
        if out.exists():
            return out
    raise BenchError(f"{site / stem}.html was not built")


def index_bytes(site: Path) -> tuple[int, int]:
    path = site / "search" / "search_index.json"
    if not path.exists():
        raise BenchError(f"{path} was not built")
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


# -- serving and the browser -------------------------------------------------------------------


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        raise BenchError(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BenchError("playwright is not installed in this interpreter (use .venv/bin/python)") from None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextlib.contextmanager
def workdir(keep: bool = False, prefix: str = "jiedu-bench-") -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        if keep:
            print(f"(kept {path})", file=sys.stderr)
        else:
            shutil.rmtree(path, ignore_errors=True)


# -- output ------------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c) for c in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    sep = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(cells[0]), sep, *map(line, cells[1:])])


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": sys.version.split()[0]}


def write_json(name: str, data: dict) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def run_main(main, name: str) -> None:
    """Run a benchmark's ``main`` with one-line errors instead of tracebacks."""
    try:
        sys.exit(main())
    except BenchError as e:
        print(f"{name}: error: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(f"{name}: interrupted", file=sys.stderr)
        sys.exit(130)
