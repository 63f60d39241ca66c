# Set-up and everyday commands. Every target installs what it needs on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := python3 -m uv
PY := .venv/bin/python

.PHONY: help install run serve worker schedule test test-faults fuzz lint messages chromium clean assets \
	screenshots bench bench-load

help:
	@echo "make run     install, migrate the SQLite database, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test    install, run the whole suite on SQLite (browser tests included), its database tests again on PostgreSQL when reachable"
	@echo "make serve   gunicorn with production settings (needs SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, SITE_URL, FIELD_ENCRYPTION_KEY)"
	@echo "make worker  run the background task worker"
	@echo "make schedule  run the scheduled work each minute (production: cron/systemd runs manage.py run_schedule)"
	@echo "make test-faults  fault injection (root): gunicorn workers, PostgreSQL, the worker and the scheduler killed; a full disk"
	@echo "make fuzz    the hostile-input tests (tests/fuzz) with a larger budget: FUZZ_EXAMPLES=50, every persona"
	@echo "make lint    ruff, makemigrations --check, check --deploy"
	@echo "make bench   every benchmark of bench/ and the load test (about an hour; BENCH_QUICK=1: minutes); figures in var/bench/, reported in docs/performance.md"
	@echo "make screenshots  demo data in a throw-away database; full-page PNGs (Dutch, 390 and 1280 px) into docs/screenshots/"
	@echo "make bench-load  the real journeys under load (Locust, HAProxy, PostgreSQL): one instance, then two"
	@echo "make assets  refresh the vendored front-end files from the npm registry (needs npm; make run does not)"
	@echo "make authorization-doc  rewrite docs/authorization.md from tests/authorization/expected.txt"

install:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv
	@$(UV) sync --frozen --quiet
	@mkdir -p var
	@$(PY) -m babel.messages.frontend compile -d locale -D django >/dev/null

# The authorization matrix's table is data (tests/authorization/expected.txt); its doc is
# written from it, and a test fails while the committed doc is out of date.
.PHONY: authorization-doc
authorization-doc: install
	$(PY) -m tests.authorization.doc

messages:
	$(PY) manage.py makemessages -l en --no-obsolete --ignore '.venv/*' --ignore '.uv-cache/*' --ignore 'var/*'

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving MijnPSO on http://127.0.0.1:8000 with a background worker and the schedule each minute (Ctrl+C stops all)"
	@$(PY) manage.py db_worker --interval 1 >var/worker.log 2>&1 & worker=$$!; \
		( while true; do $(PY) manage.py run_schedule; sleep 60; done ) >var/schedule.log 2>&1 & schedule=$$!; \
		trap "kill $$worker $$schedule 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

serve: install
	@test -n "$$DATABASE_URL" || { echo "make serve: set DATABASE_URL (and SECRET_KEY, ALLOWED_HOSTS, SITE_URL)"; exit 1; }
	DJANGO_SETTINGS_MODULE=psoportal.settings_production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=psoportal.settings_production $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=psoportal.settings_production .venv/bin/gunicorn psoportal.wsgi \
		--bind $${BIND:-127.0.0.1:8000} --workers $${WEB_CONCURRENCY:-2} --access-logfile -

worker: install
	$(PY) manage.py db_worker

# django-tasks has no periodic tasks (its maintainer advises cron, django-tasks issue #172): in
# production cron or a systemd timer runs `manage.py run_schedule` each minute; this loop is the
# same for a developer's machine. Every run is idempotent, so an overlap does nothing twice.
schedule: install
	while true; do $(PY) manage.py run_schedule; sleep 60; done

# Locust is in the bench dependency group, not needed by the tests or the site.
bench: install
	@$(UV) sync --frozen --group bench --quiet
	@command -v haproxy >/dev/null || { apt-get update -qq && apt-get install -y -qq haproxy; }
	@bash scripts/bench_all.sh

chromium:
	@bash scripts/ensure-chromium.sh

test: install chromium
	@bash scripts/test.sh

# Fault injection (tests/faults, issue 15 §3): a throw-away PostgreSQL cluster on port 5440,
# gunicorn on 8820, an SMTP sink on 8821, tmpfs mounts for uploads. Needs root (runuser,
# mount); removes everything it starts. `make test` runs it after the PostgreSQL run (scripts/test.sh);
# plain pytest deselects it (its tests run only with -m faults).
test-faults: install
	.venv/bin/pytest tests/faults -m faults -p no:randomly

# CI runs tests/fuzz with three derandomized examples per form; this draws many more, new ones
# each run (HYPOTHESIS_PROFILE=explore), and fuzzes each form as every persona that sees it.
fuzz: install
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-50} FUZZ_EVERY_PERSONA=1 FUZZ_PAGES_PER_PATTERN=2 HYPOTHESIS_PROFILE=explore \
		DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest tests/fuzz -p no:randomly

lint: install
	.venv/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=lint-only-$$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
		DATABASE_URL=sqlite:///var/lint.sqlite3 ALLOWED_HOSTS=pso.example SITE_URL=https://pso.example \
		FIELD_ENCRYPTION_KEY=$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') \
		DJANGO_SETTINGS_MODULE=psoportal.settings_production \
		$(PY) manage.py check --deploy --fail-level WARNING

# Front-end packages are pinned in package.json + package-lock.json; their built files are
# committed, so only this target needs npm.
assets:
	npm ci --no-audit --no-fund --ignore-scripts
	cp node_modules/axe-core/axe.min.js tests/e2e/vendor/axe.min.js
	cp node_modules/axe-core/LICENSE tests/e2e/vendor/axe-core.LICENSE
	mkdir -p static/vendor/utrecht
	cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht/component-library.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md static/vendor/utrecht/LICENSE.md
	node -p "require('@utrecht/component-library-css/package.json').version" > static/vendor/utrecht/VERSION

screenshots: install chromium
	$(PY) scripts/screenshots.py

# The load test (bench/load.py): Locust from the bench group, HAProxy from Debian's packages,
# PostgreSQL on 127.0.0.1:5432 (its own database, bench_load). LOAD_ARGS passes options, e.g.
# LOAD_ARGS="--users 20 --duration 60". Runs one instance, then two behind the same proxy.
bench-load: install
	@$(UV) sync --frozen --quiet --group bench
	@command -v haproxy >/dev/null || { apt-get update -qq && apt-get install -y -qq haproxy; }
	$(PY) bench/load.py --instances 1 $(LOAD_ARGS)
	$(PY) bench/load.py --instances 2 $(LOAD_ARGS)

clean:
	rm -rf .venv var .uv-cache
