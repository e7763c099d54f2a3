"""Hostile conditions, FAULT class (issue 24): a build into a full disk or a read-only folder
says what happened and what to do in one line, exits with code 2, and prints no traceback
(the hook's ``on_build_error``; MkDocs' own copy of the theme's files fails first).

Each case runs on a real file system where this machine allows it (a 300 kB tmpfs, a
read-only bind mount: root only) and simulated everywhere: a file-size limit
(``RLIMIT_FSIZE``, writes past it fail with EFBIG) and writes refused with EROFS by a
``sitecustomize`` in the build's process.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from hostile import buildable, project

pytestmark = pytest.mark.build  # real MkDocs builds (make test-fast leaves them out)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    return buildable(project(tmp_path_factory.mktemp("output")))


def run(root: Path, out: Path, limit: int | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "JIEDU_CACHE": "off", "JIEDU_WORKERS": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=root,
                          capture_output=True, text=True, env=environ, timeout=600,
                          preexec_fn=small_files if limit else None)


def stopped(result: subprocess.CompletedProcess, *said: str) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "Traceback" not in out, out
    line = next(line for line in out.splitlines() if "jiedu: cannot write" in line)
    for words in said:
        assert words in line, line
    assert "Aborted: the site could not be written (above)." in out


def mounted(args: list[str], where: Path) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    return os.geteuid() == 0 and subprocess.run(["mount", *args, str(where)], capture_output=True).returncode == 0


def test_full_disk(small_site, tmp_path):
    disk = tmp_path / "disk"
    if not mounted(["-t", "tmpfs", "-o", "size=300k", "tmpfs"], disk):
        pytest.skip("no tmpfs here (root and mount(8) needed); the simulated cases below run everywhere")
    try:
        stopped(run(small_site, disk / "site"), "no space left on device (ENOSPC); the disk is full: free some space",
                "or build onto another disk with mkdocs build -d DIR")
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_read_only_folder(small_site, tmp_path):
    folder = tmp_path / "ro"
    if not mounted(["--bind", "-o", "ro", str(folder)], folder):
        pytest.skip("no bind mount here (root and mount(8) needed); the simulated cases below run everywhere")
    try:
        stopped(run(small_site, folder / "site"), "read-only file system (EROFS)", "build into a writable folder with mkdocs build -d DIR")
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_full_disk_simulated_by_a_file_size_limit(small_site, tmp_path):
    stopped(run(small_site, tmp_path / "site", limit=20_000), "(EFBIG)", "raise the limit or build elsewhere with mkdocs build -d DIR")


REFUSE_WRITES = '''
import builtins, errno, os, shutil
_open, _makedirs, _copyfile = builtins.open, os.makedirs, shutil.copyfile
ROOT = os.environ["JIEDU_TEST_READ_ONLY"]

def _refuse(path):
    if os.path.abspath(path).startswith(ROOT):
        raise OSError(errno.EROFS, "Read-only file system", path)

def _open_(file, mode="r", *args, **kwargs):
    if isinstance(file, (str, os.PathLike)) and any(m in mode for m in "wax+"):
        _refuse(file)
    return _open(file, mode, *args, **kwargs)

def _makedirs_(name, *args, **kwargs):
    _refuse(name)
    return _makedirs(name, *args, **kwargs)

def _copyfile_(src, dst, *args, **kwargs):
    _refuse(dst)
    return _copyfile(src, dst, *args, **kwargs)

builtins.open, os.makedirs, shutil.copyfile = _open_, _makedirs_, _copyfile_
'''


def test_read_only_folder_simulated(small_site, tmp_path):
    (tmp_path / "patch").mkdir()
    (tmp_path / "patch/sitecustomize.py").write_text(REFUSE_WRITES, "utf-8")
    out = tmp_path / "site"
    result = run(small_site, out, env={"PYTHONPATH": str(tmp_path / "patch"), "JIEDU_TEST_READ_ONLY": str(out)})
    stopped(result, "read-only file system (EROFS)", "build into a writable folder with mkdocs build -d DIR (or set site_dir in mkdocs.yml)")


def test_a_good_build_still_exits_0(small_site, tmp_path):
    result = run(small_site, tmp_path / "site")
    assert result.returncode == 0, result.stderr
