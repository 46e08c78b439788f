# The two commands: `make run` serves the demo portal, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := cd site && ../$(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# axe-core for the accessibility tests, from the npm registry, outside git (see .gitignore).
AXE_JS := .e2e/node_modules/axe-core/axe.min.js

.PHONY: run test e2e screenshots install install-test demo lint format messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e ".[portal,postgres,opensearch]"
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e ".[test,bench]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) govpages_update_index

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

$(AXE_JS):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --no-save --no-audit --no-fund --silent --prefix .e2e "axe-core@^4"; \
	else echo "npm not found: the accessibility tests will be skipped (they fail under CI=true)"; fi

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install-test $(AXE_JS)
	$(PY) -P -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Only the browser tests (needs Debian's chromium; see README).
e2e: install-test $(AXE_JS)
	$(PY) -P -m pytest tests/e2e $(PYTEST_ARGS)

# Screenshots of the demo portal at desktop and phone widths: make screenshots OUT=folder
OUT ?= screenshots
screenshots: demo
	$(MANAGE) screenshots $(abspath $(OUT))

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	for app in govpages events search workdays; do (cd $$app && ../$(PY) -m django makemessages -l zh_Hans --add-location=file --settings=portal.settings.dev --pythonpath=../site) ; done
	$(MANAGE) makemessages -l zh_Hans --add-location=file
	@# Locations name files only, so moving code changes no catalogue; a catalogue whose only
	@# change is its POT-Creation-Date line is left as it was.
	@for po in $$(git ls-files '*/locale/zh_Hans/LC_MESSAGES/django.po'); do \
		git diff --quiet -I '^"POT-Creation-Date: ' -- $$po && git checkout -q -- $$po; true; \
	done

clean:
	rm -rf $(VENV) .e2e site/db.sqlite3 site/media site/static

compilemessages:
	for po in $$(git ls-files '*/locale/zh_Hans/LC_MESSAGES/django.po'); do msgfmt --check-format -o $${po%.po}.mo $$po; done
