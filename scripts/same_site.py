#!/usr/bin/env python3
"""Build the site at two commits and say whether they are byte for byte the same.

    .venv/bin/python scripts/same_site.py REV_A [REV_B]     # REV_B defaults to the work tree

For a change that must not change the site (a re-layout of the code, a rename): each
revision is taken with ``git archive`` into a temporary folder and built there cold
(``JIEDU_CACHE=off``), with the same ``SOURCE_DATE_EPOCH``, by this environment's MkDocs. The
exit status is 0 when every file is identical, 1 when not (the differing files are listed).
"""
from __future__ import annotations

import argparse
import filecmp
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Any fixed time: the sitemap and the offline version carry the build date.
EPOCH = "1700000000"


def export(rev: str | None, dest: Path) -> Path:
    """The tree of ``rev`` (the work tree when None) in ``dest``."""
    if rev is None:
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", ".venv", "site", ".cache", "node_modules",
                                                                   "__pycache__", "bench-out", ".pytest_cache"))
        return dest
    data = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True).stdout
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def build(tree: Path) -> Path:
    env = {**os.environ, "JIEDU_CACHE": "off", "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=tree, env=env, check=True)
    return tree / "site"


def differences(a: Path, b: Path) -> list[str]:
    """Paths (relative) that exist on one side only or differ in content."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a", help="a commit")
    parser.add_argument("b", nargs="?", help="a commit (default: the work tree)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sites = [build(export(rev, Path(tmp, name))) for rev, name in ((args.a, "a"), (args.b, "b"))]
        diff = differences(*sites)
    for path in diff:
        print(f"differs: {path}")
    print(f"{args.a} and {args.b or 'the work tree'}: " + ("the same site" if not diff else f"{len(diff)} files differ"))
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
