"""The search index that loads per query: for a library too large for one index file.

Material's search fetches one index file as the first page loads and builds it in the
browser; on a library of ten million characters that file is about 22 MB gzipped. This index
is cut into small files instead, and a query loads only the few it needs
(``docs/assets/jiedu-search.js``, a search worker that speaks Material's worker protocol, so
Material's search box and results stay as they are):

- ``search/search_index.json`` (and the ``search_index.js`` Material's offline plugin makes of
  it for ``file://``) becomes the **manifest**: no documents, and Material's search ``config``
  with, under ``jiedu`` (Material hands the worker the config and the documents alone), the
  pages (URL, title, first document), the number of documents, the number of term shards and
  of documents per chunk, and the folder of the shards;
- ``search/jiedu/<version>/t/<n>.js``, the **term shards**: which documents contain each key,
  ``jieduSearch("t<n>", {key: postings})``;
- ``search/jiedu/<version>/d/<n>.js``, the **document chunks**: ``jieduSearch("d<n>",
  [[anchor, title, text, english], …])`` for documents ``n × per`` onwards, shown in results.

Shards are classic scripts, so they load from ``file://`` as well (the worker runs in
Material's iframe shim there and adds them as script elements; over HTTP it fetches them).
``<version>`` is a hash of every shard: a page and the shards it asks for are always of one
build, whatever a cache in between holds.

**Keys.** Every Han character and every pair of adjacent Han characters of a document's title
and text: a query's Han runs are cut the same way in the browser and a document must have every
piece (社会工作 → 社会, 会工, 工作; one character alone is its own key), so any run of characters
is found, not only whole words (基层减负 inside 为基层减负), without a segmenter in the browser.
The pieces can be present and not adjacent (一个 and 个人 without 一个人): the worker checks each
document it shows against the query itself. English words of a document's title, text and
translation, lower case, a plural's *s* dropped, with ``e:`` before them; a glossary entry's
pinyin as letters only (``jiesujiban``; a query is normalised the same way, so tone marks, tone
numbers and spaces do not matter), with ``=`` before it. A key's shard is the FNV-1a hash of its
characters' code points modulo the number of shards; an English word and a pinyin key are
hashed by their first three letters, so the word a reader is still typing finds its shard
(they match as prefixes).

**Postings.** The documents of a key, ascending, as gaps (minus one) in a base-32 variable-length
code written with 64 URL-safe characters: a digit of 32 and more says another digit follows.

This module writes files; it knows nothing of MkDocs or of pages: the build hands it documents
(``page/searchindex.py``'s ``paragraph_docs`` and ``glossary_docs``, and Material's entries for
the other pages).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FOLDER = "search/jiedu"
ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: The Han characters (as ``base/pinyin.py``'s HAN_CHARS): ranges of code points.
HAN_RANGES = ((0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
FNV_OFFSET, FNV_PRIME = 2166136261, 16777619
#: A term shard holds about this many bytes of postings; a document chunk about this much text.
SHARD_BYTES = 16_000
CHUNK_BYTES = 8_000
MAX_SHARDS = 4096
WORD = re.compile(r"[a-z0-9]+")
LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff']+")
#: English words too common to find anything with (lunr's list is longer).
STOP = frozenset("a an and are as at be by for from in is it its of on or that the this to was were with".split())


def fnv(text: str) -> int:
    """The FNV-1a hash (32 bits) of a string's code points; the worker computes the same.

    >>> fnv("社会"), fnv("e:soc")
    (3750528225, 3477737505)
    """
    h = FNV_OFFSET
    for ch in text:
        h = ((h ^ ord(ch)) * FNV_PRIME) & 0xFFFFFFFF
    return h


def stem(word: str) -> str:
    """An English word as the index keeps it: a plural's *s* dropped (the worker does the same).

    >>> [stem(w) for w in ("policies", "reforms", "process", "status", "basis", "is", "news")]
    ['policy', 'reform', 'process', 'status', 'basis', 'is', 'new']
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_words(text: str) -> set[str]:
    """The English words of ``text`` as keys (lower case, accents off, stemmed, no stop words).

    >>> sorted(english_words("The Party's policies, and Beijing 2024"))
    ['2024', 'beijing', 'party', 'policy']
    """
    latin = " ".join(LATIN.findall(text))  # Chinese text has little of it: fold only this
    folded = unicodedata.normalize("NFKD", latin.lower())
    words = WORD.findall("".join(c for c in folded if not unicodedata.combining(c)).replace("'s", " "))
    return {stem(w) for w in words if w not in STOP}


def pinyin_key(text: str) -> str:
    """Pinyin as the index keeps it: letters only, tone marks off, ü as v.

    >>> [pinyin_key(x) for x in ("jiē sù jí bàn", "jie1 su4", "lǜ de", "lu:4")]
    ['jiesujiban', 'jiesu', 'lvde', 'lv']
    """
    folded = unicodedata.normalize("NFD", text.lower()).replace("u\u0308", "v").replace("u:", "v")
    return "".join(c for c in folded if "a" <= c <= "z")


