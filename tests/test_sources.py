"""Every kind of source imports cleanly (fixtures in tests/fixtures/sources/): plain text with
blank-line or one-per-line paragraphs, Markdown, HTML, and OCR copies; the record's title,
rights and dates; recorded splits and joins, and anchors that stay where they are."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jiedu import importer
from jiedu.annotations.glossary import load_glossary
from jiedu.base import yamlfile
from jiedu.base.errors import JieduError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "sources"
HEAD = "slug: x\nraw: sources/{name}\nkind: other\nrights: a test fixture\n"


def load(name: str, extra: str = "", **keys: str) -> tuple[importer.TextSpec, str]:
    text = HEAD.format(name=name) + "".join(f"{k}: {v}\n" for k, v in keys.items()) + extra
    return importer.parse_spec(yamlfile.loads(text, "x.yml"), "x.yml"), (SOURCES / name).read_text("utf-8")


def blocks(name: str, extra: str = "", **keys: str) -> list[tuple[str, str, str]]:
    spec, raw = load(name, extra, **keys)
    return [(b.kind, b.anchor, importer.plain_text(b.text)) for b in importer.import_text(spec, raw).blocks]


def page(name: str, extra: str = "", **keys: str) -> str:
    spec, raw = load(name, extra, **keys)
    return importer.build_page(spec, raw, spec.raw)


@pytest.mark.parametrize("name, kind, paragraphs", [
    ("story.txt", "plain", "blank-lines"),
    ("law.txt", "plain", "lines"),
    ("news.md", "markdown", ""),
    ("notice.html", "html", ""),
])
def test_the_source_kind_is_detected(name, kind, paragraphs):
    raw = (SOURCES / name).read_text("utf-8")
    assert importer.detect(raw) == kind
    if paragraphs:
        assert importer.detect_paragraphs(raw) == paragraphs
    record = importer.starter_record(raw, "x", f"sources/{name}")
    assert f"source_kind: {kind} " in record


def test_an_ocr_copy_is_detected():
    raw = (ROOT / "tests/fixtures/texts/ocr-article.raw.txt").read_text("utf-8")
    assert importer.detect(raw) == "ocr"


def test_markdown_loses_its_syntax_and_keeps_its_paragraphs_urls_and_latin():
    got = blocks("news.md", title="社区开展志愿服务活动")
    assert got[0] == ("title", "", "社区开展志愿服务活动")  # no ### in the title
    texts = [t for _, _, t in got]
    assert len(got) == 7  # title, three paragraphs, two list items, a quotation
    assert "本报讯 记者近日从市民政局获悉，全市已有两万多名志愿者参加社区服务。详情见民政局网站或访问 https://example.org/a,b?x=1 查询。" in texts
    assert "活动负责人说：“我们希望更多年轻人加入。”她还说，志愿服务“不是一天的事”。" in texts
    assert 'The organisers said: "Join us, please." Details: see page 3.' in texts  # Latin text untouched
    assert "第一项：清理小区环境；" in texts and "一位居民说：这样的活动很好。" in texts
    md = page("news.md", title="社区开展志愿服务活动")
    body = md.split('<div class="jiedu-notes')[0]
    for markup in ("**", "###", "<!--", "](", "<strong>", "https：", "\n- "):
        assert markup not in body, markup
    assert "Markdown copy" in md and "OCR" not in md and "column" not in md


def test_html_loses_its_tags_and_keeps_its_blocks():
    got = blocks("notice.html", title="关于开展社区活动的通知")
    texts = [t for _, _, t in got]
    assert texts == ["关于开展社区活动的通知", "各社区：", "为了丰富居民生活，现将有关事项通知如下：", "一、时间：2024年5月1日",
                     "二、地点：社区服务中心", "联系电话：12345 & 网址 https://example.org/"]
    md = page("notice.html", title="关于开展社区活动的通知")
    assert "不是正文" not in md and "这一段已经删去" not in md and "color: red" not in md  # script, comment, style
    assert "<strong>" not in md and "&amp;nbsp;" not in md and "HTML copy" in md


def test_one_paragraph_per_line_keeps_every_line_and_its_spaces():
    got = blocks("law.txt", title="示例条例", subtitle="（2020年1月1日通过）", extra="sections:\n  - 第一章 总则\n  - 第二章 附则\n")
    assert [k for k, _, _ in got] == ["title", "subtitle", "section", "paragraph", "paragraph", "paragraph", "paragraph",
                                      "section", "paragraph"]
    assert got[3] == ("paragraph", "p-2", "第一条\u3000为了规范社区服务，制定本条例。")  # the ideographic space stays
    assert got[5][2] == "（一）为居民提供的服务；"


def test_only_ocr_copies_join_paragraphs_at_a_column_break():
    story = blocks("story.txt", title="冬天", extra="from_record: [title]\n")
    texts = [t for _, _, t in story]
    assert "到了家，母亲很高兴，却又有些凄凉。她说：" in texts  # a speech follows: a paragraph of its own
    assert "后来他来了，站在门口，看着我，很久不说话。" in texts  # hard-wrapped lines joined
    ocr = importer.TextSpec("x.yml", "x", "x.txt", "题", source_kind="ocr", kind="other", rights="r")
    got = [b.text for b in importer.import_text(ocr, '题\n\n他说:\n\n"这不能。"\n\n面临的新情况新\n\n问题。').blocks]
    assert got == ["题", "他说：", "“这不能。”", "面临的新情况新问题。"]


def test_a_title_the_source_lacks_comes_from_the_record():
    got = blocks("story.txt", title="冬天", extra="from_record: [title]\n")
    assert got[0] == ("title", "", "冬天") and got[1][1] == "p-1"
    md = page("story.txt", title="冬天", extra="from_record: [title]\n")
    assert md.split("\n---\n", 1)[1].lstrip().startswith("# 冬天\n")
    assert "The title is not in the source; it is given by `x.yml`." in md
    with pytest.raises(JieduError) as e:
        blocks("story.txt", title="冬天")
    assert "add 'from_record: [title]' to take the title from this record" in str(e.value)
    supplied = blocks("story.txt", title="冬天", subtitle="一个故事", extra="from_record: [title, subtitle]\n")
    assert supplied[1] == ("subtitle", "subtitle", "一个故事") and supplied[2][1] == "p-1"


def test_the_notes_say_what_happened_and_print_no_empty_field():
    md = page("story.txt", title="冬天", extra="from_record: [title]\n")
    notes = md.split('<div class="jiedu-notes', 1)[1]
    assert "**Source.** This page is generated from a plain-text copy" in notes  # no "Source. ." for empty fields
    assert "OCR" not in notes and "column" not in notes and "full-width" not in notes
    assert "2 line breaks inside paragraphs joined" in notes
    law = page("law.txt", title="示例条例", source="测试", date="2020")
    assert "**Source.** 测试, 2020. This page" in law and "**Mechanical clean-up**" in law


@pytest.mark.parametrize("date, ok", [("1921", True), ("1921-01", True), ("2024-11-04", True), ("1921-13", False),
                                      ("2024-02-30", False), ("21-01", False), ("January 1921", False)])
def test_dates_are_a_year_a_month_or_a_day(date, ok):
    text = HEAD.format(name="law.txt") + f'title: t\ndate: "{date}"\n'
    if ok:
        assert importer.parse_spec(yamlfile.loads(text, "x.yml"), "x.yml").date == date
    else:
        with pytest.raises(JieduError, match=r"x.yml:6: error: 'date' must be a real year, month or day"):
            importer.parse_spec(yamlfile.loads(text, "x.yml"), "x.yml")


@pytest.mark.parametrize("text, message", [
    ("slug: x\nraw: r.txt\ntitle: t\nkind: law\n", "x.yml:1:1: error: missing 'rights': say whether and why"),
    ("slug: x\nraw: r.txt\ntitle: t\nkind: law\nrights: \"\"\n", "x.yml:5:1: error: 'rights' is empty: say whether and why"),
    ("slug: x\nraw: r.txt\ntitle: t\nrights: public domain\nkind: poem\n", "x.yml:5: error: 'kind' 'poem' is not one of law, regulation"),
    ("slug: x\nraw: r.txt\ntitle: t\nrights: public domain\n", "x.yml:1:1: error: missing 'kind': what the text is"),
])
def test_rights_and_kind_are_required(text, message):
    with pytest.raises(JieduError) as e:
        importer.parse_spec(yamlfile.loads(text, "x.yml"), "x.yml")
    assert any(str(p).startswith(message) for p in e.value.problems), str(e.value)
    if "poem" not in text:
        importer.parse_spec(yamlfile.loads(text, "x.yml"), "x.yml", draft=True)  # a starter record may wait


def test_make_check_refuses_a_text_without_rights(tmp_path):
    for rel, text in {"sources/x.txt": "示例\n\n正文。\n", "annotations/readings.yml": "readings: []\n",
                      "annotations/texts/x.yml": "slug: x\nraw: sources/x.txt\ntitle: 示例\nkind: other\nrights: \"\"\n"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, "utf-8")
    r = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--root", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "annotations/texts/x.yml:5:1: error: 'rights' is empty: say whether and why the text may be published here" in r.stdout


# -- recorded splits and joins; anchors ------------------------------------------------------

LAW = dict(title="示例条例", subtitle="（2020年1月1日通过）", extra="sections:\n  - 第一章 总则\n  - 第二章 附则\n")
SPLIT = ('corrections:\n  - raw: ""\n    corrected: "¶"\n    context: "本条例所称社区服务，"\n    kind: layout\n'
         '    reason: "test: split"\n')
JOIN = ('corrections:\n  - raw: "¶"\n    corrected: ""\n    context: "服务；¶（二）"\n    kind: layout\n'
        '    reason: "test: join"\n')


def anchors(extra: str = "") -> dict[str, str]:
    got = blocks("law.txt", title=LAW["title"], subtitle=LAW["subtitle"], extra=LAW["extra"] + extra)
    return {anchor: text for _, anchor, text in got if anchor}


def test_a_split_keeps_every_other_anchor():
    before, after = anchors(), anchors(SPLIT)
    assert after["p-3"] == "第二条\u3000本条例所称社区服务，" and after["p-3b"] == "是指："
    assert {k: v for k, v in after.items() if k not in ("p-3", "p-3b")} == {k: v for k, v in before.items() if k != "p-3"}


def test_a_join_keeps_every_other_anchor():
    before, after = anchors(), anchors(JOIN)
    assert after["p-4"] == "（一）为居民提供的服务；（二）其他服务。" and "p-5" not in after
    assert {k: v for k, v in after.items() if k != "p-4"} == {k: v for k, v in before.items() if k not in ("p-4", "p-5")}


def test_a_heading_split_off_a_paragraph_leaves_it_its_anchor():
    split = ('corrections:\n  - raw: ""\n    corrected: "¶"\n    context: "第三条"\n    kind: layout\n    reason: "test"\n'
             'subheadings:\n  - 第三条\n')
    before, after = anchors(), anchors(split)
    assert after["p-6"] == "本条例自公布之日起施行。" and before == {**after, "p-6": before["p-6"]}


def test_anchors_are_written_into_the_page_and_the_translation_follows_them():
    md = page("law.txt", title=LAW["title"], subtitle=LAW["subtitle"], extra=LAW["extra"] + SPLIT)
    assert "第二条\u3000本条例所称社区服务，\n{ #p-3 }\n\n是指：\n{ #p-3b }\n" in md
    spec, raw = load("law.txt", LAW["extra"] + SPLIT, title=LAW["title"], subtitle=LAW["subtitle"])
    keys = [k for k in importer.block_keys(importer.import_text(spec, raw)) if k]
    assert keys == ["title", "p-1", "h-1", "p-2", "p-3", "p-3b", "p-4", "p-5", "h-2", "p-6"]


def test_a_correction_across_a_paragraph_break_must_be_a_layout_one():
    bad = JOIN.replace("kind: layout", "kind: stray-character")
    with pytest.raises(JieduError, match=r"belongs in a correction of kind layout"):
        anchors(bad)
    bad = JOIN.replace('raw: "¶"', 'raw: "；"').replace('context: "服务；¶（二）"', 'context: "服务；"').replace("kind: layout", "kind: stray-character")
    assert anchors(bad)["p-4"] == "（一）为居民提供的服务"


def test_the_build_keeps_the_anchors_and_numbers_the_rest_after_them():
    from jiedu.page.terms import number_paragraphs
    html = number_paragraphs('<p id="p-1">a</p><p id="p-3">b</p><p id="p-3b">c</p><div class="notes"><p>n</p><p>m</p></div>')
    assert re.findall(r'id="([^"]+)"', html) == ["p-1", "p-3", "p-3b", "p-4", "p-5"]


# -- a duplicate glossary form is blamed on the new entry ------------------------------------

ENTRY = "term: {term}\nenglish: x\nexplanation: y\ncategory: concept\n"


@pytest.mark.parametrize("committed, newer, blamed", [
    (frozenset({"annotations/glossary/b.yml"}), "b.yml", "a.yml"),  # the one not in HEAD
    (frozenset({"annotations/glossary/a.yml"}), "a.yml", "b.yml"),
    (None, "a.yml", "a.yml"),  # no git: the file changed last
    (None, "b.yml", "b.yml"),
])
def test_a_duplicate_form_is_blamed_on_the_new_entry(tmp_path, committed, newer, blamed):
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text(ENTRY.format(term="社会工作"), "utf-8")
    old = time.time() - 100
    other = "b.yml" if newer == "a.yml" else "a.yml"
    import os
    os.utime(tmp_path / other, (old, old))
    with pytest.raises(JieduError) as e:
        load_glossary(tmp_path, "annotations/glossary", committed)
    kept = "a.yml" if blamed == "b.yml" else "b.yml"
    assert str(e.value) == (f"annotations/glossary/{blamed}:1:7: error: '社会工作' is already a term or variant in "
                            f"annotations/glossary/{kept}; an entry's forms must be unique: remove it here, or from "
                            f"annotations/glossary/{kept}")
