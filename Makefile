# Needs only python3 (3.11+), pip and make: uv is installed into .tools, everything else into
# .venv from uv.lock. Targets depend on a stamp file, so the bootstrap is skipped while .venv
# is newer than uv.lock and pyproject.toml.

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
STAMP := $(VENV)/.synced

INPUT ?= samples
OUT ?= data
SOURCE ?= samples
PYTEST_ARGS ?= -q
# e.g. UV_SYNC_ARGS=--all-groups to keep the bench tools: a plain sync removes groups not asked for.
UV_SYNC_ARGS ?=

# Local ephemeral Prefect: no server to start, and nothing written to ~/.prefect.
export UV_PYTHON_DOWNLOADS := never
export PREFECT_HOME ?= $(CURDIR)/prefect-home
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
# Byte code compiled once at install: machines that set PYTHONDONTWRITEBYTECODE (CI, containers)
# would otherwise compile every imported module in every process (measured: `newsetl run` on the
# samples 23.8 s without, 13.2 s with; ../shared/notes/measured-facts.md).
export UV_COMPILE_BYTECODE := 1

# A local Prefect server for scheduled runs and backfills (see deployment.yaml, docs/orchestration.md).
PREFECT_PORT ?= 4200
PREFECT_API ?= http://127.0.0.1:$(PREFECT_PORT)/api
POOL ?= local-process
POOL_LIMIT ?= 4
UNIT_LIMIT ?= 2
PREFECT_CLI = PREFECT_API_URL=$(PREFECT_API) $(VENV)/bin/prefect

.PHONY: bootstrap run test test-fast lint clean server deploy worker serve notebook

bootstrap: $(STAMP)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# uv is order-only: reinstalling it must not force a re-sync.
$(STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen $(UV_SYNC_ARGS)
	$(VENV)/bin/python -m compileall -q -j 0 flows extract load newsetl transform >/dev/null
	touch $@

run: $(STAMP)
	$(VENV)/bin/newsetl run --input $(INPUT) --out $(OUT) --source $(SOURCE)

# pytest exits 5 when it collected nothing: a suite that silently vanished is a failure.
test: $(STAMP)
	@$(VENV)/bin/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

# The suite without the `slow` tests (no Prefect servers, workers or Dask clusters): ~1.5 min.
test-fast: $(STAMP)
	@$(VENV)/bin/pytest $(PYTEST_ARGS) -m "not slow"; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# The Prefect server and UI (http://127.0.0.1:$(PREFECT_PORT)); state in $(PREFECT_HOME). Keep it running.
# PREFECT_UI_API_URL: the UI calls this API address (its default assumes port 4200).
server: $(STAMP)
	PREFECT_UI_API_URL=$(PREFECT_API) $(VENV)/bin/prefect server start --host 127.0.0.1 --port $(PREFECT_PORT)

# Idempotent: work pool (with its limit), the global limit on backfill units, every
# deployment in deployment.yaml, then the failure automation of the scheduled deployments
# (flows/alerts.py; NEWSETL_ALERT_WEBHOOK=https://... adds a webhook call). Needs `make server` running.
deploy: $(STAMP)
	$(PREFECT_CLI) work-pool inspect $(POOL) >/dev/null 2>&1 || $(PREFECT_CLI) work-pool create $(POOL) --type process
	$(PREFECT_CLI) work-pool set-concurrency-limit $(POOL) $(POOL_LIMIT)
	$(PREFECT_CLI) gcl inspect backfill-units >/dev/null 2>&1 || $(PREFECT_CLI) gcl create backfill-units --limit $(UNIT_LIMIT)
	$(PREFECT_CLI) deploy --prefect-file deployment.yaml --all --no-prompt
	PREFECT_API_URL=$(PREFECT_API) $(VENV)/bin/python -m flows.alerts

# Runs the scheduled and the UI-launched flow runs of the pool (all its queues).
worker: $(STAMP)
	$(PREFECT_CLI) worker start --pool $(POOL)

# One process instead of deploy + worker: serves deployment.yaml's deployments (flows/serve.py).
serve: $(STAMP)
	PREFECT_API_URL=$(PREFECT_API) $(VENV)/bin/python -m flows.serve --create-limits

# The analyst's notebook over ./data (run `make run` first), in Jupyter from the lock's notebook
# group, installed into its own environment so that the run's stays lean (see pyproject.toml).
notebook: $(STAMP)
	UV_PROJECT_ENVIRONMENT=.venv-notebook $(UV) sync --frozen --group notebook
	.venv-notebook/bin/jupyter notebook notebooks/explore.ipynb

# Removes local state and caches, never the output data.
clean:
	rm -rf prefect-home .pytest_cache .ruff_cache
