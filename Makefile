# voipbin-contract: every target creates .venv (and node_modules where needed) on first use.
# `make` alone lists the targets.

SPEC ?= openapi.yaml
PYTHON ?= python3
PYTEST_ARGS ?=
# Processes `make test` and `make check` run pytest in (pytest-xdist): two per core, at most 16, since many tests
# spend their time waiting on a server (a whole run of the suite waits out the dispatch it checks; 2 cores busy 1.3 of
# them with one worker each, 1.7 with two); 1 runs it in this one.
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); echo $$(( 2 * n < 16 ? 2 * n : 16 )))
MOCK_ARGS ?=
# make contract's variables, each the suite's option of that name when given on make's command line:
# BASE_URL=https://api.voipbin.net with ACCESSKEY=... (or TOKEN=<a JWT>) points it at another server (the credentials
# reach it through its environment, so that make echoes none); PROFILE=tutorial runs the bundled mock as the tutorial
# documents the API; STRICT=1 fails every known deviation; EXAMPLES and SEED as their options. Every other setting
# is its VOIPBIN_ variable (docs/suite.md). REPORTS is the folder the reports go to.
REPORTS ?= reports
VENV := .venv
BIN := $(VENV)/bin
CLIENT := generated/voipbin-client
SDK := sdk/voipbin-sdk
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
# Installs into .venv go through uv's pip (pinned by the lock, installed first with pip): a fresh .venv with the
# locked set in 10 s, where pip took 39.
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python
LOCK := requirements.lock
PY_STAMP := $(VENV)/.installed
CLIENT_STAMP := $(VENV)/.installed-client
NODE_STAMP := node_modules/.installed

