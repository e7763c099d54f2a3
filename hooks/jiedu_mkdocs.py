"""MkDocs hook: Jiedu's build steps, as thin adapters over ``jiedu.site.Site``.

Event order (see ``mkdocs/plugins.py``) and why each event:

- ``on_startup`` notes whether this is a ``--dirty`` build (which renders only some pages,
  so the page cache must not drop the others' entries);
- ``on_config`` loads and validates ``annotations/``, text records included (it runs again on every ``mkdocs serve``
  rebuild, unlike the import of this module, so edits are picked up);
- ``on_files`` refuses files that are symlinks leaving the project and SVG or HTML files
  that would run scripts, and adds the generated pages (the glossary; the Texts page, every
  text with its source, place, date and kind; the Terms page) and the zhuyin table for the
  reader controls;
- ``on_page_read_source`` refuses pages that are not UTF-8, are empty, leave the project,
  are too large or have invalid front matter, with a one-line error (and keeps the page's
  text, for the lines of later problems);
- ``on_page_markdown`` keeps the page's front matter for Jiedu and gives templates an
  HTML-escaped copy (Material prints ``{{ page.meta.title }}`` unescaped);
- ``on_page_content`` prepares the page (``Site.read``: refused if it would run a script,
  unless ``mkdocs.yml`` trusts it; hard-wrapped Chinese lines joined;
  in a text, paragraphs numbered and glossary terms linked) and adds the vocabulary list to
  the table of contents; the reading pass gets the page's text and reads it in worker
  processes while MkDocs converts the next pages. ``Site.read`` returns the page in flight
  (``jiedu.page.inflight.Page``), kept on MkDocs' page as ``page.jiedu`` for the later
  events. MkDocs runs it for every page before any ``on_page_context``, so all uses are
  known when the glossary page is rendered. A page whose search entries Jiedu makes is
  marked excluded from search until ``on_page_context``, so that Material's search plugin
  does not segment it for nothing;
- ``on_env`` (after every page is converted, before any is rendered) hands the reading pass
  its last units, decides whether search loads per query (``extra.jiedu``, ``annotations/settings.py``:
  above a number of Chinese characters), and has Material's search plugin cut Chinese with
  Jiedu's segmenter (rjieba, the glossary's words in it) instead of loading jieba's dictionary,
  or not at all when search loads per query;
- ``on_page_context`` (priority -100, after Material's search plugin) gives the page its
  paragraph-level search entries, then puts in ruby (looked up from the reading pass),
  vocabulary and tooltip definitions, so the search index, TOC, nav and ``<title>`` stay
  clean;
- ``on_post_page`` lets go of the page's body once MkDocs has it in the output (MkDocs
  would keep every page's HTML, three times heavier with ruby, until the build ends);
- ``on_post_build`` has ``Site.finish`` rewrite the search index as UTF-8 (half the size), or
  write the index that loads per query and its manifest in its place (``jiedu/outputs/searchshards.py``),
  write each text's Anki file and the word popup's dictionary (``jiedu/outputs/sitedict.py``,
  from the pages as written) and remove cached pages no page asked for; it warns about
  overlapping terms and entries no text uses (``--strict`` fails on warnings). Last of all
  (priority -200, after Material's offline plugin has written ``search_index.js``),
  ``Site.write_offline`` writes the download of the site, the service worker's list
  (``offline.json``) and ``sw.js``, and the web app manifest (``jiedu/outputs/offline.py``);
- ``on_shutdown`` stops the reading pass's worker processes (``mkdocs serve`` keeps them
  between rebuilds);
- ``on_build_error`` turns a file the build cannot write (a full disk, a read-only folder)
  into one line saying what to do, and exit code 2;
- ``on_serve`` makes each rebuild of the preview write into a new folder that replaces the
  served one only when the build succeeds: a broken file leaves the last good site served.

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
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import AnchorLink

from jiedu.annotations.settings import DOCUMENTS
from jiedu.annotations.sourcecheck import body_line, check_source, front_matter, template_meta
from jiedu.base.errors import JieduError, Problem
from jiedu.base.files import inside
from jiedu.base.mdlinks import LinearLinks
from jiedu.base.oserrors import explain
from jiedu.check import check_texts, document_problems
from jiedu.page.inflight import Page
from jiedu.project import Project
from jiedu.reading import segmenter
from jiedu.readpass import workers
from jiedu.site import GENERATED, GLOSSARY_PAGE, TERMS_PAGE, TEXTS_PAGE, ZHUYIN_JS, Site

log = logging.getLogger("mkdocs.hooks.jiedu")
CACHE_DIR = ".cache/jiedu"


@dataclass
class _Build:
    """What this hook keeps between events: the command's settings and the build."""

    dirty: bool = False  # a --dirty build renders only some pages: the cache keeps the others'
    offline: bool = True  # write the offline copy (JIEDU_OFFLINE; off under `serve`)
    site: Site | None = None
    preview_dir: Path | None = None  # where a rebuild of `mkdocs serve` writes (on_serve)


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
    if _build.preview_dir is not None:
        config.site_dir = str(_build.preview_dir)  # a rebuild of the preview (on_serve)
    missing = [name for name in ("attr_list", "md_in_html") if name not in config.markdown_extensions]
    if missing:  # the importer writes each paragraph's anchor as { #p-12 } and the notes in a markdown div
        raise PluginError(f"Config value 'markdown_extensions': add {', '.join(missing)}; Jiedu's text pages need them")
    cache = None if os.environ.get("JIEDU_CACHE", "").lower() in ("off", "0", "no") else root / CACHE_DIR
    try:
        config_text = Path(config.config_file_path).read_text(encoding="utf-8", errors="replace")
        # extra: jiedu: the site owner's settings, validated with the project (annotations/settings.py)
        project = Project.load(root, Path(config.docs_dir).name, config.extra.get("jiedu"), config_text)
        problems = check_texts(project)  # each text's page what its record generates (as `make check`)
        if problems:
            raise JieduError(problems)
        _build.site = Site(project, config.repo_url, config.edit_uri, site_url=config.site_url, site_name=config.site_name,
                           cache_dir=cache, workers=workers.worker_count())
    except (JieduError, ValueError) as e:
        raise PluginError(str(e)) from None
    config.extra["jiedu_offline"] = _build.offline  # overrides/main.html links the manifest and sw.js
    if not any(isinstance(e, LinearLinks) for e in config.markdown_extensions):
        config.markdown_extensions.append(LinearLinks())  # as make check reads pages (jiedu/base/mdlinks.py)
    return config


