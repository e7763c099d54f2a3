"""A safe Markdown subset for contributed explanations: *emphasis*, **strong**, [links](url).

Everything else is text: the input is HTML-escaped first, so ``<script>``, ``<img onerror>``
or stray tags render as visible, inert characters. Links keep only ``http``/``https`` URLs
and relative paths; any other scheme (``javascript:``, ``data:``) leaves the link text alone.
"""
from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EM = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?!\*)")
SAFE_SCHEMES = ("http", "https", "")


def is_safe_url(url: str) -> bool:
    """Only web links and relative paths are allowed.

    >>> is_safe_url("https://example.org/x"), is_safe_url("#term"), is_safe_url("javascript:alert(1)")
    (True, True, False)
    >>> is_safe_url(" JaVaScRiPt:alert(1)"), is_safe_url("data:text/html,x"), is_safe_url("//evil.example")
    (False, False, False)
    """
    url = "".join(url.split())
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return False
    return not (parts.scheme == "" and url.startswith("//"))


def unsafe_links(text: str) -> list[str]:
    """URLs in ``text`` that :func:`inline` will refuse to link.

    >>> unsafe_links("see [this](javascript:alert(1)) and [that](#x)")
    ['javascript:alert(1']
    """
    return [m.group(2) for m in LINK.finditer(text) if not is_safe_url(m.group(2))]


def inline(text: str) -> str:
    """Render the subset to HTML; all else is escaped.

    >>> inline("a *b* **c** [d](#e) <script>alert(1)</script>")
    'a <em>b</em> <strong>c</strong> <a href="#e">d</a> &lt;script&gt;alert(1)&lt;/script&gt;'
    >>> inline('[x](javascript:alert(1)) <img src=x onerror="alert(1)">')
    '[x](javascript:alert(1)) &lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    html = escape(" ".join(text.split()), quote=True)

    def link(m: re.Match[str]) -> str:
        url = m.group(2).replace("&amp;", "&")
        if not is_safe_url(url):
            return m.group(0)
        return f'<a href="{escape(url, quote=True)}">{m.group(1)}</a>'

    html = LINK.sub(link, html)
    html = STRONG.sub(r"<strong>\1</strong>", html)
    return EM.sub(r"<em>\1</em>", html)


def plain(text: str) -> str:
    """The subset's text without markup (for search and ``aria`` labels).

    >>> plain("a *b* [c](#d) **e**")
    'a b c e'
    """
    text = LINK.sub(r"\1", " ".join(text.split()))
    return text.replace("**", "").replace("*", "")
