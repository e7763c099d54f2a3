"""Problems in contributed files, reported as ``file:line:col: error: message``.

The format is the one editors, compilers and CI annotators understand. Line and column are
1-based; either may be absent when the problem has no position (a whole file).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a contributed file.

    >>> str(Problem("annotations/readings.yml", "pinyin has 2 syllables for 3 characters", 4, 12))
    'annotations/readings.yml:4:12: error: pinyin has 2 syllables for 3 characters'
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class JieduError(Exception):
    """Raised with one or more problems; the message lists them one per line."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
