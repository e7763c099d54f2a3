"""The site owner's settings for Jiedu, under ``extra: jiedu:`` in ``mkdocs.yml``, validated.

A hook has no configuration section of its own in MkDocs, so Jiedu's settings live in
``extra`` (which MkDocs passes through untouched) and are checked here, each with a message
in MkDocs' own form (``Config value 'extra.jiedu.search': …``)::

    extra:
      jiedu:
        search: auto              # auto (the default), one-file or per-query
        per_query_above: 100000   # with auto: Chinese characters of text above which search loads per query
        offline_budget_mb: 50     # above this, readers choose the texts they keep offline

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
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SEARCH_MODES = ("auto", "one-file", "per-query")
KEYS = ("search", "per_query_above", "offline_budget_mb")


@dataclass(frozen=True)
class Options:
    """Jiedu's settings (``extra.jiedu``), validated."""

    search: str = "auto"
    per_query_above: int = 100_000
    offline_budget_mb: float = 50.0

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any] | None) -> Options:
        """The settings under ``extra.jiedu``; a ``ValueError`` names the value and says what to write.

        >>> Options.from_extra({"jiedu": {"search": "per-query"}}).search
        'per-query'
        >>> Options.from_extra({})
        Options(search='auto', per_query_above=100000, offline_budget_mb=50.0)
        >>> Options.from_extra({"jiedu": {"serch": "auto"}})
        Traceback (most recent call last):
        ValueError: Config value 'extra.jiedu': unknown setting 'serch' (known: search, per_query_above, offline_budget_mb)
        >>> Options.from_extra({"jiedu": {"per_query_above": -1}})
        Traceback (most recent call last):
        ValueError: Config value 'extra.jiedu.per_query_above': expected a whole number of characters, 0 or more, got -1
        """
        section = (extra or {}).get("jiedu")
        if section is None:
            return cls()
        if not isinstance(section, Mapping):
            raise ValueError(f"Config value 'extra.jiedu': expected the settings {', '.join(KEYS)} "
                             f"under it, got {section!r}")
        unknown = [k for k in section if k not in KEYS]
        if unknown:
            raise ValueError(f"Config value 'extra.jiedu': unknown setting {unknown[0]!r} (known: {', '.join(KEYS)})")
        search = section.get("search", cls.search)
        if search not in SEARCH_MODES:
            raise ValueError(f"Config value 'extra.jiedu.search': expected one of {', '.join(SEARCH_MODES)}, got {search!r}")
        above = section.get("per_query_above", cls.per_query_above)
        if isinstance(above, bool) or not isinstance(above, int) or above < 0:
            raise ValueError(f"Config value 'extra.jiedu.per_query_above': expected a whole number of characters, "
                             f"0 or more, got {above!r}")
        budget = section.get("offline_budget_mb", cls.offline_budget_mb)
        if isinstance(budget, bool) or not isinstance(budget, (int, float)) or budget < 0:
            raise ValueError(f"Config value 'extra.jiedu.offline_budget_mb': expected a number of megabytes, "
                             f"0 or more, got {budget!r}")
        return cls(search, above, float(budget))

    def per_query(self, han_chars: int) -> bool:
        """Whether search loads per query for texts of ``han_chars`` Chinese characters.

        >>> Options().per_query(100_000), Options().per_query(100_001), Options("one-file").per_query(10**7)
        (False, True, False)
        """
        return self.search == "per-query" or (self.search == "auto" and han_chars > self.per_query_above)
