"""The importer: each step as a table, then every text of the library end to end, then the
script on a fixture (a frozen copy of the seed article's record and raw OCR file).

The library checks read the library (every record in annotations/texts/): they do not trust
the importer, but re-read each raw file and committed page and verify that every Han
character of the source reaches the page, in order, unless a recorded correction says
otherwise. No test here names a text of the library: adding or correcting one keeps them green.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import librarychecks
from jiedu import importer

from jiedu.base import yamlfile
from jiedu.base.errors import JieduError
from jiedu.importer import Block, Correction, Located

ROOT = Path(__file__).resolve().parent.parent

FIXTURES = ROOT / "tests" / "fixtures" / "texts"
#: The fixture text, as it stands in a test's project (see ``tree``).
RECORD = "annotations/texts/ocr-article.yml"
RAW = "sources/ocr-article.raw.txt"
PAGE = "docs/texts/ocr-article.md"
SCRIPT = ROOT / "scripts" / "import_text.py"
#: The library's texts: every record, by its path.
LIBRARY = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "annotations" / "texts").glob("*.yml"))
HAN, HAN_CLASS, han = librarychecks.HAN, librarychecks.HAN_CLASS, librarychecks.han


def spec(record: str = RECORD, root: Path | None = None) -> importer.TextSpec:
    """A record of the library (``root`` the repository), or the fixture's."""
    if root is None and record == RECORD:
        return importer.parse_spec(yamlfile.load(FIXTURES / "ocr-article.yml", RECORD), RECORD)
    return importer.parse_spec(yamlfile.load((root or ROOT) / record, record), record)


def raw_text(s: importer.TextSpec | None = None) -> str:
    if s is None:
        return (FIXTURES / "ocr-article.raw.txt").read_text(encoding="utf-8")
    return (ROOT / s.raw).read_text(encoding="utf-8")


def page_text(s: importer.TextSpec | None = None) -> str:
    if s is None:
        return importer.build_page(spec(), raw_text(), RAW)
    return (ROOT / "docs" / "texts" / f"{s.slug}.md").read_text(encoding="utf-8")


page_body, strip_tags = librarychecks.page_body, librarychecks.strip_tags


def c(raw: str, corrected: str, context: str, kind: str = "ocr-misreading") -> Correction:
    return Correction(raw, corrected, context, kind, "test")


# -- the steps, one table each --------------------------------------------------------------


@pytest.mark.parametrize("raw, paragraphs", [
    ("标题\n\n正文。", ["标题", "正文。"]),
    ("  标题  \n\n\n\n正文。\n", ["标题", "正文。"]),
    ("一行\n二行\n\n三", ["一行\n二行", "三"]),
    ("甲\n \t \n乙", ["甲", "乙"]),
    ("\n\n", []),
])
def test_split_paragraphs(raw, paragraphs):
    assert importer.split_paragraphs(raw) == paragraphs


@pytest.mark.parametrize("text, expected", [
    ("践行 党的根本宗旨", "践行党的根本宗旨"),                    # column line end
    ("系统谋划， 顶层设计", "系统谋划，顶层设计"),                # after a comma
    ("2024 年5月", "2024年5月"),                                # digit and Chinese
    ("共有2.37 亿注册志愿者", "共有2.37亿注册志愿者"),
    ("近 4000平方米", "近4000平方米"),
    ("新情况新\n问题。", "新情况新问题。"),                       # a joined column break
    ("“友好社区” “友好商圈”", "“友好社区”“友好商圈”"),
    ("Open  Source 软件", "Open Source软件"),                  # Latin words keep one space
    ("第 3 4 页", "第3 4页"),                                   # so do two numbers
    ("  前后  ", ""[:0] + "前后"),
])
def test_remove_spaces(text, expected):
    assert importer.remove_spaces(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("做好新时代社会工作,对于", "做好新时代社会工作，对于"),
    ("乡镇(街道)社工站", "乡镇（街道）社工站"),
    ("是吗?好!注意:一;二", "是吗？好！注意：一；二"),
    ('开创了"中国之治"新局面', "开创了“中国之治”新局面"),
    ('"要以党的领导统揽全局""扩大"', "“要以党的领导统揽全局”“扩大”"),   # "" between quotes
    ('新"心"向党', "新“心”向党"),
    ("1.5万多个", "1.5万多个"),                   # decimal point untouched
    ("共有1,000人", "共有1,000人"),               # thousands separator stays
    ("12:30开会", "12:30开会"),                   # time stays
    ("2023年,10部门", "2023年，10部门"),           # comma after Chinese before a digit
    ("统计,2023年", "统计，2023年"),
    ("10,", "10，"),
    ("12345政务服务", "12345政务服务"),
])
def test_to_fullwidth(text, expected):
    assert importer.to_fullwidth(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("系统谋划, 顶层设计, 党对", "系统谋划，顶层设计，党对"),
    ("2023, 2024年", "2023，2024年"),               # a comma and a space separate a list
    ('等地协调建设"友好社区" "友好商圈",重点', "等地协调建设“友好社区”“友好商圈”，重点"),
])
def test_normalize(text, expected):
    assert importer.normalize(text) == expected


