"""Corrected word boundaries (annotations/words.yml): the file's checks as a table, the
segmenter applying them, and one real build where a correction reaches the ruby, search,
the word popup's dictionary and a rebuild from the cache."""
from __future__ import annotations

import json
import re

import pytest

from jiedu.annotations.wordfixes import WordFixes, load_word_fixes
from jiedu.base.errors import JieduError
from jiedu.outputs.sitedict import DICT_DIR, page_words
from jiedu.reading.segmenter import cut, cut_tagged, fix_words, parts

ARTICLE = "texts/social-work-2024-11-04.html"


@pytest.fixture
def fixes_off():
    fix_words({}, [])  # a build earlier in this process left its own fixes in the segmenter
    yield
    fix_words({}, [])


def test_the_segmenter_applies_splits_and_joins(fixes_off):
    assert cut("一家快递服务点的快递员") == ["一家", "快递", "服务", "点", "的", "快递", "员"]
    fix_words({"一家": ("一", "家")}, ["快递员"])
    assert cut("一家快递服务点的快递员") == ["一", "家", "快递", "服务", "点", "的", "快递员"]
    assert [w for w, _ in cut_tagged("快递员")] == ["快递员"] and cut_tagged("一家")[0][1] != ""
    fix_words({"领导干部接访下访": ("领导干部", "接访", "下访")}, [])
    assert parts("领导干部接访下访") == ["领导干部", "接访", "下访"]


@pytest.mark.parametrize("text, message", [
    ("words:\n  - split: 行等\n    why: x\n", "write a space where the word is cut"),
    ("words:\n  - join: 快 递员\n    why: x\n", "a joined word is written whole"),
    ("words:\n  - join: 快递员\n", "missing 'why'"),
    ("words:\n  - split: 行 等\n    join: 快递员\n    why: x\n", "give either 'split'"),
    ("words:\n  - split: 行 x\n    why: x\n", "only Chinese characters"),
    ("words:\n  - split: 行 等\n    why: x\n  - join: 行等\n    why: y\n", "'行等' is corrected already on line 2"),
    ("words:\n  - splt: 行 等\n    why: x\n", "splt"),
    ("word:\n  - split: 行 等\n", "expected one top-level key 'words:'"),
])
def test_bad_entries_are_named_with_their_line(tmp_path, text, message):
    path = tmp_path / "words.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(JieduError) as e:
        load_word_fixes(path, "annotations/words.yml")
    assert "annotations/words.yml:" in str(e.value) and message in str(e.value), str(e.value)


def test_no_file_is_no_correction(tmp_path):
    assert load_word_fixes(tmp_path / "words.yml") == WordFixes()


def rubies(html: str) -> list[str]:
    return [w for w, _ in page_words(html[html.index('<div class="jiedu-text"'):])]


def test_a_correction_reaches_ruby_search_and_the_dictionary_and_a_rebuild(make_project):
    """Two neighbouring words of the article joined, one word split; then the project's own
    corrections back: the rebuild (with the cache of the others) shows the first build's words."""
    own = (make_project.root / "annotations" / "words.yml").read_text(encoding="utf-8")
    first = make_project.build()
    assert first.result.returncode == 0, first.result.stderr
    words = rubies(first.html(ARTICLE))
    # two words side by side in a paragraph, neither a glossary term's (terms stay whole)
    html = first.html(ARTICLE)
    pair = re.search(r"</ruby><ruby>([\u4e00-\u9fff]{2})<rt>[^<]*(?:</rt>)?</ruby><ruby>([\u4e00-\u9fff]{2})<rt>", html)
    a, b = pair.groups()
    split = next(w for w in words if len(w) == 2 and w not in (a, b) and words.count(w) == 1)
    make_project.write("annotations/words.yml", f"words:\n  - join: {a}{b}\n    why: test\n  - split: {split[0]} {split[1]}\n    why: test\n")
    second = make_project.build()
    assert second.result.returncode == 0, second.result.stderr
    after = rubies(second.html(ARTICLE))
    assert a + b in after and split not in after and split[0] in after
    index = json.loads((second.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    tokens = {t for d in index["docs"] for t in d["text"].split("\u200b")}
    assert any(a + b in t for t in tokens)
    data = "".join(p.read_text(encoding="utf-8") for p in (second.site / DICT_DIR).glob("*.js"))
    assert f'"{a}{b}":' in data or all(f'"{c}":' in data for c in a + b)
    make_project.write("annotations/words.yml", own)
    third = make_project.build()
    assert third.result.returncode == 0, third.result.stderr
    assert rubies(third.html(ARTICLE)) == words  # nothing stale from the cache
