"""MkDocs hook: Jiedu's build steps, as thin adapters over the pure modules in ``jiedu/``.

Event order (see ``mkdocs/plugins.py``) and why each event:

- ``on_config`` loads and validates ``annotations/`` (it runs again on every ``mkdocs serve``
  rebuild, unlike the import of this module, so edits are picked up);
- ``on_page_read_source`` refuses pages that are not UTF-8 or are empty, with a one-line error;
- ``on_page_context`` (priority -100, after Material's search plugin has indexed the page)
  puts ruby into the page content, so the search index, TOC, nav and ``<title>`` stay clean.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from jiedu.errors import JieduError
from jiedu.overrides import load_overrides
from jiedu.readings import ReadingEngine
from jiedu.render import render_page
from jiedu.sourcecheck import check_source

READINGS = "annotations/readings.yml"
_engine = ReadingEngine()


def on_config(config):
    global _engine
    root = Path(config.config_file_path).parent
    try:
        _engine = ReadingEngine(load_overrides(root / READINGS, READINGS))
    except JieduError as e:
        raise PluginError(str(e)) from None
    return config


def on_page_read_source(page, config):
    try:
        return check_source(Path(page.file.abs_src_path), page.file.src_uri)
    except JieduError as e:
        raise PluginError(str(e)) from None


@event_priority(-100)
def on_page_context(context, page, config, nav):
    page.content = render_page(page.content, _engine, page.meta)
    return context
