"""Hostile input, SILENT class (issue 24): annotations that passed ``make check`` and did
nothing on the site now either work or are refused with a message that says what to write.

- pinyin that mixes tone marks and tone numbers: refused, with both spellings;
- a reading written in capitals and tone numbers (``XING2 ye4``): normalised and applied;
- terms with regex characters, spaces, commas, ``&`` or ``<``, in the text and in headings:
  linked (spaces beside Chinese and ASCII or full-width punctuation as a text writes them);
- front matter: ``ruby`` that is not true or false, a misspelt key: refused;
- a phrase of ``readings.yml`` that no text has: a warning, as for a glossary entry.
"""
from __future__ import annotations

import re

import pytest

from hostile import buildable, build, check, entry, one_clear_error, project

MIXED = [
    ("shè hui4 gōng zuo4", "'shè hui4 gōng zuo4' mixes tone marks (shè, gōng) and tone numbers (hui4, zuo4): write every "
                           "syllable one way, 'shè huì gōng zuò' or 'she4 hui4 gong1 zuo4'"),
    ("SHE4 huì gong1 zuò", "'SHE4 huì gong1 zuò' mixes tone marks (huì, zuò) and tone numbers (SHE4, gong1): write every syllable one way, "
                           "'shè huì gōng zuò' or 'she4 hui4 gong1 zuo4'"),
    ("shè4 huì gōng zuò", "'shè4' has a tone mark and a tone number: write one, 'shè' or 'she4'"),
    ("shèhuì gōng zuò", "'shèhuì' has 2 tone marks: put a space between its syllables, one tone each"),
    ("she4hui4 gong1 zuo4", "'she4hui4' has tone numbers inside it: put a space after each number ('she4 hui4')"),
    ("she4 hui4 gong1 zuo 4", "not pinyin: '4'; write syllables like 'háng' or 'hang2'"),
]


@pytest.mark.parametrize("pinyin, message", MIXED)
def test_pinyin_mixing_tones_is_refused_in_the_glossary(tmp_path, pinyin, message):
    root = project(tmp_path, {"a.yml": entry("社会工作", pinyin=pinyin)})
    one_clear_error(check(root), f"annotations/glossary/a.yml:5:9: error: {message}")


@pytest.mark.parametrize("pinyin, message", MIXED[:3])
def test_pinyin_mixing_tones_is_refused_in_readings(tmp_path, pinyin, message):
    root = project(tmp_path)
    (root / "annotations/readings.yml").write_text(f"readings:\n  - phrase: 社会工作\n    pinyin: {pinyin}\n", "utf-8")
    one_clear_error(check(root), f"annotations/readings.yml:3:13: error: {message}")


@pytest.fixture(scope="module")
def spelled(tmp_path_factory):
    """Readings and a glossary pinyin in capitals and tone numbers, and terms with regex
    characters, spaces, commas, & and <, in body text and headings: built once."""
    terms = {"r-and-d": "R&D中心", "a-lt-b": "A<B政策", "gong-jian": "共建,共治", "ji-ceng": "基层 治理",
             "she-hui": "社会(工作)", "regex": "工作.+*?机制", "liang-xin": "“两新”", "jie-su": "接诉即办"}
    entries = {f"{k}.yml": entry(t) for k, t in terms.items()}
    entries["jie-su.yml"] = entry("接诉即办", pinyin="JIE1 SU4 JI2 BAN4")
    body = ("## 基层治理与接诉即办\n\n建立R&amp;D中心。推行A&lt;B政策。坚持共建，共治。加强基层 治理。组建社会（工作）部门。"
            "完善工作.+*?机制。发挥\"两新\"作用。这个行业很好。接诉即办。")
    root = buildable(project(tmp_path_factory.mktemp("spelled"), entries, body=body))
    (root / "annotations/readings.yml").write_text("readings:\n  - phrase: 行业\n    pinyin: XING2 ye4\n    why: test\n", "utf-8")
    built = build(root)
    assert built.result.returncode == 0, built.result.stderr
    return root, terms

@pytest.mark.build