def on_files(files, config):
    site, root = _build.site, Path(config.config_file_path).parent
    for f in files:  # the project's own files (docs/, overrides/), not the theme's
        if f.src_dir and inside(Path(f.src_dir), root) and not inside(Path(f.abs_src_path), root):
            raise PluginError(str(Problem(f"{Path(config.docs_dir).name}/{f.src_uri}", "the file is a symlink "
                                          "to a file outside the project; copy the file into the repository")))
    files.append(File.generated(config, ZHUYIN_JS, content=site.zhuyin_js()))
    try:
        _check_documents(files, config, site)
        generated = site.project.generated_pages
        texts = [(f, front_matter(check_source(Path(f.abs_src_path), f.src_uri, root, f.src_uri in generated), f"docs/{f.src_uri}")[0])
                 for f in files.documentation_pages() if f.src_uri.startswith("texts/") and not f.generated_by]
    except JieduError as e:
        raise PluginError(str(e)) from None
    texts = [(f.url, meta) for f, meta in texts if meta.get("lang")]
    if texts and files.get_file_from_path(TEXTS_PAGE) is None:
        files.append(File.generated(config, TEXTS_PAGE, content=site.texts_markdown(texts)))
    content = site.glossary_markdown()
    if content:
        page = File.generated(config, GLOSSARY_PAGE, content=content)
        files.append(page)
        site.glossary_url = page.url
        for path, data in site.glossary_data().items():  # JSON, CSV, Anki, Yomitan, linked from the page
            files.append(File.generated(config, path, content=data))
        if files.get_file_from_path(TERMS_PAGE) is None:
            files.append(File.generated(config, TERMS_PAGE, content=site.terms_markdown()))
    return files


def _check_documents(files, config, site: Site) -> None:
    """SVG and HTML files a browser opens as documents of the site: no scripts (``make check``'s
    ``document_problems``)."""
    docs, root = Path(config.docs_dir), Path(config.config_file_path).parent
    for f in files:
        if not f.generated_by and f.src_dir and Path(f.src_dir) == docs and Path(f.src_uri).suffix.lower() in DOCUMENTS:
            problems = document_problems(Path(f.abs_src_path), f.src_uri, docs.name, root, site.project.settings)
            if problems:
                raise JieduError(problems)


def on_page_read_source(page, config):
    if page.file.generated_by:
        return None
    try:
        page.jiedu_source = check_source(Path(page.file.abs_src_path), page.file.src_uri, Path(config.config_file_path).parent,
                                         page.file.src_uri in _build.site.project.generated_pages)
    except JieduError as e:
        raise PluginError(str(e)) from None
    return page.jiedu_source


