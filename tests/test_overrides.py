"""The readings table: what contributors write, and the exact messages they get."""
from __future__ import annotations

from pathlib import Path

import pytest

from jiedu.base.errors import JieduError
from jiedu.annotations.overrides import load_overrides


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "readings.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_overrides(path, "annotations/readings.yml")


@pytest.mark.parametrize(
    "text, table",
    [
        ("readings: []\n", {}),
        ("# nothing yet\n", {}),
        ("readings:\n  - phrase: 同志为核心\n    pinyin: tóng zhì wéi hé xīn\n", {"同志为核心": ("tóng", "zhì", "wéi", "hé", "xīn")}),
        ("readings:\n  - phrase: 行业\n    pinyin: hang2 ye4\n    why: trade\n", {"行业": ("háng", "yè")}),
        ("readings:\n  - {phrase: 街乡吹哨、部门报到, pinyin: jiē xiāng chuī shào bù mén bào dào}\n",
         {"街乡吹哨": ("jiē", "xiāng", "chuī", "shào"), "部门报到": ("bù", "mén", "bào", "dào")}),
    ],
)
def test_valid(tmp_path, text, table):
    assert load(tmp_path, text) == table


@pytest.mark.parametrize(
    "text, message",
    [
        ("readings:\n  - phrase: 行业\n    pinyn: háng yè\n",
         "annotations/readings.yml:3:5: error: unknown key 'pinyn'; did you mean 'pinyin'? (allowed: phrase, pinyin, why)"),
        ("readings:\n  - phrase: 行业\n",
         "annotations/readings.yml:2:5: error: missing 'pinyin' (its pinyin)"),
        ("readings:\n  - phrase: 行业\n    pinyin: háng\n",
         "annotations/readings.yml:3:13: error: pinyin has 1 syllables but '行业' has 2 Chinese characters; give one syllable per character"),
        ("readings:\n  - phrase: 行业\n    pinyin: hángg yè\n",
         "annotations/readings.yml:3:13: error: not pinyin: 'hángg'; write syllables like 'háng' or 'hang2'"),
        ("readings:\n  - phrase: abc\n    pinyin: a\n",
         "annotations/readings.yml:3:13: error: 'abc' has no Chinese characters to read"),
        ("readings:\n  - phrase: 行业\n    pinyin: 42\n",
         "annotations/readings.yml:3:13: error: 'pinyin' must be non-empty text"),
        ("readings:\n  - phrase: 行业\n    pinyin: háng yè\n  - phrase: 行业\n    pinyin: xíng yè\n",
         "annotations/readings.yml:4:5: error: '行业' already has a reading on line 2; keep one"),
        ("readings:\n  - phrase: 行业\n    phrase: 行\n    pinyin: háng\n",
         "annotations/readings.yml:3:5: error: duplicate key 'phrase' (first on line 2); keep one"),
        ("readings:\n  - phrase: 行业\n   pinyin: háng yè\n",
         "annotations/readings.yml:3:4: error: YAML syntax: expected <block end>, but found '<block mapping start>'; check indentation, colons and quotes"),
        ("rеadings: []\n",  # Cyrillic е
         "annotations/readings.yml:1:1: error: expected one top-level key 'readings:' holding a list of entries"),
        ("readings:\n  phrase: 行业\n",
         "annotations/readings.yml:2:3: error: 'readings' must be a list of entries (lines starting with '- ')"),
        ("readings:\n  - 行业\n",
         "annotations/readings.yml:2:5: error: each reading must be a mapping with 'phrase' and 'pinyin'"),
        (b"readings:\n  - phrase: \xd0\xd0\n",
         "annotations/readings.yml:2:13: error: file is not UTF-8 (byte 0xd0); save it as UTF-8 (your editor's "
         "'Save with encoding', or iconv -f ENCODING -t UTF-8)"),
    ],
)
def test_invalid(tmp_path, text, message):
    with pytest.raises(JieduError) as e:
        load(tmp_path, text)
    assert str(e.value) == message


def test_all_problems_reported_at_once(tmp_path):
    text = "readings:\n  - phrase: 行业\n    pinyn: x\n  - phrase: 银行\n    pinyin: yín\n"
    with pytest.raises(JieduError) as e:
        load(tmp_path, text)
    assert [p.line for p in e.value.problems] == [3, 5]  # the typo, then the syllable count
