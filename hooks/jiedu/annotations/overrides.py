"""The phrase → pinyin table contributors edit to fix readings (``annotations/readings.yml``).

Format::

    readings:
      - phrase: 同志为核心
        pinyin: tóng zhì wéi hé xīn
        why: 以…为核心 — 为 is the verb wéi, "to take as"

``pinyin`` has one syllable per Han character (tone marks or tone numbers, neutral tone
unmarked or 5). A phrase may contain punctuation, digits or Latin letters; they get no
syllable and split the phrase into the Han runs the reading engine sees. Validation is strict:
every problem is reported with its ``file:line:col``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..base.errors import JieduError, Problem
from ..base.pinyin import HAN_RUN, han_count, is_syllable, split_syllables
from ..base.yamlfile import Mapping, load, unknown_keys

ENTRY_KEYS = {"phrase": "the Chinese phrase", "pinyin": "its pinyin", "why": "a short reason"}


def load_overrides(path: Path, display: str | None = None) -> dict[str, tuple[str, ...]]:
    """Read and validate a readings file; return ``{han_run: syllables}``."""
    name = display or str(path)
    data = load(path, name)
    problems: list[Problem] = []
    table: dict[str, tuple[str, ...]] = {}
    where: dict[str, int] = {}
    if data is None:
        return table
    if not isinstance(data, Mapping) or set(data) != {"readings"}:
        raise JieduError(Problem(name, "expected one top-level key 'readings:' holding a list of entries", 1, 1))
    entries = data["readings"] or []
    if not isinstance(entries, list):
        line, col = data.value_at["readings"]
        raise JieduError(Problem(name, "'readings' must be a list of entries (lines starting with '- ')", line, col))
    for i, entry in enumerate(entries):
        line, col = entries.item_at[i]
        if not isinstance(entry, Mapping):
            problems.append(Problem(name, "each reading must be a mapping with 'phrase' and 'pinyin'", line, col))
            continue
        pieces = check_entry(entry, name, problems)
        for run, syllables in pieces:
            if run in table and table[run] != syllables:
                problems.append(Problem(name, f"'{run}' already has a reading on line {where[run]}; keep one", *entry.key_at["phrase"]))
            table[run], where[run] = syllables, entry.key_at["phrase"][0]
    if problems:
        raise JieduError(problems)
    return table


def check_entry(entry: Mapping, name: str, problems: list[Problem]) -> list[tuple[str, tuple[str, ...]]]:
    """Validate one entry; return its Han runs with their syllables (empty when invalid)."""
    misspelt = unknown_keys(entry, ENTRY_KEYS, name, problems)
    for key in ("phrase", "pinyin"):
        if key not in entry:
            if key not in misspelt:
                problems.append(Problem(name, f"missing '{key}' ({ENTRY_KEYS[key]})", *entry.at))
        elif not isinstance(entry[key], str) or not entry[key].strip():
            problems.append(Problem(name, f"'{key}' must be non-empty text", *entry.value_at[key]))
    if any(not isinstance(entry.get(k), str) or not entry.get(k, "").strip() for k in ("phrase", "pinyin")):
        return []
    return pinyin_pieces(entry["phrase"], entry["pinyin"], name, entry.value_at["pinyin"], problems)


def pinyin_pieces(
    phrase: str, pinyin: str, name: str, at: tuple[int, int], problems: list[Problem]
) -> list[tuple[str, tuple[str, ...]]]:
    """Check ``pinyin`` against ``phrase`` and split both into Han runs.

    Shared by the readings table and glossary entries, which fix readings the same way.
    """
    mixed = _mixed_tones(pinyin)
    if mixed:
        problems.append(Problem(name, f"{', '.join(repr(m) for m in mixed)}: write one tone per syllable, either "
                                      "as a mark (háng) or as a digit (hang2), not both", *at))
        return []
    syllables = split_syllables(pinyin)
    count = han_count(phrase)
    if count == 0:
        problems.append(Problem(name, f"'{phrase}' has no Chinese characters to read", *at))
        return []
    bad = [s for s in syllables if not is_syllable(s)]
    if bad:
        problems.append(Problem(name, f"not pinyin: {', '.join(repr(b) for b in bad)}; write syllables like 'háng' or 'hang2'", *at))
        return []
    if len(syllables) != count:
        problems.append(Problem(name, f"pinyin has {len(syllables)} syllables but '{phrase}' has {count} Chinese characters; give one syllable per character", *at))
        return []
    pieces, k = [], 0
    for m in HAN_RUN.finditer(phrase):
        n = len(m.group())
        pieces.append((m.group(), tuple(syllables[k : k + n])))
        k += n
    return pieces


_TONE_MARKS = set("\u0300\u0301\u0304\u030c")


def _mixed_tones(pinyin: str) -> list[str]:
    """Syllables with a tone mark and a tone digit, or with two tone marks (both would
    otherwise be silently read as one tone).

    >>> _mixed_tones("háng2 yè"), _mixed_tones("hàáng ye4"), _mixed_tones("háng ye4")
    (['háng2'], ['hàáng'], [])
    """
    out = []
    for token in re.split(r"[\s'’\-]+", pinyin):
        marks = sum(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", token))
        if marks > 1 or (marks and any(ch.isdigit() for ch in token)):
            out.append(token)
    return out


def merge_readings(
    table: dict[str, tuple[str, ...]], more: Iterable[tuple[str, tuple[str, ...]]], source: str
) -> dict[str, tuple[str, ...]]:
    """Add readings that glossary entries fix to the readings table.

    The table wins: it is where contributors fix readings. A glossary entry that disagrees
    with it is an error, since the text and the tooltip would then show different pinyin.
    """
    merged = dict(table)
    problems = []
    for item in more:
        run, syllables = item
        if run in merged and merged[run] != syllables:
            # glossary.Reading knows the entry's file and line; a plain pair only the folder
            path, line, column = getattr(item, "where", (source, None, None))
            problems.append(Problem(path, f"pinyin for '{run}' ({' '.join(syllables)}) disagrees with another reading "
                                          f"({' '.join(merged[run])}); make them agree", line, column))
        merged.setdefault(run, syllables)
    if problems:
        raise JieduError(problems)
    return merged
