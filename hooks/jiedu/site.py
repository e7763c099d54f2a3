"""One build of a Jiedu site, independent of MkDocs: what the build knows and does per page.

The MkDocs hook (``hooks/jiedu_mkdocs.py``) calls these methods from its events; a
Python-Markdown extension (for Zensical) could call the same. Pages are identified by their
site-relative URL (``texts/x.html``); links between pages are made relative, so the site
works from ``file://`` and under any sub-path.
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import Any, Mapping

from .readpass.cache import PageCache, ReadingStore, fingerprint, imported_modules
from .page.editlinks import edit_base, edit_link
from .page.endmatter import arrange
from .base.errors import Problem
from .annotations.glossary import Entry, load_glossary, unused_warning
from .page.glossarypage import backlinks_html, glossary_markdown
from .base.htmltext import join_cjk_lines
from .annotations.overrides import load_overrides, merge_readings
from .base.pinyin import zhuyin_table
from .reading.engine import ReadingEngine
from .readpass.readpass import ReadingPass
from .page.render import forget_markup, render_page, ruby_nodes
from .page.searchindex import glossary_entries, paragraph_entries
from .reading.segmenter import add_words, known, load as load_segmenter, words as segmenter_words
from .page.terms import TermMatcher, number_paragraphs, overlap_warnings
from .page.tooltip import definitions_html, entry_pinyin
from .annotations.translation import link as link_translations
from .page.vocab import anki_tsv, cards, vocabulary_html
from .readpass.workers import Setup, worker_count

READINGS = "annotations/readings.yml"
GLOSSARY_DIR = "annotations/glossary"
GLOSSARY_PAGE = "glossary.md"
TEXTS_PAGE = "texts/index.md"
ZHUYIN_JS = "assets/jiedu-zhuyin.js"
#: Paragraph entries the search index may hold before paragraphs share entries: Material's
#: search builds its index in the browser at a cost per entry (1M characters in 11,000
#: paragraph entries: first results 400 ms later than plain Material's; in 1,800, as soon).
SEARCH_ENTRIES = 2000
PARAGRAPH = re.compile(r'<p id="(p-\d+)"[^>]*>(.*?)</p>', re.S)
#: Headings and paragraphs with their ids: where a term is first met (a title or heading too).
BLOCK = re.compile(r'<(h[1-6]|p) id="([^"]+)"[^>]*>(.*?)</\1>', re.S)
TAG = re.compile(r"<[^>]+>")


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
    root: Path
    repo_url: str | None = None
    edit_uri: str | None = None
    docs_dir: str = "docs"
    glossary_url: str = "glossary.html"
    uses: dict[str, list[TextUse]] = field(default_factory=dict)  # entry id -> uses
    on_page: dict[str, list[str]] = field(default_factory=dict)  # page url -> entry ids in order
    first_text: dict[str, dict[str, str]] = field(default_factory=dict)  # page url -> id -> paragraph
    problems: list[Problem] = field(default_factory=list)  # warnings found while reading pages
    paragraph_count: int = 0  # numbered paragraphs in all texts (search entries per paragraph)
    cache_dir: Path | None = None  # pages and readings kept between builds (cache.py); None: none
    workers: int | None = None  # processes of the reading pass (readpass.py); None: one a core

    def __post_init__(self) -> None:
        glossary = load_glossary(self.root / GLOSSARY_DIR, GLOSSARY_DIR)
        table = merge_readings(load_overrides(self.root / READINGS, READINGS), glossary.readings, GLOSSARY_DIR)
        self.engine = ReadingEngine(table)
        self.entries = glossary.entries
        self.by_id = {e.id: e for e in glossary.entries}
        self.by_term = glossary.by_term()
        self.matcher = TermMatcher(glossary.entries)
        self._edit_base = edit_base(self.repo_url, self.edit_uri, Path(self.docs_dir).name)
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

    # -- generated files ------------------------------------------------------------------

    def pinyin_of(self, entry: Entry) -> str:
        return entry_pinyin(entry, self.engine)

    def edit(self, entry: Entry) -> str:
        return edit_link(self._edit_base, entry.path, entry.line)

    def glossary_markdown(self) -> str | None:
        if not self.entries:
            return None
        return glossary_markdown(self.entries, self.pinyin_of, edit=self.edit)

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

    def read(self, html: str, url: str, meta: Mapping[str, Any], title: str, src: str = "") -> str:
        """After Markdown: join hard-wrapped Chinese lines; in a text, number the paragraphs,
        point each block's English at its block, and link the glossary terms, remembering
        where each is used; then hand what the page will read to the reading pass."""
        html = join_cjk_lines(html)
        if meta.get("lang") and self.entries:
            html = self._link_terms(html, url, meta, title, src)
        if self.cache.has(self._render_key(html, url, meta)):
            self.reading_pass.keep(url)  # rendered before: nothing to read
        else:
            self.reading_pass.ask(url, ruby_nodes(html, meta))
        return html

    def before_render(self) -> None:
        """Every page is read: hand the last units to the reading pass, and give jieba the
        glossary's words before any page is indexed for search (Material's search plugin
        segments with the same jieba, whether or not this build read a text)."""
        self.reading_pass.flush()
        load_segmenter()

    def _link_terms(self, html: str, url: str, meta: Mapping[str, Any], title: str, src: str) -> str:
        self.problems += overlap_warnings(self.matcher, unescape(TAG.sub("", html)), src or url)
        found: list = []
        html, misplaced = link_translations(number_paragraphs(html), src or url)  # English → its block's id
        self.problems += misplaced
        html = self.matcher.mark(html, relative_url(self.glossary_url, url), found)
        blocks = {m.group(2): unescape(TAG.sub("", m.group(3))) for m in BLOCK.finditer(html)}
        self.paragraph_count += sum(1 for m in PARAGRAPH.finditer(html))
        first: dict[str, str] = {}
        for use in found:
            self.uses.setdefault(use.entry_id, []).append(TextUse(title, url, use.anchor or ""))
            first.setdefault(use.entry_id, blocks.get(use.anchor or "", "").strip().removesuffix("¶"))
        self.on_page[url] = list(first)
        self.first_text[url] = first
        return html

    @staticmethod
    def makes_search_entries(meta: Mapping[str, Any], is_glossary: bool) -> bool:
        """Whether :meth:`search_entries` makes a page's entries (a text, the glossary)."""
        return bool(meta.get("lang")) or is_glossary

    def toc_additions(self, url: str) -> list[tuple[str, str, str]]:
        """Headings the page gets after Markdown, for its table of contents: (title, id, the
        id of the heading they go before, or "" for the end)."""
        return [("Vocabulary", "vocabulary", "notes-on-the-text")] if self.on_page.get(url) else []

    def search_entries(self, html: str, url: str, meta: Mapping[str, Any], title: str, is_glossary: bool) -> list[dict] | None:
        """Jiedu's search entries for a page, or ``None`` to keep the search plugin's own."""
        if not self.makes_search_entries(meta, is_glossary):
            return None
        per = max(1, -(-self.paragraph_count // SEARCH_ENTRIES))  # paragraphs per entry

        def make() -> str:
            if meta.get("lang"):
                entries = paragraph_entries(html, url, title, per)
            else:
                entries = glossary_entries(self.entries, url, self.pinyin_of)
            return json.dumps(entries, ensure_ascii=False)

        def make_with_cuts() -> str:
            with known(self.reading_pass.cuts(url, ruby_nodes(html, meta))):  # the reading pass cut them
                return make()

        key = self.cache.key(html, {"search": [url, title, is_glossary, per], "meta": meta})
        return json.loads(self.cache.get_or_make(key, make_with_cuts, check=json.loads))

    def _render_key(self, html: str, url: str, meta: Mapping[str, Any]) -> str:
        return self.cache.key(html, {"render": url, "meta": meta})

    def render(self, html: str, url: str, meta: Mapping[str, Any], is_glossary: bool) -> str:
        """For the reader: ruby, metadata, vocabulary, tooltip definitions; on the glossary
        page, the backlinks to every text. Readings are looked up (``readpass.py``)."""
        html = self.cache.get_or_make(
            self._render_key(html, url, meta), lambda: render_page(html, self.reading_pass.page(url), meta)
        )
        self.reading_pass.done(url)
        used = [self.by_id[i] for i in self.on_page.get(url, [])]
        if used:
            href = relative_url(self.glossary_url, url)
            items = cards(self.on_page[url], self.by_id, self.first_text[url], self.pinyin_of)
            html = arrange(
                html,
                vocabulary_html(items, href, posixpath.basename(anki_path(url))),
                definitions_html(used, self.engine, href, self.by_term, self.edit),
            )
        else:
            html = arrange(html)
        if is_glossary:
            links = {k: [(u.title, relative_url(u.url, url), u.anchor) for u in v] for k, v in self.uses.items()}
            html = backlinks_html(html, links)
        return html

    # -- after all pages ------------------------------------------------------------------

    def anki_files(self) -> dict[str, str]:
        """Site-relative path → content of each text's Anki file."""
        return {
            anki_path(url): anki_tsv(cards(ids, self.by_id, self.first_text[url], self.pinyin_of))
            for url, ids in self.on_page.items()
            if ids
        }

    def cache_warnings(self) -> list[str]:
        """Cache entries that failed their check in this build: each was dropped and made
        again, so the site is as a cold build makes it."""
        paths = sorted({*self.cache.damaged, *self.reading_pass.store.damaged})
        out = [f"{_shown(p, self.root)}: damaged cache entry dropped and made again" for p in paths]
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
