"""What to tell someone whose build could not write (or read) a file: a full disk, a
read-only folder, a missing permission. One line that says what happened, where, and what
to do, instead of a traceback from wherever the write failed (MkDocs' copy of the theme's
files, the search index, the offline zip). The hook prints it and stops with exit code 2.

It does not decide anything about the build; it only words the error.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

#: What to do, by the error's number; the rest get the generic advice.
ADVICE = {
    errno.ENOSPC: "the disk is full: free some space (make clean removes site/ and .cache/, which the build remakes) "
                  "or build onto another disk with mkdocs build -d DIR, then build again",
    errno.EDQUOT: "your disk quota is used up: free some space (make clean removes site/ and .cache/) or build "
                  "elsewhere with mkdocs build -d DIR, then build again",
    errno.EFBIG: "the file is larger than this system lets a process write (ulimit -f): raise the limit or build "
                 "elsewhere with mkdocs build -d DIR",
    errno.EROFS: "the folder is on a read-only file system: build into a writable folder with mkdocs build -d DIR "
                 "(or set site_dir in mkdocs.yml)",
    errno.EACCES: "you may not write there: make the folder writable (chmod u+w), or build elsewhere with "
                  "mkdocs build -d DIR",
    errno.EPERM: "you may not write there: make the folder writable (chmod u+w), or build elsewhere with "
                 "mkdocs build -d DIR",
    errno.EIO: "the disk reported a read or write error: check the disk, then build again",
}


def explain(error: OSError, root: Path | None = None) -> str:
    """``error`` said for a person: the file (relative to ``root`` when inside it), what went
    wrong, what to do.

    >>> explain(OSError(errno.ENOSPC, "No space left on device", "/p/site/a.css"), Path("/p"))
    'cannot write site/a.css: no space left on device (ENOSPC); the disk is full: free some space (make clean removes site/ and .cache/, which the build remakes) or build onto another disk with mkdocs build -d DIR, then build again'
    """
    where = error.filename2 or error.filename  # (a copy names its source first, its target second)
    shown = str(where) if where else "a file"
    if where and root is not None:
        try:
            shown = Path(os.path.abspath(where)).relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    what = (error.strerror or str(error)).rstrip(".")
    name = errno.errorcode.get(error.errno or 0, "")
    advice = ADVICE.get(error.errno or 0, "check that the folder exists and can be written, then build again")
    return f"cannot write {shown}: {what[:1].lower() + what[1:]}{f' ({name})' if name else ''}; {advice}"
