"""The reading pass: a page's text read per unit, in tasks, in worker processes, reads exactly
as the whole page read at once; what rendering looks up is what the engine gives."""
from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

from jiedu.readpass import workers
from jiedu.readpass.cache import ReadingStore
from jiedu.reading.engine import ReadingEngine
from jiedu.reading.segment import Segment
from jiedu.readpass.readpass import ReadingPass
from jiedu.project import Project
from jiedu.site import Site
from jiedu.readpass.units import decode, encode, key, needs_reading, search_runs, split
from jiedu.readpass.workers import Setup, read_units, worker_count

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "docs" / "texts" / "social-work-2024-11-04.md"
SECOND = Path(__file__).parent / "fixtures" / "second-text.md"


def page_nodes(site: Site, path: Path, url: str) -> list[str]:
    """The text nodes rendering reads on a page, glossary terms linked as in a build."""
    text = path.read_text("utf-8")
    meta = {"lang": "zh-Hans"} if text.startswith("---") else {}
    body = text.split("---", 2)[2] if text.startswith("---") else text
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc"])
    return site.read(html, url, meta, "t")[1].nodes


@pytest.fixture(scope="module")
def site() -> Site:
    return Site(Project.load(ROOT), cache_dir=None, workers=1)


@pytest.fixture(scope="module")
def article(site) -> list[str]:
    return page_nodes(site, ARTICLE, "texts/a.html")


@pytest.mark.parametrize("nodes, units", [
    ([], []),
    (["\n"], [(0, 1)]),
    (["一名", "男子", "被捕。"], [(0, 3)]),  # no line break: one unit (the model reads it whole)
    (["标题", "\n", "一名", "男子。", "\n"], [(0, 2), (2, 5)]),
    (["a\n", "b", "c\n", "d"], [(0, 1), (1, 3), (3, 4)]),
])
def test_units_end_after_a_line_break(nodes, units):
    assert split(nodes) == units


def test_units_read_alone_as_within_their_page(site, article):
    assert len(split(article)) > 40 and sum(map(len, article)) > 3000
    whole = ReadingEngine(site.engine.overrides).annotate_all(article)
    alone: list = []
    for a, b in split(article):
        alone += ReadingEngine(site.engine.overrides).annotate_all(article[a:b])
    assert alone == whole


def test_a_task_of_units_reads_each_as_alone(site, article):
    units = [article[a:b] for a, b in split(article)][:40]
    together = read_units(ReadingEngine(site.engine.overrides), units)
    for unit, payload in zip(units, together):
        assert payload == read_units(ReadingEngine(site.engine.overrides), [unit])[0]


def test_encoded_readings_decode_to_what_the_engine_gave(site, article):
    engine = ReadingEngine(site.engine.overrides)
    for a, b in split(article)[:30]:
        unit = article[a:b]
        annotations, cuts = decode(read_units(engine, [unit])[0], unit)
        assert annotations == engine.annotate_all(unit)
        assert list(cuts) == list(dict.fromkeys(search_runs(unit)))


@pytest.mark.parametrize("payload", [
    "", "{", "[]", '{"f":[],"a":[],"c":[]}',
    encode([["别的"]], []),  # well formed, another unit's
    encode([[Segment("行业", ("háng", "yè"))]], [["行", "业", "x"]]),  # a cut that does not fit
])
def test_a_reading_that_does_not_fit_its_unit_is_refused(payload):
    with pytest.raises(ValueError):
        decode(payload, ["行业"])


def test_keys_tell_units_and_setups_apart():
    assert key("a", ["一", "二"]) != key("a", ["一二"]) != key("b", ["一二"])
    assert not needs_reading(["\n", "2024", "&amp;"]) and needs_reading(["x", "年"])


@pytest.mark.parametrize("value, workers", [("1", 1), ("3", 3), ("0", 1), (" 2 ", 2)])
def test_workers_from_the_environment(value, workers):
    assert worker_count({"JIEDU_WORKERS": value}) == workers


