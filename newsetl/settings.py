"""Defaults shared by the CLI, the flow and the Makefile.

Prefect reads its settings once, when `prefect` is first imported, so `apply_prefect_defaults`
must run before that import; it only fills in variables the caller has not set, so an
explicit environment (a worker, CI, a real server's PREFECT_API_URL) always wins.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_INPUTS = ("samples",)
DEFAULT_OUT = "data"
DEFAULT_SOURCE = "local"
BATCH_SIZE = 200  # pages per transform task: Prefect overhead stays under 15% (bench/orchestration.py)

ARTICLES_DIR = "articles"
QUARANTINE_DIR = "quarantine"


def prefect_defaults() -> dict[str, str]:
    """Local ephemeral mode: no server to run, state kept in the project, not in ~/.prefect."""
    return {
        "PREFECT_HOME": str(PROJECT_ROOT / "prefect-home"),
        # The first flow on a fresh PREFECT_HOME runs database migrations: 9-16 s measured,
        # more on a busy machine, against a default limit of 20 s.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


def apply_prefect_defaults(env: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Set each default that is not already set; returns the ones applied."""
    env = os.environ if env is None else env
    applied = {}
    for key, value in prefect_defaults().items():
        if key not in env:
            env[key] = value
            applied[key] = value
    return applied


def articles_root(out: str | Path) -> Path:
    return Path(out) / ARTICLES_DIR


def quarantine_root(out: str | Path) -> Path:
    return Path(out) / QUARANTINE_DIR
