"""The site for offline reading: a download of the finished site, and what the service worker
keeps on a reader's device.

Run once the site is complete on disk (the MkDocs hook calls :func:`write_offline` last in
``on_post_build``). It writes three files into the site:

- ``jiedu-site.zip``: every file a reader's browser can ask for from ``file://``, under one
  folder, in sorted order with fixed timestamps, so the same site gives the same bytes. Its
  size is written into the pages that carry the marker ``<span data-jiedu-zip-size></span>``
  (the home page), and those pages are inside the zip: :func:`settle` finds the label that
  is true of the zip that contains it;
- ``offline.json``: the files to keep offline with their sizes and hashes, and the build's
  version (a hash of them all). The service worker reads it on each visit with a network;
  any change to any kept file changes the version, and the worker saves the new build;
- ``sw.js`` at the site's root (a service worker controls only pages below its own folder):
  ``importScripts`` of the worker's code, ``assets/jiedu-sw.js``, the same for every build;
- ``manifest.webmanifest``: name, icons and colours, so a phone can add the site to its home
  screen.

What is left out, and why, is in :data:`NOT_IN_ZIP`, :data:`NOT_KEPT` and :func:`unused`.
This module reads and writes files and nothing else: no MkDocs, no network.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .offlinetexts import COMMON_ZIP, Text, group, write_zips
from .zipwriter import ZIP_FOLDER, Member, member, zip_bytes  # noqa: F401  (the zip's parts, used here and by the tests)

ZIP_NAME = "jiedu-site.zip"
SERVICE_WORKER = "sw.js"
WORKER_CODE = "assets/jiedu-sw.js"
LIST = "offline.json"
MANIFEST = "manifest.webmanifest"
#: The header's colour (``--md-primary-fg-color`` of the light scheme in jiedu.css), so the
#: phone's bar and splash screen match it; the icons use it too.
THEME_COLOR = "#a51d1d"
ICONS = (  # (path in the site, sizes, purpose)
    ("assets/icons/jiedu.svg", "any", "any"),
    ("assets/icons/jiedu-192.png", "192x192", "any"),
    ("assets/icons/jiedu-512.png", "512x512", "any"),
    ("assets/icons/jiedu-maskable-512.png", "512x512", "maskable"),
)
SIZE_MARK = re.compile(rb"(<span data-jiedu-zip-size>)[^<]*(</span>)")

#: Files only a web server uses: not in the zip. The service worker (and its list) cannot
#: run from ``file://``; the sitemaps are for crawlers and Material's instant navigation, which it turns
#: off under ``file://``; GitHub Pages serves 404.html for a missing path (its links are
#: absolute, made from site_url); from ``file://`` Material's search reads
#: ``search_index.js``, never the JSON.
NOT_IN_ZIP = frozenset({ZIP_NAME, SERVICE_WORKER, WORKER_CODE, LIST, "sitemap.xml", "sitemap.xml.gz",
                        "404.html", "search/search_index.json"})
#: Files the service worker does not keep: the zip (a download, and bigger than the rest),
#: the worker's own scripts (the browser keeps those) and its list, the file:// copy of the search index,
#: the compressed sitemap (crawlers only) and 404.html (see above). sitemap.xml is kept:
#: Material's instant navigation reads it to know which links are pages.
NOT_KEPT = frozenset({ZIP_NAME, SERVICE_WORKER, WORKER_CODE, LIST, "search/search_index.js",
                      "sitemap.xml.gz", "404.html"})
LUNR = "assets/javascripts/lunr/"


def lunr_files(langs: Iterable[str]) -> set[str]:
    """The lunr files Material's search worker loads for the search languages (as its
    ``setupSearchLanguages`` does in mkdocs-material 9.7: nothing for English alone).

    >>> sorted(lunr_files(["en"])), sorted(lunr_files(["en", "ja"]))
    ([], ['assets/javascripts/lunr/min/lunr.ja.min.js', 'assets/javascripts/lunr/min/lunr.multi.min.js', \
'assets/javascripts/lunr/min/lunr.stemmer.support.min.js', 'assets/javascripts/lunr/tinyseg.js'])
    """
    langs = list(langs)
    out = {f"{LUNR}min/lunr.{lang}.min.js" for lang in langs if lang != "en"}
    out |= {f"{LUNR}tinyseg.js" for lang in langs if lang == "ja"}
    out |= {f"{LUNR}wordcut.js" for lang in langs if lang in ("hi", "th")}
    if len(langs) > 1:
        out.add(f"{LUNR}min/lunr.multi.min.js")
    if out:
        out.add(f"{LUNR}min/lunr.stemmer.support.min.js")
    return out


def unused(path: str, lunr: set[str]) -> bool:
    """Files no reader's browser asks for: source maps (developer tools fetch them) and the
    lunr languages the search does not use (about 1 MB that Material ships for every site).

    >>> [unused(p, set()) for p in ("assets/javascripts/bundle.js.map", LUNR + "wordcut.js", "index.html")]
    [True, True, False]
    """
    return path.endswith(".map") or (path.startswith(LUNR) and path not in lunr)


def site_paths(site: Path) -> list[str]:
    """Every file under ``site``, site-relative with ``/``, in sorted order."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def search_langs(site: Path) -> list[str]:
    """The search languages the built index declares (``["en"]`` if there is no index)."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return ["en"]
    return list(json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"]))


def zip_paths(paths: Iterable[str], lunr: set[str]) -> list[str]:
    """What the download holds: everything a reader's browser can ask for from ``file://``.

    >>> zip_paths(["404.html", "index.html", "jiedu-site.zip", "search/search_index.js", "search/search_index.json", "sw.js"], set())
    ['index.html', 'search/search_index.js']
    """
    return [p for p in paths if p not in NOT_IN_ZIP and not unused(p, lunr)]


def kept_paths(paths: Iterable[str], lunr: set[str]) -> list[str]:
    """What the service worker keeps: everything a reader's browser can ask for over HTTP.

    >>> kept_paths(["index.html", "jiedu-site.zip", "search/search_index.js", "search/search_index.json", "sitemap.xml"], set())
    ['index.html', 'search/search_index.json', 'sitemap.xml']
    """
    return [p for p in paths if p not in NOT_KEPT and not unused(p, lunr)]


# -- the zip (its size in the pages that show it) ------------------------------------------


def size_label(n: int) -> str:
    """A size as the home page shows it: kB under a megabyte, else MB to a tenth (SI units,
    as download managers and phones show them).

    >>> size_label(4_349_999), size_label(4_350_000), size_label(780_400), size_label(999_499)
    ('4.3 MB', '4.4 MB', '780 kB', '999 kB')
    """
    if n < 999_500:
        return f"{(n + 500) // 1000} kB"
    tenths = (n + 50_000) // 100_000
    return f"{tenths // 10}.{tenths % 10} MB"


def label_floor(label: str) -> int:
    """The smallest size that :func:`size_label` writes as ``label``.

    >>> [label_floor(x) for x in ("4.4 MB", "780 kB", "1.0 MB")]
    [4350000, 779500, 999500]
    """
    number, unit = label.split()
    if unit == "kB":
        return int(number) * 1000 - 500
    whole, tenth = number.split(".")
    return max(999_500, (int(whole) * 10 + int(tenth)) * 100_000 - 50_000)


def settle(size_with: Callable[[str, int], int], tries: int = 6) -> tuple[str, int]:
    """The label and zip-comment padding for which the zip's size is what its pages say.

    ``size_with(label, padding)`` is the size of the zip whose pages show ``label``, with
    ``padding`` bytes of comment. Changing a digit of a page changes its compressed size by a
    few bytes at most, so the label settles at once, except where the size sits on a rounding
    edge and the two labels flip each other: then the larger label is taken and the zip is
    padded up to it with its comment (a few bytes).

    >>> settle(lambda label, pad: 1_234_000 + len(label) + pad)
    ('1.2 MB', 0)
    >>> flip = lambda label, pad: (4_350_001 if label == "4.3 MB" else 4_349_999) + pad
    >>> settle(flip)
    ('4.4 MB', 1)
    """
    label, seen = size_label(size_with("", 0)), []
    for _ in range(tries):
        size = size_with(label, 0)
        if size_label(size) == label:
            return label, 0
        seen.append(label)
        label = size_label(size)
        if label in seen:
            break
    label = max(seen + [label], key=label_floor)
    padding = label_floor(label) - size_with(label, 0)
    if not 0 <= padding <= 0xFFFF or size_label(size_with(label, padding)) != label:
        raise ValueError(f"the zip's size does not settle (labels tried: {', '.join(seen)})")
    return label, padding


def fill_size(html: bytes, label: str) -> bytes:
    """Write the zip's size into a page's marker.

    >>> fill_size(b'<a href="jiedu-site.zip">Download</a><span data-jiedu-zip-size></span>', "1.2 MB")
    b'<a href="jiedu-site.zip">Download</a><span data-jiedu-zip-size> (zip, 1.2 MB)</span>'
    """
    text = f" (zip, {label})".encode() if label else b""
    return SIZE_MARK.sub(lambda m: m.group(1) + text + m.group(2), html)


def write_zip(site: Path, paths: list[str], level: int = 6) -> tuple[str, int, dict[str, Member]]:
    """Write ``site/jiedu-site.zip`` of ``paths`` and its size into the pages that show it.
    Returns the label, the zip's size in bytes and its members by path (the zips by text
    reuse them rather than compress the same files again).

    Level 6 (zlib's default): on the 1,000,000-character corpus, level 9 took 2.6 times as
    long for a zip 2.6 % smaller. zlib lets go of the GIL while it compresses, so files are
    compressed on all cores; the bytes do not depend on the order they finish in."""
    contents = {p: (site / p).read_bytes() for p in paths}
    marked = [p for p in paths if p.endswith(".html") and SIZE_MARK.search(contents[p])]
    unmarked = [p for p in paths if p not in marked]
    with ThreadPoolExecutor() as pool:
        fixed = dict(zip(unmarked, pool.map(lambda p: member(f"{ZIP_FOLDER}/{p}", contents[p], level), unmarked)))

    def build(label: str, padding: int) -> bytes:
        members = [fixed.get(p) or member(f"{ZIP_FOLDER}/{p}", fill_size(contents[p], label), level) for p in paths]
        return zip_bytes(members, b" " * padding)

    label, padding = settle(lambda label, pad: len(build(label, pad)))
    data = build(label, padding)
    for p in marked:
        (site / p).write_bytes(fill_size(contents[p], label))
        fixed[p] = member(f"{ZIP_FOLDER}/{p}", fill_size(contents[p], label), level)
    (site / ZIP_NAME).write_bytes(data)
    return label, len(data), fixed


# -- the service worker's list, and the manifest ------------------------------------------


@dataclass(frozen=True)
class Kept:
    """A file the service worker keeps: site-relative path, size, and the start of its
    SHA-256 (the worker checks every file it downloads against it, so a half-updated server
    or CDN cannot leave a mix of two builds on a reader's device)."""

    path: str
    size: int
    sha256: str


def kept_files(site: Path, paths: Iterable[str]) -> list[Kept]:
    out = []
    for p in paths:
        data = (site / p).read_bytes()
        out.append(Kept(p, len(data), hashlib.sha256(data).hexdigest()[:16]))
    return out


def build_version(files: Iterable[Kept]) -> str:
    """A hash of every kept file's path and content: the cache's name on readers' devices.

    >>> a = [Kept("index.html", 3, "00aa")]
    >>> build_version(a) == build_version(list(a)) != build_version([Kept("index.html", 3, "00ab")])
    True
    """
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.path}\0{f.sha256}\n".encode("utf-8"))
    return h.hexdigest()[:16]


def offline_list(files: list[Kept], by_text: dict | None = None) -> str:
    """``offline.json``: the build's version, the bytes kept and every kept file. The worker
    reads it on each visit with a network and saves a new copy when the version changed.
    Above the budget, ``texts`` says what every text needs and what each text adds
    (``offlinetexts.py``): indices into ``files``, and the zips' sizes.

    >>> print(offline_list([Kept("index.html", 3, "00aa")]))  # doctest: +ELLIPSIS
    {"version":"...","bytes":3,"files":[["index.html",3,"00aa"]]}
    <BLANKLINE>
    """
    data = {"version": build_version(files), "bytes": sum(f.size for f in files),
            "files": [[f.path, f.size, f.sha256] for f in files]}
    if by_text is not None:
        data["texts"] = by_text
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


#: The site-root ``sw.js``: the same for every build (a new build changes ``offline.json``,
#: not the worker, so taking a new build never waits on a new worker's activation).
SERVICE_WORKER_JS = (f"// Written by the build (hooks/jiedu/outputs/offline.py): Jiedu's service worker, {WORKER_CODE}.\n"
                     f"importScripts({json.dumps(WORKER_CODE)});\n")


def web_manifest(name: str, description: str = "", short_name: str | None = None) -> str:
    """The web app manifest. Its addresses are relative to itself, at the site's root, so
    the installed app works under any sub-path (GitHub Pages: ``/repository/``).

    >>> m = json.loads(web_manifest("Jiedu 解读", "Chinese texts")); m["short_name"], m["start_url"], m["icons"][3]["purpose"]
    ('Jiedu', './index.html', 'maskable')
    """
    manifest = {
        "name": name,
        "short_name": short_name or name.split()[0],
        "description": description,
        "lang": "en",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": "#ffffff",
        "icons": [{"src": src, "sizes": sizes, "type": "image/svg+xml" if src.endswith(".svg") else "image/png",
                   "purpose": purpose} for src, sizes, purpose in ICONS],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Offline:
    """What :func:`write_offline` wrote: the label on the home page, the zip's size and file
    count, and the service worker's version, file count and bytes kept (all of them: above the
    budget a first visit keeps ``common_bytes``, and each text what it adds)."""

    label: str
    zip_bytes: int
    zip_files: int
    version: str
    kept_files: int
    kept_bytes: int
    by_text: bool = False
    common_bytes: int = 0


def write_offline(site: Path, name: str, description: str = "", budget: float | None = None,
                  texts: Iterable[tuple[str, str]] = (), files_of: Callable[[str], Iterable[str]] | None = None) -> Offline:
    """The manifest, then the zip (and its size in the pages), then ``offline.json`` over
    the finished files, and ``sw.js``. Call it when nothing else will write into ``site``.

    When the files kept come to more than ``budget`` bytes, the reader keeps the texts they
    choose (``offlinetexts.py``): ``offline.json`` says which files each of ``texts`` needs,
    and each text and what every text needs get a zip of their own, beside the whole site's.
    ``texts`` are (URL, title) pairs; ``files_of(url)`` gives a text's files, asked only then
    (working out each text's files takes a moment)."""
    (site / MANIFEST).write_text(web_manifest(name, description), encoding="utf-8")
    texts = list(texts)
    extra = {COMMON_ZIP, *(Text(url, title, ()).zip for url, title in texts)}  # the downloads by text: in no list
    paths = [p for p in site_paths(site) if p not in extra]
    lunr = lunr_files(search_langs(site))
    in_zip = zip_paths(paths, lunr)
    label, size, members = write_zip(site, in_zip)
    kept_list = kept_paths(paths, lunr)
    kept_bytes = sum((site / p).stat().st_size for p in kept_list)
    by_text = None
    common_bytes = 0
    chosen = []
    if budget is not None and kept_bytes > budget and files_of is not None:
        chosen = [Text(url, title, tuple(files_of(url))) for url, title in texts]
    if chosen:
        grouping = group(kept_list, chosen)
        zips = write_zips(site, grouping, members)
        index = {p: i for i, p in enumerate(kept_list)}
        by_text = {"budget": int(budget), "zip": zips[COMMON_ZIP], "common": [index[p] for p in grouping.common],
                   "texts": [[t.url, t.title, [index[p] for p in t.files], zips[t.zip]] for t in grouping.texts]}
        common_bytes = sum((site / p).stat().st_size for p in grouping.common)
    else:
        for stale in extra:  # a build below the budget after one above it
            if (site / stale).is_file():
                (site / stale).unlink()
    del members  # the compressed site: free before hashing it
    kept = kept_files(site, kept_list)
    (site / LIST).write_text(offline_list(kept, by_text), encoding="utf-8")
    (site / SERVICE_WORKER).write_text(SERVICE_WORKER_JS, encoding="utf-8")
    return Offline(label, size, len(in_zip), build_version(kept), len(kept), sum(f.size for f in kept),
                   by_text is not None, common_bytes)
