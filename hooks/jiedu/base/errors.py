"""Problems in contributed files, reported as ``file:line:col: error: message``.

The format is the one editors, compilers and CI annotators understand. Line and column are
1-based; either may be absent when the problem has no position (a whole file).

A problem is always exactly one line: file names and messages quote contributed text, and a
line break in it would start a new line that CI reads as a command (``::stop-commands::``).
Control characters are shown escaped (``\\n``), and :func:`workflow_command` escapes what
GitHub's ``::error file=…::`` syntax gives a meaning to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters that would break a line or a terminal's display: C0/C1 controls, line and
#: paragraph separators, and bidirectional overrides (which make text read differently).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    r"""Text with every control character shown as an escape, so it stays on one line.

    >>> one_line("a\nb\tc\x00")
    'a\\nb\\tc\\x00'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    """One problem found in a contributed file.

    >>> str(Problem("annotations/readings.yml", "pinyin has 2 syllables for 3 characters", 4, 12))
    'annotations/readings.yml:4:12: error: pinyin has 2 syllables for 3 characters'
    >>> str(Problem("a\\n::stop-commands::x.yml", "bad\\n::error::x"))
    'a\\\\n::stop-commands::x.yml: error: bad\\\\n::error::x'
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = one_line(self.path)
        if where.startswith(":"):  # a line starting with '::' is a workflow command
            where = "./" + where
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {one_line(self.message)}"


def workflow_command(problem: Problem) -> str:
    """The problem as a GitHub Actions annotation (``::error file=…,line=…::message``).

    Property values escape ``%``, line breaks, ``:`` and ``,`` (a file named
    ``zz,line=999.yml`` must not move the annotation); the message escapes ``%`` and line
    breaks, as the runner's own toolkit does.

    >>> workflow_command(Problem("zz,line=999,col=9.yml", "100% wrong\\n::stop-commands::t", 3, 1))
    '::error file=zz%2Cline=999%2Ccol=9.yml,line=3,col=1::100%25 wrong%0A::stop-commands::t'
    """
    level = "error" if problem.severity == "error" else "warning"
    where = f"file={_property(problem.path)}"
    if problem.line:
        where += f",line={problem.line}"
        if problem.column:
            where += f",col={problem.column}"
    return f"::{level} {where}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class JieduError(Exception):
    """Raised with one or more problems; the message lists them one per line."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
