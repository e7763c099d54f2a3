"""Jiedu's core: readings, term matching and rendering for annotated Chinese texts.

Nothing in this package imports MkDocs. The MkDocs hook (``hooks/jiedu_mkdocs.py``) is a
thin adapter over these modules, so the same core can later run as a Python-Markdown
extension (for Zensical) or from the command line.
"""
