"""The glossary as open data (annotations/opendata.py): JSON, CSV, the Anki file and the
Yomitan dictionary each parse back into the entries (round trip), carry the content
licence, and are the same bytes for the same glossary; the built site has them, linked
from the glossary page. A small glossary in tmp_path, and the library's own, read."""
from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from jiedu.annotations import opendata
from jiedu.annotations.glossary import load_glossary
from jiedu.base.safemd import plain

ROOT = Path(__file__).resolve().parent.parent

ENTRIES = {
    "jie-su-ji-ban.yml": """\
term: 接诉即办
pinyin: jiē sù jí bàn
english: swift response to public complaints
english_official:
  text: Swift Response to Public Complaints
  source:
    title: "Hotline reshapes megacity management"
    publisher: China Daily
    date: "2025-03-14"
    url: https://example.org/hotline?a=1&b=2
english_variants:
  - prompt handling of public complaints
explanation: >-
  Beijing's *mechanism*, with the [12345 hotline](https://example.org/12345), in place since 2019; "quoted",
  a comma, and a | bar.
variants:
  - “接诉即办”
related:
  - 两新工委
sources:
  - title: 谱写新时代社会工作高质量发展新篇章——党的十八大以来社会工作成就综述
    publisher: 新华社 (Xinhua News Agency)
    date: "2024-11-04"
  - title: "A title; with a semicolon, and a comma"
    url: http://example.org/x
category: method
level: core
""",
    "liang-xin-gong-wei.yml": """\
term: 两新工委
english: Working Committee for New Economic and Social Organisations
explanation: A Party committee.
expansion:
  - 新经济组织
  - 新社会组织
category: institution
level: general
""",
}


@pytest.fixture
def glossary(tmp_path):
    d = tmp_path / "glossary"
    d.mkdir()
    for name, text in ENTRIES.items():
        (d / name).write_text(text, encoding="utf-8")
    return load_glossary(d)


def pinyin_of(entry) -> str:
    return " ".join(entry.pinyin) or "liǎng xīn gōng wěi"


def test_json_and_csv_round_trip_to_every_field(glossary):
    files = opendata.files(glossary.entries, pinyin_of)
    expected = opendata.records(glossary.entries, pinyin_of)
    meta, entries = opendata.read_json(files[opendata.FILES["json"]].decode("utf-8"))
    assert entries == expected
    assert meta["licence"] == "CC BY-SA 4.0"
    assert opendata.read_csv(files[opendata.FILES["csv"]].decode("utf-8")) == expected
    assert "CC BY-SA 4.0" in files[opendata.FILES["csv"]].decode("utf-8").splitlines()[0]
    # the records are the entries: every field of the YAML, nothing invented
    by_id = {r["id"]: r for r in expected}
    e = next(e for e in glossary.entries if e.id == "jie-su-ji-ban")
    r = by_id["jie-su-ji-ban"]
    assert (r["term"], r["english"], r["explanation"], r["variants"], r["english_variants"]) == (
        e.term, e.english, e.explanation, list(e.variants), list(e.english_variants))
    assert r["sources"][1] == {"title": "A title; with a semicolon, and a comma", "url": "http://example.org/x"}
    assert r["english_official"]["source"]["url"] == "https://example.org/hotline?a=1&b=2"


def test_anki_and_yomitan_round_trip(glossary):
    files = opendata.files(glossary.entries, pinyin_of)
    expected = opendata.records(glossary.entries, pinyin_of)
    anki = opendata.read_anki(files[opendata.FILES["anki"]].decode("utf-8"))
    assert [(a["term"], a["pinyin"], a["english"], a["explanation"], a["sources"]) for a in anki] == [
        (r["term"], r["pinyin"], r["english"], " ".join(plain(r["explanation"]).split()), r["sources"]) for r in expected]
    index, terms = opendata.read_yomitan(files[opendata.FILES["yomitan"]])
    assert index["format"] == 3 and index["title"] and index["revision"]
    assert "CC BY-SA 4.0" in index["attribution"]
    assert [(t["forms"], t["pinyin"], t["english"], t["explanation"], t["sources"]) for t in terms] == [
        ([r["term"], *r["variants"]], r["pinyin"], r["english"], plain(r["explanation"]), r["sources"]) for r in expected]
    assert terms[0]["official"].startswith("Swift Response to Public Complaints (Hotline reshapes")


