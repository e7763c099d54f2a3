"""Read contributors' YAML with the position of every key and value.

PyYAML's ``safe_load`` forgets where things were and silently keeps the last of two equal
keys. Contributors need ``file:line:col`` in every message, so this module composes the node
tree itself and builds plain dicts and lists that remember positions. It reports syntax
errors, duplicate keys and non-UTF-8 files as :class:`~jiedu.errors.Problem`.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import JieduError, Problem

#: libyaml's parser when PyYAML was built with it (the wheels are): eight times faster. On a
#: syntax error the file is parsed again in Python, whose messages are the clearer.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Mapping(dict):
    """A dict that knows where each key (``key_at``) and value (``value_at``) stood."""

    key_at: dict[Any, tuple[int, int]]
    value_at: dict[Any, tuple[int, int]]
    at: tuple[int, int]


class Sequence(list):
    """A list that knows where each item stood (``item_at``)."""

    item_at: list[tuple[int, int]]
    at: tuple[int, int]


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load(path: Path, display: str | None = None) -> Any:
    """Load one YAML file; raise :class:`JieduError` naming the file and line on problems."""
    name = display or str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise JieduError(Problem(name, f"file is not UTF-8 (byte {e.object[e.start]:#04x} at offset {e.start}); save it as UTF-8")) from None
    except OSError as e:
        raise JieduError(Problem(name, f"cannot read file: {e.strerror}")) from None
    return loads(text, name)


def loads(text: str, name: str) -> Any:
    """Load YAML text; ``name`` is used in messages."""
    try:
        try:
            node = yaml.compose(text, Loader=COMPOSER)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = (e.problem or e.context or "invalid YAML").strip()
        line, col = _pos(mark) if mark else (None, None)
        raise JieduError(Problem(name, f"YAML syntax: {what}; check indentation, colons and quotes", line, col)) from None
    except yaml.YAMLError as e:
        raise JieduError(Problem(name, f"YAML syntax: {e}")) from None
    if node is None:
        return None
    problems: list[Problem] = []
    value = _build(node, name, problems)
    if problems:
        raise JieduError(problems)
    return value


def _build(node: yaml.Node, name: str, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = Mapping()
        out.key_at, out.value_at, out.at = {}, {}, _pos(node.start_mark)
        for key_node, value_node in node.value:
            key = _build(key_node, name, problems)
            if isinstance(key, (dict, list)):
                problems.append(Problem(name, "a key must be plain text", *_pos(key_node.start_mark)))
                continue
            if key in out:
                first = out.key_at[key][0]
                problems.append(Problem(name, f"duplicate key '{key}' (first on line {first}); keep one", *_pos(key_node.start_mark)))
                continue
            out[key] = _build(value_node, name, problems)
            out.key_at[key] = _pos(key_node.start_mark)
            out.value_at[key] = _pos(value_node.start_mark)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(_build(item, name, problems) for item in node.value)
        seq.item_at, seq.at = [_pos(item.start_mark) for item in node.value], _pos(node.start_mark)
        return seq
    return SafeConstructor().construct_object(node, deep=True)


def unknown_keys(entry: Mapping, allowed: Iterable[str], name: str, problems: list[Problem]) -> set[str]:
    """Report keys not in ``allowed``; return the allowed keys they look like (typos)."""
    allowed = list(allowed)
    meant: set[str] = set()
    for key in entry:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? (allowed: {', '.join(allowed)})" if close else f"allowed keys: {', '.join(allowed)}"
        problems.append(Problem(name, f"unknown key '{key}'; {hint}", *entry.key_at[key]))
        meant.update(close)
    return meant
