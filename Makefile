# The two commands: `make run` (try it) and `make test` (check it).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format migrations install clean

run: $(INSTALLED)  ## Migrate, load the Lubartów demo data, serve at http://127.0.0.1:8000
	$(BIN)/hdr-desk migrate
	$(BIN)/hdr-desk seed --demo
	HDR_DEMO_LOGIN=1 HDR_GMINA_NAME="$${HDR_GMINA_NAME:-Gmina Lubartów}" $(BIN)/hdr-desk serve

test: $(INSTALLED)  ## The whole suite, one process per CPU (add PostgreSQL with HDR_TEST_DATABASE_URL)
	$(BIN)/pytest -n auto

lint: $(INSTALLED)  ## What must be clean before a commit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations: $(INSTALLED)  ## Write a migration for model changes
	$(BIN)/python -m hdr_desk.makemigrations

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