@pytest.mark.parametrize("text, ends", [
    ("问题。", True), ("平衡。”", True), ("社会治理之路”……", True), ("好！", True),
    ("新情况新", False), ("统筹协", False), ("开创了“中国之治”", False), ("方向-", False), ("", False),
])
def test_ends_sentence(text, ends):
    assert importer.ends_sentence(text) is ends


P, H = "paragraph", "subheading"


@pytest.mark.parametrize("blocks, expected", [
    ([(P, "面临的新情况新"), (P, "问题。中央层面")], [(P, "面临的新情况新\n问题。中央层面")]),
    ([(P, "统筹协"), (P, "调。相关部门。"), (P, "下一段。")], [(P, "统筹协\n调。相关部门。"), (P, "下一段。")]),
    ([(P, "一"), (P, "二"), (P, "三。")], [(P, "一\n二\n三。")]),                 # two breaks
    ([(P, "完整。"), (P, "下一段。")], [(P, "完整。"), (P, "下一段。")]),
    ([(H, "引领非公有制企业发展方向"), (P, "2012年。")], [(H, "引领非公有制企业发展方向"), (P, "2012年。")]),
    ([(P, "无标点"), (H, "标题")], [(P, "无标点"), (H, "标题")]),                 # never into a heading
    ([(P, '说:"甲'), (P, '乙"。')], [(P, '说:"甲\n乙"。')]),
])
def test_join_broken_paragraphs(blocks, expected):
    got = importer.join_broken_paragraphs([Block(k, t) for k, t in blocks])
    assert [(b.kind, b.text) for b in got] == expected


@pytest.mark.parametrize("texts, expected", [
    (["擘画蓝图、锚定航向，确保新时代社会工作行稳致远", "处理好活力与秩序的关系，确保社会既生机勃勃又井然有序。"], [0]),
    (["引领非公有制企业发展方向-", "2012年，中共中央办公厅印发加强和改进非公有制企业党建工作的意见。"], [0]),
    (["“中国式现代化应当而且能够实现活而不乱、活跃有序的动态平衡。”"], []),
    (["社会工作体制机制持续健全。2023年12月，中央党的建设工作领导小组召开会议，设立党建引领基层治理协调机制，研究解决面临的新情况新"], []),
    (["社会工作面对群众广泛、联系群众密切、服务群众直接。"], []),
    ([""], []),
])
def test_propose_headings(texts, expected):
    assert importer.propose_headings(texts) == expected


@pytest.mark.parametrize("entry, index", [
    ("引领非公有制企业发展方向", 1),
    ("引领非公", 1),
    ("推进行业协会商会深化改革和转型", 2),       # a prefix: the gap marker follows
])
def test_match_heading(entry, index):
    texts = ["正文。", "引领非公有制企业发展方向", "推进行业协会商会深化改革和转型" + importer.marked(0, "[…]")]
    assert importer.match_heading(texts, entry) == index


@pytest.mark.parametrize("entry, message", [
    ("不存在", "matches no paragraph"),
    ("引领", "is ambiguous: 2 paragraphs"),
])
def test_match_heading_refuses(entry, message):
    with pytest.raises(ValueError, match=message):
        importer.match_heading(["引领甲", "引领乙"], entry)


@pytest.mark.parametrize("text, corrections, expected", [
    ("这项工作讲入全面提升的新阶段", [c("讲入", "进入", "工作讲入")], "这项工作进入全面提升的新阶段"),
    ("到楼 字、商圈", [c("楼 字", "楼宇", "到楼 字")], "到楼宇、商圈"),
    ("方向-\n\n正文", [c("-", "", "方向-", "stray-character")], "方向\n\n正文"),
    ("讲入。工作讲入", [c("讲入", "进入", "工作讲入")], "讲入。工作进入"),      # the context decides
    ("和转", [c("转", "转型", "和转", "editorial-restoration"), c("", "[…]", "和转", "gap")], "和转型[…]"),
    ("讲步的重要", [c("讲步", "进步", "讲步"), c("重要", "重要标志", "讲步的重要", "editorial-restoration")], "进步的重要标志"),
])
def test_corrections_found(text, corrections, expected):
    assert importer.plain_text(importer.correct_text(text, corrections)) == expected