def test_yomitan_zip_follows_the_documented_format(glossary):
    data = opendata.files(glossary.entries, pinyin_of)[opendata.FILES["yomitan"]]
    with zipfile.ZipFile(BytesIO(data)) as z:
        assert sorted(z.namelist()) == ["index.json", "tag_bank_1.json", "term_bank_1.json"]  # at the root
        index = json.loads(z.read("index.json"))
        rows = json.loads(z.read("term_bank_1.json"))
        tags = json.loads(z.read("tag_bank_1.json"))
    assert {"title", "revision", "format"} <= set(index) and index["format"] == 3
    for row in rows:  # dictionary-term-bank-v3-schema.json: 8 items of these types
        term, reading, def_tags, rules, score, definitions, sequence, term_tags = row
        assert isinstance(term, str) and isinstance(reading, str) and isinstance(def_tags, str)
        assert isinstance(rules, str) and isinstance(score, (int, float)) and isinstance(sequence, int)
        assert isinstance(term_tags, str) and definitions and all(isinstance(d, str) for d in definitions)
    named = {t[0] for t in tags}
    assert {tag for row in rows for tag in row[2].split()} <= named  # every tag used is defined
    assert all(len(t) == 5 for t in tags)  # name, category, order, notes, score


def test_the_files_are_reproducible(glossary):
    assert opendata.files(glossary.entries, pinyin_of) == opendata.files(reversed(glossary.entries), pinyin_of)


def test_the_built_site_has_the_librarys_glossary_as_open_data(project_build):
    """The files the build writes parse back into the library's entries (read, not pinned)."""
    library = load_glossary(ROOT / "annotations/glossary")
    html = project_build.html("glossary.html")
    site = project_build.site
    for name in opendata.FILES.values():
        assert f'href="{name}"' in html, name
        assert (site / name).is_file(), name
    meta, entries = opendata.read_json((site / opendata.FILES["json"]).read_text("utf-8"))
    assert meta["licence"] == "CC BY-SA 4.0"
    assert [e["id"] for e in entries] == sorted(e.id for e in library.entries)
    by_id = {e.id: e for e in library.entries}
    for r in entries:
        e = by_id[r["id"]]
        assert (r["term"], r["english"], r["explanation"], r["category"], r["level"]) == (
            e.term, e.english, e.explanation, e.category, e.level)
        assert [s["title"] for s in r["sources"]] == [s.title for s in e.sources]
        assert r["pinyin"]  # as the glossary page shows it
    assert opendata.read_csv((site / opendata.FILES["csv"]).read_text("utf-8")) == entries
    assert [a["term"] for a in opendata.read_anki((site / opendata.FILES["anki"]).read_text("utf-8"))] == [
        r["term"] for r in entries]
    _, terms = opendata.read_yomitan((site / opendata.FILES["yomitan"]).read_bytes())
    assert [t["forms"][0] for t in terms] == [r["term"] for r in entries]
    assert [t["sources"] for t in terms] == [r["sources"] for r in entries]


def test_the_glossary_page_and_tooltips_show_sources_and_official_english(project_build):
    library = load_glossary(ROOT / "annotations/glossary")
    html = project_build.html("glossary.html")
    with_url = next(e for e in library.entries if any(s.url for s in e.sources))
    url = next(s.url for s in with_url.sources if s.url)
    section = html[html.index(f'id="{with_url.id}"'):]
    section = section[:section.index("</section>")]
    assert f'href="{url.replace("&", "&amp;")}"' in section
    assert "Sources:" in section
    official = next(e for e in library.entries if e.english_official)
    section = html[html.index(f'id="{official.id}"'):]
    assert "Official English" in section[:section.index("</section>")]
