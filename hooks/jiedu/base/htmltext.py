"""Rewrite the text of an HTML fragment, leaving markup, code and attributes untouched.

A small tokenizer, not a parser: MkDocs hands us well-formed HTML from Python-Markdown, and
the build must stay fast on long pages. Text inside ``code``, ``pre``, ``kbd``, ``samp``,
``script``, ``style``, ``textarea``, ``svg``, ``math`` and existing ``ruby`` is never touched,
nor text inside any element whose ``class`` contains ``no-ruby``. Tags, comments and
attribute values pass through byte for byte, so URLs and ``title=`` never get pinyin.
"""
from __future__ import annotations

import re
from collections.abc import Callable

TOKEN = re.compile(
    r"<!--.*?-->"  # comment
    r"|<![^>]*>|<\?[^>]*>"  # doctype, processing instruction
    r"|</?([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",  # tag; quoted values may hold '>'
    re.S,
)
CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
SKIP_TAGS = frozenset(
    "code pre kbd samp script style textarea svg math ruby rt rp template title".split()
)
VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
SKIP_CLASS = "no-ruby"
ID_ATTR = re.compile(r'\bid\s*=\s*"([^"]*)"')


def rewrite_text(
    html: str,
    rewrite: Callable[..., str],
    skip_tags: frozenset[str] = SKIP_TAGS,
    with_anchor: bool = False,
) -> str:
    """Apply ``rewrite`` to every text node of ``html`` that may carry annotations.

    With ``with_anchor``, ``rewrite`` also gets the ``id`` of the nearest enclosing element
    that has one (the paragraph a term is in, for backlinks).

    >>> rewrite_text('<p title="中">中<code>中</code><a href="/中">中</a></p>', lambda t: f"[{t}]")
    '<p title="中">[中]<code>中</code><a href="/中">[中]</a></p>'
    >>> rewrite_text('<div class="x no-ruby"><p>中</p></div><p>文</p>', lambda t: f"[{t}]")
    '<div class="x no-ruby"><p>中</p></div><p>[文]</p>'
    """
    out: list[str] = []
    stack: list[tuple[str, bool, str | None]] = []  # open elements: name, skipped?, nearest id

    def apply(text: str) -> str:
        if stack and stack[-1][1]:
            return text
        if with_anchor:
            return rewrite(text, stack[-1][2] if stack else None)
        return rewrite(text)

    pos = 0
    for m in TOKEN.finditer(html):
        if m.start() > pos:
            out.append(apply(html[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
        name = m.group(1)
        if not name:
            continue
        name = name.lower()
        if m.group().startswith("</"):
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    del stack[k:]
                    break
        elif name not in VOID_TAGS and not m.group(2).rstrip().endswith("/"):
            skip = (stack and stack[-1][1]) or name in skip_tags or _has_skip_class(m.group(2))
            ident = ID_ATTR.search(m.group(2))
            anchor = ident.group(1) if ident else (stack[-1][2] if stack else None)
            stack.append((name, bool(skip), anchor))
    if pos < len(html):
        out.append(apply(html[pos:]))
    return "".join(out)


def _has_skip_class(attrs: str) -> bool:
    m = CLASS_ATTR.search(attrs)
    return bool(m) and SKIP_CLASS in (m.group(1) or m.group(2) or m.group(3) or "").split()


#: Wide characters of East Asian text: a line break between two of them is no space.
WIDE = "\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
LINE_SKIP_TAGS = frozenset("code pre kbd samp script style textarea svg math".split())
CJK_BREAK = re.compile(f"(?<=[{WIDE}])[ \t]*\n[ \t]*(?=[{WIDE}])")


def join_cjk_lines(html: str) -> str:
    r"""Drop line breaks between two East Asian characters, as pandoc's
    ``east_asian_line_breaks`` does, so hard-wrapped Chinese shows no stray spaces.
    Code and preformatted text keep their lines.

    >>> join_cjk_lines("<p>中国\n社会，\n  工作 and\nEnglish</p><pre>中\n文</pre>")
    '<p>中国社会，工作 and\nEnglish</p><pre>中\n文</pre>'
    """
    return rewrite_text(html, lambda text: CJK_BREAK.sub("", text) if "\n" in text else text, skip_tags=LINE_SKIP_TAGS)

