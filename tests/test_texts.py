"""Several texts: a second text shares the glossary and gets its own vocabulary and Anki file;
hard-wrapped Chinese renders without stray spaces; edit links follow the repository setting;
the Texts page lists every text. The expectations read the library (its glossary, its
records), so adding a text or a term keeps these tests green."""
from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import yaml

from jiedu.project import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "second-text.md"


def terms_of(markdown: str) -> list[str]:
    """The glossary terms a Markdown text uses, in the order they first appear, as the
    library's glossary marks them (code blocks left out, hard-wrapped lines joined)."""
    body = re.sub(r"(?s)```.*?```", "", markdown.split("\n---\n", 1)[-1])
    matcher = Project.load(ROOT).matcher
    found: list[str] = []
    for block in re.split(r"\n\s*\n", body):
        for _, entry in matcher.split(block.replace("\n", "")):
            if entry is not None and entry.term not in found:
                found.append(entry.term)
    return found


def library_pages() -> list[str]:
    return sorted(p.name for p in (ROOT / "docs" / "texts").glob("*.md") if p.name != "index.md")


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<rt[^>]*>[^<]*(?:</rt>)?", "", html)))


def test_second_text_has_its_vocabulary_and_anki_file(make_project):
    make_project.write("docs/texts/second.md", FIXTURE.read_text("utf-8"))
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr
    html = build.html("texts/second.html")

    vocab = re.search(r'<section class="jiedu-vocab.*?</section>', html, re.S).group(0)
    terms = re.findall(r'<li><a href="\.\./glossary\.html#([^"]+)"', vocab)
    assert terms.index("jie-su-ji-ban") < terms.index("ji-ceng-zhi-li") < terms.index("xiao-ma-la-da-che")  # first appearance
    assert 'href="second.anki.tsv" download' in vocab

    tsv = (build.site / "texts/second.anki.tsv").read_text("utf-8")
    rows = [r for r in csv.reader(io.StringIO(tsv), delimiter="\t") if not r[0].startswith("#")]
    assert [r[0] for r in rows] == terms_of(FIXTURE.read_text("utf-8"))  # every term, in order of first use
    first = next(r for r in rows if r[0] == "接诉即办")
    assert len(first) == 5 and first[1] == "jiē sù jí bàn" and first[2] and first[3]
    assert first[4] == "北京的“接诉即办”很有名。"  # the sentence, hard-wrapped lines joined
    assert "#columns:Hanzi\tPinyin\tEnglish\tExplanation\tSentence" in tsv

    # the glossary is shared: its backlinks reach both texts
    glossary = build.html("glossary.html")
    entry = re.search(r'<section class="jiedu-entry" id="jie-su-ji-ban">.*?</section>', glossary, re.S).group(0)
    assert "texts/second.html#p-" in entry
    for name in library_pages():  # and every text of the library that uses the term
        if "接诉即办" in (ROOT / "docs" / "texts" / name).read_text("utf-8"):
            assert f"texts/{name.removesuffix('.md')}.html#p-" in entry


def test_hard_wrapped_chinese_has_no_stray_spaces(make_project):
    make_project.write("docs/texts/second.md", FIXTURE.read_text("utf-8"))
    build = make_project.build()
    html = build.html("texts/second.html")
    first = text_of(re.search(r'<p id="p-1"[^>]*>.*?</p>', html, re.S).group(0))
    assert first == "这是一段硬换行的中文，用来检查行与行之间不出现多余的空格。北京的“接诉即办”很有名。"
    code = re.search(r"<pre.*?</pre>", html, re.S).group(0)
    assert "代码 里的\n换行 保留" in text_of(code)


