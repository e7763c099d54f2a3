"""Read a contributed file safely: inside the project, a regular file, of bounded size, UTF-8.

Every file a pull request can name or replace goes through :func:`read_text`: glossary and
readings YAML, text records and the raw sources they name, and pages. A path is resolved
(symlinks followed) and must stay inside the project; a device, a pipe or a folder is
refused before it is opened, and at most ``limit + 1`` bytes are read, so an endless file
cannot exhaust memory. Messages name the path as the contributor wrote it and never quote
the content of a file outside the project.
"""
from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath

from .encoding import not_utf8
from .errors import JieduError, Problem

#: Annotation files (one glossary entry, the readings table, a text record) stay far below.
YAML_LIMIT = 1_000_000
#: Pages and raw sources: 2 MB is about 680,000 Chinese characters, several books' chapters;
#: a larger text is split into pages (a cold build reads about 50,000 characters a second).
PAGE_LIMIT = 2_000_000
#: Characters that are never text: C0 and C1 controls except tab, line feed and carriage
#: return, and the Unicode non-characters U+FFFE/U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def project_root(path: Path, display: str) -> Path | None:
    """The project folder, when ``display`` is ``path`` relative to it.

    >>> project_root(Path("/p/annotations/glossary/a.yml"), "annotations/glossary/a.yml")
    PosixPath('/p')
    >>> project_root(Path("/p/a.yml"), "/elsewhere/a.yml") is None
    True
    """
    parts = PurePosixPath(display).parts
    if not parts or PurePosixPath(display).is_absolute() or ".." in parts:
        return None
    if tuple(path.parts[-len(parts):]) != parts:
        return None
    return path.parents[len(parts) - 1]


def inside(path: Path, root: Path) -> bool:
    """Is ``path``, with every symlink followed, inside ``root``?"""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def read_bytes(path: Path, name: str, root: Path | None = None, limit: int = YAML_LIMIT) -> bytes:
    """The file's bytes, or a :class:`JieduError` saying what is wrong with it.

    ``root``: the project folder the file must stay in (symlinks followed).
    """
    if root is not None and not inside(path, root):
        raise JieduError(Problem(name, "the path leads outside the project (a symlink or '..'); "
                                       "keep the file inside the repository"))
    try:
        info = path.stat()
    except FileNotFoundError:
        raise JieduError(Problem(name, "no such file")) from None
    except (OSError, RuntimeError) as e:
        raise JieduError(Problem(name, f"cannot read the file ({getattr(e, 'strerror', None) or type(e).__name__})")) from None
    if not stat.S_ISREG(info.st_mode):
        raise JieduError(Problem(name, "not a regular file (a folder, device or pipe); replace it with a text file"))
    if info.st_size > limit:
        raise JieduError(Problem(name, f"file is {_size(info.st_size)}; {_limit(limit)}"))
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise JieduError(Problem(name, f"cannot read the file ({e.strerror})")) from None
    if len(data) > limit:  # it grew while we looked
        raise JieduError(Problem(name, f"file is larger than {_size(limit)}; {_limit(limit)}"))
    return data


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or an error at the first bad byte that
    names the encoding the file seems to be in, and the command that converts it.

    >>> decode("中文".encode(), "a.md")
    '中文'
    >>> decode(b"ok\\n\\xff", "a.md")
    Traceback (most recent call last):
    ...
    jiedu.base.errors.JieduError: a.md:2:1: error: file is not UTF-8 (byte 0xff); save it as UTF-8 (your editor's 'Save with encoding', or iconv -f ENCODING -t UTF-8)
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = len(data[data.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8", "replace")) + 1
        said = not_utf8(data, name).removeprefix("the file is not UTF-8")
        raise JieduError(Problem(name, f"file is not UTF-8 (byte {data[e.start]:#04x}){said}", line, col)) from None


def read_text(path: Path, name: str, root: Path | None = None, limit: int = YAML_LIMIT) -> str:
    """:func:`read_bytes` then :func:`decode`."""
    return decode(read_bytes(path, name, root, limit), name)


def control_character(text: str, name: str) -> Problem | None:
    """A problem at the first character that is never text (NUL, escape, …), if any.

    >>> str(control_character("a\\nb\\x00c", "p.md"))
    'p.md:2:2: error: control character U+0000 in the text; remove it'
    """
    m = CONTROL.search(text)
    if not m:
        return None
    line = text.count("\n", 0, m.start()) + 1
    col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return Problem(name, f"control character U+{ord(m.group()):04X} in the text; remove it", line, col)


def _limit(limit: int) -> str:
    """The limit said with its name, where it is set, and how to keep under it.

    >>> _limit(PAGE_LIMIT)
    'the limit for a page or a raw source is 2.0 MB (PAGE_LIMIT in hooks/jiedu/base/files.py): split the text into several texts, one record and raw file each (make import for each part), or a page into several pages'
    """
    if limit == PAGE_LIMIT:
        return (f"the limit for a page or a raw source is {_size(limit)} (PAGE_LIMIT in {WHERE}): split the text into "
                "several texts, one record and raw file each (make import for each part), or a page into several pages")
    if limit == YAML_LIMIT:
        return (f"the limit for an annotation file is {_size(limit)} (YAML_LIMIT in {WHERE}): split it (one glossary "
                "entry per file; a text's record grows with its text: split the text)")
    return f"the limit is {_size(limit)}: split it"


WHERE = "hooks/jiedu/base/files.py"


def _size(n: int) -> str:
    """
    >>> _size(2_000_000), _size(10_485_760), _size(999)
    ('2.0 MB', '10.5 MB', '999 bytes')
    """
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n} bytes"
