"""Readings a contributor confirmed, per text (``annotations/reviewed/<slug>.yml``).

``make review`` lists the readings most likely to be wrong; a contributor who checks one and
finds it right records it here, and the review does not list it again. Format::

    # annotations/reviewed/my-text.yml
    checked: tests/data/my-text.readings.tsv   # optional: a whole text checked by hand
    readings:
      - context: 以习近平同志【为】核心     # text that finds the character, marked 【 】
        reading: wéi                        # the reading confirmed (tone marks or numbers)
        by: Jiedu                           # who checked it
        why: 以…为核心, the verb wéi         # optional

``context`` is any text of the page around the character (punctuation included), with the
character in 【 】; it must be found in the text. A confirmation holds for every place the
context finds, and only while the engine reads the character so: if the engine's reading
changes, the review lists it again. ``checked`` names a file of hand-verified syllables
(``text<TAB>syllables`` a line, as ``tests/data/…readings.tsv``): every reading that agrees
with it counts as confirmed.

This module loads and validates the file (every problem as ``file:line:col``); matching
confirmations to a text's readings is :func:`confirmed`. It does not read texts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import JieduError, Problem
from ..base.pinyin import HAN, is_syllable, normalise
from ..base.yamlfile import Mapping, load, unknown_keys

TOP_KEYS = {"checked": "a file of hand-verified syllables", "readings": "the confirmed readings"}
ENTRY_KEYS = {"context": "text that finds the character, marked 【 】", "reading": "the reading confirmed",
              "by": "who checked it", "why": "why it is right"}
OPEN, CLOSE = "【", "】"


@dataclass(frozen=True)
class Confirmation:
    """One confirmed reading: the context without its marks, where the character stands in
    it, the syllable, and where the entry is (for messages)."""

    context: str
    offset: int
    reading: str
    line: int


@dataclass
class Reviewed:
    """A text's confirmed readings, and the hand-verified syllables of ``checked`` (each
    block of text → its syllables)."""

    confirmations: list[Confirmation] = field(default_factory=list)
    checked: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_reviewed(path: Path, root: Path, display: str | None = None) -> Reviewed:
    """Read and validate ``path``; an absent file confirms nothing."""
    name = display or str(path)
    if not path.exists():
        return Reviewed()
    data = load(path, name, root)
    out = Reviewed()
    if data is None:
        return out
    if not isinstance(data, Mapping):
        raise JieduError(Problem(name, "expected keys 'readings:' (a list) and optionally 'checked:'", 1, 1))
    problems: list[Problem] = []
    unknown_keys(data, TOP_KEYS, name, problems)
    if "checked" in data:
        out.checked = _checked(data, root, name, problems)
    entries = data.get("readings") or []
    if not isinstance(entries, list):
        problems.append(Problem(name, "'readings' must be a list of entries (lines starting with '- ')", *data.value_at["readings"]))
        entries = []
    for i, entry in enumerate(entries):
        line, col = entries.item_at[i]
        if not isinstance(entry, Mapping):
            problems.append(Problem(name, "each entry must be a mapping with 'context', 'reading' and 'by'", line, col))
            continue
        confirmation = _entry(entry, name, problems)
        if confirmation:
            out.confirmations.append(confirmation)
    if problems:
        raise JieduError(problems)
    return out


def confirmed(reviewed: Reviewed, block: str, index: int, reading: str) -> bool:
    """Whether the reading of the character at ``index`` of ``block`` (a paragraph or a line
    of the text) is confirmed: by an entry whose context finds it, or by the checked file.

    >>> r = Reviewed([Confirmation("同志为核心", 2, "wéi", 3)])
    >>> confirmed(r, "以习近平同志为核心的党中央", 6, "wéi"), confirmed(r, "以习近平同志为核心的党中央", 6, "wèi")
    (True, False)
    """
    for c in reviewed.confirmations:
        if c.reading != reading:
            continue
        start = index - c.offset
        if start >= 0 and block.startswith(c.context, start):
            return True
    syllables = reviewed.checked.get(block)
    if syllables:
        han = sum(1 for ch in block[:index] if HAN.match(ch))
        return han < len(syllables) and syllables[han] == reading
    return False


def unused(reviewed: Reviewed, text: str) -> list[Confirmation]:
    """The confirmations whose context the text no longer holds (the text changed)."""
    return [c for c in reviewed.confirmations if c.context not in text]


def _entry(entry: Mapping, name: str, problems: list[Problem]) -> Confirmation | None:
    missing = unknown_keys(entry, ENTRY_KEYS, name, problems)
    for key in ("context", "reading", "by"):
        if key not in entry:
            if key not in missing:
                problems.append(Problem(name, f"missing '{key}' ({ENTRY_KEYS[key]})", *entry.at))
            return None
        if not isinstance(entry[key], str) or not entry[key].strip():
            problems.append(Problem(name, f"'{key}' must be non-empty text", *entry.value_at[key]))
            return None
    context = entry["context"].strip()
    where = entry.value_at["context"]
    if context.count(OPEN) != 1 or context.count(CLOSE) != 1 or context.index(OPEN) > context.index(CLOSE):
        problems.append(Problem(name, f"'context' must mark the character once, as 【字】: {context!r}", *where))
        return None
    before, rest = context.split(OPEN)
    char, after = rest.split(CLOSE)
    if len(char) != 1 or not HAN.match(char):
        problems.append(Problem(name, f"mark one Chinese character between 【 】, not {char!r}", *where))
        return None
    reading = normalise(entry["reading"].strip())
    if not is_syllable(reading):
        problems.append(Problem(name, f"'{entry['reading']}' is not a pinyin syllable (one syllable: wéi or wei2)", *entry.value_at["reading"]))
        return None
    return Confirmation(before + char + after, len(before), reading, where[0])


def _checked(data: Mapping, root: Path, name: str, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    value, where = data["checked"], data.value_at["checked"]
    path = (root / value) if isinstance(value, str) else None
    if path is None or not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
        problems.append(Problem(name, f"'checked' must name a file inside the project: {value!r} is none", *where))
        return {}
    table = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            text, syllables = line.split("\t", 1)
            table[text] = tuple(syllables.split())
    return table
