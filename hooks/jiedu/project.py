"""A Jiedu project's annotations, loaded once: what the build, ``make check``, the scripts and
the tests all start from.

:class:`Project` holds the project's paths, its glossary, the merged readings table (the
phrase → pinyin fixes of ``annotations/readings.yml`` with the ``pinyin:`` of glossary
entries), the term matcher made from the glossary, and the texts' records. It reads files
and validates them; it does not read pages, render or build (``site.py`` does, from it).

:meth:`Project.load` raises a :class:`JieduError` listing every problem, as the build
needs; :meth:`Project.collect` returns what it could load with the problems, as ``make
check`` needs (one broken entry must not hide the others' problems).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .annotations.glossary import Entry, Glossary, load_glossary
from .annotations.overrides import load_overrides, merge_readings
from .annotations.textrecord import TextSpec, parse_spec
from .base.errors import JieduError, Problem
from .base.yamlfile import load
from .page.terms import TermMatcher

READINGS = "annotations/readings.yml"
GLOSSARY_DIR = "annotations/glossary"
TEXTS_DIR = "annotations/texts"

Table = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Project:
    """A project folder's annotations, validated.

    >>> import tempfile; root = Path(tempfile.mkdtemp()); (root / "annotations").mkdir()
    >>> _ = (root / READINGS).write_text("readings:\\n  - phrase: 行业\\n    pinyin: hang2 ye4\\n    why: trade\\n", "utf-8")
    >>> Project.load(root).reading_table, Project.load(root).entries
    ({'行业': ('háng', 'yè')}, ())
    """

    root: Path
    glossary: Glossary = field(default_factory=Glossary)
    #: phrase → syllables: annotations/readings.yml, then the glossary's ``pinyin:``.
    reading_table: Table = field(default_factory=dict)
    #: the texts' records (annotations/texts/*.yml), by file name.
    texts: tuple[TextSpec, ...] = ()
    docs_dir: str = "docs"

    @classmethod
    def load(cls, root: Path, docs_dir: str = "docs") -> Project:
        """The project at ``root``; raise :class:`JieduError` with every problem found."""
        project, problems = cls.collect(root, docs_dir)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise JieduError(errors)
        return project

    @classmethod
    def collect(cls, root: Path, docs_dir: str = "docs") -> tuple[Project, list[Problem]]:
        """What of the project at ``root`` loads, and the problems of what does not."""
        problems: list[Problem] = []
        table: Table = {}
        glossary = Glossary()
        try:
            table = load_overrides(root / READINGS, READINGS)
        except JieduError as e:
            problems += e.problems
        try:
            glossary = load_glossary(root / GLOSSARY_DIR, GLOSSARY_DIR)
            table = merge_readings(table, glossary.readings, GLOSSARY_DIR)
        except JieduError as e:
            problems += e.problems
        texts: list[TextSpec] = []
        for record in sorted((root / TEXTS_DIR).glob("*.yml")):
            name = f"{TEXTS_DIR}/{record.name}"
            try:
                texts.append(parse_spec(load(record, name, root), name))
            except JieduError as e:
                problems += e.problems
        return cls(root, glossary, table, tuple(texts), docs_dir), problems

    # -- derived ---------------------------------------------------------------------------

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.glossary.entries

    @cached_property
    def matcher(self) -> TermMatcher:
        """The glossary's forms, longest first (made once per project)."""
        return TermMatcher(self.entries)

    @cached_property
    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}

    @cached_property
    def by_term(self) -> dict[str, Entry]:
        return self.glossary.by_term()

    def english_at(self, src: str) -> dict[str, tuple[str, int | None, int | None]]:
        """Where each block's English of the text whose page is ``src`` (``docs/texts/x.md``)
        is written: block key → (record, line, column); empty for a page with no record."""
        for spec in self.texts:
            if spec.translation and src == f"{self.docs_dir}/texts/{spec.slug}.md":
                t = spec.translation
                return {key: (spec.path, *t.at.get(key, t.line)) for key, _ in t.blocks}
        return {}
