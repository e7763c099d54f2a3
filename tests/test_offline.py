"""The download of the site and the service worker's list (hooks/jiedu/outputs/offline.py): tables
for the pure parts, real builds for what lands in site/ (see test_browser_offline.py for
what a reader's browser does with it)."""
from __future__ import annotations

import hashlib
import io
import json
import re
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile

import pytest

from jiedu.outputs.offline import (
    NOT_IN_ZIP, NOT_KEPT, build_version, kept_paths, label_floor, lunr_files, member, settle,
    site_paths, size_label, zip_bytes, zip_paths,
)

ZIP = "jiedu-site.zip"


@pytest.mark.parametrize("n, label", [
    (0, "0 kB"), (499, "0 kB"), (500, "1 kB"), (254_225, "254 kB"), (999_499, "999 kB"),
    (999_500, "1.0 MB"), (1_049_999, "1.0 MB"), (1_050_000, "1.1 MB"), (12_345_678, "12.3 MB"),
])
def test_size_label(n, label):
    assert size_label(n) == label
    assert label_floor(label) <= max(n, label_floor(label)) and size_label(label_floor(label)) == label


@pytest.mark.parametrize("sizes, expected", [
    ({"": 1_000_000}, ("1.0 MB", 0)),                     # settles at once
    ({"": 999_000, "999 kB": 999_600, "1.0 MB": 999_700}, ("1.0 MB", 0)),  # the label tips the size over
    # on a rounding edge the labels flip each other: the larger one, padded up to
    ({"": 4_349_999, "4.3 MB": 4_350_001, "4.4 MB": 4_349_999}, ("4.4 MB", 1)),
    ({"": 999_000, "999 kB": 999_600}, ("1.0 MB", 500)),
])
def test_settle_finds_a_label_true_of_the_zip_that_holds_it(sizes, expected):
    def size_with(label, pad):
        return sizes.get(label, sizes[""]) + pad

    label, pad = settle(size_with)
    assert (label, pad) == expected
    assert size_label(size_with(label, pad)) == label


@pytest.mark.parametrize("langs, files", [
    (["en"], set()),
    (["de"], {"min/lunr.de.min.js", "min/lunr.stemmer.support.min.js"}),
    (["en", "th"], {"wordcut.js", "min/lunr.th.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"}),
])
def test_lunr_files_follow_materials_search_worker(langs, files):
    assert lunr_files(langs) == {"assets/javascripts/lunr/" + f for f in files}


def test_zip_and_kept_lists():
    paths = ["404.html", "assets/a.js", "assets/a.js.map", "assets/javascripts/lunr/min/lunr.de.min.js",
             "assets/jiedu-sw.js", "index.html", "jiedu-site.zip", "offline.json", "search/search_index.js",
             "search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "sw.js"]
    assert zip_paths(paths, set()) == ["assets/a.js", "index.html", "search/search_index.js"]
    assert kept_paths(paths, set()) == ["assets/a.js", "index.html", "search/search_index.json", "sitemap.xml"]
    assert ZIP in NOT_IN_ZIP and ZIP in NOT_KEPT


def test_zip_bytes_are_a_valid_fixed_zip():
    members = [member("d/" + name, data) for name, data in
               [("a.html", "<p>解读</p>".encode() * 100), ("b.png", b"\x89PNG\r\n"), ("文.txt", b"x")]]
    data = zip_bytes(members, b"  ")
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.testzip() is None
    assert z.namelist() == ["d/a.html", "d/b.png", "d/文.txt"]
    assert z.read("d/a.html") == "<p>解读</p>".encode() * 100
    assert [i.compress_type for i in z.infolist()] == [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_STORED]
    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in z.infolist()} == {0o100644}
    assert z.comment == b"  "
    assert zip_bytes(members, b"  ") == data


# -- real builds ----------------------------------------------------------------------------


def test_same_project_gives_the_same_zip_and_worker(project_build, make_project):
    """Built again, elsewhere, with no page cache: the same bytes (the zip, and the service
    worker's list and version)."""
    again = make_project.build()
    assert again.result.returncode == 0, again.result.stderr
    assert (again.site / ZIP).read_bytes() == (project_build.site / ZIP).read_bytes()
    assert (again.site / "offline.json").read_bytes() == (project_build.site / "offline.json").read_bytes()


def test_the_zip_holds_the_site_a_reader_opens_from_disk(project_build):
    site = project_build.site
    data = (site / ZIP).read_bytes()
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.testzip() is None
    names = z.namelist()
    assert names == sorted(names) and all(n.startswith("jiedu-site/") for n in names)
    inside = [n.removeprefix("jiedu-site/") for n in names]
    on_disk = site_paths(site)
    left_out = set(on_disk) - set(inside)
    assert set(inside) <= set(on_disk)
    assert left_out - NOT_IN_ZIP == {p for p in left_out if p.endswith(".map") or "/lunr/" in p}
    for needed in ("index.html", "glossary.html", "texts/social-work-2024-11-04.html", "search/search_index.js",
                   "assets/jiedu-reader.js", "assets/jiedu-tooltips.js", "assets/jiedu-zhuyin.js",
                   "assets/jiedu-offline.js", "assets/vendor/iframe-worker/shim.js", "manifest.webmanifest",
                   "texts/social-work-2024-11-04.anki.tsv"):
        assert needed in inside
    for path in inside:  # what is inside is what the site serves, byte for byte
        assert z.read("jiedu-site/" + path) == (site / path).read_bytes(), path


