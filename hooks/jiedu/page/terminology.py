"""Terminology check: does each translated block render the glossary terms of its Chinese?

For every block a text translates (``title``, ``h-N``, ``p-N``), the glossary terms the
page marks in the block's Chinese are looked up, and the block's English must contain one
of the entry's renderings: ``english``, ``english_official.text`` or one of
``english_variants``. The comparison is on words, so these do not matter: case, quotation
marks, hyphens and dashes, anything in parentheses in the rendering (``the "two roles" (of
Party organisations …)`` is ``two roles``), a leading *the/a/an*, a plural or third-person
-s (-ies/-y), -ise/-ize, a possessive 's, ``&``/``and`` and
``CPC``/``Communist Party of China``, a final -e (responses, response). Anything else
is a different rendering: the warning
names the block, the term, the glossary's rendering and the closest words of the block's
English, as translation QA tools do; ``--strict`` fails on it.

The same check warns on bracketed additions: text in parentheses or square brackets in a
block's English when the block's Chinese has fewer brackets (（）()【】[]〔〕) than that.
CONTRIBUTING forbids explanations in brackets (the glossary explains); brackets that
render brackets of the Chinese, such as 乡镇（街道） "township (sub-district)", are allowed.

Run by ``page/prepare.py`` on every text, so the build and ``make check`` warn alike. What
this module is not: it does not find terms (``page/terms.py`` does, as the page marks them)
and it does not judge English beyond these two rules.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..annotations.glossary import Entry
from ..annotations.translation import quote
from ..base.errors import Problem

#: Brackets in Chinese text (full- and half-width) and bracketed spans in English.
ZH_BRACKET = re.compile(r"[（(【\[〔]")
EN_BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ARTICLES = ("the", "a", "an")


def words(text: str) -> tuple[str, ...]:
    """The comparable words of an English text.

    >>> words('The "Two New" (new economic and social organisations)')
    ('two', 'new')
    >>> words("responses") == words("response")
    True
    >>> words("Party-building-led grassroots governance") == words("Party building led grassroots governance")
    True
    >>> words("modernisation of China's governance") == words("modernization of China governance")
    True
    """
    text = re.sub(r"\([^()]*\)", " ", text).lower()
    text = text.replace("’", "'").replace("&", " and ")
    text = re.sub(r"\bcommunist party of china\b", "cpc", text)
    text = re.sub(r"[\"“”‘`]|'(?![a-z])|(?<![a-z])'", " ", text)
    text = re.sub(r"[-‐–—/]", " ", text)
    out = [_stem(w) for w in _WORD.findall(text)]
    while out and out[0] in _ARTICLES:
        out.pop(0)
    return tuple(out)


def _stem(word: str) -> str:
    """A word without the endings that do not change a rendering: a possessive 's, a plural
    or third-person -s (-ies is -y), a final -e (so -es and -s meet: responses, response),
    and British -ise against American -ize."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("isation", "ization").replace("ising", "izing").replace("ised", "ized")
    if word.endswith("ise"):
        word = word[:-3] + "ize"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """Whether the word sequence ``needle`` occurs, contiguous, in ``haystack``."""
    n = len(needle)
    return n > 0 and any(tuple(haystack[i : i + n]) == tuple(needle) for i in range(len(haystack) - n + 1))


def renders(english: str, renderings: Iterable[str]) -> bool:
    """Whether ``english`` contains one of ``renderings``, by :func:`words`.

    >>> renders("it has played its role as a fighting bastion", ["role as a fighting bastion"])
    True
    >>> renders("its role as a fighting fortress", ["role as a fighting bastion", "fighting bastions"])
    False
    >>> renders("the 18th National Congress of the Communist Party of China", ["18th National Congress of the CPC"])
    True
    """
    have = words(english)
    return any(contains(have, words(r)) for r in renderings)


