"""Python-Markdown's link and image patterns, finding a link's closing bracket in linear time.

Python-Markdown looks for the ``]`` that closes a ``[`` character by character, from each
``[`` to the end of the paragraph when there is none: a paragraph of 10,000 ``[`` took a
minute (100,000: hours), in the build and in ``make check`` alike. Here the same bracket is
found by a scan over the brackets alone; a long scan builds a table of every bracket's
partner for that text, which later ``[`` look up (Python-Markdown hands the same string to
every ``[`` until one makes a link). The links made are the same (``tests/test_hostile_parsing.py``
compares both on crafted and real pages).

:class:`LinearLinks` is a Python-Markdown extension: the build adds it to MkDocs' Markdown
extensions (``hooks/jiedu_mkdocs.py``) and ``make check`` to its own renderer, so both read
pages with the same parser.
"""
from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE, IMAGE_REFERENCE_RE, LINK_RE, REFERENCE_RE, ImageInlineProcessor,
    ImageReferenceInlineProcessor, LinkInlineProcessor, ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor, ShortReferenceInlineProcessor,
)

_BRACKET = re.compile(r"[\[\]]")
#: Brackets a scan looks at before it builds the table for its text instead.
SCAN = 64


class _Partners:
    """The closing bracket of every ``[`` in one text, found lazily."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.table: dict[int, int] | None = None

    def closing(self, data: str, index: int) -> int:
        """Where the ``]`` that closes the ``[`` just before ``index`` is, or -1."""
        if data is not self.text:
            self.text, self.table = data, None
        if self.table is not None:
            return self.table.get(index - 1, -1)
        depth = 1
        for k, m in enumerate(_BRACKET.finditer(data, index)):
            if k == SCAN:
                self.table = _table(data)
                return self.table.get(index - 1, -1)
            depth += 1 if m.group() == "[" else -1
            if depth == 0:
                return m.start()
        return -1


def _table(data: str) -> dict[int, int]:
    """``[`` position → its ``]``, for every ``[`` that has one.

    >>> _table("[a[b]][")
    {2: 4, 0: 5}
    """
    out, open_ = {}, []
    for m in _BRACKET.finditer(data):
        if m.group() == "[":
            open_.append(m.start())
        elif open_:
            out[open_.pop()] = m.start()
    return out


class _LinearText:
    """``getText`` of Python-Markdown's ``LinkInlineProcessor``, the same answers in linear time."""

    _partners: _Partners

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 (Python-Markdown's name)
        end = self._partners.closing(data, index)
        if end == -1:
            return "", len(data), False
        return data[index:end], end + 1, True


def _linear(cls: type) -> type:
    return type(f"Linear{cls.__name__}", (_LinearText, cls), {})


#: Python-Markdown's own registrations (``markdown/inlinepatterns.py``): name, class, pattern, priority.
PATTERNS = (
    ("reference", ReferenceInlineProcessor, REFERENCE_RE, 170),
    ("link", LinkInlineProcessor, LINK_RE, 160),
    ("image_link", ImageInlineProcessor, IMAGE_LINK_RE, 150),
    ("image_reference", ImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 140),
    ("short_reference", ShortReferenceInlineProcessor, REFERENCE_RE, 130),
    ("short_image_ref", ShortImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 125),
)


class LinearLinks(Extension):
    """Replace the link and image patterns with ones that find brackets in linear time.

    >>> import markdown
    >>> markdown.markdown("[a [b]](https://x.org) [c]", extensions=[LinearLinks()])
    '<p><a href="https://x.org">a [b]</a> [c]</p>'
    """

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        partners = _Partners()  # one per Markdown instance: the text being read
        for name, cls, pattern, priority in PATTERNS:
            if name in md.inlinePatterns and type(md.inlinePatterns[name]) is cls:
                processor = _linear(cls)(pattern, md)
                processor._partners = partners
                md.inlinePatterns.register(processor, name, priority)
