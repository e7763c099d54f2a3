"""The reading pass: every unit a build must read, read before pages are rendered, on every
core; rendering then only looks readings up.

Readings depend only on a text's characters and the reading annotations, not on the HTML
around them. So as MkDocs converts each page, :meth:`ReadingPass.ask` cuts its text nodes into
units (``units.py``), takes what the store (``cache.py``) kept of them, and hands the others
to worker processes, which read them while MkDocs converts the next pages.
:meth:`ReadingPass.page` is what rendering reads from (``render.ruby_page``): it waits for the
units of that page only.

Same input, same site, whatever the number of workers: units go to workers in tasks made in
page order (consecutive units up to :data:`TASK_CHARS` Han characters; a unit that does not
end in a line break ends its task, so no sentence runs from one unit into the next), the
same tasks for one worker or many, and a unit reads in a task as it reads alone (the model
computes in double precision and rounds its probabilities, so the sentences batched with a
sentence do not change its reading: ``reading/model.py``). The number of workers is the number of
cores this process may use, or ``JIEDU_WORKERS``; with one, units are read in this process,
as they are asked for. The worker processes are ``workers.py``'s.

Nothing here knows MkDocs.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, TimeoutError as WaitedTooLong

from .cache import ReadingStore
from ..base.pinyin import han_count
from ..reading.engine import ReadingEngine
from .units import Annotation, decode, key, needs_reading, plain, split
from .workers import Setup, pool, read_units

log = logging.getLogger(__name__)

#: Han characters per task: fewer calls cost more time per call (the model reads a task's
#: sentences in batches), more leave workers idle at the end of a build.
TASK_CHARS = 2_000
#: Seconds the build waits for a task (one takes well under a second) before it gives up on
#: the workers and reads in its own process.
TASK_WAIT = 300


class ReadingPass:
    """A build's readings of its pages' units: kept from an earlier build, read by workers,
    or read here.

    >>> r = ReadingPass(ReadingEngine(), ReadingStore(None), "salt", workers=1)
    >>> r.ask("a.html", ["<", "行业", "\\n"])
    >>> r.page("a.html").annotate_all(["<", "行业", "\\n"])[1][0].syllables
    ('háng', 'yè')
    """

    def __init__(self, engine: ReadingEngine, store: ReadingStore, salt: str, workers: int = 1,
                 setup: Setup | None = None) -> None:
        self.engine = engine
        self.store = store
        self.salt = salt
        self.workers = workers
        self.setup = setup or Setup.of(engine.overrides, [])
        self.damaged: list[str] = []  # stored readings that did not fit their unit
        self.read_here = self.read_by_workers = 0  # units
        self._payloads: dict[str, str] = {}  # unit key -> encoded reading
        self._waiting: dict[str, tuple[Future, int]] = {}  # unit key -> its task, its place in it
        self._queue: list[tuple[str, Sequence[str]]] = []  # units not yet in a task
        self._queued = 0  # their Han characters
        self._users: Counter[str] = Counter()  # unit key -> pages that asked for it, not yet rendered
        self._asked: dict[str, list[str]] = {}  # page -> the keys of its units
        self._stored: dict[str, dict[str, str]] = {}  # page -> what the store holds for it
        self._current: dict[str, Decoded] = {}  # the units of the page being rendered
        self._rendered = False  # whether the page being rendered was annotated (not cached)

    # -- while pages are converted ------------------------------------------------------------

    def ask(self, page: str, nodes: Sequence[str]) -> None:
        """The text nodes ``page`` will be annotated with: take what the store kept of its
        units, hand the others on to be read."""
        stored = self._stored_for(page)
        keys = []
        for a, b in split(nodes):
            unit = nodes[a:b]
            if not needs_reading(unit):
                continue
            k = key(self.salt, unit)
            keys.append(k)
            self._users[k] += 1
            if self._users[k] > 1 or k in self._payloads or k in self._waiting:
                continue  # asked for already (the same paragraph on another page)
            if k in stored:
                self._payloads[k] = stored[k]
                continue
            self._queue.append((k, unit))
            self._queued += han_count("".join(unit))
            if self._queued >= TASK_CHARS or not unit[-1].endswith("\n"):
                self._submit()
        self._asked[page] = keys

    def keep(self, page: str) -> None:
        """``page`` needs no reading in this build (its rendering is cached): keep what the
        store holds for it all the same, for its next edit."""
        self.store.keep(page)

    def start(self) -> None:
        """Start the workers now (the fork server takes a second to load the libraries): the
        build is expected to read, as when it starts without a cache."""
        if self.workers > 1:
            pool(self.workers)

    def flush(self) -> None:
        """Every page is converted: hand on the last units."""
        if self._queue:
            self._submit()

    def _submit(self) -> None:
        task, self._queue, self._queued = self._queue, [], 0
        units = [unit for _, unit in task]
        future = pool(self.workers).submit(self.setup, units) if self.workers > 1 else None
        if future is None:
            self._read(task)
        else:
            for i, (k, _) in enumerate(task):
                self._waiting[k] = (future, i)

    # -- while pages are rendered -------------------------------------------------------------

    def page(self, page: str) -> PageReadings:
        """What rendering ``page`` reads its annotations from."""
        return PageReadings(self, page)

    def cuts(self, page: str, nodes: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The search index's cuts of the Han runs of ``page``'s units (run → words), as far
        as they were read (the rest, jieba cuts when asked)."""
        out: dict[str, tuple[str, ...]] = {}
        for unit in (nodes[a:b] for a, b in split(nodes)):
            if needs_reading(unit):
                decoded = self._lookup(page, key(self.salt, unit), unit)
                if decoded is not None:
                    out.update(decoded[1])
        return out

    def annotate(self, page: str, nodes: Sequence[str]) -> list[Annotation]:
        """The annotations of ``nodes``, as ``ReadingEngine.annotate_all`` gives them."""
        self._rendered = True
        units = [(key(self.salt, u) if needs_reading(u) else "", u) for u in (nodes[a:b] for a, b in split(nodes))]
        missing = [(k, u) for k, u in units if k and self._lookup(page, k, u) is None]
        if missing:  # asked for by no page, or damaged: read here, in tasks as the pass makes them
            task: list[tuple[str, Sequence[str]]] = []
            chars = 0
            for k, u in missing:
                task.append((k, u))
                chars += han_count("".join(u))
                if chars >= TASK_CHARS or not u[-1].endswith("\n"):
                    self._read(task)
                    task, chars = [], 0
            if task:
                self._read(task)
        out: list[Annotation] = []
        for k, u in units:
            out += self._lookup(page, k, u)[0] if k else plain(u)
        return out

    def done(self, page: str) -> None:
        """``page`` is rendered: store the readings of its units (if it was not cached), and
        forget what no other page needs."""
        if self._rendered:
            entries = {k: self._payloads[k] for k in self._current if k in self._payloads}
            if entries != self._stored.get(page):
                self.store.save(page, entries)
            else:
                self.store.keep(page)
        self._stored.pop(page, None)
        asked = self._asked.pop(page, [])
        for k in asked:
            self._users[k] -= 1
        for k in {*asked, *self._current}:
            if self._users[k] <= 0:
                del self._users[k]
                self._payloads.pop(k, None)
        self._current.clear()
        self._rendered = False

    # -- helpers ------------------------------------------------------------------------------

    def _stored_for(self, page: str) -> dict[str, str]:
        if page not in self._stored:
            self._stored[page] = self.store.load(page)
        return self._stored[page]

    def _lookup(self, page: str, k: str, unit: Sequence[str]) -> Decoded | None:
        """A unit's decoded reading: read by the pass, or stored; ``None`` if neither (or
        the stored one does not fit the unit)."""
        if k in self._current:
            return self._current[k]
        if k in _recent and k not in self._waiting:  # decoded by an earlier build of this process
            self._current[k] = _recent[k]
            self._payloads.setdefault(k, _recent_payloads[k])
            return _recent[k]
        payload = self._payloads.get(k)
        if payload is None and k in self._waiting:
            future, i = self._waiting.pop(k)
            try:
                payload = future.result(timeout=TASK_WAIT)[i]
                self.read_by_workers += 1
            except WaitedTooLong:
                log.warning("reading pass: no answer from the workers in %d s; reading in this process", TASK_WAIT)
                pool(self.workers).abandon()
            except Exception as e:  # a worker died, or none could start: read here
                log.debug("reading pass: a task failed (%s); reading it in this process", e)
        if payload is None:
            payload = self._stored_for(page).get(k)
        if payload is None:
            return None
        try:
            decoded = decode(payload, unit)
        except ValueError as e:
            self.damaged.append(f"{page}: {e}")
            self._payloads.pop(k, None)
            self._stored_for(page).pop(k, None)
            return None
        self._payloads[k] = payload
        self._current[k] = decoded
        if len(_recent) >= RECENT_UNITS:
            _recent.clear()
            _recent_payloads.clear()
        _recent[k], _recent_payloads[k] = decoded, payload
        return decoded

    def _read(self, task: list[tuple[str, Sequence[str]]]) -> None:
        for (k, _), payload in zip(task, read_units(self.engine, [u for _, u in task])):
            self._payloads[k] = payload
        self.read_here += len(task)


Decoded = tuple[list[Annotation], dict[str, tuple[str, ...]]]


#: Units whose decoded readings this process keeps between builds: under ``mkdocs serve`` an
#: edit renders its page again, and all but one of its paragraphs are as they were.
RECENT_UNITS = 2_000
_recent: dict[str, Decoded] = {}  # unit key (under the readings' fingerprint) -> decoded reading
_recent_payloads: dict[str, str] = {}


class PageReadings:
    """One page's annotations, looked up: the ``annotate_all`` that ``render.ruby_page``
    calls."""

    def __init__(self, readings: ReadingPass, page: str) -> None:
        self.readings = readings
        self.name = page

    def annotate_all(self, texts: Sequence[str]) -> list[Annotation]:
        return self.readings.annotate(self.name, texts)


