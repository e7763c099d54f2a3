"""Several texts: a second text shares the glossary and gets its own vocabulary and Anki file;
hard-wrapped Chinese renders without stray spaces; edit links follow the repository setting."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "second-text.md"


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(r"<rt[^>]*>[^<]*</rt>", "", html))


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
    assert [r[0] for r in rows] == ["接诉即办", "基层治理", "小马拉大车"]
    first = rows[0]
    assert len(first) == 5 and first[1] == "jiē sù jí bàn" and first[2] and first[3]
    assert first[4] == "北京的“接诉即办”很有名。"  # the sentence, hard-wrapped lines joined
    assert "#columns:Hanzi\tPinyin\tEnglish\tExplanation\tSentence" in tsv

    # the glossary is shared: its backlinks reach both texts
    glossary = build.html("glossary.html")
    entry = re.search(r'<section class="jiedu-entry" id="jie-su-ji-ban">.*?</section>', glossary, re.S).group(0)
    assert "texts/second.html#p-" in entry and "texts/social-work-2024-11-04.html#p-" in entry


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
    assert f'<a class="jiedu-edit" href="{url}"' in build.html("texts/social-work-2024-11-04.html")  # tooltip


def test_a_text_added_by_import_builds_with_its_vocabulary(make_project):
    """`make import` (scripts/import_text.py --new) on a raw OCR text, then a strict build."""
    import subprocess
    import sys

    raw = make_project.write("sources/second.raw.txt", (Path(__file__).parent / "fixtures/second-text.raw.txt").read_text("utf-8"))
    script = Path(__file__).resolve().parent.parent / "scripts/import_text.py"
    result = subprocess.run(
        [sys.executable, str(script), "--new", str(raw), "--slug", "second", "--root", str(make_project.root)],
        capture_output=True, text=True, timeout=120,
    )
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
    assert [r.split("\t")[0] for r in rows] == ["基层治理", "小马拉大车", "接诉即办"]


def test_the_texts_page_lists_every_text_with_its_metadata(make_project):
    make_project.write("docs/texts/second.md", FIXTURE.read_text("utf-8"))
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr
    page = build.html("texts/index.html")
    items = re.findall(r'<li class="jiedu-texts__item"[^>]*>(.*?)</li>', page, re.S)
    assert len(items) == 2
    assert 'href="second.html"' in items[0] and "2024-12-01" in items[0]  # newest first
    assert 'href="social-work-2024-11-04.html"' in items[1]
    assert "Xinhua News Agency" in items[1] and "Beijing" in items[1] and "2024-11-04" in items[1]
    nav = build.html("index.html")
    assert 'href="texts/index.html"' in nav  # the nav's Texts section opens the list