def test_capitals_and_tone_numbers_are_normalised_and_applied(spelled):
    root, _ = spelled
    assert check(root, "--strict").returncode == 0, check(root).stdout
    html = (root / "site/texts/t.html").read_text("utf-8")
    assert "<ruby>行业<rt>xíng yè</ruby>" in html  # (the pages omit </rt>: ruby.py)
    assert 'class="jiedu-def__pinyin jiedu-py" lang="zh-Latn-pinyin">jiē sù jí bàn</span>' in html

@pytest.mark.build

def test_terms_with_regex_characters_spaces_commas_and_entities_are_linked(spelled):
    root, terms = spelled
    html = (root / "site/texts/t.html").read_text("utf-8")
    article = html[html.index('<h1 id="t"'):html.index("jiedu-defs")]
    linked = set(re.findall(r'class="jiedu-term[^"]*" href="[^"]*" data-entry="([^"]+)"', article))
    assert linked == set(terms), set(terms) - linked
    assert check(root, "--strict").returncode == 0  # and make check saw every one used

@pytest.mark.build

def test_terms_in_headings_are_linked(spelled):
    root, _ = spelled
    html = (root / "site/texts/t.html").read_text("utf-8")
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", html, re.S).group(1)
    assert 'data-entry="ji-ceng"' in heading and 'data-entry="jie-su"' in heading


def test_forms_equal_but_for_spaces_or_ascii_punctuation_are_one_form(tmp_path):
    root = project(tmp_path, {"a.yml": entry("共建，共治"), "b.yml": entry("社会工作", variants=["共建,共治"])})
    one_clear_error(check(root), "'共建,共治' is already a term or variant in annotations/glossary/a.yml")


@pytest.mark.parametrize("front, message", [
    ("ruby: 'no'\n", "docs/texts/t.md:4:7: error: 'ruby' is true or false (whether the page shows pinyin), not 'no'"),
    ("ruby: 0\n", "docs/texts/t.md:4:7: error: 'ruby' is true or false (whether the page shows pinyin), not 0"),
    ("plcae: 北京\n", "docs/texts/t.md:4:1: error: unknown key 'plcae', which nothing reads; did you mean 'place'?"),
    ("subtitel: 副标题\n", "docs/texts/t.md:4:1: error: unknown key 'subtitel', which nothing reads; did you mean 'subtitle'?"),
    ("Lang: zh-Hans\n", "docs/texts/t.md:4:1: error: unknown key 'Lang', which nothing reads; did you mean 'lang'?"),
])
def test_front_matter_that_would_be_ignored_is_refused(tmp_path, front, message):
    root = project(tmp_path)
    (root / "docs/texts/t.md").write_text(f"---\ntitle: t\nlang: zh-Hans\n{front}---\n\n组建社会工作部门。\n", "utf-8")
    one_clear_error(check(root), message)


def test_front_matter_keys_of_the_theme_and_others_pass(tmp_path):
    root = project(tmp_path)
    (root / "docs/texts/t.md").write_text("---\ntitle: t\nlang: zh-Hans\nruby: false\nhide: [toc]\nicon: x\n"
                                          "my_own_key: 1\n---\n\n组建社会工作部门。\n", "utf-8")
    assert check(root, "--strict").returncode == 0, check(root).stdout

@pytest.mark.build

def test_a_reading_no_text_needs_is_a_warning(tmp_path):
    root = project(tmp_path)
    (root / "annotations/readings.yml").write_text("readings:\n  - phrase: 部门\n    pinyin: bù mén\n"
                                                   "  - phrase: 行业\n    pinyin: háng yè\n", "utf-8")
    result = check(root, "--strict")
    assert result.returncode == 1
    warnings = [line for line in result.stdout.splitlines() if "warning" in line]
    assert warnings == ["annotations/readings.yml:4: warning: '行业' occurs in no text, so its reading is used nowhere; "
                        "check the phrase against the text, or remove the entry"]
    built = build(buildable(root))
    assert "WARNING -  annotations/readings.yml:4: warning: '行业' occurs in no text" in built.result.stderr
    assert built.result.returncode == 1  # --strict
