"""Hostile input, SCRIPT class (issue 24): pages that would run a script are refused by
``make check`` and by the build, with ``file:line: error:`` naming the element, unless
``mkdocs.yml`` trusts the page (``extra: jiedu: trusted_pages:``). The check reads the HTML
Markdown made of the page (``page/activecontent.py``), so raw HTML, attribute lists and
Markdown links are all covered; SVG and HTML files beside the pages are checked too.
That nothing refused would have run, and nothing passed runs, is checked in Chromium
(tests/test_hostile_browser.py).
"""
from __future__ import annotations

import pytest

from hostile import buildable, build, check, one_clear_error, project

#: (Markdown written in a page, what the error names). The page (``hostile.TEXT``) holds
#: it from line 10; the error is at the line of the Markdown that makes the element.
PAYLOADS = [
    ("<script>alert(1)</script>", "<script> element"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script> element"),
    ("<img src=x onerror=alert(1)>", "event-handler attribute 'onerror' on <img>"),
    ("<svg/onload=alert(1)>", "event-handler attribute 'onload' on <svg>"),
    ("<svg><script>alert(1)</script></svg>", "<script> element"),
    ("文字\n{: onclick=alert(1) }", "event-handler attribute 'onclick' on <p>", 1),
    ("*强调*{: onmouseover=alert(1) }", "event-handler attribute 'onmouseover' on <em>"),
    ("[链接](https://example.org){: onfocus=alert(1) }", "event-handler attribute 'onfocus' on <a>"),
    ("[链接](javascript:alert(1))", "a javascript: URL in href= of <a>"),
    ("[链接](JaVaScRiPt:alert(1))", "a javascript: URL in href= of <a>"),
    ("[链接](&#106;avascript:alert(1))", "a javascript: URL in href= of <a>"),
    ("[链接][r]\n\n[r]: javascript:alert(1)", "a javascript: URL in href= of <a>", 2),
    ("![图](javascript:alert(1))", "a javascript: URL in src= of <img>"),
    ("<a href='java\tscript:alert(1)'>x</a>", "a javascript: URL in href= of <a>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "a vbscript: URL in href= of <a>"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "a data: URL of type text/html in href= of <a>"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe> element"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe> element"),
    ("<object data=x.swf></object>", "<object> element"),
    ("<embed src=x.svg>", "<embed> element"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta http-equiv='refresh'>"),
    ('<base href="https://evil.example/">', "<base> element"),
    ('<p style="width:expression(alert(1))">x</p>', "style= on <p> holding expression("),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style= on <p> holding javascript:"),
    ('<p style="background:u\\72l(j\\61vascript:alert(1))">x</p>', "style= on <p> holding javascript:"),
    ("<style>@import 'https://evil.example/x.css';</style>", "<style> element holding @import"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "<noscript> element"),
    ("<svg><style><img src=x onerror=alert(1)></style></svg>", "<style> holding '<'"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "a javascript: URL in href= of <a>"),
    ('<svg><animate attributeName=href values="javascript:alert(1)"/></svg>', "<animate> animating href="),
    ("<svg><set attributeName=onmouseover to=alert(1) /></svg>", "<set> animating onmouseover="),
    ("<details open ontoggle=alert(1)>x</details>", "event-handler attribute 'ontoggle' on <details>"),
    ("<form><button formaction=javascript:alert(1)>x</button></form>", "a javascript: URL in formaction= of <button>"),
    ('<div markdown="1" onclick="alert(1)">文字</div>', "event-handler attribute 'onclick' on <div>"),
    ("<img src=x\n onerror\n=alert(1)>", "event-handler attribute 'onerror' on <img>", 1),
]
#: Markup that runs nothing and must pass.
HARMLESS = [
    "[链接](https://example.org/?q=javascript:) [信](mailto:a@example.org) [页](../index.md)",
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="data: 5">',
    '<p style="color: #333; background: url(x.png)">文字</p>',
    "<svg><title>图</title><circle r=1 /></svg>",
    "<style>p { color: red }</style>",
    "<details><summary>注</summary>文字</details>",
    "*强调*{: .note title='onclick 是什么' }",
    "<!-- <script>alert(1)</script> -->",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
]


@pytest.mark.parametrize("case", PAYLOADS, ids=[p[0][:30] for p in PAYLOADS])
def test_check_refuses_scripts_in_pages(tmp_path, case):
    markdown, what, below = (*case, 0)[:3]
    root = buildable(project(tmp_path, body=f"正文。\n\n{markdown}"))  # mkdocs.yml: attr_list
    one_clear_error(check(root), f"docs/texts/t.md:{10 + below}: error: {what}")


@pytest.mark.parametrize("markdown", HARMLESS)
def test_check_passes_markup_that_runs_nothing(tmp_path, markdown):
    root = buildable(project(tmp_path, body=f"组建社会工作部门。\n\n{markdown}"))
    result = check(root, "--strict")
    assert result.returncode == 0, result.stdout


def test_check_names_each_script_at_its_line_not_in_front_matter(tmp_path):
    root = buildable(project(tmp_path))
    (root / "docs/about.md").write_text("---\ntitle: onclick and <script>\n---\n\n# About\n\nText.\n\n"
                                        "<script>a()</script>\n\nMore text.\n\nEnd\n{: onclick=c() }\n", "utf-8")
    lines = [line for line in check(root).stdout.splitlines() if line.startswith("docs/about.md")]
    assert lines[0].startswith("docs/about.md:9: error: <script> element (runs a script): pages may not run scripts;")
    assert lines[1].startswith("docs/about.md:14: error: event-handler attribute 'onclick' on <p>")
    assert "list the page in mkdocs.yml under extra: jiedu: trusted_pages:" in lines[0]
    assert len(lines) == 2

@pytest.mark.build

def test_build_refuses_what_check_refuses(tmp_path):
    root = buildable(project(tmp_path, body="组建社会工作部门。\n\n[链接](https://example.org){: onmouseover=alert(1) }"))
    built = build(root)
    one_clear_error(built.result, "docs/texts/t.md:10: error: event-handler attribute 'onmouseover' on <a>")
    assert not (root / "site/texts/t.html").exists()
    checked = check(root)
    assert "docs/texts/t.md:10: error: event-handler attribute 'onmouseover' on <a>" in checked.stdout


@pytest.mark.parametrize("name, content, what", [
    ("docs/assets/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "1: error: <script> element"),
    ("docs/img/x.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "1: error: event-handler attribute 'onload' on <svg>"),
    ("docs/img/y.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">\n<s:script>alert(1)</s:script></svg>',
     "2: error: <script> element"),
    ("docs/img/z.svg", '<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]><svg>&x;</svg>',
     "1: error: an XML entity declaration"),
    ("docs/x.html", "<!doctype html><body onload=alert(1)>", "1: error: event-handler attribute 'onload' on <body>"),
    ("docs/x.htm", '<a href="javascript:alert(1)">x</a>', "1: error: a javascript: URL in href= of <a>"),
])
def test_check_refuses_documents_beside_pages(tmp_path, name, content, what):
    root = project(tmp_path)
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(content, "utf-8")
    one_clear_error(check(root), f"{name}:{what}")

@pytest.mark.build

def test_build_refuses_an_svg_with_a_script(tmp_path):
    root = buildable(project(tmp_path))
    (root / "docs/img").mkdir()
    (root / "docs/img/x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8")
    one_clear_error(build(root).result, "docs/img/x.svg:1: error: <script> element")

@pytest.mark.build

def test_trusted_pages_may_hold_scripts(tmp_path):
    root = buildable(project(tmp_path))
    (root / "docs/player.md").write_text("# Player\n\n<script>document.title = 'ran'</script>\n", "utf-8")
    (root / "docs/player.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', "utf-8")
    one_clear_error(check(root), "docs/player.md:3: error: <script> element")
    config = (root / "mkdocs.yml").read_text("utf-8").replace("extra:\n", "extra:\n  jiedu:\n    trusted_pages:\n"
                                                               "      - player.md\n      - player.svg\n", 1)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    assert check(root, "--strict").returncode == 0, check(root).stdout
    built = build(root)
    assert built.result.returncode == 0, built.result.stderr
    assert "<script>document.title = 'ran'</script>" in (root / "site/player.html").read_text("utf-8")


@pytest.mark.build
@pytest.mark.parametrize("setting, message", [
    ("jiedu:\n    trusted_page: [player.md]\n", "mkdocs.yml:{line}: error: extra: jiedu: unknown key 'trusted_page'; did you mean 'trusted_pages'?"),
    ("jiedu:\n    trusted_pages: player.md\n", "mkdocs.yml:{line}: error: extra: jiedu: trusted_pages must be a list of pages below docs/"),
    ("jiedu:\n    trusted_pages: [../mkdocs.yml]\n", "mkdocs.yml:{line}: error: extra: jiedu: trusted_pages: '../mkdocs.yml' is not a path below docs/"),
    ("jiedu:\n    trusted_pages: [/etc/passwd]\n", "mkdocs.yml:{line}: error: extra: jiedu: trusted_pages: '/etc/passwd' is not a path below docs/"),
    ("jiedu:\n    trusted_pages: [gone.md]\n", "mkdocs.yml:{line}: error: extra: jiedu: trusted_pages: 'gone.md' is no file in docs/"),
    ("jiedu: [player.md]\n", "mkdocs.yml:{line}: error: extra: jiedu: must hold settings as 'key: value' lines"),
])
def test_trusted_pages_setting_is_validated(tmp_path, setting, message):
    root = buildable(project(tmp_path))
    config = (root / "mkdocs.yml").read_text("utf-8").replace("extra:\n", f"extra:\n  {setting}", 1)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    line = config.splitlines().index("extra:") + (3 if "\n    " in setting else 2)
    one_clear_error(check(root), message.format(line=line))
    if "gone.md" in setting:  # one build: the hook reads the same setting
        one_clear_error(build(root).result, message.format(line=line))


def test_generated_pages_pass_the_check(project_build):
    """The repository's own pages, the glossary and the Texts page: no false alarm."""
    assert project_build.result.returncode == 0, project_build.result.stderr
    assert "pages may not run scripts" not in project_build.result.stderr

