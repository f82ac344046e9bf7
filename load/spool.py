"""A write's incoming rows: validated, grouped by partition, each piece kept in file order.

Why a spool: a run of many pages must not hold its records until the write, and must not
write them chunk by chunk either (every chunk rewrote each partition it touched, so a run's
writing grew with the square of its pages). A `Spool` takes the records as the run parses
them and keeps each chunk's rows of each partition as one piece - in memory for a small
write, or as a local Parquet file (one row group per SLICE_ROWS rows) for a run or a stream -
sorted in the partition's file order (load.merge.FILE_ORDER), so that the write reads every
piece forward a row group at a time (load.rows). A local dataset's spool lives in its work
directory; `Store.recover` removes one whose process died.

Why pieces are merged as they come (FAN_IN): the write keeps one row group of every piece of a
partition in memory while it merges them, so memory would grow with the number of pieces, that
is with the run's length (measured 2026-12-04, 8,000 generated pages in 40 batches: 40 pieces a
partition held 87-112 MiB of row groups at once). Whenever FAN_IN pieces of one partition and
one level exist they are merged into one piece of the next level, as a log-structured merge
does: at most FAN_IN - 1 pieces a level, a few levels, small row groups (PIECE_GROUP_ROWS), and
each row rewritten about log_FAN_IN(batches) times.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from load.merge import FILE_ORDER
from load.rows import POS, RUN, Run, keyed, slices
from load.schema import ARTICLE_SCHEMA
from load.storage import PartKey, Store, open_store
from load.validate import Rejection, validate

FAN_IN = 8  # pieces of one level merged into one piece of the next
PIECE_GROUP_ROWS = 32  # rows per row group of a spooled piece: what the merge holds of each piece


class Spool:
    """Incoming rows by partition (`parts`), the inputs they come from (`keys`, `paths`, by
    source), and what validation rejected (`rejected`, in input order within each chunk)."""

    def __init__(self, directory: Path | None = None, now: datetime | None = None):
        self.directory = directory
        self.now = now
        self.parts: dict[PartKey, list[pa.Table | Path]] = {}
        self.keys: dict[str, set[str]] = {}
        self.paths: dict[str, set[str]] = {}
        self.rejected: list[Rejection] = []
        self.levels: dict[Path, int] = {}  # spooled piece -> merge level (0: as added)
        self._made = 0
        self.records_in = 0
        self._store: Store | None = None

    @classmethod
    def on_disk(cls, root: str | Path | Store, now: datetime | None = None) -> Spool:
        """A spool in the scratch space of the dataset at `root` (released by `close`)."""
        store = open_store(root)
        spool = cls(store.scratch_dir(), now)
        spool._store = store
        return spool

    def add(self, chunk: pa.Table | Sequence[dict]) -> None:
        """Validate a chunk of records and keep its valid rows."""
        if isinstance(chunk, pa.Table):
            # A run's chunk is one table per page put together: one Arrow chunk per page makes
            # every take and filter below slower (2,000 pages: 3.4 s of spooling, 1.5 once combined).
            chunk = chunk.combine_chunks()
        table, rejected = validate(chunk, now=self.now)
        self.records_in += table.num_rows + len(rejected)
        self.rejected += rejected
        if table.num_rows == 0:
            return
        keys = zip(table["source"].to_pylist(), pc.year(table["filed_date"]).to_pylist(),
                   pc.month(table["filed_date"]).to_pylist(), strict=True)
        rows_of: dict[PartKey, list[int]] = {}
        for i, key in enumerate(keys):
            rows_of.setdefault(key, []).append(i)
        for key, idx in rows_of.items():
            part = table.take(pa.array(idx, pa.int64())).sort_by(FILE_ORDER)
            pieces = self.parts.setdefault(key, [])
            if self.directory is not None:
                path = self._new_path(key)
                pq.write_table(part, path, row_group_size=PIECE_GROUP_ROWS)
                pieces.append(path)
                self.levels[path] = 0
                self._merge_full_levels(key)
            else:
                pieces.append(part)
        for source in set(table["source"].to_pylist()):
            mine = table.filter(pc.equal(table["source"], source))
            self.keys.setdefault(source, set()).update(mine["input_key"].to_pylist())
            self.paths.setdefault(source, set()).update(p for p in mine["input_path"].to_pylist() if p is not None)

    def _new_path(self, key: PartKey) -> Path:
        assert self.directory is not None
        self._made += 1
        return self.directory / f"{self._made}-{'-'.join(map(str, key))}.parquet"

    def _merge_full_levels(self, key: PartKey) -> None:
        """Merge FAN_IN pieces of a level into one of the next, as long as a level is full."""
        while True:
            pieces = [p for p in self.parts[key] if isinstance(p, Path)]
            by_level: dict[int, list[Path]] = {}
            for piece in pieces:
                by_level.setdefault(self.levels[piece], []).append(piece)
            full = sorted(level for level, group in by_level.items() if len(group) >= FAN_IN)
            if not full:
                return
            level = full[0]
            group = by_level[level][:FAN_IN]
            merged = self._merge(key, group)
            self.levels[merged] = level + 1
            for piece in group:
                del self.levels[piece]
                piece.unlink()
            self.parts[key] = [p for p in self.parts[key] if p not in group] + [merged]

    def _merge(self, key: PartKey, pieces: list[Path]) -> Path:
        """One piece holding the rows of `pieces`, in file order, read a row group at a time."""
        runs = [Run(key[0], parquet=pq.ParquetFile(p)) for p in pieces]
        try:
            order = keyed(runs, [name for name, _ in FILE_ORDER])
            order = order.sort_by([*FILE_ORDER, (RUN, "ascending"), (POS, "ascending")]).select([RUN, POS])
            path = self._new_path(key)
            with pq.ParquetWriter(path, ARTICLE_SCHEMA) as out:
                for rows, _ in slices(runs, order, ARTICLE_SCHEMA.names, size=PIECE_GROUP_ROWS):
                    out.write_table(rows.cast(ARTICLE_SCHEMA), row_group_size=PIECE_GROUP_ROWS)
        finally:
            for run in runs:
                run.close()
        return path

    def runs(self, key: PartKey) -> list[Run]:
        """The partition's pieces as runs for load.rows (close them with `Run.close`)."""
        out = []
        for piece in self.parts.get(key, []):
            if isinstance(piece, pa.Table):
                out.append(Run(key[0], table=piece.cast(ARTICLE_SCHEMA)))
            else:
                out.append(Run(key[0], parquet=pq.ParquetFile(piece)))
        return out

    def close(self) -> None:
        """Remove the spooled files."""
        if self.directory is not None:
            Store.release_scratch(self.directory)
            self.directory = None
