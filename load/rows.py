"""A partition's rows read and rebuilt a slice at a time: a write's memory follows one slice and
the partition's key columns, not the partition.

Why: rewriting a partition whole held it three to four times over (old rows, merged rows, the
rows with derived columns, the file being encoded). Measured 2026-12-04 on 8,000 generated
pages (12 partitions of up to 2,000 rows, ~30 KB a row): the run's own process peaked at
816 MiB against 546 MiB at 1,000 pages, growing with the largest partition (issue 18).

How a partition's next version is built (load.writer):

1. Keys. Every *run* of rows - each stored file of the partition, each piece of incoming rows
   (kept in file order, load.spool) - gives its KEY_COLUMNS (a few hundred bytes a row) with
   its run number and row position. load.merge decides on those keys alone which rows survive
   and in which order.
2. Slices. The surviving rows are fetched SLICE_ROWS at a time in file order. A run sorted in
   file order yields its survivors in its own order, so it is read forward one row group at a
   time. A run whose survivors are wanted out of order (a file older code wrote in another
   order) is read whole once: right, but not flat.
3. The writer gives each slice its reprint group and derived columns and writes it as one row
   group (Store.write_slices), so the next rewrite of the file reads it a slice at a time too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from load.schema import ARTICLE_SCHEMA, filed_from_published

SLICE_ROWS = 128  # rows per slice and per row group written (~4 MB of typical articles)
RUN, POS = "_run", "_pos"  # key columns naming where a row comes from


def conform(table: pa.Table, names: Sequence[str], source: str) -> pa.Table:
    """Rows read from a stored file as `names` of ARTICLE_SCHEMA: columns newer than the file
    are null, except `filed_date`, which v1-v3 files take from `published_date`; `source` comes
    from the partition's directory name."""
    for name in names:
        if name not in table.column_names and name != "source":
            field = ARTICLE_SCHEMA.field(name)
            table = table.append_column(field, pa.nulls(table.num_rows, field.type))
    table = filed_from_published(table)
    if "source" in names:
        table = table.append_column(ARTICLE_SCHEMA.field("source"), pa.array([source] * table.num_rows, pa.string()))
    schema = pa.schema([ARTICLE_SCHEMA.field(n) for n in names])
    return table.select(list(names)).cast(schema)


class Run:
    """One source of a partition's rows - a Parquet file or a table - read a group at a time.

    A file is read by its row groups; a table by SLICE_ROWS slices. `take` serves rows at
    ascending positions, keeping only the group it is in; `read_whole` switches a run that must
    be served out of order to one read of everything.
    """

    def __init__(self, source: str, parquet: pq.ParquetFile | None = None, table: pa.Table | None = None,
                 handle: Any = None):
        self.source = source
        self.parquet = parquet
        self.handle = handle  # the open file `parquet` reads, closed with the run
        self.table = table
        if parquet is not None:
            meta = parquet.metadata
            sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
            self.present = set(parquet.schema_arrow.names)
        else:
            assert table is not None
            sizes = [min(SLICE_ROWS, table.num_rows - s) for s in range(0, table.num_rows, SLICE_ROWS)]
            self.present = set(table.column_names)
        self.starts = np.cumsum([0, *sizes]).astype(np.int64)
        self.num_rows = int(self.starts[-1])
        self._group = -1
        self._rows: pa.Table | None = None
        self._whole: pa.Table | None = None

    def close(self) -> None:
        self._rows = self._whole = None
        if self.parquet is not None:
            self.parquet.close()
        if self.handle is not None:
            self.handle.close()

    def group(self, i: int, columns: Sequence[str]) -> pa.Table:
        """Row group `i` as `columns` of ARTICLE_SCHEMA."""
        if self.parquet is None:
            assert self.table is not None
            start, size = int(self.starts[i]), int(self.starts[i + 1] - self.starts[i])
            return self.table.slice(start, size).select(list(columns))
        wanted = [c for c in columns if c in self.present and c != "source"]
        return conform(self.parquet.read_row_group(i, columns=wanted), columns, self.source)

    def groups(self, columns: Sequence[str]) -> Iterator[pa.Table]:
        for i in range(len(self.starts) - 1):
            yield self.group(i, columns)

    def read(self, columns: Sequence[str]) -> pa.Table:
        """Every row as `columns` (the key pass; or the whole run, see read_whole)."""
        tables = list(self.groups(columns))
        schema = pa.schema([ARTICLE_SCHEMA.field(n) for n in columns])
        return pa.concat_tables(tables) if tables else schema.empty_table()

    def read_whole(self, columns: Sequence[str]) -> None:
        self._whole = self.read(columns)

    def take(self, positions: np.ndarray, columns: Sequence[str]) -> pa.Table:
        """Rows at `positions`: ascending, none before a position taken earlier (unless whole)."""
        if self._whole is not None:
            return self._whole.take(pa.array(positions, pa.int64()))
        groups = np.searchsorted(self.starts, positions, side="right") - 1
        pieces = []
        for g in np.unique(groups):
            if g != self._group:
                if g < self._group:
                    raise ValueError("rows asked out of order from a run read forward")
                self._rows, self._group = self.group(int(g), columns), int(g)
            assert self._rows is not None
            pieces.append(self._rows.take(pa.array(positions[groups == g] - self.starts[g], pa.int64())))
        return pa.concat_tables(pieces)


def keyed(runs: Sequence[Run], columns: Sequence[str], first: int = 0) -> pa.Table:
    """The key columns of `runs` with each row's run number (counted from `first`) and position."""
    tables = []
    for r, run in enumerate(runs, start=first):
        keys = run.read(columns)
        keys = keys.append_column(RUN, pa.array(np.full(keys.num_rows, r, np.int32)))
        tables.append(keys.append_column(POS, pa.array(np.arange(keys.num_rows, dtype=np.int64))))
    schema = pa.schema([*(ARTICLE_SCHEMA.field(n) for n in columns), (RUN, pa.int32()), (POS, pa.int64())])
    return pa.concat_tables(tables) if tables else schema.empty_table()


def slices(runs: Sequence[Run], order: pa.Table, columns: Sequence[str], size: int | None = None
           ) -> Iterator[tuple[pa.Table, np.ndarray]]:
    """The rows `order` names (its RUN and POS columns, in output order), `size` (default
    SLICE_ROWS) at a time, each slice with the run number of every row."""
    size = size or SLICE_ROWS
    which = order[RUN].to_numpy()
    where = order[POS].to_numpy()
    for r, run in enumerate(runs):
        mine = where[which == r]
        if len(mine) > 1 and np.any(np.diff(mine) <= 0):
            run.read_whole(columns)
    for start in range(0, len(which), size):
        rr, pp = which[start:start + size], where[start:start + size]
        pieces, slots = [], []
        for r in np.unique(rr):
            mask = rr == r
            pieces.append(runs[int(r)].take(pp[mask], columns))
            slots.append(np.nonzero(mask)[0])
        rows = pa.concat_tables(pieces).take(pa.array(np.argsort(np.concatenate(slots), kind="stable")))
        yield rows, rr
