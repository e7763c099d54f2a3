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
the reading engine's decision (``readings.py``).
"""
from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .pinyin import normalise

# numpy, imported with the weights (_model): a build whose pages all come from the page
# cache does not need it.
np = None

#: g2pM's special symbols: padding, unknown character, start and end of a sentence.
PAD, UNK, BOS, EOS = "<PAD>", "<UNK>", "시", "끝"
#: Punctuation that ends a sentence.
FINAL = frozenset("。！？!?；;…”」』）)")


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


def choose(sentences: Sequence[tuple[str, Sequence[int]]]) -> list[list[Choice]]:
    """For each sentence and each of its given positions, the model's choice.

    All sentences go through the network as one batch. Positions must hold characters with
    :func:`candidates`.

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
        emb = weights["embedding.weight"].astype(np.float32)
        self.char2idx, self.unk = char2idx, char2idx[UNK]
        self.bos, self.eos, self.pad = char2idx[BOS], char2idx[EOS], char2idx[PAD]
        # Input projections of every character, both directions: a lookup per step. The gates
        # i, f, o are sigmoids, σ(x) = (1 + tanh(x/2)) / 2: their rows are halved so that one
        # tanh per step serves all four gates.
        units = weights["lstm.weight_hh_l0"].shape[1]
        scale = np.full(4 * units, 0.5, dtype=np.float32)
        scale[2 * units : 3 * units] = 1.0  # g is a tanh itself
        self.proj = [
            (emb @ weights[f"lstm.weight_ih_l0{d}"].T + weights[f"lstm.bias_ih_l0{d}"] + weights[f"lstm.bias_hh_l0{d}"])
            * scale
            for d in ("", "_reverse")
        ]
        self.recurrent = np.stack([weights[f"lstm.weight_hh_l0{d}"].T * scale for d in ("", "_reverse")]).astype(np.float32)
        self.dense = [(weights[f"logit_layer.{k}.weight"].T, weights[f"logit_layer.{k}.bias"]) for k in (0, 2)]
        self.readings: dict[str, tuple[str, ...]] = {}
        self.classes: dict[str, tuple[int, ...]] = {}
        for char, prons in cedict.items():
            known = [p for p in prons if p in class2idx]
            if len(known) > 1:
                self.readings[char] = tuple(normalise(p) for p in known)
                self.classes[char] = tuple(class2idx[p] for p in known)

    def choose(self, sentences: Sequence[tuple[str, Sequence[int]]]) -> list[list[Choice]]:
        # Every training sentence ended with its punctuation; a heading or a term has none,
        # and without it the last character is misread (很重 chóng, 很差 chā).
        hidden = self._hidden([s if s[-1:] in FINAL else s + "。" for s, _ in sentences])
        rows, cols, chars = [], [], []
        for b, (sentence, positions) in enumerate(sentences):
            for p in positions:
                rows.append(b)
                cols.append(p + 1)  # after the start symbol
                chars.append(sentence[p])
        h = hidden[np.array(rows), np.array(cols)]
        (w0, b0), (w1, b1) = self.dense
        scores = np.maximum(h @ w0 + b0, 0.0) @ w1 + b1
        out: list[list[Choice]] = [[] for _ in sentences]
        for k, (b, char) in enumerate(zip(rows, chars)):
            z = scores[k, list(self.classes[char])]
            p = np.exp(z - z.max())
            p /= p.sum()
            best = int(p.argmax())
            out[b].append(Choice(self.readings[char][best], float(p[best])))
        return out

    def _hidden(self, sentences: Sequence[str]):
        """Both directions' states at every position: an array [sentence, position, 64]."""
        ids = [[self.bos, *(self.char2idx.get(ch, self.unk) for ch in s), self.eos] for s in sentences]
        lengths = [len(x) for x in ids]
        n, steps = len(ids), max(lengths)
        fw = np.full((n, steps), self.pad, dtype=np.int64)
        bw = np.full((n, steps), self.pad, dtype=np.int64)
        for b, x in enumerate(ids):
            fw[b, : len(x)] = x
            bw[b, : len(x)] = x[::-1]  # each sentence reversed in place, padding after it
        inputs = np.stack([self.proj[0][fw], self.proj[1][bw]])  # [2, n, steps, 128]
        units = self.recurrent.shape[1]
        h = np.zeros((2, n, units), dtype=np.float32)
        c = np.zeros_like(h)
        states = np.empty((2, n, steps, units), dtype=np.float32)
        for t in range(steps):
            gates = np.tanh(inputs[:, :, t] + np.matmul(h, self.recurrent))
            sig = gates * 0.5 + 0.5  # i, f, o (g is read from gates)
            c = sig[..., units : 2 * units] * c + sig[..., :units] * gates[..., 2 * units : 3 * units]
            h = sig[..., 3 * units :] * np.tanh(c)
            states[:, :, t] = h
        back = np.zeros_like(states[1])
        for b, length in enumerate(lengths):
            back[b, :length] = states[1, b, :length][::-1]
        return np.concatenate([states[0], back], axis=-1)


@cache
def _model() -> _Network:
    """Load g2pM's data from the installed package, once."""
    global np
    import numpy as np  # noqa: F811

    package = resources.files("g2pM")

    def load(name: str):
        with (package / name).open("rb") as f:
            return pickle.load(f)  # the package's own files, as g2pM itself loads them

    return _Network(load("np_ckpt.pkl"), load("char2idx.pkl"), load("class2idx.pkl"), load("digest_cedict.pkl"))
