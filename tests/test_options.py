"""The site owner's settings under extra.jiedu (hooks/jiedu/options.py): a table, then a real build."""
from __future__ import annotations

import pytest

from jiedu.options import Options


@pytest.mark.parametrize("extra, message", [
    ({"jiedu": {"search": "fast"}}, "Config value 'extra.jiedu.search': expected one of auto, one-file, per-query, got 'fast'"),
    ({"jiedu": {"per_query_above": "100k"}}, "Config value 'extra.jiedu.per_query_above': expected a whole number"),
    ({"jiedu": {"per_query_above": True}}, "Config value 'extra.jiedu.per_query_above'"),
    ({"jiedu": {"offline_budget_mb": -5}}, "Config value 'extra.jiedu.offline_budget_mb': expected a number of megabytes"),
    ({"jiedu": {"offline": 5}}, "Config value 'extra.jiedu': unknown setting 'offline'"),
    ({"jiedu": "per-query"}, "Config value 'extra.jiedu': expected the settings"),
])
def test_a_wrong_setting_names_itself(extra, message):
    with pytest.raises(ValueError) as e:
        Options.from_extra(extra)
    assert str(e.value).startswith(message)


@pytest.mark.parametrize("options, chars, per_query", [
    (Options(), 100_000, False), (Options(), 100_001, True), (Options("one-file"), 10**8, False),
    (Options("per-query"), 10, True), (Options("auto", 0), 1, True),
])
def test_search_loads_per_query_above_the_threshold(options, chars, per_query):
    assert options.per_query(chars) is per_query


def test_a_build_with_a_wrong_setting_fails_with_one_line(make_project):
    config = (make_project.root / "mkdocs.yml").read_text(encoding="utf-8")
    make_project.write("mkdocs.yml", config.replace("\nextra:\n", "\nextra:\n  jiedu:\n    search: fast\n", 1))
    build = make_project.build()
    assert build.result.returncode != 0
    assert "Config value 'extra.jiedu.search': expected one of auto, one-file, per-query, got 'fast'" in build.result.stderr
    assert "Traceback" not in build.result.stderr
