"""A word as the reading engine gives it: its characters, one syllable each, and where each
came from. The record the page (ruby), the reading pass (units) and the tools share; it
carries no behaviour, so they need not import the engine for it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A word of a Han run with one syllable per character and where each came from."""

    text: str
    syllables: tuple[str, ...]
    sources: tuple[str, ...] = ()
    spoken: tuple[str, ...] = ()  # tone sandhi of 一/不 where it applies, else "" (sandhi.py)


def segment(text: str, syllables: tuple[str, ...], sources: tuple[str, ...], spoken: tuple[str, ...] = ()) -> Segment:
    """``Segment(text, syllables, sources, spoken)`` at half the cost: a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__`` (a page makes one per word).

    >>> segment("行业", ("háng", "yè"), ("dictionary", "dictionary")) == Segment("行业", ("háng", "yè"), ("dictionary", "dictionary"))
    True
    """
    made = _new(Segment)
    made.__dict__.update(text=text, syllables=syllables, sources=sources, spoken=spoken)
    return made


_new = object.__new__
