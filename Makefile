# devzone — `make run` to try it, `make test` to prove it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-template setup venv assets translations static migrate seed lint format worker beat messages clean bench

# The settings default to production (DEBUG off, SECRET_KEY required: ADR 0011); the development
# targets run with DEBUG on unless DEBUG is set in the environment.
run setup translations static migrate seed messages lint test-template worker beat: export DEBUG ?= 1

run: setup migrate seed  ## set everything up and serve the portal with demo data on the embedded default
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# pytest-xdist workers for `make test` (0: one process); each has its own test database and
# Redis db (ADR 0007). Work stealing: a worker that runs out takes the rest of the other's queue,
# so the run does not end with one worker finishing long tests alone (ADR 0032).
PYTEST_WORKERS ?= 2

# The lint steps and the test databases' template (migrated and seeded once: ADR 0007) are made
# side by side; each pytest-xdist worker then copies the template instead of migrating and seeding.
test: setup  ## the whole suite (PostgreSQL/Redis tests skip without DATABASE_URL, fail with REQUIRE_SERVICES=1)
	$(MAKE) --no-print-directory -j2 lint test-template
	TEST_DB_TEMPLATE=1 $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS) || { rc=$$?; \
	  [ $$rc -ne 5 ] || echo "pytest collected no test (exit 5): a suite that runs nothing fails" >&2; exit $$rc; }

setup: venv assets translations static

static: venv assets
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# uv installs the locked set in seconds (pip took ~35 s of CI's budget); pip is the fallback.
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9 \
	  && $(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock \
	  || $(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations: venv
	$(BIN)/python manage.py compiletranslations

migrate: venv
	$(BIN)/python manage.py migrate --noinput

seed: venv
	$(BIN)/python manage.py seed_demo

# Packages mypy checks (config in pyproject.toml); grows as apps are cleaned.
MYPY_PATHS ?= devzone zones powers staffing finance assessment bench

lint: venv  ## ruff, the import contracts, mypy, the migration check, the OpenAPI schema check and check --deploy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(MYPY_PATHS)
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	DEBUG=0 ALLOWED_HOSTS=devzone.example.cn SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

test-template: venv  ## the migrated, seeded database the test databases copy (PostgreSQL only)
	$(BIN)/python manage.py prepare_test_template

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: venv  ## a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A devzone worker -Q default,reports -l info

beat: venv
	$(BIN)/celery -A devzone beat -l info

messages: venv  ## refresh the .po files after changing user-facing strings (needs GNU gettext)
	$(BIN)/python manage.py makemessages -l en --ignore=node_modules --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(BIN)/python manage.py makemessages -d djangojs -l en --ignore=node_modules --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3

# The `reports` queue in production: its own worker, one PDF at a time, each child process
# replaced once it has grown past REPORTS_WORKER_MAX_MEMORY_KB (Celery's
# worker_max_memory_per_child, in KiB) or rendered 50 reports (ADR 0113). `make worker` keeps
# consuming both queues for a one-machine setup.
REPORTS_WORKER_MAX_MEMORY_KB ?= 524288
REPORTS_WORKER_CONCURRENCY ?= 1
.PHONY: worker-reports
worker-reports: venv  ## a memory-capped Celery worker for the `reports` queue only
	$(BIN)/celery -A devzone worker -Q reports -n reports@%h --concurrency $(REPORTS_WORKER_CONCURRENCY) --max-memory-per-child $(REPORTS_WORKER_MAX_MEMORY_KB) --max-tasks-per-child 50 -l info

# The nationwide benchmark (bench/README.md): not part of `make test`. It flushes BENCH_DATABASE_URL.
BENCH_DATABASE_URL ?= postgres://devzone:devzone@127.0.0.1:5432/devzone_bench
BENCH_ARGS ?= --zones 2543
bench: venv  ## generate nationwide data, serve it with gunicorn + a Celery worker, measure over HTTP
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py $(BENCH_ARGS)
