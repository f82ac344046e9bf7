"""Parameter types shared by the flows.

Why the source choice is built at import from the registry: the Prefect UI renders a
`Literal` as a drop-down (JSON schema `enum`), so a backfill form offers exactly the
sources in the registry folder and a typo cannot start a run. `prefect deploy` imports the
flow module to build the schema, so a registry that fails to load must not break the
import: the names are then read from the registry's file names (a warning is logged).
Configuration (registry folder, output, data dir, Dask) lives in newsetl.settings.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any, Literal

from newsetl.settings import (
    BATCH_SIZE,
    MAX_PARALLEL_UNITS,
    dask_address,
    default_data_dir,
    default_out,
    sources_dir,
)

log = logging.getLogger(__name__)

WEB_KINDS = ("listing", "rss", "sitemap")
__all__ = ["BATCH_SIZE", "MAX_PARALLEL_UNITS", "dask_address", "default_data_dir", "default_out", "sources_dir"]


def load_sources(include_disabled: bool = True) -> dict[str, Any]:
    """The registry as extract.sources loads it (raises RegistryError on a bad file)."""
    from extract.sources import load_registry

    return load_registry(sources_dir(), include_disabled=include_disabled)


def _registered_names() -> tuple[str, ...]:
    try:
        names = tuple(sorted(load_sources()))
    except Exception as exc:  # a broken registry file must not make the flows unimportable
        names = tuple(sorted(p.stem for p in Path(sources_dir()).glob("*.toml") if not p.stem.startswith("_")))
        log.warning("source registry %s not loaded (%s); offering its file names %s", sources_dir(), exc, names)
    return names or ("local",)


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
