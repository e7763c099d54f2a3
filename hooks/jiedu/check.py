"""Validate a project's annotations and pages without building the site (``make check``).

The same loaders as the build, so a contributor sees the build's messages in a second:
the readings table, every glossary entry, every text record (its page must be what it
generates), every page (inside the project, UTF-8, no control characters, not empty, valid
front matter, no scripts unless ``mkdocs.yml`` trusts it), every SVG or HTML file beside
the pages (no scripts), overlapping terms, phrases of the readings table that occur in no
text and glossary entries that occur in no text (warnings;
``--strict`` makes warnings fail).

Terms are looked for where the build looks: in each text's HTML, made by Python-Markdown
with the extensions ``mkdocs.yml`` lists and prepared by the build's own step
(``page/prepare.py``), never in code or links. (Looking in the Markdown source found a term
that occurs only in code, which the build then reported as unused.)
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import markdown
import yaml

from . import importer
from .annotations.glossary import unused_warning
from .annotations.overrides import unused_warnings
from .annotations.settings import DOCUMENTS, Settings
from .annotations.sourcecheck import body_line, check_source, front_matter
from .annotations.textrecord import TextSpec
from .base.errors import JieduError, Problem
from .base.mdlinks import LinearLinks
from .base.files import PAGE_LIMIT, control_character, inside, read_bytes, read_text
from .base.yamlfile import load
from .page.activecontent import script_problems
from .page.prepare import plain, prepare
from .project import READINGS, Project


def check_project(root: Path) -> list[Problem]:
    """Every problem found, errors and warnings (``Problem.severity``)."""
    config, config_text = mkdocs_config(root)
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    project, problems = Project.collect(root, _docs_dir(config), extra.get("jiedu"), config_text)
    problems += check_texts(project)
    render = markdown_renderer(root)
    used: set[str] = set()
    texts: list[str] = []  # the text of each text page, for the readings' phrases
    docs = root / project.docs_dir
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue  # MkDocs leaves dot-files out
        if not inside(path, root):
            problems.append(Problem(f"{project.docs_dir}/{rel}", "the file is a symlink to a file outside the project; "
                                                                 "copy the file into the repository"))
            continue
        if path.suffix.lower() in DOCUMENTS and path.is_file():
            problems += document_problems(path, rel, project.docs_dir, root, project.settings)
        if path.suffix != ".md" or path.is_dir():
            continue
        try:
            source = check_source(path, rel, root, rel in project.generated_pages)
        except JieduError as e:
            problems += e.problems
            continue
        meta, body = front_matter(source)
        src = f"{project.docs_dir}/{rel}"
        prepared = prepare(render(body), meta, project.matcher, "", src, project.english_at(src),  # as the build does
                           markdown=body, first_line=body_line(source, body), trusted=project.settings.trusts(rel))
        problems += prepared.problems
        used.update(o.entry_id for o in prepared.uses)
        if meta.get("lang"):
            texts.append(plain(prepared.html))
    problems += [unused_warning(e) for e in project.entries if e.id not in used]
    problems += unused_warnings(project.override_lines, "\n".join(texts), READINGS)
    return problems


def document_problems(path: Path, rel: str, docs_dir: str, root: Path, settings: Settings) -> list[Problem]:
    """An SVG or HTML file beside the pages (``rel`` below ``docs_dir``), which a browser
    opens as a document of the site: UTF-8, no control characters, no scripts unless
    ``mkdocs.yml`` trusts it. (A byte-order mark or a control character could make a
    browser read other markup than the check reads.)"""
    if settings.trusts(rel):
        return []
    shown = f"{docs_dir}/{rel}"
    try:
        text = read_text(path, shown, root, PAGE_LIMIT)
    except JieduError as e:
        return list(e.problems)
    bad = control_character(text, shown)
    if bad:
        return [bad]
    return script_problems(text, shown, text, 1, xml=path.suffix.lower() in (".svg", ".xml", ".xhtml"))


def check_texts(project: Project) -> list[Problem]:
    """Each text's page is exactly what its record generates (:func:`check_generated`); the
    build runs this too. (The records themselves are validated as the project loads.)"""
    problems: list[Problem] = []
    for spec in project.texts:
        problems += check_generated(spec, project.root)
    return problems


class _ConfigLoader(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` for its Markdown extensions only: tags (``!ENV``,
    ``!!python/name:…``) become ``None``, and options that are ``None`` are left out."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config(root: Path) -> tuple[dict, str]:
    """``mkdocs.yml`` as far as ``make check`` needs it (its Markdown extensions, ``docs_dir``,
    ``extra: jiedu:``), and its text; empty when it cannot be read (MkDocs reports that)."""
    config = root / "mkdocs.yml"
    try:
        text = config.read_text(encoding="utf-8") if config.is_file() else ""
        data = yaml.load(text, _ConfigLoader) if text else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}, ""
    return (data if isinstance(data, dict) else {}), text


def _docs_dir(config: dict) -> str:
    value = config.get("docs_dir")
    return value if isinstance(value, str) and value and "/" not in value.strip("/") else "docs"


def markdown_renderer(root: Path) -> Callable[[str], str]:
    """Markdown → HTML as the build makes it: MkDocs' built-in extensions (toc, tables,
    fenced_code), the two the importer's pages are written for (attr_list: each paragraph's
    anchor; md_in_html: the notes), those ``mkdocs.yml`` lists, and Jiedu's linear links
    (``base/mdlinks.py``), which the build adds too."""
    names: list[str] = ["toc", "tables", "fenced_code", "attr_list", "md_in_html"]
    configs: dict[str, dict] = {}
    data, _ = mkdocs_config(root)
    for item in data.get("markdown_extensions") or []:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(options, dict):
            configs[name] = {k: v for k, v in options.items() if v is not None}
    try:
        md = markdown.Markdown(extensions=[*names, LinearLinks()], extension_configs=configs)
    except Exception:  # an extension not installed: MkDocs reports it; text is still text
        md = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list", "md_in_html", LinearLinks()])

    def render(text: str) -> str:
        return md.reset().convert(text)

    return render


def read_raw(root: Path, spec: importer.TextSpec) -> bytes:
    """The raw source a record names: inside the project, a regular file, within the size
    limit. Its bytes: damage in them is the importer's to note (``ocrtext.clean_raw``)."""
    return read_bytes(root / spec.raw, spec.raw, root, PAGE_LIMIT)


