"""Refuse page sources a reader should never see half-rendered: not UTF-8, or empty; and
split a page's YAML front matter from its body."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import JieduError, Problem


def check_source(path: Path, display: str) -> str:
    """Return the page's text, or raise a one-line problem saying what to do.

    MkDocs would otherwise stop with a Python traceback on a non-UTF-8 page and silently
    publish an empty one.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise JieduError(Problem(f"docs/{display}", f"page is not UTF-8 (byte {data[e.start]:#04x}); re-save it as UTF-8", line)) from None
    if not front_matter(text)[1].strip():
        raise JieduError(Problem(f"docs/{display}", "page is empty; add its text or delete the file"))
    return text


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The page's front matter (empty when absent or not a mapping) and its body.

    >>> front_matter("---\\ntitle: x\\nlang: zh-Hans\\n---\\n正文")
    ({'title': 'x', 'lang': 'zh-Hans'}, '\\n正文')
    """
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                data = yaml.safe_load(text[3:end])
            except yaml.YAMLError:
                data = None
            return (data if isinstance(data, dict) else {}), text[end + 4 :]
    return {}, text
