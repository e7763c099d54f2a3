"""Read contributors' YAML safely, with the position of every key and value.

One loader for every annotation file and for pages' front matter. PyYAML's ``safe_load``
forgets where things were, keeps the last of two equal keys, and builds what it reads
recursively (deep nesting crashed the C composer) and without limit (an alias "bomb" of
nested ``*a`` expands to billions of values). Here the parser's *events* are turned into
plain dicts and lists that remember positions, with an explicit stack:

- nesting deeper than :data:`MAX_DEPTH`, or aliases expanding to more than :data:`MAX_NODES`
  values, or a recursive alias, is an error;
- YAML tags (``!!python/object``, ``!!int``), merge keys (``<<``), a bare ``=`` and dates
  that do not exist (``2024-02-30``) are errors, not tracebacks;
- text holding control characters (``"\\0"``, ``"\\e"``) is an error: it is never text.

Every problem is a :class:`~jiedu.base.errors.Problem` with ``file:line:col``.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .errors import JieduError, Problem
from .files import CONTROL, YAML_LIMIT, project_root, read_text

#: libyaml's parser when PyYAML was built with it (the wheels are): eight times faster. On a
#: syntax error the text is parsed again in Python, whose messages are the clearer.
PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Deepest nesting of mappings and lists (a glossary entry needs 3).
MAX_DEPTH = 32
#: Most values a file may hold once aliases are expanded (a glossary entry has about 20).
MAX_NODES = 50_000

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _CONSTRUCTOR.construct_yaml_timestamp,
    "tag:yaml.org,2002:str": _CONSTRUCTOR.construct_yaml_str,
}


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


def load(path: Path, display: str | None = None, root: Path | None = None) -> Any:
    """Load one YAML file; raise :class:`JieduError` naming the file and line on problems.

    ``root`` is the project folder the file must stay in; by default it is found from
    ``display`` when that is the path relative to the project (``annotations/…``).
    """
    name = display or str(path)
    if root is None and display:
        root = project_root(path, display)
    return loads(read_text(path, name, root, YAML_LIMIT), name)


def loads(text: str, name: str, line_offset: int = 0) -> Any:
    """Load YAML text; ``name`` is used in messages, whose lines are moved by
    ``line_offset`` (front matter starts after its ``---`` line).

    >>> loads("a: [1, x]\\nb: 2024-11-04", "t.yml")
    {'a': [1, 'x'], 'b': datetime.date(2024, 11, 4)}
    >>> loads("a: !!python/object/apply:os.system [ls]", "t.yml")
    Traceback (most recent call last):
    ...
    jiedu.base.errors.JieduError: t.yml:1:4: error: YAML tag '!!python/object/apply:os.system' is not allowed; remove it and write the value plainly (quote text that starts with '!')
    """
    try:
        try:
            return _compose(yaml.parse(text, Loader=PARSER), name, line_offset)
        except yaml.YAMLError:
            return _compose(yaml.parse(text, Loader=yaml.SafeLoader), name, line_offset)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = (e.problem or e.context or "invalid YAML").strip()
        line, col = _pos(mark) if mark else (None, None)
        raise JieduError(Problem(name, f"YAML syntax: {what}; check indentation, colons and quotes",
                                 line + line_offset if line else None, col)) from None
    except yaml.reader.ReaderError as e:
        # A character YAML does not allow (NUL, most controls): position only as an index.
        at = max(0, min(e.position, len(text)))
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        raise JieduError(Problem(name, f"character U+{e.character if isinstance(e.character, int) else ord(e.character):04X} is not allowed in YAML; remove it",
                                 line + line_offset, col)) from None
    except yaml.YAMLError as e:
        raise JieduError(Problem(name, f"YAML syntax: {' '.join(str(e).split())}")) from None


class _Stop(Exception):
    """Stop composing: the problem is already recorded."""


def _compose(events: Iterable[yaml.Event], name: str, line_offset: int) -> Any:
    """Build the document from parser events, iteratively (see the module's docstring)."""
    problems: list[Problem] = []
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, values it holds)
    stack: list[list] = []  # open collections: [container, key or _NO_KEY, key position, anchor, count]
    total = 0
    documents = 0
    result: Any = None

    def fail(message: str, mark: yaml.Mark) -> None:
        line, col = _pos(mark)
        problems.append(Problem(name, message, line + line_offset, col))
        raise _Stop

    def add(value: Any, mark: yaml.Mark, size: int) -> None:
        nonlocal result
        if not stack:
            result = value
            return
        frame = stack[-1]
        frame[4] += size
        container = frame[0]
        if isinstance(container, Sequence):
            container.append(value)
            container.item_at.append(_pos_at(mark))
        elif frame[1] is _NO_KEY:
            if isinstance(value, (dict, list)):
                problems.append(Problem(name, "a key must be plain text", *_pos_at(mark)))
                frame[1], frame[2] = _BAD_KEY, None
            else:
                frame[1], frame[2] = value, _pos_at(mark)
        else:
            key, key_at = frame[1], frame[2]
            frame[1] = _NO_KEY
            if key is _BAD_KEY:
                return
            if key in container:
                first = container.key_at[key][0]
                problems.append(Problem(name, f"duplicate key '{key}' (first on line {first}); keep one", *key_at))
                return
            container[key] = value
            container.key_at[key] = key_at
            container.value_at[key] = _pos_at(mark)

    def _pos_at(mark: yaml.Mark) -> tuple[int, int]:
        line, col = _pos(mark)
        return line + line_offset, col

    try:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    fail("a second YAML document ('---'); keep one document per file", event.start_mark)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag not in (None, "!"):
                    fail(f"YAML tag {_shown_tag(event.tag)} is not allowed; {_NO_TAGS}", event.start_mark)
                if len(stack) >= MAX_DEPTH:
                    fail(f"nested more than {MAX_DEPTH} levels deep (MAX_DEPTH in hooks/jiedu/base/yamlfile.py); "
                         "flatten the structure", event.start_mark)
                if isinstance(event, yaml.MappingStartEvent):
                    container: Any = Mapping()
                    container.key_at, container.value_at = {}, {}
                else:
                    container = Sequence()
                    container.item_at = []
                container.at = _pos_at(event.start_mark)
                stack.append([container, _NO_KEY, None, event.anchor, 1, event.start_mark])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, _, _, anchor, size, mark = stack.pop()
                if anchor:
                    anchors[anchor] = (container, size)
                add(container, mark, size)
            elif isinstance(event, yaml.ScalarEvent):
                value = _scalar(event, fail)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                add(value, event.start_mark, 1)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    fail(f"alias '*{event.anchor}' refers to no anchor before it (or to the value that "
                         "contains it); write the value out", event.start_mark)
                value, size = anchors[event.anchor]
                total += size
                if total > MAX_NODES:
                    fail(f"aliases expand to more than {MAX_NODES} values (MAX_NODES in hooks/jiedu/base/yamlfile.py); "
                         "write the values out", event.start_mark)
                add(value, event.start_mark, size)
            total += 1
            if total > MAX_NODES:
                fail(f"more than {MAX_NODES} values (MAX_NODES in hooks/jiedu/base/yamlfile.py); split the file "
                     "(one glossary entry per file; a long text into several texts)", event.start_mark)
    except _Stop:
        pass
    if problems:
        raise JieduError(problems)
    return result


