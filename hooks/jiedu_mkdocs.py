"""MkDocs hook: Jiedu's build steps, as thin adapters over the pure modules in ``jiedu/``.

Event order (see ``mkdocs/plugins.py``) and why each event:

- ``on_config`` loads and validates ``annotations/`` (it runs again on every ``mkdocs serve``
  rebuild, unlike the import of this module, so edits are picked up);
- ``on_files`` adds the generated glossary page and the zhuyin table for the reader controls;
- ``on_page_read_source`` refuses pages that are not UTF-8 or are empty, with a one-line error;
- ``on_page_content`` numbers a text's paragraphs and links its glossary terms. MkDocs runs it
  for every page before any ``on_page_context``, so all uses are known when the glossary
  page is rendered;
- ``on_page_context`` (priority -100, after Material's search plugin has indexed the page)
  swaps the page's search entries for paragraph-level ones (glossary: one per entry), then
  puts in ruby and the tooltip definitions, so the search index, TOC, nav and ``<title>``
  stay clean;
- ``on_post_build`` warns about entries no text uses (``--strict`` fails on it).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from jiedu.errors import JieduError
from jiedu.glossary import load_glossary, unused_warning
from jiedu.glossarypage import backlinks_html, glossary_markdown
from jiedu.overrides import load_overrides, merge_readings
from jiedu.pinyin import zhuyin_table
from jiedu.readings import ReadingEngine
from jiedu.render import render_page
from jiedu.searchindex import add_words, glossary_entries, paragraph_entries
from jiedu.sourcecheck import check_source
from jiedu.terms import TermMatcher, number_paragraphs
from jiedu.tooltip import definitions_html, entry_pinyin

log = logging.getLogger("mkdocs.hooks.jiedu")
READINGS = "annotations/readings.yml"
GLOSSARY_DIR = "annotations/glossary"
GLOSSARY_PAGE = "glossary.md"
ZHUYIN_JS = "assets/jiedu-zhuyin.js"


class State:
    """What one build knows; rebuilt by ``on_config`` on every (re)build."""

    def __init__(self, root: Path) -> None:
        glossary = load_glossary(root / GLOSSARY_DIR, GLOSSARY_DIR)
        table = merge_readings(load_overrides(root / READINGS, READINGS), glossary.readings, GLOSSARY_DIR)
        self.engine = ReadingEngine(table)
        self.entries = glossary.by_term()
        self.by_id = {e.id: e for e in glossary.entries}
        self.matcher = TermMatcher(glossary.entries)
        self.uses: dict[str, list[tuple[str, str, str]]] = {}  # entry id -> (title, url, anchor)
        self.on_page: dict[str, list[str]] = {}  # page url -> entry ids, first use first
        self.glossary_url = ""


_state: State | None = None


def on_config(config):
    global _state
    try:
        _state = State(Path(config.config_file_path).parent)
    except JieduError as e:
        raise PluginError(str(e)) from None
    add_words(form for e in _state.by_id.values() for form in e.forms)
    return config


def on_files(files, config):
    table = json.dumps(zhuyin_table(), ensure_ascii=False, separators=(",", ":"))
    files.append(File.generated(config, ZHUYIN_JS, content=f"window.JIEDU_ZHUYIN={table};\n"))
    if _state.by_id:
        content = glossary_markdown(_state.by_id.values(), lambda e: entry_pinyin(e, _state.engine))
        page = File.generated(config, GLOSSARY_PAGE, content=content)
        files.append(page)
        _state.glossary_url = page.url
    return files


def on_page_read_source(page, config):
    if page.file.generated_by:
        return None
    try:
        return check_source(Path(page.file.abs_src_path), page.file.src_uri)
    except JieduError as e:
        raise PluginError(str(e)) from None


def on_page_content(html, page, config, files):
    if not page.meta.get("lang") or not _state.by_id:
        return html
    found = []
    html = _state.matcher.mark(number_paragraphs(html), _glossary_url(page), found)
    title = page.meta.get("title") or page.title or page.url
    for use in found:
        _state.uses.setdefault(use.entry_id, []).append((title, page.url, use.anchor or ""))
    _state.on_page[page.url] = list(dict.fromkeys(u.entry_id for u in found))
    return html


@event_priority(-100)
def on_page_context(context, page, config, nav):
    if page.meta.get("lang"):
        title = page.meta.get("title") or page.title
        _replace_search_entries(config, page, paragraph_entries(page.content, page.url, title))
    elif page.file.src_uri == GLOSSARY_PAGE:
        pinyin_of = lambda e: entry_pinyin(e, _state.engine)  # noqa: E731
        _replace_search_entries(config, page, glossary_entries(_state.by_id.values(), page.url, pinyin_of))
    content = render_page(page.content, _state.engine, page.meta)
    used = [_state.by_id[i] for i in _state.on_page.get(page.url, [])]
    if used:
        href = _glossary_url(page)
        content += definitions_html(used, _state.engine, href, _state.entries)
    if page.file.src_uri == GLOSSARY_PAGE:
        uses = {k: [(t, get_relative_url(u, page.url), a) for t, u, a in v] for k, v in _state.uses.items()}
        content = backlinks_html(content, uses)
    page.content = content
    return context


def on_post_build(config):
    for entry in _state.by_id.values():
        if entry.id not in _state.uses:
            log.warning(str(unused_warning(entry)))


def _replace_search_entries(config, page, entries: list[dict]) -> None:
    """Swap the entries Material's search just made for this page for Jiedu's own."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled:
        return
    index = search.search_index.entries
    index[:] = [e for e in index if e["location"] != page.url and not e["location"].startswith(page.url + "#")]
    index.extend(entries)


def _glossary_url(page) -> str:
    return get_relative_url(_state.glossary_url, page.url)
