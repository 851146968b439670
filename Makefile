# Concerto: two commands do everything on a fresh machine.
#   make run   set up, load the demo data, serve on http://127.0.0.1:8000
#   make test  set up, lint, type-check, run every test (browser tests need Debian's chromium)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup run test lint typecheck pytest messages makemessages demo bench clean

setup: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: requirements.lock requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (apt-get install gettext)"; exit 1; }
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

makemessages: $(VENV)/.installed
	cd concerto && ../$(BIN)/python ../manage.py makemessages --locale fr --locale nl --locale en --no-obsolete --add-location file

run: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py load_demo --address $(HOST):$(PORT)
	@echo "Starting the task worker (imports, offers) and the web server on http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py db_worker --queue-name '*' & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check concerto tests

typecheck: $(VENV)/.installed
	$(BIN)/mypy concerto

pytest: setup
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The benchmark (not part of `make test`; minutes, more for europe): generated data at each scale in
# PostgreSQL databases concerto_bench_<scale> on BENCH_DATABASE_SERVER (default
# postgres://postgres@127.0.0.1:5432), served by gunicorn; writes bench/results/latest.{md,json}.
# See docs/performance.md.   make bench SCALES="europe"   make bench BENCH_ARGS="--requests 50"
SCALES ?= brussels belgium
BENCH_ARGS ?=
bench: setup
	$(BIN)/python bench/run.py --scales $(SCALES) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var
