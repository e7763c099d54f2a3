"""Imported by the reading pass's fork server (``workers.py``), never by the build: reads
one sentence, which loads the segmenter and its tags, pypinyin and the model, so that every
worker forked from the server starts with them and shares their memory.
"""
from __future__ import annotations

import gc

from ..reading.engine import ReadingEngine

ReadingEngine().annotate_all(["他的担子很重了。"])  # 了: the tagger; 重: the model
gc.freeze()  # what is loaded now is never collected: workers' collections do not copy its pages