# Redocly CLI: no telemetry and no update check; the only network this project may use is the package registries.
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help generate check-generated lint format check test contract proxy mock docs bench dist clean browser segment-vectors lock

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# Every install takes the exact versions of requirements.lock (`make lock` writes it from the ranges): the build
# backends first, which then build this repository's own projects with nothing fetched for them.
$(PY_STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -c $(LOCK) uv
	$(UV) -c $(LOCK) setuptools setuptools-scm pdm-backend
	$(UV) -c $(LOCK) --no-build-isolation -e '.[mock,suite,dev]'
	touch $@

# The generated client is installed apart, so that `make generate` works even when generated/ is gone; the SDK
# beside it. Compat mode puts the SDK's folder on the path, where mypy finds it.
$(CLIENT_STAMP): $(PY_STAMP) $(CLIENT)/pyproject.toml $(SDK)/pyproject.toml
	$(UV) -c $(LOCK) --no-build-isolation -e $(CLIENT)
	$(UV) -c $(LOCK) --no-build-isolation -e $(SDK) --config-settings editable_mode=compat
	touch $@

lock: $(PY_STAMP) ## Rewrite requirements.lock from the ranges of pyproject.toml (UPGRADE=1: the newest each admits).
	$(BIN)/python scripts/lock.py $(if $(filter-out 0 false no,$(UPGRADE)),--upgrade)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

generate: $(PY_STAMP) ## Regenerate generated/voipbin-client from openapi.yaml.
	$(BIN)/python scripts/generate.py --spec $(SPEC)

check-generated: $(PY_STAMP) ## Fail if generated/ differs from what openapi.yaml generates.
	$(BIN)/python scripts/generate.py --check --spec $(SPEC)

lint: $(CLIENT_STAMP) $(NODE_STAMP) ## Report problems: ruff, mypy (hand-written and generated code, the SDK strict, the mock as on Windows), spec validators, workflows.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --diff .
	$(BIN)/mypy
	$(BIN)/mypy --strict $(CLIENT)/voipbin_client $(SDK)/voipbin_sdk
	$(BIN)/mypy --platform win32 src/voipbin_mock
	$(BIN)/openapi-spec-validator $(SPEC)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml ci/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-actions action.yml
	npx --no-install redocly lint --format=stylish --max-problems=50 $(SPEC)

format: $(PY_STAMP) ## Fix what ruff can fix in hand-written code.
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Only when asked: CI asks (.ci/run, and the workflow's own step); without a browser the reference's browser test is
# skipped, saying so.
browser: ## Install Debian's chromium (apt-get, as root) for the reference's browser test, if it is not there.
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) || \
		{ echo "make: cannot install Debian's chromium (apt-get install chromium, as root); the docs browser test needs it." >&2; exit 1; }

check: $(CLIENT_STAMP) $(NODE_STAMP) ## The edit loop's fast lane, about a minute: ruff, mypy and every test but the slow ones (make test runs all).
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal -m "not slow" $(PYTEST_ARGS)

test: check-generated lint docs ## Run every test (the command CI runs, after `make browser`).
	$(BIN)/python -m pytest $(if $(filter-out 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist worksteal) $(PYTEST_ARGS)

# Each of these given on make's command line becomes the suite's option (BASE_URL -> --base-url); an empty one is
# passed on empty, and the suite refuses it (a CI secret that was never set).
given = $(filter command line,$(origin $(1)))
option_of = $(if $(call given,$(1)),--$(2)="$($(1))")
CONTRACT_OPTIONS = $(call option_of,BASE_URL,base-url) $(call option_of,PROFILE,profile) \
	$(call option_of,EXAMPLES,examples) $(call option_of,SEED,seed) \
	$(if $(call given,STRICT),$(if $(filter-out 0 false no,$(STRICT)),--strict))
contract: export VOIPBIN_ACCESSKEY := $(or $(ACCESSKEY),$(VOIPBIN_ACCESSKEY))
contract: export VOIPBIN_TOKEN := $(or $(TOKEN),$(VOIPBIN_TOKEN))
contract: $(CLIENT_STAMP) ## Check a server against openapi.yaml: the bundled mock, or BASE_URL with ACCESSKEY or TOKEN; reports in REPORTS.
	mkdir -p "$(REPORTS)"
	rm -f "$(REPORTS)/contract.xml" "$(REPORTS)/summary.md" "$(REPORTS)/deviations.json" "$(REPORTS)/contract.log"
	$(BIN)/voipbin-contract $(CONTRACT_OPTIONS) --reports "$(REPORTS)" $(if $(PYTEST_ARGS),-- $(PYTEST_ARGS)) 2>&1 \
		| tee "$(REPORTS)/contract.log"; exit $${PIPESTATUS[0]}

proxy: $(PY_STAMP) ## Forward to UPSTREAM unchanged, judging every exchange (LISTEN=127.0.0.1:8080); report in reports/proxy at ^C.
	@test -n "$(UPSTREAM)" || (echo "make proxy: set UPSTREAM=https://... (the server to forward to)" >&2; exit 2)
	$(BIN)/python -m voipbin_contract proxy --upstream "$(UPSTREAM)" --listen "$(or $(LISTEN),127.0.0.1:8080)" \
		--report reports/proxy $(if $(FAIL_ON_VIOLATION),--fail-on-violation)

mock: $(PY_STAMP) ## Run the stateful mock server on http://127.0.0.1:8000 (options: MOCK_ARGS="--instant --db mock.db").
	$(BIN)/python -m voipbin_mock --spec $(SPEC) $(MOCK_ARGS)

segment-vectors: $(NODE_STAMP) ## Rewrite src/voipbin_contract/rules/segment_vectors.json with the pinned sms-segments-calculator.
	node scripts/segment_vectors.mjs

docs: $(PY_STAMP) $(NODE_STAMP) ## Render openapi.yaml as a self-contained, offline HTML reference: docs/index.html.
	$(BIN)/python scripts/reference.py $(SPEC) build/reference.yaml
	npx --no-install redocly build-docs build/reference.yaml --inlineBundle --output docs/index.html
	$(BIN)/python scripts/offline_docs.py docs/index.html

bench: $(CLIENT_STAMP) $(NODE_STAMP) ## Run every benchmark (mock vs Prism, scale, client cost, suite speed); writes benchmarks/RESULTS.md.
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m benchmarks

dist: $(PY_STAMP) ## Build every wheel into dist/: voipbin-mock, voipbin-contract, voipbin-client, voipbin-sdk.
	$(BIN)/python scripts/dist.py --out dist

clean: ## Remove the environments, caches and built output.
	rm -rf $(VENV) node_modules docs/index.html reports .pytest_cache .mypy_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
