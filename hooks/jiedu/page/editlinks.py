""""Suggest an edit" links to an annotation's YAML file on the forge's edit page.

Built from MkDocs' ``repo_url`` and ``edit_uri`` (the same settings Material uses for its
page edit button). No repository configured, no link. GitHub's and GitLab's edit pages
cannot jump to a line, so the link opens the file; the line is named in the link's title.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urljoin


def edit_base(repo_url: str | None, edit_uri: str | None, docs_dir: str = "docs") -> str | None:
    """The URL that a repository-relative path is appended to, or ``None``.

    >>> edit_base("https://github.com/o/r", "edit/main/docs/")
    'https://github.com/o/r/edit/main/'
    >>> edit_base("https://gitlab.com/o/r/", "-/edit/main/docs/")
    'https://gitlab.com/o/r/-/edit/main/'
    >>> edit_base(None, "edit/main/docs/") is None, edit_base("https://github.com/o/r", "") is None
    (True, True)
    """
    if not repo_url or not edit_uri:
        return None
    uri = edit_uri.rstrip("/") + "/"
    suffix = docs_dir.strip("/") + "/"
    if uri.endswith("/" + suffix) or uri == suffix:
        uri = uri[: -len(suffix)]
    return urljoin(repo_url.rstrip("/") + "/", uri)


def edit_link(base: str | None, path: str, line: int | None = None) -> str:
    """An ``<a>`` to edit ``path`` (repository-relative), or nothing without a base.

    >>> edit_link("https://github.com/o/r/edit/main/", "annotations/glossary/x.yml", 3)
    '<a class="jiedu-edit" href="https://github.com/o/r/edit/main/annotations/glossary/x.yml" title="Edit annotations/glossary/x.yml (line 3)">Suggest an edit</a>'
    >>> edit_link(None, "annotations/glossary/x.yml")
    ''
    """
    if not base:
        return ""
    where = f"{path} (line {line})" if line else path
    return f'<a class="jiedu-edit" href="{escape(base + path)}" title="Edit {escape(where)}">Suggest an edit</a>'
