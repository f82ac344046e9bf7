"""Parameter types and configuration shared by the flows.

Why the source choice is built at import from the registry: the Prefect UI renders a
`Literal` as a drop-down (JSON schema `enum`), so a backfill form offers exactly the
sources in sources/*.toml and a typo cannot start a run. `prefect deploy` imports the
flow module to build the schema, so a registry that fails to load must not break the
import: FALLBACK_SOURCES is used then (and a warning is logged).

Configuration comes from the environment so that a worker, `make serve` and the tests
can point the same flows at other directories without editing code:

- NEWSETL_SOURCES_DIR: the source registry (default: <project>/sources);
- NEWSETL_OUT: the dataset root, a local directory or a URL such as s3://bucket/news;
- NEWSETL_DATA_DIR: local working data (raw WARC archive, fetch state, ledgers);
- NEWSETL_DASK_ADDRESS: a Dask scheduler (tcp://host:8786), "local" for a local
  cluster started by the flow, or empty for Prefect's default thread pool.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Any, Literal

from newsetl.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

FALLBACK_SOURCES = ("gansu_daily", "gansu_gov", "ganzhou_rmt", "lanzhou_gov", "samples")
WEB_KINDS = ("listing", "rss", "sitemap")
# Transform batches: ~2-5 ms of parsing per page against 5-11 ms of Prefect per task run.
BATCH_SIZE = 200
MAX_PARALLEL_UNITS = 8


def sources_dir() -> Path:
    return Path(os.environ.get("NEWSETL_SOURCES_DIR") or PROJECT_ROOT / "sources")


def default_out() -> str:
    return os.environ.get("NEWSETL_OUT") or "data"


def default_data_dir() -> str:
    return os.environ.get("NEWSETL_DATA_DIR") or "data"


def dask_address(value: str | None = None) -> str | None:
    """The parameter if given, else NEWSETL_DASK_ADDRESS; "" and "none" mean no Dask."""
    value = value if value is not None else os.environ.get("NEWSETL_DASK_ADDRESS")
    if not value or value.strip().lower() in ("none", "off"):
        return None
    return value.strip()


def load_sources(include_disabled: bool = True) -> dict[str, Any]:
    """The registry as extract.sources loads it (raises RegistryError on a bad file)."""
    from extract.sources import load_registry

    return load_registry(sources_dir(), include_disabled=include_disabled)


def _registered_names() -> tuple[str, ...]:
    try:
        names = tuple(sorted(load_sources()))
    except Exception as exc:  # a broken registry file must not make the flows unimportable
        log.warning("source registry %s not loaded (%s); using the built-in source list", sources_dir(), exc)
        return FALLBACK_SOURCES
    return names or FALLBACK_SOURCES


SOURCE_NAMES: tuple[str, ...] = _registered_names()
SourceName = Literal[SOURCE_NAMES]  # type: ignore[valid-type]  # built at import, see the docstring
SourceKind = Literal["epaper", "listing", "rss", "sitemap", "local"]
Mode = Literal["refetch", "reprocess-from-archive"]


def enabled_sources(kinds: list[str] | None = None) -> list[str]:
    """Names of enabled registry sources, optionally only of the given kinds."""
    return sorted(name for name, src in load_sources(include_disabled=False).items()
                  if kinds is None or src.kind in kinds)


def check_range(start_date: date, end_date: date) -> None:
    if end_date < start_date:
        raise ValueError(f"end_date {end_date} is before start_date {start_date}")
