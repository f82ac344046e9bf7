"""One partition's next version, built from its runs a slice at a time (load.writer's steps).

The writer decides each touched partition once, on key columns (`decide`), stages its surviving
new rows in the reprint index (`stage`), tells the mentions settler which stored rows a re-run
brings again (`remember_replaced`), and streams the rows in file order with their reprint
group and derived columns (`rebuilt`) into the new file. The runs are the partition's stored
files first, then the pieces of its incoming rows (load.spool); load/rows.py says how they are
read. Kept apart from load/writer.py, which decides what a write touches and swaps the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from load import reprints
from load.mentions import Settler
from load.merge import KEY_COLUMNS, MergeCounts, Replacing, merge_partition
from load.rows import POS, RUN, Run, keyed, slices
from load.schema import ARTICLE_SCHEMA, DERIVED_COLUMNS
from load.spool import Spool
from load.storage import PartKey, Store

_STAGE_COLUMNS = ["article_id", "source", "published_date", "published_at", "origin", "body", "filed_date"]
_STAGE_EMPTY = pa.schema([ARTICLE_SCHEMA.field(n) for n in _STAGE_COLUMNS]).empty_table()
_REUSE_COLUMNS = ["article_id", "body", "published_date", "input_key", *DERIVED_COLUMNS]


@dataclass(frozen=True)
class Decision:
    """The surviving rows in file order (RUN/POS into the runs), what the merge counted, how
    many of the runs are stored files (they come first) and the ids the incoming runs bring."""

    order: pa.Table
    counts: MergeCounts
    stored: int
    incoming_ids: pa.Array

    @property
    def rows(self) -> int:
        return self.order.num_rows


def stored_runs(store: Store, files: list[str], source: str) -> list[Run]:
    """A partition's stored files as runs (close them with `close`)."""
    runs = []
    for rel in files:
        fh = store.fs.open(store.full(rel), "rb")
        runs.append(Run(source, parquet=pq.ParquetFile(fh), handle=fh))
    return runs


def open_runs(store: Store, files: list[str], incoming: Spool, key: PartKey) -> list[Run]:
    """The stored files of the partition, then its incoming pieces."""
    return stored_runs(store, files, key[0]) + incoming.runs(key)


def close(runs: list[Run]) -> None:
    for run in runs:
        run.close()


def decide(runs: list[Run], stored: int, replacing: Replacing) -> Decision:
    """The merge rules (load.merge) on the runs' key columns."""
    new = keyed(runs[stored:], KEY_COLUMNS, stored)
    merged, counts = merge_partition(keyed(runs[:stored], KEY_COLUMNS), new, replacing)
    return Decision(merged.select([RUN, POS]), counts, stored, new["article_id"].combine_chunks())


def as_stored(runs: list[Run]) -> Decision:
    """Every stored row in the order it is stored: a rewrite that keeps them all (a regroup)."""
    return Decision(keyed(runs, ["article_id"]).select([RUN, POS]), MergeCounts(0, 0, 0, frozenset()), len(runs),
                    pa.array([], pa.string()))


def stage(groups: reprints.Regrouper, runs: list[Run], decided: Decision) -> None:
    """Stage the partition's surviving incoming rows in the reprint index, a group at a time."""
    which, where = decided.order[RUN].to_numpy(), decided.order[POS].to_numpy()
    for r in range(decided.stored, len(runs)):
        keep = set(where[which == r].tolist())
        start = 0
        for rows in runs[r].groups(_STAGE_COLUMNS):
            mask = [start + i in keep for i in range(rows.num_rows)]
            start += rows.num_rows
            groups.stage(rows.filter(pa.array(mask, pa.bool_())), frozenset())
    groups.stage(_STAGE_EMPTY, decided.counts.removed_ids)


def remember_replaced(settler: Settler, runs: list[Run], decided: Decision) -> None:
    """Tell the settler the stored rows whose ids incoming rows bring again (a re-run)."""
    if settler.stored is None or decided.stored == 0 or len(decided.incoming_ids) == 0:
        return
    for run in runs[:decided.stored]:
        for rows in run.groups(_REUSE_COLUMNS):
            hit = pc.is_in(rows["article_id"], value_set=decided.incoming_ids)
            if pc.any(hit).as_py():
                settler.remember(rows.filter(hit))


def rebuilt(runs: list[Run], decided: Decision, group_of: Callable[[str], str | None] | None,
            settler: Settler | None) -> Iterator[pa.Table]:
    """The partition's rows in file order, a slice at a time, with reprint and derived columns
    (without `source`, which the directory names)."""
    for rows, run_of in slices(runs, decided.order, ARTICLE_SCHEMA.names):
        rows = reprints.assign(rows, group_of)
        if settler is not None:
            rows = settler.settle(rows, (run_of < decided.stored).tolist())
        yield rows.drop_columns(["source"])
