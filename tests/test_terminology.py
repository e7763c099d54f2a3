"""The terminology check: each translated block against the glossary terms of its Chinese,
and bracketed additions; in the shared page preparation, so `make check` and the build warn
alike (``--strict`` fails). Tables for the pure functions; fixtures or the library itself,
read, for the rest (no test pins the library's content)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jiedu import importer
from jiedu.annotations.glossary import Entry, Official, Source
from jiedu.base import yamlfile
from jiedu.page.prepare import prepare
from jiedu.page.terminology import bracketed_additions, closest, renders, words
from jiedu.page.terms import TermMatcher
from jiedu.project import Project
from test_importer import LIBRARY, ROOT, run


def _translated() -> tuple[str, str, str]:
    """A text of the library with a translation (whichever comes first): its record, raw
    file and page, read, not pinned."""
    for record in LIBRARY:
        spec = importer.parse_spec(yamlfile.load(ROOT / record, record), record)
        if spec.translation:
            return record, spec.raw, f"docs/texts/{spec.slug}.md"
    raise AssertionError("no text of the library has a translation")


RECORD, RAW, PAGE = _translated()

SCRIPT = ROOT / "scripts" / "check.py"


# -- the comparison --------------------------------------------------------------------------


@pytest.mark.parametrize("english, rendering, expected", [
    ("its role as a fighting bastion", "role as a fighting bastion", True),
    ("its role as a fighting fortress", "role as a fighting bastion", False),
    ("Party members who are investors", "Party members who are investors", True),
    ("new employment groups", "new employment group", True),  # plural
    ("the modernisation of governance", "modernization of governance", True),  # -ise/-ize
    ("Party-building-led grassroots governance", "Party building led grassroots governance", True),
    ('the "two roles" of Party organisations', 'the "two roles" (of Party organisations in firms)', True),
    ("the 18th National Congress of the Communist Party of China", "18th National Congress of the CPC", True),
    ("China Nonwovens and Industrial Textiles Association", "China Nonwovens & Industrial Textiles Association", True),
    ("immediate response to public complaints", "swift response to public complaints", False),
    ("social workers", "social work", False),  # a word is a word
])
def test_renders(english, rendering, expected):
    assert renders(english, [rendering]) is expected


def test_words_drop_only_what_does_not_change_the_rendering():
    assert words("The “Two New” Organisations") == ("two", "new", "organization")
    assert words("China's governance") == words("China governance")


@pytest.mark.parametrize("chinese, english, additions", [
    ("看望快递小哥。", 'the "delivery guys" (kuaidi xiaoge) at work.', ["(kuaidi xiaoge)"]),
    ("乡镇（街道）社工站。", "township (sub-district) social work stations.", []),
    ("一处（甲）。", "one (A) and two (B) [note]", ["(B)", "[note]"]),
    ("没有括号。", "No brackets at all.", []),
])
def test_bracketed_additions(chinese, english, additions):
    assert bracketed_additions(chinese, english) == additions


def test_closest_quotes_the_translations_own_words():
    assert closest("promoted across the country: immediate response to public complaints, and more",
                   "swift response to public complaints") == "immediate response to public complaints"


# -- in the page preparation (the build and make check share it) ---------------------------

ENTRY = Entry("jie-su-ji-ban", "接诉即办", "swift response to public complaints", "", "method",
              english_variants=("prompt handling of public complaints",), path="annotations/glossary/jie-su-ji-ban.yml",
              english_official=Official("Swift Response to Public Complaints", Source("Hotline", "2025-03-14", "China Daily")))


def page(english: str, chinese: str = "北京推广接诉即办。") -> str:
    return (f'<h1 id="t">题</h1>\n<p>{chinese}</p>\n'
            f'<div class="jiedu-en no-ruby" lang="en" data-for="p-1" hidden>{english}</div>')


def warnings(html: str, english_at=None) -> list[str]:
    prepared = prepare(html, {"lang": "zh-Hans"}, TermMatcher([ENTRY]), "../glossary.html", "docs/texts/t.md", english_at)
    return [str(p) for p in prepared.problems]


@pytest.mark.parametrize("english", [
    "Beijing promoted swift responses to public complaints.",
    "Beijing promoted the prompt handling of public complaints.",  # a listed variant
    "Beijing promoted Swift Response to Public Complaints.",  # the official English
])
def test_a_block_that_uses_a_rendering_passes(english):
    assert warnings(page(english)) == []


def test_a_block_that_renders_a_term_otherwise_warns_with_both_renderings():
    assert warnings(page("Beijing promoted immediate response to public complaints."),
                    {"p-1": ("annotations/texts/t.yml", 40, 5)}) == [
        "annotations/texts/t.yml:40:5: warning: p-1 (“北京推广接诉即办。”): '接诉即办' is 'swift response to public "
        "complaints' in the glossary, but the English has 'immediate response to public complaints'; use the "
        "glossary's rendering, or add the translation's to english_variants in annotations/glossary/jie-su-ji-ban.yml"
    ]


def test_a_bracketed_addition_warns_at_the_page_without_a_record():
    (message,) = warnings(page("Beijing promoted swift response to public complaints (jie su ji ban)."))
    assert message == ("docs/texts/t.md: warning: p-1 (“北京推广接诉即办。”): '(jie su ji ban)' is in brackets in the "
                       "English, but the Chinese has no brackets there; translate what the text says, without additions "
                       "in brackets (the glossary explains)")


def test_a_page_without_translation_is_not_checked():
    assert warnings('<p>北京推广接诉即办。</p>') == []


# -- make check on the library's own text (read, not pinned) --------------------------------


@pytest.fixture
def tree(tmp_path):
    """The library's texts (records, raw sources, pages) and its annotations, to break."""
    for rel in ("annotations", "sources", "docs/texts"):
        shutil.copytree(ROOT / rel, tmp_path / rel)
    return tmp_path


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), "--strict"], capture_output=True, text=True)


