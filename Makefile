# Two commands: `make run` (set up everything and start the app) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run setup install translations serve test test-sqlite test-postgres lint bench bench-national clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## The project's Vietnamese catalogs (config/locale/*.po → .mo), compiled with Babel (pinned in
## requirements.txt), so a fresh machine needs no GNU gettext (msgfmt).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard config/locale/*/LC_MESSAGES/*.po))

config/locale/%.mo: config/locale/%.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

translations: $(MO_FILES)

## Set up (venv, dependencies, database, seed data, demo users), then serve on 127.0.0.1:8000.
run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:8000

setup: install translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py sync_catalogue
	$(BIN)/python manage.py refresh_tallies --missing
	$(BIN)/python manage.py seed_demo

## Production server: migrations, static files collected, gunicorn on 127.0.0.1:$${PORT:-8000}.
## Settings from the environment (README "Triển khai"); DEBUG is off unless DEBUG=1 is set.
serve: install translations
	DEBUG=$${DEBUG:-0} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-0} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=$${DEBUG:-0} exec $(BIN)/gunicorn --config config/gunicorn.conf.py config.wsgi

## The whole test suite (on DATABASE_URL, SQLite by default).
test: install translations
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

## Timings on a province-scale generated dataset (printed, not asserted); the load test needs
## DATABASE_URL=postgres://... (it makes and drops a database <name>_load beside it; ~2 minutes).
bench: install
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py bench
	$(BIN)/python manage.py bench_appendix --rows 5000 --repeat 3
	$(BIN)/python manage.py bench_upload
	$(BIN)/python manage.py bench_load
	$(BIN)/python manage.py bench_word --rows 5000 --repeat 3

## The whole country (about 5,000 committees, 2 million results): meant for PostgreSQL (DATABASE_URL).
bench-national: install
	$(BIN)/python manage.py bench --scale national

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache $(MO_FILES)
