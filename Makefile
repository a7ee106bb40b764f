# motcua – the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run test test-sqlite test-postgres bench lint format messages openapi clean

$(BIN)/motcua: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The worker sends the notifications (with the console backends of a demo, the SMS and e-mails, one-time codes
# included, are printed here: it runs in debug mode, as codes are masked otherwise); it stops with the server.
run: export MOTCUA_PUBLIC_URL ?= http://$(HOST):$(PORT)
run: export MOTCUA_NATIONAL_PORTAL_URL ?= http://127.0.0.1:8766
run: export MOTCUA_OIDC_ISSUER ?= http://127.0.0.1:8767
run: $(BIN)/motcua
	$(BIN)/motcua migrate --noinput
	$(BIN)/motcua collectstatic --noinput --verbosity 0
	$(BIN)/motcua demo
	MOTCUA_DEBUG=$${MOTCUA_DEBUG:-true} $(BIN)/motcua worker & WORKER=$$!; \
	$(BIN)/motcua sandbox-gateway & GATEWAY=$$!; \
	$(BIN)/motcua fake-national-portal & PORTAL=$$!; \
	$(BIN)/motcua identity-provider --port 8767 --people-file var/identity-provider/people.txt \
		--redirect-uri $$MOTCUA_PUBLIC_URL/tai-khoan/dinh-danh/ve/ --post-logout-uri $$MOTCUA_PUBLIC_URL/ & IDP=$$!; \
	trap 'kill $$WORKER $$GATEWAY $$PORTAL $$IDP 2>/dev/null' EXIT INT TERM; \
	$(BIN)/motcua serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The browser suite (tests/e2e) drives /usr/bin/chromium; without it those tests are skipped, and said so.
BROWSER_NOTE = if [ ! -x /usr/bin/chromium ]; then \
		echo "== browser suite skipped: install chromium (apt-get install -y chromium)"; fi

# The suite runs in TEST_WORKERS processes (pytest-xdist; the machine's cores, at most 4): each has its own test
# database (test_motcua_gw0, …) and temporary folders; a file's tests stay in one process, so a server or a key a
# module starts once is started once (README, "Tests in parallel"). TEST_WORKERS=0 runs it in this process alone.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist loadfile

# The browser journeys (tests/e2e) run once, on SQLite: what they check is the pages, and the PostgreSQL run
# covers every service and query underneath them; running them twice brought CI to its 25-minute limit.
test: $(BIN)/motcua
	@$(BROWSER_NOTE)
	$(BIN)/pytest $(PYTEST_PARALLEL)
	@if [ -n "$$MOTCUA_TEST_DATABASE_URL" ]; then \
		echo "== the same suite on PostgreSQL ($$MOTCUA_TEST_DATABASE_URL), the browser journeys left to the SQLite run"; \
		MOTCUA_DATABASE_URL="$$MOTCUA_TEST_DATABASE_URL" $(BIN)/pytest $(PYTEST_PARALLEL) -m "not e2e"; \
	else \
		echo "== PostgreSQL run skipped: set MOTCUA_TEST_DATABASE_URL=postgres://... to run the suite there too"; \
	fi
	@$(BROWSER_NOTE)

bench: $(BIN)/motcua
	$(BIN)/python bench/run.py

# Style, the direction of dependencies (import-linter contracts in pyproject.toml), types (mypy), and no model
# change without its migration.
lint: $(BIN)/motcua
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/motcua makemigrations --check --dry-run

format: $(BIN)/motcua
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# Translations: extract the English msgids, then compile after editing locale/vi/LC_MESSAGES/django.po.
messages: $(BIN)/motcua
	cd src/motcua && ../../$(BIN)/motcua makemessages --locale vi --no-obsolete --no-location --ignore 'migrations/*'
	cd src/motcua && ../../$(BIN)/motcua compilemessages --locale vi

openapi: $(BIN)/motcua
	$(BIN)/python -c "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'motcua.config.settings'); django.setup(); from motcua.api.api import api; print(json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2))" > docs/openapi.json

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis .mypy_cache .import_linter_cache
