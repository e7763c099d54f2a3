"""The Texts page, generated at build time: every text with what helps a reader choose one.

Each text shows its title, kind, date, source, place and rights (from its front matter, when
given) and its figures (``textfigures.py``): length in Han characters, a reading time, its
HSK profile and the level at which a reader knows 95 % of its words. Without JavaScript the
list is all there, newest first; ``jiedu-texts.js`` adds sorting and filtering by kind, date
and difficulty, and the share of each text's words the reader has marked known, from
:func:`words_script`'s file (loaded only for a reader with known words).

The page's Markdown is made when MkDocs lists the files (:func:`texts_markdown`), before any
text is read; each text's figures are made when the text is rendered, so they are put into
the page when it is rendered (:func:`fill_figures`). Front-matter values are text: they are
escaped here, and the list is one HTML block, which Markdown leaves alone.
"""
from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from html import escape

from .textfacts import TextFacts
from .textfigures import BANDS, COVERAGE, LEVEL_NAMES, READING_RATE, Figures

WORDS_JS = "assets/jiedu-textwords.js"
PLACEHOLDER = '<div class="jiedu-texts__figures" data-figures="{url}"></div>'
FILLED = re.compile(r'<div class="jiedu-texts__figures" data-figures="([^"]*)"></div>')
BAND_NAMES = {**{level: f"HSK {name}" for level, name in LEVEL_NAMES.items()}, 0: "outside the lists"}


def _text(value: str) -> str:
    return escape(value, quote=True)


def newest_first(texts: Sequence[TextFacts]) -> list[TextFacts]:
    """Dated texts newest first, then the undated ones by title.

    >>> [t.title for t in newest_first([TextFacts.of("a", {"title": "a", "date": "2019"}), TextFacts.of("b", {"title": "b"}),
    ...                                  TextFacts.of("c", {"title": "c", "date": "2024-11"})])]
    ['c', 'a', 'b']
    """
    dated = sorted((t for t in texts if t.date), key=lambda t: t.sort_key, reverse=True)
    return dated + sorted((t for t in texts if not t.date), key=lambda t: t.sort_key)


def texts_markdown(texts: Sequence[TextFacts], index_url: str = "texts/index.html", title: str = "Texts") -> str:
    """The Texts page's Markdown: an introduction, what the figures mean, and the list.

    >>> md = texts_markdown([TextFacts.of("texts/a.html", {"title": "[x](javascript:alert(1))", "place": "<b>", "date": "2024-11"})])
    >>> print(md.split("\\n")[9])
    <li class="jiedu-texts__item" data-kind="" data-date="2024-11"><a class="jiedu-texts__title" href="a.html" lang="zh-Hans">[x](javascript:alert(1))</a><br><span class="jiedu-texts__meta no-ruby"><time datetime="2024-11">November 2024</time> · &lt;b&gt;</span><div class="jiedu-texts__figures" data-figures="texts/a.html"></div></li>
    """
    base = posixpath.dirname(index_url) or "."
    items = []
    for t in newest_first(texts):
        href = posixpath.relpath(t.url, base)
        facts = [f'<span class="jiedu-texts__kind">{_text(t.kind[:1].upper() + t.kind[1:])}</span>'] if t.kind else []
        if t.date:
            facts.append(f'<time datetime="{t.date.iso}">{t.date.label}</time>')
        facts += [_text(v) for v in (t.source, t.place) if v]
        subtitle = f'<br><span class="jiedu-texts__subtitle" lang="zh-Hans">{_text(t.subtitle)}</span>' if t.subtitle else ""
        meta = f'<br><span class="jiedu-texts__meta no-ruby">{" · ".join(facts)}</span>' if facts else ""
        rights = f'<br><span class="jiedu-texts__rights no-ruby">Rights: {_text(t.rights)}</span>' if t.rights else ""
        items.append(
            f'<li class="jiedu-texts__item" data-kind="{_text(t.kind)}" data-date="{t.date.iso if t.date else ""}">'
            f'<a class="jiedu-texts__title" href="{_text(href)}" lang="zh-Hans">{_text(t.title)}</a>'
            f"{subtitle}{meta}{rights}{PLACEHOLDER.format(url=_text(t.url))}</li>"
        )
    count = f"{len(items)} text{'s' if len(items) != 1 else ''}"
    pct = f"{COVERAGE * 100:.0f} %"
    about = [
        f"<p><strong>Length</strong> counts Han characters (not punctuation, digits or Latin letters). "
        f"<strong>Reading time</strong> assumes {READING_RATE} characters a minute: an assumption for a "
        f"learner reading closely, not a measured rate (native adults read Chinese aloud at about 255 "
        f"characters a minute: Trauzettel-Klosinski &amp; Dietz, IReST, 2012).</p>",
        f"<p><strong>HSK profile</strong>: the share of the text's words (every use counted) at each level "
        f"of the HSK 3.0 word lists (GF 0025-2021; 7–9 is one list). A word the lists do not have is "
        f'judged by its parts (<span class="no-ruby" lang="zh-Hans">做好 = 做 + 好</span>: the level of its hardest part); '
        f"names and words whose parts are not listed either are <em>outside the lists</em>.</p>",
        f"<p><strong>{pct} of its words by HSK …</strong>: the lowest level whose words, with those of the "
        f"levels below, make up {pct} of the words the lists cover, so that a reader who knows that "
        f"level's words knows {pct} of them: enough to read with some help (Laufer 1989; Hu &amp; Nation "
        f"2000 put reading without help nearer 98 %). Words outside the lists are left out of it and "
        f"shown apart.</p>",
        "<p><strong>You know</strong>: with words marked known (the word popup's “I know this word”, or "
        "imported in the reading options), the share of each text's words you know. It is worked out in "
        "this browser; nothing leaves it.</p>",
    ]
    return "\n".join([
        "---", f"title: {title}", "---", "", f"# {title}", "",
        f'<p class="jiedu-texts__intro">{count} on this site, newest first: each with its length, reading time, '
        'and how hard its words are by HSK level (<a href="#about-the-figures">about the figures</a>).</p>', "",
        '<ul class="jiedu-texts__list">', *items, "</ul>", "",
        "## About the figures", "",
        f'<div class="jiedu-texts__about">{"".join(about)}</div>', "",
    ])


