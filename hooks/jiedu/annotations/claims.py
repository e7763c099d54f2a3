"""What a glossary entry states that needs a source: a year, a number, a named event.

``make check`` refuses an entry whose ``english`` or ``explanation`` states one of these and
that has no ``sources:`` (the seed article is a source for what it says). The rule is kept
simple, and errs on the side of asking for a source:

- **a year**: a number from 1800 to 2099 standing alone (``2012``, ``in 1963``), or a
  Chinese date (``2012年``);
- **a number**: any other run of digits (``15,000``, ``1.889``, ``84``), a magnitude word
  (``million``, ``billion``, ``thousand``, ``per cent``, ``%``) or a Chinese count (a
  Chinese numeral before 万, 亿, 千, 百, 余, 多, 名, 项, 家, 人 or 次); digits that are part of the
  term itself are a name, not a count (12345 in 12345政务服务便民热线);
- **a named event**: an ordinal before Congress, Plenary Session, Plenum, Session,
  Conference or Meeting (``18th National Congress``, ``Third Plenary Session``,
  ``sixth meeting``), or a Chinese congress or plenum (十八大, 三中全会, 第六次会议).

Ordinals alone (``the 18th``), number words below ten (``two roles``: names of slogans
are full of them) and Chinese numerals before 个 (两个覆盖) do not count.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
YEAR = re.compile(r"(?<![\d.,])(?:18|19|20)\d\d(?!\d|[,.]\d)|\d{4}年")
NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*(?!\d)(?!st|nd|rd|th)|\b(?:million|billion|thousand|hundred|per ?cent)\b|%")
ZH_COUNT = re.compile(r"[一二两三四五六七八九十百千]+(?:万|亿|千|百|余|多|名|项|家|人|次)")
EVENT = re.compile(
    rf"\b(?:\d+(?:st|nd|rd|th)|{ORDINAL_WORDS})\b(?:\s+[\w-]+){{0,3}}?\s+"
    r"(?:congress|plenary session|plenum|session|conference|meeting)s?\b",
    re.IGNORECASE,
)
ZH_EVENT = re.compile(r"[十二三四五六七八九]+大|[一二三四五六七八九十]+中全会|第[一二三四五六七八九十]+次[^，。；]{0,8}会")


def stated(text: str, own: Iterable[str] = ()) -> list[str]:
    """What ``text`` states that needs a source, each as a short description; ``own`` are
    the entry's own forms (its digits are a name).

    >>> stated("Launched in January 2019 with the 12345 hotline.", ["12345政务服务便民热线"])
    ['a year (2019)']
    >>> stated("It has more than 15,000 member units.")
    ['a number (15,000)']
    >>> stated("The 18th National Congress of the CPC met in Beijing.")
    ['a named event (18th National Congress)']
    >>> stated("the two roles (两个作用) and 两新")
    []
    """
    for form in own:
        for digits in re.findall(r"\d+", form):
            text = text.replace(digits, " ")
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match[str]) -> None:
        if any(a < m.end() and m.start() < b for a, b in spans):
            return
        spans.append((m.start(), m.end()))
        found.append((m.start(), f"{kind} ({m.group(0).strip().rstrip('.,')})"))

    for m in EVENT.finditer(text):
        add("a named event", m)
    for m in ZH_EVENT.finditer(text):
        add("a named event", m)
    for m in YEAR.finditer(text):
        add("a year", m)
    for m in NUMBER.finditer(text):
        add("a number", m)
    for m in ZH_COUNT.finditer(text):
        add("a number", m)
    return [what for _, what in sorted(found)]
