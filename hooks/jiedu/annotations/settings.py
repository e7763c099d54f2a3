"""Jiedu's settings in ``mkdocs.yml``, under ``extra: jiedu:``, validated.

::

    extra:
      jiedu:
        trusted_pages:      # pages whose raw HTML may run scripts (reviewed by a maintainer)
          - about/player.md

Only one setting so far: ``trusted_pages``, the pages (paths below ``docs/``, as ``nav:``
writes them) that the check for scripts (``page/activecontent.py``) leaves alone. Every
other page, and every SVG or HTML file beside them, is refused when it would run a script.
The build reads the value MkDocs parsed; ``make check`` reads ``mkdocs.yml`` itself.
Problems name ``mkdocs.yml`` and the line of the key when it can be found.
"""
from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import Problem

KEYS = {"trusted_pages": "pages below docs/ whose raw HTML may hold scripts"}
#: Files checked for scripts besides the pages: what a browser opens as a document.
DOCUMENTS = (".html", ".htm", ".xhtml", ".svg", ".xml")


@dataclass(frozen=True)
class Settings:
    """``extra: jiedu:`` of ``mkdocs.yml``."""

    #: docs-relative paths of the pages (and files) not checked for scripts
    trusted_pages: frozenset[str] = frozenset()

    def trusts(self, path: str) -> bool:
        """Whether the page at ``path`` (below ``docs/``) may hold scripts."""
        return path in self.trusted_pages


def parse_settings(value: object, docs: Path, config_text: str = "", name: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    """``extra: jiedu:`` as MkDocs or a YAML loader gave it; ``docs`` is the docs folder;
    ``config_text``, the file's text, finds the lines for messages.

    >>> import tempfile; d = Path(tempfile.mkdtemp()); _ = (d / "a.md").write_text("x")
    >>> parse_settings({"trusted_pages": ["a.md"]}, d)[0].trusts("a.md")
    True
    >>> [str(p) for p in parse_settings({"trusted_page": ["a.md"]}, d)[1]]
    ["mkdocs.yml: error: extra: jiedu: unknown key 'trusted_page'; did you mean 'trusted_pages'?"]
    >>> [str(p) for p in parse_settings({"trusted_pages": ["../x.md", "b.md", 3]}, d)[1]][0]
    "mkdocs.yml: error: extra: jiedu: trusted_pages: '../x.md' is not a path below docs/ (write it as nav: does, e.g. about.md)"
    """
    problems: list[Problem] = []

    def problem(message: str, needle: str) -> None:
        problems.append(Problem(name, f"extra: jiedu: {message}", _line(config_text, needle)))

    if value is None:
        return Settings(), problems
    if not isinstance(value, dict):
        problem("must hold settings as 'key: value' lines (trusted_pages: …)", "jiedu:")
        return Settings(), problems
    for key in value:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the settings are: {', '.join(KEYS)}"
            problem(f"unknown key {str(key)!r}{hint}", f"{key}:")
    pages = value.get("trusted_pages") or []
    if not isinstance(pages, list):
        problem("trusted_pages must be a list of pages below docs/, one per line starting with '- '", "trusted_pages:")
        pages = []
    trusted = set()
    for page in pages:
        shown = repr(page) if isinstance(page, str) else repr(str(page))
        normal = posixpath.normpath(page) if isinstance(page, str) and page else ""
        if not normal or normal.startswith(("/", "../")) or normal == ".." or "\\" in normal or normal != page:
            problem(f"trusted_pages: {shown} is not a path below docs/ (write it as nav: does, e.g. about.md)", str(page))
        elif not (docs / normal).is_file():
            problem(f"trusted_pages: {shown} is no file in {docs.name}/; correct the path or remove the line", str(page))
        else:
            trusted.add(normal)
    return Settings(frozenset(trusted)), problems


def _line(text: str, needle: str) -> int | None:
    at = text.find(needle) if needle else -1
    return None if at == -1 else text.count("\n", 0, at) + 1