def test_edit_links_only_with_a_repository(make_project, project_build):
    assert "jiedu-edit" not in project_build.html("glossary.html")
    config = make_project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nrepo_url: https://github.com/example/jiedu\nedit_uri: edit/main/docs/\n", "utf-8")
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr
    url = "https://github.com/example/jiedu/edit/main/annotations/glossary/xiao-ma-la-da-che.yml"
    assert f'<a class="jiedu-edit" href="{url}"' in build.html("glossary.html")
    user = next(n for n in library_pages() if "小马拉大车" in (ROOT / "docs" / "texts" / n).read_text("utf-8"))
    assert f'<a class="jiedu-edit" href="{url}"' in build.html(f"texts/{user.removesuffix('.md')}.html")  # tooltip


def test_a_text_added_by_import_builds_with_its_vocabulary(make_project):
    """`make import` (scripts/import_text.py --new) on a raw OCR text, the record's kind and
    rights filled in, `make article`, then a strict build (tests/test_add_a_text.py follows
    every step of CONTRIBUTING on a Markdown source)."""
    import subprocess
    import sys

    raw = make_project.write("sources/second.raw.txt", (Path(__file__).parent / "fixtures/second-text.raw.txt").read_text("utf-8"))
    script = Path(__file__).resolve().parent.parent / "scripts/import_text.py"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(script), *args, "--root", str(make_project.root)],
                              capture_output=True, text=True, timeout=120)

    result = run("--new", str(raw), "--slug", "second")
    assert result.returncode == 0, result.stderr
    record = make_project.root / "annotations/texts/second.yml"
    text = re.sub(r'(?m)^kind: "".*$', "kind: news", record.read_text("utf-8")).replace('rights: ""', "rights: a test fixture")
    record.write_text(text, "utf-8")
    result = run(str(record))
    assert result.returncode == 0, result.stderr
    page = (make_project.root / "docs/texts/second.md").read_text("utf-8")
    assert "这是一段被报纸的分栏打断的比较长的文字，用来检查导入脚本能不能把被分栏切开的段落重新连接起来。" in page
    assert "北京的“接诉即办”很有名。" in page  # full-width punctuation, spaces gone
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr
    html = build.html("texts/second.html")
    assert 'href="second.anki.tsv" download' in html
    assert re.search(r'<a class="jiedu-term[^"]*" href="../glossary.html#jie-su-ji-ban"', html)
    rows = (build.site / "texts/second.anki.tsv").read_text("utf-8").splitlines()[3:]
    assert [r.split("\t")[0] for r in rows] == terms_of(page.split('<div class="jiedu-notes')[0])


def test_the_texts_page_lists_every_text_with_its_metadata(make_project):
    make_project.write("docs/texts/second.md", FIXTURE.read_text("utf-8"))
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr
    page = build.html("texts/index.html")
    items = re.findall(r'<li class="jiedu-texts__item"[^>]*>(.*?)</li>', page, re.S)
    pages = library_pages()
    assert len(items) == len(pages) + 1  # every text of the library, and the fixture
    metas = {}
    for name in pages:
        front = (ROOT / "docs" / "texts" / name).read_text("utf-8").split("\n---\n", 1)[0]
        metas[name.removesuffix(".md")] = yaml.safe_load(front.removeprefix("---\n"))
    metas["second"] = {"date": "2024-12-01", "source": "Jiedu test fixture (not a real article)"}
    order = [re.search(r'href="([^"]+)\.html"', item).group(1) for item in items]
    dates = [str(metas[slug].get("date", "")) for slug in order]
    assert dates == sorted(dates, reverse=True)  # newest first
    for slug, item in zip(order, items):
        meta = metas[slug]
        if meta.get("date"):
            assert f'datetime="{meta["date"]}"' in item, slug
        for key in ("source", "place"):
            if meta.get(key):
                assert text_of(item).count(" ".join(str(meta[key]).split())[:20]) >= 1, (slug, key)
        if meta.get("rights"):
            assert "Rights: " + " ".join(meta["rights"].split())[:20] in text_of(item), slug
    nav = build.html("index.html")
    assert 'href="texts/index.html"' in nav  # the nav's Texts section opens the list
