"""The page cache: a rebuild serves rendered pages from disk, and never a stale one."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT
from jiedu.readpass.cache import PageCache, ReadingStore, imported_modules, seal

ARTICLE = "texts/social-work-2024-11-04.html"
CACHE = ".cache/jiedu/pages"


def cached_files(root):
    return sorted(p.name for p in (root / CACHE).glob("*/*.html"))


def test_rebuild_serves_the_same_pages_from_the_cache(make_project):
    first = make_project.build()
    assert first.result.returncode == 0, first.result.stderr
    html = first.html(ARTICLE)
    files = cached_files(make_project.root)
    assert len(files) >= 3  # the article, the glossary, the home page …
    mtimes = {p: p.stat().st_mtime_ns for p in (make_project.root / CACHE).glob("*/*.html")}

    second = make_project.build()
    assert second.result.returncode == 0, second.result.stderr
    assert second.html(ARTICLE) == html
    assert cached_files(make_project.root) == files
    assert {p: p.stat().st_mtime_ns for p in (make_project.root / CACHE).glob("*/*.html")} == mtimes


def test_a_changed_reading_is_never_served_stale(make_project):
    assert make_project.build().result.returncode == 0
    before = make_project.build().html(ARTICLE)
    assert "<ruby>行业<rt>háng yè</rt></ruby>" in before
    make_project.write("annotations/readings.yml", "readings:\n  - phrase: 行业\n    pinyin: xíng yè\n")
    after = make_project.build()
    assert after.result.returncode == 0, after.result.stderr
    assert "<ruby>行业<rt>xíng yè</rt></ruby>" in after.html(ARTICLE)
    # the entries the new build did not use are gone
    assert len(cached_files(make_project.root)) == len(list((make_project.root / CACHE).glob("*/*")))


def test_a_changed_page_misses_and_the_others_hit(make_project):
    assert make_project.build().result.returncode == 0
    before = set(cached_files(make_project.root))
    page = make_project.root / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n新的一段。\n", encoding="utf-8")
    build = make_project.build()
    assert build.result.returncode == 0
    after = set(cached_files(make_project.root))
    assert len(after - before) == 1 and len(before - after) == 1  # only the home page changed
    assert re.search(r"<ruby>新[^<]*<rt>xīn", build.html("index.html"))


def test_an_edited_paragraph_is_the_only_text_read_again(make_project, monkeypatch):
    monkeypatch.setitem(os.environ, "JIEDU_WORKERS", "1")
    fixture = (Path(__file__).parent / "fixtures" / "second-text.md").read_text("utf-8")
    page = make_project.write("docs/texts/second.md", fixture)
    assert make_project.build().result.returncode == 0
    assert fixture.count("基层治理要解决") == 1
    page.write_text(fixture.replace("基层治理要解决", "基层治理仍要解决"), encoding="utf-8")
    build = make_project.build("--verbose")
    assert build.result.returncode == 0, build.result.stderr
    read = re.search(r"units read by (\d+) workers: (\d+), here: (\d+)", build.result.stderr)
    assert read and int(read.group(2)) + int(read.group(3)) == 1, build.result.stderr
    shown = re.sub(r"<[^>]+>", "", re.sub(r"<rt[^>]*>.*?</rt>", "", build.html("texts/second.html")))
    assert "基层治理仍要解决" in shown


def test_cache_can_be_switched_off(make_project, monkeypatch):
    monkeypatch.setitem(os.environ, "JIEDU_CACHE", "off")
    assert make_project.build().result.returncode == 0
    assert not (make_project.root / ".cache").exists()


def test_unwritable_cache_does_not_fail(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = PageCache(blocker, "salt")
    key = cache.key("<p>中</p>", {})
    cache.put(key, "x")
    assert cache.get(key) is None


@pytest.mark.parametrize("damage", [
    lambda b: b[:-1],  # cut short
    lambda b: b"",  # empty
    lambda b: b"\xff\xfe garbage",  # not even text
    lambda b: b.replace("中".encode(), "申".encode()),  # edited, still well formed
    lambda b: seal("another key", "<p><ruby>中</ruby></p>"),  # an entry copied from another key
])
def test_a_damaged_entry_is_dropped(tmp_path, damage):
    cache = PageCache(tmp_path, "salt")
    key = cache.key("<p>中</p>", {})
    cache.put(key, "<p><ruby>中</ruby></p>")
    path = next(tmp_path.glob("*/*.html"))
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key) is None and cache.damaged == [path] and not path.exists()
    assert cache.get_or_make(key, lambda: "made again") == "made again"
    assert PageCache(tmp_path, "salt").get(key) == "made again"


def test_damaged_readings_cost_only_their_lines(tmp_path):
    store = ReadingStore(tmp_path)
    store.save("a.html", {f"k{i}": f'["{i}"]' for i in range(5)})
    path = next(tmp_path.glob("*.txt"))
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b'["1"]', b'["7"]')
    path.write_bytes(b"\n".join(lines)[:-4])  # one line edited, the last cut short
    assert store.load("a.html") == {"k0": '["0"]', "k2": '["2"]', "k3": '["3"]'}
    assert store.damaged == [path]
    path.write_bytes(b"garbage")
    assert store.load("a.html") == {}


def test_the_readings_fingerprint_covers_every_module_a_reading_imports():
    """The readings' cache key hashes the files ``imported_modules`` finds by reading relative
    imports (``from ..reading.model import …``). Every module Python itself loads for the
    reading pass, and the data beside them, must be among them, or an edit to one would serve
    stale readings."""
    code = ("import sys, jiedu.readpass.readpass, jiedu.readpass.warmup\n"
            "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('jiedu.') and m.__file__))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "hooks", capture_output=True, text=True, check=True)
    package = ROOT / "hooks" / "jiedu"
    found = set(imported_modules(package / "readpass" / "readpass.py", package / "readpass" / "warmup.py"))
    missing = {Path(p) for p in loaded.stdout.split()} - found
    assert not missing, f"imported but not fingerprinted: {sorted(map(str, missing))}"
    data = {p.relative_to(package).as_posix() for p in found if p.suffix != ".py"}
    assert {"base/syllables.txt", "reading/data/neutral-tone.tsv"} <= data