def check_text(record: Path, root: Path) -> list[Problem]:
    """A text's record (a file, perhaps outside ``annotations/texts/`` while it is being
    made) is valid and its page is exactly what the record generates."""
    name = record.relative_to(root).as_posix() if record.is_relative_to(root) else str(record)
    try:
        spec = importer.parse_spec(load(record, name, root), name)
    except JieduError as e:
        return list(e.problems)
    return check_generated(spec, root)


def check_generated(spec: TextSpec, root: Path) -> list[Problem]:
    """The page ``docs/texts/<slug>.md`` is exactly what ``spec`` generates."""
    fix = f"run python scripts/import_text.py {spec.path} (never edit the page by hand)"
    try:
        page = importer.build_page(spec, read_raw(root, spec), spec.raw)
        out = root / "docs" / "texts" / f"{spec.slug}.md"
        shown = out.relative_to(root).as_posix()
        if not out.exists():
            return [Problem(shown, f"missing; {fix}")]
        current = read_text(out, shown, root, PAGE_LIMIT)
    except JieduError as e:
        return list(e.problems)
    old, new = current.splitlines(), page.splitlines()
    if old == new:
        return []
    line = next((i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)) + 1)
    return [Problem(shown, f"differs from what {spec.path} generates; {fix}", line)]
