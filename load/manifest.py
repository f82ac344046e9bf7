"""Run manifests: ``<out>/_runs/<run_id>.json``, one per completed load.

A manifest is written last, after articles and quarantine, so its presence means the run's
writes are complete; it records what was asked (parameters), what happened (counts per stage,
partitions touched) and with which code (pipeline and schema versions) so an output can be
traced back to a run and a Prefect flow run.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from load.schema import SCHEMA_VERSION

RUNS_DIR = "_runs"


def new_run_id(now: datetime | None = None) -> str:
    """Sortable by time, unique without coordination: 20261127T055100Z-3f2a9c1d."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_manifest(out: str | Path, manifest: dict[str, Any]) -> Path:
    """Write atomically (temp file + rename): a reader never sees half a manifest."""
    if "run_id" not in manifest:
        raise ValueError("manifest needs a run_id")
    body = {"schema_version": SCHEMA_VERSION, **manifest}
    runs = Path(out) / RUNS_DIR
    runs.mkdir(parents=True, exist_ok=True)
    final = runs / f"{manifest['run_id']}.json"
    tmp = runs / f".{final.name}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(body, fh, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    return final


def read_manifest(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def list_manifests(out: str | Path) -> list[Path]:
    """Manifests oldest first (run ids sort by time)."""
    runs = Path(out) / RUNS_DIR
    return sorted(runs.glob("*.json")) if runs.is_dir() else []
