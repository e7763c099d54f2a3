"""What a text's page carries for citing a paragraph: its title, source, place, date, rights
and stable address, as data for ``jiedu-cite.js`` (the "cite" button at the end of every
paragraph, which writes the citation as plain text, BibTeX and CSL JSON).

The address is the site's published one (MkDocs' ``site_url``) joined with the page's URL;
the paragraph's anchor (``#p-12``) is added in the browser. A ``site_url`` on this machine
(``localhost``, ``127.0.0.1``: the preview's default) is no published address, so the page
carries none: the script then cites the address it was opened at over HTTP, and, opened
from a file, says it has no web address to give.
"""
from __future__ import annotations

import posixpath
from html import escape
from urllib.parse import urlsplit

from .textfacts import TextFacts

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def published_base(site_url: str | None) -> str:
    """``site_url`` with a final slash, or "" when it is none or names this machine.

    >>> published_base("https://example.org/jiedu"), published_base("http://127.0.0.1:8000/"), published_base(None)
    ('https://example.org/jiedu/', '', '')
    >>> published_base("http://app.localhost/"), published_base("file:///tmp/x")
    ('', '')
    """
    if not site_url:
        return ""
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or host in LOCAL_HOSTS or host.endswith(".localhost"):
        return ""
    return site_url if site_url.endswith("/") else site_url + "/"


def cite_data_html(facts: TextFacts, site_url: str | None = None, site_name: str = "") -> str:
    """A hidden element with the text's citation data (every value escaped).

    >>> f = TextFacts.of("texts/a.html", {"title": "题\\"<", "date": "2024-11-04", "source": "新华社"})
    >>> print(cite_data_html(f, "https://example.org/", "Jiedu"))
    <div class="jiedu-cite-data" hidden data-title="题&quot;&lt;" data-subtitle="" data-source="新华社" data-place="" data-date="2024-11-04" data-date-label="4 November 2024" data-rights="" data-url="https://example.org/texts/a.html" data-key="a" data-site="Jiedu"></div>
    """
    base = published_base(site_url)
    values = {
        "title": facts.title, "subtitle": facts.subtitle, "source": facts.source, "place": facts.place,
        "date": facts.date.iso if facts.date else "", "date-label": facts.date.label if facts.date else "",
        "rights": facts.rights, "url": base + facts.url if base else "",
        "key": posixpath.splitext(posixpath.basename(facts.url.rstrip("/")))[0] or "text", "site": site_name,
    }
    attributes = " ".join(f'data-{k}="{escape(v, quote=True)}"' for k, v in values.items())
    return f'<div class="jiedu-cite-data" hidden {attributes}></div>'
