# The two commands: `make run` serves the demo portal, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := cd site && ../$(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test demo lint format messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e ".[postgres,opensearch]"
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet -e ".[test,bench]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) update_index

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	for app in govpages events search; do (cd $$app && ../$(PY) -m django makemessages -l zh_Hans --settings=portal.settings.dev --pythonpath=../site) ; done
	$(MANAGE) makemessages -l zh_Hans

clean:
	rm -rf $(VENV) site/db.sqlite3 site/media site/static

compilemessages:
	for po in $$(git ls-files '*/locale/zh_Hans/LC_MESSAGES/django.po'); do msgfmt --check-format -o $${po%.po}.mo $$po; done
