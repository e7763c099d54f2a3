"""What a text's front matter says about it, read once: title, kind, date, source, rights.

The Texts page, the glossary's "where it appears", the Terms page and the citation of a
paragraph all show these facts; they read them here, so a date is parsed and shown the same
way everywhere. A date may be a day, a month or a year (``2024-11-04``, ``2024-11``,
``2024``); a text without one sorts after the dated ones. ``kind`` (the text's genre: law,
news report, short story …) and ``rights`` (whether and how it may be republished) are
shown when the front matter has them.

Values are contributed text: nothing here escapes or renders them (the modules that write
HTML do).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A day, a month or a year: ``month`` and ``day`` are 0 when not given.

    >>> PartialDate.parse("2024-11"), PartialDate.parse(dt.date(2024, 11, 4)).label
    (PartialDate(year=2024, month=11, day=0), '4 November 2024')
    >>> PartialDate.parse("2024").iso, PartialDate.parse("2024-13-01"), PartialDate.parse("11/2024")
    ('2024', None, None)
    """

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: Any) -> PartialDate | None:
        """A front-matter date (YAML may have made it a ``date``), or ``None`` if it is none."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and 1000 <= value <= 9999:
            return cls(value)
        m = PARTIAL.fullmatch(str(value or "").strip())
        if not m:
            return None
        year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
        return cls(year, month, day)

    @property
    def iso(self) -> str:
        """``2024-11-04``, ``2024-11`` or ``2024`` (what ``<time datetime>`` takes)."""
        return f"{self.year:04d}" + (f"-{self.month:02d}" if self.month else "") + (f"-{self.day:02d}" if self.day else "")

    @property
    def label(self) -> str:
        """``4 November 2024``, ``November 2024`` or ``2024``."""
        if not self.month:
            return str(self.year)
        month = f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {month}" if self.day else month

    @property
    def fraction(self) -> float:
        """The date as a year with a fraction (for a timeline): the middle of a month or of a
        year when the day or the month is not given.

        >>> PartialDate(2024).fraction, round(PartialDate(2024, 7).fraction, 3), round(PartialDate(2024, 1, 1).fraction, 4)
        (2024.5, 2024.542, 2024.0014)
        """
        if not self.month:
            return self.year + 0.5
        if not self.day:
            return self.year + (self.month - 0.5) / 12
        start = dt.date(self.year, 1, 1)
        days = (dt.date(self.year + 1, 1, 1) - start).days
        return self.year + ((dt.date(self.year, self.month, self.day) - start).days + 0.5) / days


@dataclass(frozen=True)
class TextFacts:
    """One text as its front matter describes it; ``url`` is its site-relative URL."""

    url: str
    title: str
    subtitle: str = ""
    kind: str = ""
    date: PartialDate | None = None
    source: str = ""
    place: str = ""
    rights: str = ""

    @classmethod
    def of(cls, url: str, meta: Mapping[str, Any]) -> TextFacts:
        """The facts of the text at ``url`` with front matter ``meta``; every value on one line.

        >>> f = TextFacts.of("texts/a.html", {"title": "题", "date": "2024-11", "kind": " law ", "rights": None})
        >>> f.title, f.kind, f.date.label, f.rights
        ('题', 'law', 'November 2024', '')
        """
        def text(key: str) -> str:
            value = meta.get(key)
            return " ".join(str(value).split()) if value not in (None, "") else ""

        return cls(url, text("title") or url, text("subtitle"), text("kind"), PartialDate.parse(meta.get("date")),
                   text("source"), text("place"), text("rights"))

    @property
    def sort_key(self) -> tuple:
        """Oldest first, undated last, then by title.

        >>> a, b, c = (TextFacts.of("x", {"date": d, "title": t}) for d, t in (("2024", "b"), ("", "a"), ("2019-05", "c")))
        >>> [f.title for f in sorted([a, b, c], key=lambda f: f.sort_key)]
        ['c', 'b', 'a']
        """
        return (self.date is None, self.date or PartialDate(0), self.title, self.url)