def on_page_markdown(markdown, page, config, files):
    page.jiedu_meta = page.meta  # the values as written, for Jiedu (which escapes where it writes)
    page.meta = template_meta(page.meta)  # what templates and other plugins print
    return markdown


def on_page_content(html, page, config, files):
    src = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    source = getattr(page, "jiedu_source", "")  # the file as read (generated pages: none)
    body = front_matter(source)[1] if source else page.markdown or ""
    role = GENERATED.get(page.file.src_uri, "") if page.file.generated_by else ""
    try:
        html, page.jiedu = _build.site.read(html, page.url, _meta(page), _title(page), src, page.file.src_uri == GLOSSARY_PAGE,
                                            body, body_line(source, body) if source else 1, role)
    except JieduError as e:  # a page that would run a script
        raise PluginError(str(e)) from None
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
    # overrides/main.html points Material's search box at Jiedu's worker when search loads per query
    config.extra["jiedu_search_worker"] = _build.site.per_query and _search(config) is not None
    _material_segmenter(_build.site.per_query)
    return env


class _Segmenter:
    """What Material's search plugin calls ``jieba``: its ``cut``, by Jiedu's segmenter."""

    @staticmethod
    def cut(data):
        return iter(segmenter.cut(data.decode("utf-8") if isinstance(data, bytes) else data))


def _material_segmenter(per_query: bool) -> None:
    """Material's search plugin cuts the Chinese of the pages it indexes (the pages Jiedu does
    not make entries for: home, credits, the Texts page) with jieba, loading jieba's
    dictionary in every build (a second, 80 MB) for a few hundred characters. It cuts with
    Jiedu's segmenter instead (rjieba: jieba's dictionary and algorithm, with the glossary's
    words, loaded in a fifth of the time), and not at all when search loads per query (that
    index finds any run of characters)."""
    import material.plugins.search.plugin as material_search

    material_search.jieba = None if per_query else _Segmenter()


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
    try:
        page.content = _build.site.render(work, page.content)
    except JieduError as e:  # the dictionary data missing (the Texts page's figures)
        raise PluginError(str(e)) from None
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


def on_build_error(error):
    """A file the build could not write (a full disk, a read-only folder: MkDocs' own copy of
    the theme's files fails there first): what happened and what to do, exit code 2, no
    traceback (MkDocs' command line would print one)."""
    if isinstance(error, OSError):
        log.error("jiedu: %s", explain(error, Path.cwd()))
        raise _Stopped("Aborted: the site could not be written (above).")


class _Stopped(Abort):
    """Stops the build with exit code 2 (``mkdocs build`` itself exits with 1 on a bad page)."""

    code = exit_code = 2


# -- the preview (mkdocs serve) -------------------------------------------------------------


def on_serve(server, config, builder):
    """Each rebuild of ``mkdocs serve`` writes into a new folder, which replaces the served
    one only when the build succeeds: a broken file (an annotation's YAML, a page with a
    script) leaves the last good site served, and the next good save is served. (MkDocs
    would hold every request until a build succeeded, and a build that failed after
    cleaning the folder would leave it half written.)"""
    if not _build.dirty:  # (--dirty rebuilds only some pages into the folder it has)
        server.builder = _Preview(Path(server.root), builder)
    return server


class _Preview:
    def __init__(self, served: Path, builder) -> None:
        self.served, self.builder = served, builder

    def __call__(self) -> None:
        _build.preview_dir = Path(tempfile.mkdtemp(prefix=".jiedu-next-", dir=self.served.parent))
        try:
            self.builder()
        except Exception:  # MkDocs' Abort, a hook's error: MkDocs has logged what went wrong
            shutil.rmtree(_build.preview_dir, ignore_errors=True)
            log.error("jiedu: the preview still serves the last site that built; fix the file and save it again")
            return
        finally:
            new, _build.preview_dir = _build.preview_dir, None
        old = self.served.with_name(new.name + "-old")
        os.replace(self.served, old)  # requests wait while a build runs (MkDocs), so none sees the swap
        os.replace(new, self.served)
        shutil.rmtree(old, ignore_errors=True)


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
    except ValueError as e:  # (a disk that is full or read-only: on_build_error)
        raise PluginError(f"writing the offline copy: {e}") from None
    log.info("jiedu offline: %s %s in %d files; service worker keeps %d files, %d bytes%s",
             "jiedu-site.zip", made.label, made.zip_files, made.kept_files, made.kept_bytes,
             f" (over the budget: readers choose texts; every text needs {made.common_bytes} bytes)" if made.by_text else "")


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
