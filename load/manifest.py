"""Run manifests: ``<out>/_runs/<run_id>.json``, one per completed load.

A manifest is written last, after articles and quarantine, so its presence means the run's
writes are complete; it records what was asked (parameters), what happened (counts per stage,
partitions touched) and with which code (pipeline and schema versions) so an output can be
traced back to a run and a Prefect flow run. `<out>` is a local directory or a URL.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from load.schema import SCHEMA_VERSION
from load.storage import join, open_store
from newsetl.settings import new_run_id

RUNS_DIR = "_runs"
# What every manifest carries; `write_manifest` refuses one without them.
REQUIRED_KEYS = ("run_id", "flow_run_id", "parameters", "counts", "partitions", "pipeline_version")


__all__ = ["new_run_id"]  # defined once, in newsetl.settings


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_manifest(out: str | Path, manifest: dict[str, Any], strict: bool = False,
                   storage_options: dict[str, Any] | None = None) -> str | Path:
    """Write atomically (temp file + rename locally, one PUT on S3): never half a manifest.

    `strict` also requires REQUIRED_KEYS (the flow writes strictly; tools may write less).
    """
    if "run_id" not in manifest:
        raise ValueError("manifest needs a run_id")
    missing = [k for k in REQUIRED_KEYS if k not in manifest] if strict else []
    if missing:
        raise ValueError(f"manifest lacks {missing}")
    body = {"schema_version": SCHEMA_VERSION, **manifest}
    store = open_store(join(out, RUNS_DIR), storage_options)
    name = f"{manifest['run_id']}.json"
    text = json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default) + "\n"
    store.put_bytes(name, text.encode("utf-8"))
    return join(out, RUNS_DIR, name)


def read_manifest(path: str | Path, storage_options: dict[str, Any] | None = None) -> dict[str, Any]:
    if isinstance(path, Path) or "://" not in str(path):
        return json.loads(Path(path).read_text(encoding="utf-8"))
    import fsspec

    with fsspec.open(str(path), "rb", **(storage_options or {})) as fh:
        return json.loads(fh.read().decode("utf-8"))


def list_manifests(out: str | Path, storage_options: dict[str, Any] | None = None) -> list[str | Path]:
    """Manifests oldest first (run ids sort by time)."""
    runs = join(out, RUNS_DIR)
    store = open_store(runs, storage_options)
    if not store.exists(""):
        return []
    return [join(runs, rel) for rel in store.glob("*.json")]
