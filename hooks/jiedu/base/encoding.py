"""Which encoding a contributed file is in, when it is not UTF-8: named, with the command that
converts it.

Raw sources arrive from scanners, websites and word processors: GBK or GB18030 (Windows in
mainland China), Big5 (Taiwan, Hong Kong), UTF-16 (Windows' "Unicode"), or UTF-8 that some
program read as Latin-1 and saved again (mojibake: 标题 as ``æ ‡é¢˜``). Read as UTF-8, each
turns into replacement characters or nonsense that an import would publish. So:

- a byte-order mark says for certain what a file is: UTF-8 and UTF-16/32 with one are read
  as what they say (:func:`from_bom`);
- a file that is not UTF-8 is refused, with the encoding guessed (:func:`guess`: the
  encodings Chinese text comes in, each tried; no detector library, whose guesses on a line
  or two of Chinese named Big5 for GBK) and the ``iconv`` command that converts it
  (:func:`not_utf8`);
- a UTF-8 file whose text is mojibake is refused, with the ``iconv`` command that undoes it
  (:func:`mojibake`).

It guesses and words; it never converts without a byte-order mark.
"""
from __future__ import annotations

import codecs
import re

#: Byte-order marks, longest first (UTF-32's starts like UTF-16's), and the names iconv and
#: Python give them.
BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32LE", "utf-32-le"), (codecs.BOM_UTF32_BE, "UTF-32BE", "utf-32-be"),
    (codecs.BOM_UTF8, "UTF-8", "utf-8"), (codecs.BOM_UTF16_LE, "UTF-16LE", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "UTF-16BE", "utf-16-be"),
)
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Characters of a UTF-8 file read as Latin-1 or Windows-1252: what mojibake is made of.
LATIN = re.compile("[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def from_bom(data: bytes) -> tuple[str, str] | None:
    """The file's text and its encoding (iconv's name) when it starts with a byte-order mark
    other than UTF-8's (which every UTF-8 reader here drops), else None.

    >>> from_bom(codecs.BOM_UTF16_LE + "标题".encode("utf-16-le"))
    ('标题', 'UTF-16LE')
    """
    for bom, name, codec in BOMS:
        if data.startswith(bom):
            if codec == "utf-8":
                return None
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError:
                return None
    return None


def guess(data: bytes) -> str | None:
    """The encoding (iconv's name) of bytes that are not UTF-8, among those Chinese text
    comes in: each is tried, and one is named only when its text is plausible (Chinese,
    punctuation, ASCII, no controls); between GB18030 and Big5, the one whose characters
    are the commoner in its own standard's list (GB 2312 level 1, Big5's frequent
    characters). None when none fits (a damaged file, another language's encoding) or the
    text is too short to tell (fewer than four Chinese characters).

    >>> guess("谱写新时代社会工作高质量发展新篇章".encode("gbk")), guess("社會工作很重要，我們應該加強。".encode("big5"))
    ('GB18030', 'BIG5')
    >>> guess("标题\\n社会工作".encode("utf-16-le")), guess(b"ok\\n\\xff")
    ('UTF-16LE', None)
    """
    bom = from_bom(data)
    if bom:
        return bom[1]
    sample = data[:200_000]
    best: tuple[float, str] | None = None
    for name, codec, common in CANDIDATES:
        if codec.startswith("utf-16") and len(sample) % 2:
            sample_ = sample[:-1]
        else:
            sample_ = sample
        try:
            text = sample_.decode(codec)
        except UnicodeDecodeError:
            if len(sample_) == len(data):
                continue
            text = sample_.decode(codec, "ignore")  # the sample may end inside a character
        han = HAN.findall(text)
        if len(han) < 4 or sum(1 for c in text if PLAUSIBLE.match(c)) < 0.95 * len(text):
            continue
        score = sum(1 for c in han if common(c)) / len(han)
        if best is None or score > best[0]:
            best = (score, name)
    return best[1] if best else None


def _gb_common(c: str) -> bool:
    try:
        return 0xB0 <= c.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _big5_common(c: str) -> bool:
    try:
        return 0xA4 <= c.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


#: (iconv's name, Python's codec, whether a character is common in it), in the order tried:
#: on a tie the first wins (mainland texts are the site's first).
CANDIDATES = (
    ("GB18030", "gb18030", _gb_common), ("BIG5", "big5", _big5_common),
    ("UTF-16LE", "utf-16-le", lambda c: True), ("UTF-16BE", "utf-16-be", lambda c: True),
)
#: What a Chinese text is made of: Han, CJK and full-width punctuation, ASCII, spaces.
PLAUSIBLE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7\x20-\x7e\t\n\r]")


def not_utf8(data: bytes, name: str) -> str:
    """The message for a file that is not UTF-8: what it seems to be and how to convert it.

    >>> not_utf8("标题：社会工作".encode("gbk"), "sources/a.txt")
    'the file is not UTF-8 but seems to be GB18030 (GBK); convert it with: iconv -f GB18030 -t UTF-8 sources/a.txt > a.utf8.txt && mv a.utf8.txt sources/a.txt'
    """
    found = guess(data)
    if not found or found == "UTF-8":
        return "the file is not UTF-8; save it as UTF-8 (your editor's 'Save with encoding', or iconv -f ENCODING -t UTF-8)"
    shown = {"GB18030": "GB18030 (GBK)", "UTF-16LE": "UTF-16 (Windows' 'Unicode')", "UTF-16": "UTF-16 (Windows' 'Unicode')"}.get(found, found)
    base = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return (f"the file is not UTF-8 but seems to be {shown}; convert it with: iconv -f {found} -t UTF-8 {name} > "
            f"{base}.utf8.txt && mv {base}.utf8.txt {name}")


def mojibake(text: str) -> tuple[str, str] | None:
    """When ``text`` is UTF-8 that was read as Latin-1 or Windows-1252 and saved again: the
    encoding it was read as (iconv's name) and a sample of the text it was; else None.

    >>> mojibake("标题：社会工作".encode("utf-8").decode("cp1252"))
    ('WINDOWS-1252', '标题：社会工作')
    >>> mojibake("标题：社会工作".encode("utf-8").decode("latin-1"))
    ('LATIN1', '标题：社会工作')
    >>> mojibake("Café 社会") is None
    True
    """
    if HAN.search(text):
        return None
    latin = LATIN.findall(text)
    if len(latin) < 6:
        return None
    for codec, name in (("cp1252", "WINDOWS-1252"), ("latin-1", "LATIN1")):
        try:
            was = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if HAN.search(was):
            return name, "".join(was.split())[:12]
    return None
