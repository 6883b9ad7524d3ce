# Everything a new machine needs: `make demo` (set up, scan the bundled examples, write an HTML report)
# and `make test` (set up, install the test packages: database servers, headless Chromium, a CJK font; run the
# whole suite). .ci/run calls `make test`; `make test-unit` runs only the tests that need no server and no browser.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.baomi-installed
OUT ?= out

.PHONY: install test-packages db-servers demo lint test test-unit dist bench-iac bench-growth bench-aws bench-history catalog-docs clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

install: $(STAMP)

# Debian's packages for the integration tests (needs root; idempotent, instant when all are there): PostgreSQL 15 +
# pgaudit and MariaDB for the database tests, chromium + chromium-driver for the browser tests and PDF printing,
# fonts-wqy-microhei so Chinese renders in screenshots and PDFs. `db-servers` is its older name.
test-packages:
	sh scripts/install-test-packages.sh

db-servers: test-packages

demo: install
	@mkdir -p $(OUT)
	$(BIN)/baomi scan examples/terraform/aws-insecure --lang en \
	    --format html:$(OUT)/aws-insecure.html --format json:$(OUT)/aws-insecure.json \
	    --format markdown:$(OUT)/aws-insecure.md; test $$? -le 1
	$(BIN)/baomi scan examples/terraform/aws-hardened --lang en \
	    --format html:$(OUT)/aws-hardened.html --fail-under 90 --fail-on high
	@echo "HTML reports: $(OUT)/aws-insecure.html (insecure example), $(OUT)/aws-hardened.html (hardened)"

# ruff (rules in pyproject.toml) over the code, tests and benchmarks; mypy --strict over baomi/; the import
# contract of the pipeline's layers (pyproject.toml, [tool.importlinter]). Run by .ci/run.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install test-packages
	$(BIN)/pytest

# The unit tests alone: no PostgreSQL, MariaDB or moto server or browser started, nothing installed as root
# (docs/testing.md).
test-unit: install
	$(BIN)/pytest -m "not db and not aws and not browser"

# An sdist and a wheel in $(DIST)/ (docs/ci.md#installing), for a runner or an image with no package index entry
# for baomi. Built with the virtualenv's own setuptools (pinned in the test extra), so nothing is fetched to build.
DIST ?= dist
dist: install
	rm -f $(DIST)/baomi-*.whl $(DIST)/baomi-*.tar.gz
	$(BIN)/python -m build --no-isolation --outdir $(DIST) .

bench-iac: install
	$(BIN)/python benchmarks/iac.py

# Scan time against code size (1, 4, 16, 64 copies of examples/terraform/aws-insecure and a real module tree):
# by default the trimmed terraform-aws-vpc of the corpus; another with TREE=DIR [EXAMPLES=a,b] (docs/benchmarks.md).
TREE ?= tests/realworld/terraform-aws-vpc
bench-growth: install
	$(BIN)/python benchmarks/iac_growth.py --tree $(TREE) $(if $(EXAMPLES),--examples $(EXAMPLES))

bench-aws: install
	$(BIN)/python benchmarks/aws.py

# The history database: record() of 10,000 findings, and the size after a year of daily scans of the examples,
# on SQLite and on a throwaway PostgreSQL server (needs root and `make test-packages`; docs/benchmarks.md).
bench-history: install
	$(BIN)/python benchmarks/history.py

# Regenerate the catalog tables in README.md from the catalog YAML.
catalog-docs: install
	$(BIN)/python scripts/catalog_tables.py

clean:
	rm -rf $(OUT) .pytest_cache build dist *.egg-info
