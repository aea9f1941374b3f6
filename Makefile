# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Every install step lives here; nothing is installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: install browser build serve test lint bench clean review links

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	@echo "Installing the pinned Python packages into $(VENV) (about a minute the first time)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing the pinned Mermaid from package-lock.json (npm ci)..."
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium and Japanese fonts: the build draws every chart with the pinned Mermaid in
# headless Chromium, and the browser tests drive it (playwright install cannot download browsers here).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

build: install browser
	$(BIN)/mkdocs build --strict

PORT ?= 8000
serve: install browser
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .

test: install browser lint
	$(BIN)/pytest

bench: install
	$(BIN)/python scripts/bench.py

# Every page by its 'reviewed:' date, oldest first (REVIEW_TODAY=YYYY-MM-DD looks ahead).
review: install
	$(BIN)/python scripts/review.py

# Every cited URL ('sources:' and external links in the built site), checked with LinkChecker;
# a broken one writes links-report.md and fails (.github/workflows/links.yml runs this weekly).
# The build is not strict here: an overdue 'reviewed:' date must not stop the link check.
links: install browser
	$(BIN)/mkdocs build --no-strict
	$(BIN)/python scripts/check_links.py --docs docs --site site --report links-report.md

clean:
	rm -rf site .pytest_cache bench-out links-report.md
