"""A text's record (``annotations/texts/<slug>.yml``): reading and validating it.

The record says which raw file a text comes from, its metadata, which paragraphs are
headings, every correction made to the raw text (see :class:`TextSpec`) and, optionally, an
English translation of every heading and paragraph (:mod:`jiedu.annotations.translation`). Every value is
contributed text: a slug and a raw path name files, so they are held to a safe form (a slug
of lower-case words, a relative path that stays in the project); the rest is checked for
kind and shape. What the importer does with a record is :mod:`jiedu.importer.ocrtext` and
:mod:`jiedu.importer.textpage`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..base.errors import JieduError, Problem
from .pageshape import too_long
from .translation import Translation, parse_translation

#: The kinds of recorded correction; anything else in a record is an error. A
#: ``probable-correction`` fixes what the printed text itself very probably got wrong (listed
#: in the notes with its reason, not marked in the text, like an OCR misreading). A
#: ``layout`` correction changes where paragraphs break, not the words: ``¶`` in its raw form
#: or context stands for a line break of the raw file (with the spaces and blank lines around
#: it), ``¶`` in its corrected form makes a paragraph break (see :data:`BREAK`).
KINDS = ("ocr-misreading", "stray-character", "editorial-restoration", "gap", "probable-correction", "layout")
#: A paragraph break in a correction (``layout`` only): raw ``"¶"`` joins two paragraphs,
#: corrected ``"¶"`` splits one.
BREAK = "¶"
#: What the text is, for the Texts page (its genre; how the raw file is written is
#: ``source_kind``).
TEXT_KINDS = ("law", "regulation", "constitution", "report", "news", "literature", "speech", "other")
#: How the raw file is written (``sourcekind.py``): detected when the record does not say.
SOURCE_KINDS = ("ocr", "plain", "markdown", "html")
#: Where a plain-text raw file's paragraphs end: at blank lines (hard-wrapped lines joined)
#: or at every line (the NPC's law texts).
PARAGRAPH_MODES = ("blank-lines", "lines")
#: Blocks a record may supply when its source has none (``from_record``).
SUPPLIED = ("title", "subtitle")
#: Kinds whose corrected text is marked up on the page (the rest is spliced in plainly).
MARKED_KINDS = ("editorial-restoration", "gap")

#: Keys of a text record, in the order the starter record writes them.
SPEC_KEYS = ("slug", "raw", "source_kind", "paragraphs", "title", "subtitle", "from_record", "kind",
             "source", "copy", "place", "date", "dateline", "rights", "lang", "sections", "subheadings",
             "corrections", "translation")
#: Keys a finished record must fill: a starter record leaves them empty for the contributor.
REQUIRED_LATER = ("kind", "rights")
#: A date: a year, a month or a day.
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
CORRECTION_KEYS = ("raw", "corrected", "context", "kind", "reason")
#: A slug names the page and its files: lower-case ASCII words joined by hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
#: A raw source's path, relative to the project: it is shown on the page and in messages.
RAW_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*")
LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@dataclass(frozen=True)
class Correction:
    """One recorded change to the raw text, beyond the mechanical clean-up.

    ``raw`` is replaced by ``corrected`` at the one place where ``context`` occurs in the raw
    text; ``raw`` must occur exactly once inside ``context``. An empty ``raw`` inserts
    ``corrected`` right after ``context``. ``line`` is where the entry stands in its record.
    """

    raw: str
    corrected: str
    context: str
    kind: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class TextSpec:
    """A text's record: metadata, headings and corrections (``annotations/texts/*.yml``)."""

    path: str
    slug: str
    raw: str
    title: str
    lang: str = "zh-Hans"
    subtitle: str = ""
    source: str = ""
    #: where the raw file was taken from: a repository, its path and commit, or a page and the
    #: day it was read (the notes give it)
    copy: str = ""
    place: str = ""
    #: YYYY, YYYY-MM or YYYY-MM-DD
    date: str = ""
    dateline: str = ""
    #: the text's genre (:data:`TEXT_KINDS`)
    kind: str = ""
    #: whether and why the text may be republished here (shown on its page and the Texts list)
    rights: str = ""
    #: how the raw file is written (:data:`SOURCE_KINDS`); "" to detect it
    source_kind: str = ""
    #: where a plain raw file's paragraphs end (:data:`PARAGRAPH_MODES`); "" to detect it
    paragraphs: str = ""
    #: blocks the source lacks, taken from this record (:data:`SUPPLIED`)
    from_record: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    subheadings: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    #: The English of every heading and paragraph, if given (see :mod:`jiedu.annotations.translation`).
    translation: Translation | None = None
    #: Line in the record of each key, and of each heading entry as (key, index).
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: object) -> int | None:
        return self.lines.get(key)


