"""Refuse page sources a reader should never see half-rendered, and read their front matter.

A page is refused, with one ``file:line:col: error`` line, when it leaves the project (a
symlink), is not a regular file, is larger than :data:`~jiedu.base.files.PAGE_LIMIT`, is not
UTF-8, holds control characters (NUL), is empty, has a shape Markdown would read in more
than linear time (``pageshape.py``), has a file name that would be markup in
the navigation, or has front matter that is not valid YAML (MkDocs would otherwise publish
it as the page's text and drop the page's ``lang``). Front matter is read with the one safe
loader of :mod:`jiedu.base.yamlfile`, found exactly where MkDocs finds it.

:func:`template_meta` is the front matter as templates may print it: Material prints
``{{ page.meta.title }}`` without escaping, so every text value reaches templates escaped.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from html import escape
from pathlib import Path
from typing import Any

from ..base.errors import JieduError, Problem
from ..base.files import PAGE_LIMIT, control_character, read_text
from ..base.yamlfile import loads
from .pageshape import shape_problems

#: Where MkDocs finds YAML front matter (``mkdocs.utils.meta.YAML_RE``; a test keeps them equal).
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
#: MkDocs reads leading ``key: value`` lines without ``---`` as metadata (MultiMarkdown style).
MULTIMARKDOWN_META = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")
#: Characters a page's file name may not hold: MkDocs makes titles and links from it.
UNSAFE_NAME = re.compile(r"""[<>"'&`\\{}\x00-\x1f\x7f-\x9f]""")
#: Front-matter keys shown as text, which must be text (or a date).
TEXT_KEYS = ("title", "subtitle", "description", "source", "place", "dateline", "author")
#: Front-matter keys something reads: Jiedu (the rest of its keys: ``lang``, ``ruby``, ``date``;
#: what the importer writes), MkDocs and Material. A key close to one of these and not one
#: of them is a misspelling, which would be ignored without a word.
KNOWN_KEYS = (*TEXT_KEYS, "lang", "ruby", "date", "translation", "generated_by", "template", "hide", "icon",
              "status", "search", "tags", "social", "comments", "robots", "meta")
LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def check_source(path: Path, display: str, root: Path | None = None, generated: bool = False) -> str:
    """Return the page's text, or raise a one-line problem saying what to do.

    ``display`` is the page's path below ``docs/``; ``root`` is the project folder.
    ``generated``: a text's page, made by the importer from its record, whose fields are
    held to the shape's limits one by one (the page escapes them, which
    :func:`~.pageshape.shape_problems` would count twice).
    MkDocs would otherwise stop with a Python traceback on a non-UTF-8 page, silently
    publish an empty one, or follow a symlink to any file on the machine.
    """
    name = f"docs/{display}"
    if UNSAFE_NAME.search(display):
        raise JieduError(Problem(name, "the file name holds a character that would be markup in the site "
                                       "(< > \" ' & ` \\ { } or a control character); rename the file"))
    text = read_text(path, name, root, PAGE_LIMIT)
    bad = control_character(text, name)
    if bad:
        raise JieduError(bad)
    body = front_matter(text, name)[1]
    if not body.strip():
        raise JieduError(Problem(name, "page is empty; add its text or delete the file"))
    problems = [] if generated else shape_problems(body, name, body_line(text, body))  # Markdown's quadratic shapes
    if problems:
        raise JieduError(problems)
    return text


def front_matter(text: str, name: str = "page") -> tuple[dict[str, Any], str]:
    """The page's front matter (empty when absent) and its body; raise a problem when it is
    not valid YAML, not a mapping, or holds a value of the wrong kind.

    >>> front_matter("---\\ntitle: x\\nlang: zh-Hans\\n---\\n正文")
    ({'title': 'x', 'lang': 'zh-Hans'}, '正文')
    >>> front_matter("---\\ntitle: [x\\n---\\n正文", "docs/a.md")
    Traceback (most recent call last):
    ...
    jiedu.base.errors.JieduError: docs/a.md:3:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'; check indentation, colons and quotes
    """
    m = FRONT_MATTER.match(text)
    if not m:
        first = text.split("\n", 1)[0]
        if first.rstrip() == "---":
            raise JieduError(Problem(name, "front matter has no closing '---' line", 1, 1))
        if MULTIMARKDOWN_META.match(first):
            raise JieduError(Problem(name, "the page starts with a 'key: value' line, which MkDocs reads as "
                                           "metadata; put metadata between '---' lines, or start with a heading", 1, 1))
        return {}, text
    data = loads(m.group(1), name, line_offset=1)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise JieduError(Problem(name, "front matter must be 'key: value' lines", 2, 1))
    _check_values(data, name)
    return dict(data), text[m.end():].lstrip("\n")


def body_line(text: str, body: str) -> int:
    """The line of the page's file where ``body`` (what :func:`front_matter` returned as the
    page's text) starts.

    >>> text = "---\\ntitle: x\\n---\\n\\n# A\\n"; body_line(text, front_matter(text)[1])
    5
    """
    return text.count("\n", 0, len(text) - len(body)) + 1


def _check_values(data: dict, name: str) -> None:
    problems = []
    at = getattr(data, "value_at", {})
    for key in TEXT_KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, (str, dt.date)):
            problems.append(Problem(name, f"'{key}' must be text; quote it", *at.get(key, (None, None))))
    if "lang" in data and not (isinstance(data["lang"], str) and LANG.fullmatch(data["lang"])):
        problems.append(Problem(name, "'lang' must be a language tag such as zh-Hans", *at.get("lang", (None, None))))
    if "ruby" in data and not isinstance(data["ruby"], bool):
        problems.append(Problem(name, f"'ruby' is true or false (whether the page shows pinyin), not {data['ruby']!r}",
                                *at.get("ruby", (None, None))))
    for key in data:
        close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.75) if key not in KNOWN_KEYS else []
        if close:
            where = getattr(data, "key_at", {}).get(key, (None, None))
            problems.append(Problem(name, f"unknown key {str(key)!r}, which nothing reads; did you mean {close[0]!r}?", *where))
    if problems:
        raise JieduError(problems)


def template_meta(meta: Any) -> Any:
    """Front matter as templates may print it unescaped: every text HTML-escaped, keys,
    numbers, dates and nesting kept. (Jiedu's own code keeps the original values and
    escapes where it writes them.)

    >>> template_meta({"title": '<img src=x onerror="alert(1)">', "hide": ["toc"], "n": 1})
    {'title': '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;', 'hide': ['toc'], 'n': 1}
    """
    if isinstance(meta, str):
        return escape(meta, quote=True)
    if isinstance(meta, dict):
        return {k: template_meta(v) for k, v in meta.items()}
    if isinstance(meta, (list, tuple)):
        return [template_meta(v) for v in meta]
    return meta

