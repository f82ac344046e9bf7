"""The quarantine: inputs that could not be read or parsed, kept with the reason and their head.

One Parquet file (``<root>/part-0.parquet``, QUARANTINE_SCHEMA) rewritten atomically like an
article partition, through a Store (local directory or URL). It holds the *current* state, one
row per input: re-processing an input removes its old row (and adds a new one only if it fails
again), so an input that parses after a transform fix leaves the quarantine on the next run.
Stages: read, fetch, decode, extract, transform, validate, load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from load.schema import QUARANTINE_SCHEMA
from load.storage import Store, open_store

PART_FILE = "part-0.parquet"

HEAD_BYTES = 2048
# An unchanged failure keeps its first quarantined_at, so re-runs leave the file identical.
_SAME_FAILURE = ("input_ref", "source", "stage", "error_class", "message", "raw_sha256")


@dataclass(frozen=True)
class QuarantineUpdate:
    added: int  # entries new or changed in this update
    removed: int  # entries of inputs that were processed again and did not fail this time
    total: int


def quarantine_entry(
    input_ref: str,
    source: str | None,
    stage: str,
    error: BaseException | tuple[str, str],
    content: bytes | None = None,
    pipeline_version: str = "",
    when: datetime | None = None,
) -> dict:
    """A row for QUARANTINE_SCHEMA; `error` is the exception or (error_class, message)."""
    if isinstance(error, BaseException):
        error_class, message = type(error).__name__, str(getattr(error, "message", None) or error)
    else:
        error_class, message = error
    return {
        "input_ref": input_ref,
        "source": source,
        "stage": stage,
        "error_class": error_class,
        "message": " ".join(message.split()) or error_class,
        "raw_sha256": hashlib.sha256(content).hexdigest() if content is not None else None,
        "head": content[:HEAD_BYTES] if content is not None else None,
        "quarantined_at": when or datetime.now(UTC),
        "pipeline_version": pipeline_version,
    }


def read_quarantine(root: str | Path | Store) -> list[dict]:
    """Current quarantine rows, oldest first; [] when nothing was ever quarantined."""
    store = open_store(root)
    if not store.exists(PART_FILE):
        return []
    return store.read_table(PART_FILE).cast(QUARANTINE_SCHEMA).to_pylist()


def update_quarantine(root: str | Path | Store, entries: Sequence[dict], processed_refs: Iterable[str]) -> QuarantineUpdate:
    """Replace the rows of every processed input with this run's failures (if any).

    `processed_refs` are all inputs this run attempted, failed or not; rows of other inputs are
    kept untouched.
    """
    store = open_store(root)
    store.recover()
    processed = set(processed_refs) | {e["input_ref"] for e in entries}
    with store.lock():
        old = read_quarantine(store)
        by_key = {tuple(r[k] for k in _SAME_FAILURE): r for r in old}
        kept = [r for r in old if r["input_ref"] not in processed]
        fresh, added = [], 0
        for entry in {e["input_ref"]: e for e in entries}.values():  # last failure per input
            previous = by_key.get(tuple(entry[k] for k in _SAME_FAILURE))
            if previous is None:
                added += 1
            fresh.append(previous or entry)
        rows = sorted(kept + fresh, key=lambda r: (r["quarantined_at"], r["input_ref"]))
        failed_now = {r["input_ref"] for r in fresh}
        removed = sum(1 for r in old if r["input_ref"] in processed and r["input_ref"] not in failed_now)
        if rows or store.exists(PART_FILE):
            store.write_table(PART_FILE, pa.Table.from_pylist(rows, schema=QUARANTINE_SCHEMA))
    return QuarantineUpdate(added=added, removed=removed, total=len(rows))
