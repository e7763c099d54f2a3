"""The reading pass's worker processes: how a task of units is read, and the pool that reads
tasks on every core.

Workers are forked from a *fork server* that loaded the segmenter, pypinyin and the model once
(``warmup.py``), so they start with them and share their memory. The pool is started from a
thread, so the build never waits for the server to load; it lives as long as the build
process (``mkdocs serve`` keeps it between rebuilds), and no longer: a worker ends when the
build process has ended, however it ended. A pool that fails says so, and the
build reads in its own process (``readpass.py``).
"""
from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..reading.engine import ReadingEngine
from ..reading.segmenter import add_words, cut, forget_cuts
from .units import encode, search_runs

log = logging.getLogger(__name__)

WORKERS_ENV = "JIEDU_WORKERS"


def worker_count(environ: Mapping[str, str] = os.environ) -> int:
    """``JIEDU_WORKERS`` if set (at least 1), else the cores this process may run on.

    >>> worker_count({"JIEDU_WORKERS": "1"}), worker_count({"JIEDU_WORKERS": "0"})
    (1, 1)
    """
    value = environ.get(WORKERS_ENV, "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise ValueError(f"{WORKERS_ENV}={value!r} is not a number of workers") from None
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Setup:
    """What decides a reading besides the text: the reading overrides and every word given to
    the segmenter in the main process (jieba cannot forget a word, so that list, not the
    current glossary, is what workers must have)."""

    overrides: tuple[tuple[str, tuple[str, ...]], ...]
    words: tuple[str, ...]

    @classmethod
    def of(cls, overrides: Mapping[str, Sequence[str]], words: Sequence[str]) -> Setup:
        return cls(tuple(sorted((k, tuple(v)) for k, v in overrides.items())), tuple(words))


def read_units(engine: ReadingEngine, units: Sequence[Sequence[str]]) -> list[str]:
    """Read consecutive units together (each but the last ends in a line break) and return
    each one's encoded reading: its annotations and the search index's cuts of its runs.

    >>> from jiedu.readpass.units import decode
    >>> payloads = read_units(ReadingEngine(), [["行业", "\\n"], ["一名"]])
    >>> [decode(p, u)[0] for p, u in zip(payloads, [["行业", "\\n"], ["一名"]])][0][1]
    ['\\n']
    """
    annotated = engine.annotate_all([node for unit in units for node in unit])
    out, k = [], 0
    for unit in units:
        out.append(encode(annotated[k : k + len(unit)], [cut(run) for run in search_runs(unit)]))
        k += len(unit)
    return out


#: Tasks a worker's engine reads before a new one takes its place: its memos (and the
#: segmenter's) would otherwise fill to their bounds, some 40 MB in each worker, for little
#: gain across tasks (the memos serve the repeats within a text).
TASKS_PER_ENGINE = 25
_engine: tuple[Setup, ReadingEngine] | None = None
_tasks = 0


def _work(setup: Setup, units: list[Sequence[str]]) -> list[str]:
    """A task, in a worker: read ``units`` with the build's setup."""
    global _engine, _tasks
    if _engine is None or _engine[0] != setup or _tasks >= TASKS_PER_ENGINE:
        add_words(setup.words)
        forget_cuts()
        _engine, _tasks = (setup, ReadingEngine(dict(setup.overrides))), 0
    _tasks += 1
    return read_units(_engine[1], units)


class _Pool:
    """Worker processes fed from a thread: starting them waits for the fork server to load the
    libraries, which the build must not wait for. A pool that fails (no fork server in a
    sandbox, a worker killed, a task that never ends) says so in :attr:`failed`: the build
    then reads in its own process, and the next build makes a new pool."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.failed = False
        self._executor: ProcessPoolExecutor | None = None
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="jiedu-reading-pass", daemon=True)
        self._thread.start()

    def submit(self, setup: Setup, units: list[Sequence[str]]) -> Future | None:
        """Hand a task to the workers; ``None`` if they failed (then read it yourself)."""
        if self.failed:
            return None
        future: Future = Future()
        self._tasks.put((future, _work, (setup, units)))
        return future

    def abandon(self) -> None:
        """Give up on the workers (a task took far too long): stop them, read elsewhere."""
        self.failed = True
        executor = self._executor
        if executor is not None:
            for process in list(getattr(executor, "_processes", {}).values()):
                process.terminate()  # shutdown() alone would wait for a stuck worker
        self.close(wait=False)

    def close(self, wait: bool = True) -> None:
        self._tasks.put(None)
        if wait:
            self._thread.join()

    def _run(self) -> None:
        try:
            if not _main_is_guarded():
                raise RuntimeError("the main script would run again in every worker")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=_context(),
                                                 initializer=_watch_owner, initargs=(os.getpid(),))
        except Exception as e:  # no fork server here (a sandbox): read in the build's process
            log.debug("reading pass: no worker processes (%s)", e)
            self.failed = True
        while True:
            item = self._tasks.get()
            if item is None:
                break
            future, fn, args = item
            if self._executor is None or self.failed:
                future.set_exception(RuntimeError("no worker processes"))
                continue
            try:
                inner = self._executor.submit(fn, *args)
            except Exception as e:  # the pool broke: the build reads these units itself
                self.failed = True
                future.set_exception(e)
                continue
            inner.add_done_callback(lambda f, outer=future: self._copy(f, outer))
        if self._executor is not None:
            self._executor.shutdown(wait=not self.failed, cancel_futures=True)

    def _copy(self, source: Future, target: Future) -> None:
        if source.cancelled():
            target.cancel()
            return
        error = source.exception()
        if error is not None:
            self.failed = self.failed or isinstance(error, BrokenProcessPool)
            target.set_exception(error)
        else:
            target.set_result(source.result())


#: Seconds between a worker's checks that the build it works for is still running.
OWNER_CHECK = 1.0


def _watch_owner(owner: int) -> None:
    """In a worker: end when the build process ``owner`` has ended. A build killed (Ctrl-C
    twice, a CI timeout, ``mkdocs serve`` stopped by a signal) never shuts its pool down,
    and the workers would wait for tasks for ever: they hold the write end of their own task
    queue and of the fork server's "parent alive" pipe, so neither they nor the server see
    the build go. Once the workers are gone, the server sees it and ends too."""

    def watch() -> None:
        while True:
            time.sleep(OWNER_CHECK)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # a process of another user took the number: ours is gone
                os._exit(0)

    threading.Thread(target=watch, name="jiedu-owner-watch", daemon=True).start()


def _main_is_guarded() -> bool:
    """Whether workers may start: multiprocessing runs the main script again in each of them
    (as ``__mp_main__``), which is harmless only if the script runs nothing on import
    (``if __name__ == "__main__":``, as MkDocs', pytest's and pip's command lines do). A
    script that builds a site unguarded would build it again in every worker."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    path = getattr(main, "__file__", None)
    if (spec is not None and getattr(spec, "name", "").endswith("__main__")) or not path:
        return True  # python -m …, or no script: nothing is run again
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"""__name__\s*==\s*['"]__main__['"]""", source) is not None


def _context():
    """The fork server, started with this package importable and the libraries loaded."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([f"{__package__}.warmup"])
    # The server must import this package, which MkDocs put on sys.path only while the hook
    # loaded, and Python 3.11's fork server ignores the sys.path it is given: it gets it
    # from PYTHONPATH, set for as long as it takes to start it.
    hooks = str(Path(__file__).resolve().parents[len(__package__.split("."))])  # the folder holding jiedu/
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (hooks, before) if p)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before
    return context


_pools: dict[int, _Pool] = {}


def pool(workers: int) -> _Pool:
    """The pool of ``workers`` processes, started (again) if need be."""
    current = _pools.get(workers)
    if current is None or current.failed:
        if current is not None:
            current.close(wait=False)
        current = _pools[workers] = _Pool(workers)
    return current


def shutdown() -> None:
    """Stop the worker processes (the end of ``mkdocs build`` or ``mkdocs serve``)."""
    while _pools:
        _pools.popitem()[1].close()
