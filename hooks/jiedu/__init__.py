"""Jiedu's core: readings, term matching and rendering for annotated Chinese texts.

Nothing in this package imports MkDocs. The MkDocs hook (``hooks/jiedu_mkdocs.py``) is a
thin adapter over these modules, so the same core can later run as a Python-Markdown
extension (for Zensical) or from the command line.

The package is in wings, each importing only the wings before it in this list:
``base`` (errors, files, YAML, HTML text, pinyin), ``annotations`` (the project's YAML as
data), ``reading`` (the reading engine), ``readpass`` (the build's reading pass and caches),
``page`` (a page's HTML), ``outputs`` (files beside the pages) and ``importer`` (raw text to
a page). ``site`` (one build) and ``check`` (``make check``) use them all.
"""
