#!/usr/bin/env python3
"""Generate a text's page from its raw OCR source and its record.

    python scripts/import_text.py annotations/texts/SLUG.yml          # (re)write docs/texts/SLUG.md
    python scripts/import_text.py --check annotations/texts/SLUG.yml  # exit 1 if the page is stale
    python scripts/import_text.py --new sources/X.raw.txt --slug X    # starter record, then the page

Problems are reported one per line as ``path:line: error: message``; the exit status is 1.
The work is done by ``hooks/jiedu/importer.py``; this script only reads and writes files.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from jiedu import importer, yamlfile  # noqa: E402
from jiedu.check import check_text  # noqa: E402
from jiedu.errors import JieduError, Problem  # noqa: E402


def _display(path: Path, root: Path) -> str:
    """The path as written in records and messages: relative to the root when inside it."""
    path = path.resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path, name: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        line = e.object[: e.start].count(b"\n") + 1
        raise JieduError(Problem(name, f"file is not UTF-8 (byte {e.object[e.start]:#04x}); save it as UTF-8", line)) from None
    except OSError as e:
        raise JieduError(Problem(name, f"cannot read file: {e.strerror}")) from None


def page_path(root: Path, slug: str) -> Path:
    return root / "docs" / "texts" / f"{slug}.md"


def generate(record: Path, root: Path) -> tuple[importer.TextSpec, str]:
    """Read a record and its raw file; return the spec and the page text."""
    name = _display(record, root)
    spec = importer.parse_spec(yamlfile.load(record, name), name)
    raw_text = _read(root / spec.raw, spec.raw)
    return spec, importer.build_page(spec, raw_text, spec.raw)


def write_page(record: Path, root: Path, check: bool) -> int:
    if check:
        problems = check_text(record.resolve(), root)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    spec, page = generate(record, root)
    out = page_path(root, spec.slug)
    shown = _display(out, root)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(f"wrote {shown}")
    return 0


def start_record(raw: Path, slug: str, root: Path, force: bool) -> Path:
    """Write a starter record for a new raw text; return its path."""
    if not slug or not all(ch.isalnum() or ch in "-_" for ch in slug) or not slug.isascii():
        raise JieduError(Problem("--slug", f"{slug!r} is not a slug; use lower-case ASCII letters, digits and hyphens"))
    raw_name = _display(raw, root)
    text = _read(raw, raw_name)
    record = root / "annotations" / "texts" / f"{slug}.yml"
    if record.exists() and not force:
        raise JieduError(Problem(_display(record, root), "record exists already; edit it, or pass --force to start it again"))
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(importer.starter_record(text, slug, raw_name), encoding="utf-8")
    print(f"wrote {_display(record, root)} (check the proposed headings)")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record", nargs="?", type=Path, help="annotations/texts/SLUG.yml")
    parser.add_argument("--check", action="store_true", help="exit 1 if the page on disk differs from what would be generated")
    parser.add_argument("--new", type=Path, metavar="RAW", help="start a record for a new raw text (needs --slug)")
    parser.add_argument("--slug", help="slug of the new text (with --new)")
    parser.add_argument("--force", action="store_true", help="with --new: overwrite an existing record")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.new:
            if args.record or not args.slug:
                parser.error("--new RAW takes --slug SLUG and no record")
            record = start_record(args.new, args.slug, root, args.force)
            return write_page(record, root, check=False)
        if not args.record:
            parser.error("give a record (annotations/texts/SLUG.yml) or --new RAW --slug SLUG")
        if not args.record.exists():
            raise JieduError(Problem(str(args.record), "no such record"))
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
