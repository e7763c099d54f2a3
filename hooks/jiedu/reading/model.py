"""A neural disambiguator for polyphonic characters: g2pM's model, run with numpy.

g2pM (Park and Lee, Interspeech 2020; the ``g2pM`` package, Apache-2.0) is a one-layer
bidirectional LSTM over characters, trained on the CPP corpus of Chinese Wikipedia sentences,
that picks the reading of each polyphonic character from its sentence. The package ships its
weights as numpy arrays (1.6 MB); nothing is downloaded. This module loads them once, on the
first sentence that needs them, and runs the network itself: a batch of sentences at a time,
the input projections precomputed for the whole vocabulary, and the choice restricted to the
readings the character has (the package's own ``G2pM`` reads one sentence at a time and may
answer a reading of another character).

It only scores readings. When to trust a score over a dictionary phrase or a grammar rule is
the reading engine's decision (``engine.py``).
"""
from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..base.pinyin import normalise

# numpy, imported with the weights (_model): a build whose pages all come from the page
# cache does not need it.
np = None

#: g2pM's special symbols: padding, unknown character, start and end of a sentence.
PAD, UNK, BOS, EOS = "<PAD>", "<UNK>", "시", "끝"
#: Punctuation that ends a sentence.
FINAL = frozenset("。！？!?；;…”」』）)")
#: Rows of each matrix product. numpy's OpenBLAS runs a product of more than about a million
#: multiply-adds on every core, and its waiting threads spin: on a busy machine the model took
#: 15 times the CPU time (and more wall time) with 256 sentences a product than with 128.
ROWS = 128


@dataclass(frozen=True)
class Choice:
    """The model's reading for one character and its probability among that character's
    readings (1.0 would be certainty)."""

    reading: str
    probability: float


def candidates(char: str) -> tuple[str, ...]:
    """The tone-marked readings the model chooses among; empty when it has nothing to choose.

    >>> candidates("行"), candidates("我")
    (('xíng', 'háng'), ())
    """
    return _model().readings.get(char, ())


def polyphones():
    """The characters the model chooses a reading for (a set-like view).

    >>> "行" in polyphones(), "我" in polyphones()
    (True, False)
    """
    return _model().readings.keys()


def distributions(sentences: Sequence[tuple[str, Sequence[int]]]) -> list[list[tuple[float, ...]]]:
    """For each sentence and each of its given positions, the probability of each of
    :func:`candidates` (in that order), rounded to 9 decimals.

    >>> [[(len(d), round(sum(d), 6)) for d in ds] for ds in distributions([("他是学校的校长", [6])])]
    [[(2, 1.0)]]
    """
    if not any(positions for _, positions in sentences):
        return [[] for _ in sentences]
    return _model().distributions(sentences)


def choose(sentences: Sequence[tuple[str, Sequence[int]]]) -> list[list[Choice]]:
    """For each sentence and each of its given positions, the model's choice.

    The sentences go through the network ``ROWS`` at a time, shortest first. Positions must
    hold characters with :func:`candidates`.

    >>> [[c.reading for c in cs] for cs in choose([("他是学校的校长", [6]), ("他在银行工作", [3])])]
    [['zhǎng'], ['háng']]
    """
    if not any(positions for _, positions in sentences):
        return [[] for _ in sentences]
    return _model().choose(sentences)


# -- Helper functions ---------------------------------------------------------------------


