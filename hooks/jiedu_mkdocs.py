"""MkDocs hook: Jiedu's build steps, as thin adapters over ``jiedu.site.Site``.

Event order (see ``mkdocs/plugins.py``) and why each event:

- ``on_startup`` notes whether this is a ``--dirty`` build (which renders only some pages,
  so the page cache must not drop the others' entries);
- ``on_config`` loads and validates ``annotations/``, text records included (it runs again on every ``mkdocs serve``
  rebuild, unlike the import of this module, so edits are picked up);
- ``on_files`` refuses files that are symlinks leaving the project, and adds the generated pages (the glossary; the list of texts with their source,
  place and date) and the zhuyin table for the reader controls;
- ``on_page_read_source`` refuses pages that are not UTF-8, are empty, leave the project,
  are too large or have invalid front matter, with a one-line error;
- ``on_page_markdown`` keeps the page's front matter for Jiedu and gives templates an
  HTML-escaped copy (Material prints ``{{ page.meta.title }}`` unescaped);
- ``on_page_content`` prepares the page (``Site.read``: hard-wrapped Chinese lines joined;
  in a text, paragraphs numbered and glossary terms linked) and adds the vocabulary list to
  the table of contents; the reading pass gets the page's text and reads it in worker
  processes while MkDocs converts the next pages. ``Site.read`` returns the page in flight
  (``jiedu.page.inflight.Page``), kept on MkDocs' page as ``page.jiedu`` for the later
  events. MkDocs runs it for every page before any ``on_page_context``, so all uses are
  known when the glossary page is rendered. A page whose search entries Jiedu makes is
  marked excluded from search until ``on_page_context``, so that Material's search plugin
  does not segment it for nothing;
- ``on_env`` (after every page is converted, before any is rendered) hands the reading pass
  its last units, and gives jieba the glossary's words before Material's search plugin
  segments any page with it;
- ``on_page_context`` (priority -100, after Material's search plugin) gives the page its
  paragraph-level search entries, then puts in ruby (looked up from the reading pass),
  vocabulary and tooltip definitions, so the search index, TOC, nav and ``<title>`` stay
  clean;
- ``on_post_page`` lets go of the page's body once MkDocs has it in the output (MkDocs
  would keep every page's HTML, three times heavier with ruby, until the build ends);
- ``on_post_build`` has ``Site.finish`` rewrite the search index as UTF-8 (half the size),
  write each text's Anki file and the word popup's dictionary (``jiedu/outputs/sitedict.py``,
  from the pages as written) and remove cached pages no page asked for; it warns about
  overlapping terms and entries no text uses (``--strict`` fails on warnings). Last of all
  (priority -200, after Material's offline plugin has written ``search_index.js``),
  ``Site.write_offline`` writes the download of the site, the service worker's list
  (``offline.json``) and ``sw.js``, and the web app manifest (``jiedu/outputs/offline.py``);
- ``on_shutdown`` stops the reading pass's worker processes (``mkdocs serve`` keeps them
  between rebuilds).

Rendered pages and readings are cached in ``.cache/jiedu/`` beside ``mkdocs.yml``
(``jiedu/readpass/cache.py``); ``JIEDU_CACHE=off`` in the environment builds without it.
``JIEDU_WORKERS`` sets the number of reading processes (default: one a core).
``JIEDU_OFFLINE=0`` builds without the offline files; ``JIEDU_OFFLINE=1`` makes them in a
``mkdocs serve`` preview too (off there by default: a service worker would keep serving the
preview's old pages).
"""
from __future__ import annotations

import logging
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import AnchorLink

from jiedu.annotations.sourcecheck import check_source, front_matter, template_meta
from jiedu.base.errors import JieduError, Problem
from jiedu.base.files import inside
from jiedu.check import check_texts
from jiedu.page.inflight import Page
from jiedu.project import Project
from jiedu.readpass import workers
from jiedu.site import GLOSSARY_PAGE, TEXTS_PAGE, ZHUYIN_JS, Site

log = logging.getLogger("mkdocs.hooks.jiedu")
CACHE_DIR = ".cache/jiedu"


@dataclass
class _Build:
    """What this hook keeps between events: the command's settings and the build."""

    dirty: bool = False  # a --dirty build renders only some pages: the cache keeps the others'
    offline: bool = True  # write the offline copy (JIEDU_OFFLINE; off under `serve`)
    site: Site | None = None


_build = _Build()


def on_startup(command, dirty):
    _build.dirty = dirty
    _build.offline = os.environ.get("JIEDU_OFFLINE", "0" if command == "serve" else "1").lower() not in ("0", "off", "no")
    # jieba announces loading its dictionary at DEBUG level on its own stderr handler; a
    # filter on its logger survives the level jieba sets when it is imported.
    logging.getLogger("jieba").addFilter(_quiet_jieba)


