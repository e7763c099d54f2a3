"""One build of a Jiedu site, independent of MkDocs: what the build knows and does per page.

The MkDocs hook (``hooks/jiedu_mkdocs.py``) calls these methods from its events; a
Python-Markdown extension (for Zensical) could call the same. A build starts from a loaded
:class:`~jiedu.project.Project`; each page is a :class:`~jiedu.page.inflight.Page` made by
:meth:`Site.read` and handed back at its later steps. Pages are identified by their
site-relative URL (``texts/x.html``); links between pages are made relative, so the site
works from ``file://`` and under any sub-path.
"""
from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from .annotations.glossary import Entry, unused_warning
from .annotations.opendata import FILES as GLOSSARY_DATA, files as glossary_data_files
from .base.errors import Problem
from .base.pinyin import zhuyin_table
from .outputs.offline import Offline, write_offline
from .outputs.sitedict import write_site_dictionary
from .page.editlinks import edit_base, edit_link
from .page.endmatter import arrange
from .page.glossarypage import backlinks_html, glossary_markdown
from .page.inflight import Page
from .page.prepare import prepare
from .page.render import forget_markup, render_page, ruby_nodes
from .page.searchindex import compact_index, glossary_entries, paragraph_entries
from .page.tooltip import definitions_html, entry_pinyin
from .page.vocab import anki_tsv, cards, vocabulary_html
from .project import Project
from .reading.engine import ReadingEngine
from .reading.segmenter import add_words, cut, load as load_segmenter, words as segmenter_words
from .readpass.cache import PageCache, ReadingStore, fingerprint, imported_modules
from .readpass.readpass import ReadingPass
from .readpass.workers import Setup, worker_count

GLOSSARY_PAGE = "glossary.md"
TEXTS_PAGE = "texts/index.md"
ZHUYIN_JS = "assets/jiedu-zhuyin.js"
#: Paragraph entries the search index may hold before paragraphs share entries: Material's
#: search builds its index in the browser at a cost per entry (1M characters in 11,000
#: paragraph entries: first results 400 ms later than plain Material's; in 1,800, as soon).
SEARCH_ENTRIES = 2000


def relative_url(target: str, page: str) -> str:
    """``target`` as a link from ``page`` (both site-relative URLs).

    >>> relative_url("glossary.html", "texts/a.html"), relative_url("texts/a.html", "glossary.html")
    ('../glossary.html', 'texts/a.html')
    """
    base = posixpath.dirname(page) or "."
    return posixpath.relpath(target, base)


@dataclass
class TextUse:
    title: str
    url: str
    anchor: str


