"""Write article records into a Hive-partitioned Parquet dataset, one whole partition at a time.

Layout: ``<root>/source=<name>/year=<YYYY>/month=<M>/part-0.parquet`` (month unpadded since
schema v5; older `month=05` partitions are renamed by the next write). Partition values live
only in directory names: a ``source`` column in the files too would clash with the type pandas
and pyarrow infer for the partition and break ``pandas.read_parquet(root)``.

A write validates the batch into a spool (load/spool.py: bad records come back as rejections
for the quarantine; a stream or a run's records wait on local disk), finds every partition it
touches, and rebuilds each one (load/rebuild.py): decided on key columns by the merge rules
(load/merge.py), its rows streamed a slice at a time (load/rows.py) with their reprint-group
columns (load/dedup.py, load/reprints.py) into a new file that replaces the old one atomically
through a Store (load/storage.py: rename locally, one PUT on S3). Partitions whose rows only
changed reprint group are rewritten the same way. Memory follows a slice and a partition's key
columns, not the partition or the batch (docs/storage.md).

Each rebuilt partition's mentions (load/mentions.py: ``<data>/mentions/``, same partitions) are
computed from its surviving rows and swapped right after it, together with the derived
`places`/`investment_cny` columns. See docs/storage.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from load import rebuild, reprints
from load.mentions import MentionSync, default_mentions_root
from load.merge import Replacing
from load.schema import (
    ARTICLE_SCHEMA,
    DERIVED_COLUMNS,
    FILE_SCHEMA,
    PARTITION_SCHEMA,
)
from load.spool import Spool
from load.storage import (
    PartKey,
    Store,
    join,
    list_partitions,
    migrate_month_dirs,
    open_store,
    parent,
    partition_path,
)
from load.validate import RecordError, Rejection

PART_FILE = "part-0.parquet"
INDEX_DIR = "_index"
__all__ = ["FILE_SCHEMA", "PARTITION_SCHEMA", "PART_FILE", "RecordError", "WriteResult", "write_articles"]


@dataclass(frozen=True)
class PartitionWrite:
    """One partition after a write: `rows` in the file now, `added` of them from this write.

    `reason` is "load" for partitions rebuilt from new rows, replaced inputs or a backfill
    range, "regroup" for partitions whose rows only changed reprint group, "mentions" for
    partitions whose derived columns were filled when their mentions were built (the first
    write after the upgrade to schema v3).
    """

    source: str
    year: int
    month: int
    rows: int
    added: int
    reason: str = "load"

    @property
    def path(self) -> str:
        return partition_path(self.source, self.year, self.month)


@dataclass
class WriteResult:
    records_in: int = 0
    rows_replaced: int = 0  # existing rows dropped because their input (or range) was loaded again
    duplicates_dropped: int = 0
    partitions: list[PartitionWrite] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    range_partitions_kept: list[str] = field(default_factory=list)  # in the range, no new rows: untouched
    reprint_rows_regrouped: int = 0  # stored rows whose dup_group changed
    mention_partitions: list[str] = field(default_factory=list)  # mentions partitions written or removed
    mentions_extracted: int = 0  # articles whose mentions were extracted (the others kept theirs)


def stored_schema() -> pa.Schema:
    """FILE_SCHEMA as read back from a written file: Parquet names list items `element`."""
    sink = pa.BufferOutputStream()
    pq.write_table(FILE_SCHEMA.empty_table(), sink)
    return pq.read_schema(pa.BufferReader(sink.getvalue()))


def work_dir(root: str | Path) -> Path:
    work = open_store(root).work
    assert work is not None, "only local datasets have a work directory"
    return work


def recover(root: str | Path | Store, mentions_root: str | Path | Store | None = None) -> list[str]:
    """Remove what an interrupted write left behind (staging files); returns the removed paths."""
    store = open_store(root)
    mentions = open_store(mentions_root if mentions_root is not None else default_mentions_root(store.url),
                          store.options)
    return store.recover() + mentions.recover()


def default_index_root(root: str | Path) -> str | Path:
    """`data/articles` -> `data/_index`: beside the dataset, out of its readers' way."""
    return join(parent(root), INDEX_DIR)


def read_partition(store: Store, files: list[str], source: str, columns: list[str] | None = None) -> pa.Table:
    """A partition's rows as ARTICLE_SCHEMA (or `columns` of it), read whole; older files get
    null newer columns, except `filed_date`, which v1-v3 files take from `published_date`."""
    names = columns or ARTICLE_SCHEMA.names
    runs = rebuild.stored_runs(store, files, source)
    try:
        tables = [run.read(names) for run in runs]
    finally:
        rebuild.close(runs)
    schema = pa.schema([ARTICLE_SCHEMA.field(n) for n in names])
    return pa.concat_tables(tables) if tables else schema.empty_table()