def closest(english: str, rendering: str) -> str:
    """The words of ``english`` most like ``rendering`` (as many words, give or take one),
    quoted in a warning so that the translator sees both renderings side by side.

    >>> closest("the Party branch has played its role as a fighting fortress, helping", "role as a fighting bastion")
    'role as a fighting fortress'
    """
    tokens = english.split()
    target = words(rendering)
    n = max(1, len(target))
    best, best_key = "", (-1, 0, 0)
    for size in (n, n - 1, n + 1):
        if size < 1:
            continue
        for i in range(0, max(1, len(tokens) - size + 1)):
            span = " ".join(tokens[i : i + size]).strip(",.;:!?\"“”'()")
            have = words(span)
            matched = sum(b.size for b in SequenceMatcher(None, have, target).get_matching_blocks())
            aligned = sum(a == b for a, b in zip(have, target))
            key = (matched, -abs(size - n), aligned)
            if key > best_key:
                best, best_key = span, key
    return best


@dataclass(frozen=True)
class Mismatch:
    """A glossary term of a block whose English has none of the entry's renderings."""

    key: str
    term: str
    glossary: str  # the entry's english (and official English, if any)
    translation: str  # the closest words of the block's English


def bracketed_additions(chinese: str, english: str) -> list[str]:
    """Bracketed spans of ``english`` beyond the brackets of ``chinese``: all of them when
    the Chinese has none, none when it has as many.

    >>> bracketed_additions("乡镇（街道）社工站", "township (sub-district) social work stations")
    []
    >>> bracketed_additions("看望快递小哥", 'the "delivery guys" (kuaidi xiaoge)')
    ['(kuaidi xiaoge)']
    """
    spans = [m.group(0) for m in EN_BRACKETED.finditer(english)]
    return spans[len(ZH_BRACKET.findall(chinese)):]


def renderings(entry: Entry) -> tuple[str, ...]:
    """Every rendering the check accepts for ``entry``: its english, official English and
    variants."""
    official = (entry.english_official.text,) if entry.english_official else ()
    return (entry.english, *official, *entry.english_variants)


def mismatch(key: str, english: str, entry: Entry) -> Mismatch | None:
    """How ``english`` (a block's) renders ``entry`` otherwise, or ``None`` if it uses one of
    the entry's renderings.

    >>> e = Entry("z", "战斗堡垒作用", "role as a fighting bastion", "", "slogan")
    >>> mismatch("p-20", "has played its role as a fighting fortress, helping", e)
    Mismatch(key='p-20', term='战斗堡垒作用', glossary="'role as a fighting bastion'", translation='role as a fighting fortress')
    >>> mismatch("p-20", "its role as a fighting bastion", e) is None
    True
    """
    if renders(english, renderings(entry)):
        return None
    glossary = f"'{entry.english}'"
    if entry.english_official and words(entry.english_official.text) != words(entry.english):
        glossary += f" (official: '{entry.english_official.text}')"
    return Mismatch(key, entry.term, glossary, closest(english, entry.english))


def block_problems(key: str, chinese: str, english: str, entries: Iterable[Entry],
                   where: tuple[str, int | None, int | None]) -> list[Problem]:
    """The warnings for one translated block: its terms rendered otherwise, its bracketed
    additions. ``where`` is the block's English in its record (file, line, column), or the
    page."""
    path, line, column = where
    head = f"{key} (“{quote(chinese)}”)"
    out = []
    for entry in dict.fromkeys(entries):
        m = mismatch(key, english, entry)
        if m:
            out.append(Problem(path, (
                f"{head}: '{m.term}' is {m.glossary} in the glossary, but the English has '{m.translation}'; use the "
                f"glossary's rendering, or add the translation's to english_variants in {entry.path or 'its entry'}"
            ), line, column, "warning"))
    for span in bracketed_additions(chinese, english):
        out.append(Problem(path, (
            f"{head}: '{span}' is in brackets in the English, but the Chinese has no brackets there; translate what "
            "the text says, without additions in brackets (the glossary explains)"
        ), line, column, "warning"))
    return out