@dataclass
class Site:
    project: Project
    repo_url: str | None = None
    edit_uri: str | None = None
    cache_dir: Path | None = None  # pages and readings kept between builds (cache.py); None: none
    workers: int | None = None  # processes of the reading pass (readpass.py); None: one a core
    glossary_url: str = "glossary.html"
    uses: dict[str, list[TextUse]] = field(default_factory=dict)  # entry id -> uses
    texts: list[Page] = field(default_factory=list)  # the texts read, in order
    problems: list[Problem] = field(default_factory=list)  # warnings found while reading pages
    paragraph_count: int = 0  # numbered paragraphs in all texts (search entries per paragraph)

    def __post_init__(self) -> None:
        table = self.project.reading_table
        self.engine = ReadingEngine(table)
        self._edit_base = edit_base(self.repo_url, self.edit_uri, self.project.docs_dir)
        add_words(form for e in self.entries for form in e.forms)  # search and readings alike
        words = segmenter_words()
        forget_markup(words)
        decides = [json.dumps(sorted((k, list(v)) for k, v in table.items()), ensure_ascii=False), *words]
        here = Path(__file__).parent
        directory = self.cache_dir
        self.cache = PageCache(directory / "pages" if directory else None, fingerprint(decides, here))
        # Readings are kept under a fingerprint of the reading code alone: a change to how
        # pages are rendered reads nothing again.
        self.reading_pass = ReadingPass(
            self.engine, ReadingStore(directory / "readings" if directory else None),
            fingerprint(decides, code=imported_modules(here / "readpass" / "readpass.py")),
            self.workers or worker_count(), Setup.of(table, words),
        )
        if self.cache.empty():
            self.reading_pass.start()  # a first build reads every page: start the workers early

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.project.entries

    # -- generated files ------------------------------------------------------------------

    def pinyin_of(self, entry: Entry) -> str:
        return entry_pinyin(entry, self.engine)

    def edit(self, entry: Entry) -> str:
        return edit_link(self._edit_base, entry.path, entry.line)

    def glossary_markdown(self) -> str | None:
        if not self.entries:
            return None
        return glossary_markdown(self.entries, self.pinyin_of, edit=self.edit, data=GLOSSARY_DATA)

    def glossary_data(self) -> dict[str, bytes]:
        """The glossary as open data (``annotations/opendata.py``): docs-relative path beside
        the glossary page → content."""
        folder = posixpath.dirname(GLOSSARY_PAGE)
        return {posixpath.join(folder, name): data for name, data in glossary_data_files(self.entries, self.pinyin_of).items()}

    @staticmethod
    def texts_index_markdown(texts: list[tuple[str, Mapping[str, Any]]]) -> str:
        """The Texts page: every text with its source, place and date, newest first.
        ``texts`` holds (URL relative to the index page, front matter) pairs.

        The list is one HTML block, which Markdown leaves alone: front-matter values are
        text, so they are escaped and never read as Markdown (no link or attribute list can
        be made of them).

        >>> print(Site.texts_index_markdown([("a.html", {"title": "[x](javascript:alert(1)){: onclick=y}", "place": "<b>"})]).split("\\n")[7])
        <li><a href="a.html" lang="zh-Hans">[x](javascript:alert(1)){: onclick=y}</a><br><span class="jiedu-texts__meta">&lt;b&gt;</span></li>
        """
        def text(value: Any) -> str:
            return escape(" ".join(str(value).split()), quote=True)

        items = []
        for href, meta in sorted(texts, key=lambda t: str(t[1].get("date", "")), reverse=True):
            facts = [text(meta[k]) for k in ("source", "place", "date") if meta.get(k)]
            subtitle = f'<br><span class="jiedu-texts__subtitle">{text(meta["subtitle"])}</span>' if meta.get("subtitle") else ""
            items.append(
                f'<li><a href="{escape(href, quote=True)}" lang="zh-Hans">{text(meta.get("title") or href)}</a>{subtitle}'
                f'<br><span class="jiedu-texts__meta">{" · ".join(facts)}</span></li>'
            )
        return "\n".join(["---", "title: Texts", "---", "", "# Texts", "", "<ul>", *items, "</ul>"]) + "\n"

    def zhuyin_js(self) -> str:
        def make() -> str:
            return f"window.JIEDU_ZHUYIN={json.dumps(zhuyin_table(), ensure_ascii=False, separators=(',', ':'))};\n"

        return self.cache.get_or_make(self.cache.key("", {"zhuyin": ZHUYIN_JS}), make)

    # -- per page -------------------------------------------------------------------------

    def read(self, html: str, url: str, meta: Mapping[str, Any], title: str, src: str = "",
             is_glossary: bool = False) -> tuple[str, Page]:
        """After Markdown: the page prepared (``page/prepare.py``: lines joined; in a text,
        paragraphs numbered, English pointed at its blocks, terms linked), where each term is
        used remembered, and what the page will read handed to the reading pass. Returns
        the HTML and the page, which the later steps take."""
        page = Page(url, src or url, title, meta, is_glossary)
        prepared = prepare(html, meta, self.project.matcher, relative_url(self.glossary_url, url), page.src,
                           self.project.english_at(page.src))
        html = prepared.html
        self.problems += prepared.problems
        if page.is_text:
            self.paragraph_count += prepared.paragraphs
            for use in prepared.uses:
                self.uses.setdefault(use.entry_id, []).append(TextUse(title, url, use.anchor or ""))
            page.entries, page.first = list(prepared.first), prepared.first
            self.texts.append(page)
        page.render_key = self.cache.key(html, {"render": url, "meta": meta})
        page.nodes = ruby_nodes(html, meta)
        if self.cache.has(page.render_key):
            self.reading_pass.keep(url)  # rendered before: nothing to read
        else:
            self.reading_pass.ask(url, page.nodes)
        return html, page

    def before_render(self) -> None:
        """Every page is read: hand the last units to the reading pass, and give jieba the
        glossary's words before any page is indexed for search (Material's search plugin
        segments with the same jieba, whether or not this build read a text)."""
        self.reading_pass.flush()
        load_segmenter()

    @staticmethod
    def toc_additions(page: Page) -> list[tuple[str, str, str]]:
        """Headings the page gets after Markdown, for its table of contents: (title, id, the
        id of the heading they go before, or "" for the end)."""
        return [("Vocabulary", "vocabulary", "notes-on-the-text")] if page.entries else []

    def search_entries(self, page: Page, html: str) -> list[dict] | None:
        """Jiedu's search entries for a page, or ``None`` to keep the search plugin's own."""
        if not page.makes_search_entries:
            return None
        per = max(1, -(-self.paragraph_count // SEARCH_ENTRIES))  # paragraphs per entry

        def make() -> str:
            if page.is_text:
                cuts = self.reading_pass.cuts(page.url, page.nodes)  # the reading pass cut them
                entries = paragraph_entries(html, page.url, page.title, per, lambda run: cuts.get(run) or cut(run))
            else:
                entries = glossary_entries(self.entries, page.url, self.pinyin_of)
            return json.dumps(entries, ensure_ascii=False)

        key = self.cache.key(html, {"search": [page.url, page.title, page.is_glossary, per], "meta": page.meta})
        return json.loads(self.cache.get_or_make(key, make, check=json.loads))

    def render(self, page: Page, html: str) -> str:
        """For the reader: ruby, metadata, vocabulary, tooltip definitions; on the glossary
        page, the backlinks to every text. Readings are looked up (``readpass.py``)."""
        html = self.cache.get_or_make(
            page.render_key, lambda: render_page(html, self.reading_pass.page(page.url), page.meta, page.nodes)
        )
        self.reading_pass.done(page.url)
        used = [self.project.by_id[i] for i in page.entries]
        if used:
            href = relative_url(self.glossary_url, page.url)
            items = cards(page.entries, self.project.by_id, page.first, self.pinyin_of)
            html = arrange(
                html,
                vocabulary_html(items, href, posixpath.basename(anki_path(page.url))),
                definitions_html(used, self.engine, href, self.project.by_term, self.edit),
            )
        else:
            html = arrange(html)
        if page.is_glossary:
            links = {k: [(u.title, relative_url(u.url, page.url), u.anchor) for u in v] for k, v in self.uses.items()}
            html = backlinks_html(html, links)
        return html

    # -- after all pages ------------------------------------------------------------------

    def finish(self, site_dir: Path, prune: bool = True) -> list[str]:
        """Every page is written to ``site_dir``: the search index as UTF-8, each text's Anki
        file, the word popup's dictionary; the cache pruned of what no page asked for
        (``prune``: a full build). Returns the notes on damaged cache entries."""
        index = site_dir / "search" / "search_index.json"
        if index.is_file():  # after the search plugin wrote it, before the offline plugin inlines it
            index.write_text(compact_index(index.read_text(encoding="utf-8")), encoding="utf-8")
        for path, content in self.anki_files().items():
            (site_dir / path).write_text(content, encoding="utf-8")
        write_site_dictionary(site_dir, self.cache)  # the entries of the words the written pages show
        notes = self.cache_warnings()
        if prune:
            self.prune_cache()
        return notes

    @staticmethod
    def write_offline(site_dir: Path, name: str, description: str = "") -> Offline:
        """The download of the site, the service worker's list and the web app manifest
        (``outputs/offline.py``): last, once every other file is written."""
        return write_offline(site_dir, name, description)

    def anki_files(self) -> dict[str, str]:
        """Site-relative path → content of each text's Anki file."""
        return {
            anki_path(page.url): anki_tsv(cards(page.entries, self.project.by_id, page.first, self.pinyin_of))
            for page in self.texts
            if page.entries
        }

    def cache_warnings(self) -> list[str]:
        """Cache entries that failed their check in this build: each was dropped and made
        again, so the site is as a cold build makes it."""
        paths = sorted({*self.cache.damaged, *self.reading_pass.store.damaged})
        out = [f"{_shown(p, self.project.root)}: damaged cache entry dropped and made again" for p in paths]
        return out + [f"cached readings of {d}: dropped and read again" for d in self.reading_pass.damaged]

    def prune_cache(self) -> None:
        """Remove what no page of this (full) build asked for."""
        self.cache.prune()
        self.reading_pass.store.prune()

    def warnings(self) -> list[Problem]:
        """Overlapping terms met while reading, and entries no text uses."""
        return self.problems + [unused_warning(e) for e in self.entries if e.id not in self.uses]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def anki_path(url: str) -> str:
    """Where a text's Anki file goes: beside the page.

    >>> anki_path("texts/social-work-2024-11-04.html")
    'texts/social-work-2024-11-04.anki.tsv'
    """
    return posixpath.splitext(url)[0] + ".anki.tsv"
