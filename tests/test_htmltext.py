"""Which text of an HTML fragment gets annotations, and that markup passes through intact."""
from __future__ import annotations

import pytest

from jiedu.base.htmltext import rewrite_text


def mark(text: str) -> str:
    return f"[{text}]" if text.strip() else text


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<p>中文</p>", "<p>[中文]</p>"),
        ("<p>a<em>中</em>b</p>", "<p>[a]<em>[中]</em>[b]</p>"),
        ("<p><code>中</code></p>", "<p><code>中</code></p>"),
        ("<pre><code>中\n文</code></pre>", "<pre><code>中\n文</code></pre>"),
        ("<p><kbd>中</kbd><samp>中</samp></p>", "<p><kbd>中</kbd><samp>中</samp></p>"),
        ('<a href="/中文?q=中" title="中">中</a>', '<a href="/中文?q=中" title="中">[中]</a>'),
        ('<img alt="中文" src="x.png">中', '<img alt="中文" src="x.png">[中]'),
        ('<p title="a > b">中</p>', '<p title="a > b">[中]</p>'),
        ("<!-- 中 --><p>中</p>", "<!-- 中 --><p>[中]</p>"),
        ("<script>var s = '中';</script>中", "<script>var s = '中';</script>[中]"),
        ("<style>p::after{content:'中'}</style>", "<style>p::after{content:'中'}</style>"),
        ("<ruby>中<rt>zhōng</rt></ruby>", "<ruby>中<rt>zhōng</rt></ruby>"),
        ('<div class="a no-ruby"><p>中</p><div><p>中</p></div></div><p>文</p>', '<div class="a no-ruby"><p>中</p><div><p>中</p></div></div><p>[文]</p>'),
        ("<p>中<br>文<br/>字</p>", "<p>[中]<br>[文]<br/>[字]</p>"),
        ("<svg><text>中</text></svg><p>中</p>", "<svg><text>中</text></svg><p>[中]</p>"),
        ("中&amp;文", "[中&amp;文]"),
    ],
)
def test_rewrite_text(html, expected):
    assert rewrite_text(html, mark) == expected


def test_markup_passes_through_byte_for_byte():
    html = '<h2 id="擘画蓝图">擘画<a class="headerlink" href="#擘画蓝图" title="Permanent link">&para;</a></h2>'
    assert rewrite_text(html, lambda t: t) == html
