"""The site owner's settings under ``extra: jiedu:`` (hooks/jiedu/annotations/settings.py: one
validated object for trusted_pages, search, per_query_above and offline_budget_mb): a table,
then real builds. trusted_pages' own cases are in test_hostile_scripts.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile import check
from jiedu.annotations.settings import Settings, parse_settings

CONFIG = "site_name: x\nplugins:\n  - search:\n      lang: en\nextra:\n  jiedu:\n{body}"


@pytest.mark.parametrize("body, message", [
    ("    search: fast\n", "mkdocs.yml:7: error: extra: jiedu: search: expected one of auto, one-file, per-query, got 'fast'"),
    ("    per_query_above: 100k\n", "mkdocs.yml:7: error: extra: jiedu: per_query_above: expected a whole number of characters"),
    ("    per_query_above: true\n", "mkdocs.yml:7: error: extra: jiedu: per_query_above:"),
    ("    offline_budget_mb: -5\n", "mkdocs.yml:7: error: extra: jiedu: offline_budget_mb: expected a number of megabytes"),
    ("    search: auto\n    offline: 5\n", "mkdocs.yml:8: error: extra: jiedu: unknown key 'offline'; the settings are: trusted_pages, search, per_query_above, offline_budget_mb"),
    ("    serch: auto\n", "mkdocs.yml:7: error: extra: jiedu: unknown key 'serch'; did you mean 'search'?"),
])
def test_a_wrong_setting_names_itself_and_its_line(tmp_path, body, message):
    import yaml

    text = CONFIG.format(body=body)
    value = yaml.safe_load(text)["extra"]["jiedu"]
    settings, problems = parse_settings(value, tmp_path, text)
    assert [str(p) for p in problems][0].startswith(message), problems
    assert len(problems) == 1 and settings == Settings()  # the wrong value is not used


def test_a_section_that_is_no_mapping_names_the_settings(tmp_path):
    _, problems = parse_settings("per-query", tmp_path, "extra:\n  jiedu: per-query\n")
    assert str(problems[0]).startswith("mkdocs.yml:2: error: extra: jiedu: must hold settings as 'key: value' lines")
    assert "search" in str(problems[0]) and "trusted_pages" in str(problems[0])


def test_every_setting_together(tmp_path: Path):
    (tmp_path / "player.md").write_text("x", encoding="utf-8")
    value = {"trusted_pages": ["player.md"], "search": "per-query", "per_query_above": 5, "offline_budget_mb": 0.3}
    settings, problems = parse_settings(value, tmp_path)
    assert problems == []
    assert settings == Settings(frozenset({"player.md"}), "per-query", 5, 0.3)
    assert settings.trusts("player.md") and not settings.trusts("other.md")


@pytest.mark.parametrize("settings, chars, per_query", [
    (Settings(), 100_000, False), (Settings(), 100_001, True), (Settings(search="one-file"), 10**8, False),
    (Settings(search="per-query"), 10, True), (Settings(search="auto", per_query_above=0), 1, True),
])
def test_search_loads_per_query_above_the_threshold(settings, chars, per_query):
    assert settings.per_query(chars) is per_query


def test_a_build_and_make_check_with_a_wrong_setting_fail_with_one_line(make_project):
    config = (make_project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\nextra:\n", "\nextra:\n  jiedu:\n    search: fast\n", 1)
    make_project.write("mkdocs.yml", config)
    line = config.splitlines().index("    search: fast") + 1
    message = f"mkdocs.yml:{line}: error: extra: jiedu: search: expected one of auto, one-file, per-query, got 'fast'"
    build = make_project.build()
    assert build.result.returncode != 0
    assert message in build.result.stderr
    assert "Traceback" not in build.result.stderr
    checked = check(make_project.root)
    assert checked.returncode != 0 and message in checked.stdout, checked.stdout
