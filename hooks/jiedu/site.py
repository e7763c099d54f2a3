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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .annotations.glossary import Entry, unused_warning
from .annotations.opendata import FILES as GLOSSARY_DATA, files as glossary_data_files
from .annotations.overrides import unused_warnings
from .base.errors import JieduError, Problem
from .base.htmltext import strip_tags
from .base.pinyin import HAN_RUN, zhuyin_table
from .outputs.dictionary import hsk_levels, hsk_version
from .outputs.offline import Offline, write_offline
from .outputs.offlinetexts import text_dictionary_files
from .outputs.searchshards import ChunkedIndex, PageDocs, chunked_index, write_chunked_index
from .outputs.sitedict import DICT_DIR, text_words, write_site_dictionary
from .page.editlinks import edit_base, edit_link
from .page.cite import cite_data_html
from .page.endmatter import arrange
from .page.glossarypage import glossary_markdown
from .page.inflight import Page
from .page.occurrences import Spread, fill_glossary, spreads, tooltip_line
from .page.prepare import plain, prepare
from .page.render import LONGEST_WORD, forget_markup, render_page, ruby_nodes
from .page.searchindex import compact_index, glossary_docs, glossary_entries, paragraph_docs, paragraph_entries
from .page.termspage import fill_terms, terms_markdown
from .page.textfacts import TextFacts
from .page.textfigures import Figures, ruby_words
from .page.textspage import WORDS_JS, fill_figures, texts_markdown, words_script
from .page.tooltip import definitions_html, entry_pinyin
from .page.vocab import anki_tsv, cards, vocabulary_html
from .project import READINGS, Project
from .reading.engine import ReadingEngine
from .reading.segmenter import add_words, cut, fix_words, parts, words as segmenter_words
from .readpass.cache import PageCache, ReadingStore, fingerprint, imported_modules
from .readpass.readpass import ReadingPass
from .readpass.workers import Setup, worker_count