def _holds_any(store: Store, files: list[str], keys: set[str], paths: set[str]) -> bool:
    for rel in files:
        cols = store.read_table(rel, ["input_key", "input_path"])
        if keys.intersection(cols["input_key"].to_pylist()):
            return True
        if paths.intersection(p for p in cols["input_path"].to_pylist() if p is not None):
            return True
    return False


def _chunks(data: Any) -> tuple[Iterable[pa.Table | Sequence[dict]], bool]:
    """(chunks, streamed): a table or a list of records is one chunk; anything else is a stream."""
    if isinstance(data, pa.Table):
        return [data], False
    if isinstance(data, Sequence) and (not data or isinstance(data[0], dict)):
        return [data], False
    return (c if isinstance(c, pa.Table | list) else pa.Table.from_batches([c]) for c in data), True


def _months(start: date, end: date) -> set[tuple[int, int]]:
    out, y, m = set(), start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.add((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def write_articles(
    data: pa.Table | Sequence[dict] | Iterable[pa.Table | pa.RecordBatch] | Spool,
    root: str | Path | Store,
    *,
    replace_range: tuple[date, date] | None = None,
    range_sources: Collection[str] | None = None,
    delete_missing: bool = False,
    reprints_enabled: bool = True,
    index_root: str | Path | Store | None = None,
    mentions_enabled: bool = True,
    mentions_root: str | Path | Store | None = None,
    now: datetime | None = None,
    describe: bool = True,
) -> WriteResult:
    """Load records into the dataset at `root` (a path or URL), replacing whole partitions.

    `data` is a table, a list of records, a stream of tables (spooled to local disk as it is
    read), or a Spool the caller filled (a run's records, load.spool; the caller closes it).

    Rows already stored for an input loaded now (same source and input_key, or input_path) are
    dropped from every partition of that source, so an input whose date was re-parsed does not
    linger in its old month. The same records loaded twice give byte-identical files.

    `replace_range=(start, end)` makes this a backfill: in each partition of `range_sources`
    (default: the sources in `data`) that receives new rows, stored rows published in the range
    are replaced by the new ones; rows outside the range are kept. A partition in the range
    that receives *no* new rows is left as it is (listed in `range_partitions_kept`) unless
    `delete_missing=True`, because an empty backfill is more often a failed fetch than a
    retraction. `reprints_enabled=False` skips reprint grouping (new rows become their own
    group) and marks the signature index stale, to be rebuilt by the next grouped write.

    Mentions go to `mentions_root` (default: `mentions` beside `root`), partition for partition.
    The write also builds the mentions of partitions that have none (a dataset written before
    mentions existed) or that an interrupted write left marked. `mentions_enabled=False` skips
    extraction (new rows keep the derived columns they came with) and marks the partitions it
    wrote, to be rebuilt by the next write with mentions on.

    `describe` (default on) also writes README.md, datapackage.json and the places reference
    table beside the dataset (load.describe).
    """
    store = open_store(root)
    index_store = open_store(index_root if index_root is not None else default_index_root(store.url), store.options)
    mentions_store = open_store(mentions_root if mentions_root is not None else default_mentions_root(store.url),
                                store.options)
    result = WriteResult()
    store.recover()
    store.refresh()
    mentions_store.refresh()
    with store.lock():  # also guards the mentions dataset: only article writers write it
        mentions_store.recover()
        migrate_month_dirs(store)  # schema v5 layout (load.storage.partition_path)
        migrate_month_dirs(mentions_store)
        if isinstance(data, Spool):
            incoming, own = data, False
        else:
            chunks, streamed = _chunks(data)
            incoming = Spool.on_disk(store, now) if streamed else Spool(now=now)
            own = True
        try:
            if own:
                for chunk in chunks:
                    incoming.add(chunk)
            result.records_in = incoming.records_in
            result.rejected = list(incoming.rejected)
            _apply(store, index_store, mentions_store, incoming, result, replace_range, range_sources,
                   delete_missing, reprints_enabled, mentions_enabled)
        finally:
            if own:
                incoming.close()
    if describe:
        from load.describe import write_description

        write_description(open_store(parent(store.url), store.options))
    return result


def _touched(store: Store, existing: dict[PartKey, list[str]], incoming: Spool, result: WriteResult,
             replace_range: tuple[date, date] | None, range_sources: set[str], delete_missing: bool,
             ) -> dict[PartKey, Replacing]:
    """Every partition this write rebuilds, with what it replaces there."""
    plan: dict[PartKey, Replacing] = {}
    range_months = _months(*replace_range) if replace_range else set()
    # One value set per source, shared by its partitions: the keys scale with the batch.
    shared = {s: Replacing.of(incoming.keys.get(s, set()), incoming.paths.get(s, set()))
              for s in {k[0] for k in existing} | set(incoming.keys)}
    for key in sorted(set(existing) | set(incoming.parts)):
        source = key[0]
        in_range = source in range_sources and key[1:] in range_months
        has_new = key in incoming.parts
        keys, paths = incoming.keys.get(source, set()), incoming.paths.get(source, set())
        if in_range and not has_new and not delete_missing:
            result.range_partitions_kept.append(partition_path(*key))
        if has_new or (in_range and delete_missing) or (
                key in existing and (keys or paths) and _holds_any(store, existing[key], keys, paths)):
            replacing = shared[source]
            if in_range and (has_new or delete_missing):
                replacing = Replacing(replacing.input_keys, replacing.input_paths, replace_range)
            plan[key] = replacing
    return plan


def _rewrite(store: Store, key: PartKey, files: list[str], rows: int, slices_: Iterable[pa.Table]) -> None:
    """Replace the partition's file with `slices_` (or remove it when `rows` is 0), then drop
    any other file in it."""
    final = f"{partition_path(*key)}/{PART_FILE}"
    if rows == 0:
        store.delete(final)
    else:
        store.write_slices(final, FILE_SCHEMA, slices_)
    for rel in files:
        if rel != final:  # rows of any other file were merged into part-0
            store.delete(rel)


def _apply(store: Store, index_store: Store, mentions_store: Store, incoming: Spool, result: WriteResult,
           replace_range: tuple[date, date] | None, range_sources: Collection[str] | None,
           delete_missing: bool, reprints_enabled: bool, mentions_enabled: bool) -> None:
    existing = list_partitions(store)
    sources = set(range_sources) if range_sources is not None else set(incoming.keys)
    plan = _touched(store, existing, incoming, result, replace_range, sources, delete_missing)
    sync = MentionSync(mentions_store, existing, mentions_enabled)
    if not plan and not sync.rebuild:
        return
    groups = None
    decisions: dict[PartKey, rebuild.Decision] = {}  # each partition is decided once
    if plan and reprints_enabled:
        # Regroup reprints before anything is written: the merge on key columns names the survivors.
        groups = reprints.Regrouper(store, index_store, existing, read_partition)
        for key, replacing in plan.items():
            runs = rebuild.open_runs(store, existing.get(key, []), incoming, key)
            try:
                decisions[key] = rebuild.decide(runs, len(existing.get(key, [])), replacing)
                rebuild.stage(groups, runs, decisions[key])
            finally:
                rebuild.close(runs)
        groups.regroup()
    elif plan:
        reprints.mark_stale(index_store)
    sync.begin(plan)
    group_of = groups.group_of if groups else None
    for key, replacing in plan.items():
        files = existing.get(key, [])
        runs = rebuild.open_runs(store, files, incoming, key)
        try:
            decided = decisions.get(key) or rebuild.decide(runs, len(files), replacing)
            settler = sync.settler(key)
            if settler is not None:
                rebuild.remember_replaced(settler, runs, decided)
            _rewrite(store, key, files, decided.rows, rebuild.rebuilt(runs, decided, group_of, settler))
            mentions = sync.done(settler)
        finally:
            rebuild.close(runs)
        counts = decided.counts
        result.rows_replaced += counts.rows_replaced
        result.duplicates_dropped += counts.duplicates_dropped
        sync.write(key, mentions, decided.rows > 0)
        result.partitions.append(PartitionWrite(*key, decided.rows, counts.added))
    done = set(plan)
    if groups is not None:
        for key in sorted(groups.changed_partitions() - done):
            files = existing.get(key, [])
            runs = rebuild.stored_runs(store, files, key[0])
            try:
                decided = rebuild.as_stored(runs)
                settler = sync.settler(key) if key in sync.rebuild else None
                rows = decided.rows
                _rewrite(store, key, files, rows, rebuild.rebuilt(runs, decided, groups.group_of, settler))
                mentions = sync.done(settler)
            finally:
                rebuild.close(runs)
            sync.write(key, mentions, rows > 0)
            result.partitions.append(PartitionWrite(*key, rows, 0, "regroup"))
            done.add(key)
        result.reprint_rows_regrouped = groups.stored_rows_changed()
    for key in sorted(sync.rebuild - done):  # mentions missing, orphaned or left marked
        files = existing.get(key, [])
        rows = read_partition(store, files, key[0])
        settler = sync.settler(key, reuse=False)
        assert settler is not None
        settled = settler.settle(rows, [False] * rows.num_rows)
        mentions = sync.done(settler)
        if files and not settled.select(DERIVED_COLUMNS).equals(rows.select(DERIVED_COLUMNS)):
            # derived columns filled: the upgrade of a v2 partition
            _rewrite(store, key, files, settled.num_rows, [settled.drop_columns(["source"])])
            result.partitions.append(PartitionWrite(*key, settled.num_rows, 0, "mentions"))
        sync.write(key, mentions, settled.num_rows > 0)
    if groups is not None:
        groups.commit()
    sync.commit()
    result.mention_partitions = sync.written
    result.mentions_extracted = sync.extracted


def read_articles(root: str | Path | Store) -> pa.Table:
    """The whole dataset against the current schema; kept here for old imports (see load.dataset)."""
    from load.dataset import read_articles as _read

    return _read(root)
