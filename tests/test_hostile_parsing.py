"""Hostile input, HANG class (issue 24): every parser on contributed text is linear, and
``make check`` and the build read pages with the same parser.

100,000 of each bracket and emphasis character in every field that reaches a page, through
a real ``mkdocs build --strict`` (what ``make site`` runs): the fields the site shows
whatever their length (a glossary entry's explanation, English, expansion and sources; the
readings' reasons; a page's front matter; a page's text in paragraphs) build in a few
seconds of CPU more than the same site without them; the fields that become one paragraph
or one line of a page are refused at their limit with a message that names it
(``annotations/pageshape.py``). Timed in CPU seconds of the build's one process
(``JIEDU_WORKERS=1``), against a build of the same project without the payload, so a busy
machine does not fail the test; the wall clock only guards against a hang.
"""
from __future__ import annotations

import json
import re
import time

import markdown
import pytest

from hostile import ROOT, buildable, build, check, entry, import_text, one_clear_error, project

from jiedu.annotations.pageshape import BLOCK_CHARS, FIELD_CHARS, shape_problems
from jiedu.base.htmltext import rewrite_text
from jiedu.base.mdlinks import LinearLinks
from jiedu.base.safemd import inline
from jiedu.check import markdown_renderer
from jiedu.page.activecontent import findings
from jiedu.page.ruby import keep_punctuation

CHARS = list("[]()*_`<>{}~|\\")
N = 100_000
#: CPU seconds a payload may add to a build (the issue's bound), and the wall clock after
#: which a build counts as hung (CI's two cores are shared).
ADDED_CPU = 5.0
HANG = 240


# -- the parsers, one by one --------------------------------------------------------------


