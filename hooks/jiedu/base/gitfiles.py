"""Which files of a folder the last commit holds: so a message can blame the file a
contributor just added or edited, not the one that was there before.

Asks ``git ls-tree`` once; outside a git checkout (a copy of the project, a tarball) or
without git, the answer is ``None`` and callers fall back on modification times. Reads
nothing else and never writes.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def committed(root: Path, folder: str) -> frozenset[str] | None:
    """Paths (relative to ``root``, with ``/``) under ``folder`` in ``HEAD``, or ``None``
    when that cannot be known.

    >>> committed(Path("/"), "nowhere") is None or True
    True
    """
    try:
        result = subprocess.run(["git", "ls-tree", "-r", "--name-only", "--full-name", "HEAD", "--", folder],
                                cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    top = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True, timeout=10)
    prefix = top.stdout.strip() if top.returncode == 0 else ""
    return frozenset(line.removeprefix(prefix) for line in result.stdout.splitlines() if line)
