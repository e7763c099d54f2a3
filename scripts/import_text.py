#!/usr/bin/env python3
"""Generate a text's page from its raw source (OCR, plain text, Markdown or HTML) and its record.

    python scripts/import_text.py annotations/texts/SLUG.yml          # (re)write docs/texts/SLUG.md
    python scripts/import_text.py --check annotations/texts/SLUG.yml  # exit 1 if the page is stale
    python scripts/import_text.py --new sources/X.raw.txt --slug X    # starter record, then the page
    python scripts/import_text.py --skeleton annotations/texts/SLUG.yml  # print the translation's keys

Problems are reported one per line as ``path:line: error: message``; the exit status is 1.
What the import cannot decide in a damaged raw text (an odd number of straight quotes, bytes
that are not UTF-8) is a warning, printed and, with ``--new``, written into the record.
Writing is all or nothing: every file is written beside its target and moved into place
only when all are ready, so a failure (a bad record, a full disk) leaves no half-made text.
A raw file from outside the project is copied to ``sources/SLUG.raw.txt`` first.
The work is done by ``hooks/jiedu/importer/``; this script only reads and writes files.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from jiedu import importer  # noqa: E402

from jiedu.base import yamlfile  # noqa: E402
from jiedu.check import check_text, read_raw  # noqa: E402
from jiedu.base.errors import JieduError, Problem  # noqa: E402
from jiedu.base.files import PAGE_LIMIT, inside, read_bytes  # noqa: E402
from jiedu.annotations.textrecord import RAW_PATH, SLUG  # noqa: E402


def _display(path: Path, root: Path) -> str:
    """The path as written in records and messages: relative to the root when inside it."""
    path = path.absolute()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def page_path(root: Path, slug: str) -> Path:
    return root / "docs" / "texts" / f"{slug}.md"


def generate(record: Path, root: Path) -> tuple[importer.TextSpec, str, tuple[Problem, ...]]:
    """Read a record and its raw file; return the spec, the page text and the warnings."""
    name = _display(record, root)
    spec = importer.parse_spec(yamlfile.load(record, name, root), name)
    doc = importer.import_text(spec, read_raw(root, spec), spec.raw)
    return spec, importer.page_markdown(doc), doc.warnings


def write_all(files: dict[Path, str | bytes], root: Path) -> None:
    """Write every file or none: each goes to a temporary file beside its target first; the
    targets are replaced only when all are written, and put back if a replacement fails."""
    temps: dict[Path, Path] = {}
    made: list[Path] = []  # folders this call created, removed again on failure
    ok = False
    try:
        for target, content in files.items():
            if not inside(target, root):
                raise JieduError(Problem(_display(target, root), "would be written outside the project; refused"))
            missing = [d for d in (target.parent, *target.parent.parents) if not d.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            made += reversed(missing)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            temps[target] = Path(tmp)
            with os.fdopen(fd, "wb") as f:
                f.write(content.encode("utf-8") if isinstance(content, str) else content)
        done: list[tuple[Path, bytes | None]] = []
        try:
            for target, tmp in temps.items():
                before = target.read_bytes() if target.is_file() else None
                os.replace(tmp, target)
                done.append((target, before))
        except OSError:
            for target, before in reversed(done):
                if before is None:
                    target.unlink(missing_ok=True)
                else:
                    target.write_bytes(before)
            raise
        ok = True
    except OSError as e:
        where = _display(e.filename and Path(e.filename) or root, root)
        raise JieduError(Problem(where, f"cannot write: {e.strerror or e}; nothing was changed")) from None
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        if not ok:
            for folder in reversed(made):
                try:
                    folder.rmdir()
                except OSError:
                    pass


def warn(warnings) -> None:
    for w in warnings:
        print(w, file=sys.stderr)


def write_page(record: Path, root: Path, check: bool) -> int:
    if check:
        problems = check_text(record.absolute(), root)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    spec, page, warnings = generate(record, root)
    warn(warnings)
    out = page_path(root, spec.slug)
    write_all({out: page}, root)
    print(f"wrote {_display(out, root)}")
    return 0


def print_skeleton(record: Path, root: Path) -> int:
    """Print the record's ``translation:`` field with a key for every block (translation.py)."""
    name = _display(record, root)
    spec = importer.parse_spec(yamlfile.load(record, name, root), name, draft=True)
    doc = importer.import_text(spec, read_raw(root, spec), spec.raw)
    sys.stdout.write(importer.translation_skeleton(doc))
    return 0


def start_text(raw: Path, slug: str, root: Path, force: bool) -> int:
    """A new text: its starter record and its page (and a copy of a raw file from outside)."""
    if not slug or not SLUG.fullmatch(slug):
        raise JieduError(Problem("--slug", f"{slug!r} is not a slug; use lower-case ASCII letters, digits and hyphens"))
    data = read_bytes(raw, _display(raw, root), None, PAGE_LIMIT)
    files: dict[Path, str | bytes] = {}
    raw_name = _display(raw, root)
    if not (inside(raw, root) and raw.resolve() == raw.absolute() and RAW_PATH.fullmatch(raw_name)):
        # Outside the project, reached through a symlink, or a name that is not a plain
        # path: the project keeps its own copy, under a name made of the slug.
        copy = root / "sources" / f"{slug}.raw.txt"
        if copy.exists() and copy.read_bytes() != data and not force:
            raise JieduError(Problem(_display(copy, root), "exists already with other content; pass --force to replace it"))
        files[copy] = data
        raw_name = _display(copy, root)
    record = root / "annotations" / "texts" / f"{slug}.yml"
    record_name = _display(record, root)
    if record.exists() and not force:
        raise JieduError(Problem(record_name, "record exists already; edit it, or pass --force to start it again"))
    cleaned = importer.clean_raw(data, raw_name)
    first = importer.starter_record(cleaned.text, slug, raw_name)
    spec = importer.parse_spec(yamlfile.loads(first, record_name), record_name, draft=True)
    doc = importer.import_text(spec, data, raw_name)
    text = importer.starter_record(cleaned.text, slug, raw_name, doc.warnings)
    files[record] = text
    files[page_path(root, slug)] = importer.page_markdown(doc)
    warn(doc.warnings)
    write_all(files, root)
    print(f"wrote {record_name} (check the proposed headings; fill in kind, rights, source and date) and "
          f"{_display(page_path(root, slug), root)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record", nargs="?", type=Path, help="annotations/texts/SLUG.yml")
    parser.add_argument("--check", action="store_true", help="exit 1 if the page on disk differs from what would be generated")
    parser.add_argument("--new", type=Path, metavar="RAW", help="start a record for a new raw text (needs --slug)")
    parser.add_argument("--slug", help="slug of the new text (with --new)")
    parser.add_argument("--force", action="store_true", help="with --new: overwrite an existing record")
    parser.add_argument("--skeleton", action="store_true", help="print the record's translation: field with a key for "
                        "every heading and paragraph (the English it has, \"\" where there is none)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.new:
            if args.record or not args.slug:
                parser.error("--new RAW takes --slug SLUG and no record")
            return start_text(args.new, args.slug, root, args.force)
        if not args.record:
            parser.error("give a record (annotations/texts/SLUG.yml) or --new RAW --slug SLUG")
        if not args.record.exists():
            raise JieduError(Problem(str(args.record), "no such record"))
        if args.skeleton:
            return print_skeleton(args.record, root)
        return write_page(args.record, root, args.check)
    except JieduError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        return 1
    except Exception as e:  # one line for the contributor, never a traceback
        print(f"scripts/import_text.py: error: internal error ({type(e).__name__}: {e}); please report it", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
