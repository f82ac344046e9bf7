"""The backfill flow: a date range of chosen sources, re-fetched or re-processed from the
archive, one idempotent child flow run per (source, month) unit.

Launched from the Prefect UI (deployment "backfill/backfill": a form with date pickers, a
source list and a mode) or from Python. See flows/units.py for why units are months and
how a repeated backfill skips finished units, flows/runner.py for parallelism and Dask.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import Field

from flows import report, units
from flows.params import (
    BATCH_SIZE,
    MAX_PARALLEL_UNITS,
    SOURCE_NAMES,
    Mode,
    SourceName,
    check_range,
    default_data_dir,
    default_out,
    enabled_sources,
)
from flows.runner import UNIT_LIMIT, dask_cluster, run_children


def _default_sources() -> list[str]:
    try:
        return enabled_sources()
    except Exception:  # registry unreadable at import: params.py already warned
        return list(SOURCE_NAMES)


DEFAULT_SOURCES = _default_sources()
INGEST_MODE = {"refetch": "refetch", "reprocess-from-archive": "archive"}


@flow(name="backfill", flow_run_name="backfill-{start_date}..{end_date}-{mode}",
      task_runner=ThreadPoolTaskRunner(max_workers=MAX_PARALLEL_UNITS))
def backfill(
    start_date: date,
    end_date: date,
    sources: list[SourceName] = DEFAULT_SOURCES,  # noqa: B006 - never mutated; the UI shows it as the default
    mode: Mode = "reprocess-from-archive",
    max_parallel: Annotated[int, Field(ge=1, le=MAX_PARALLEL_UNITS)] = 2,
    out: str = default_out(),
    data_dir: str = default_data_dir(),
    batch_size: Annotated[int, Field(ge=1)] = BATCH_SIZE,
    dask_address: str | None = None,
    force: bool = False,
    refresh_cache: bool = False,
) -> dict:
    """Rebuild the articles of a date range, one (source, month) unit at a time.

    Args:
        start_date: First publication date to rebuild (Asia/Shanghai calendar day).
        end_date: Last publication date to rebuild, inclusive.
        sources: Registry sources to include (sources/*.toml); default: the enabled ones.
        mode: "refetch" asks the sites again for the range (conditional requests, polite
            per-host rates) and then rebuilds from the archive; "reprocess-from-archive"
            rebuilds from the raw WARC archive only, with no network.
        max_parallel: Units running at once in this backfill (a global "backfill-units"
            concurrency limit, when defined on the server, caps all backfills together).
        out: Dataset root, a local directory or a URL (s3://bucket/prefix).
        data_dir: Local working directory with the raw archive (raw/) and fetch state (_state/).
        batch_size: Pages per transform task run.
        dask_address: Dask scheduler address for the transform batches, "local" for a local
            2-worker cluster, empty for the default thread pool (default: NEWSETL_DASK_ADDRESS).
        refresh_cache: Parse every page again even when its transform batch is cached.
        force: Redo units already done with the same range, mode and pipeline version.
    """
    logger = get_run_logger()
    check_range(start_date, end_date)
    started = datetime.now(UTC)
    todo, skipped_units = [], []
    for unit in units.month_units(start_date, end_date, list(sources)):
        if not force and units.is_done(out, unit, mode):
            skipped_units.append(unit)
        else:
            todo.append(unit)
    logger.info("backfill %s..%s (%s): %d unit(s) to run, %d already done", start_date, end_date, mode,
                len(todo), len(skipped_units))
    calls = [(u.name, {"source": u.source, "mode": INGEST_MODE[mode], "start_date": u.start, "end_date": u.end,
                       "out": out, "data_dir": data_dir, "batch_size": batch_size,
                       "refresh_cache": refresh_cache}) for u in todo]
    for unit in todo:
        units.clear_marker(out, unit)
    results: list[dict] = []
    if calls:
        with dask_cluster(dask_address) as address:
            results = run_children(calls, max_parallel, address, UNIT_LIMIT)

    outcomes = [report.UnitOutcome(unit.source, unit.name, status="skipped") for unit in skipped_units]
    for unit, result in zip(todo, results, strict=True):
        outcome = report.UnitOutcome.from_result(unit.source, unit.name, result)
        if outcome.status == "done":
            units.write_marker(out, unit, mode, result, str(flow_run.id) if flow_run.id else None)
        outcomes.append(outcome)
    parameters = {"start_date": start_date, "end_date": end_date, "sources": list(sources), "mode": mode,
                  "max_parallel": max_parallel, "out": out, "data_dir": data_dir, "force": force}
    return report.finish("backfill", "backfill", f"Backfill {start_date}..{end_date} ({mode})", started,
                         outcomes, parameters, out, force=force, what="backfill unit")


if __name__ == "__main__":  # Dask's worker processes re-import the main module
    import sys

    print(backfill(start_date=date.fromisoformat(sys.argv[1]), end_date=date.fromisoformat(sys.argv[2])))
