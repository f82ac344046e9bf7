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

.PHONY: bootstrap run test lint clean

bootstrap: $(STAMP)

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# uv is order-only: reinstalling it must not force a re-sync.
$(STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen $(UV_SYNC_ARGS)
	touch $@

run: $(STAMP)
	$(VENV)/bin/newsetl run --input $(INPUT) --out $(OUT) --source $(SOURCE)

# pytest exits 5 when it collected nothing: a suite that silently vanished is a failure.
test: $(STAMP)
	@$(VENV)/bin/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Removes local state and caches, never the output data.
clean:
	rm -rf prefect-home .pytest_cache .ruff_cache