def figures_html(figures: Figures) -> str:
    """One text's figures: the numbers, then the HSK profile as a bar (decoration: the same
    shares follow as text).

    >>> html = figures_html(Figures((19, 0, 0, 0, 0, 0, 0, 1), 22, "习近平 1\\n的 19"))
    >>> html.split("<svg")[0]
    '<p class="jiedu-texts__numbers"><span>22 characters</span> · <span>about 1 min</span> · <span class="jiedu-texts__level">95 % of its words by HSK 1</span><span class="jiedu-texts__known" hidden></span></p>'
    """
    level = figures.level95
    shares = figures.shares()
    if level is None:
        difficulty = "no word on the HSK lists"
    else:
        difficulty = f"95 % of its words by HSK {LEVEL_NAMES[level]}"
    numbers = (
        f'<p class="jiedu-texts__numbers"><span>{figures.chars:,} characters</span> · '
        f"<span>about {figures.minutes} min</span> · "
        f'<span class="jiedu-texts__level">{difficulty}</span>'
        '<span class="jiedu-texts__known" hidden></span></p>'
    )
    rects, x = [], 0
    for band, share in zip(BANDS, shares):
        if share:
            rects.append(f'<rect class="jiedu-k{band}" x="{x}" width="{share}" height="1"/>')
            x += share
    bar = f'<svg class="jiedu-hsk" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true">{"".join(rects)}</svg>'
    # Each share once, as text; its colour key is the stylesheet's (::before), as in the bar.
    parts = " ".join(f'<span class="jiedu-k{band}">{LEVEL_NAMES.get(band, "outside the lists")}: {share} %</span>'
                     for band, share in zip(BANDS, shares) if share)
    return numbers + bar + f'<p class="jiedu-texts__profile">HSK {parts}</p>'


def fill_figures(html: str, figures: Mapping[str, Figures]) -> str:
    """Each text's placeholder filled with its figures, and data for sorting and filtering
    (``data-chars``, ``data-tokens``, ``data-level``: the 95 % level, 8 for a text with no
    listed word, ``data-outside``: per cent outside the lists, ``data-bands``: the tokens per
    band, HSK 1 … 7–9 then outside). A text without figures keeps an empty block.

    >>> fill_figures(PLACEHOLDER.format(url="t.html"), {"t.html": Figures((2, 0, 0, 0, 0, 0, 0, 0), 2, "的 2")}).split("><p")[0]
    '<div class="jiedu-texts__figures" data-figures="t.html" data-chars="2" data-tokens="2" data-level="1" data-outside="0" data-bands="2,0,0,0,0,0,0,0"'
    """
    def fill(m: re.Match) -> str:
        found = figures.get(_unescape_attr(m.group(1)))
        if found is None:
            return m.group(0)
        level = found.level95 or len(BANDS)
        return (
            f'<div class="jiedu-texts__figures" data-figures="{m.group(1)}" data-chars="{found.chars}" '
            f'data-tokens="{found.tokens}" data-level="{level}" data-outside="{found.outside}" '
            f'data-bands="{",".join(map(str, found.bands))}">{figures_html(found)}</div>'
        )

    return FILLED.sub(fill, html)


def _unescape_attr(value: str) -> str:
    return value.replace("&quot;", '"').replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


HEADER = """\
/* Jiedu: the words of each text with their counts, for the Texts page's "you know" share
   (assets/jiedu-texts.js). Generated by the build (hooks/jiedu/page/textspage.py); do not edit.
   v: every word, the most used first, separated by spaces; t: per text (its site-relative
   URL), entries separated by commas, each the distance from the previous entry's word in
   v (base 36), then "." and the count (base 36) when the word is used more than once. */
"""


def words_script(figures: Mapping[str, Figures]) -> str:
    """The file :data:`WORDS_JS`: the words of every text, compactly (see its header).

    >>> print(words_script({"a.html": Figures.of(["的", "的", "的", "工作"], {}), "b.html": Figures.of(["工作"], {})}).splitlines()[-1])
    window.JIEDU_TEXTWORDS={"v":"的 工作","t":{"a.html":"0.3,1","b.html":"1"}};
    """
    total: dict[str, int] = {}
    for f in figures.values():
        for word, n in f.words:
            total[word] = total.get(word, 0) + n
    vocabulary = sorted(total, key=lambda w: (-total[w], w))
    index = {w: i for i, w in enumerate(vocabulary)}
    texts = {}
    for url in sorted(figures):
        entries, previous = [], 0
        for i, n in sorted((index[w], n) for w, n in figures[url].words):
            entries.append(_base36(i - previous) + (f".{_base36(n)}" if n > 1 else ""))
            previous = i
        texts[url] = ",".join(entries)
    data = json.dumps({"v": " ".join(vocabulary), "t": texts}, ensure_ascii=False, separators=(",", ":"))
    return HEADER + f"window.JIEDU_TEXTWORDS={data};\n"


def _base36(n: int) -> str:
    """
    >>> [_base36(n) for n in (0, 9, 10, 35, 36, 1295)]
    ['0', '9', 'a', 'z', '10', 'zz']
    """
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out

