"""Rendered pages kept on disk between builds, so an unchanged page costs a file read.

Reading a text (pypinyin, jieba, the rules) is the slow part of a build; a rebuild usually
changes one page or none. Each page's ruby output is stored under a key that hashes
everything that decides it: the page's HTML and front matter as given to the renderer, and
a *fingerprint* of the build (Jiedu's own code, the versions of the reading libraries, the
reading overrides and the words added to the segmenter). Change any of those and the key
changes, so a stale page can never be served: at worst the cache misses.

The cache is a directory of small files (``.cache/jiedu/pages/`` beside ``mkdocs.yml``,
where Material's own plugins keep theirs); it holds no code, only HTML text, and entries
no page asked for in a full build are removed afterwards. Delete the directory at any time.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Callable, Iterable
from pathlib import Path

#: Libraries whose data or code decide a reading; their versions enter the fingerprint.
READING_PACKAGES = ("pypinyin", "jieba", "rjieba", "g2pM", "numpy")


def fingerprint(parts: Iterable[str], code_dir: Path | None = None) -> str:
    """A short hash of ``parts``, of every ``*.py`` under ``code_dir`` and of the reading
    libraries' versions.

    >>> fingerprint(["a"]) == fingerprint(["a"]) != fingerprint(["b"])
    True
    """
    h = hashlib.sha256()
    for name in READING_PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\n".encode())
    if code_dir is not None:
        for path in sorted(code_dir.rglob("*.py")):
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for part in parts:
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


class PageCache:
    """A key → text store in a directory; ``None`` as the directory keeps nothing.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cache = PageCache(Path(tmp), "salt")
    ...     key = cache.key("<p>中</p>", {"lang": "zh"})
    ...     first = cache.get(key)
    ...     cache.put(key, "<p><ruby>中</ruby></p>")
    ...     (first, PageCache(Path(tmp), "salt").get(key), PageCache(Path(tmp), "other").get(key))
    (None, '<p><ruby>中</ruby></p>', '<p><ruby>中</ruby></p>')
    """

    def __init__(self, directory: Path | None, salt: str) -> None:
        self.directory = directory
        self.salt = salt
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def key(self, html: str, meta: dict) -> str:
        """The key of one render: the salt, the page's front matter and its HTML."""
        h = hashlib.sha256(self.salt.encode())
        h.update(json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
        h.update(b"\0" + html.encode("utf-8"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.html"

    def get(self, key: str) -> str | None:
        self.used.add(key)
        if self.directory is None:
            return None
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            self.misses += 1
            return None
        self.hits += 1
        return text

    def get_or_make(self, key: str, make: Callable[[], str]) -> str:
        """The text stored under ``key``, or ``make()``'s, stored for the next build."""
        text = self.get(key)
        if text is None:
            text = make()
            self.put(key, text)
        return text

    def put(self, key: str, text: str) -> None:
        """Store ``text``; a cache that cannot be written is no reason to fail a build."""
        if self.directory is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)  # atomic: a build killed mid-write leaves no half page
        except OSError:
            pass

    def prune(self) -> int:
        """Remove the entries this build did not ask for; returns how many."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        removed = 0
        for path in self.directory.glob("*/*"):
            if path.stem not in self.used:
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
        return removed
