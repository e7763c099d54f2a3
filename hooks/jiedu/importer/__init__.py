"""Turn a raw copy of a Chinese text (OCR, plain text, Markdown, HTML) into a clean Markdown
page, reproducibly.

``scripts/import_text.py`` reads a text's record (``annotations/texts/<slug>.yml``) and the
raw file it names, and writes ``docs/texts/<slug>.md``. The work is in the modules of this
wing and the record's in ``annotations``, each one concern; this package gathers their public
names for the script, ``make check`` and tests:

- :mod:`jiedu.annotations.textrecord` — the record: reading and validating it (:func:`parse_spec`);
- :mod:`jiedu.importer.assemble` — the steps run in order for one text (:func:`import_text`),
  and each paragraph's anchor;
- :mod:`jiedu.importer.ocrtext` — the steps: damage, headings, column breaks;
- :mod:`jiedu.importer.sourcekind` — how the raw file is written (OCR, plain, Markdown,
  HTML) and where its paragraphs are; markup removed;
- :mod:`jiedu.importer.punctuation` — punctuation width and spaces, for OCR and clean copies;
- :mod:`jiedu.importer.corrections` — the recorded corrections found and spliced in;
- :mod:`jiedu.importer.textpage` — step 6, the page (:func:`build_page`), a new text's starter
  record (:func:`starter_record`) and the keys of a translation (:func:`translation_skeleton`);
- :mod:`jiedu.annotations.translation` — a translation's keys, validation and place on the page.

It does not judge Chinese: it never guesses a correction. It does not import MkDocs and
does not touch files; the script does the I/O.
"""
from __future__ import annotations

from .ocrtext import *  # noqa: F401,F403
from .ocrtext import MARK_CLOSE, MARK_INDEX_BASE, MARK_OPEN, clean_raw  # noqa: F401
from .assemble import import_text  # noqa: F401
from .punctuation import normalize_clean, to_fullwidth_chinese  # noqa: F401
from .sourcekind import detect, detect_paragraphs  # noqa: F401
from .textpage import *  # noqa: F401,F403
from .textpage import build_page, escape_markdown, inline_html, page_markdown, starter_record, translation_skeleton  # noqa: F401
from ..annotations.textrecord import *  # noqa: F401,F403
from ..annotations.textrecord import Correction, TextSpec, parse_spec  # noqa: F401
