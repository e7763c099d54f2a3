"""Validate a project's annotations and pages without building the site (``make check``).

The same loaders as the build, so a contributor sees the build's messages in a second:
the readings table, every glossary entry, every text record (its page must be what it
generates), every page (UTF-8, not empty), and glossary
entries that occur in no text (a warning; ``--strict`` makes warnings fail).
"""
from __future__ import annotations

from pathlib import Path


from . import importer
from .errors import JieduError, Problem
from .files import PAGE_LIMIT, read_bytes, read_text
from .glossary import Glossary, load_glossary, unused_warning
from .overrides import load_overrides, merge_readings
from .sourcecheck import check_source, front_matter
from .terms import TermMatcher, overlap_warnings
from .yamlfile import load

READINGS = "annotations/readings.yml"
GLOSSARY_DIR = "annotations/glossary"


def check_project(root: Path) -> list[Problem]:
    """Every problem found, errors and warnings (``Problem.severity``)."""
    problems: list[Problem] = []
    table: dict = {}
    glossary = Glossary()
    try:
        table = load_overrides(root / READINGS, READINGS)
    except JieduError as e:
        problems += e.problems
    try:
        glossary = load_glossary(root / GLOSSARY_DIR, GLOSSARY_DIR)
        merge_readings(table, glossary.readings, GLOSSARY_DIR)
    except JieduError as e:
        problems += e.problems
    for record in sorted((root / "annotations" / "texts").glob("*.yml")):
        problems += check_text(record, root)
    matcher = TermMatcher(glossary.entries)
    texts = []
    for page in sorted((root / "docs").rglob("*.md")):
        rel = page.relative_to(root / "docs").as_posix()
        try:
            source = check_source(page, rel)
        except JieduError as e:
            problems += e.problems
            continue
        if front_matter(source)[0].get("lang"):
            texts.append(source)
            problems += overlap_warnings(matcher, source, f"docs/{rel}")
    problems += unused_entries(matcher, glossary, texts)
    return problems


def read_raw(root: Path, spec: importer.TextSpec) -> bytes:
    """The raw source a record names: inside the project, a regular file, within the size
    limit. Its bytes: damage in them is the importer's to note (``ocrtext.clean_raw``)."""
    return read_bytes(root / spec.raw, spec.raw, root, PAGE_LIMIT)


def check_text(record: Path, root: Path) -> list[Problem]:
    """A text's record is valid and its page is exactly what the record generates."""
    name = record.relative_to(root).as_posix() if record.is_relative_to(root) else str(record)
    try:
        spec = importer.parse_spec(load(record, name, root), name)
        page = importer.build_page(spec, read_raw(root, spec), spec.raw)
        out = root / "docs" / "texts" / f"{spec.slug}.md"
        shown = out.relative_to(root).as_posix()
        fix = f"run python scripts/import_text.py {name} (never edit the page by hand)"
        if not out.exists():
            return [Problem(shown, f"missing; {fix}")]
        current = read_text(out, shown, root, PAGE_LIMIT)
    except JieduError as e:
        return list(e.problems)
    old, new = current.splitlines(), page.splitlines()
    if old == new:
        return []
    line = next((i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)) + 1)
    return [Problem(shown, f"differs from what {name} generates; {fix}", line)]


def unused_entries(matcher: TermMatcher, glossary: Glossary, texts: list[str]) -> list[Problem]:
    """A warning for each entry whose term and variants occur in none of ``texts``."""
    used = {entry.id for text in texts for _, entry in matcher.split(text) if entry}
    return [unused_warning(e) for e in glossary.entries if e.id not in used]
