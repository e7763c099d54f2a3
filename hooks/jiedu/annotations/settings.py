"""Jiedu's settings in ``mkdocs.yml``, under ``extra: jiedu:``, validated: one object for all.

A hook has no configuration section of its own in MkDocs, so Jiedu's settings live in
``extra`` (which MkDocs passes through untouched) and are checked here::

    extra:
      jiedu:
        trusted_pages:            # pages whose raw HTML may run scripts (reviewed by a maintainer)
          - about/player.md
        search: auto              # auto (the default), one-file or per-query
        per_query_above: 100000   # with auto: Chinese characters of text above which search loads per query
        offline_budget_mb: 50     # above this, readers choose the texts they keep offline

**trusted_pages.** The pages (paths below ``docs/``, as ``nav:`` writes them) that the check
for scripts (``page/activecontent.py``) leaves alone. Every other page, and every SVG or HTML
file beside them, is refused when it would run a script.

**search.** ``one-file`` is Material's own search: one index file, fetched whole as the first
page loads (Material prefetches it), searched in the browser with lunr. ``per-query`` is the
index that loads per query (``outputs/searchshards.py``): the first page fetches a small
manifest, a query a few small files. ``auto`` takes ``per-query`` when the texts hold more than
``per_query_above`` Chinese characters: Material's index of Jiedu's paragraph entries is about
2.2 bytes gzipped per character, so at 100,000 characters the first page with it stays near
500 KB gzipped (issue 26's budget), and above it the index alone would pass it.

**offline_budget_mb.** Below it, the first visit over HTTP keeps the whole site on the device
(the service worker; ``outputs/offline.py``); above it, only what every text needs, and each
reader chooses the texts to keep ("Save for offline" on a text).

The build reads the value MkDocs parsed; ``make check`` reads ``mkdocs.yml`` itself; both
through :func:`parse_settings`, so both report the same problems, each naming the setting,
``mkdocs.yml`` and the line of its key when it can be found.
"""
from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import Problem

KEYS = {
    "trusted_pages": "pages below docs/ whose raw HTML may hold scripts",
    "search": "auto, one-file or per-query",
    "per_query_above": "with search: auto, Chinese characters above which search loads per query",
    "offline_budget_mb": "megabytes above which readers choose the texts they keep offline",
}
SEARCH_MODES = ("auto", "one-file", "per-query")
#: Files checked for scripts besides the pages: what a browser opens as a document.
DOCUMENTS = (".html", ".htm", ".xhtml", ".svg", ".xml")


@dataclass(frozen=True)
class Settings:
    """``extra: jiedu:`` of ``mkdocs.yml``."""

    #: docs-relative paths of the pages (and files) not checked for scripts
    trusted_pages: frozenset[str] = frozenset()
    search: str = "auto"
    per_query_above: int = 100_000
    offline_budget_mb: float = 50.0

    def trusts(self, path: str) -> bool:
        """Whether the page at ``path`` (below ``docs/``) may hold scripts."""
        return path in self.trusted_pages

    def per_query(self, han_chars: int) -> bool:
        """Whether search loads per query for texts of ``han_chars`` Chinese characters.

        >>> Settings().per_query(100_000), Settings().per_query(100_001), Settings(search="one-file").per_query(10**7)
        (False, True, False)
        """
        return self.search == "per-query" or (self.search == "auto" and han_chars > self.per_query_above)


def parse_settings(value: object, docs: Path, config_text: str = "", name: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    """``extra: jiedu:`` as MkDocs or a YAML loader gave it; ``docs`` is the docs folder;
    ``config_text``, the file's text, finds the lines for messages. A wrong value is reported
    and its default kept.

    >>> import tempfile; d = Path(tempfile.mkdtemp()); _ = (d / "a.md").write_text("x")
    >>> parse_settings({"trusted_pages": ["a.md"]}, d)[0].trusts("a.md")
    True
    >>> parse_settings({"search": "per-query"}, d)[0].search
    'per-query'
    >>> [str(p) for p in parse_settings({"trusted_page": ["a.md"]}, d)[1]]
    ["mkdocs.yml: error: extra: jiedu: unknown key 'trusted_page'; did you mean 'trusted_pages'?"]
    >>> [str(p) for p in parse_settings({"trusted_pages": ["../x.md", "b.md", 3]}, d)[1]][0]
    "mkdocs.yml: error: extra: jiedu: trusted_pages: '../x.md' is not a path below docs/ (write it as nav: does, e.g. about.md)"
    >>> [str(p) for p in parse_settings({"per_query_above": -1}, d)[1]]
    ['mkdocs.yml: error: extra: jiedu: per_query_above: expected a whole number of characters, 0 or more, got -1']
    """
    problems: list[Problem] = []

    def problem(message: str, needle: str) -> None:
        problems.append(Problem(name, f"extra: jiedu: {message}", _line(config_text, needle)))

    if value is None:
        return Settings(), problems
    if not isinstance(value, dict):
        problem(f"must hold settings as 'key: value' lines ({', '.join(KEYS)})", "jiedu:")
        return Settings(), problems
    for key in value:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the settings are: {', '.join(KEYS)}"
            problem(f"unknown key {str(key)!r}{hint}", f"{key}:")
    defaults = Settings()
    search = value.get("search", defaults.search)
    if search not in SEARCH_MODES:
        problem(f"search: expected one of {', '.join(SEARCH_MODES)}, got {search!r}", "search:")
        search = defaults.search
    above = value.get("per_query_above", defaults.per_query_above)
    if isinstance(above, bool) or not isinstance(above, int) or above < 0:
        problem(f"per_query_above: expected a whole number of characters, 0 or more, got {above!r}", "per_query_above:")
        above = defaults.per_query_above
    budget = value.get("offline_budget_mb", defaults.offline_budget_mb)
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget < 0:
        problem(f"offline_budget_mb: expected a number of megabytes, 0 or more, got {budget!r}", "offline_budget_mb:")
        budget = defaults.offline_budget_mb
    trusted = _trusted_pages(value.get("trusted_pages") or [], docs, problem)
    return Settings(trusted, search, above, float(budget)), problems


def _trusted_pages(pages: object, docs: Path, problem) -> frozenset[str]:
    if not isinstance(pages, list):
        problem("trusted_pages must be a list of pages below docs/, one per line starting with '- '", "trusted_pages:")
        return frozenset()
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
    return frozenset(trusted)


def _line(text: str, needle: str) -> int | None:
    """The line of ``needle`` in ``extra: jiedu:`` of ``text`` (``search:`` is also a plugin's
    name in ``plugins:``), else anywhere in it."""
    extra = text.find("\nextra:")
    section = text.find("jiedu:", extra + 1) if extra != -1 else -1
    at = text.find(needle, section) if needle and section != -1 else -1
    if at == -1:
        at = text.find(needle) if needle else -1
    return None if at == -1 else text.count("\n", 0, at) + 1
