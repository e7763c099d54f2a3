"""The page cache: a rebuild serves rendered pages from disk, and never a stale one."""
from __future__ import annotations

import os
import re

from jiedu.cache import PageCache

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