def _quiet_jieba(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def on_config(config):
    root = Path(config.config_file_path).parent
    cache = None if os.environ.get("JIEDU_CACHE", "").lower() in ("off", "0", "no") else root / CACHE_DIR
    try:
        project = Project.load(root, Path(config.docs_dir).name)
        problems = check_texts(project)  # each text's page what its record generates (as `make check`)
        if problems:
            raise JieduError(problems)
        _build.site = Site(project, config.repo_url, config.edit_uri, cache_dir=cache, workers=workers.worker_count())
    except (JieduError, ValueError) as e:
        raise PluginError(str(e)) from None
    config.extra["jiedu_offline"] = _build.offline  # overrides/main.html links the manifest and sw.js
    return config


def on_files(files, config):
    site, root = _build.site, Path(config.config_file_path).parent
    for f in files:  # the project's own files (docs/, overrides/), not the theme's
        if f.src_dir and inside(Path(f.src_dir), root) and not inside(Path(f.abs_src_path), root):
            raise PluginError(str(Problem(f"{Path(config.docs_dir).name}/{f.src_uri}", "the file is a symlink "
                                          "to a file outside the project; copy the file into the repository")))
    files.append(File.generated(config, ZHUYIN_JS, content=site.zhuyin_js()))
    try:
        texts = [(f, front_matter(check_source(Path(f.abs_src_path), f.src_uri, root), f"docs/{f.src_uri}")[0])
                 for f in files.documentation_pages() if f.src_uri.startswith("texts/") and not f.generated_by]
    except JieduError as e:
        raise PluginError(str(e)) from None
    texts = [(posixpath.relpath(f.src_uri, "texts").removesuffix(".md") + ".html", meta) for f, meta in texts if meta.get("lang")]
    if texts and files.get_file_from_path(TEXTS_PAGE) is None:
        files.append(File.generated(config, TEXTS_PAGE, content=site.texts_index_markdown(texts)))
    content = site.glossary_markdown()
    if content:
        page = File.generated(config, GLOSSARY_PAGE, content=content)
        files.append(page)
        site.glossary_url = page.url
        for path, data in site.glossary_data().items():  # JSON, CSV, Anki, Yomitan, linked from the page
            files.append(File.generated(config, path, content=data))
    return files


def on_page_read_source(page, config):
    if page.file.generated_by:
        return None
    try:
        return check_source(Path(page.file.abs_src_path), page.file.src_uri, Path(config.config_file_path).parent)
    except JieduError as e:
        raise PluginError(str(e)) from None


def on_page_markdown(markdown, page, config, files):
    page.jiedu_meta = page.meta  # the values as written, for Jiedu (which escapes where it writes)
    page.meta = template_meta(page.meta)  # what templates and other plugins print
    return markdown


def on_page_content(html, page, config, files):
    src = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    html, page.jiedu = _build.site.read(html, page.url, _meta(page), _title(page), src, page.file.src_uri == GLOSSARY_PAGE)
    for title, anchor, before in Site.toc_additions(page.jiedu):
        _toc_insert(page.toc, AnchorLink(title, anchor, 2), before)
    if _search(config) and page.jiedu.makes_search_entries:
        # Material's search would segment the page only for its entries to be replaced: it
        # skips pages excluded from search (a documented front matter option) until
        # on_page_context puts the page's own setting back.
        page.jiedu.held_from_search, page.jiedu.search_setting = True, page.meta.get("search")
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return html


def on_env(env, config, files):
    _build.site.before_render()
    return env


@event_priority(-100)
def on_page_context(context, page, config, nav):
    work: Page = page.jiedu
    if work.held_from_search:
        if work.search_setting is None:
            del page.meta["search"]
        else:
            page.meta["search"] = work.search_setting
        if not (work.search_setting or {}).get("exclude"):
            # Material skipped the page (excluded above), so it has no entries of its own.
            _search(config).search_index.entries.extend(_build.site.search_entries(work, page.content) or [])
    page.content = _build.site.render(work, page.content)
    return context


def on_post_page(output, page, config):
    page.content = None
    return output


def _post_build(config):
    # After the search plugin has written its index, before the offline plugin inlines it.
    site = _build.site
    try:
        notes = site.finish(Path(config.site_dir), prune=not _build.dirty)
    except JieduError as e:
        raise PluginError(str(e)) from None
    for problem in site.warnings():
        log.warning(str(problem))
    for message in notes:
        _cache_log.warning(message)
    r = site.reading_pass
    log.debug("jiedu: page cache %d hits, %d misses; units read by %d workers: %d, here: %d",
              site.cache.hits, site.cache.misses, r.workers, r.read_by_workers, r.read_here)


def on_shutdown():
    workers.shutdown()


def _search(config):
    """Material's search plugin, if it indexes this build."""
    search = config.plugins.get("material/search")
    return search if search is not None and search.config.enabled else None


@event_priority(-200)
def _offline_post_build(config):
    if not _build.offline:
        return
    try:
        made = _build.site.write_offline(Path(config.site_dir), config.site_name, config.site_description or "")
    except (OSError, ValueError) as e:
        raise PluginError(f"writing the offline copy: {e}") from None
    log.info("jiedu offline: %s %s in %d files; service worker keeps %d files, %d bytes",
             "jiedu-site.zip", made.label, made.zip_files, made.kept_files, made.kept_bytes)


on_post_build = CombinedEvent(_post_build, _offline_post_build)


def _meta(page) -> dict:
    return getattr(page, "jiedu_meta", page.meta)


def _toc_insert(toc, link, before: str) -> None:
    """Put ``link`` among the top headings of the table of contents, before ``before``."""
    items = toc.items[0].children if len(toc.items) == 1 and toc.items[0].level == 1 else toc.items
    at = next((i for i, item in enumerate(items) if item.id == before), len(items))
    items.insert(at, link)


def _title(page) -> str:
    return str(_meta(page).get("title") or page.title or page.url)


def _uncounted_logger() -> logging.Logger:
    """A logger printed like MkDocs' own that ``--strict`` does not count: a damaged cache
    entry is made again, so the site does not change, and failing the build for it would
    fail every CI run that restores the same cache (actions/cache saves only after a job
    that succeeded)."""
    logger = logging.getLogger("jiedu.cache")
    logger.propagate = False
    logger.handlers = [h for h in logging.getLogger("mkdocs").handlers if h.get_name() == "MkDocsStreamHandler"]
    if not logger.handlers:  # not run by MkDocs' command line: Python's default handler prints it
        logger.propagate = True
    return logger


class _CacheLog:
    def warning(self, message: str) -> None:
        _uncounted_logger().warning("jiedu: %s", message)


_cache_log = _CacheLog()