def latin_shard(key: str, shards: int) -> int:
    """The shard of an English word (``e:…``) or pinyin key (``=…``): by its first three letters."""
    return fnv(key[: key.index(":") + 4] if key.startswith("e:") else key[:4]) % shards


# -- postings ---------------------------------------------------------------------------------


def encode(gaps: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The variable-length code of ``gaps`` (non-negative) and where each gap's code starts.

    >>> encode(np.array([0, 31, 32, 1023, 1024]))[0]
    b'AfgB_fggB'
    """
    gaps = gaps.astype(np.int64)
    digits = np.ones(len(gaps), dtype=np.int64)
    for bits in (5, 10, 15, 20, 25, 30):
        digits += gaps >= (1 << bits)
    starts = np.cumsum(digits) - digits
    out = np.zeros(int(digits.sum()), dtype=np.uint8)
    alphabet = np.frombuffer(ALPHABET, dtype=np.uint8)
    for k in range(int(digits.max(initial=1))):
        sel = digits > k
        value = (gaps[sel] >> (5 * k)) & 31
        more = digits[sel] > k + 1
        out[starts[sel] + k] = alphabet[value + 32 * more]
    return out.tobytes(), starts


def decode(code: str) -> list[int]:
    """The documents a postings string lists (the worker's decoder, in Python, for tests).

    >>> decode(postings_string([0, 5, 6, 40, 2000]))
    [0, 5, 6, 40, 2000]
    """
    docs, doc, value, shift = [], -1, 0, 0
    for ch in code.encode("ascii"):
        digit = ALPHABET.index(ch)
        if digit >= 32:
            value += (digit - 32) << shift
            shift += 5
        else:
            value += digit << shift
            doc += value + 1
            docs.append(doc)
            value, shift = 0, 0
    return docs


def postings_string(docs: Sequence[int]) -> str:
    """One key's documents (ascending, distinct) as a postings string."""
    out, previous = bytearray(), -1
    for doc in docs:
        gap, previous = doc - previous - 1, doc
        while gap >= 32:
            out.append(ALPHABET[32 + (gap & 31)])
            gap >>= 5
        out.append(ALPHABET[gap])
    return out.decode("ascii")


def _is_han(cps: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(cps), dtype=bool)
    for lo, hi in HAN_RANGES:
        mask |= (cps >= lo) & (cps <= hi)
    return mask


def han_postings(texts: Sequence[str]) -> tuple[list[str], list[str], np.ndarray]:
    """Every Han character and pair of adjacent Han characters of ``texts`` (one a document):
    the keys, their postings strings, and their shard hashes (FNV-1a), in key order.

    >>> keys, codes, _ = han_postings(["社会工作", "工作，社会"])
    >>> {k: decode(c) for k, c in zip(keys, codes)}["工作"], {k: decode(c) for k, c in zip(keys, codes)}["社会"]
    ([0, 1], [0, 1])
    >>> sorted(keys)
    ['会', '会工', '作', '工', '工作', '社', '社会']
    """
    if not texts:
        return [], [], np.zeros(0, dtype=np.uint64)
    joined = "\n".join(texts)  # a line break is no Han character: no pair spans two documents
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    doc = np.repeat(np.arange(len(texts), dtype=np.uint64), lengths)[: len(cps)]
    han = _is_han(cps)
    pair = han[:-1] & han[1:]
    keys = np.concatenate([cps[han], (cps[:-1][pair] << np.uint64(21)) | cps[1:][pair]])
    docs = np.concatenate([doc[han], doc[:-1][pair]])
    if len(texts) >= 1 << 21:
        raise ValueError("more than 2,097,152 search documents: split the library")
    both = np.sort((keys << np.uint64(21)) | docs)  # by key, then document
    both = both[np.append(True, both[1:] != both[:-1])]  # each pair once (np.unique hashes: slower here)
    keys, docs = both >> np.uint64(21), (both & np.uint64((1 << 21) - 1)).astype(np.int64)
    if not len(keys):
        return [], [], np.zeros(0, dtype=np.uint64)
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    previous = np.empty_like(docs)
    previous[0] = -1
    previous[1:] = docs[:-1]
    previous[first] = -1
    code, starts = encode(docs - previous - 1)
    key_starts = np.flatnonzero(first)
    ends = np.append(starts[key_starts[1:]], len(code))
    uniq = keys[key_starts]
    high, low = uniq >> np.uint64(21), uniq & np.uint64((1 << 21) - 1)
    # FNV-1a over the key's code points: one step for a character, two for a pair
    mask, prime, offset = np.uint64(0xFFFFFFFF), np.uint64(FNV_PRIME), np.uint64(FNV_OFFSET)
    one = ((offset ^ low) * prime) & mask
    two = ((((((offset ^ high) * prime) & mask) ^ low) * prime) & mask)
    hashes = np.where(high == 0, one, two)
    names = [chr(int(lo)) if not hi else chr(int(hi)) + chr(int(lo)) for hi, lo in zip(high.tolist(), low.tolist())]
    starts_list, ends_list = starts[key_starts].tolist(), ends.tolist()
    codes = [code[a:b].decode("ascii") for a, b in zip(starts_list, ends_list)]
    return names, codes, hashes


# -- the index --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageDocs:
    """A page's documents: its URL, title, and ``{"anchor", "title", "text", "en"?, "keys"?}``
    dicts, the page itself first (anchor "")."""

    url: str
    title: str
    docs: Sequence[dict]


@dataclass(frozen=True)
class ChunkedIndex:
    """What :func:`chunked_index` makes: the manifest and every shard's path and text."""

    manifest: dict
    files: dict[str, str]

    @property
    def bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in self.files.values())


def _script(name: str, data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=isinstance(data, dict))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'jieduSearch("{name}",{text});\n'


def _power_of_two(n: float, top: int) -> int:
    k = 1
    while k < n and k < top:
        k *= 2
    return k


def chunked_index(pages: Iterable[PageDocs], config: dict) -> ChunkedIndex:
    """The manifest and shards for ``pages`` (documents numbered in order). ``config`` is
    Material's search config (kept in the manifest for its search box).

    >>> idx = chunked_index([PageDocs("a.html", "题", [{"anchor": "", "title": "题", "text": ""},
    ...     {"anchor": "p-1", "title": "¶1", "text": "社会工作", "en": "Social work"}])], {"lang": ["en"]})
    >>> idx.manifest["config"]["jiedu"]["pages"], idx.manifest["config"]["jiedu"]["count"], sorted(idx.files)[0].split("/")[-2:]
    ([['a.html', '题', 0]], 2, ['d', '0.js'])
    """
    listed, texts, latin = [], [], {}
    docs_out: list[list[str]] = []
    for page in pages:
        listed.append([page.url, page.title, len(docs_out)])
        for doc in page.docs:
            n = len(docs_out)
            en = doc.get("en", "")
            row = [doc["anchor"], doc["title"], doc["text"]] + ([en] if en else [])
            docs_out.append(row)
            texts.append(f"{doc['title']}\n{doc['text']}")
            for w in english_words(f"{doc['title']} {doc['text']} {en}"):
                latin.setdefault("e:" + w, []).append(n)
            for k in {pinyin_key(k) for k in doc.get("keys", ())}:
                if len(k) >= 2:
                    latin.setdefault("=" + k, []).append(n)
    names, codes, hashes = han_postings(texts)
    latin_codes = {k: postings_string(v) for k, v in latin.items()}
    total = sum(map(len, codes)) + sum(map(len, latin_codes.values())) + 4 * (len(names) + len(latin_codes))
    shards = _power_of_two(total / SHARD_BYTES, MAX_SHARDS)
    terms: list[dict[str, str]] = [{} for _ in range(shards)]
    for name, code, at in zip(names, codes, (hashes % np.uint64(shards)).tolist()):
        terms[at][name] = code
    for key, code in latin_codes.items():
        terms[latin_shard(key, shards)][key] = code
    average = sum(len(json.dumps(d, ensure_ascii=False).encode("utf-8")) for d in docs_out) / max(1, len(docs_out))
    per = max(4, min(128, int(CHUNK_BYTES // max(1.0, average))))
    files = {f"t/{i}.js": _script(f"t{i}", t) for i, t in enumerate(terms)}
    files.update({f"d/{i}.js": _script(f"d{i}", docs_out[k: k + per]) for i, k in enumerate(range(0, len(docs_out), per))})
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path}\0{files[path]}\0".encode("utf-8"))
    folder = f"{FOLDER}/{digest.hexdigest()[:12]}"
    jiedu = {"version": 1, "path": folder + "/", "shards": shards, "per": per, "count": len(docs_out), "pages": listed}
    manifest = {"config": {**config, "jiedu": jiedu}, "docs": []}
    return ChunkedIndex(manifest, {f"{folder}/{p}": t for p, t in files.items()})


def write_chunked_index(site_dir: Path, index: ChunkedIndex) -> None:
    """Write the shards (replacing any of an earlier build) and the manifest as
    ``search/search_index.json``."""
    shutil.rmtree(site_dir / FOLDER, ignore_errors=True)
    for path, text in index.files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    manifest = json.dumps(index.manifest, ensure_ascii=False, separators=(",", ":"))
    (site_dir / "search").mkdir(parents=True, exist_ok=True)
    (site_dir / "search" / "search_index.json").write_text(manifest, encoding="utf-8")
