# voipbin-contract: every target creates .venv (and node_modules where needed) on first use.
# `make` alone lists the targets.

SPEC ?= openapi.yaml
PYTHON ?= python3
PYTEST_ARGS ?=
# Processes `make test` runs pytest in (pytest-xdist); 1 runs it in this one.
PYTEST_WORKERS ?= 4
MOCK_ARGS ?=
# make contract BASE_URL=https://api.voipbin.net ACCESSKEY=... (or TOKEN=<a JWT>) points the suite at another server.
BASE_URL ?=
ACCESSKEY ?=
TOKEN ?=
# make contract PROFILE=tutorial runs the bundled mock as the tutorial documents the API (default: service);
# STRICT=1 holds the server to the documented contract: every known deviation fails.
PROFILE ?=
STRICT ?=

VENV := .venv
BIN := $(VENV)/bin
CLIENT := generated/voipbin-client
SDK := sdk/voipbin-sdk
PY_STAMP := $(VENV)/.installed
CLIENT_STAMP := $(VENV)/.installed-client
NODE_STAMP := node_modules/.installed

# Redocly CLI: no telemetry and no update check; the only network this project may use is the package registries.
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help generate check-generated lint format check test contract proxy mock docs bench dist clean browser segment-vectors

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(PY_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[mock,suite,dev]'
	touch $@

# The generated client is installed apart, so that `make generate` works even when generated/ is gone; the SDK
# beside it without its dependencies, which pyproject.toml pins. Compat mode puts the SDK's folder on the path,
# where mypy finds it.
$(CLIENT_STAMP): $(PY_STAMP) $(CLIENT)/pyproject.toml $(SDK)/pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e $(CLIENT)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e $(SDK) \
		--config-settings editable_mode=compat
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

generate: $(PY_STAMP) ## Regenerate generated/voipbin-client from openapi.yaml.
	$(BIN)/python scripts/generate.py --spec $(SPEC)

check-generated: $(PY_STAMP) ## Fail if generated/ differs from what openapi.yaml generates.
	$(BIN)/python scripts/generate.py --check --spec $(SPEC)

lint: $(CLIENT_STAMP) $(NODE_STAMP) ## Report problems: ruff, mypy (hand-written and generated code, the SDK strict), spec validators, workflows.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --diff .
	$(BIN)/mypy
	$(BIN)/mypy --strict $(CLIENT)/voipbin_client $(SDK)/voipbin_sdk
	$(BIN)/openapi-spec-validator $(SPEC)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml ci/*.yml
	npx --no-install redocly lint --format=stylish --max-problems=50 $(SPEC)

format: $(PY_STAMP) ## Fix what ruff can fix in hand-written code.
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

browser: ## Install Debian's chromium for the reference's browser test, if it is not there.
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) || \
		{ echo "make: cannot install Debian's chromium (apt-get install chromium, as root); the docs browser test needs it." >&2; exit 1; }

check: $(CLIENT_STAMP) ## The edit loop's fast lane, about a minute: ruff, mypy and every test but the slow ones (make test runs all).
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal -m "not slow" $(PYTEST_ARGS)

test: check-generated lint docs browser ## Run every test (the command CI runs).
	$(BIN)/python -m pytest $(if $(filter-out 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist worksteal) $(PYTEST_ARGS)

# Handed to the suite through the environment, so that make never echoes a credential.
# The server `make contract` checks: BASE_URL, else VOIPBIN_BASE_URL, else the bundled mock, asked for by name
# (`mock`). A variable set but empty (a CI secret never set) is passed on empty, and the suite refuses it.
BASE_URL_GIVEN = $(filter-out undefined file default,$(origin BASE_URL) $(origin VOIPBIN_BASE_URL))
CONTRACT_BASE_URL = $(or $(BASE_URL),$(VOIPBIN_BASE_URL),$(if $(BASE_URL_GIVEN),,mock))
contract: export VOIPBIN_BASE_URL := $(CONTRACT_BASE_URL)
contract: export VOIPBIN_TOKEN := $(or $(TOKEN),$(VOIPBIN_TOKEN))
contract: export VOIPBIN_ACCESSKEY := $(or $(ACCESSKEY),$(VOIPBIN_ACCESSKEY))
contract: export VOIPBIN_MOCK_PROFILE := $(or $(PROFILE),$(VOIPBIN_MOCK_PROFILE))
contract: export VOIPBIN_STRICT := $(or $(STRICT),$(VOIPBIN_STRICT))
contract: export VOIPBIN_SPEC := $(abspath $(SPEC))
contract: $(CLIENT_STAMP) ## Check a server against openapi.yaml: the bundled mock, or BASE_URL with ACCESSKEY or TOKEN.
	mkdir -p reports
	rm -f reports/contract.xml reports/summary.md reports/deviations.json reports/contract.log
	$(BIN)/python -m pytest src/voipbin_contract -p no:cacheprovider -o addopts="" -o testpaths=src/voipbin_contract \
		--junitxml=reports/contract.xml -rfEs $(PYTEST_ARGS) 2>&1 | tee reports/contract.log; \
		status=$${PIPESTATUS[0]}; $(BIN)/python -m voipbin_contract.summary reports/contract.xml reports/summary.md; exit $$status

proxy: $(PY_STAMP) ## Forward to UPSTREAM unchanged, judging every exchange (LISTEN=127.0.0.1:8080); report in reports/proxy at ^C.
	@test -n "$(UPSTREAM)" || (echo "make proxy: set UPSTREAM=https://... (the server to forward to)" >&2; exit 2)
	$(BIN)/python -m voipbin_contract proxy --upstream "$(UPSTREAM)" --listen "$(or $(LISTEN),127.0.0.1:8080)" \
		--report reports/proxy $(if $(FAIL_ON_VIOLATION),--fail-on-violation)

mock: $(PY_STAMP) ## Run the stateful mock server on http://127.0.0.1:8000 (options: MOCK_ARGS="--instant --db mock.db").
	$(BIN)/python -m voipbin_mock --spec $(SPEC) $(MOCK_ARGS)

segment-vectors: $(NODE_STAMP) ## Rewrite src/voipbin_contract/segment_vectors.json with the pinned sms-segments-calculator.
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
