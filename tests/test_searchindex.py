"""The search index rewrite keeps every value and only drops escapes."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from jiedu.page.searchindex import compact_index


PIECES = st.sampled_from(["\\", "u", '"', "中", "\x01", "a", "😀", "é", "\u200b", "0", "4e2d", "\\u"])


@settings(deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_compact_index_keeps_the_data(text):
    data = {"config": {"lang": ["zh"]}, "docs": [{"location": "a.html#p-1", "title": text, "text": text}]}
    raw = json.dumps(data, separators=(",", ":"))  # as Material writes it: ASCII with escapes
    out = compact_index(raw)
    assert json.loads(out) == data
    assert len(out.encode("utf-8")) <= len(raw.encode("utf-8"))


@settings(deadline=None)  # the first example loads jieba's dictionary
@given(st.lists(st.sampled_from(["p", "h"]), max_size=40), st.integers(1, 7))
def test_grouped_paragraph_entries_keep_every_paragraph_once(blocks, per):
    from jiedu.page.searchindex import paragraph_entries

    html, n = "", 0
    for i, kind in enumerate(blocks):
        if kind == "p":
            n += 1
            html += f'<p id="p-{n}">段{n}号</p>'
        else:
            html += f'<h2 id="h{i}">章{i}</h2>'
    entries = paragraph_entries(html, "t.html", "题", per=per)
    paragraphs = [e for e in entries if e["title"].startswith("¶")]
    texts = " ".join(e["text"] for e in paragraphs).replace("\u200b", "").split()
    assert texts == [f"段{k}号" for k in range(1, n + 1)]
    assert all(len(e["text"].split(" ")) <= per for e in paragraphs)
    assert all(e["location"] == f"t.html#p-{e['title'][1:].split('–')[0]}" for e in paragraphs)
