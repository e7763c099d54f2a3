"""Scripts in contributed pages: what a browser would run, found in a page's HTML.

Everything on this site arrives by pull request, and a page's Markdown may hold raw HTML and
attribute lists (``{: onclick=… }``). So the check reads the HTML that Python-Markdown made
of the page, which every way of writing markup ends up in, and refuses what runs or loads a
document: script elements, event-handler attributes (``on…=``), ``javascript:``,
``vbscript:`` and HTML or SVG ``data:`` URLs, ``srcdoc``, frames, ``<object>`` and
``<embed>``, ``<base>``, ``<meta http-equiv>`` (a refresh), SVG animations of links and
handlers, and styles with ``expression(``, ``url(javascript:…)`` and the like. A page listed
in ``mkdocs.yml`` under ``extra: jiedu: trusted_pages:`` is not checked
(``annotations/settings.py``).

The scanner is the tokenizer of the HTML standard, reduced to what finds tags and
attributes: it sees every tag a browser sees. Where browsers read the same characters
differently by context (inside ``<noscript>``, ``<xmp>`` and the like, or ``<style>`` in SVG
and outside it), the element is refused or must hold no ``<``, so there is one reading.
Linear: each character is looked at a bounded number of times. It does not sanitise or
rewrite anything; it reports.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote

from ..base.errors import Problem

#: Elements that run, embed or redirect a document, or whose content a browser reads as
#: text in one context and as markup in another (the tokenizer could not tell).
REFUSED = {
    "script": "runs a script", "iframe": "embeds another document", "frame": "embeds another document",
    "frameset": "embeds other documents", "object": "embeds a plug-in or document", "embed": "embeds a plug-in or document",
    "applet": "runs a plug-in", "portal": "embeds another document", "fencedframe": "embeds another document",
    "base": "changes where every link and script of the page points",
    "noscript": "is read as text or as markup depending on scripting", "xmp": "is read as text or markup by context",
    "noembed": "is read as text or markup by context", "noframes": "is read as text or markup by context",
    "plaintext": "turns the rest of the page into text",
}
#: Elements whose content is text in HTML but markup inside SVG or MathML: allowed only
#: without ``<`` inside, so both readings are the same.
RAW_TEXT = ("style", "textarea", "title")
#: Attributes that hold URLs (or lists of them); animation values can set a link.
URL_ATTRIBUTES = frozenset(
    "href src action formaction data poster background cite lowsrc dynsrc ping manifest codebase archive "
    "longdesc usemap icon profile classid srcset imagesrcset base to from values by".split()
)
ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor"})
SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript", "mocha")
#: The ``data:`` URLs a browser shows and never runs: pictures, sound, video, fonts.
SAFE_DATA = re.compile(r"(image/(png|gif|jpe?g|webp|avif|bmp|x-icon)|audio/[\w.+-]+|video/[\w.+-]+|font/[\w.+-]+)$")
#: What a style may not hold once CSS escapes and comments are undone.
STYLE_DANGERS = ("expression(", "javascript:", "vbscript:", "livescript:", "-moz-binding", "behavior:", "behaviour:",
                 "@import")

#: Findings listed per page; the rest are counted.
REPORTED = 20

_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_SKIP = re.compile(r"[\t\n\f\r /]*")
_WS = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_CSS_COMMENT = re.compile(r"/\*.*?(\*/|$)", re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[\t\n\f\r ]?|\n|(.))", re.S)


@dataclass(frozen=True)
class Tag:
    name: str  # lower case, without a namespace prefix (svg:script is script)
    attributes: tuple[tuple[str, str], ...]  # (name in lower case without prefix, value decoded)
    source: str  # the tag as written
    start: int
    end: int
    closing: bool = False
    written: tuple[str, ...] = ()  # each attribute's value as written (for finding it in the source)


@dataclass(frozen=True)
class Finding:
    """Something in a page that would run: what, and text to find it by in the source."""

    what: str
    needles: tuple[str, ...]


def tags(html: str) -> Iterator[Tag]:
    """Every start and end tag in ``html`` as the HTML standard's tokenizer finds them
    (comments and ``<!…>``/``<?…>`` skipped as it skips them).

    >>> [(t.name, t.attributes) for t in tags('<p/onclick=x><!--<b>--><a href = "y" title=\\'&lt;\\'>')]
    [('p', (('onclick', 'x'),)), ('a', (('href', 'y'), ('title', '<')))]
    """
    i, n = 0, len(html)
    while True:
        i = html.find("<", i)
        if i == -1 or i + 1 >= n:
            return
        nxt = html[i + 1]
        if html.startswith("<!--", i):
            if html.startswith("<!-->", i) or html.startswith("<!--->", i):
                i = html.index(">", i) + 1
                continue
            m = _COMMENT_END.search(html, i + 4)
            i = m.end() if m else n
            continue
        closing = nxt == "/"
        start = i + 2 if closing else i + 1
        after = html[start : start + 1]
        if after.isascii() and after.isalpha():
            tag, i = _tag(html, i, start, closing)
            yield tag
        elif nxt in "!?" or (closing and after not in (">", "")):
            j = html.find(">", i)  # a bogus comment (<!DOCTYPE…>, <![CDATA[…>, <?…>, </1>): to the next '>'
            i = n if j == -1 else j + 1
        else:
            i = start + (1 if closing else 0)  # '</>' is dropped; '<' before anything else is text


def _tag(html: str, begin: int, pos: int, closing: bool) -> tuple[Tag, int]:
    n = len(html)
    name = _NAME.match(html, pos).group()
    pos += len(name)
    attributes: list[tuple[str, str]] = []
    written: list[str] = []
    while True:
        pos = _SKIP.match(html, pos).end()
        if pos >= n or html[pos] == ">":
            break
        attr = _ATTR_NAME.match(html, pos).group()
        pos = _WS.match(html, pos + len(attr)).end()
        value = ""
        if html[pos : pos + 1] == "=":
            pos = _WS.match(html, pos + 1).end()
            quote = html[pos : pos + 1]
            if quote in ("'", '"'):
                end = html.find(quote, pos + 1)
                end = n if end == -1 else end
                value, pos = html[pos + 1 : end], end + 1
            else:
                value = _UNQUOTED.match(html, pos).group()
                pos += len(value)
        attributes.append((_local(attr), unescape(value)))
        written.append(value)
    end = min(pos + 1, n)
    return Tag(_local(name), tuple(attributes), html[begin:end], begin, end, closing, tuple(written)), end


def _local(name: str) -> str:
    return name.lower().rsplit(":", 1)[-1]


def scheme(url: str) -> str:
    """The scheme a browser reads in ``url``, after undoing what it undoes (entities, percent
    escapes, controls and spaces), as often as they nest; lower case, "" for none.

    >>> scheme(" JaVa&#x53;cript:x"), scheme("java%0Ascript:x"), scheme("&#106;avascript&colon;x"), scheme("/a:b")
    ('javascript', 'javascript', 'javascript', '')
    """
    seen: set[str] = set()
    while url not in seen:
        seen.add(url)
        url = unquote(unescape(url))
    url = _IGNORED_IN_URL.sub("", url)
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return m.group(1).lower() if m else ""


def _url_problem(url: str) -> str | None:
    """What is wrong with ``url`` as a link or a source, or None."""
    found = scheme(url)
    if found in SCRIPT_SCHEMES:
        return f"a {found}: URL"
    if found == "data":
        decoded = _IGNORED_IN_URL.sub("", unquote(unescape(url)))
        mime = re.split(r"[;,]", decoded.split(":", 1)[1], maxsplit=1)[0].strip().lower()
        if not SAFE_DATA.match(mime):
            return f"a data: URL of type {mime or 'text/plain'}"
    return None


def css_problem(css: str) -> str | None:
    """What would run in a style, after CSS escapes and comments are undone, or None.

    >>> css_problem("color: red"), css_problem("width: ex/**/pression(alert(1))"), css_problem("background:url(\\\\6a avascript:x)")
    (None, 'expression(', 'javascript:')
    """
    text = _CSS_COMMENT.sub("", unescape(css))
    text = _CSS_ESCAPE.sub(lambda m: chr(min(int(m.group(1), 16), 0x10FFFF) or 0xFFFD) if m.group(1) else (m.group(2) or ""), text)
    text = re.sub(r"[\x00-\x20]+", "", text).lower()
    return next((d for d in STYLE_DANGERS if d in text), None)


def findings(html: str, xml: bool = False) -> list[Finding]:
    """Everything in ``html`` that would run or load a document; ``xml`` for an SVG or XML
    file (an entity or a style sheet declared in the file can make markup too).

    >>> [f.what for f in findings('<p>ok</p><b onmouseover=x>b</b><a href="java&#115;cript:y">a</a><script>z</script>')]
    ["event-handler attribute 'onmouseover' on <b>", 'a javascript: URL in href= of <a>', '<script> element (runs a script)']
    """
    out: list[Finding] = []
    closes: dict[str, list[int]] = {}
    low = html.lower()
    if xml:
        for token, what in (("<!entity", "an XML entity declaration (can expand to markup)"),
                            ("<?xml-stylesheet", "an XML style sheet (can turn the file into a page with scripts)")):
            if token in low:
                out.append(Finding(what, (token,)))
    for tag in tags(html):
        if tag.closing:
            continue
        el = f"<{tag.name}>"
        if tag.name in REFUSED:
            out.append(Finding(f"{el} element ({REFUSED[tag.name]})", (f"<{tag.name}", f":{tag.name}")))
        attrs = dict(reversed(tag.attributes))  # the first of a repeated attribute wins, as in browsers
        if tag.name == "meta" and "http-equiv" in attrs:
            out.append(Finding(f"<meta http-equiv={attrs['http-equiv']!r}> (a refresh or header set by the page)", ("http-equiv",)))
        if tag.name in ANIMATIONS:
            target = attrs.get("attributename", "").strip().lower().rsplit(":", 1)[-1]
            if target.startswith("on") or target in URL_ATTRIBUTES:
                out.append(Finding(f"{el} animating {target}= (it can set a handler or a link)", ("attributename",)))
        for (name, value), raw in zip(tag.attributes, tag.written):
            if name.startswith("on"):
                out.append(Finding(f"event-handler attribute '{name}' on {el}", (name,)))
            elif name == "srcdoc":
                out.append(Finding(f"srcdoc= on {el} (a document inside the attribute)", ("srcdoc",)))
            elif name == "style":
                bad = css_problem(value)
                if bad:
                    out.append(Finding(f"style= on {el} holding {bad}", (bad.rstrip("(:"), "style")))
            elif name in URL_ATTRIBUTES:
                urls = re.split(r"[,;]", value) if name in ("srcset", "imagesrcset", "values") else [value]
                for url in urls:
                    bad = _url_problem(url.strip().split(" ")[0] if "srcset" in name else url)
                    if bad:
                        out.append(Finding(f"{bad} in {name}= of {el}", (url.strip(), raw, scheme(url) + ":", name)))
                        break
        if tag.name in RAW_TEXT:
            if tag.name not in closes:
                closes[tag.name] = [m.start() for m in re.finditer(f"</{tag.name}[\t\n\f\r />]", low)]
            k = bisect_right(closes[tag.name], tag.end - 1)
            content = html[tag.end : closes[tag.name][k] if k < len(closes[tag.name]) else len(html)]
            if "<" in content:
                out.append(Finding(f"{el} holding '<' (read as text here but as markup inside SVG: write &lt;)", (f"<{tag.name}",)))
            if tag.name == "style":
                bad = css_problem(content)
                if bad:
                    out.append(Finding(f"<style> element holding {bad}", (bad.rstrip("(:"), "<style")))
    return out


def script_problems(html: str, name: str, source: str = "", first_line: int = 1, xml: bool = False) -> list[Problem]:
    """One error per finding in ``html``, at the line of ``source`` (the page's Markdown,
    starting at line ``first_line`` of its file) where it is written: the first place its
    element, attribute or URL is written after the finding before it (Markdown keeps the
    order), or the first anywhere; no line when none is found.

    >>> [str(p) for p in script_problems('<p onclick="x">a</p>', "docs/a.md", "# A\\n\\na\\n{: onclick=\\"x\\" }\\n", 3)]
    ["docs/a.md:6: error: event-handler attribute 'onclick' on <p>: pages may not run scripts; remove it, or list the page in mkdocs.yml under extra: jiedu: trusted_pages:"]
    """
    low = source.lower()
    breaks = [m.start() for m in re.finditer("\n", source)]
    out = []
    found = findings(html, xml)
    cursor = 0  # findings come in the page's order: each is looked for after the one before
    for f in found[:REPORTED]:
        line = None
        for needle in (n.lower() for n in f.needles if n):
            at = low.find(needle, cursor)
            if at == -1:
                at = low.find(needle)
            if at != -1:
                line, cursor = first_line + bisect_right(breaks, at - 1), at + 1
                break
        out.append(Problem(name, f"{f.what}: pages may not run scripts; remove it, or list the page in mkdocs.yml "
                                 "under extra: jiedu: trusted_pages:", line))
    if len(found) > REPORTED:
        out.append(Problem(name, f"and {len(found) - REPORTED} more things that would run (only the first {REPORTED} are listed)"))
    return out
