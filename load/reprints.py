"""Keeping reprint groups right across runs: the signature index and the dup columns it drives.

The index (`<data>/_index/minhash.parquet`, load.dedup.INDEX_SCHEMA) mirrors the dataset: one
row per stored article with its MinHash signature and current `dup_group`. A write stages the
rows it adds and removes, regroups (load.dedup.regroup), writes the partitions, then commits
the index. The index is a cache of the dataset, never the other way round: before the first
partition is replaced a PENDING marker is written and it is removed only after the index is
committed, so a writer killed in between leaves the marker and the next grouped write rebuilds
the index from the partitions (bodies re-hashed) and repairs any dup column that disagrees.
A missing index beside a non-empty dataset (a v1 dataset, or writes with grouping off), or one
made with another signature scheme, is rebuilt the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from load import dedup
from load.storage import Store

PENDING = "PENDING"
PartKey = tuple[str, int, int]
_MISSING = object()
_REBUILD_COLUMNS = ["article_id", "source", "published_date", "published_at", "origin", "body", "dup_group",
                    "filed_date"]


def mark_stale(index_store: Store) -> None:
    """After a write without grouping: the index no longer mirrors the dataset."""
    if index_store.exists(dedup.INDEX_FILE):
        index_store.put_bytes(PENDING, b"stale: written without reprint grouping\n")


def assign(table: pa.Table, group_of: Callable[[str], str | None] | None) -> pa.Table:
    """Fill dup_group/is_canonical: from `group_of`, else keep stored values, else own group."""
    ids = table["article_id"].to_pylist()
    stored = table["dup_group"].to_pylist()
    groups = [(group_of(a) if group_of else None) or s or a for a, s in zip(ids, stored, strict=True)]
    arr = pa.array(groups, pa.string())
    table = table.set_column(table.schema.get_field_index("dup_group"), table.schema.field("dup_group"), arr)
    canonical = pc.equal(arr, table["article_id"].combine_chunks())
    return table.set_column(table.schema.get_field_index("is_canonical"), table.schema.field("is_canonical"),
                            canonical)


class Regrouper:
    """One write's view of the index: load (or rebuild), stage changes, regroup, commit."""

    def __init__(self, store: Store, index_store: Store, existing: dict[PartKey, list[str]], read_partition):
        self.index_store = index_store
        self.index: dict[str, dedup.Member] = {}
        self.new: list[dedup.Member] = []
        self.removed: set[str] = set()
        has_index = index_store.exists(dedup.INDEX_FILE)
        stale = index_store.exists(PENDING) or (not has_index and bool(existing))
        if has_index and not stale:
            meta = index_store.read_schema(dedup.INDEX_FILE).metadata or {}
            stale = meta.get(b"signature_scheme", b"").decode() != dedup.SIGNATURE_SCHEME
        if stale:
            self.before = self._rebuild(store, existing, read_partition)
        else:
            if has_index:
                table = index_store.read_table(dedup.INDEX_FILE).cast(dedup.INDEX_SCHEMA)
                self.index = {m.article_id: m for m in dedup.members_from_table(table)}
            self.before = {a: m.dup_group for a, m in self.index.items()}

    def _rebuild(self, store: Store, existing, read_partition) -> dict[str, str | None]:
        """Index every stored article again from its body; returns the groups the files hold."""
        stored: dict[str, str | None] = {}
        members: list[dedup.Member] = []
        for key, files in sorted(existing.items()):
            table = read_partition(store, files, key[0], _REBUILD_COLUMNS)
            members += dedup.members_from_table(table.drop_columns(["dup_group"]))
            stored.update(zip(table["article_id"].to_pylist(), table["dup_group"].to_pylist(), strict=True))
        dedup.regroup(self.index, members)
        return stored

    def stage(self, new_rows: pa.Table, removed_ids: frozenset[str]) -> None:
        self.new += dedup.members_from_table(new_rows)
        self.removed |= removed_ids

    def regroup(self) -> None:
        self.index_store.put_bytes(PENDING, f"write started {datetime.now(UTC).isoformat()}\n".encode())
        removed = self.removed - {m.article_id for m in self.new}
        dedup.regroup(self.index, self.new, removed)

    def group_of(self, article_id: str) -> str | None:
        m = self.index.get(article_id)
        return m.dup_group if m else None

    def _changed(self) -> list[dedup.Member]:
        return [m for a, m in self.index.items()
                if self.before.get(a, _MISSING) is not _MISSING and self.before[a] != m.dup_group]

    def changed_partitions(self) -> set[PartKey]:
        """Partitions holding stored rows whose group changed (they need their dup columns rewritten)."""
        return {(m.source, m.published_date.year, m.published_date.month) for m in self._changed()}

    def stored_rows_changed(self) -> int:
        return len(self._changed())

    def commit(self) -> None:
        self.index_store.write_table(dedup.INDEX_FILE, dedup.members_to_table(self.index.values()))
        self.index_store.delete(PENDING)
