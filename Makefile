# Short, obvious targets; `make help` lists them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install setup run test test-fast lint format migrations-check bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV)/.synced: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --python $(BIN)/python --quiet
	@touch $@

install: $(VENV)/.synced ## Create the virtual environment with the locked dependencies

setup: install ## Install, migrate, load the accommodation catalog and the demo data
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalog
	$(BIN)/python manage.py seed_demo

run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: export DEMO_MODE ?= true
run: setup ## Serve the portal at http://127.0.0.1:8000 with a Celery worker and beat
	$(BIN)/python manage.py serve --port $(PORT)

test: install ## Run the whole test suite
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: install ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint findings and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install ## Fail if a model change has no migration
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install ## Run the benchmarks (they print ratios; not part of the tests; digests and api need PostgreSQL and Redis)
	$(BIN)/python bench/letters.py
	$(BIN)/python bench/digests.py
	$(BIN)/python bench/api.py

clean: ## Remove the virtual environment and local data (database, mail, media, queue)
	rm -rf $(VENV) var