def test_workers_default_to_the_cores_this_process_may_use():
    import os

    assert worker_count({}) == len(os.sched_getaffinity(0))
    with pytest.raises(ValueError, match="JIEDU_WORKERS='many' is not a number of workers"):
        worker_count({"JIEDU_WORKERS": "many"})


def annotate_pages(site: Site, pages: dict[str, list[str]], workers: int, store: ReadingStore) -> dict:
    readings = ReadingPass(ReadingEngine(site.engine.overrides), store, "salt", workers,
                        site.reading_pass.setup)  # the words, overrides and word fixes the build gives its workers
    for url, nodes in pages.items():
        readings.ask(url, nodes)
    readings.flush()
    out = {}
    for url, nodes in pages.items():
        out[url] = (readings.cuts(url, nodes), readings.page(url).annotate_all(nodes))
        readings.done(url)
    return out, readings


def test_one_or_two_workers_read_the_same(site, article, tmp_path):
    pages = {"texts/a.html": article, "texts/b.html": page_nodes(site, SECOND, "texts/b.html")}
    try:
        one, r1 = annotate_pages(site, pages, 1, ReadingStore(None))
        two, r2 = annotate_pages(site, pages, 2, ReadingStore(tmp_path))
        assert r1.read_here > 0 and r1.read_by_workers == 0
        assert r2.read_by_workers == r1.read_here and r2.read_here == 0  # all read by workers
        assert two == one
        # the store now holds every unit: nothing is read again, and the same comes out
        again, r3 = annotate_pages(site, pages, 2, ReadingStore(tmp_path))
        assert r3.read_here == r3.read_by_workers == 0 and again == one
    finally:
        workers.shutdown()


def test_an_edited_paragraph_is_the_only_one_read_again(site, article, tmp_path):
    pages = {"texts/a.html": article}
    annotate_pages(site, pages, 1, ReadingStore(tmp_path))
    edited = list(article)
    i = next(i for i, n in enumerate(edited) if "社会工作" in n)
    edited[i] = edited[i].replace("社会工作", "社会工做", 1)
    out, readings = annotate_pages(site, {"texts/a.html": edited}, 1, ReadingStore(tmp_path))
    assert readings.read_here == 1
    assert out["texts/a.html"][1] == ReadingEngine(site.engine.overrides).annotate_all(edited)


def test_when_workers_fail_the_build_reads_itself(site, article):
    """A task that fails in a worker (here: a setup it cannot use) is read in the build's
    process, with the same result."""
    readings = ReadingPass(ReadingEngine(site.engine.overrides), ReadingStore(None), "salt", 2, Setup((), (None,)))
    try:
        readings.ask("a.html", article)
        readings.flush()
        got = readings.page("a.html").annotate_all(article)
    finally:
        workers.shutdown()
    assert readings.read_by_workers == 0 and readings.read_here > 0
    assert got == ReadingEngine(site.engine.overrides).annotate_all(article)


def _marked(marker: str) -> list[int]:
    """Processes whose environment holds ``marker`` (Linux's /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    out.append(int(entry.name))
            except OSError:
                pass
    return out


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


@pytest.mark.build
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc")
def test_a_killed_build_leaves_no_worker_processes(tmp_path):
    """A build killed outright never shuts its pool down: its workers must end by themselves
    (they watch the build's process), and with them the fork server."""
    import signal
    import subprocess
    import sys
    import time
    import uuid

    from support import copy_project

    root = copy_project(tmp_path / "p")
    marker = f"JIEDU_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, "JIEDU_WORKERS": "2", "JIEDU_CACHE": "off", "NO_MKDOCS_2_WARNING": "1",
           marker.split("=")[0]: marker.split("=")[1]}
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=root, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def workers() -> list[int]:  # the fork server's children
        marked = set(_marked(marker)) - {build.pid}
        return [p for p in marked if _parent(p) in marked]

    deadline = time.monotonic() + 60
    while not workers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers(), "no workers started"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 15
    while _marked(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _marked(marker), "worker processes outlived their build"
