"""Offline by choice: above a budget, the reader keeps the texts they choose, not the library.

Below the site owner's budget (``extra.jiedu.offline_budget_mb``, 50 MB by default:
``annotations/settings.py``) the first visit keeps the whole site on the device, as ``offline.py`` says.
Above it a library would fill a phone (a library of ten million characters keeps about
370 MB), so the service worker's list (``offline.json``) says which of its files every text
needs and which belong to each text, and the worker keeps the first on the first visit and the
second when the reader asks ("Save for offline" in the reading options, ``jiedu-offline.js``):

- a **text's files**: its page, its Anki file, and the word dictionary's files of its words and
  their characters (``sitedict.py``), which texts share;
- **every text needs** the rest: the stylesheets and scripts, the home page, the Texts page,
  the glossary, the search manifest and worker;
- **neither**: the shards of the search that loads per query (``searchshards.py``: tens of MB
  for a large library; search offline says it needs the network) and the dictionary's files no
  text uses.

The downloads follow the same split: ``jiedu-site-common.zip`` (what every text needs) and one
zip per text beside its page (``texts/x.zip``), each unpacking into the same ``jiedu-site/``
folder as the whole site's zip, which stays.

This module groups paths and writes zips; it knows nothing of MkDocs or of pages' content.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .sitedict import second, shard
from .zipwriter import Member, zip_bytes

COMMON_ZIP = "jiedu-site-common.zip"
#: Folders whose files belong to no text and are not needed by all: kept only with the whole site.
NOT_COMMON = ("search/jiedu/", "assets/jiedu-dict/")
#: Needed by every text although inside those folders (pinyin by level reads every word's level).
ALWAYS = frozenset({"assets/jiedu-dict/levels.js"})


@dataclass(frozen=True)
class Text:
    """A text the reader can keep: its URL, title and files (site-relative paths)."""

    url: str
    title: str
    files: tuple[str, ...]

    @property
    def zip(self) -> str:
        """Its download, beside its page.

        >>> Text("texts/a.html", "甲", ()).zip
        'texts/a.zip'
        """
        return posixpath.splitext(self.url)[0] + ".zip"


@dataclass(frozen=True)
class Grouping:
    """The kept files split: what every text needs, and each text's own."""

    common: list[str]
    texts: list[Text]


def group(kept: Sequence[str], texts: Iterable[Text]) -> Grouping:
    """``kept`` (the service worker's list) split into what every text needs and each text's
    files (those of ``texts`` that are kept, in order); the rest belongs to neither.

    >>> g = group(["index.html", "a.html", "assets/jiedu-dict/5de5.js", "assets/jiedu-dict/levels.js",
    ...            "search/jiedu/x/t/0.js", "b.html"], [Text("a.html", "甲", ("a.html", "assets/jiedu-dict/5de5.js"))])
    >>> g.common, [t.files for t in g.texts]
    (['index.html', 'assets/jiedu-dict/levels.js', 'b.html'], [('a.html', 'assets/jiedu-dict/5de5.js')])
    """
    listed = set(kept)
    texts = [Text(t.url, t.title, tuple(f for f in t.files if f in listed)) for t in texts]
    own = {f for t in texts for f in t.files}
    common = [p for p in kept if p not in own and (p in ALWAYS or not p.startswith(NOT_COMMON))]
    return Grouping(common, texts)


def text_dictionary_files(words: Iterable[str], split: set[str]) -> set[str]:
    """The dictionary's files a text's words need (``sitedict.py``'s names: a character's
    file, and the two-character file of a word whose first character's file is ``split``).

    >>> sorted(text_dictionary_files(["社会", "大人"], {shard("大")}))
    ['237', '269', '289', '454', '454-4eba']
    """
    words = list(words)
    out = {shard(c) for c in set("".join(words))}
    if split:
        out.update(second(w) for w in words if len(w) > 1 and shard(w) in split)
    return out


def write_zips(site: Path, grouping: Grouping, members: Mapping[str, Member]) -> dict[str, int]:
    """``jiedu-site-common.zip`` and each text's zip, of the whole site's zip's ``members``
    (compressed once, for it); returns each zip's path and size. Members unpack under the
    whole zip's folder."""
    sizes = {}
    for path, paths in [(COMMON_ZIP, grouping.common), *((t.zip, t.files) for t in grouping.texts)]:
        data = zip_bytes([members[p] for p in paths if p in members])
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        sizes[path] = len(data)
    return sizes
