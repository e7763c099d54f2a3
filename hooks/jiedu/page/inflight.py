"""A page in flight through one build: what the build learns of a page when it reads it, and
carries to its search entries and its rendering.

The build (``site.py``) makes one :class:`Page` when MkDocs has converted a page's Markdown
(:meth:`Site.read`), and hands the same object back at each later step. It holds no MkDocs
object: the hook keeps it on MkDocs' page.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One page of the site, as far as the build has got with it."""

    #: site-relative URL (``texts/x.html``)
    url: str
    #: the source file as a contributor names it (``docs/texts/x.md``), for messages
    src: str
    title: str
    #: the front matter as written (the build escapes where it writes)
    meta: Mapping[str, Any]
    #: the generated glossary page (it gets the backlinks)
    is_glossary: bool = False
    #: what a page the build generated is ("glossary", "texts", "terms"); "" for the others
    role: str = ""
    #: glossary entries the page uses, in order of first use
    entries: list[str] = field(default_factory=list)
    #: entry id → the text of the block where it is first used (the vocabulary's sentence)
    first: dict[str, str] = field(default_factory=dict)
    #: the text nodes the reading pass reads (what gets ruby)
    nodes: list[str] = field(default_factory=list)
    #: the key of its rendering in the page cache
    render_key: str = ""
    #: a text's figures for the Texts page (``textfigures.Figures``), once it is rendered
    figures: Any = None
    #: while the search plugin skips the page (its entries are Jiedu's): its own ``search:``
    search_setting: Any = None
    held_from_search: bool = False

    @property
    def is_text(self) -> bool:
        """A text: Chinese to read, with ruby, terms and vocabulary (``lang`` in its front matter)."""
        return bool(self.meta.get("lang"))

    @property
    def makes_search_entries(self) -> bool:
        """Whether Jiedu makes the page's search entries (a text, the glossary)."""
        return self.is_text or self.is_glossary