@pytest.mark.parametrize("text, corrections, message", [
    ("这项工作讲入", [c("讲入", "进入", "工作 讲入")], r"context '工作 讲入' occurs 0 times"),
    ("讲入。工作讲入", [c("讲入", "进入", "讲入")], r"context '讲入' occurs 2 times .* exactly once"),
    ("讲讲", [c("讲", "进", "讲讲")], r"raw form occurs 2 times in its context"),
    ("讲入", [c("讲入", "进入", "讲入"), c("入", "人", "讲入")], r"correction #2 .* overlaps correction #1"),
])
def test_corrections_refused(text, corrections, message):
    with pytest.raises(JieduError, match=message) as e:
        importer.correct_text(text, corrections, source="t.yml")
    assert str(e.value).startswith("t.yml")


def test_correction_error_names_record_and_line():
    bad = Correction("讲入", "进入", "没有", "ocr-misreading", "r", line=42)
    with pytest.raises(JieduError) as e:
        importer.locate_corrections("讲入", [bad], "annotations/texts/x.yml")
    assert str(e.value) == ("annotations/texts/x.yml:42: error: correction #1 ('讲入' -> '进入'): "
                            "context '没有' occurs 0 times in the raw text; it must occur exactly once "
                            "(copy it exactly from the raw file, spaces included)")


@pytest.mark.parametrize("kind, raw, corrected, html", [
    ("editorial-restoration", "转", "转型", '和转<ins class="jiedu-editorial" title="Editorial restoration: test">型</ins>。'),
    ("gap", "", "[…]", '和转<span class="jiedu-gap" title="Gap in the source: test" role="note">\\[…\\]</span>。'),
    ("ocr-misreading", "转", "传", "和传。"),
])
def test_marked_corrections_render(kind, raw, corrected, html):
    text = importer.correct_text("和转。", [c(raw, corrected, "和转", kind)])
    assert importer.inline_html(text, [c(raw, corrected, "和转", kind)]) == html


@pytest.mark.parametrize("data, message", [
    ({"slug": "x", "raw": "r", "title": "t", "corrections": [{"raw": "a", "corrected": "b", "context": "a", "kind": "typo", "reason": "r"}]}, "kind 'typo' is not one of"),
    ({"slug": "x", "raw": "r", "title": "t", "corrections": [{"raw": "a", "corrected": "b", "context": "c", "kind": "gap", "reason": "r"}]}, "context must contain the raw form"),
    ({"slug": "x", "raw": "r", "title": "t", "corrections": [{"raw": "a", "corrected": "a", "context": "a", "kind": "gap", "reason": "r"}]}, "corrected is the same as raw"),
    ({"slug": "x", "raw": "r", "title": "t", "heading": []}, "unknown key 'heading'"),
    ({"slug": "x", "raw": "r"}, "missing 'title'"),
])
def test_parse_spec_refuses(data, message):
    with pytest.raises(JieduError, match=message):
        importer.parse_spec(data, "x.yml")


# -- every text of the library --------------------------------------------------------------
# The checks are in tests/librarychecks.py: test_add_a_text.py runs them on a text added by
# CONTRIBUTING's steps.


@pytest.mark.parametrize("record", LIBRARY)
def test_committed_page_is_what_the_importer_generates(record):
    librarychecks.page_is_generated(ROOT, record)


@pytest.mark.parametrize("record", LIBRARY)
def test_check_mode_passes_on_the_committed_page(record):
    r = subprocess.run([sys.executable, str(SCRIPT), "--check", record], cwd=ROOT, capture_output=True, text=True)
    assert (r.returncode, r.stderr) == (0, "")


@pytest.mark.parametrize("record", LIBRARY)
def test_page_metadata_is_the_record(record):
    librarychecks.metadata_is_the_record(ROOT, record)


@pytest.mark.parametrize("record", LIBRARY)
def test_every_paragraph_has_its_anchor_once(record):
    librarychecks.anchors_once(ROOT, record)


@pytest.mark.parametrize("record", LIBRARY)
def test_every_han_character_of_the_source_reaches_the_page(record):
    """Align the Han characters of raw and page; each difference must be a recorded one,
    found within that correction's context."""
    librarychecks.source_reaches_page(ROOT, record)


@pytest.mark.parametrize("record", LIBRARY)
def test_ocr_pages_have_no_ascii_punctuation_or_spaces_in_chinese(record):
    librarychecks.ocr_punctuation(ROOT, record)


def test_every_han_character_of_the_fixture_reaches_its_page():
    librarychecks.assert_source_reaches_page(spec(), raw_text(), page_text(), at_least=8)


def test_the_fixture_has_no_ascii_punctuation_or_spaces_in_chinese():
    librarychecks.check_no_ascii_punctuation(page_text())


