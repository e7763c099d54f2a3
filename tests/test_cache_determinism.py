"""Same commit, same site: built cold, warm, from a damaged cache, with one or two reading
processes and with the pages in another order, the site is the same byte for byte."""
from __future__ import annotations

import os
import re
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "second-text.md"
PAGES = ".cache/jiedu/pages"
READINGS = ".cache/jiedu/readings"


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def build(project, workers: int):
    os.environ["JIEDU_WORKERS"] = str(workers)
    result = project.build()
    assert result.result.returncode == 0, result.result.stderr
    return result


def damage_pages(root: Path) -> list[Path]:
    """Break rendered pages as a full disk, a crash, a stray edit or a bad copy would."""
    pages = sorted((root / PAGES).glob("*/*.html"), key=lambda p: -p.stat().st_size)
    assert len(pages) >= 5
    pages[0].write_bytes(pages[0].read_bytes()[:5000])  # truncated
    pages[1].write_bytes(b"\x00garbage\xff")  # garbage
    wrong = [p for p in pages[2:] if "háng".encode() in p.read_bytes()][0]
    wrong.write_bytes(wrong.read_bytes().replace("háng".encode(), "xíng".encode()))  # well formed, wrong
    other = [p for p in pages[2:] if p != wrong]
    other[1].write_bytes(other[0].read_bytes())  # another key's entry
    return [pages[0], pages[1], wrong, other[1]]


def damage_readings(root: Path) -> list[Path]:
    """Break the readings kept per paragraph (and drop the rendered pages, so all are used)."""
    for path in (root / PAGES).glob("*/*"):
        path.unlink()
    readings = sorted((root / READINGS).glob("*.txt"), key=lambda p: -p.stat().st_size)
    assert len(readings) >= 3
    lines = readings[0].read_text("utf-8").split("\n")
    lines[2] = re.sub("[āáǎàēéěèīíǐìōóǒòūúǔù]", "a", lines[2], count=1)  # a reading changed
    lines[4] = "nonsense"
    readings[0].write_text("\n".join(lines), "utf-8")
    readings[1].write_bytes(readings[1].read_bytes()[:-300])  # truncated
    readings[2].write_bytes(b"{}")  # garbage
    return readings[:3]


def reported(build) -> list[str]:
    return re.findall(r"WARNING +- +jiedu: (\S+): damaged cache entry dropped and made again", build.result.stderr)


def test_cold_warm_damaged_and_any_number_of_workers_build_the_same_site(make_project, monkeypatch):
    monkeypatch.setitem(os.environ, "JIEDU_WORKERS", "2")
    make_project.write("docs/texts/second.md", FIXTURE.read_text("utf-8"))
    cold = snapshot(build(make_project, 2).site)

    warm = build(make_project, 2)
    assert reported(warm) == []
    assert differences(snapshot(warm.site), cold) == []  # search_index.json too (issue 12)

    root = make_project.root
    for damage in (damage_pages, damage_readings):
        broken = damage(root)
        repaired = build(make_project, 2)  # --strict passes: the site does not change
        assert differences(snapshot(repaired.site), cold) == []
        assert sorted(reported(repaired)) == sorted(p.relative_to(root).as_posix() for p in broken)
        assert "Traceback" not in repaired.result.stderr
        assert reported(build(make_project, 2)) == []  # made again, and good

    for path in (root / ".cache").rglob("*"):
        if path.is_file():
            path.unlink()
    one = build(make_project, 1)
    assert differences(snapshot(one.site), cold) == []


def test_pages_read_in_another_order_read_the_same(make_project, monkeypatch):
    """The second text is read before the seed article, then after it (MkDocs converts pages
    in the order of their paths), so their paragraphs go to workers in other tasks."""
    monkeypatch.setitem(os.environ, "JIEDU_WORKERS", "2")
    seed = "texts/social-work-2024-11-04.html"
    texts = {}
    for name, workers in (("a-second", 2), ("z-second", 1)):
        for path in (make_project.root / "docs" / "texts").glob("?-second.md"):
            path.unlink()
        make_project.write(f"docs/texts/{name}.md", FIXTURE.read_text("utf-8"))
        for path in (make_project.root / ".cache").rglob("*"):
            if path.is_file():
                path.unlink()
        done = build(make_project, workers)
        texts[name] = (text_part(done.html(seed)), text_part(done.html(f"texts/{name}.html")))
    assert texts["a-second"] == texts["z-second"]


def text_part(html: str) -> str:
    """The annotated text of a page (what the readings decide)."""
    start = html.index('<div class="jiedu-text"')
    return html[start : html.index('<section class="jiedu-vocab', start)]
