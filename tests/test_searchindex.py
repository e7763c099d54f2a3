"""The search index rewrite keeps every value and only drops escapes."""
from __future__ import annotations

import json

from hypothesis import given, strategies as st

from jiedu.searchindex import compact_index


PIECES = st.sampled_from(["\\", "u", '"', "中", "\x01", "a", "😀", "é", "\u200b", "0", "4e2d", "\\u"])


@given(st.lists(PIECES, max_size=20).map("".join))
def test_compact_index_keeps_the_data(text):
    data = {"config": {"lang": ["zh"]}, "docs": [{"location": "a.html#p-1", "title": text, "text": text}]}
    raw = json.dumps(data, separators=(",", ":"))  # as Material writes it: ASCII with escapes
    out = compact_index(raw)
    assert json.loads(out) == data
    assert len(out.encode("utf-8")) <= len(raw.encode("utf-8"))