@pytest.mark.parametrize("char", CHARS)
def test_each_parser_is_linear(char):
    """Each parser Jiedu runs on contributed text, on 100,000 of the character alone, spaced,
    and in words: CPU time, not the wall clock."""
    for text in (char * N, (char + " ") * (N // 2), (char + "社") * (N // 2)):
        for name, parse in (("safemd", inline), ("keep_punctuation", keep_punctuation), ("findings", findings),
                            ("shape", lambda t: shape_problems(t, "x.md")),
                            ("rewrite_text", lambda t: rewrite_text(t, str.upper))):
            start = time.process_time()
            parse(text)
            assert time.process_time() - start < 2.0, (name, repr(text[:10]))


def test_links_are_found_in_linear_time_and_the_same_as_python_markdown():
    """base/mdlinks.py: the same HTML as Python-Markdown's own link patterns, on crafted
    brackets and on the repository's pages; 100,000 '[' in a paragraph in a second."""
    plain = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc"])
    linear = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc", LinearLinks()])
    cases = ["[a](b) [c [d]](e) [f]", "[[a](b)](c)", "![x](y) ![[z]](w)", "[a]\n\n[a]: https://x.org",
             "[a][b] [c][]\n\n[b]: /u\n[c]: /v", "[x] [y](z \"t [\")", "[a\\]](b)", "`[a](b)` [c](d)",
             "[链接[嵌套]](https://example.org/中文) 与 [另一个](#p-2)", "[" * 50 + "a](b)" + "]" * 3, "]" * 20 + "[" * 20]
    cases += [p.read_text("utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    for text in cases:
        assert linear.reset().convert(text) == plain.reset().convert(text), text[:60]
    start = time.process_time()
    linear.reset().convert("[" * N)
    assert time.process_time() - start < 5.0


def test_check_and_build_read_pages_with_the_same_markdown():
    """make check's renderer has MkDocs' extensions, mkdocs.yml's, and the linear links the
    hook adds to the build's."""
    md = markdown_renderer(ROOT)
    assert md("[a](b){: .c }") == '<p><a class="c" href="b">a</a></p>'
    hook = (ROOT / "hooks/jiedu_mkdocs.py").read_text("utf-8")
    assert "config.markdown_extensions.append(LinearLinks())" in hook


# -- pages held to shapes Markdown reads in linear time -----------------------------------


@pytest.mark.parametrize("body, message", [
    ("[" * N, f"docs/texts/t.md:8: error: a paragraph (or list, table, quote: the lines between two blank lines) of 100,000 "
              f"characters; the limit is {BLOCK_CHARS:,} (BLOCK_CHARS in hooks/jiedu/annotations/pageshape.py): put a blank line"),
    ("#\n" * 600, "docs/texts/t.md:8: error: a block of 600 lines without a blank line; the limit is 500 (BLOCK_LINES in "
                  "hooks/jiedu/annotations/pageshape.py)"),
    ("> " * 40 + "引文", "docs/texts/t.md:8: error: quotes or lists nested 40 deep on one line; the limit is 16 (NESTING in "
                       "hooks/jiedu/annotations/pageshape.py): nest less, or write a literal > or - as \\> or \\-"),
    ("+ " * 30 + "项", "docs/texts/t.md:8: error: quotes or lists nested 30 deep on one line; the limit is 16"),
    ("\n\n".join(f"a<b{i}" for i in range(25)), "docs/texts/t.md:48: error: more than 20 HTML tags opened and not closed with '>' in "
                                                "their paragraph ('<b0' on line 8 is the first); the limit is 20 (UNCLOSED_TAGS in"),
    ("正文 <![CDATA[ 没有结束\n\n" * 21, "HTML tags opened and not closed with '>' in their paragraph ('<![CDATA[' on line 8 is the first)"),
])
def test_page_shapes_markdown_reads_slowly_are_refused(tmp_path, body, message):
    root = project(tmp_path, body=body)
    start = time.monotonic()
    one_clear_error(check(root), message)
    assert time.monotonic() - start < 60


def test_page_shapes_within_the_limits_pass(tmp_path):
    table = "| 甲 | 乙 |\n|---|---|\n" + "| `a` | \\[b\\] *c* |\n" * 2000  # a table: its rows are read one by one
    body = "组建社会工作部门。\n\n" + table + "\n" + "a<b 与 c>d\n\n" + "> " * 16 + "引文\n\n" + "x" * BLOCK_CHARS
    root = project(tmp_path, body=body)
    result = check(root, "--strict")
    assert result.returncode == 0, result.stdout


# -- every field, through the build -----------------------------------------------------------


def payload_project(tmp_path, char: str | None, refused: bool = False):
    """A small project with ``char`` in every field that reaches a page: 100,000 where the
    site takes any length; at their limit (or 100,000 with ``refused``) where one field is
    one paragraph or one line of a page. ``char=None``: the same project without them."""
    c = char or ""
    run, line, para = (c * N, c * (N if refused else FIELD_CHARS), c * (N if refused else BLOCK_CHARS - 10))
    fields = {"english": run or "x", "explanation": run or "y"}
    if char:
        fields |= {"expansion": [run], "sources": [{"title": run}]}
    root = buildable(project(tmp_path, {"she-hui-gong-zuo.yml": entry("社会工作", **fields)}))
    (root / "annotations/readings.yml").write_text(
        "readings:\n  - phrase: 工作\n    pinyin: gōng zuò\n    why: " + json.dumps(run or "x") + "\n", "utf-8")
    (root / "sources").mkdir()
    # (no glossary term in the text: its English blocks need not carry the term's English)
    (root / "sources/r.raw.txt").write_text("标题\n\n组建服务部门。\n\n" + (para + "。\n\n" if c else "") + "新华社北京电\n", "utf-8")
    record = {"slug": "r", "raw": "sources/r.raw.txt", "title": "标题", "lang": "zh-Hans", "dateline": "新华社北京电",
              "source": line or "Xinhua", "place": line or "Beijing",
              "corrections": [{"raw": "组建", "corrected": "建立", "context": "组建服务", "kind": "probable-correction",
                               "reason": line or "why"}],
              "kind": "news", "rights": "Jiedu test fixture"}
    (root / "annotations/texts").mkdir()
    path = root / "annotations/texts/r.yml"
    path.write_text("".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in record.items()), "utf-8")
    if not refused:
        skeleton = import_text(root, "--skeleton", str(path)).stdout
        path.write_text(path.read_text("utf-8") + skeleton.replace('""', json.dumps(para or "English.")), "utf-8")
        made = import_text(root, str(path))
        assert made.returncode == 0, made.stderr
    front = "".join(f"{k}: {json.dumps(run or 'x')}\n" for k in ("title", "subtitle", "description", "source", "place", "author"))
    body = "\n\n".join("社" + run[i : i + 5000] for i in range(0, len(run), 5000)) if refused is False else c * N
    (root / "docs/texts/t.md").write_text(f"---\n{front}lang: zh-Hans\n---\n\n# 社会工作\n\n组建社会工作部门。\n\n{body}\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    built = build(payload_project(tmp_path_factory.mktemp("baseline"), None))
    assert built.result.returncode == 0, built.result.stderr
    return built


@pytest.mark.build
@pytest.mark.parametrize("char", CHARS)
def test_every_field_builds_in_linear_time(tmp_path, baseline, char):
    root = payload_project(tmp_path, char)
    built = build(root, timeout=HANG)
    assert built.result.returncode == 0, built.result.stderr[-3000:]
    print(f"{char!r}: {built.cpu:.1f} s CPU ({baseline.cpu:.1f} s without), {built.wall:.1f} s wall")
    assert built.cpu - baseline.cpu < ADDED_CPU, (built.cpu, baseline.cpu)
    html = (root / "site/glossary.html").read_text("utf-8")
    assert html.count({"<": "&lt;", ">": "&gt;"}.get(char, char)) >= 3 * N  # English, expansion, source: all shown
    assert check(root, "--strict").returncode == 0


@pytest.mark.build
@pytest.mark.parametrize("char", ["[", "*", "<"])
def test_fields_of_one_paragraph_are_refused_past_their_limit(tmp_path, char):
    root = payload_project(tmp_path, char, refused=True)
    result = check(root)
    out = result.stdout
    for message in (
        "annotations/texts/r.yml:6: error: 'source' has 100,000 characters; the limit is 1,000 (FIELD_CHARS in hooks/jiedu/annotations/pageshape.py): shorten it",
        "annotations/texts/r.yml:7: error: 'place' has 100,000 characters; the limit is 1,000",
        "annotations/texts/r.yml:8: error: correction #1: 'reason' has 100,000 characters; the limit is 1,000",
        "docs/texts/t.md:15: error: a paragraph (or list, table, quote: the lines between two blank lines) of 100,000 characters; the limit is 10,000",
    ):
        assert message in out, out
    built = build(root, timeout=HANG)
    one_clear_error(built.result, "annotations/texts/r.yml:6: error: 'source' has 100,000 characters; the limit is 1,000")
    assert built.wall < HANG


@pytest.mark.parametrize("char", ["[", "*"])
def test_raw_paragraph_past_the_limit_is_refused_at_its_line(tmp_path, char):
    root = project(tmp_path)
    raw = root / "raw.txt"
    raw.write_text("标题\n\n" + char * N + "。\n\n" + "第二段" + char * 6000 + "\n\n" + char * 6000 + "。\n", "utf-8")
    result = import_text(root, "--new", str(raw), "--slug", "x")
    one_clear_error(result, "raw.txt:3: error: a paragraph (with those joined to it across column breaks) has 100,001 "
                            "characters; the limit is 10,000 (BLOCK_CHARS in hooks/jiedu/annotations/pageshape.py): split it")
    # (a plain-text source is never joined across column breaks: only OCR copies are)


@pytest.mark.parametrize("field", ["term", "variants"])
def test_long_terms_are_refused(tmp_path, field):
    term = "社" * 60
    text = entry(term) if field == "term" else entry("社会工作", variants=["工作" * 30])
    root = project(tmp_path, {"a.yml": text})
    one_clear_error(check(root), f"annotations/glossary/a.yml:{1 if field == 'term' else 5}:")
    assert "the limit is 50 (TERM_CHARS in hooks/jiedu/annotations/glossary.py)" in check(root).stdout


def test_the_repository_builds_as_before(project_build):
    """The limits hold the repository's own pages (and its generated ones) with room."""
    assert project_build.result.returncode == 0, project_build.result.stderr
    longest = max(len(line) for p in (ROOT / "docs/texts").glob("*.md") for line in p.read_text("utf-8").splitlines()
                  if not line.startswith(("<div", "|")))
    assert longest < BLOCK_CHARS / 4

@pytest.mark.build

def test_hang_explanation_with_brackets_builds(tmp_path):
    """The issue's own case: a glossary explanation of 100,000 '[' (make check passed in
    seconds, the build ran past 60 s: keep_punctuation looked at the run from each '[')."""
    root = buildable(project(tmp_path, {"a.yml": entry("社会工作", explanation="[" * N)}))
    built = build(root, timeout=HANG)
    assert built.result.returncode == 0, built.result.stderr
    assert built.wall < 120
    assert re.search(r"\[{100000}", (root / "site/glossary.html").read_text("utf-8"))
