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
from ..base.pinyin import HAN_RUN, han_count, is_syllable, normalise, split_syllables, to_normal, tone_number
from ..base.yamlfile import Mapping, load, unknown_keys

ENTRY_KEYS = {"phrase": "the Chinese phrase", "pinyin": "its pinyin", "why": "a short reason"}


def load_overrides(path: Path, display: str | None = None, lines: dict[str, int] | None = None) -> dict[str, tuple[str, ...]]:
    """Read and validate a readings file; return ``{han_run: syllables}`` (and fill ``lines``
    with the line of each run's phrase)."""
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
    if lines is not None:
        lines.update(where)
    return table


def unused_warnings(lines: dict[str, int], texts: str, path: str) -> list[Problem]:
    """A warning for each phrase of the readings file (``lines``: run → line) that occurs in
    none of the ``texts`` (their text, joined): its reading is used nowhere, as a misspelt
    phrase's would be (``--strict`` fails on it).

    >>> [str(w) for w in unused_warnings({"行业": 3, "克难": 6}, "这个行业", "annotations/readings.yml")]
    ["annotations/readings.yml:6: warning: '克难' occurs in no text, so its reading is used nowhere; check the phrase against the text, or remove the entry"]
    """
    return [Problem(path, f"'{run}' occurs in no text, so its reading is used nowhere; check the phrase against the text, "
                          "or remove the entry", line, severity="warning")
            for run, line in sorted(lines.items(), key=lambda item: item[1]) if run not in texts]


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
    Capitals, ``v`` for ``ü`` and tone numbers are normalised (``XING2 ye4`` is ``xíng
    yè``); a field that mixes tone marks and tone numbers is refused with both spellings.
    """
    message = pinyin_problem(pinyin)
    if message:
        problems.append(Problem(name, message, *at))
        return []
    syllables = split_syllables(pinyin)
    count = han_count(phrase)
    if count == 0:
        problems.append(Problem(name, f"'{phrase}' has no Chinese characters to read", *at))
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
_SEPARATORS = re.compile(r"[\s'’\-]+")


def pinyin_problem(pinyin: str) -> str | None:
    """What is wrong with a contributor's pinyin, said so that they know what to write; None
    when every syllable is pinyin, written with tone marks or with tone numbers, not both.

    >>> pinyin_problem("xíng yè"), pinyin_problem("XING2 ye4")
    (None, None)
    >>> pinyin_problem("shè hui4 gōng zuo4")
    "'shè hui4 gōng zuo4' mixes tone marks (shè, gōng) and tone numbers (hui4, zuo4): write every syllable one way, 'shè huì gōng zuò' or 'she4 hui4 gong1 zuo4'"
    >>> pinyin_problem("háng2 yè"), pinyin_problem("shèhuì")
    ("'háng2' has a tone mark and a tone number: write one, 'háng' or 'hang2'", "'shèhuì' has 2 tone marks: put a space between its syllables, one tone each")
    >>> pinyin_problem("she4hui4 gong1"), pinyin_problem("gong1 zuo 4")
    ("'she4hui4' has tone numbers inside it: put a space after each number ('she4 hui4')", "not pinyin: '4'; write syllables like 'háng' or 'hang2'")
    """
    tokens = [t for t in _SEPARATORS.split(pinyin.strip()) if t]
    marked, numbered, bad = [], [], []
    for token in tokens:
        marks = sum(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", token))
        digit = token[-1:].isdigit()
        if marks and digit:
            plain = to_normal(normalise(token[:-1]))
            return f"'{token}' has a tone mark and a tone number: write one, '{normalise(token[:-1])}' or '{plain}{token[-1]}'"
        if marks > 1:
            return f"'{token}' has {marks} tone marks: put a space between its syllables, one tone each"
        if re.search(r"\d[^\d\s]", token):
            spaced = re.sub(r"(\d)(?=[^\d\s])", r"\1 ", token)
            return f"'{token}' has tone numbers inside it: put a space after each number ('{spaced}')"
        (marked if marks else numbered if digit else []).append(token)
        if not is_syllable(normalise(token)) or not normalise(token):
            bad.append(token)
    if bad:
        return f"not pinyin: {', '.join(repr(b) for b in bad)}; write syllables like 'háng' or 'hang2'"
    if marked and numbered:
        syllables = split_syllables(pinyin)
        return (f"'{pinyin.strip()}' mixes tone marks ({', '.join(marked)}) and tone numbers ({', '.join(numbered)}): write every "
                f"syllable one way, '{' '.join(syllables)}' or '{' '.join(tone_number(s) for s in syllables)}'")
    return None


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