GLOSSARY_PAGE = "glossary.md"
TEXTS_PAGE = "texts/index.md"
TERMS_PAGE = "terms.md"
#: The pages the build generates, by source path, and what each is (``Page.role``).
GENERATED = {GLOSSARY_PAGE: "glossary", TEXTS_PAGE: "texts", TERMS_PAGE: "terms"}
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
    site_url: str | None = None  # the published address, for citations (page/cite.py)
    site_name: str = ""
    cache_dir: Path | None = None  # pages and readings kept between builds (cache.py); None: none
    workers: int | None = None  # processes of the reading pass (readpass.py); None: one a core
    glossary_url: str = "glossary.html"
    uses: dict[str, list[TextUse]] = field(default_factory=dict)  # entry id -> uses
    texts: list[Page] = field(default_factory=list)  # the texts read, in order
    problems: list[Problem] = field(default_factory=list)  # warnings found while reading pages
    paragraph_count: int = 0  # numbered paragraphs in all texts (search entries per paragraph)
    han_chars: int = 0  # Chinese characters of all texts (search loads per query above a threshold)
    per_query: bool = False  # search loads per query (outputs/searchshards.py), decided before rendering
    search_docs: list[tuple[str, str, str, str]] = field(default_factory=list)  # per query: (URL, title, cache key, documents as JSON)
    words: set[str] = field(default_factory=set)  # the words of the texts, for the popup's dictionary
    text_words: dict[str, list[str]] = field(default_factory=dict)  # each text's words (URL → words)
    split_dictionary: set[str] = field(default_factory=set)  # the dictionary's files split by two characters
    text_plain: list[str] = field(default_factory=list)  # the text of each text read
    listed: list[str] = field(default_factory=list)  # the texts the generated Texts page lists (URLs)

    def __post_init__(self) -> None:
        self._spreads: dict[str, Spread] | None = None
        self._approximate = False  # some text's figures were cut here, not read from its rendering
        self._facts: dict[str, TextFacts] = {}  # text URL -> its facts
        table = self.project.reading_table
        self.engine = ReadingEngine(table)
        self._edit_base = edit_base(self.repo_url, self.edit_uri, self.project.docs_dir)
        add_words(form for e in self.entries for form in e.forms)  # search and readings alike
        fixes = self.project.word_fixes
        fix_words(fixes.splits, fixes.joins)  # annotations/words.yml: readings, ruby, search alike
        words = segmenter_words()
        self.search_terms = frozenset(words)  # found inside longer words by search (searchindex.inside)
        forget_markup([*words, fixes.key()])
        decides = [json.dumps(sorted((k, list(v)) for k, v in table.items()), ensure_ascii=False), fixes.key(), *words]
        here = Path(__file__).parent
        directory = self.cache_dir
        self.cache = PageCache(directory / "pages" if directory else None, fingerprint(decides, here))
        # Readings are kept under a fingerprint of the reading code alone: a change to how
        # pages are rendered reads nothing again.
        self.reading_pass = ReadingPass(
            self.engine, ReadingStore(directory / "readings" if directory else None),
            fingerprint(decides, code=imported_modules(here / "readpass" / "readpass.py")),
            self.workers or worker_count(), Setup.of(table, words, fixes.splits, fixes.joins),
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

    def texts_markdown(self, texts: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
        """The Texts page (``page/textspage.py``): every text, newest first, from ``texts``,
        (site-relative URL, front matter) pairs; each text's figures go in when the page is
        rendered."""
        self.listed = [url for url, _ in texts]
        return texts_markdown([TextFacts.of(url, meta) for url, meta in texts])

    @staticmethod
    def terms_markdown() -> str:
        """The Terms page (``page/termspage.py``); its table goes in when it is rendered."""
        return terms_markdown()

    def zhuyin_js(self) -> str:
        def make() -> str:
            return f"window.JIEDU_ZHUYIN={json.dumps(zhuyin_table(), ensure_ascii=False, separators=(',', ':'))};\n"

        return self.cache.get_or_make(self.cache.key("", {"zhuyin": ZHUYIN_JS}), make)

    # -- per page -------------------------------------------------------------------------

    def read(self, html: str, url: str, meta: Mapping[str, Any], title: str, src: str = "",
             is_glossary: bool = False, markdown: str = "", first_line: int = 1, role: str = "") -> tuple[str, Page]:
        """After Markdown: the page prepared (``page/prepare.py``: checked for scripts; lines
        joined; in a text, paragraphs numbered, English pointed at its blocks, terms linked),
        where each term is used remembered, and what the page will read handed to the
        reading pass. Returns the HTML and the page, which the later steps take; raises
        :class:`JieduError` for a page that would run a script. ``markdown`` is the page's
        text from line ``first_line`` of ``src`` (for the lines of problems); ``role`` names
        a page the build generated (:data:`GENERATED`)."""
        page = Page(url, src or url, title, meta, is_glossary, role=role)
        trusted = self.project.settings.trusts(posixpath.relpath(page.src, self.project.docs_dir))
        prepared = prepare(html, meta, self.project.matcher, relative_url(self.glossary_url, url), page.src,
                           self.project.english_at(page.src), markdown=markdown, first_line=first_line, trusted=trusted)
        errors = [p for p in prepared.problems if p.severity == "error"]
        if errors:
            raise JieduError(errors)
        html = prepared.html
        self.problems += prepared.problems
        if page.is_text:
            self.paragraph_count += prepared.paragraphs
            self.han_chars += sum(map(len, HAN_RUN.findall(html)))
            for use in prepared.uses:
                self.uses.setdefault(use.entry_id, []).append(TextUse(title, url, use.anchor or ""))
            page.entries, page.first = list(prepared.first), prepared.first
            self.texts.append(page)
            self.text_plain.append(plain(html))  # for the readings' phrases no text uses
        page.render_key = self.cache.key(html, {"render": url, "meta": meta})
        page.nodes = ruby_nodes(html, meta)
        if self.cache.has(page.render_key):
            self.reading_pass.keep(url)  # rendered before: nothing to read
        else:
            self.reading_pass.ask(url, page.nodes)
        return html, page

    def before_render(self) -> None:
        """Every page is read: hand the last units to the reading pass, and decide whether
        search loads per query (the texts' size against ``extra.jiedu``)."""
        self.reading_pass.flush()
        self.per_query = self.project.settings.per_query(self.han_chars)
        self._spreads = None  # every use is known now

    def facts(self, page: Page) -> TextFacts:
        """A text's facts from its front matter (``page/textfacts.py``), read once."""
        if page.url not in self._facts:
            self._facts[page.url] = TextFacts.of(page.url, page.meta)
        return self._facts[page.url]

    @property
    def spreads(self) -> dict[str, Spread]:
        """Each term's uses across the texts (``page/occurrences.py``), once every page is read."""
        if self._spreads is None:
            facts = {p.url: self.facts(p) for p in self.texts}
            self._spreads = spreads({k: [(u.url, u.anchor) for u in v] for k, v in self.uses.items()}, facts)
        return self._spreads

    @staticmethod
    def toc_additions(page: Page) -> list[tuple[str, str, str]]:
        """Headings the page gets after Markdown, for its table of contents: (title, id, the
        id of the heading they go before, or "" for the end)."""
        return [("Vocabulary", "vocabulary", "notes-on-the-text")] if page.entries else []

    def search_entries(self, page: Page, html: str) -> list[dict] | None:
        """Jiedu's search entries for a page, or ``None`` to keep the search plugin's own.
        When search loads per query, the page's documents are kept for that index instead
        (:meth:`finish` writes it) and Material's index gets no entry."""
        if not page.makes_search_entries:
            return None
        if self.per_query:
            self.search_docs.append((page.url, page.title, *self._search_docs(page, html)))
            return []
        per = max(1, -(-self.paragraph_count // SEARCH_ENTRIES))  # paragraphs per entry

        def make() -> str:
            if page.is_text:
                cuts = self.reading_pass.cuts(page.url, page.nodes)  # the reading pass cut them
                entries = paragraph_entries(html, page.url, page.title, per, lambda run: cuts.get(run) or cut(run),
                                            terms=self.search_terms)
            else:
                entries = glossary_entries(self.entries, page.url, self.pinyin_of)
            return json.dumps(entries, ensure_ascii=False)

        key = self.cache.key(html, {"search": [page.url, page.title, page.is_glossary, per], "meta": page.meta})
        return json.loads(self.cache.get_or_make(key, make, check=json.loads))

    def _search_docs(self, page: Page, html: str) -> tuple[str, str]:
        """The page's documents for the index that loads per query, as JSON, and their cache
        key (parsed only if the index is made again)."""
        def make() -> str:
            if page.is_text:
                return json.dumps(paragraph_docs(html, page.title), ensure_ascii=False)
            return json.dumps(glossary_docs(self.entries, self.pinyin_of), ensure_ascii=False)

        key = self.cache.key(html, {"search-docs": [page.url, page.title, page.is_glossary], "meta": page.meta})
        return key, self.cache.get_or_make(key, make, check=json.loads)

    def render(self, page: Page, html: str) -> str:
        """For the reader: ruby, metadata, vocabulary, tooltip definitions (with where each
        term appears); a text's figures (kept) and citation data; on the glossary page, where
        each term appears; on the Texts page, each text's figures; on the Terms page, its
        table. Readings are looked up (``readpass.py``)."""
        html = self.cache.get_or_make(
            page.render_key, lambda: render_page(html, self.reading_pass.page(page.url), page.meta, page.nodes)
        )
        self.reading_pass.done(page.url)
        # the words the popup can open, kept beside the rendering (nothing is read back later)
        if page.is_text:
            words = self.cache.get_or_make(self.cache.key("", {"words": page.render_key}), lambda: text_words(html))
            self.text_words[page.url] = [w for w in words.split("\n") if w]
            self.words.update(self.text_words[page.url])
            page.figures = self.figures(page, html)
        used = [self.project.by_id[i] for i in page.entries]
        if used:
            href = relative_url(self.glossary_url, page.url)
            items = cards(page.entries, self.project.by_id, page.first, self.pinyin_of)
            html = arrange(
                html,
                vocabulary_html(items, href, posixpath.basename(anki_path(page.url))),
                definitions_html(used, self.engine, href, self.project.by_term, self.edit,
                                 where=lambda e: tooltip_line(self.spreads.get(e.id))),
            )
        else:
            html = arrange(html)
        if page.is_text:
            html += cite_data_html(self.facts(page), self.site_url, self.site_name)
        if page.is_glossary:
            html = fill_glossary(html, self.spreads, lambda url: relative_url(url, page.url))
        elif page.role == "texts":
            html = fill_figures(html, {p.url: self.figures(p) for p in self.listed_texts()})
        elif page.role == "terms":
            html = fill_terms(html, self.entries, self.spreads, self.pinyin_of, relative_url(self.glossary_url, page.url))
        return html

    def _figures_key(self, page: Page) -> str:
        return self.cache.key(page.render_key, {"figures": hsk_version()})

    def listed_texts(self) -> list[Page]:
        """The texts read that the generated Texts page lists."""
        listed = set(self.listed)
        return [p for p in self.texts if p.url in listed]

    def figures(self, page: Page, rendered: str | None = None) -> Figures:
        """A text's figures (``page/textfigures.py``) from its rendering (``rendered``, or
        the page cache's), kept in the page cache beside it. A text the build has not
        rendered (a ``--dirty`` build) and the cache does not hold is cut by the segmenter
        here instead, and that is not kept."""
        if page.figures is not None:
            return page.figures
        key = self._figures_key(page)
        if rendered is None:
            try:
                page.figures = Figures.from_json(self.cache.get(key) or "")
                return page.figures
            except ValueError:
                rendered = self.cache.get(page.render_key)
            if rendered is None:
                self._approximate = True
                return Figures.of(_segmented(page.nodes), hsk_levels())
        parsed: list[Figures] = []
        text = self.cache.get_or_make(key, lambda: Figures.of(ruby_words(rendered), hsk_levels()).to_json(),
                                      check=lambda t: parsed.append(Figures.from_json(t)))
        page.figures = parsed[0] if parsed else Figures.from_json(text)
        return page.figures

    # -- after all pages ------------------------------------------------------------------

    def finish(self, site_dir: Path, prune: bool = True) -> list[str]:
        """Every page is written to ``site_dir``: the search index as UTF-8, each text's Anki
        file, the word popup's dictionary; the cache pruned of what no page asked for
        (``prune``: a full build). Returns the notes on damaged cache entries."""
        index = site_dir / "search" / "search_index.json"
        if index.is_file():  # after the search plugin wrote it, before the offline plugin inlines it
            if self.per_query:
                self.write_search_shards(site_dir, json.loads(index.read_text(encoding="utf-8")))
            else:
                index.write_text(compact_index(index.read_text(encoding="utf-8")), encoding="utf-8")
        for path, content in self.anki_files().items():
            (site_dir / path).write_text(content, encoding="utf-8")
        listed = self.listed_texts()
        if listed:  # the Texts page's "you know" share reads it
            figures = {p.url: self.figures(p) for p in listed}
            if self._approximate:  # not what a full build makes: not kept
                text = words_script(figures)
            else:  # kept under the texts' figures: a warm build writes it from the cache
                key = self.cache.key("\n".join(f"{p.url} {self._figures_key(p)}" for p in listed), {"textwords": WORDS_JS})
                text = self.cache.get_or_make(key, lambda: words_script(figures))
            words = site_dir / WORDS_JS
            words.parent.mkdir(parents=True, exist_ok=True)
            words.write_text(text, encoding="utf-8")
        files = write_site_dictionary(site_dir, self.words, self.cache)  # the entries of the words the texts show
        self.split_dictionary = {name for name, split in files.items() if split}
        notes = self.cache_warnings()
        if prune:
            self.prune_cache()
        return notes

    def write_search_shards(self, site_dir: Path, material: dict) -> None:
        """The index that loads per query, over Jiedu's documents and Material's entries for
        the other pages (home, credits …), replacing Material's index with its manifest."""
        pages: dict[str, PageDocs] = {}
        for e in material.get("docs", []):
            url, _, anchor = e.get("location", "").partition("#")
            title, text = (" ".join(strip_tags(e.get(k, "")).replace("\u200b", "").split()) for k in ("title", "text"))
            doc = {"anchor": anchor, "title": title, "text": text}  # Material's words were cut by zero-width spaces
            if url not in pages:
                pages[url] = PageDocs(url, title, [])
                if anchor:  # Material lists a page before its sections; a page of sections alone gets one
                    pages[url].docs.append({"anchor": "", "title": title, "text": ""})
            pages[url].docs.append(doc)

        def make() -> str:
            texts = [PageDocs(url, title, json.loads(docs)) for url, title, _, docs in self.search_docs]
            index = chunked_index([*pages.values(), *texts], material.get("config", {}))
            return json.dumps({"manifest": index.manifest, "files": index.files}, ensure_ascii=False)

        # the same documents make the same index: kept in the page cache under their keys
        key = self.cache.key("\n".join(k for _, _, k, _ in self.search_docs),
                             {"search-shards": json.dumps([p.__dict__ for p in pages.values()], ensure_ascii=False),
                              "config": material.get("config", {})})
        data = json.loads(self.cache.get_or_make(key, make))
        write_chunked_index(site_dir, ChunkedIndex(data["manifest"], data["files"]))

    def write_offline(self, site_dir: Path, name: str, description: str = "") -> Offline:
        """The download of the site, the service worker's list and the web app manifest
        (``outputs/offline.py``): last, once every other file is written. Above the budget
        (``extra.jiedu.offline_budget_mb``) readers keep the texts they choose: each text's
        files are its page, its Anki file and its words' dictionary files."""
        by_url = {page.url: page for page in self.texts}

        def files_of(url: str) -> list[str]:
            page = by_url[url]
            names = text_dictionary_files(self.text_words.get(url, ()), self.split_dictionary)
            return [url, *([anki_path(url)] if page.entries else []), *sorted(f"{DICT_DIR}/{n}.js" for n in names)]

        return write_offline(site_dir, name, description, self.project.settings.offline_budget_mb * 1e6,
                             [(page.url, page.title) for page in self.texts], files_of)

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
        """Overlapping terms met while reading, entries no text uses, and readings no text
        needs (as ``make check`` reports them)."""
        unused = unused_warnings(self.project.override_lines, "\n".join(self.text_plain), READINGS)
        return self.problems + [unused_warning(e) for e in self.entries if e.id not in self.uses] + unused


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _segmented(nodes: Sequence[str]) -> list[str]:
    """The words of a page's text nodes as the segmenter cuts them, long ones in their parts
    (as ``render.py`` shows them): near the rendering's words, when it is not at hand."""
    words = [w for node in nodes for run in HAN_RUN.findall(node) for w in cut(run)]
    return [p for w in words for p in (parts(w) if len(w) > LONGEST_WORD else [w])]


def anki_path(url: str) -> str:
    """Where a text's Anki file goes: beside the page.

    >>> anki_path("texts/social-work-2024-11-04.html")
    'texts/social-work-2024-11-04.anki.tsv'
    """
    return posixpath.splitext(url)[0] + ".anki.tsv"
