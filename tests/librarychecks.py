"""Content checks for a text of a library, reading the library they check: its record, its raw
file and its committed page. tests/test_importer.py runs them on every text of this
repository; tests/test_add_a_text.py on a text added by CONTRIBUTING's steps to a copy.
They never name a text, a title or a count: adding or correcting a text keeps them green.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from jiedu import importer
from jiedu.base import yamlfile

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_CLASS = r"[\u3400-\u4dbf\u4e00-\u9fff]"
#: A paragraph's anchor line in a page (attr_list), the subtitle's with its class.
ANCHOR_LINE = re.compile(r"^\{ #(p-\d+[a-z]?|subtitle)(?: \.jiedu-subtitle)? \}$", re.M)


def han(text: str) -> str:
    return "".join(HAN.findall(text))


def page_body(page: str) -> str:
    """The reading text: after the front matter, before the notes, without the English
    translation's lines (tests/test_translation.py checks those)."""
    body = page.split("\n---\n", 1)[1]
    body = body.split('<div class="jiedu-notes', 1)[0]
    return re.sub(r'(?m)^<div class="jiedu-en [^\n]*</div>$', "", body)


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def spec(root: Path, record: str) -> importer.TextSpec:
    return importer.parse_spec(yamlfile.load(root / record, record), record)


def raw_text(root: Path, s: importer.TextSpec) -> str:
    return (root / s.raw).read_text(encoding="utf-8")


def page_text(root: Path, s: importer.TextSpec) -> str:
    return (root / "docs" / "texts" / f"{s.slug}.md").read_text(encoding="utf-8")


def page_is_generated(root: Path, record: str) -> None:
    s = spec(root, record)
    assert importer.build_page(s, raw_text(root, s), s.raw) == page_text(root, s)


def metadata_is_the_record(root: Path, record: str) -> None:
    """The page's front matter is the record's metadata (rights and kind among it), its
    headings are those the record names, its notes give every correction's reason."""
    s = spec(root, record)
    page = page_text(root, s)
    front, body = page.split("\n---\n", 1)
    meta = yaml.safe_load(front.removeprefix("---\n"))
    expected = {k: getattr(s, k) for k in ("title", "subtitle", "kind", "source", "place", "date", "dateline", "rights", "lang")}
    assert {k: str(v) for k, v in meta.items() if k in expected} == {k: v for k, v in expected.items() if v}
    assert meta["rights"] and meta["kind"]
    assert "do not edit by hand" in meta["generated_by"]
    headings = re.findall(r"^(#{1,3}) (.*)$", page_body(page), re.M)
    assert [h for h, _ in headings].count("#") == 1
    assert [h for h, _ in headings].count("##") == len(s.sections)
    assert [h for h, _ in headings].count("###") == len(s.subheadings)
    assert all("<" not in text for _, text in headings), "no HTML in headings"
    if s.dateline:
        assert s.dateline not in page_body(page)
    notes = body.split('<div class="jiedu-notes no-ruby" markdown>', 1)[1]
    assert notes.rstrip().endswith("</div>")
    assert "**Source.** ." not in notes and "Source. ." not in notes  # no empty field printed
    if s.source_kind != "ocr":
        assert "OCR" not in notes.split("**Corrections.**")[0] and "column break" not in notes
    for corr in s.corrections:
        assert importer.escape_markdown(" ".join(corr.reason.split())) in notes


def anchors_once(root: Path, record: str) -> None:
    """Every paragraph of the page carries its anchor, each anchor once."""
    s = spec(root, record)
    body = page_body(page_text(root, s))
    anchors = ANCHOR_LINE.findall(body)
    assert anchors and len(anchors) == len(set(anchors))
    paragraphs = [b for b in re.split(r"\n\n+", body.strip()) if b and not b.startswith("#")]
    assert len(paragraphs) == len(anchors), "a paragraph without its anchor"


def source_reaches_page(root: Path, record: str) -> None:
    s = spec(root, record)
    assert_source_reaches_page(s, raw_text(root, s), page_text(root, s))


def assert_source_reaches_page(s: importer.TextSpec, raw: str, page: str, at_least: int = 0) -> None:
    """Align the Han characters of raw and page; each difference must be a recorded one,
    found within that correction's context. (Markdown comments and HTML outside the body
    are not text: the importer leaves them out.)"""
    raw = importer.clean_raw(raw).text
    kind = s.source_kind or importer.detect(raw)
    if kind in ("markdown", "html"):
        raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    if kind == "html":
        raw = re.sub(r"(?is)<(head|script|style|template|noscript)\b.*?</\1>", "", raw)
    raw_han_pos = [m.start() for m in HAN.finditer(raw)]
    raw_han = han(raw)
    supplied = "".join(han(getattr(s, k)) for k in s.from_record)
    page_han = han(strip_tags(page_body(page))) + han(s.dateline)   # the dateline moved to metadata
    if supplied:
        assert page_han.startswith(supplied)
        page_han = page_han[len(supplied):]
    expected = []
    for corr in s.corrections:
        m = re.search(r"[^\S\n]*\n\s*".join(map(re.escape, corr.context.split("¶"))), raw)
        a, b = han(corr.raw), han(corr.corrected)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag != "equal":
                expected.append((a[i1:i2], b[j1:j2], m.start(), m.end()))
    seen = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, raw_han, page_han, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        where = raw_han_pos[i1] if i1 < len(raw_han_pos) else len(raw)
        if tag == "insert":
            where = raw_han_pos[i1 - 1] + 1
        match = [e for e in expected if e[:2] == (raw_han[i1:i2], page_han[j1:j2]) and e[2] <= where <= e[3]]
        assert match, f"unexplained change {raw_han[i1:i2]!r} -> {page_han[j1:j2]!r} near raw offset {where}: {raw[where - 10:where + 10]!r}"
        expected.remove(match[0])
        seen.append((raw_han[i1:i2], page_han[j1:j2]))
    assert not expected, f"recorded corrections not seen on the page: {expected}"
    assert len(seen) >= at_least


def ocr_punctuation(root: Path, record: str) -> None:
    """An OCR copy's page has no ASCII punctuation and no spaces in its Chinese text (a
    clean copy keeps its own spaces, such as the ideographic space after 第一条)."""
    s = spec(root, record)
    if s.source_kind == "ocr":
        check_no_ascii_punctuation(page_text(root, s))
    else:
        body = strip_tags(page_body(page_text(root, s)))
        assert not re.search(HAN_CLASS + r"[,;:?!]" + HAN_CLASS, body)


def check_no_ascii_punctuation(page: str) -> None:
    body = strip_tags(page_body(page))
    lines = [ln for ln in body.splitlines() if ln.strip() and not ANCHOR_LINE.fullmatch(ln)]
    assert lines, "empty page"
    for ln in lines:
        text = re.sub(r"^#+ ", "", ln)
        assert not re.search(HAN_CLASS + r"""[,";:?!()]""" + HAN_CLASS, text), ln
        assert not re.search(HAN_CLASS + r"\s+" + HAN_CLASS, text), ln
        assert '"' not in text, ln
        assert not re.search(r"[,;:?!]" + HAN_CLASS, text), ln
