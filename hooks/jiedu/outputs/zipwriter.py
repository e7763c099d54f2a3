"""A zip writer of Jiedu's own, rather than ``zipfile``'s: each member is compressed once and
kept, so the pages that show the zip's size can be recompressed alone while the size settles
(``offline.py``) and one file can go into several zips (``offlinetexts.py``); every field that
could vary (time, attributes, order) is fixed here, visibly, so the same files give the same
bytes.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

ZIP_FOLDER = "jiedu-site"  # unzipping gives one folder, not files spread over Downloads

DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date a zip can hold
DOS_TIME = 0


@dataclass(frozen=True)
class Member:
    """One file of a zip: its name in the zip, CRC-32 and size of the content, and the
    content as stored (deflated, or as is when deflating does not make it smaller)."""

    name: bytes
    crc: int
    size: int
    method: int  # 8 deflate, 0 stored
    data: bytes


def member(name: str, content: bytes, level: int = 6) -> Member:
    """
    >>> m = member("a.txt", b"aaaa" * 100); (m.method, m.size, len(m.data) < 100)
    (8, 400, True)
    >>> member("i.png", b"\\x89PNG").method
    0
    """
    c = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate, as zip wants it
    data = c.compress(content) + c.flush()
    method = 8
    if len(data) >= len(content):
        data, method = content, 0
    return Member(name.encode("utf-8"), zlib.crc32(content), len(content), method, data)


def zip_bytes(members: list[Member], comment: bytes = b"") -> bytes:
    """A zip archive of ``members`` in the order given (no zip64: under 4 GB, 65,535 files).

    >>> import io, zipfile
    >>> z = zipfile.ZipFile(io.BytesIO(zip_bytes([member("d/a.txt", b"hello " * 50), member("d/b", b"")])))
    >>> z.testzip(), z.namelist(), z.read("d/a.txt")[:11], z.getinfo("d/b").date_time
    (None, ['d/a.txt', 'd/b'], b'hello hello', (1980, 1, 1, 0, 0, 0))
    """
    if len(members) > 0xFFFF or len(comment) > 0xFFFF:
        raise ValueError("too many files for a zip without zip64")
    local, central, offset = [], [], 0
    for m in members:
        flags = 0x800 if not m.name.isascii() else 0  # bit 11: the name is UTF-8
        version = 20 if m.method == 8 else 10
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, version, flags, m.method, DOS_TIME, DOS_DATE,
                           m.crc, len(m.data), m.size, len(m.name), 0)
        # made by Unix (3), so the external attributes mean rw-r--r-- regular file
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, version, flags,
                                   m.method, DOS_TIME, DOS_DATE, m.crc, len(m.data), m.size,
                                   len(m.name), 0, 0, 0, 0, 0o100644 << 16, offset) + m.name)
        local += [head, m.name, m.data]
        offset += len(head) + len(m.name) + len(m.data)
        if offset > 0xFFFFFFFF:
            raise ValueError("the site is too large for a zip without zip64")
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, len(comment))
    return b"".join(local) + directory + end + comment
