"""Search entries that land on paragraphs, and glossary entries findable by pinyin and English.

Material's search indexes a page by heading sections; for a long text that lands a reader at
the top of a section, not at the sentence they searched. These functions make one entry per
numbered paragraph (``#p-12``) instead, and one per glossary entry with its pinyin written
toneless (``jiesujiban``, ``jie su ji ban``) so a reader can search without tone marks. Text
is segmented with jieba, terms first, as Material does (zero-width spaces between words).
They return plain dicts in Material's index format; the hook swaps them in.

For a library too large for one index file, :func:`paragraph_docs` and :func:`glossary_docs`
give the same pages as plain-text documents for the index that loads per query
(``outputs/searchshards.py``): no segmentation there, since that index finds any run of
characters.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from html import escape, unescape

import json

from ..annotations.glossary import Entry
from ..base.pinyin import HAN_RUN, to_normal
from ..base.safemd import plain
from ..reading.segmenter import cut
from ..annotations.translation import english_by_id
BLOCK = re.compile(r"<(h[1-6]|p)\b([^>]*)>(.*?)</\1>", re.S)
ID = re.compile(r'\bid="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


Cut = Callable[[str], Sequence[str]]


def segment(text: str, cut: Cut = cut) -> str:
    """Chinese runs cut into words with zero-width spaces around each, like Material's index.
    ``cut`` gives a run's words (the segmenter's, or the cuts the reading pass made).

    >>> segment("做好社会工作").split("\u200b")
    ['做好', '社会工作']
    >>> segment("做好社会工作", lambda run: [run[:4], run[4:]]).split("\u200b")
    ['做好社会', '工作']
    """
    return HAN_RUN.sub(lambda m: "\u200b" + "\u200b".join(cut(m.group())) + "\u200b", text).strip("\u200b")


def inside(text: str, terms: Collection[str]) -> list[str]:
    """The terms found inside the longer words of a segmented ``text`` (zero-width spaces
    between its words), each once, in order. Material's search matches a query against whole
    words (or their beginnings): a term the segmenter kept inside a longer word (基层减负 in
    为基层减负) would be found only by that word.

    >>> inside("推动​为基层减负​，基层减负", {"基层减负", "减负", "推动"})
    ['基层减负', '减负']
    """
    found: dict[str, None] = {}
    longest = max(map(len, terms), default=0)
    for word in text.split("​"):
        if len(word) < 3 or not HAN_RUN.search(word):  # a run of other text holds no Chinese term
            continue
        for n in range(min(len(word) - 1, longest), 1, -1):  # linear in the word: no term is longer
            for i in range(len(word) - n + 1):
                if word[i : i + n] in terms:
                    found.setdefault(word[i : i + n])
    return list(found)


def blocks(html: str) -> Iterator[tuple[str, str, str, str]]:
    """The page's headings and paragraphs with an ``id`` and some text, in order: (tag, id as
    the HTML writes it, plain text, the block's English or ""). Both kinds of index read them.

    >>> list(blocks('<h2 id="a">章</h2><p>无</p><p id="p-1">接诉&amp;即办</p><div class="jiedu-en" data-for="p-1" hidden>Swift</div>'))
    [('h2', 'a', '章', ''), ('p', 'p-1', '接诉&即办', 'Swift')]
    """
    english = english_by_id(html)  # a block's English, found by a search too (translation.py)
    for m in BLOCK.finditer(html):
        tag, attrs, inner = m.groups()
        text = " ".join(unescape(TAG.sub("", HEADERLINK.sub("", inner))).split())
        ident = ID.search(attrs)
        if ident and text:
            yield tag, ident.group(1), text, english.get(unescape(ident.group(1)), "")


def cited(anchor: str) -> str:
    """How a block is cited: p-12 is ¶12, a heading by its id.

    >>> cited("p-12b"), cited("a")
    ('¶12b', 'a')
    """
    return "¶" + anchor[2:] if anchor.startswith("p-") else anchor


def paragraph_entries(html: str, url: str, title: str, per: int = 1, cut: Cut = cut,
                      terms: Collection[str] = frozenset()) -> list[dict]:
    """One entry for the page, one per heading, and one per paragraph with an ``id``, titled
    by its number as the glossary's backlinks cite it (¶12): short, so the index stays no
    larger than the plain build's.

    With ``per`` above 1, up to that many consecutive paragraphs (never across a heading)
    share one entry, which lands on the first of them (¶3–5). Material's search builds its
    index in the browser at a cost per entry: on a large site (``site.py`` chooses ``per``)
    fewer, longer entries bring the first results as soon as the plain build's. ``cut``
    gives the words of a Han run (see :func:`segment`).

    >>> [(e["location"], e["title"]) for e in paragraph_entries('<h2 id="a">章</h2><p id="p-1">接诉即办</p>', "t.html", "题")]
    [('t.html', '题'), ('t.html#a', '章'), ('t.html#p-1', '¶1')]
    >>> html = '<p id="p-1">一</p><p id="p-2">二</p><p id="p-3">三</p><h2 id="b">章</h2><p id="p-4">四</p>'
    >>> [(e["location"], e["title"], e["text"]) for e in paragraph_entries(html, "t.html", "题", per=2)][1:]
    [('t.html#p-1', '¶1–2', '一 二'), ('t.html#p-3', '¶3', '三'), ('t.html#b', '章', ''), ('t.html#p-4', '¶4', '四')]

    A block's English translation (``translation.py``) is searched with it, so a search in
    English lands on the paragraph too:

    >>> html = '<p id="p-1">工作</p><div class="jiedu-en no-ruby" lang="en" data-for="p-1" hidden>Swift &amp; sure</div>'
    >>> paragraph_entries(html, "t.html", "题")[1]["text"]
    '工作 Swift &amp; sure'

    ``terms`` (the glossary's) found inside a longer word are listed in the entry's
    ``inner`` field (:data:`INNER_FIELD`), so a search for the term finds the paragraph:

    >>> paragraph_entries('<p id="p-1">推动为基层减负</p>', "t.html", "题", cut=lambda r: [r[:2], r[2:]], terms={"基层减负"})[1]
    {'location': 't.html#p-1', 'title': '¶1', 'text': '推动​为基层减负', 'inner': '基层减负'}
    """
    entries = [{"location": url, "title": segment(escape(title), cut), "text": ""}]
    group: list[tuple[str, str]] = []  # (anchor, text) of the paragraphs waiting for an entry

    def flush() -> None:
        if group:
            first, last = group[0][0], group[-1][0]
            label = cited(first)
            if len(group) > 1:
                label += "–" + last.removeprefix("p-")
            text = " ".join(t for _, t in group)
            entry = {"location": f"{url}#{first}", "title": label, "text": text}
            found = inside(text, terms) if terms else []
            if found:
                entry["inner"] = " ".join(found)
            entries.append(entry)
            group.clear()

    for tag, anchor, text, en in blocks(html):
        en = escape(en)
        if tag == "h1":
            entries[0]["text"] = en
        elif tag.startswith("h"):
            flush()
            entries.append({"location": f"{url}#{anchor}", "title": segment(escape(text), cut), "text": en})
        else:
            group.append((anchor, " ".join(filter(None, (segment(escape(text), cut), en)))))
            if len(group) >= per:
                flush()
    flush()
    return entries


def paragraph_docs(html: str, title: str) -> list[dict]:
    """A text's documents for the index that loads per query: the page (its title, the title's
    English), each heading and each numbered paragraph, as plain text, with the block's
    English apart (``en``). ``anchor`` is the block's id ("" for the page).

    >>> html = '<h1 id="t">题</h1><h2 id="a">章</h2><p id="p-1">接诉&amp;即办</p><div class="jiedu-en" data-for="p-1" hidden>Swift</div>'
    >>> paragraph_docs(html, "题")
    [{'anchor': '', 'title': '题', 'text': ''}, {'anchor': 'a', 'title': '章', 'text': ''}, {'anchor': 'p-1', 'title': '¶1', 'text': '接诉&即办', 'en': 'Swift'}]
    """
    docs = [{"anchor": "", "title": title, "text": ""}]
    for tag, anchor, text, en in blocks(html):
        anchor = unescape(anchor)
        if tag == "h1":
            if en:
                docs[0]["en"] = en
            continue
        if tag.startswith("h"):
            doc = {"anchor": anchor, "title": text, "text": ""}
        else:
            doc = {"anchor": anchor, "title": cited(anchor), "text": text}
        if en:
            doc["en"] = en
        docs.append(doc)
    return docs


def glossary_docs(entries: Iterable[Entry], pinyin_of: Callable[[Entry], str]) -> list[dict]:
    """The glossary page's documents for the index that loads per query: one per entry, its
    term, pinyin and English as the title, its explanation as the text, and the ways to type
    its pinyin as ``keys``.

    >>> from jiedu.annotations.glossary import Entry
    >>> glossary_docs([Entry("x", "接诉即办", "swift response", "A *method*.", "method")], lambda e: "jiē sù jí bàn")[1]
    {'anchor': 'x', 'title': '接诉即办 jiē sù jí bàn — swift response', 'text': 'A method.', 'keys': ['jiesujiban', 'jie su ji ban', 'jie1su4ji2ban4', 'jie1 su4 ji2 ban4']}
    """
    docs = [{"anchor": "", "title": "Glossary", "text": ""}]
    for e in entries:
        pinyin = pinyin_of(e)
        docs.append({"anchor": e.id, "title": f"{e.term} {pinyin} — {e.english}", "text": plain(e.explanation),
                     "keys": toneless(pinyin.split())})
    return docs


def toneless(syllables: Iterable[str]) -> list[str]:
    """Ways to type the pinyin without tone marks: toneless and with tone numbers, each
    joined and spaced, and ü as v.

    >>> toneless(["jiē", "sù", "jí", "bàn"])
    ['jiesujiban', 'jie su ji ban', 'jie1su4ji2ban4', 'jie1 su4 ji2 ban4']
    >>> toneless(["lǜ", "de"])
    ['lüde', 'lü de', 'lü4de5', 'lü4 de5', 'lvde', 'lv de', 'lv4de5', 'lv4 de5']
    """
    bases = [to_normal(s) for s in syllables]
    numbered = [f"{b}{tone_number(s)}" if b else "" for b, s in zip(bases, syllables)]
    forms = ["".join(bases), " ".join(bases), "".join(numbered), " ".join(numbered)]
    forms += [f.replace("ü", "v") for f in forms if "ü" in f]
    return list(dict.fromkeys(f for f in forms if f.strip()))


#: The combining tone marks: macron, acute, caron, grave (tones 1–4).
TONES = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def tone_number(syllable: str) -> int:
    """The tone of a tone-marked syllable, 5 for the neutral tone.

    >>> [tone_number(s) for s in ("jiē", "jí", "lǚ", "bàn", "de")]
    [1, 2, 3, 4, 5]
    """
    return next((TONES[c] for c in unicodedata.normalize("NFD", syllable) if c in TONES), 5)


#: The field that holds the ways to type a term's pinyin. Material's search indexes every
#: field its index's config names, and shows only the title and text: the keys find an
#: entry without showing up in a result. Boosted above titles (Material's 1000), so a
#: term's pinyin ranks its entry first.
KEYS_FIELD = {"keys": {"boost": 10000.0}}
#: The field that holds the glossary terms found inside a paragraph's longer words
#: (:func:`inside`), searched like its text and never shown.
INNER_FIELD = {"inner": {"boost": 1.0}}


def glossary_entries(entries: Iterable[Entry], url: str, pinyin_of: Callable[[Entry], str]) -> list[dict]:
    """One search entry per glossary entry: the term, its pinyin and English as the title,
    the explanation as the text, and the toneless and numbered pinyin as keys.

    >>> from jiedu.annotations.glossary import Entry
    >>> [e] = glossary_entries([Entry("x", "接诉即办", "swift response", "A method.", "method")], "g.html", lambda e: "jiē sù jí bàn")[1:]
    >>> e["title"].replace("\u200b", ""), e["keys"][:2]
    ('接诉即办 jiē sù jí bàn — swift response', ['jiesujiban', 'jie su ji ban'])
    """
    out = [{"location": url, "title": "Glossary", "text": ""}]
    for e in entries:
        pinyin = pinyin_of(e)
        out.append({
            "location": f"{url}#{e.id}",
            "title": segment(escape(f"{e.term} {pinyin} — {e.english}")),
            "text": segment(escape(plain(e.explanation))),
            "keys": toneless(pinyin.split()),
        })
    return out


def compact_index(data: str) -> str:
    r"""The search index as UTF-8 JSON, with the glossary's pinyin keys as a field of its own
    (:data:`KEYS_FIELD`) and the terms inside longer words as another (:data:`INNER_FIELD`). Material writes every Chinese character as a 6-byte
    ``\uXXXX`` escape; written as itself it takes 3, and the index shrinks by about half.
    (Parsed and written again: rewriting the escapes with a regular expression instead made
    a million-character build's peak memory grow by 100 MB, one string per character.)

    >>> print(compact_index(r'{"t":"\u4e2d \\u4e2d \u0001"}'))
    {"t":"中 \\u4e2d \u0001"}
    """
    index = json.loads(data)
    fields = index.get("config", {}).get("fields")
    if isinstance(fields, dict):
        fields.update(KEYS_FIELD)
        fields.update(INNER_FIELD)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
