# make run   — set up everything and serve the demo on http://127.0.0.1:8000
# make test  — the whole suite (against DATABASE_URL / REDIS_URL; defaults: this machine's
#              PostgreSQL and Redis, since tests must talk to the real services)
# make bench — the benchmarks (never part of make test)

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hisaab
TEST_REDIS_URL    ?= redis://127.0.0.1:6379/0

.PHONY: run test bench setup install system-deps lint migrations-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP)

setup: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py collectstatic --noinput --verbosity 0

run: setup
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:$${HISAAB_PORT:-8000} (pages and API: gunicorn; WebSocket: daphne on the next port; Celery worker and beat). Ctrl-C stops all."
	DEBUG=$${DEBUG:-1} $(VENV)/bin/honcho -f config/Procfile -d . start

system-deps:
	@.ci/system-deps

test: install system-deps
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	TESTING=1 SECRET_KEY=test-only-secret-key-not-for-production-use-0123456789 \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

bench: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
