"""Step 0 of the import: a raw source's bytes read as text, and what is never text removed.

The bytes are UTF-8, or UTF-16/32 with a byte-order mark (certain, so read as what they
say); a file in another encoding (GBK, Big5, UTF-16 without a mark) or UTF-8 that became
mojibake is refused with the command that converts it (``base/encoding.py``). Within a
UTF-8 file, damage is kept and noted, never refused: a few bytes that are not UTF-8 become
U+FFFD, control characters go, private-use characters (which OCR leaves for glyphs it could
not map, and which the importer uses as markers) become U+FFFD; each kind is a warning with
the line of its first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..base.encoding import from_bom, mojibake, not_utf8
from ..base.errors import JieduError, Problem

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
#: Never text: C0/C1 controls but tab and line feed, and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True)
class Cleaned:
    """Step 0's result: the text, and what was removed or replaced (with the first line)."""

    text: str
    removed: int = 0  # control characters (NUL, escape, …)
    replaced: int = 0  # private-use characters shown as U+FFFD
    undecodable: int = 0  # bytes that were not UTF-8, shown as U+FFFD
    warnings: tuple[Problem, ...] = ()


#: Bytes that are not UTF-8, at least this many and a fifth of the non-ASCII characters: a
#: file in another encoding (refused, with the encoding guessed), not a damaged UTF-8 one.
OTHER_ENCODING_BAD = 8


def clean_raw(data: bytes | str, name: str = "raw") -> Cleaned:
    r"""Step 0: decode (bytes that are not UTF-8 become U+FFFD), unify line ends, drop control
    characters, show private-use characters (which OCR leaves for glyphs it could not map,
    and which the importer uses as markers) as U+FFFD. Each kind is a warning.

    >>> c = clean_raw("甲\r\n乙\x00丙\ue000".encode() + b"\xff")
    >>> c.text, c.removed, c.replaced, c.undecodable
    ('甲\n乙丙\ufffd\ufffd', 1, 1, 1)
    >>> [str(w) for w in c.warnings][1]
    'raw:2:2: warning: 1 control character (NUL, escape, …) removed; the first is here'
    """
    undecodable = 0
    warnings: list[Problem] = []
    if isinstance(data, bytes):
        bom = from_bom(data)  # UTF-16 or UTF-32 with a byte-order mark: certain, so read as such
        text = bom[0] if bom else data.decode("utf-8-sig", errors="replace")
        if bom:
            warnings.append(Problem(name, f"read as {bom[1]} (the file starts with its byte-order mark); "
                                          "the page is UTF-8", 1, severity="warning"))
        bad = text.count("\ufffd") - (data.count("\ufffd".encode()) if not bom else 0)
        if bad >= OTHER_ENCODING_BAD and bad * 5 >= sum(1 for c in text if ord(c) > 127):
            raise JieduError(Problem(name, not_utf8(data, name)))  # GBK, Big5, UTF-16 without a mark …
        was = mojibake(text)
        if was:
            raise JieduError(Problem(name, f"the text is mojibake: UTF-8 read as {was[0]} and saved again (it was "
                                           f"'{was[1]}…'); undo it with: iconv -f UTF-8 -t {was[0]} {name} > fixed.txt, "
                                           "then import fixed.txt"))
        if "\ufffd" in text and not bom:
            strict = data.decode("utf-8-sig", errors="ignore")
            undecodable = len(text) - len(strict) if len(text) > len(strict) else text.count("\ufffd")
            first = text.index("\ufffd")
            warnings.append(_at(text, first, name, f"{undecodable} byte(s) that are not UTF-8 shown as U+FFFD; "
                                                   "the first is here (save the raw file as UTF-8)"))
    else:
        text = data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = list(_CONTROL.finditer(text))
    if controls:
        warnings.append(_at(text, controls[0].start(), name, f"{len(controls)} control character"
                            f"{'s' if len(controls) != 1 else ''} (NUL, escape, …) removed; the first is here"))
        text = _CONTROL.sub("", text)
    private = list(_PRIVATE_USE.finditer(text))
    if private:
        warnings.append(_at(text, private[0].start(), name, f"{len(private)} private-use character"
                            f"{'s' if len(private) != 1 else ''} (glyphs the OCR could not map) shown as U+FFFD; the first is here"))
        text = _PRIVATE_USE.sub("\ufffd", text)
    return Cleaned(text, len(controls), len(private), undecodable, tuple(warnings))


def _at(text: str, index: int, name: str, message: str) -> Problem:
    line = text.count("\n", 0, index) + 1
    return Problem(name, message, line, index - (text.rfind("\n", 0, index) + 1) + 1, "warning")
