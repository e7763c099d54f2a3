"""The library's views, built from a fixture of three texts (tests/fixtures/library): where a
glossary term appears across texts and dates, the Terms page, the Texts page's figures and
the data a paragraph is cited with. Expected figures are worked out from the built pages
themselves (the uses marked in each text, its words), never written in."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest

from jiedu.outputs.dictionary import hsk_levels
from jiedu.page.textfigures import COVERAGE, READING_RATE, Figures, ruby_words, word_level

TEXTS = {"texts/old-notice.html": ("March 2019", "2019-03"), "texts/new-rules.html": ("4 November 2024", "2024-11-04")}
SHARED = "jie-su-ji-ban"


def entry(html: str, entry_id: str) -> str:
    return re.search(rf'<section class="jiedu-entry" id="{entry_id}">.*?</section>', html, re.S).group(0)


def uses_in(html: str, entry_id: str) -> int:
    """The uses of a term the text's page marks (every one is a link to its entry)."""
    return len(re.findall(rf'<a class="jiedu-term[^"]*" href="[^"]*#{entry_id}"', html))


def plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<rt[^>]*>[^<]*(?:</rt>)?", "", html)))


# -- where a term appears ----------------------------------------------------------------------


def test_the_glossary_entry_lists_each_text_with_its_date_and_uses(library_build):
    block = entry(library_build.html("glossary.html"), SHARED)
    items = re.findall(r"<li>(.*?)</li>", block.split('class="jiedu-spread__texts"')[1], re.S)
    assert len(items) == len(TEXTS)
    for item, (url, (label, iso)) in zip(items, TEXTS.items()):  # oldest first
        n = uses_in(library_build.html(url), SHARED)
        assert n >= 1
        assert f'<time datetime="{iso}">{label}</time>' in item
        assert f"· {n} use{'s' if n > 1 else ''}:" in item
        assert f'href="{url}"' in item and re.search(rf'href="{url}#p-\d+"', item)  # links to the paragraphs
    total = sum(uses_in(library_build.html(u), SHARED) for u in TEXTS)
    summary = plain(block.split('class="jiedu-spread__summary"')[1].split("</p>")[0])
    assert f"in 2 texts, 2019–2024 · {total} uses" in summary
    assert "first in 接诉即办开始了 (March 2019), last in 继续推广接诉即办 (4 November 2024)" in summary


def test_a_term_over_several_dates_has_a_timeline_with_a_text_alternative(library_build):
    glossary = library_build.html("glossary.html")
    svg = re.search(r'<svg class="jiedu-timeline"[^>]*>(.*?)</svg>', entry(glossary, SHARED), re.S)
    assert 'role="img"' in svg.group(0) and f'aria-labelledby="jiedu-timeline-{SHARED}"' in svg.group(0)
    label = unescape(re.search(rf'<title id="jiedu-timeline-{SHARED}">([^<]*)</title>', svg.group(1)).group(1))
    assert "March 2019, 接诉即办开始了" in label and "4 November 2024, 继续推广接诉即办" in label
    assert entry(glossary, SHARED).count("<circle") == 2
    # a term in one text only: its text and uses, no timeline
    single = entry(glossary, "ji-ceng-zhi-li")
    assert "jiedu-timeline" not in single and "in 1 text, 2024 ·" in plain(single)


def test_the_tooltip_says_in_one_line_where_a_term_appears(library_build):
    total = sum(uses_in(library_build.html(u), SHARED) for u in TEXTS)
    for url in TEXTS:
        tooltip = re.search(rf'<div class="jiedu-def" id="jiedu-def-{SHARED}".*?</div>', library_build.html(url), re.S).group(0)
        assert f'<p class="jiedu-def__where">In 2 texts, 2019–2024 · {total} uses</p>' in tooltip


