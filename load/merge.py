"""How one partition's stored rows and a load's new rows become the partition's next version.

Kept apart from the I/O in load/writer.py so the same rules run twice: once on a few key
columns to learn which rows survive (the reprint index needs that before anything is
written), and once on whole rows to build the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

# Columns the merge decisions read: enough for the planning pass.
KEY_COLUMNS = ["article_id", "content_sha256", "read_at", "input_key", "input_path", "published_date",
               "published_at", "filed_date"]
# The order of rows in a partition's file (article ids are unique there, so it is total).
FILE_ORDER = [("filed_date", "ascending"), ("published_date", "ascending"), ("published_at", "ascending"),
              ("article_id", "ascending")]


@dataclass(frozen=True, eq=False)
class Replacing:
    """What a load replaces in the partitions it touches, beyond equal article ids.

    Existing rows go when their input is being loaded again (same `input_key`, or same
    `input_path`: a local file edited in place keeps its path, not its hash) or, for a
    backfill, when their `published_date` falls in `date_range`.
    """

    input_keys: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    input_paths: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    date_range: tuple[date, date] | None = None

    @staticmethod
    def of(keys: set[str], paths: set[str], date_range: tuple[date, date] | None = None) -> Replacing:
        return Replacing(pa.array(sorted(keys), pa.string()), pa.array(sorted(paths), pa.string()), date_range)


@dataclass(frozen=True)
class MergeCounts:
    rows_replaced: int  # existing rows dropped because their input (or range) was loaded again
    duplicates_dropped: int  # rows dropped as the same article_id or the same content
    added: int  # incoming rows in the merged partition
    removed_ids: frozenset[str]  # existing article ids no longer in the partition


def _stale(existing: pa.Table, replacing: Replacing) -> pa.ChunkedArray | pa.Array:
    stale = pc.or_(
        pc.is_in(existing["input_key"], replacing.input_keys),
        pc.fill_null(pc.is_in(existing["input_path"], replacing.input_paths), False),
    )
    if replacing.date_range is not None:
        start, end = replacing.date_range
        in_range = pc.and_(pc.greater_equal(existing["filed_date"], pa.scalar(start, pa.date32())),
                           pc.less_equal(existing["filed_date"], pa.scalar(end, pa.date32())))
        stale = pc.or_(stale, in_range)
    return stale


def _first_by(table: pa.Table, column: str) -> pa.Table:
    seen: set[str] = set()
    mask = []
    for v in table[column].to_pylist():
        mask.append(v not in seen)
        seen.add(v)
    return table.filter(pa.array(mask, pa.bool_()))


def merge_partition(existing: pa.Table, incoming: pa.Table, replacing: Replacing) -> tuple[pa.Table, MergeCounts]:
    """Drop replaced rows, dedupe, sort; both tables need KEY_COLUMNS and the same schema.

    Among rows with the same article_id the newest read_at wins (incoming wins ties); then
    exact duplicate content (content_sha256) keeps the newest copy, ties broken by article_id,
    so the result does not depend on load order. Rows are sorted by published_date,
    published_at (rows without a time last within their day), article_id: the file's bytes
    depend only on its rows, which makes re-runs byte-identical.
    """
    kept = existing.filter(pc.invert(_stale(existing, replacing)))
    both = pa.concat_tables([
        kept.append_column("_incoming", pa.array([0] * kept.num_rows, pa.int8())),
        incoming.append_column("_incoming", pa.array([1] * incoming.num_rows, pa.int8())),
    ])
    both = both.sort_by([("read_at", "descending"), ("_incoming", "descending"), ("article_id", "ascending")])
    deduped = _first_by(_first_by(both, "article_id"), "content_sha256")
    ordered = deduped.sort_by(FILE_ORDER)
    added = pc.sum(ordered["_incoming"]).as_py() or 0
    removed = set(existing["article_id"].to_pylist()) - set(ordered["article_id"].to_pylist())
    counts = MergeCounts(existing.num_rows - kept.num_rows, both.num_rows - deduped.num_rows, added,
                         frozenset(removed))
    return ordered.drop_columns(["_incoming"]), counts
