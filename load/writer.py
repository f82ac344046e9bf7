"""Write article records into a Hive-partitioned Parquet dataset, one whole partition at a time.

Layout: ``<root>/source=<name>/year=<YYYY>/month=<MM>/part-0.parquet``. Partition values live
only in directory names: a ``source`` column in the files too would clash with the type pandas
and pyarrow infer for the partition and break ``pandas.read_parquet(root)``.
Each touched partition is rebuilt whole and swapped in with one ``os.replace`` of its file, so
readers see the old or the new partition, never a mix. Staging files live *beside* the dataset
(``.<root name>-work``): DuckDB's ``**`` glob descends into hidden directories. See docs/storage.md.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from load.schema import ARTICLE_SCHEMA

PART_FILE = "part-0.parquet"
PARTITION_SCHEMA = pa.schema([("source", pa.string()), ("year", pa.int16()), ("month", pa.int8())])
# What is stored inside each file: the article schema minus the partition column `source`.
FILE_SCHEMA = ARTICLE_SCHEMA.remove(ARTICLE_SCHEMA.get_field_index("source"))
REQUIRED_FIELDS = tuple(f.name for f in ARTICLE_SCHEMA if not f.nullable)
# China has kept UTC+8 without DST since 1991: a fixed offset needs no tz database.
SHANGHAI_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
SOURCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class RecordError(ValueError):
    """Records that do not fit ARTICLE_SCHEMA; raised before anything is written."""


@dataclass(frozen=True)
class PartitionWrite:
    """One partition after a write: `rows` in the file now, `added` of them from this write."""

    source: str
    year: int
    month: int
    rows: int
    added: int

    @property
    def path(self) -> str:
        return partition_path(self.source, self.year, self.month)


@dataclass
class WriteResult:
    records_in: int = 0
    rows_replaced: int = 0  # existing rows dropped because their input was loaded again
    duplicates_dropped: int = 0
    partitions: list[PartitionWrite] = field(default_factory=list)


def stored_schema() -> pa.Schema:
    """FILE_SCHEMA as read back from a written file: Parquet names list items `element`."""
    sink = pa.BufferOutputStream()
    pq.write_table(FILE_SCHEMA.empty_table(), sink)
    return pq.read_schema(pa.BufferReader(sink.getvalue()))


def partition_path(source: str, year: int, month: int) -> str:
    return f"source={source}/year={year:04d}/month={month:02d}"


def check_source(source: str) -> str:
    """Source names become directory names: keep them to a portable, unquoted alphabet."""
    if not SOURCE_RE.match(source or ""):
        raise RecordError(f"invalid source name {source!r}: use letters, digits, '_', '.', '-'")
    return source


def _as_utc(value: object, naive_tz) -> object:
    # Naive datetimes from the transform are wall-clock times: Shanghai for publication
    # times, UTC for read times. pyarrow would otherwise read naive values as UTC.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=naive_tz)
    return value


def records_to_table(records: Sequence[dict]) -> pa.Table:
    """Validate schema-shaped dicts and convert them; raises RecordError naming the problem."""
    rows = []
    for i, rec in enumerate(records):
        unknown = set(rec) - set(ARTICLE_SCHEMA.names)
        if unknown:
            raise RecordError(f"record {i}: fields not in the article schema: {sorted(unknown)}")
        missing = [name for name in REQUIRED_FIELDS if rec.get(name) is None]
        if missing:
            raise RecordError(f"record {i}: required fields missing or null: {missing}")
        check_source(rec["source"])
        row = dict(rec)
        row["published_at"] = _as_utc(row.get("published_at"), SHANGHAI_TZ)
        row["read_at"] = _as_utc(row.get("read_at"), UTC)
        rows.append(row)
    try:
        return pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise RecordError(f"records do not convert to the article schema: {exc}") from exc


def work_dir(root: Path) -> Path:
    return root.parent / f".{root.name}-work"


@contextmanager
def locked(root: Path) -> Iterator[Path]:
    """One writer per dataset: two concurrent read-merge-replace cycles would lose rows."""
    work = work_dir(root)
    (work / "staging").mkdir(parents=True, exist_ok=True)
    with open(work / "lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield work
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def atomic_write_table(table: pa.Table, final: Path, work: Path) -> None:
    """Write to a staging file, fsync it, then rename it over `final` (same filesystem)."""
    staging = work / "staging" / f"{uuid.uuid4().hex}.parquet"
    staging.parent.mkdir(parents=True, exist_ok=True)
    try:
        pq.write_table(table, staging)
        with open(staging, "rb") as fh:
            os.fsync(fh.fileno())
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, final)
    finally:
        staging.unlink(missing_ok=True)
    fd = os.open(final.parent, os.O_RDONLY)  # make the rename itself durable
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(root: str | Path) -> list[str]:
    """Remove what an interrupted write left behind; returns the removed paths.

    A crash can only leave staging files (the swap is a single rename), so recovery is to
    delete them; the dataset itself is always in its old or its new state.
    """
    root = Path(root)
    removed: list[str] = []
    staging = work_dir(root) / "staging"
    if staging.is_dir():
        with locked(root):
            for leftover in sorted(staging.iterdir()):
                shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
                removed.append(str(leftover))
    return removed


def _partition_dirs(root: Path, source: str) -> list[Path]:
    return sorted(p for p in (root / f"source={source}").glob("year=*/month=*") if p.is_dir())


def _read_partition(part_dir: Path, source: str) -> pa.Table:
    # ParquetFile reads just the file: no partition columns guessed from the path.
    tables = [
        pq.ParquetFile(f).read().select(FILE_SCHEMA.names).cast(FILE_SCHEMA)
        for f in sorted(part_dir.glob("*.parquet"))
    ]
    if not tables:
        return ARTICLE_SCHEMA.empty_table()
    t = pa.concat_tables(tables)
    t = t.add_column(ARTICLE_SCHEMA.get_field_index("source"), ARTICLE_SCHEMA.field("source"),
                     pa.array([source] * t.num_rows, pa.string()))
    return t.cast(ARTICLE_SCHEMA)


def _holds_any(part_dir: Path, keys: set[str], paths: set[str]) -> bool:
    for f in part_dir.glob("*.parquet"):
        cols = pq.ParquetFile(f).read(columns=["input_key", "input_path"])
        if keys.intersection(cols["input_key"].to_pylist()):
            return True
        if paths.intersection(p for p in cols["input_path"].to_pylist() if p is not None):
            return True
    return False


def _first_by(table: pa.Table, column: str) -> pa.Table:
    seen: set[str] = set()
    mask = [not (v in seen or seen.add(v)) for v in table[column].to_pylist()]
    return table.filter(pa.array(mask, pa.bool_()))


def merge_partition(
    existing: pa.Table, incoming: pa.Table, replace_keys: set[str], replace_paths: set[str]
) -> tuple[pa.Table, int, int, int]:
    """Merge one partition's rows: drop rows of re-loaded inputs, dedupe, sort.

    Returns (table, rows_replaced, duplicates_dropped, incoming_kept). An existing row is
    replaced when its input_key is in `replace_keys` or its input_path in `replace_paths` (a
    local file edited in place gets a new content hash but keeps its path). Among rows with the
    same article_id the newest read_at wins (incoming wins ties); then exact duplicate content
    (content_sha256) keeps the newest copy, ties broken by article_id, so the result does not
    depend on load order.
    """
    stale = pc.or_(
        pc.is_in(existing["input_key"], pa.array(sorted(replace_keys), pa.string())),
        pc.fill_null(pc.is_in(existing["input_path"], pa.array(sorted(replace_paths), pa.string())), False),
    )
    kept = existing.filter(pc.invert(stale))
    both = pa.concat_tables([
        kept.append_column("_incoming", pa.array([0] * kept.num_rows, pa.int8())),
        incoming.append_column("_incoming", pa.array([1] * incoming.num_rows, pa.int8())),
    ])
    both = both.sort_by([("read_at", "descending"), ("_incoming", "descending"), ("article_id", "ascending")])
    deduped = _first_by(_first_by(both, "article_id"), "content_sha256")
    # Undated-time rows (published_at null) sort last within their day: Arrow's default.
    ordered = deduped.sort_by(
        [("published_date", "ascending"), ("published_at", "ascending"), ("article_id", "ascending")]
    )
    incoming_kept = pc.sum(ordered["_incoming"]).as_py() or 0
    merged = ordered.drop_columns(["_incoming"]).cast(ARTICLE_SCHEMA)
    return merged, existing.num_rows - kept.num_rows, both.num_rows - deduped.num_rows, incoming_kept


def _partition_of(part_dir: Path) -> tuple[int, int]:
    return int(part_dir.parent.name.split("=", 1)[1]), int(part_dir.name.split("=", 1)[1])


def write_articles(data: pa.Table | Sequence[dict], root: str | Path) -> WriteResult:
    """Load records into the dataset at `root`, replacing whole partitions atomically.

    Rows already stored for an input being loaded now (same source and input_key, or same
    input_path) are dropped from every partition of that source, so an input whose date was
    re-parsed does not linger in its old month. Re-running with the same records rewrites the
    same bytes (idempotent).
    """
    root = Path(root)
    table = data if isinstance(data, pa.Table) else records_to_table(data)
    table = table.select(ARTICLE_SCHEMA.names).cast(ARTICLE_SCHEMA)
    result = WriteResult(records_in=table.num_rows)
    if table.num_rows == 0:
        return result
    recover(root)
    dates: list[date] = table["published_date"].to_pylist()
    groups: dict[tuple[str, int, int], list[int]] = {}
    for i, (source, day) in enumerate(zip(table["source"].to_pylist(), dates, strict=True)):
        groups.setdefault((check_source(source), day.year, day.month), []).append(i)
    replace: dict[str, tuple[set[str], set[str]]] = {}
    for source in {key[0] for key in groups}:
        mine = table.filter(pc.equal(table["source"], source))
        replace[source] = (set(mine["input_key"].to_pylist()),
                           {p for p in mine["input_path"].to_pylist() if p is not None})
    with locked(root) as work:
        touched = set(groups)
        for source, (keys, paths) in replace.items():
            for part_dir in _partition_dirs(root, source):
                key = (source, *_partition_of(part_dir))
                if key not in touched and _holds_any(part_dir, keys, paths):
                    touched.add(key)
        for source, year, month in sorted(touched):
            part_dir = root / partition_path(source, year, month)
            existing = _read_partition(part_dir, source) if part_dir.is_dir() else ARTICLE_SCHEMA.empty_table()
            incoming = table.take(pa.array(groups.get((source, year, month), []), pa.int64()))
            merged, replaced, dropped, added = merge_partition(existing, incoming, *replace[source])
            result.rows_replaced += replaced
            result.duplicates_dropped += dropped
            _swap_partition(merged, part_dir, work)
            result.partitions.append(PartitionWrite(source, year, month, merged.num_rows, added))
    return result


def _swap_partition(merged: pa.Table, part_dir: Path, work: Path) -> None:
    final = part_dir / PART_FILE
    if merged.num_rows == 0:
        final.unlink(missing_ok=True)
    else:
        file_table = merged.drop_columns(["source"]).cast(FILE_SCHEMA)
        atomic_write_table(file_table, final, work)
    for other in part_dir.glob("*.parquet"):
        if other.name != PART_FILE:  # rows of any other file were merged into part-0
            other.unlink()
    for d in (part_dir, part_dir.parent):  # an emptied month, then an emptied year
        if merged.num_rows == 0 and d.is_dir() and not any(d.iterdir()):
            d.rmdir()


def read_articles(root: str | Path) -> pa.Table:
    """The whole dataset with `source`, `year`, `month` typed by PARTITION_SCHEMA."""
    dataset = ds.dataset(root, format="parquet", partitioning=ds.partitioning(PARTITION_SCHEMA, flavor="hive"))
    return dataset.to_table()
