"""A safe Markdown subset for contributed explanations: *emphasis*, **strong**, [links](url).

Everything else is text: every piece is HTML-escaped, so ``<script>``, ``<img onerror>`` or
stray tags render as visible, inert characters. Links keep only ``http``/``https`` URLs and
relative paths, judged after decoding what a browser decodes (``javascript&colon;``,
``%6Aavascript:``); any other link leaves its text as written.

A small scanner, not regular expressions: each position is looked at a bounded number of
times, so a crafted explanation (100,000 ``[`` or ``**``) costs linear time. Emphasis never
reaches inside a link's URL: links are found first and are atoms to the emphasis pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import unquote, urlsplit

SAFE_SCHEMES = ("http", "https", "")
#: What browsers drop from a URL before reading its scheme (controls, spaces).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def is_safe_url(url: str) -> bool:
    """Only web links and relative paths are allowed, judged on what the browser will see.

    >>> is_safe_url("https://example.org/x"), is_safe_url("#term"), is_safe_url("javascript:alert(1)")
    (True, True, False)
    >>> is_safe_url(" JaVaScRiPt:alert(1)"), is_safe_url("data:text/html,x"), is_safe_url("//evil.example")
    (False, False, False)
    >>> is_safe_url("javascript&colon;alert(1)"), is_safe_url("java%73cript:alert(1)"), is_safe_url("&#106;avascript:x")
    (False, False, False)
    """
    seen = set()
    while url not in seen:  # entities and percent-escapes, as often as they nest
        seen.add(url)
        if not _one_url_safe(url):
            return False
        url = unquote(unescape(url))
    return True


def _one_url_safe(url: str) -> bool:
    url = _IGNORED_IN_URL.sub("", url).replace("\\", "/")
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return False
    if ":" in url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] and not parts.scheme:
        return False  # a colon before the first slash that urlsplit did not take as a scheme
    return not (parts.scheme == "" and url.startswith("//"))


@dataclass(frozen=True)
class Link:
    text: str
    url: str


def _links(text: str) -> list[str | Link]:
    """``text`` cut into plain pieces and links ``[text](url)``, in one pass.

    Link text runs to the next ``]`` (no line break); the URL to the next ``)``, without
    spaces. Where each next ``]`` and next ``)``/space is, is computed once, backwards.
    """
    n = len(text)
    next_close = [n] * (n + 1)
    next_stop = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        ch = text[i]
        next_close[i] = i if ch == "]" else next_close[i + 1]
        next_stop[i] = i if ch == ")" or ch.isspace() else next_stop[i + 1]
    out: list[str | Link] = []
    start = i = 0
    while True:
        i = text.find("[", i)
        if i == -1:
            break
        j = next_close[i + 1]
        k = next_stop[j + 2] if j + 2 <= n else n
        if j < n and j > i + 1 and "\n" not in text[i + 1 : j] and text[j + 1 : j + 2] == "(" \
                and k < n and text[k] == ")" and k > j + 2:
            if i > start:
                out.append(text[start:i])
            out.append(Link(text[i + 1 : j], text[j + 2 : k]))
            start = i = k + 1
        else:
            i += 1
    if start < n:
        out.append(text[start:])
    return out


#: An atom stands for a link in the emphasis pass (explanations hold no control characters).
_ATOM = "\x00"


def _emphasis(flat: str) -> list[tuple[str, str]]:
    """Mark ``**strong**`` then ``*em*`` in ``flat``; return (kind, text) pieces where kind is
    ``text``, ``<strong>``, ``</strong>``, ``<em>`` or ``</em>``. Linear: each opener looks
    up its closer in a table built once."""
    n = len(flat)
    # **strong**: opener followed by a non-space; closer preceded by a non-space.
    closers = [i for i in range(1, n - 1) if flat[i] == "*" == flat[i + 1] and not flat[i - 1].isspace()]
    marks: dict[int, str] = {}
    c = 0
    i = 0
    while i < n - 1:
        if flat[i] == "*" == flat[i + 1] and i + 2 < n and not flat[i + 2].isspace():
            while c < len(closers) and closers[c] < i + 3:
                c += 1
            if c == len(closers):
                break  # no closer after here: no later opener has one either
            j = closers[c]
            marks[i], marks[j] = "<strong>", "</strong>"
            c += 1
            i = j + 2
        else:
            i += 1
    # *em*: a single star not after a star or word character, before a non-space; its closer
    # is the next star, which must follow a non-space and not be followed by a star.
    out: list[tuple[str, str]] = []
    before_count = [0] * (n + 1)  # strong marks before each position
    for p in range(n):
        before_count[p + 1] = before_count[p] + (p in marks)
    stars = [p for p in range(n) if flat[p] == "*" and p not in marks and p - 1 not in marks]
    em: dict[int, str] = {}
    s = 0
    while s < len(stars) - 1:
        p, q = stars[s], stars[s + 1]
        before = flat[p - 1] if p else ""
        if (not (before == "*" or before.isalnum() or before == "_") and p + 1 < n
                and not flat[p + 1].isspace() and q > p + 1 and not flat[q - 1].isspace()
                and flat[q + 1 : q + 2] != "*" and before_count[q] == before_count[p + 1]):  # tags stay nested
            em[p], em[q] = "<em>", "</em>"
            s += 2
        else:
            s += 1
    pos = 0
    for p in sorted([*marks, *em]):
        if p > pos:
            out.append(("text", flat[pos:p]))
        out.append((marks.get(p) or em[p], ""))
        pos = p + (2 if p in marks else 1)
    if pos < n:
        out.append(("text", flat[pos:]))
    return out


def inline(text: str) -> str:
    """Render the subset to HTML; all else is escaped.

    >>> inline("a *b* **c** [d](#e) <script>alert(1)</script>")
    'a <em>b</em> <strong>c</strong> <a href="#e">d</a> &lt;script&gt;alert(1)&lt;/script&gt;'
    >>> inline('[x](javascript:alert(1)) <img src=x onerror="alert(1)">')
    '[x](javascript:alert(1)) &lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> inline("*[a](https://x.org/*y) b*")
    '<em><a href="https://x.org/*y">a</a> b</em>'
    """
    pieces = _links(" ".join(text.replace(_ATOM, "").split()))
    links = [p for p in pieces if isinstance(p, Link)]
    flat = "".join(_ATOM if isinstance(p, Link) else p for p in pieces)
    out: list[str] = []
    atoms = iter(links)
    for kind, value in _emphasis(flat):
        if kind != "text":
            out.append(kind)
            continue
        for k, part in enumerate(value.split(_ATOM)):
            if k:
                link = next(atoms)
                if is_safe_url(link.url):
                    out.append(f'<a href="{escape(link.url, quote=True)}">{escape(link.text, quote=True)}</a>')
                else:
                    out.append(escape(f"[{link.text}]({link.url})", quote=True))
            out.append(escape(part, quote=True))
    return "".join(out)


def unsafe_links(text: str) -> list[str]:
    """URLs in ``text`` that :func:`inline` will refuse to link.

    >>> unsafe_links("see [this](javascript:alert(1)) and [that](#x)")
    ['javascript:alert(1']
    """
    return [p.url for p in _links(" ".join(text.split())) if isinstance(p, Link) and not is_safe_url(p.url)]


def plain(text: str) -> str:
    """The subset's text without markup (for search and ``aria`` labels).

    >>> plain("a *b* [c](#d) **e**")
    'a b c e'
    """
    pieces = _links(" ".join(text.split()))
    return "".join(p.text if isinstance(p, Link) else p for p in pieces).replace("*", "")
