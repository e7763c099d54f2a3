#!/usr/bin/env python3
"""``make check``: validate annotations and pages with the build's own code, in a second.

Prints ``file:line:col: error: message`` (the format editors and CI understand); under
GitHub Actions also ``::error file=…,line=…,col=…::message`` so the errors show on the pull
request's diff. Exit status 1 on errors, or on warnings with ``--strict``.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from jiedu.check import check_project  # noqa: E402
from jiedu.base.errors import workflow_command  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this repository)")
    args = parser.parse_args(argv)
    problems = check_project(args.root)
    for p in problems:
        print(p)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(workflow_command(p))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
