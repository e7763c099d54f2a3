"""The glossary as open data: JSON, CSV, an Anki deck file and a Yomitan dictionary.

The build adds these files beside the glossary page (the page links them):

- ``jiedu-glossary.json``: every entry with every field, sources included, under a header
  that names the licence;
- ``jiedu-glossary.csv``: one row an entry (UTF-8, RFC 4180 quoting, a first ``#`` line with
  the licence); list fields are joined with `` | ``, the sources and the official English are
  JSON in their cells so they parse back exactly;
- ``jiedu-glossary.anki.tsv``: tab-separated with Anki's file headers (hanzi, pinyin,
  English, official English, explanation, sources), importable as it is;
- ``jiedu-glossary-yomitan.zip``: a Yomitan dictionary, format 3 (``index.json``,
  ``tag_bank_1.json``, ``term_bank_1.json``; yomidevs/yomitan's
  ``dictionary-index-schema.json`` and ``dictionary-term-bank-v3-schema.json``), one term
  per form of an entry, its pinyin as the reading.

Each carries the content licence, CC BY-SA 4.0, and is byte-for-byte the same for the same
glossary (no dates, sorted, fixed zip timestamps). ``read_*`` parse each back into records,
for the round-trip tests and for anyone who wants them.

What this module is not: it does not choose pinyin (the build passes each entry's, as the
glossary page shows it) and it does not write files (the build adds them to the site).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .glossary import Entry, Source
from ..base.safemd import plain

LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
TITLE = "Jiedu glossary"
#: File names, relative to the glossary page's folder.
FILES = {
    "json": "jiedu-glossary.json",
    "csv": "jiedu-glossary.csv",
    "anki": "jiedu-glossary.anki.tsv",
    "yomitan": "jiedu-glossary-yomitan.zip",
}
CSV_COLUMNS = (
    "id", "term", "pinyin", "english", "english_official", "english_variants", "explanation",
    "category", "level", "variants", "expansion", "related", "sources",
)
LIST_COLUMNS = ("english_variants", "variants", "expansion", "related")
SEP = " | "
#: A fixed timestamp for zip members (1980-01-01, zip's earliest), so the file is reproducible.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def source_record(s: Source) -> dict[str, str]:
    return {k: v for k, v in (("title", s.title), ("publisher", s.publisher), ("date", s.date), ("url", s.url)) if v}


def record(entry: Entry, pinyin: str) -> dict[str, Any]:
    """One entry as plain data: every field the YAML has, the pinyin the site shows."""
    official = None
    if entry.english_official:
        official = {"text": entry.english_official.text, "source": source_record(entry.english_official.source)}
    return {
        "id": entry.id,
        "term": entry.term,
        "pinyin": pinyin,
        "english": entry.english,
        "english_official": official,
        "english_variants": list(entry.english_variants),
        "explanation": entry.explanation,
        "category": entry.category,
        "level": entry.level,
        "variants": list(entry.variants),
        "expansion": list(entry.expansion),
        "related": list(entry.related),
        "sources": [source_record(s) for s in entry.sources],
    }


def records(entries: Iterable[Entry], pinyin_of: Callable[[Entry], str]) -> list[dict[str, Any]]:
    return [record(e, pinyin_of(e)) for e in sorted(entries, key=lambda e: e.id)]


def header(site_url: str = "") -> dict[str, str]:
    out = {"title": TITLE, "licence": LICENCE, "licence_url": LICENCE_URL,
           "attribution": "Jiedu (glossary); each entry lists its sources"}
    if site_url:
        out["url"] = site_url
    return out


# -- writers ------------------------------------------------------------------------------

def to_json(recs: Sequence[dict[str, Any]], site_url: str = "") -> str:
    return json.dumps({**header(site_url), "entries": list(recs)}, ensure_ascii=False, indent=1) + "\n"


def to_csv(recs: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    out.write(f"# {TITLE}, {LICENCE} ({LICENCE_URL}); list fields joined by '{SEP.strip()}', sources and english_official as JSON\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in recs:
        row = []
        for c in CSV_COLUMNS:
            v = r[c]
            if c in LIST_COLUMNS:
                v = SEP.join(v)
            elif c in ("sources", "english_official"):
                v = json.dumps(v, ensure_ascii=False) if v else ""
            row.append(v)
        w.writerow(row)
    return out.getvalue()


def _cell(value: str) -> str:
    return " ".join(value.replace("\t", " ").split())


def source_text(s: dict[str, str]) -> str:
    """A source on one line: ``title; publisher: …; date: …; url: …``."""
    return "; ".join([s["title"], *(f"{k}: {s[k]}" for k in ("publisher", "date", "url") if s.get(k))])


def parse_source_text(text: str) -> dict[str, str]:
    parts = re.split(r"; (?=(?:publisher|date|url): )", text)
    out = {"title": parts[0]}
    for p in parts[1:]:
        k, _, v = p.partition(": ")
        out[k] = v
    return out


def official_text(o: dict[str, Any] | None) -> str:
    return f"{o['text']} ({source_text(o['source'])})" if o else ""


ANKI_COLUMNS = ("Hanzi", "Pinyin", "English", "Official English", "Explanation", "Sources")


def to_anki(recs: Sequence[dict[str, Any]]) -> str:
    """Tab-separated, Anki's headers; plain text; sources joined by `` | ``."""
    lines = [
        "#separator:tab", "#html:false", "#columns:" + "\t".join(ANKI_COLUMNS), "#tags:jiedu",
        f"# {TITLE}, {LICENCE} ({LICENCE_URL})",
    ]
    for r in recs:
        fields = (r["term"], r["pinyin"], r["english"], official_text(r["english_official"]),
                  plain(r["explanation"]), SEP.join(source_text(s) for s in r["sources"]))
        lines.append("\t".join(_cell(f) for f in fields))
    return "\n".join(lines) + "\n"