def a_rendered_term(root: Path) -> tuple[str, Entry, str]:
    """A block key of the text, a glossary term its Chinese has and whose english its
    English contains word for word, and that English."""
    project = Project.load(root)
    spec = next(s for s in project.texts if s.path == RECORD)
    page = (root / PAGE).read_text(encoding="utf-8")
    for key, english in spec.translation.blocks:
        if not key.startswith("p-"):
            continue
        m = re.search(rf'\n\n([^\n<]*)\n(?:[{{] #[^}}\n]*[}}]\n)?\n<div class="jiedu-en[^>]*data-for="{key}"', page)
        chinese = m.group(1) if m else ""
        marked = dict.fromkeys(e for _, e in project.matcher.split(chinese) if e is not None)  # as the page marks them
        for entry in marked:
            if entry.english in english and not entry.english_variants and not entry.english_official \
                    and len(entry.english.split()) > 1:
                return key, entry, english
    raise AssertionError("no block renders a multi-word english of its terms verbatim")


def test_make_check_warns_where_the_translation_renders_a_glossary_term_otherwise(tree):
    assert check(tree).returncode == 0, check(tree).stdout
    key, entry, english = a_rendered_term(tree)
    record = (tree / RECORD).read_text(encoding="utf-8")
    first, rest = entry.english.split(" ", 1)
    wrong = f"{first}-xyzzy {rest}"
    # the block's English, as the record writes it (folded over lines), with the term's rendering changed
    start = record.index(f"\n    {key}:")
    end = record.index("\n\n", start)
    record = record[:start] + f"\n    {key}: >-\n      " + english.replace(entry.english, wrong) + record[end:]
    (tree / RECORD).write_text(record, encoding="utf-8")
    assert run(tree, RECORD).returncode == 0  # make article
    line = record[:record.index(f"\n    {key}:") + 1].count("\n") + 1
    result = check(tree)
    assert result.returncode == 1
    ours = [ln for ln in result.stdout.splitlines() if f"'{entry.term}' is '{entry.english}'" in ln]
    assert len(ours) == 1, result.stdout
    assert ours[0].startswith(f"{RECORD}:{line}:5: warning: {key} (")
    assert "but the English has '" in ours[0] and "xyzzy" in ours[0]  # the translation's words beside the glossary's
    assert entry.path in ours[0]


def test_make_check_warns_on_a_bracketed_addition(tree):
    project = Project.load(tree)
    spec = next(s for s in project.texts if s.path == RECORD)
    key, english = next((k, e) for k, e in spec.translation.blocks if k.startswith("p-") and "(" not in e)
    record = (tree / RECORD).read_text(encoding="utf-8")
    start = record.index(f"\n    {key}:")
    end = record.index("\n\n", start)
    record = record[:start] + f"\n    {key}: >-\n      " + english.rstrip(".") + " (an explanation)." + record[end:]
    (tree / RECORD).write_text(record, encoding="utf-8")
    assert run(tree, RECORD).returncode == 0
    result = check(tree)
    assert result.returncode == 1
    assert any(f"warning: {key} (" in ln and "'(an explanation)' is in brackets" in ln for ln in result.stdout.splitlines()), \
        result.stdout


def test_the_strict_build_fails_on_a_term_rendered_otherwise(make_project):
    key, entry, english = a_rendered_term(make_project.root)
    record = (make_project.root / RECORD).read_text(encoding="utf-8")
    start = record.index(f"\n    {key}:")
    end = record.index("\n\n", start)
    wrong = english.replace(entry.english, "something else entirely")
    make_project.write(RECORD, record[:start] + f"\n    {key}: >-\n      " + wrong + record[end:])
    spec = importer.parse_spec(yamlfile.load(make_project.root / RECORD, RECORD, make_project.root), RECORD)
    raw = (make_project.root / spec.raw).read_bytes()
    make_project.write(PAGE, importer.build_page(spec, raw, spec.raw))
    result = make_project.build()
    assert result.result.returncode != 0
    assert f"'{entry.term}' is '{entry.english}' in the glossary, but the English has" in result.result.stderr