def test_the_fixture_page_structure():
    page = page_text()
    front, body = page.split("\n---\n", 1)
    assert "### 推进行业协会商会深化改革和转型发展" in page
    assert "### 志愿服务是社会文明进步的重要标志" in page
    assert "\n党的十八大以来社会工作成就综述\n{ #p-1 .jiedu-subtitle }\n" in body
    assert "This page is generated from an OCR copy of the printed article" in body


# -- the script ----------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path):
    """A minimal project: the fixture's record, raw file and page, to break."""
    for rel, source in ((RECORD, FIXTURES / "ocr-article.yml"), (RAW, FIXTURES / "ocr-article.raw.txt")):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, tmp_path / rel)
    (tmp_path / PAGE).parent.mkdir(parents=True)
    (tmp_path / PAGE).write_text(page_text(), encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), *args],
                          cwd=root, capture_output=True, text=True)


def test_script_rewrites_the_page(tree):
    (tree / PAGE).unlink()
    r = run(tree, RECORD)
    assert r.returncode == 0, r.stderr
    assert (tree / PAGE).read_text(encoding="utf-8") == page_text()


def test_check_reports_a_stale_page(tree):
    page = tree / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("到处活跃", "到外活跃"), encoding="utf-8")
    r = run(tree, "--check", RECORD)
    assert r.returncode == 1
    assert re.fullmatch(rf"{re.escape(PAGE)}:\d+: error: differs from what {re.escape(RECORD)} generates; .*\n", r.stderr)


def test_script_refuses_a_context_not_found(tree):
    record = tree / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('context: "到外活跃着"', 'context: "到外 活跃着"'), encoding="utf-8")
    line = next(i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip() == '- raw: "到外"')
    number = sum(ln.strip().startswith("- raw:") for ln in text.splitlines()[:line])
    r = run(tree, RECORD)
    assert r.returncode == 1
    assert r.stderr == (f"{RECORD}:{line}: error: correction #{number} ('到外' -> '到处'): context '到外 活跃着' occurs 0 times "
                        f"in {RAW}; it must occur exactly once (copy it exactly from the raw file, spaces included)\n")
    assert "Traceback" not in r.stderr


def test_script_refuses_an_unknown_heading(tree):
    record = tree / RECORD
    record.write_text(record.read_text(encoding="utf-8").replace("  - 引领非公有制企业发展方向\n", "  - 引领非公有制企业发展方面\n"), encoding="utf-8")
    r = run(tree, RECORD)
    assert r.returncode == 1
    assert re.fullmatch(rf"{re.escape(RECORD)}:\d+: error: subheadings: heading '引领非公有制企业发展方面' matches no paragraph .*\n", r.stderr)


def test_new_text_gets_a_starter_record_and_a_page(tmp_path):
    raw = tmp_path / "sources" / "demo.raw.txt"
    raw.parent.mkdir()
    shutil.copy2(FIXTURES / "ocr-article.raw.txt", raw)
    r = run(tmp_path, "--new", str(raw), "--slug", "demo")
    assert r.returncode == 0, r.stderr
    record = yamlfile.load(tmp_path / "annotations/texts/demo.yml")
    assert record["raw"] == "sources/demo.raw.txt"
    assert record["title"] == "谱写新时代社会工作高质量发展新篇章"
    assert record["subtitle"] == "党的十八大以来社会工作成就综述"
    assert record["dateline"] == "新华社北京11月4日电"
    assert record["corrections"] == []
    assert record["sections"] == [
        "擘画蓝图、锚定航向，确保新时代社会工作行稳致远",
        "党建引领、新“心”向党，助力经济社会高质量发展",
        "夯基固本、服务群众，制度优势持续转化为治理效能",
    ]
    assert record["subheadings"] == [                      # uncorrected: proposals to review
        "引领非公有制企业发展方向-",
        "推进行业协会商会深化改革和转",
        "加强新业态、新就业群体政治引**新和凝聚服务-**",
        "志愿服务是社会文明讲步的重要",
    ]
    page = (tmp_path / "docs/texts/demo.md").read_text(encoding="utf-8")
    assert "## 擘画蓝图、锚定航向，确保新时代社会工作行稳致远" in page
    assert "**Corrections.** None recorded." in page
    again = run(tmp_path, "--new", str(raw), "--slug", "demo")
    assert again.returncode == 1 and "record exists already" in again.stderr


@pytest.mark.parametrize("args, message", [
    (["annotations/texts/nope.yml"], "annotations/texts/nope.yml: error: no such record\n"),
    (["--new", "sources/nope.txt", "--slug", "nope"], "sources/nope.txt: error: no such file\n"),
    (["--new", "x.txt", "--slug", "Bad Slug"], "--slug: error: 'Bad Slug' is not a slug; use lower-case ASCII letters, digits and hyphens\n"),
])
def test_script_errors_are_one_line(tmp_path, args, message):
    r = run(tmp_path, *args)
    assert (r.returncode, r.stderr) == (1, message)
