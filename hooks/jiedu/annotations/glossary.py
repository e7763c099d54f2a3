"""Glossary entries: one YAML file per entry under ``annotations/glossary/``.

This module loads and validates entries and nothing else; matching them in texts is
``terms.py``, rendering them is ``tooltip.py`` and ``glossarypage.py``. The format is
documented for editors by ``annotations/schema.json``. Every problem is reported at once,
each as ``file:line:col: error: message`` saying what to fix.

Sources are data: each is a title (required, the document's exact title), a publisher, a
date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and a URL (``https://`` or ``http://``, only
one that was read). An entry whose ``english`` or ``explanation`` states a year, a number
or a named event (``claims.py`` says what counts) must have at least one. Official English
(``english_official``: the text and its source) and other renderings a translation may use
(``english_variants``, for the terminology check) sit beside the plainer ``english``.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import JieduError, Problem
from .claims import stated
from .overrides import pinyin_pieces
from ..base.pinyin import HAN_RUN, han_count
from ..base.safemd import unsafe_links
from ..base.yamlfile import Mapping, load, unknown_keys

CATEGORIES = (
    "institution", "organisation-type", "group", "policy", "method", "slogan",
    "concept", "document", "event", "facility", "service", "place", "honour", "exam",
)
#: ``core``: a term of the texts' own political and administrative vocabulary, marked by
#: default; ``general``: political vocabulary a learner meets everywhere (群众, 基层, 意见).
#: Optional in the YAML; an entry without it is ``core``.
LEVELS = ("core", "general")
REQUIRED = ("term", "english", "explanation", "category")
TEXT_FIELDS = ("term", "pinyin", "english", "explanation", "category", "level")
#: Characters in a term or a variant: a word or set phrase as a text writes it (the longest
#: of the seed glossary has 13). Each is taught to the segmenter, whose dictionary holds
#: every prefix of a word: a long "term" would cost memory by the square of its length.
TERM_CHARS = 50
LIST_FIELDS = ("variants", "expansion", "related", "english_variants", "sources")
KEYS = ("term", "pinyin", "english", "english_official", "english_variants", "explanation", "category", "level",
        "variants", "expansion", "related", "sources")
SOURCE_KEYS = ("title", "publisher", "date", "url")
OFFICIAL_KEYS = ("text", "source")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


#: Punctuation texts may write either way: the importer writes the full-width form of the
#: ASCII one (``importer/ocrtext.py``), a hand-written page may keep either; a term's form
#: matches both. Straight and curly double quotes are one.
EQUIVALENT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", '"': "“", "”": "“"}
_WIDE = "\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
#: Spaces a text may have or not: beside a wide (Chinese) character.
OPTIONAL_SPACE = re.compile(f"[ \t]+(?=[{_WIDE}])|(?<=[{_WIDE}])[ \t]+")


def canonical(form: str) -> str:
    """A form as the matcher compares it: spaces beside Chinese characters dropped, other
    runs of spaces one space, ASCII punctuation as its full-width form (both are written).

    >>> canonical("社会 工作"), canonical("共建,共治 (试点)"), canonical('"两新"'), canonical("Made  in China")
    ('社会工作', '共建，共治（试点）', '“两新“', 'Made in China')
    """
    text = " ".join(OPTIONAL_SPACE.sub("", form).split())
    return "".join(EQUIVALENT.get(c, c) for c in text)


@dataclass(frozen=True)
class Source:
    """Where a claim comes from: the exact title, and publisher, date, URL where known."""

    title: str
    date: str = ""
    publisher: str = ""
    url: str = ""


@dataclass(frozen=True)
class Official:
    """Official English for a term, as its source writes it."""

    text: str
    source: Source


@dataclass(frozen=True)
class Entry:
    """One glossary entry, validated."""

    id: str  # the file's stem: stable, ASCII, used in URLs
    term: str
    english: str
    explanation: str
    category: str
    pinyin: tuple[str, ...] = ()  # empty: computed by the reading engine
    variants: tuple[str, ...] = ()
    expansion: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    level: str = "core"  # one of LEVELS
    english_official: Official | None = None
    english_variants: tuple[str, ...] = ()
    path: str = ""
    line: int = 1
    related_at: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)
    forms_at: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)
    claims_at: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)  # english, explanation

    @property
    def forms(self) -> tuple[str, ...]:
        """The term and its variants: every way a text may write it."""
        return (self.term, *self.variants)


class Reading(tuple):
    """A (Han run, syllables) pair an entry's ``pinyin:`` fixes, equal to the plain pair, that
    also knows where it was written (``where``: file, line, column) for messages."""

    where: tuple[str, int, int]

    def __new__(cls, pair: tuple, where: tuple[str, int, int]) -> "Reading":
        self = super().__new__(cls, pair)
        self.where = where
        return self


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...] = ()
    readings: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (Han run, syllables) from pinyin: (Reading)

    def by_term(self) -> dict[str, Entry]:
        return {e.term: e for e in self.entries}


def unused_warning(entry: Entry) -> Problem:
    """The warning for an entry that occurs in no text (``--strict`` turns it into a failure)."""
    return Problem(
        entry.path,
        f"'{entry.term}' occurs in no text; check the term and its variants against the text, or remove the entry",
        entry.line, 1, "warning",
    )


def load_glossary(directory: Path, display_dir: str = "annotations/glossary",
                  committed: frozenset[str] | None = None) -> Glossary:
    """Load every ``*.yml`` in ``directory``; raise :class:`JieduError` listing all problems.
    ``committed`` (display paths in the last commit, ``base/gitfiles.py``) says which of two
    entries claiming one form is the new one, which gets the error (:func:`newer`)."""
    problems: list[Problem] = []
    entries: list[Entry] = []
    readings: list[Reading] = []
    unreadable = False
    if not directory.is_dir():
        return Glossary()
    for path in sorted(directory.glob("*.y*ml")):
        name = f"{display_dir}/{path.name}"
        try:
            data = load(path, name)
        except JieduError as e:
            problems.extend(e.problems)
            unreadable = True
            continue
        entry, pieces = _entry(path.stem, data, name, problems)
        if entry:
            entries.append(entry)
            readings.extend(pieces)
        else:
            unreadable = True
    # A related term may be the one of a file that could not be read: only that file is wrong.
    _check_across(entries, problems, related=not unreadable,
                  newer=lambda a, b: newer(a, b, committed, lambda e: directory / Path(e.path).name))
    if problems:
        raise JieduError(problems)
    return Glossary(tuple(entries), tuple(readings))


def _entry(stem: str, data: object, name: str, problems: list[Problem]):
    before = len(problems)
    if not isinstance(data, Mapping):
        problems.append(Problem(name, "an entry is a mapping of keys (term:, english:, …); see annotations/schema.json", 1, 1))
        return None, []
    if not SLUG.match(stem):
        problems.append(Problem(name, "file name must be lowercase ASCII words joined by '-', e.g. liang-xin-gong-wei.yml", 1, 1))
    meant = unknown_keys(data, KEYS, name, problems)
    for key in REQUIRED:
        if key not in data and key not in meant:
            problems.append(Problem(name, f"missing '{key}'", *data.at))
    for key in TEXT_FIELDS:
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problems.append(Problem(name, f"'{key}' must be non-empty text", *data.value_at[key]))
    for key in LIST_FIELDS[:4]:
        if key in data and not _text_list(data[key]):
            problems.append(Problem(name, f"'{key}' must be a list of texts, one per line starting with '- '", *data.value_at[key]))
    if len(problems) > before:
        return None, []

    term = data["term"].strip()
    if han_count(term) == 0:
        problems.append(Problem(name, f"term '{term}' has no Chinese characters", *data.value_at["term"]))
    if data["category"] not in CATEGORIES:
        problems.append(Problem(name, f"unknown category '{data['category']}'; use one of: {', '.join(CATEGORIES)}", *data.value_at["category"]))
    if data.get("level", "core") not in LEVELS:
        problems.append(Problem(name, f"unknown level '{data['level']}'; use core (this text's own vocabulary, marked by default) or general (political vocabulary met everywhere)", *data.value_at["level"]))
    for url in unsafe_links(data["explanation"]):
        problems.append(Problem(name, f"link '{url}' is not allowed; use https:// links or links within the site", *data.value_at["explanation"]))
    variants = tuple(v.strip() for v in data.get("variants", []))
    for form, at in ((term, data.value_at["term"]), *zip(variants, data["variants"].item_at if "variants" in data else ())):
        if len(form) > TERM_CHARS:
            problems.append(Problem(name, f"'{form[:20]}…' has {len(form):,} characters; the limit is {TERM_CHARS} (TERM_CHARS "
                                          "in hooks/jiedu/annotations/glossary.py): a term is a word or set phrase as the "
                                          "text writes it; explain the rest in 'explanation'", *at))
    for i, v in enumerate(variants):
        if canonical(v) == canonical(term) or canonical(v) in map(canonical, variants[:i]):
            problems.append(Problem(name, f"variant '{v}' repeats the term or another variant", *data["variants"].item_at[i]))

    pieces: list[tuple[str, tuple[str, ...]]] = []
    syllables: tuple[str, ...] = ()
    if "pinyin" in data:
        pieces = pinyin_pieces(term, data["pinyin"], name, data.value_at["pinyin"], problems)
        syllables = tuple(s for _, run in pieces for s in run)
    sources = _sources(data, name, problems)
    official = _official(data, name, problems)
    if len(problems) > before:
        return None, []
    entry = Entry(
        id=stem, term=term, english=data["english"].strip(), explanation=data["explanation"].strip(),
        category=data["category"], pinyin=syllables, variants=variants,
        expansion=tuple(x.strip() for x in data.get("expansion", [])),
        related=tuple(x.strip() for x in data.get("related", [])),
        sources=sources, level=data.get("level", "core"), path=name, line=data.at[0],
        english_official=official,
        english_variants=tuple(dict.fromkeys(x.strip() for x in data.get("english_variants", []))),
        claims_at=(data.value_at["english"], data.value_at["explanation"]),
        related_at=tuple(data["related"].item_at) if "related" in data else (),
        forms_at=(data.value_at["term"], *(data["variants"].item_at if "variants" in data else ())),
    )
    # A one-character piece (新 and 心 of 新“心”向党) would fix that character's reading
    # everywhere; the term's reading still shows in its tooltip and glossary entry.
    where = (name, *data.value_at["pinyin"]) if "pinyin" in data else (name, entry.line, 1)
    return entry, [Reading(p, where) for p in pieces + _variant_pieces(entry) if len(p[0]) > 1]


def _text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value)


def _sources(data: Mapping, name: str, problems: list[Problem]) -> tuple[Source, ...]:
    if "sources" not in data:
        return ()
    items = data["sources"]
    if not isinstance(items, list) or not items:
        problems.append(Problem(name, "'sources' must be a list of sources, each '- title: …' with publisher:, date: "
                                      "and url: where known", *data.value_at["sources"]))
        return ()
    out = []
    for i, item in enumerate(items):
        source = _source(item, items.item_at[i], name, problems)
        if source:
            out.append(source)
    return tuple(out)


def _source(item: object, at: tuple[int, int], name: str, problems: list[Problem]) -> Source | None:
    """One source: ``title`` required, ``publisher``, ``date`` and ``url`` optional."""
    if not isinstance(item, Mapping):
        problems.append(Problem(name, "each source is a mapping: title: (required), publisher:, date:, url:", *at))
        return None
    before = len(problems)
    unknown_keys(item, SOURCE_KEYS, name, problems)
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(name, "a source needs a 'title': the document's or page's exact title, as published", *at))
    for key in ("publisher", "url"):
        if key in item and (not isinstance(item[key], str) or not item[key].strip()):
            problems.append(Problem(name, f"a source's '{key}' must be non-empty text", *item.value_at[key]))
    date = item.get("date")
    if isinstance(date, (dt.date, int)):
        date = date.isoformat() if isinstance(date, dt.date) else str(date)
    if date is not None and (not isinstance(date, str) or not DATE.match(date)):
        problems.append(Problem(name, "a source's 'date' is YYYY, YYYY-MM or YYYY-MM-DD, quoted (date: \"2024-11-04\")",
                                *item.value_at.get("date", at)))
    url = item.get("url")
    if isinstance(url, str) and url.strip() and not URL.match(url.strip()):
        problems.append(Problem(name, f"a source's 'url' must start with https:// or http:// (got '{url.strip()[:40]}'); "
                                      "give only an address you have read", *item.value_at["url"]))
    if len(problems) > before:
        return None
    return Source(title.strip(), date or "", (item.get("publisher") or "").strip(), (url or "").strip())


def _official(data: Mapping, name: str, problems: list[Problem]) -> Official | None:
    """``english_official: {text: …, source: {title: …, …}}``."""
    if "english_official" not in data:
        return None
    value, at = data["english_official"], data.value_at["english_official"]
    if not isinstance(value, Mapping):
        problems.append(Problem(name, "'english_official' is a mapping: text: (the official English, as the source "
                                      "writes it) and source: (title:, publisher:, date:, url:)", *at))
        return None
    before = len(problems)
    unknown_keys(value, OFFICIAL_KEYS, name, problems)
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(name, "'english_official' needs 'text': the official English, as its source writes it", *at))
    if "source" not in value:
        problems.append(Problem(name, "'english_official' needs 'source': where the official English was read "
                                      "(title:, publisher:, date:, url:)", *at))
        return None
    source = _source(value["source"], value.value_at["source"], name, problems)
    if len(problems) > before or source is None:
        return None
    return Official(" ".join(text.split()), source)


def _variant_pieces(entry: Entry) -> list[tuple[str, tuple[str, ...]]]:
    """A variant with the same characters as the term (“两新”工委) reads like the term."""
    if not entry.pinyin:
        return []
    term_han = "".join(HAN_RUN.findall(entry.term))
    out = []
    for form in entry.variants:
        runs = HAN_RUN.findall(form)
        if "".join(runs) != term_han:
            continue
        k = 0
        for run in runs:
            out.append((run, entry.pinyin[k : k + len(run)]))
            k += len(run)
    return out


def newer(a: Entry, b: Entry, committed: frozenset[str] | None, path_of) -> Entry:
    """Of two entries that claim the same form, the one a contributor is adding or editing:
    the one not in the last commit (``committed``); if both or neither are, the file changed
    last (its modification time), and on a tie the second by name.
    """
    if committed is not None and (a.path in committed) != (b.path in committed):
        return b if a.path in committed else a
    try:
        ta, tb = path_of(a).stat().st_mtime, path_of(b).stat().st_mtime
    except OSError:
        return b
    return a if ta > tb else b


def _check_across(entries: Iterable[Entry], problems: list[Problem], related: bool = True, newer=None) -> None:
    entries = list(entries)
    owner: dict[str, Entry] = {}
    for e in entries:
        for form, at in zip(e.forms, e.forms_at):
            other = owner.get(canonical(form))  # what the matcher tells apart (spaces and ASCII punctuation aside)
            if other is not None and other is not e:
                new = newer(other, e) if newer else e
                old = other if new is e else e
                i = next(i for i, f in enumerate(new.forms) if canonical(f) == canonical(form))
                problems.append(Problem(new.path, f"'{new.forms[i]}' is already a term or variant in {old.path}; an entry's forms "
                                                  f"must be unique: remove it here, or from {old.path}", *new.forms_at[i]))
            owner.setdefault(canonical(form), e)
    _check_claims(entries, problems)
    terms = {e.term for e in entries}
    for e in entries:
        for rel, at in zip(e.related, e.related_at):
            if rel == e.term:
                problems.append(Problem(e.path, "an entry cannot be related to itself", *at))
            elif rel not in terms and related:
                problems.append(Problem(e.path, f"related entry '{rel}' does not exist; use the exact 'term' of another entry", *at))


def _check_claims(entries: list[Entry], problems: list[Problem]) -> None:
    """An entry that states a year, a number or a named event needs a source. Digits in
    any entry's forms are names (12345), not counts."""
    names = [form for e in entries for form in e.forms if any(c.isdigit() for c in form)]
    for e in entries:
        if e.sources:
            continue
        for field_name, text, at in (("english", e.english, e.claims_at[:1]), ("explanation", e.explanation, e.claims_at[1:])):
            found = stated(text, names)
            if found:
                where = at[0] if at else (e.line, 1)
                problems.append(Problem(
                    e.path,
                    f"the {field_name} states {', '.join(dict.fromkeys(found))} but the entry has no sources; add "
                    "sources: with the title of what says so (and its publisher, date and url where there is one; "
                    "the text itself counts for what it says), or say less",
                    *where,
                ))
                break
