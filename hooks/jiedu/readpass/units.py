"""Units of reading: a page's text nodes cut where no sentence runs across, so that a unit
reads alone exactly as it reads within its page.

The reading engine (``reading/engine.py``) reads a page's text nodes together, so that its model
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

from ..base.pinyin import HAN_RUN
from ..reading.segment import Segment

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
#: Whether each field is a string ("s") or a tuple of strings ("t"); a field of another type
#: makes every segment take the long form.
KINDS = tuple(
    "s" if f.type in ("str", str) else "t" if str(f.type).replace(" ", "") == "tuple[str,...]" else ""
    for f in dataclasses.fields(Segment)
)
_FIELD, _ITEM = "|", ";"  # in no word of Han characters, syllable or source today (checked)


def _short(segment: Segment) -> str | None:
    """A segment as one string: its fields joined by ``|``, each tuple's items ended by ``;``
    (so ``()`` and ``("",)`` differ); ``None`` if a value holds either (then the long form).

    >>> _short(Segment("行业", ("háng", "yè"), ("dictionary", "model")))
    '行业|háng;yè;|dictionary;model;|'
    """
    parts = []
    for name, kind in zip(FIELDS, KINDS):
        value = getattr(segment, name)
        if kind == "s" and isinstance(value, str):
            parts.append(value)
        elif kind == "t" and isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            parts.append("".join(v + _ITEM for v in value))
        else:
            return None
    joined = _FIELD.join(parts)
    if joined.count(_FIELD) != len(FIELDS) - 1 or any(_ITEM in getattr(segment, n) for n, k in zip(FIELDS, KINDS) if k == "s"):
        return None
    if any(_FIELD in v or _ITEM in v for n, k in zip(FIELDS, KINDS) if k == "t" for v in getattr(segment, n)):
        return None
    return joined


_segments: dict[str, Segment] = {}  # short form -> segment: words repeat all through a site


def _from_short(text: str) -> Segment:
    segment = _segments.get(text)
    if segment is None:
        values = [v if k == "s" else tuple(v.split(_ITEM)[:-1]) for v, k in zip(text.split(_FIELD), KINDS)]
        if len(values) != len(FIELDS):
            raise ValueError("a segment with the wrong number of fields")
        segment = Segment(*values)
        if len(_segments) >= 20_000:
            _segments.clear()
        _segments[text] = segment
    return segment


def encode(annotations: Sequence[Annotation], cuts: Sequence[Sequence[str]]) -> str:
    """A unit's reading as one line of JSON: per node its plain strings and segments (each
    segment in :func:`_short` form, in a list of one; or, if that would be ambiguous, as
    the list of its fields), and the lengths of the words of each search run.

    >>> s = Segment("行业", ("háng", "yè"), ("dictionary", "dictionary"))
    >>> encode([["“", s], ["\\n"]], [["行业"]])
    '{"f":["text","syllables","sources","spoken"],"a":[["“",["行业|háng;yè;|dictionary;dictionary;|"]],["\\\\n"]],"c":[[2]]}'
    """
    def item(x: str | Segment):
        if isinstance(x, str):
            return x
        short = _short(x)
        return [short] if short is not None else [list(v) if isinstance(v, tuple) else v for v in (getattr(x, f) for f in FIELDS)]

    nodes = [[item(x) for x in items] for items in annotations]
    lengths = [[len(w) for w in words] for words in cuts]
    return json.dumps({"f": FIELDS, "a": nodes, "c": lengths}, ensure_ascii=False, separators=(",", ":"))


def decode(payload: str, nodes: Sequence[str]) -> tuple[list[Annotation], dict[str, tuple[str, ...]]]:
    """The annotations and search cuts (run → words) of the unit ``nodes``, from
    :func:`encode`'s payload. Raises ``ValueError`` when the payload does not fit the nodes
    (then the unit is read again).

    >>> s = Segment("行业", ("háng", "yè"), ("dictionary", "dictionary"))
    >>> u = Segment("|", ("",), ("a; b",))  # no reading holds these, but they must not break
    >>> decode(encode([["“", s, u]], [["行业"]]), ["“行业|"]) == ([["“", s, u]], {"行业": ("行业",)})
    True
    """
    try:
        data = json.loads(payload)
        if tuple(data["f"]) != FIELDS:
            raise ValueError("Segment's fields changed")
        annotations: list[Annotation] = []
        for node, items in zip(nodes, data["a"]):
            out: Annotation = []
            for x in items:
                if type(x) is str:
                    out.append(x)
                elif len(x) == 1:
                    out.append(_from_short(x[0]))
                else:
                    out.append(Segment(*(v if isinstance(v, str) else tuple(v) for v in x)))
            if "".join([x if type(x) is str else x.text for x in out]) != node:
                raise ValueError("the reading is not of these nodes")
            annotations.append(out)
        runs = search_runs(nodes)
        lengths = data["c"]
    except (KeyError, TypeError, AttributeError, IndexError) as e:
        raise ValueError(f"not a unit's reading: {e}") from None
    if len(annotations) != len(nodes) or len(data["a"]) != len(nodes) or len(lengths) != len(runs):
        raise ValueError("the reading is not of these nodes")
    cuts = {}
    for run, sizes in zip(runs, lengths):
        if not all(type(n) is int and n > 0 for n in sizes) or sum(sizes) != len(run):
            raise ValueError("a search cut does not fit its run")
        words, pos = [], 0
        for n in sizes:
            words.append(run[pos : pos + n])
            pos += n
        cuts[run] = tuple(words)
    return annotations, cuts
