"""Refuse page sources a reader should never see half-rendered: not UTF-8, or empty."""
from __future__ import annotations

from pathlib import Path

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
    if not _body(text).strip():
        raise JieduError(Problem(f"docs/{display}", "page is empty; add its text or delete the file"))
    return text


def _body(text: str) -> str:
    """The text after any YAML front matter."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text
