"""Hostile input, IMPORT class (issue 24): a raw source that is not UTF-8 is refused with the
encoding it seems to be in and the ``iconv`` command that converts it, never imported as
mojibake; UTF-8 and UTF-16/32 with a byte-order mark (certain) are read as what they are.
The same for pages and annotation files, which MkDocs and the loaders read as UTF-8.
"""
from __future__ import annotations

import codecs
import re
import shutil
import subprocess

import pytest

from hostile import check, import_text, one_clear_error, project

TEXT = "谱写新时代社会工作高质量发展新篇章\n\n党的十八大以来，社会工作取得历史性成就。\n\n新华社北京11月4日电\n"
TRADITIONAL = "譜寫新時代社會工作高質量發展新篇章\n\n黨的十八大以來，社會工作取得歷史性成就。\n"
REFUSED = {
    "gbk": (TEXT.encode("gbk"), "GB18030 (GBK)", "GB18030"),
    "gb18030": (TEXT.encode("gb18030"), "GB18030 (GBK)", "GB18030"),
    "big5": (TRADITIONAL.encode("big5"), "BIG5", "BIG5"),
    "utf-16le, no mark": (TEXT.encode("utf-16-le"), "UTF-16 (Windows' 'Unicode')", "UTF-16LE"),
    "utf-16be, no mark": (TEXT.encode("utf-16-be"), "UTF-16BE", "UTF-16BE"),
}
MOJIBAKE = {
    "latin-1": (TEXT.encode().decode("latin-1").encode(), "LATIN1"),
    "windows-1252": ("标题：社会工作\n\n标题：社会工作\n".encode().decode("cp1252").encode(), "WINDOWS-1252"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_other_encodings_are_refused_with_the_command_that_converts_them(tmp_path, case):
    data, shown, iconv = REFUSED[case]
    root = project(tmp_path)
    (root / "raw.txt").write_bytes(data)
    result = import_text(root, "--new", str(root / "raw.txt"), "--slug", "x")
    one_clear_error(result, f"raw.txt: error: the file is not UTF-8 but seems to be {shown}; convert it with: "
                            f"iconv -f {iconv} -t UTF-8 raw.txt > raw.utf8.txt && mv raw.utf8.txt raw.txt")
    assert not (root / "annotations/texts/x.yml").exists() and not (root / "docs/texts/x.md").exists()
    if shutil.which("iconv"):  # the command said converts the file, which then imports
        subprocess.run(f"iconv -f {iconv} -t UTF-8 raw.txt > raw.utf8.txt && mv raw.utf8.txt raw.txt", shell=True,
                       cwd=root, check=True)
        assert import_text(root, "--new", str(root / "raw.txt"), "--slug", "x").returncode == 0


@pytest.mark.parametrize("case", list(MOJIBAKE))
def test_mojibake_is_refused_with_the_command_that_undoes_it(tmp_path, case):
    data, iconv = MOJIBAKE[case]
    root = project(tmp_path)
    (root / "raw.txt").write_bytes(data)
    one_clear_error(import_text(root, "--new", str(root / "raw.txt"), "--slug", "x"),
                    f"raw.txt: error: the text is mojibake: UTF-8 read as {iconv} and saved again (it was '")
    if shutil.which("iconv"):
        subprocess.run(f"iconv -f UTF-8 -t {iconv} raw.txt > fixed.txt", shell=True, cwd=root, check=True)
        assert (root / "fixed.txt").read_text("utf-8").startswith(("谱写", "标题"))


@pytest.mark.parametrize("bom, codec, name", [
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32LE"),
])
def test_a_byte_order_mark_is_certain_and_read(tmp_path, bom, codec, name):
    root = project(tmp_path)
    (root / "sources").mkdir()
    (root / "sources/x.raw.txt").write_bytes(bom + TEXT.encode(codec))
    result = import_text(root, "--new", str(root / "sources/x.raw.txt"), "--slug", "x")
    assert result.returncode == 0, result.stderr
    assert f"sources/x.raw.txt:1: warning: read as {name} (the file starts with its byte-order mark)" in result.stderr
    assert "社会工作取得历史性成就" in (root / "docs/texts/x.md").read_text("utf-8")
    record = root / "annotations/texts/x.yml"  # what the text is and its rights, as a contributor fills them
    record.write_text(re.sub(r"(?m)^rights:.*$", 'rights: "Jiedu test fixture"',
                             re.sub(r"(?m)^kind:.*$", "kind: news", record.read_text("utf-8"))), "utf-8")
    assert import_text(root, str(record)).returncode == 0
    assert check(root).returncode == 0, check(root).stdout  # the page is what the raw file (with its mark) generates


def test_utf8_with_a_byte_order_mark_imports_silently(tmp_path):
    root = project(tmp_path)
    (root / "raw.txt").write_bytes(codecs.BOM_UTF8 + TEXT.encode())
    result = import_text(root, "--new", str(root / "raw.txt"), "--slug", "x")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    assert (root / "docs/texts/x.md").read_text("utf-8").count("\ufeff") == 0


def test_a_few_bad_bytes_in_utf8_still_import_with_a_warning(tmp_path):
    """Damage is not another encoding: a stray byte is shown as U+FFFD and said (issue 12)."""
    root = project(tmp_path)
    (root / "raw.txt").write_bytes(TEXT.encode() + b"\xff\xfe\n")
    result = import_text(root, "--new", str(root / "raw.txt"), "--slug", "x")
    assert result.returncode == 0, result.stderr
    assert "byte(s) that are not UTF-8 shown as U+FFFD" in result.stderr


@pytest.mark.parametrize("rel, data, message", [
    ("docs/texts/t.md", ("---\ntitle: t\n---\n\n" + TEXT).encode("gbk"),
     "docs/texts/t.md:5:1: error: file is not UTF-8 (byte 0xc6) but seems to be GB18030 (GBK); convert it with: iconv -f GB18030"),
    ("docs/texts/t.md", codecs.BOM_UTF16_LE + ("---\ntitle: t\n---\n\n" + TEXT).encode("utf-16-le"),
     "docs/texts/t.md:1:1: error: file is not UTF-8 (byte 0xff) but seems to be UTF-16 (Windows' 'Unicode'); convert it with: iconv -f UTF-16LE"),
    ("annotations/glossary/b.yml", "term: 社会工作部门\nenglish: 中文的解释和说明\n".encode("big5", "replace"),
     "annotations/glossary/b.yml:1:7: error: file is not UTF-8 (byte 0xaa) but seems to be BIG5"),
])
def test_pages_and_annotations_in_other_encodings_are_named(tmp_path, rel, data, message):
    root = project(tmp_path)
    (root / rel).write_bytes(data)
    one_clear_error(check(root), message)