class _Network:
    """g2pM's weights and the forward pass: embedding → BiLSTM (32 units a direction) →
    two dense layers → one score per reading of the vocabulary."""

    def __init__(self, weights: dict, char2idx: dict[str, int], class2idx: dict[str, int], cedict: dict) -> None:
        # In double precision: OpenBLAS does not round a row's sums the same way at every row
        # of a product, so in single precision a sentence's probabilities changed in the 7th
        # decimal with the sentences sharing its batch; in double precision by about 1e-16,
        # which the probabilities' rounding to 9 decimals (choose) absorbs. A page then reads
        # the same whatever is read with it (cache, workers, order).
        emb = weights["embedding.weight"].astype(np.float64)
        self.char2idx, self.unk = char2idx, char2idx[UNK]
        self.bos, self.eos, self.pad = char2idx[BOS], char2idx[EOS], char2idx[PAD]
        # Input projections of every character, both directions: a lookup per step. The gates
        # i, f, o are sigmoids, σ(x) = (1 + tanh(x/2)) / 2: their rows are halved so that one
        # tanh per step serves all four gates.
        units = weights["lstm.weight_hh_l0"].shape[1]
        scale = np.full(4 * units, 0.5, dtype=np.float64)
        scale[2 * units : 3 * units] = 1.0  # g is a tanh itself
        self.proj = [
            (emb @ weights[f"lstm.weight_ih_l0{d}"].T + weights[f"lstm.bias_ih_l0{d}"] + weights[f"lstm.bias_hh_l0{d}"])
            * scale
            for d in ("", "_reverse")
        ]
        self.recurrent = np.ascontiguousarray(np.stack([weights[f"lstm.weight_hh_l0{d}"].T * scale for d in ("", "_reverse")]), dtype=np.float64)
        self.dense = [(weights[f"logit_layer.{k}.weight"].T, weights[f"logit_layer.{k}.bias"]) for k in (0, 2)]
        self.readings: dict[str, tuple[str, ...]] = {}
        classes: dict[str, tuple[int, ...]] = {}
        for char, prons in cedict.items():
            known = [p for p in prons if p in class2idx]
            if len(known) > 1:
                self.readings[char] = tuple(normalise(p) for p in known)
                classes[char] = tuple(class2idx[p] for p in known)
        # Each polyphone's row of classes (its readings' columns of the last layer), padded
        # with its first one to the longest row; and how many of them are its own.
        self.row = {char: r for r, char in enumerate(classes)}
        width = max(map(len, classes.values()))
        self.columns = np.array([(*c, *c[:1] * (width - len(c))) for c in classes.values()], dtype=np.int64)
        self.count = np.array([len(c) for c in classes.values()], dtype=np.int64)

    def choose(self, sentences: Sequence[tuple[str, Sequence[int]]]) -> list[list[Choice]]:
        out: list[list[Choice]] = []
        for (sentence, positions), dists in zip(sentences, self.distributions(sentences)):
            chosen = []
            for p, dist in zip(positions, dists):
                k = max(range(len(dist)), key=dist.__getitem__)
                chosen.append(Choice(self.readings[sentence[p]][k], dist[k]))
            out.append(chosen)
        return out

    def distributions(self, sentences: Sequence[tuple[str, Sequence[int]]]) -> list[list[tuple[float, ...]]]:
        # Every training sentence ended with its punctuation; a heading or a term has none,
        # and without it the last character is misread (很重 chóng, 很差 chā).
        texts = [s if s[-1:] in FINAL else s + "。" for s, _ in sentences]
        where = [(b, p + 1) for b, (_, positions) in enumerate(sentences) for p in positions]  # after the start symbol
        out: list[list[tuple[float, ...]]] = [[] for _ in sentences]
        if not where:
            return out
        rows = np.array([self.row[sentences[b][0][col - 1]] for b, col in where], dtype=np.int64)
        hidden = self._hidden(texts, where)
        # Only the candidate readings' scores: the last layer's other 870-odd columns would
        # be thrown away.
        columns = self.columns[rows]
        (w0, b0), (w1, b1) = self.dense
        scores = np.empty(columns.shape, dtype=np.float64)
        for a in range(0, len(rows), ROWS):
            top = np.maximum(hidden[a : a + ROWS] @ w0 + b0, 0.0)
            cols = columns[a : a + ROWS]
            scores[a : a + ROWS] = np.einsum("kj,kmj->km", top, w1.T[cols]) + b1[cols]
        count = self.count[rows]
        scores[np.arange(columns.shape[1]) >= count[:, None]] = -np.inf  # the padding
        p = np.exp(scores - scores.max(axis=1)[:, None])
        p /= p.sum(axis=1)[:, None]
        # Rounded to 9 decimals: the last bits depend on the rows sharing a product (see __init__).
        p = np.round(p, 9)
        for (b, _), row, n in zip(where, p.tolist(), count.tolist()):
            out[b].append(tuple(row[:n]))
        return out

    def _hidden(self, sentences: Sequence[str], where: Sequence[tuple[int, int]]):
        """Both directions' states at the given (sentence, position) places: [places, 64].

        The sentences run through the LSTM ``ROWS`` at a time, shortest first; a step
        computes only the sentences still running (no work on padding) and keeps only the
        states asked for (a long sentence costs no memory beyond its own).
        """
        units = self.recurrent.shape[1]
        get, unk = self.char2idx.get, self.unk
        ids = [[self.bos, *[get(ch, unk) for ch in s], self.eos] for s in sentences]
        order = sorted(range(len(ids)), key=lambda b: len(ids[b]))
        row_of = {b: r for r, b in enumerate(order)}
        # per chunk of rows, per step: (place, row) whose forward / backward state is wanted
        wanted: list[tuple[dict, dict]] = [({}, {}) for _ in range(0, len(order), ROWS)]
        for k, (b, col) in enumerate(where):
            chunk, row = divmod(row_of[b], ROWS)
            forward, backward = wanted[chunk]
            forward.setdefault(col, []).append((k, row))
            backward.setdefault(len(ids[b]) - 1 - col, []).append((k, row))  # read reversed
        found = np.empty((len(where), 2 * units), dtype=np.float64)
        for chunk, (forward, backward) in enumerate(wanted):
            rows = [ids[b] for b in order[chunk * ROWS : (chunk + 1) * ROWS]]
            self._run(rows, forward, backward, found)
        return found

    def _run(self, rows: list[list[int]], forward: dict, backward: dict, found) -> None:
        """The LSTM over sentences (character ids) sorted by length, both directions at once;
        at step t, copy the states ``forward[t]`` and ``backward[t]`` ask for into ``found``."""
        units = self.recurrent.shape[1]
        n, steps = len(rows), len(rows[-1])
        fw = np.full((steps, n), self.pad, dtype=np.int64)
        bw = np.full((steps, n), self.pad, dtype=np.int64)
        for r, x in enumerate(rows):
            fw[: len(x), r] = x
            bw[: len(x), r] = x[::-1]  # each sentence reversed in place, padding after it
        # At step t the sentences longer than t run: the last rows, as the rows are sorted.
        first = np.searchsorted(np.array([len(x) for x in rows]), np.arange(steps), side="right")
        asked = [(t, d, np.array([k for k, _ in places]), np.array([r for _, r in places]))
                 for d, table in enumerate((forward, backward)) for t, places in table.items()]
        by_step: dict[int, list] = {}
        for t, d, k, r in asked:
            by_step.setdefault(t, []).append((d, k, r))
        h = np.zeros((2, n, units), dtype=np.float64)
        c = np.zeros_like(h)
        for t in range(steps):
            a = first[t]
            x = np.stack([self.proj[0][fw[t, a:]], self.proj[1][bw[t, a:]]])
            gates = np.tanh(x + np.matmul(h[:, a:], self.recurrent))
            sig = gates * 0.5 + 0.5  # i, f, o (g is read from gates)
            cell = sig[..., units : 2 * units] * c[:, a:] + sig[..., :units] * gates[..., 2 * units : 3 * units]
            c[:, a:] = cell
            h[:, a:] = sig[..., 3 * units :] * np.tanh(cell)
            for d, k, r in by_step.get(t, ()):
                found[k, d * units : (d + 1) * units] = h[d, r]


@cache
def _model() -> _Network:
    """Load g2pM's data from the installed package, once."""
    global np
    # One thread for OpenBLAS unless told otherwise (read when numpy is first imported): the
    # reading pass runs a worker per core, and on a busy machine OpenBLAS's spinning threads
    # took 15 times the CPU time (bench_readings --speed, load average 30: 0.66 s → 14.8 s).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import numpy as np  # noqa: F811

    package = resources.files("g2pM")

    def load(name: str):
        with (package / name).open("rb") as f:
            return pickle.load(f)  # the package's own files, as g2pM itself loads them

    return _Network(load("np_ckpt.pkl"), load("char2idx.pkl"), load("class2idx.pkl"), load("digest_cedict.pkl"))
