# CRM Workbench: `make run` runs the pipeline on the demo company, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock

.DEFAULT_GOAL := help
.PHONY: help run test lint format lab demo-data example-data bench lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# Exact versions with hashes from requirements.lock, then the project itself (no dependency
# resolution at install time: a fresh machine gets what the lock says, not last night's releases).
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

lock: ## refresh requirements.lock from pyproject.toml with uv (needs the network; commit the result)
	@test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet uv; }
	.venv-lock/bin/uv pip compile pyproject.toml requirements-build.in --extra test --universal \
		--generate-hashes --python-version 3.11 --no-header --output-file $(LOCK)

run: $(STAMP) ## run the pipeline on the demo company; prints where the report is
	$(BIN)/crm run --config configs/demo.yaml

test: $(STAMP) lint ## lint, then the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff format check and lint (notebooks included)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP) ## apply ruff formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lab: $(STAMP) ## JupyterLab on notebooks/ with the project's environment
	$(BIN)/jupyter lab notebooks/

demo-data: $(STAMP) ## write the demo company to data/generated/demo
	$(BIN)/crm demo-data --out data/generated/demo

example-data: $(STAMP) ## rebuild the shipped Shift_JIS export in data/example_sjis
	rm -rf data/example_sjis
	$(BIN)/crm demo-data --out data/example_sjis --customers 300 --seed 7 --format csv \
		--encoding cp932 --japanese-headers --tables transactions,customers,feedback

bench: $(STAMP) ## scale benchmarks (slow; never part of make test)
	$(BIN)/python benchmarks/bench_demo_data.py --customers 1000000
	$(BIN)/python benchmarks/bench_load_csv.py --rows 5000000

clean: ## remove the environment and run outputs
	rm -rf $(VENV) .venv-lock reports .pytest_cache .ruff_cache