_NO_TAGS = "remove it and write the value plainly (quote text that starts with '!')"
_NO_KEY = object()
_BAD_KEY = object()


def _short(text: str, width: int = 40) -> str:
    """A value quoted in a message, cut short.

    >>> _short("="), _short("9" * 50)
    ("'='", "'99999999999999999999999999999999999999…'")
    """
    return repr(text if len(text) <= width else text[: width - 2] + "…")


def _shown_tag(tag: str) -> str:
    """
    >>> _shown_tag("tag:yaml.org,2002:int"), _shown_tag("!custom")
    ("'!!int'", "'!custom'")
    """
    return repr("!!" + tag.removeprefix("tag:yaml.org,2002:")) if tag.startswith("tag:yaml.org,2002:") else repr(tag)


def _scalar(event: yaml.ScalarEvent, fail) -> Any:
    """The value of one scalar, as the safe loader would build it, or a problem."""
    if event.tag not in (None, "!"):
        fail(f"YAML tag {_shown_tag(event.tag)} is not allowed; {_NO_TAGS}", event.start_mark)
    tag = "tag:yaml.org,2002:str" if event.tag == "!" else _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:merge":
        fail("merge keys ('<<') are not allowed; write the keys out", event.start_mark)
    if tag not in _SCALARS:  # a bare '=' (YAML 1.1's "value" key) and anything else exotic
        fail(f"{_short(event.value)} is not a plain value; quote it if it is text", event.start_mark)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        value = _SCALARS[tag](node)
    except (ValueError, OverflowError, yaml.YAMLError):
        if tag == "tag:yaml.org,2002:timestamp":
            fail(f"{_short(event.value)} is not a real date; write YYYY-MM-DD (or quote it to keep it as text)", event.start_mark)
        fail(f"{_short(event.value)} is not a valid value; quote it if it is text", event.start_mark)
    if isinstance(value, str):
        bad = CONTROL.search(value)
        if bad:
            fail(f"control character U+{ord(bad.group()):04X} in the text; remove it", event.start_mark)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)  # what safe_load gives
    return value


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
