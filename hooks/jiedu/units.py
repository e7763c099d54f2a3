"""Units of reading: a page's text nodes cut where no sentence runs across, so that a unit
reads alone exactly as it reads within its page.

The reading engine (``readings.py``) reads a page's text nodes together, so that its model
sees a sentence whole where markup cuts it (``<a>一名</a>男子``). A sentence never runs
across a line break, and MkDocs writes one between block elements; so a page is cut after
every text node that ends in one. Units are then paragraphs, headings, list items: the grain
at which the build caches readings (``cache.py``) and reads them in parallel
(``readpass.py``), and at which an edit is read again.

This module only cuts, names and encodes units; it does not read them.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from html import unescape

from .pinyin import HAN_RUN
from .readings import Segment

Annotation = list[str | Segment]  # one text node, as ReadingEngine.annotate_all gives it


def split(nodes: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of ``nodes``: each unit ends after a node that ends in a line
    break, or with the page.

    >>> split(["一名", "男子。", "\\n", "标题", "\\n", "尾"])
    [(0, 3), (3, 5), (5, 6)]
    >>> split([])
    []
    """
    out, start = [], 0
    for i, node in enumerate(nodes):
        if node.endswith("\n"):
            out.append((start, i + 1))
            start = i + 1
    if start < len(nodes):
        out.append((start, len(nodes)))
    return out


def needs_reading(nodes: Sequence[str]) -> bool:
    """Whether any node holds a Han character (the others are their own annotation).

    >>> needs_reading(["\\n", "2024"]), needs_reading(["年"])
    (False, True)
    """
    return any(HAN_RUN.search(node) for node in nodes)


def plain(nodes: Sequence[str]) -> list[Annotation]:
    """The annotation of nodes without Han characters: each node as itself.

    >>> plain(["\\n", "ok"])
    [['\\n'], ['ok']]
    """
    return [[node] if node else [] for node in nodes]


def key(salt: str, nodes: Sequence[str]) -> str:
    """The cache key of a unit: its nodes (each with its length, so that no two lists of
    nodes collide) under ``salt``, the fingerprint of everything that decides readings.

    >>> key("s", ["一", "二"]) == key("s", ["一", "二"]) != key("s", ["一二"])
    True
    """
    h = hashlib.blake2b(salt.encode("utf-8"), digest_size=20)
    for node in nodes:
        data = node.encode("utf-8", "surrogatepass")
        h.update(b"%d:" % len(data) + data)
    return h.hexdigest()


def search_runs(nodes: Sequence[str]) -> list[str]:
    """The Han runs the search index segments in a unit: those of its text with markup
    removed (a glossary term's link does not cut a run there).

    >>> search_runs(["做好", "社会工作", "的&lt;基础&gt;"])
    ['做好社会工作的', '基础']
    """
    return HAN_RUN.findall(unescape("".join(nodes)))


# -- encoding ------------------------------------------------------------------------------

#: The fields of Segment, in order: a payload names them, so a change to Segment cannot be
#: decoded wrongly (and the code fingerprint changes with it anyway).
FIELDS = tuple(f.name for f in dataclasses.fields(Segment))


def encode(annotations: Sequence[Annotation], cuts: Sequence[Sequence[str]]) -> str:
    """A unit's reading as one line of JSON: per node its plain strings and segments (each
    segment as the list of its fields), and the words of each search run.

    >>> s = Segment("行业", ("háng", "yè"), ("dictionary", "dictionary"))
    >>> encode([["“", s], ["\\n"]], [["行业"]])
    '{"f":["text","syllables","sources","spoken"],"a":[["“",["行业",["háng","yè"],["dictionary","dictionary"],[]]],["\\\\n"]],"c":[[2]]}'
    """
    nodes = [[x if isinstance(x, str) else [getattr(x, f) for f in FIELDS] for x in items] for items in annotations]
    lengths = [[len(w) for w in words] for words in cuts]
    return json.dumps({"f": FIELDS, "a": nodes, "c": lengths}, ensure_ascii=False, separators=(",", ":"))


def decode(payload: str, nodes: Sequence[str]) -> tuple[list[Annotation], dict[str, tuple[str, ...]]]:
    """The annotations and search cuts (run → words) of the unit ``nodes``, from
    :func:`encode`'s payload. Raises ``ValueError`` when the payload does not fit the nodes
    (then the unit is read again).

    >>> s = Segment("行业", ("háng", "yè"), ("dictionary", "dictionary"))
    >>> decode(encode([["“", s]], [["行业"]]), ["“行业"]) == ([["“", s]], {"行业": ("行业",)})
    True
    """
    try:
        data = json.loads(payload)
        if tuple(data["f"]) != FIELDS:
            raise ValueError("Segment's fields changed")
        annotations = [
            [x if isinstance(x, str) else Segment(*(v if isinstance(v, str) else tuple(v) for v in x)) for x in items]
            for items in data["a"]
        ]
        runs = search_runs(nodes)
        lengths = data["c"]
    except (KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"not a unit's reading: {e}") from None
    if len(annotations) != len(nodes) or len(lengths) != len(runs):
        raise ValueError("the reading is not of these nodes")
    for node, items in zip(nodes, annotations):
        if "".join(x if isinstance(x, str) else x.text for x in items) != node:
            raise ValueError("the reading is not of these nodes")
    cuts = {}
    for run, sizes in zip(runs, lengths):
        if sum(sizes) != len(run) or not all(isinstance(n, int) and n > 0 for n in sizes):
            raise ValueError("a search cut does not fit its run")
        words, pos = [], 0
        for n in sizes:
            words.append(run[pos : pos + n])
            pos += n
        cuts[run] = tuple(words)
    return annotations, cuts
