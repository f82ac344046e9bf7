"""Configuration in one place: defaults and the NEWSETL_* environment, for the CLI, the flows
and the Makefile. A leaf module: it imports nothing of the project, so every layer may read it.

Environment (so a worker, `make serve` and the tests can point the same code elsewhere):

- NEWSETL_SOURCES_DIR: the source registry (default: <project>/sources);
- NEWSETL_OUT: the dataset root, a local directory or a URL such as s3://bucket/news;
- NEWSETL_DATA_DIR: local working data (raw WARC archive, fetch state, ledgers);
- NEWSETL_WORKERS, NEWSETL_PAGE_SECONDS, NEWSETL_PAGE_MEMORY_MB: parse worker processes and
  the time and memory budget of one page (docs/limits.md);
- NEWSETL_DASK_ADDRESS: a Dask scheduler (tcp://host:8786), "local" for a local cluster
  started by the flow, or empty for Prefect's default thread pool;
- NEWSETL_PDF_ENGINE: "pdfplumber" reads PDF pages with pdfminer instead of PDFium (the
  default, about five times faster); read by transform/pdf/reader.py, which may not import
  this module (docs/pdf.md, "Engines").

Prefect reads its settings once, when `prefect` is first imported, so `apply_prefect_defaults`
must run before that import; it only fills in variables the caller has not set, so an
explicit environment (a worker, CI, a real server's PREFECT_API_URL) always wins.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import MutableMapping
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_INPUTS = ("samples",)
DEFAULT_OUT = "data"
DEFAULT_SOURCE = "local"
BATCH_SIZE = 200  # pages per transform task: Prefect overhead stays under 15% (bench/orchestration.py)
BATCH_BYTES = 64 * 2**20  # and at most this much input per batch (flows.news_etl._batches)
MAX_PARALLEL_UNITS = 8  # backfill units (source, month) at once
# Per-page budgets of the parse workers (flows.workers; docs/limits.md). A dense e-paper PDF
# page parses in about 0.3 s and a 110 KB HTML page in 15 ms (2-core machine, 2026-12-04).
PAGE_SECONDS = 60.0  # wall clock one page's parse may take (NEWSETL_PAGE_SECONDS)
PAGE_MEMORY_MB = 768  # resident size a parse worker may reach on one page (NEWSETL_PAGE_MEMORY_MB)

ARTICLES_DIR = "articles"
QUARANTINE_DIR = "quarantine"


CLI_DATABASE = "cli.db"  # the CLI's own Prefect database, beside `make server`'s prefect.db


def prefect_defaults(env: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Local ephemeral mode: no server to run, state kept in the project, not in ~/.prefect.

    The command line's runs get their own database in prefect-home (`cli.db`): `make server`
    uses the same PREFECT_HOME, and sharing its `prefect.db` put every local CLI run in the
    server's UI. With PREFECT_API_URL set, runs go to that server and no database is chosen."""
    env = os.environ if env is None else env
    home = Path(env.get("PREFECT_HOME") or PROJECT_ROOT / "prefect-home")
    defaults = {
        "PREFECT_HOME": str(home),
        # The first flow on a fresh database runs migrations: 9-16 s measured, more on a busy
        # machine, against a default limit of 20 s.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    if not env.get("PREFECT_API_URL"):
        defaults["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{home / CLI_DATABASE}"
    return defaults


def apply_prefect_defaults(env: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Set each default that is not already set; returns the ones applied."""
    env = os.environ if env is None else env
    applied = {}
    for key, value in prefect_defaults(env).items():
        if key not in env and not (key == "PREFECT_SERVER_DATABASE_CONNECTION_URL"
                                   and "PREFECT_API_DATABASE_CONNECTION_URL" in env):
            env[key] = value
            applied[key] = value
    return applied


def articles_root(out: str | Path) -> Path:
    return Path(out) / ARTICLES_DIR


def quarantine_root(out: str | Path) -> Path:
    return Path(out) / QUARANTINE_DIR


def sources_dir() -> Path:
    """The source registry folder in use (NEWSETL_SOURCES_DIR, else <project>/sources)."""
    return Path(os.environ.get("NEWSETL_SOURCES_DIR") or PROJECT_ROOT / "sources")


def default_out() -> str:
    return os.environ.get("NEWSETL_OUT") or DEFAULT_OUT


def default_data_dir() -> str:
    return os.environ.get("NEWSETL_DATA_DIR") or DEFAULT_OUT


def dask_address(value: str | None = None) -> str | None:
    """The parameter if given, else NEWSETL_DASK_ADDRESS; "" and "none" mean no Dask."""
    value = value if value is not None else os.environ.get("NEWSETL_DASK_ADDRESS")
    if not value or value.strip().lower() in ("none", "off"):
        return None
    return value.strip()


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a number") from None


def page_seconds() -> float:
    """Wall-clock budget of one page's parse (NEWSETL_PAGE_SECONDS, else PAGE_SECONDS)."""
    return _env_number("NEWSETL_PAGE_SECONDS", PAGE_SECONDS)


def page_memory_mb() -> int:
    """Resident-size budget of a parse worker (NEWSETL_PAGE_MEMORY_MB, else PAGE_MEMORY_MB)."""
    return int(_env_number("NEWSETL_PAGE_MEMORY_MB", PAGE_MEMORY_MB))


def parse_workers() -> int:
    """Parse worker processes (NEWSETL_WORKERS, else one per core); 0 parses in the calling
    process, without budgets."""
    return max(0, int(_env_number("NEWSETL_WORKERS", os.cpu_count() or 1)))


def new_run_id(now: datetime | None = None) -> str:
    """The one run id format (manifests, WARC files, fetch state): sortable by time and
    unique without coordination, 20261127T055100123456Z-3f2a9c1d."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}"