def parse_spec(data: object, path: str, draft: bool = False) -> TextSpec:
    """Check a loaded record (from :mod:`jiedu.base.yamlfile`, which keeps positions) and build
    a :class:`TextSpec`; raise :class:`JieduError` listing every problem with its line. A
    ``draft`` (the starter record ``--new`` writes) may leave :data:`REQUIRED_LATER` empty.

    >>> parse_spec({"slug": "x", "raw": "x.txt", "title": "题", "corrections": [{"raw": "讲"}]}, "x.yml", draft=True)
    Traceback (most recent call last):
    ...
    jiedu.base.errors.JieduError: x.yml: error: correction #1 lacks 'corrected', 'context', 'kind', 'reason'
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise JieduError(Problem(path, "a text record must be a mapping of keys (slug, raw, title, …)"))
    key_at = getattr(data, "key_at", {})
    value_at = getattr(data, "value_at", {})
    lines: dict = {k: value_at.get(k, key_at.get(k, (None,)))[0] for k in data}
    for key in data:
        if key not in SPEC_KEYS:
            problems.append(Problem(path, f"unknown key {key!r}; allowed: {', '.join(SPEC_KEYS)}", lines.get(key)))
    for key in ("slug", "raw", "title"):
        if not data.get(key):
            problems.append(Problem(path, f"missing {key!r}", *(((lines.get(key), 1)) if key in data else getattr(data, "at", (1, 1)))))
    scalars: dict[str, str] = {}
    for key in ("slug", "raw", "title", "subtitle", "source", "copy", "place", "date", "dateline", "lang",
                "kind", "rights", "source_kind", "paragraphs"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif key == "date" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # date: 1921
        if not isinstance(value, str):
            problems.append(Problem(path, f"{key!r} must be text", lines.get(key)))
            continue
        scalars[key] = value.strip()
        if "\n" in scalars[key]:
            problems.append(Problem(path, f"{key!r} must be one line", lines.get(key)))
        elif too_long(scalars[key], repr(key), "FIELD_CHARS"):
            problems.append(Problem(path, too_long(scalars[key], repr(key), "FIELD_CHARS"), lines.get(key)))
    if scalars.get("slug") and not SLUG.fullmatch(scalars["slug"]):
        problems.append(Problem(path, "'slug' names the page's files: use lower-case ASCII letters, digits and "
                                      "hyphens (social-work-2024-11-04)", lines.get("slug")))
    raw = scalars.get("raw", "")
    if raw and (not RAW_PATH.fullmatch(raw) or ".." in raw.split("/")):
        problems.append(Problem(path, "'raw' is the raw file's path inside the project, such as "
                                      "sources/my-text.raw.txt (letters, digits, '.', '_', '-' and '/'; no '..')", lines.get("raw")))
    if scalars.get("lang") and not LANG.fullmatch(scalars["lang"]):
        problems.append(Problem(path, "'lang' must be a language tag such as zh-Hans", lines.get("lang")))
    if scalars.get("date"):
        problems += _date_problems(scalars["date"], path, lines.get("date"))
    for key, allowed in (("kind", TEXT_KINDS), ("source_kind", SOURCE_KINDS), ("paragraphs", PARAGRAPH_MODES)):
        if scalars.get(key) and scalars[key] not in allowed:
            problems.append(Problem(path, f"{key!r} {scalars[key]!r} is not one of {', '.join(allowed)}", lines.get(key)))
    if not draft:
        for key in REQUIRED_LATER:
            if key not in data:
                problems.append(Problem(path, f"missing {key!r}: {_LATER_HINTS[key]}", *getattr(data, "at", (1, 1))))
            elif not scalars.get(key) and isinstance(data.get(key), (str, type(None))):
                problems.append(Problem(path, f"{key!r} is empty: {_LATER_HINTS[key]}", lines.get(key), 1))
    supplied = data.get("from_record") or []
    if not isinstance(supplied, list) or not all(x in SUPPLIED for x in supplied):
        problems.append(Problem(path, "'from_record' lists the blocks the source lacks, taken from this record: "
                                      f"title, subtitle (e.g. from_record: [title])", lines.get("from_record")))
        supplied = []
    for key in supplied:
        if not scalars.get(key):
            problems.append(Problem(path, f"'from_record' names {key!r}, so give the {key} here", lines.get("from_record")))
    headings: dict[str, tuple[str, ...]] = {}
    for key in ("sections", "subheadings"):
        items = data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            problems.append(Problem(path, f"{key!r} must be a list of heading texts (or unique prefixes)", lines.get(key)))
            items = []
        item_at = getattr(items, "item_at", [])
        for n in range(len(items)):
            lines[(key, n)] = item_at[n][0] if n < len(item_at) else lines.get(key)
        headings[key] = tuple(x.strip() for x in items)
        problems += [Problem(path, too_long(x, f"{key} #{n + 1}", "FIELD_CHARS"), lines[(key, n)])
                     for n, x in enumerate(headings[key]) if too_long(x, "", "FIELD_CHARS")]
    corrections: list[Correction] = []
    items = data.get("corrections") or []
    if not isinstance(items, list):
        problems.append(Problem(path, "'corrections' must be a list", lines.get("corrections")))
        items = []
    item_at = getattr(items, "item_at", [])
    for n, item in enumerate(items):
        line = item_at[n][0] if n < len(item_at) else None
        if not isinstance(item, dict):
            problems.append(Problem(path, f"correction #{n + 1} must be a mapping with {', '.join(CORRECTION_KEYS)}", line))
            continue
        missing = [k for k in CORRECTION_KEYS if k not in item]
        unknown = [k for k in item if k not in CORRECTION_KEYS]
        if missing:
            problems.append(Problem(path, f"correction #{n + 1} lacks {', '.join(repr(k) for k in missing)}", line))
        if unknown:
            problems.append(Problem(path, f"correction #{n + 1} has unknown key(s) {', '.join(repr(k) for k in unknown)}; allowed: {', '.join(CORRECTION_KEYS)}", line))
        if missing or unknown:
            continue
        values = {k: item[k] for k in CORRECTION_KEYS}
        if not all(isinstance(v, str) for v in values.values()):
            problems.append(Problem(path, f"correction #{n + 1}: every value must be text (quote it)", line))
            continue
        long = [too_long(v, f"correction #{n + 1}: {k!r}", "FIELD_CHARS") for k, v in values.items()
                if too_long(v, "", "FIELD_CHARS")]
        if long:
            problems += [Problem(path, m, line) for m in long]
            continue
        c = Correction(**values, line=line)
        if c.kind not in KINDS:
            problems.append(Problem(path, f"correction #{n + 1}: kind {c.kind!r} is not one of {', '.join(KINDS)}", line))
        elif c.kind != "layout" and BREAK in c.raw + c.corrected + c.context:
            problems.append(Problem(path, f"correction #{n + 1}: {BREAK} (a paragraph break) belongs in a correction of kind layout", line))
        elif c.kind == "layout" and BREAK not in c.raw + c.corrected:
            problems.append(Problem(path, f"correction #{n + 1}: a layout correction joins paragraphs ({BREAK} in raw) or "
                                          f"splits one ({BREAK} in corrected)", line))
        if not c.context or (c.raw and c.raw not in c.context):
            problems.append(Problem(path, f"correction #{n + 1}: context must contain the raw form {c.raw!r}", line))
        if c.raw == c.corrected:
            problems.append(Problem(path, f"correction #{n + 1}: corrected is the same as raw", line))
        if not c.reason.strip():
            problems.append(Problem(path, f"correction #{n + 1}: give a reason", line))
        if "\n" in c.corrected or _PRIVATE_USE.search(c.corrected):
            problems.append(Problem(path, f"correction #{n + 1}: corrected text must be one line of plain text", line))
        corrections.append(c)
    translation = None
    if data.get("translation") is not None:
        translation, found = parse_translation(data["translation"], path, value_at.get("translation", key_at.get("translation", (None, None))))
        problems += found
    if problems:
        raise JieduError(problems)
    return TextSpec(path=path, sections=headings["sections"], subheadings=headings["subheadings"],
                    corrections=tuple(corrections), translation=translation, lines=lines,
                    from_record=tuple(dict.fromkeys(supplied)), **scalars)


_LATER_HINTS = {
    "kind": f"what the text is, one of {', '.join(TEXT_KINDS)} (the Texts page sorts and filters by it)",
    "rights": "say whether and why the text may be published here, e.g. \"public domain: <author> died <year>\", "
              "\"not protected: PRC Copyright Law art. 5 — laws, regulations, … and their official translations\" "
              "or \"© <publisher>; reproduced for study\" (CONTRIBUTING.md, Add a text)",
}


def _date_problems(value: str, path: str, line: int | None) -> list[Problem]:
    """A date is YYYY, YYYY-MM or YYYY-MM-DD, and a real one.

    >>> [p.message for p in _date_problems("1921-13", "x.yml", 3)], _date_problems("1921-01", "x.yml", 3)
    (["'date' must be a real year, month or day: YYYY, YYYY-MM or YYYY-MM-DD"], [])
    """
    ok = bool(DATE.fullmatch(value))
    if ok:
        y, m, d = (value.split("-") + ["01", "01"])[:3]
        try:
            dt.date(int(y), int(m), int(d))
        except ValueError:
            ok = False
    return [] if ok else [Problem(path, "'date' must be a real year, month or day: YYYY, YYYY-MM or YYYY-MM-DD", line)]