def test_the_terms_page_ranks_terms_by_texts_then_uses(library_build):
    html = library_build.html("terms.html")
    rows = re.findall(r'<tr id="term-([^"]+)">(.*?)</tr>', html, re.S)
    glossary = library_build.html("glossary.html")
    assert {r[0] for r in rows} == set(re.findall(r'<section class="jiedu-entry" id="([^"]+)"', glossary))
    counts = [tuple(int(n) for n in re.findall(r'<td class="jiedu-terms__n">(\d+)</td>', cells)) for _, cells in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows[0][0] == SHARED and counts[0][0] == 2
    for (entry_id, cells), (texts, uses) in zip(rows, counts):
        assert f'href="glossary.html#{entry_id}"' in cells
        assert uses == sum(uses_in(library_build.html(u), entry_id) for u in library_build.site.glob("texts/*.html")
                           for u in [u.relative_to(library_build.site).as_posix()])
    assert '<a href="terms.html" class="md-nav__link">' in library_build.html("index.html")  # in the navigation


# -- the Texts page ----------------------------------------------------------------------------


def items(library_build) -> list[str]:
    return re.findall(r'<li class="jiedu-texts__item".*?</li>', library_build.html("texts/index.html"), re.S)


def test_the_texts_page_lists_kind_date_and_rights_newest_first(library_build):
    found = items(library_build)
    dates = [re.search(r'data-date="([^"]*)"', i).group(1) for i in found]
    assert dates == ["2024-11-04", "2019-03", ""]  # newest first, undated last
    assert 'class="jiedu-texts__kind">Regulation<' in found[0] and "Rights: not protected: a test fixture" in found[0]
    assert '<time datetime="2019-03">March 2019</time>' in found[1]
    assert "Rights:" not in found[1]  # shown when given


@pytest.mark.parametrize("url", ["texts/new-rules.html", "texts/old-notice.html", "texts/short-story.html"])
def test_each_text_has_its_length_reading_time_and_hsk_profile(library_build, url):
    item = next(i for i in items(library_build) if f'data-figures="{url}"' in i)
    data = dict(re.findall(r'data-(chars|tokens|level|outside|bands)="([^"]*)"', item))
    words = ruby_words(library_build.html(url))
    assert int(data["chars"]) == sum(map(len, words)) and int(data["tokens"]) == len(words)
    bands = [int(n) for n in data["bands"].split(",")]
    levels = hsk_levels()
    for level in range(1, 8):
        assert bands[level - 1] == sum(1 for w in words if word_level(w, levels) == level)
    # the profile, as written, sums to 100 %
    shares = [int(n) for n in re.findall(r": (\d+) %</span>", item.split('class="jiedu-texts__profile"')[1])]
    assert sum(shares) == 100
    # the 95 % level: the lowest whose words and those below cover 95 % of the listed words
    covered = sum(bands[:7])
    level = next(k for k in range(1, 8) if sum(bands[:k]) >= COVERAGE * covered)
    assert int(data["level"]) == level
    assert f"95 % of its words by HSK {'7–9' if level == 7 else level}<" in item
    assert f"about {max(1, round(int(data['chars']) / READING_RATE))} min" in item


def test_a_text_of_first_level_words_is_hsk_1(library_build):
    item = next(i for i in items(library_build) if 'data-figures="texts/short-story.html"' in i)
    assert 'data-level="1"' in item and "HSK 1: 100 %" in plain(item)


def test_the_words_file_holds_every_text_with_its_counts(library_build):
    script = (library_build.site / "assets/jiedu-textwords.js").read_text("utf-8")
    data = json.loads(script.split("window.JIEDU_TEXTWORDS=", 1)[1].rstrip().rstrip(";"))
    vocabulary = data["v"].split(" ")
    for url in TEXTS | {"texts/short-story.html": None}:
        counts, at = {}, 0
        for e in data["t"][url].split(","):
            step, _, n = e.partition(".")
            at += int(step, 36)
            counts[vocabulary[at]] = int(n, 36) if n else 1
        assert counts == dict(Figures.of(ruby_words(library_build.html(url)), {}).words)


def test_figures_are_the_same_from_a_warm_cache(library_build, tmp_path):
    """A second build (of a copy, with the first build's cache) takes the figures from the
    page cache: the same page and words file."""
    import shutil

    from conftest import run_build

    root = tmp_path / "again"
    shutil.copytree(library_build.root, root, ignore=shutil.ignore_patterns("site"))
    before = library_build.html("texts/index.html"), (library_build.site / "assets/jiedu-textwords.js").read_bytes()
    again = run_build(root, env={"SITE_URL": "https://example.org/jiedu/"})
    assert again.result.returncode == 0, again.result.stderr
    assert (again.html("texts/index.html"), (again.site / "assets/jiedu-textwords.js").read_bytes()) == before


# -- citing ------------------------------------------------------------------------------------


def test_a_text_carries_its_citation_data_with_the_published_address(library_build):
    html = library_build.html("texts/new-rules.html")
    data = re.search(r'<div class="jiedu-cite-data" hidden ([^>]*)>', html).group(1)
    values = {k: unescape(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', data)}
    assert values["title"] == "继续推广接诉即办" and values["date"] == "2024-11-04"
    assert values["url"] == "https://example.org/jiedu/texts/new-rules.html"
    assert values["source"].startswith("Jiedu test fixture")


def test_a_local_preview_address_is_not_cited(project_build):
    """mkdocs.yml's default site_url is the preview's (127.0.0.1): no published address."""
    pages = [p for p in sorted(project_build.site.glob("texts/*.html")) if "jiedu-cite-data" in p.read_text("utf-8")]
    assert pages
    for page in pages:
        assert 'data-url=""' in page.read_text("utf-8")