def test_the_home_page_shows_the_zips_own_size(project_build):
    html = project_build.html("index.html")
    size = (project_build.site / ZIP).stat().st_size
    assert f'<a href="{ZIP}" download>' in html
    assert f"<span data-jiedu-zip-size> (zip, {size_label(size)})</span>" in html


def test_the_service_worker_lists_every_file_a_browser_asks_for(project_build):
    site = project_build.site
    assert (site / "sw.js").read_text(encoding="utf-8").rstrip().endswith('importScripts("assets/jiedu-sw.js");')
    data = json.loads((site / "offline.json").read_text(encoding="utf-8"))
    paths = [f[0] for f in data["files"]]
    assert paths == kept_paths(site_paths(site), set())
    for path, size, sha in data["files"]:
        content = (site / path).read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()[:16]) == (size, sha), path
    assert data["bytes"] == sum(f[1] for f in data["files"])
    from jiedu.outputs.offline import Kept
    assert data["version"] == build_version([Kept(*f) for f in data["files"]])
    for needed in ("index.html", "search/search_index.json", "sitemap.xml", "manifest.webmanifest",
                   "assets/jiedu-zhuyin.js", "assets/icons/jiedu-192.png"):
        assert needed in paths
    html = project_build.html("texts/social-work-2024-11-04.html")
    assert '<meta name="jiedu-service-worker" content="../sw.js">' in html
    assert '<link rel="manifest" href="../manifest.webmanifest">' in html


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_names_the_app_and_its_icons(project_build):
    site = project_build.site
    m = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert (m["name"], m["short_name"], m["start_url"], m["scope"], m["display"]) == (
        "Jiedu 解读", "Jiedu", "./index.html", "./", "standalone")
    assert {i["purpose"] for i in m["icons"]} == {"any", "maskable"}
    for icon in m["icons"]:
        path = site / icon["src"]
        if icon["type"] == "image/png":
            w, h = png_size(path.read_bytes())
            assert icon["sizes"] == f"{w}x{h}"
        else:
            assert path.read_text(encoding="utf-8").startswith("<svg")
    assert png_size((site / "assets/icons/apple-touch-icon.png").read_bytes()) == (180, 180)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_serve_preview_makes_no_offline_copy(make_project):
    """`mkdocs serve` leaves the service worker out: it would keep serving a preview's old
    pages from its copy. (JIEDU_OFFLINE=1 would turn it on; JIEDU_OFFLINE=0 turns it off in
    a build, see test_browser_offline.py.)"""
    port = free_port()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("JIEDU_OFFLINE", None)
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                            cwd=make_project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5).read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "mkdocs serve did not answer"
                time.sleep(0.5)
        assert "jiedu-service-worker" not in html and 'rel="manifest"' not in html
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sw.js", timeout=5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# -- above the budget: texts by choice (offlinetexts.py) -----------------------------------


def test_over_the_budget_each_text_and_what_every_text_needs_are_listed_and_zipped(make_project, tmp_path):
    config = (make_project.root / "mkdocs.yml").read_text(encoding="utf-8")
    make_project.write("mkdocs.yml", config.replace("\nextra:\n", "\nextra:\n  jiedu:\n    offline_budget_mb: 0.3\n", 1))
    build = make_project.build()
    assert build.result.returncode == 0, build.result.stderr
    site = build.site
    data = json.loads((site / "offline.json").read_text(encoding="utf-8"))
    files = [f[0] for f in data["files"]]
    common = {files[i] for i in data["texts"]["common"]}
    texts = data["texts"]["texts"]
    assert texts and data["bytes"] > 300_000
    for url, title, own, size in texts:
        mine = {files[i] for i in own}
        assert url in mine and not mine & common and title
        assert any(p.startswith("assets/jiedu-dict/") for p in mine)  # its words' dictionary files
        assert (site / url.replace(".html", ".zip")).stat().st_size == size
    assert "index.html" in common and "glossary.html" in common and "assets/jiedu-dict/levels.js" in common
    assert not any(p.endswith(".html") and p in {t[0] for t in texts} for p in common)
    # neither the zips nor the search shards are kept by choice; the whole zip stays
    downloads = {"jiedu-site-common.zip", ZIP, *(t[0].replace(".html", ".zip") for t in texts)}
    assert not downloads & set(files) and (site / ZIP).is_file()
    # a text's zip and the common one, unpacked together, hold every file the text's page links to
    folder = tmp_path / "unpacked"
    for name in ("jiedu-site-common.zip", texts[0][0].replace(".html", ".zip")):
        zipfile.ZipFile(site / name).extractall(folder)
    page = folder / "jiedu-site" / texts[0][0]
    html = page.read_text(encoding="utf-8")
    for ref in re.findall(r'(?:href|src)="([^"#?:]+)"', html):
        if ref.endswith(".html") or ref.endswith(".zip"):
            continue  # other pages and downloads
        assert (page.parent / ref).resolve().is_file(), ref
