"""Glossary entries: loading, and the exact message for each kind of mistake."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from jiedu.base.errors import JieduError
from jiedu.annotations.glossary import CATEGORIES, KEYS, LEVELS, REQUIRED, load_glossary

ROOT = Path(__file__).resolve().parent.parent
GOOD = """\
term: 两新工委
pinyin: liǎng xīn gōng wěi
english: Working Committee for New Economic and Social Organisations
explanation: A Party committee.
variants:
  - “两新”工委
category: institution
"""
OTHER = """\
term: 小马拉大车
english: a small horse pulling a big cart
explanation: Too many tasks for too few resources.
category: slogan
"""


def load(tmp_path: Path, files: dict[str, str]):
    d = tmp_path / "glossary"
    d.mkdir()
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return load_glossary(d)


def test_good_entry(tmp_path):
    g = load(tmp_path, {"liang-xin-gong-wei.yml": GOOD})
    (e,) = g.entries
    assert (e.id, e.term, e.pinyin, e.variants) == ("liang-xin-gong-wei", "两新工委", ("liǎng", "xīn", "gōng", "wěi"), ("“两新”工委",))
    # the given pinyin fixes the reading of the term and of its variant's pieces
    assert ("两新工委", ("liǎng", "xīn", "gōng", "wěi")) in g.readings
    assert ("两新", ("liǎng", "xīn")) in g.readings and ("工委", ("gōng", "wěi")) in g.readings


G = "annotations/glossary/x.yml"


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD.replace("pinyin:", "pinyn:"),
         f"{G}:2:1: error: unknown key 'pinyn'; did you mean 'pinyin'? (allowed: term, pinyin, english, english_official, english_variants, explanation, category, level, variants, expansion, related, sources)"),
        (GOOD.replace("english: Working Committee for New Economic and Social Organisations\n", ""),
         f"{G}:1:1: error: missing 'english'"),
        (GOOD.replace("liǎng xīn gōng wěi", "liǎng xīn gōng"),
         f"{G}:2:9: error: pinyin has 3 syllables but '两新工委' has 4 Chinese characters; give one syllable per character"),
        (GOOD.replace("liǎng xīn gōng wěi", "liǎng xin gong wxi"),
         f"{G}:2:9: error: not pinyin: 'wxi'; write syllables like 'háng' or 'hang2'"),
        (GOOD.replace("category: institution", "category: agency"),
         f"{G}:7:11: error: unknown category 'agency'; use one of: {', '.join(CATEGORIES)}"),
        (GOOD + "level: basic\n",
         f"{G}:8:8: error: unknown level 'basic'; use core (this text's own vocabulary, marked by default) or general (political vocabulary met everywhere)"),
        (GOOD + "level:\n  - core\n",
         f"{G}:9:3: error: 'level' must be non-empty text"),
        (GOOD.replace("variants:\n  - “两新”工委\n", "variants: “两新”工委\n"),
         f"{G}:5:11: error: 'variants' must be a list of texts, one per line starting with '- '"),
        (GOOD.replace("english: Working", "english:\n  - Working"),
         f"{G}:4:3: error: 'english' must be non-empty text"),
        (GOOD.replace("“两新”工委", "两新工委"),
         f"{G}:6:5: error: variant '两新工委' repeats the term or another variant"),
        (GOOD.replace("A Party committee.", "See [this](javascript:alert(1))."),
         f"{G}:4:14: error: link 'javascript:alert(1' is not allowed; use https:// links or links within the site"),
        (GOOD + "related:\n  - 四下基层\n",
         f"{G}:9:5: error: related entry '四下基层' does not exist; use the exact 'term' of another entry"),
        (GOOD + "related:\n  - 两新工委\n",
         f"{G}:9:5: error: an entry cannot be related to itself"),
        (GOOD + "sources:\n  - title: 某文件\n    date: 2012年\n",
         f"{G}:10:11: error: a source's 'date' is YYYY, YYYY-MM or YYYY-MM-DD, quoted (date: \"2024-11-04\")"),
        (GOOD + "sources:\n  - title: 某文件\n    date: \"2024-13\"\n",
         f"{G}:10:11: error: a source's 'date' is YYYY, YYYY-MM or YYYY-MM-DD, quoted (date: \"2024-11-04\")"),
        (GOOD + "sources:\n  - publisher: 新华社\n    date: \"2024\"\n",
         f"{G}:9:5: error: a source needs a 'title': the document's or page's exact title, as published"),
        (GOOD + "sources:\n  - title: 某文件\n    url: javascript:alert(1)\n",
         f"{G}:10:10: error: a source's 'url' must start with https:// or http:// (got 'javascript:alert(1)'); give only an address you have read"),
        (GOOD + "sources:\n  - title: 某文件\n    publisher:\n",
         f"{G}:10:15: error: a source's 'publisher' must be non-empty text"),
        (GOOD + "sources:\n  - title: 某文件\n    link: https://example.org/\n",
         f"{G}:10:5: error: unknown key 'link'; allowed keys: title, publisher, date, url"),
        (GOOD + "sources: []\n",
         f"{G}:8:10: error: 'sources' must be a list of sources, each '- title: …' with publisher:, date: and url: where known"),
        (GOOD + "english_official:\n  text: Two New Working Committee\n",
         f"{G}:9:3: error: 'english_official' needs 'source': where the official English was read (title:, publisher:, date:, url:)"),
        (GOOD + "english_official: Two New Working Committee\n",
         f"{G}:8:19: error: 'english_official' is a mapping: text: (the official English, as the source writes it) and source: (title:, publisher:, date:, url:)"),
        (GOOD + "english_variants: two new committee\n",
         f"{G}:8:19: error: 'english_variants' must be a list of texts, one per line starting with '- '"),
        (GOOD.replace("A Party committee.", "Set up in Zhejiang in 2011."),
         f"{G}:4:14: error: the explanation states a year (2011) but the entry has no sources; add sources: with the title of what says so (and its publisher, date and url where there is one; the text itself counts for what it says), or say less"),
        (GOOD.replace("A Party committee.", "It has more than 15,000 members."),
         f"{G}:4:14: error: the explanation states a number (15,000) but the entry has no sources; add sources: with the title of what says so (and its publisher, date and url where there is one; the text itself counts for what it says), or say less"),
        (GOOD.replace("A Party committee.", "Named at the Third Plenary Session."),
         f"{G}:4:14: error: the explanation states a named event (Third Plenary Session) but the entry has no sources; add sources: with the title of what says so (and its publisher, date and url where there is one; the text itself counts for what it says), or say less"),
        (GOOD.replace("term: 两新工委", "term: abc"),
         f"{G}:1:7: error: term 'abc' has no Chinese characters"),
        (GOOD.replace("term: 两新工委", "term: [两新"),
         f"{G}:2:7: error: YAML syntax: expected ',' or ']', but got ':'; check indentation, colons and quotes"),
        ("- 两新工委\n", f"{G}:1:1: error: an entry is a mapping of keys (term:, english:, …); see annotations/schema.json"),
    ],
)
def test_invalid_entry(tmp_path, text, message):
    with pytest.raises(JieduError) as e:
        load(tmp_path, {"x.yml": text})
    assert message in [str(p) for p in e.value.problems], [str(p) for p in e.value.problems]


def test_duplicate_forms_across_files(tmp_path):
    with pytest.raises(JieduError) as e:
        load(tmp_path, {"a.yml": GOOD, "b.yml": OTHER.replace("小马拉大车", "两新工委")})
    assert str(e.value) == (
        "annotations/glossary/b.yml:1:7: error: '两新工委' is already a term or variant in "
        "annotations/glossary/a.yml; an entry's forms must be unique: remove it here, or from annotations/glossary/a.yml"
    )


def test_bad_file_name(tmp_path):
    with pytest.raises(JieduError) as e:
        load(tmp_path, {"Liang Xin.yml": GOOD})
    assert "file name must be lowercase ASCII words joined by '-'" in str(e.value)


def test_schema_documents_what_the_validator_enforces():
    schema = json.loads((ROOT / "annotations/schema.json").read_text("utf-8"))
    assert set(schema["properties"]) == set(KEYS)
    assert set(schema["required"]) == set(REQUIRED)
    assert schema["properties"]["category"]["enum"] == list(CATEGORIES)
    assert schema["properties"]["level"]["enum"] == list(LEVELS)
    assert schema["properties"]["level"]["default"] == "core"


def test_level_is_optional_and_defaults_to_core(tmp_path):
    g = load(tmp_path, {"liang-xin-gong-wei.yml": GOOD, "xiao-ma-la-da-che.yml": OTHER + "level: general\n"})
    assert {e.term: e.level for e in g.entries} == {"两新工委": "core", "小马拉大车": "general"}


def test_repository_glossary_is_valid_and_large_enough():
    g = load_glossary(ROOT / "annotations/glossary")
    assert len(g.entries) >= 40


# -- the repository's glossary: decisions a later edit should not undo silently ------------


@functools.cache
def repository():
    return load_glossary(ROOT / "annotations/glossary").by_term()


def test_every_repository_entry_states_its_level():
    """The loader defaults a missing level to core; this repository writes every one out."""
    missing = [p.name for p in sorted((ROOT / "annotations/glossary").glob("*.yml"))
               if not any(line.startswith("level:") for line in p.read_text("utf-8").splitlines())]
    assert missing == []


@pytest.mark.parametrize("term, level", [
    # general political vocabulary, met in any political text: not marked by default
    ("群众", "general"), ("基层", "general"), ("意见", "general"), ("党中央", "general"),
    # the borderline ones (reasons in CONTRIBUTING.md, "Add a glossary term")
    ("体制机制", "general"), ("规范性文件", "general"), ("党组织", "general"),
    # this text's own vocabulary, even where the words look ordinary
    ("社会工作", "core"), ("基层治理", "core"), ("信访", "core"), ("骑手", "core"),
])
def test_levels_of_the_seed_article(term, level):
    assert repository()[term].level == level


@pytest.mark.parametrize("term, field, expected", [
    ("六尺巷", "category", "place"),
    ("全国先进基层党组织", "category", "honour"),
    ("社会工作者职业资格考试", "category", "exam"),
    ("接诉即办", "english", "swift response to public complaints"),  # Beijing's own English
    ("中央社会工作部", "english", "Social Work Department of the CPC Central Committee"),
    ("战斗堡垒作用", "english", "role as a fighting bastion"),
])
def test_reviewed_fields(term, field, expected):
    assert getattr(repository()[term], field) == expected


def test_the_2012_opinion_is_not_dated_march():
    """Its full text was published in May 2012 (People's Daily, 25 May); no source may date
    it March, which no titled source confirmed."""
    dates = {s.date for e in repository().values() for s in e.sources if "非公有制企业党的建设工作的意见" in s.title}
    assert dates and not any(d.startswith("2012-03") for d in dates)


def test_every_repository_entry_has_a_source():
    """The loader asks for sources only where an entry states a year, a number or a named
    event; this repository gives every entry at least one (the seed article counts)."""
    assert [e.term for e in repository().values() if not e.sources] == []


def test_repository_sources_have_titles_and_read_urls_only():
    for e in repository().values():
        for s in [*e.sources, *([e.english_official.source] if e.english_official else [])]:
            assert s.title.strip(), e.term
            assert not s.url or s.url.startswith(("https://", "http://")), (e.term, s.url)
