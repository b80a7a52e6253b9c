# Relais — the two contracts: `make demo` and `make test` work on a fresh machine with python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install requirements demo serve test test-sqlite test-postgres lint format bench bench-national drill clean dsfr-utility

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The development set: production + test + tools, every package pinned with its hashes (pip checks them).
$(STAMP): requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $(STAMP)

install: $(STAMP)

# pyproject.toml is the one source: its dependencies (production) and its extras `test` and `dev`.
# Pins stay as they are unless pyproject.toml changes (UPGRADE=--upgrade to take new releases).
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --quiet --python $(BIN)/python \
	--python-platform x86_64-manylinux_2_28 --generate-hashes --custom-compile-command "make requirements" $(UPGRADE)
requirements: install
	$(UV_COMPILE) -o requirements/prod.txt
	$(UV_COMPILE) --extra test -o requirements/test.txt
	$(UV_COMPILE) --extra test --extra dev -o requirements/dev.txt

var/static:
	mkdir -p var/static var/media

demo: install | var/static
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py createcachetable
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py seed_demo
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py refresh_facts
	@echo "Relais : http://127.0.0.1:$(PORT)/ (Ctrl-C pour arrêter)"
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production settings on the embedded SQLite under var/, with local-only secrets generated on first run.
SERVE_ENV := set -a && . var/serve.env && set +a && DJANGO_SETTINGS_MODULE=config.settings.prod
var/serve.env: | $(STAMP) var/static
	umask 077 && $(BIN)/python -m relais.ops.local_secrets > $@
# collectstatic compresses every file again (minutes on a small machine): only when a source changed.
var/static/staticfiles.json: $(STAMP) var/serve.env $(shell find static -type f)
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
serve: install var/static/staticfiles.json
	$(SERVE_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(SERVE_ENV) $(BIN)/python manage.py createcachetable
	$(SERVE_ENV) $(BIN)/python manage.py sync_roles
	@echo "Relais (réglages de production) : http://127.0.0.1:$(PORT)/ (Ctrl-C pour arrêter)"
	$(SERVE_ENV) $(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT)

# SQLite by default; PostgreSQL when DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/relais).
test: install | var/static
	$(BIN)/python -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

# Two benchmarks in a throw-away database (SQLite under var/bench/, or DATABASE_URL): the registry
# under a generated load, then the dashboards, situation report and open data on the demo data.
BENCH_ENV := DJANGO_SETTINGS_MODULE=config.settings.dev RELAIS_VAR_DIR=var/bench DEBUG=false
bench: install | var/static
	rm -rf var/bench && mkdir -p var/bench
	$(BENCH_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(BENCH_ENV) $(BIN)/python manage.py createcachetable
	$(BENCH_ENV) $(BIN)/python manage.py seed_demo > /dev/null
	$(BENCH_ENV) $(BIN)/python manage.py bench_indicators
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

# National scale on PostgreSQL (not part of `make test`): generate_national writes 5,000 structures,
# 200,000 places, persons, stays, referrals and sites (NATIONAL_SCALE=0.05 for a quick run) into
# NATIONAL_DATABASE_URL (NATIONAL_GENERATE="--only referrals,sites" adds those to an existing network,
# NATIONAL_GENERATE=skip keeps the data as it is), check_availability checks the live rows against that
# history, then bench_national serves it with gunicorn (2 workers, production settings) and loads it
# with wrk (Debian's `wrk` package) at 4 and 16 clients, beside two floors, times the point de
# situation and its PDF (BENCH_ARGS="--writes" runs bench_writes too); the table goes into this README.
NATIONAL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/relais_national
NATIONAL_SCALE ?= 1
NATIONAL_GENERATE ?=
BENCH_SECONDS ?= 10
NATIONAL_ENV := DATABASE_URL=$(NATIONAL_DATABASE_URL) DJANGO_SETTINGS_MODULE=config.settings.dev
bench-national: install var/static/staticfiles.json
	$(NATIONAL_ENV) $(BIN)/python manage.py migrate --no-input -v0
	if [ "$(NATIONAL_GENERATE)" != skip ]; then \
		$(NATIONAL_ENV) $(BIN)/python manage.py generate_national --scale $(NATIONAL_SCALE) $(NATIONAL_GENERATE); fi
	$(NATIONAL_ENV) $(BIN)/python manage.py check_availability
	set -a && . var/serve.env && set +a && DATABASE_URL=$(NATIONAL_DATABASE_URL) \
		DJANGO_SETTINGS_MODULE=config.settings.bench $(BIN)/python manage.py bench_national --seconds $(BENCH_SECONDS) $(BENCH_ARGS)

# Point-in-time restore drill in two throw-away PostgreSQL clusters under var/drill/ (root; see README).
drill: install
	bash scripts/drill.sh

# The checks of .pre-commit-config.yaml, fixing nothing; lint-imports holds the layers of ARCHITECTURE.md.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint templates relais
	$(BIN)/djlint --check templates relais
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint --reformat templates relais

clean:
	rm -rf $(VENV) var

# The DSFR utility rules the pages use (icons…): again when a template starts using a new one.
dsfr-utility: install
	$(BIN)/python scripts/dsfr_utility_subset.py
