# CRM Workbench: `make run` runs the pipeline on the demo company, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
# The Spark extra (data.engine: spark): its pinned packages are cut out of the lock and
# installed by `make spark` only (pyspark is a 400 MB download that `make run` does not need)
SPARK_PACKAGES := pyspark|py4j
SPARK_STAMP    := $(VENV)/.spark-installed

.DEFAULT_GOAL := help
.PHONY: help run test lint format lab demo-data example-data bench lock clean java spark

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# Exact versions with hashes from requirements.lock, then the project itself (no dependency
# resolution at install time: a fresh machine gets what the lock says, not last night's releases).
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	awk '/^[A-Za-z0-9]/ {spark = ($$1 ~ /^($(SPARK_PACKAGES))==/)} !spark' $(LOCK) > $(VENV)/base.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r $(VENV)/base.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

lock: ## refresh requirements.lock from pyproject.toml with uv (needs the network; commit the result)
	@test -x .venv-lock/bin/uv || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet uv; }
	.venv-lock/bin/uv pip compile pyproject.toml requirements-build.in --extra test --extra spark --universal \
		--generate-hashes --python-version 3.11 --no-header --output-file $(LOCK)

run: $(STAMP) ## run the pipeline on the demo company; prints where the report is
	$(BIN)/crm run --config configs/demo.yaml

# Java for the Spark tests: present, or installed from the Debian archive when we are root
# (the CI machine); anywhere else the reason is printed and the Spark tests skip.
java: ## Java for data.engine spark (apt-get install default-jre-headless as root)
	@if command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends default-jre-headless; } \
		|| echo "installing Java failed: the Spark tests will skip"; \
	else echo "no java, and no apt-get as root to install it: the Spark tests will skip"; fi

spark: $(SPARK_STAMP) java ## the Spark extra: pyspark from requirements.lock (hashes checked) and Java

$(SPARK_STAMP): $(STAMP) $(LOCK)
	@awk '/^[A-Za-z0-9]/ {spark = ($$1 ~ /^($(SPARK_PACKAGES))==/)} spark' $(LOCK) > $(VENV)/spark.lock
	@if grep -q '^pyspark==' $(VENV)/spark.lock; then \
		$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(VENV)/spark.lock \
		&& touch $@; \
	else echo "pyspark is not in $(LOCK) yet (make lock): the Spark tests will skip"; fi

test: $(STAMP) lint spark ## lint, then the whole test suite (Spark tests skip without pyspark or Java)
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