def yomitan_terms(recs: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """The term bank: one row per form of each entry (its term, then its variants), the
    entry's number as the row's sequence, so Yomitan shows the forms of one entry together."""
    rows: list[list[Any]] = []
    for seq, r in enumerate(recs, 1):
        defs = [r["english"]]
        if r["english_official"]:
            defs.append("Official English: " + official_text(r["english_official"]))
        defs.append(plain(r["explanation"]))
        defs.extend("Source: " + source_text(s) for s in r["sources"])
        tags = f"{r['category']} {r['level']}"
        for form in dict.fromkeys([r["term"], *r["variants"]]):
            rows.append([form, r["pinyin"], tags, "", 0, defs, seq, ""])
    return rows


def yomitan_tags(recs: Sequence[dict[str, Any]]) -> list[list[Any]]:
    cats = sorted({r["category"] for r in recs})
    levels = sorted({r["level"] for r in recs})
    return ([[c, "partOfSpeech", 0, f"category: {c}", 0] for c in cats]
            + [[lv, "frequent" if lv == "core" else "dictionary", 1,
                "core: this text's own vocabulary" if lv == "core" else "general political vocabulary", 0]
               for lv in levels])


def to_yomitan(recs: Sequence[dict[str, Any]], site_url: str = "") -> bytes:
    terms = json.dumps(yomitan_terms(recs), ensure_ascii=False)
    index = {
        "title": TITLE,
        "revision": hashlib.sha256(terms.encode()).hexdigest()[:12],
        "format": 3,
        "sequenced": True,
        "author": "Jiedu",
        "description": "Political and administrative vocabulary of the texts Jiedu annotates, "
                       "with explanations and their sources. " + f"{LICENCE} ({LICENCE_URL}).",
        "attribution": f"Jiedu glossary, {LICENCE}; each entry lists its sources",
    }
    if site_url:
        index["url"] = site_url
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in (("index.json", json.dumps(index, ensure_ascii=False, indent=1)),
                           ("tag_bank_1.json", json.dumps(yomitan_tags(recs), ensure_ascii=False)),
                           ("term_bank_1.json", terms)):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def files(entries: Iterable[Entry], pinyin_of: Callable[[Entry], str], site_url: str = "") -> dict[str, bytes]:
    """File name (see :data:`FILES`) → content, for the build to write."""
    recs = records(entries, pinyin_of)
    return {
        FILES["json"]: to_json(recs, site_url).encode(),
        FILES["csv"]: to_csv(recs).encode(),
        FILES["anki"]: to_anki(recs).encode(),
        FILES["yomitan"]: to_yomitan(recs, site_url),
    }


# -- readers (round trip) -----------------------------------------------------------------

def read_json(text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = json.loads(text)
    entries = data.pop("entries")
    return data, entries


def read_csv(text: str) -> list[dict[str, Any]]:
    lines = [ln for ln in text.splitlines(keepends=True) if not ln.startswith("#")]
    out = []
    for row in csv.DictReader(lines):
        r: dict[str, Any] = dict(row)
        for c in LIST_COLUMNS:
            r[c] = r[c].split(SEP) if r[c] else []
        for c in ("sources", "english_official"):
            r[c] = json.loads(r[c]) if r[c] else ([] if c == "sources" else None)
        out.append(r)
    return out


def read_anki(text: str) -> list[dict[str, Any]]:
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        f = dict(zip(ANKI_COLUMNS, line.split("\t")))
        out.append({
            "term": f["Hanzi"], "pinyin": f["Pinyin"], "english": f["English"],
            "official": f["Official English"], "explanation": f["Explanation"],
            "sources": [parse_source_text(s) for s in f["Sources"].split(SEP)] if f["Sources"] else [],
        })
    return out


def read_yomitan(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``index.json`` and one record per sequence: its forms, reading, tags and definitions
    split back into english, official English, explanation and sources."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        index = json.loads(z.read("index.json"))
        rows = json.loads(z.read("term_bank_1.json"))
    by_seq: dict[int, dict[str, Any]] = {}
    for form, reading, tags, _rules, _score, defs, seq, _term_tags in rows:
        r = by_seq.setdefault(seq, {"forms": [], "pinyin": reading, "tags": tags.split(), "definitions": defs})
        r["forms"].append(form)
    out = []
    for seq in sorted(by_seq):
        r = by_seq[seq]
        defs = list(r.pop("definitions"))
        english = defs.pop(0)
        official = defs.pop(0)[len("Official English: "):] if defs and defs[0].startswith("Official English: ") else ""
        explanation = defs.pop(0)
        sources = [parse_source_text(d[len("Source: "):]) for d in defs]
        out.append({**r, "english": english, "official": official, "explanation": explanation, "sources": sources})
    return index, out
