"""A Jiedu project's annotations, loaded once: what the build, ``make check``, the scripts and
the tests all start from.

:class:`Project` holds the project's paths, its glossary, the merged readings table (the
phrase → pinyin fixes of ``annotations/readings.yml`` with the ``pinyin:`` of glossary
entries), the term matcher made from the glossary, the texts' records and the corrected word
boundaries (``annotations/words.yml``). It reads files
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
from .annotations.settings import Settings, parse_settings
from .annotations.textrecord import TextSpec, parse_spec
from .annotations.wordfixes import WordFixes, load_word_fixes
from .base.errors import JieduError, Problem
from .base.gitfiles import committed
from .base.yamlfile import load
from .page.terms import TermMatcher

READINGS = "annotations/readings.yml"
WORDS = "annotations/words.yml"
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
    #: each Han run of annotations/readings.yml → the line of its phrase
    override_lines: dict[str, int] = field(default_factory=dict)
    #: the texts' records (annotations/texts/*.yml), by file name.
    texts: tuple[TextSpec, ...] = ()
    docs_dir: str = "docs"
    #: ``extra: jiedu:`` of mkdocs.yml (``annotations/settings.py``)
    settings: Settings = field(default_factory=Settings)
    #: word boundaries corrected (annotations/words.yml).
    word_fixes: WordFixes = field(default_factory=WordFixes)

    @classmethod
    def load(cls, root: Path, docs_dir: str = "docs", settings: object = None, config_text: str = "") -> Project:
        """The project at ``root``; raise :class:`JieduError` with every problem found.
        ``settings`` is ``extra: jiedu:`` of mkdocs.yml as parsed, ``config_text`` the
        file's text (for the lines of its problems)."""
        project, problems = cls.collect(root, docs_dir, settings, config_text)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise JieduError(errors)
        return project

    @classmethod
    def collect(cls, root: Path, docs_dir: str = "docs", settings: object = None,
                config_text: str = "") -> tuple[Project, list[Problem]]:
        """What of the project at ``root`` loads, and the problems of what does not."""
        jiedu, problems = parse_settings(settings, root / docs_dir, config_text)
        table: Table = {}
        glossary = Glossary()
        lines: dict[str, int] = {}
        try:
            table = load_overrides(root / READINGS, READINGS, lines)
        except JieduError as e:
            problems += e.problems
        try:
            glossary = load_glossary(root / GLOSSARY_DIR, GLOSSARY_DIR, committed(root, GLOSSARY_DIR))
            table = merge_readings(table, glossary.readings, GLOSSARY_DIR)
        except JieduError as e:
            problems += e.problems
        fixes = WordFixes()
        try:
            fixes = load_word_fixes(root / WORDS, WORDS)
        except JieduError as e:
            problems += e.problems
        texts: list[TextSpec] = []
        for record in sorted((root / TEXTS_DIR).glob("*.yml")):
            name = f"{TEXTS_DIR}/{record.name}"
            try:
                texts.append(parse_spec(load(record, name, root), name))
            except JieduError as e:
                problems += e.problems
        return cls(root, glossary, table, lines, tuple(texts), docs_dir, jiedu, fixes), problems

    # -- derived ---------------------------------------------------------------------------

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.glossary.entries

    @cached_property
    def matcher(self) -> TermMatcher:
        """The glossary's forms, longest first (made once per project)."""
        return TermMatcher(self.entries)

    @cached_property
    def generated_pages(self) -> frozenset[str]:
        """The pages (below the docs folder) that the texts' records generate."""
        return frozenset(f"texts/{spec.slug}.md" for spec in self.texts)

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
