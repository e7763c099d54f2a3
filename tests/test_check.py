"""`make check` (scripts/check.py): the build's validation in a second, with the exact
`file:line:col` messages, and GitHub annotations under GITHUB_ACTIONS=true."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "term: {term}\nenglish: x\nexplanation: y\ncategory: concept\n"
TEXT = "---\ntitle: t\nlang: zh-Hans\n---\n\n# t\n\n{body}\n"


def project(tmp_path: Path, entries: dict[str, str], body: str = "组建社会工作部门。") -> Path:
    (tmp_path / "annotations/glossary").mkdir(parents=True)
    (tmp_path / "annotations/readings.yml").write_text("readings: []\n", "utf-8")
    for name, text in entries.items():
        (tmp_path / "annotations/glossary" / name).write_text(text, "utf-8")
    (tmp_path / "docs/texts").mkdir(parents=True)
    (tmp_path / "docs/texts/t.md").write_text(TEXT.format(body=body), "utf-8")
    return tmp_path


def check(root: Path, *args: str, github: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "GITHUB_ACTIONS": "true" if github else "false"}
    return subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(
    "entries, message",
    [
        ({"a.yml": ENTRY.format(term="社会工作").replace("english", "englsh")},
         "annotations/glossary/a.yml:2:1: error: unknown key 'englsh'; did you mean 'english'? "
         "(allowed: term, pinyin, english, english_official, english_variants, explanation, category, level, variants, expansion, related, sources)"),
        ({"a.yml": ENTRY.format(term="社会工作") + "pinyin: shè huì gōng\n"},
         "annotations/glossary/a.yml:5:9: error: pinyin has 3 syllables but '社会工作' has 4 Chinese characters; give one syllable per character"),
        ({"a.yml": ENTRY.format(term="社会工作"), "b.yml": ENTRY.format(term="社会工作")},
         "annotations/glossary/b.yml:1:7: error: '社会工作' is already a term or variant in annotations/glossary/a.yml; an entry's forms must be unique: remove it here, or from annotations/glossary/a.yml"),
        ({"a.yml": ENTRY.format(term="社会工作").replace("explanation: y", "explanation: Set up in 2012.")},
         "annotations/glossary/a.yml:3:14: error: the explanation states a year (2012) but the entry has no sources; add "
         "sources: with the title of what says so (and its publisher, date and url where there is one; the text itself "
         "counts for what it says), or say less"),
        ({"a.yml": ENTRY.format(term="社会工作") + "sources:\n  - date: \"2012\"\n"},
         "annotations/glossary/a.yml:6:5: error: a source needs a 'title': the document's or page's exact title, as published"),
        ({"a.yml": "term: [社会\n"},
         "annotations/glossary/a.yml:2:1: error: YAML syntax: expected ',' or ']', but got '<stream end>'; check indentation, colons and quotes"),
    ],
)
def test_errors_with_positions(tmp_path, entries, message):
    result = check(project(tmp_path, entries))
    assert result.returncode == 1
    assert message in result.stdout.splitlines(), result.stdout
    assert "Traceback" not in result.stderr


def test_an_entry_with_a_year_passes_with_a_source(tmp_path):
    text = ENTRY.format(term="社会工作").replace("explanation: y", "explanation: Set up in 2012.")
    result = check(project(tmp_path, {"a.yml": text + "sources:\n  - title: 某文件\n    date: \"2012\"\n"}), "--strict")
    assert result.returncode == 0, result.stdout


def test_github_annotations(tmp_path):
    result = check(project(tmp_path, {"a.yml": ENTRY.format(term="社会工作") + "pinyin: shè huì gōng\n"}), github=True)
    assert ("::error file=annotations/glossary/a.yml,line=5,col=9::pinyin has 3 syllables but '社会工作' has "
            "4 Chinese characters; give one syllable per character") in result.stdout.splitlines()


def test_warnings_fail_only_when_strict(tmp_path):
    root = project(tmp_path, {"a.yml": ENTRY.format(term="社会工作"), "b.yml": ENTRY.format(term="小马拉大车")})
    warning = ("annotations/glossary/b.yml:1:1: warning: '小马拉大车' occurs in no text; check the term and its "
               "variants against the text, or remove the entry")
    assert warning in check(root).stdout.splitlines()
    assert check(root).returncode == 0
    assert check(root, "--strict").returncode == 1
    assert "::warning file=annotations/glossary/b.yml,line=1,col=1::" in check(root, github=True).stdout


def test_overlapping_terms_are_reported(tmp_path):
    root = project(tmp_path, {"a.yml": ENTRY.format(term="社会工作"), "b.yml": ENTRY.format(term="工作部门")})
    assert ("docs/texts/t.md: warning: glossary terms overlap in “组建社会工作部门。”: '社会工作' is marked, so "
            "'工作部门' is not; add a variant that covers both, or remove one") in check(root).stdout.splitlines()


def test_the_repository_checks_clean():
    result = check(ROOT, "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stderr.strip() == "0 errors, 0 warnings"
