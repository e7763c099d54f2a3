"""Built results kept on disk between builds, each entry checked before it is used.

Reading a text (pypinyin, jieba, the model) is the slow part of a build, and a rebuild
usually changes one paragraph or none. Two stores, under ``.cache/jiedu/`` beside
``mkdocs.yml`` (where Material's own plugins keep theirs):

- :class:`PageCache` (``pages/``): each page's rendered HTML and search entries, under a key
  that hashes everything that decides them: the page's HTML and front matter and the
  build's *fingerprint* (Jiedu's code, the reading libraries' versions, the reading
  overrides, the words given to the segmenter). A warm build reads no text at all.
- :class:`ReadingStore` (``readings/``): the readings of each unit of a page (a paragraph,
  ``units.py``), one file per page, under a key of the unit's text and a fingerprint of the
  reading code alone. Editing one paragraph reads that paragraph again; changing only how
  pages are rendered reads nothing.

Change anything a key covers and the key changes, so a stale entry is never served. Every
entry also carries a checksum of its key and its content: a truncated, garbled, edited or
misplaced entry fails it, is dropped (the caller reports it) and is made again, so the site
is the same from a cold, a warm or a damaged cache. The cache holds no code, only text;
entries no page asked for in a full build are removed afterwards. Delete it at any time.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

#: Libraries whose data or code decide a reading; their versions enter the fingerprint.
READING_PACKAGES = ("pypinyin", "jieba", "rjieba", "g2pM", "numpy")
#: First bytes of every entry; a new layout gets a new number (and then new keys).
MAGIC = b"jiedu-cache 2 "


def fingerprint(parts: Iterable[str], code_dir: Path | None = None, code: Iterable[Path] = ()) -> str:
    """A short hash of ``parts``, of every file under ``code_dir`` (code and the data beside
    it, ``__pycache__`` aside), of the files ``code`` and of the reading libraries' versions.

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
    files = sorted(p for p in code_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if code_dir else []
    for path in [*files, *sorted(code)]:
        name = path.relative_to(code_dir).as_posix() if code_dir and path.is_relative_to(code_dir) else path.name
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for part in parts:
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


#: A relative import at the start of a line: ``from .module import …``, ``from ..wing.module
#: import …``, ``from . import module, …``, ``from ..wing import module, …`` (names may be
#: in parentheses over several lines).
RELATIVE_IMPORT = re.compile(r"^\s*from\s+(\.+)([\w.]*)\s+import\s+(?:\(([^)]*)\)|([^\n]*))", re.M)


def imported_modules(*modules: Path) -> list[Path]:
    """``modules`` and every module of the package they import relatively, transitively, with
    the data files beside each (``*.txt``, ``data/*``): the code and data a reading depends on
    (``from ..reading.model import …``), for the readings' fingerprint.

    >>> here = Path(__file__).parent.parent
    >>> found = {p.relative_to(here).as_posix() for p in imported_modules(here / "readpass" / "readpass.py")}
    >>> {"reading/engine.py", "reading/model.py", "reading/segmenter.py", "base/pinyin.py"} <= found
    True
    >>> {"base/syllables.txt", "reading/data/neutral-tone.tsv"} <= found
    True
    """
    seen: set[Path] = set()
    todo = list(modules)
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        if path.suffix != ".py":
            continue
        todo.extend(p for p in [*path.parent.glob("*.txt"), *path.parent.glob("data/*")] if p.is_file())
        todo.append((path.parent.parent if path.name == "__init__.py" else path.parent) / "__init__.py")  # its packages
        for dots, module, listed, names in RELATIVE_IMPORT.findall(path.read_text(encoding="utf-8")):
            base = path.parents[len(dots) - 1]
            target = base.joinpath(*module.split(".")) if module else base
            todo.append(target.with_suffix(".py") if module and not target.is_dir() else target / "__init__.py")
            if target.is_dir():  # from package import module, …
                for name in (listed or names).split("#")[0].split(","):
                    name = name.strip().split(" as ")[0].strip()
                    if name.isidentifier():
                        todo.extend([target / f"{name}.py", target / name / "__init__.py"])
    return sorted(seen)


def _checksum(key: str, body: bytes) -> bytes:
    return hashlib.blake2b(key.encode() + b"\0" + body, digest_size=16).hexdigest().encode()


def seal(key: str, text: str) -> bytes:
    """An entry as stored: a header with the checksum of its key and content, then the
    content.

    >>> seal("k", "中")
    b'jiedu-cache 2 9cbe8126de135d0355009c1aab267ca0\\n\\xe4\\xb8\\xad'
    """
    body = text.encode("utf-8", "surrogatepass")
    return MAGIC + _checksum(key, body) + b"\n" + body


def unseal(key: str, data: bytes) -> str | None:
    """The content of an entry stored under ``key``, or ``None`` when it fails its check
    (truncated, garbled, edited, or another key's).

    >>> unseal("k", seal("k", "中")), unseal("other", seal("k", "中")), unseal("k", seal("k", "中")[:-1])
    ('中', None, None)
    """
    head, nl, body = data.partition(b"\n")
    if not nl or head != MAGIC + _checksum(key, body):
        return None
    try:
        return body.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a build killed mid-write leaves no half entry); a cache that cannot
    be written is no reason to fail a build."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


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
        self.damaged: list[Path] = []  # entries that failed their check (dropped, made again)

    def key(self, html: str, meta: dict) -> str:
        """The key of one render: the salt, the page's front matter and its HTML."""
        h = hashlib.sha256(self.salt.encode())
        h.update(json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
        h.update(b"\0" + html.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.html"

    def empty(self) -> bool:
        """Whether nothing is stored (a first build, or one without a cache)."""
        if self.directory is None:
            return True
        try:
            return next(self.directory.iterdir(), None) is None
        except OSError:
            return True

    def has(self, key: str) -> bool:
        """Whether an entry is stored under ``key`` (not yet checked: :meth:`get` checks)."""
        return self.directory is not None and self._path(key).is_file()

    def get(self, key: str) -> str | None:
        self.used.add(key)
        if self.directory is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        text = unseal(key, data)
        if text is None:
            self.damaged.append(path)
            _unlink(path)
            self.misses += 1
            return None
        self.hits += 1
        return text

    def get_or_make(self, key: str, make: Callable[[], str], check: Callable[[str], object] = str) -> str:
        """The text stored under ``key``, or ``make()``'s, stored for the next build.
        ``check`` parses a stored text; if it raises ``ValueError`` the entry is damaged."""
        text = self.get(key)
        if text is not None:
            try:
                check(text)
                return text
            except ValueError:
                self.damaged.append(self._path(key))
        text = make()
        self.put(key, text)
        return text

    def put(self, key: str, text: str) -> None:
        """Store ``text`` under ``key``."""
        if self.directory is not None:
            _write(self._path(key), seal(key, text))

    def prune(self) -> int:
        """Remove the entries this build did not ask for; returns how many."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        removed = 0
        for path in self.directory.glob("*/*"):
            if path.name.split(".")[0] not in self.used:
                _unlink(path)
                removed += 1
        return removed


class ReadingStore:
    """The readings of each page's units, one file per page: a line per unit, each with its
    own checksum, so one bad line costs one unit (read again), not the page.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = ReadingStore(Path(tmp))
    ...     store.save("texts/a.html", {"k1": "[1]", "k2": "[2]"})
    ...     path = next(Path(tmp).glob("*.txt"))
    ...     _ = path.write_bytes(path.read_bytes().replace(b"[2]", b"[3]"))  # an edited entry
    ...     (store.load("texts/a.html"), store.damaged == [path], store.load("texts/b.html"))
    ({'k1': '[1]'}, True, {})
    """

    HEADER = b"jiedu-readings 2\n"

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.damaged: list[Path] = []  # files with lines that failed their check
        self.used: set[str] = set()

    def _path(self, page: str) -> Path:
        assert self.directory is not None
        name = hashlib.blake2b(page.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        self.used.add(name)
        return self.directory / f"{name}.txt"

    def keep(self, page: str) -> None:
        """Keep ``page``'s file through :meth:`prune` though this build neither loaded nor
        saved it."""
        if self.directory is not None:
            self._path(page)

    def load(self, page: str) -> dict[str, str]:
        """Unit key → payload of the units stored for ``page``; lines that fail their check
        are left out (and the file is noted in :attr:`damaged`)."""
        if self.directory is None:
            return {}
        path = self._path(page)
        try:
            data = path.read_bytes()
        except OSError:
            return {}
        lines = data.split(b"\n")
        if lines[0] + b"\n" != self.HEADER:
            self.damaged.append(path)
            return {}
        out: dict[str, str] = {}
        bad = data[-1:] != b"\n"  # cut short
        for line in lines[1:-1]:
            key, tab, rest = line.partition(b"\t")
            try:
                text = unseal(key.decode("ascii"), rest.replace(b"\t", b"\n", 1)) if tab else None
            except UnicodeDecodeError:
                text = None
            if text is None:
                bad = True
            else:
                out[key.decode("ascii")] = text
        if bad:
            self.damaged.append(path)
        return out

    def save(self, page: str, entries: dict[str, str]) -> None:
        """Store exactly ``entries`` (unit key → payload, payloads without line breaks)."""
        if self.directory is None:
            return
        lines = [self.HEADER]
        for key in sorted(entries):
            assert "\n" not in entries[key], "a payload is one line"

            lines.append(key.encode("ascii") + b"\t" + seal(key, entries[key]).replace(b"\n", b"\t", 1) + b"\n")
        _write(self._path(page), b"".join(lines))

    def prune(self) -> int:
        """Remove the files of pages this build did not render; returns how many."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        removed = 0
        for path in self.directory.iterdir():
            if path.name.split(".")[0] not in self.used:
                _unlink(path)
                removed += 1
        return removed
