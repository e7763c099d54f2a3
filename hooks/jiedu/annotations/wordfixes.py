"""Word boundaries the segmenter gets wrong, corrected by contributors (``annotations/words.yml``).

Format::

    words:
      - split: 行 等            # the segmenter's word 行等, cut where the spaces are
        why: 衣、医、食、住、行等 — 行 "transport" ends the list, 等 "and so on" follows
      - join: 快递员            # 快递 + 员 read as one word
        why: "courier" is one word (CC-CEDICT 快递员)

A ``split`` names a word the segmenter makes, written with a space at each place it must be
cut; a ``join`` names a word it cuts, written whole. Both apply wherever the text has them,
to every reading, the ruby that groups a word's pinyin, the word popup, the search index and
the Anki file. Validation is strict: every problem is reported with its ``file:line:col``.

This module reads and checks the file; ``reading/segmenter.py`` applies it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import JieduError, Problem
from ..base.pinyin import HAN_RUN
from ..base.yamlfile import Mapping, load, unknown_keys

ENTRY_KEYS = {"split": "the word, with a space where it is cut", "join": "the word, whole", "why": "a short reason"}


@dataclass(frozen=True)
class WordFixes:
    """The corrections: each split word with its parts, and the joined words.

    >>> WordFixes({"行等": ("行", "等")}, frozenset({"快递员"})).key()
    'join 快递员\\nsplit 行 等'
    """

    splits: dict[str, tuple[str, ...]] = field(default_factory=dict)
    joins: frozenset[str] = frozenset()

    def key(self) -> str:
        """The corrections as one stable text: what cache keys of readings are made of."""
        return "\n".join(sorted([f"join {w}" for w in self.joins] + [f"split {' '.join(p)}" for p in self.splits.values()]))


def load_word_fixes(path: Path, display: str | None = None) -> WordFixes:
    """Read and validate a words file; no file is no correction.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "words.yml"
    >>> _ = p.write_text("words:\\n  - split: 行 等\\n    why: x\\n  - join: 快递员\\n    why: y\\n", "utf-8")
    >>> load_word_fixes(p)
    WordFixes(splits={'行等': ('行', '等')}, joins=frozenset({'快递员'}))
    """
    name = display or str(path)
    if not path.exists():
        return WordFixes()
    data = load(path, name)
    if data is None:
        return WordFixes()
    if not isinstance(data, Mapping) or set(data) != {"words"}:
        raise JieduError(Problem(name, "expected one top-level key 'words:' holding a list of entries", 1, 1))
    entries = data["words"] or []
    if not isinstance(entries, list):
        raise JieduError(Problem(name, "'words' must be a list of entries (lines starting with '- ')", *data.value_at["words"]))
    problems: list[Problem] = []
    splits: dict[str, tuple[str, ...]] = {}
    joins: dict[str, int] = {}
    lines: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            problems.append(Problem(name, "each entry must be a mapping with 'split' or 'join', and 'why'", *entries.item_at[i]))
            continue
        found = check_entry(entry, name, problems)
        if found is None:
            continue
        word, parts = found
        at = entry.value_at["split" if "split" in entry else "join"]
        if word in lines:
            problems.append(Problem(name, f"'{word}' is corrected already on line {lines[word]}; keep one entry", *at))
            continue
        lines[word] = at[0]
        if parts:
            splits[word] = parts
        else:
            joins[word] = at[0]
    if problems:
        raise JieduError(problems)
    return WordFixes(splits, frozenset(joins))


def check_entry(entry: Mapping, name: str, problems: list[Problem]) -> tuple[str, tuple[str, ...]] | None:
    """One entry: (the word, its parts) for a split, (the word, ()) for a join; ``None`` when
    it is invalid (its problems added)."""
    unknown_keys(entry, ENTRY_KEYS, name, problems)
    kinds = [k for k in ("split", "join") if k in entry]
    if len(kinds) != 1:
        problems.append(Problem(name, "give either 'split' (the word with a space where it is cut) or 'join' (the word whole)", *entry.at))
        return None
    kind = kinds[0]
    why = entry.get("why")
    if not isinstance(why, str) or not why.strip():
        problems.append(Problem(name, "missing 'why' (a short reason, for reviewers)", *(entry.value_at["why"] if "why" in entry else entry.at)))
    value = entry[kind]
    at = entry.value_at[kind]
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(name, f"'{kind}' must be Chinese text", *at))
        return None
    parts = value.split()
    if any(not HAN_RUN.fullmatch(p) for p in parts):
        problems.append(Problem(name, f"'{value}': only Chinese characters (and, for a split, spaces between the parts)", *at))
        return None
    word = "".join(parts)
    if kind == "split" and len(parts) < 2:
        problems.append(Problem(name, f"'{value}': write a space where the word is cut (行 等)", *at))
        return None
    if kind == "join" and (len(parts) != 1 or len(word) < 2):
        problems.append(Problem(name, f"'{value}': a joined word is written whole, two characters or more (快递员)", *at))
        return None
    if not isinstance(why, str) or not why.strip():
        return None
    return word, tuple(parts) if kind == "split" else ()
