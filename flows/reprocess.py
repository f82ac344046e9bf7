"""The reprocess flow: transform and load again from the raw archive, with no network.

For a transform fix or a new PIPELINE_VERSION: every archived page of the chosen sources
(latest response per URL) is parsed again and its rows replace the stored rows of the same
input. Transform batches are cached by page content + PIPELINE_VERSION (flows/tasks.py), so
a reprocess with an unchanged version costs reading the archive, not parsing it. With a
date range, only articles published in it are rebuilt (whole months are not cut: the
range's partitions keep their rows outside the range). For month-sized, resumable pieces of
a long range, use the backfill flow in mode "reprocess-from-archive".
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import Field

from flows import report
from flows.backfill import DEFAULT_SOURCES
from flows.params import (
    BATCH_SIZE,
    MAX_PARALLEL_UNITS,
    SourceName,
    check_range,
    default_data_dir,
    default_out,
)
from flows.runner import dask_cluster, run_children


def _run_name() -> str:
    p = flow_run.parameters or {}
    span = f"{p['start_date']}..{p['end_date']}" if p.get("start_date") and p.get("end_date") else "all"
    return f"reprocess-{'+'.join(p.get('sources') or ['default'])}-{span}"


@flow(name="reprocess", flow_run_name=_run_name, task_runner=ThreadPoolTaskRunner(max_workers=MAX_PARALLEL_UNITS))
def reprocess(
    sources: list[SourceName] = DEFAULT_SOURCES,  # noqa: B006 - never mutated
    start_date: date | None = None,
    end_date: date | None = None,
    out: str = default_out(),
    data_dir: str = default_data_dir(),
    batch_size: Annotated[int, Field(ge=1)] = BATCH_SIZE,
    max_parallel: Annotated[int, Field(ge=1, le=MAX_PARALLEL_UNITS)] = 2,
    dask_address: str | None = None,
    refresh_cache: bool = False,
) -> dict:
    """Re-run transform and load from the raw archive (local-kind sources: their files).

    Args:
        sources: Registry sources to reprocess; default: the enabled ones.
        start_date: Only rebuild articles published from this day (with end_date).
        end_date: Only rebuild articles published up to this day, inclusive.
        out: Dataset root, a local directory or a URL (s3://bucket/prefix).
        data_dir: Local working directory with the raw archive (raw/<source>/*.warc.gz).
        batch_size: Pages per transform task run.
        max_parallel: Sources processed at once.
        dask_address: Dask scheduler address for the transform batches, "local" for a local
            2-worker cluster, empty for the default thread pool (default: NEWSETL_DASK_ADDRESS).
        refresh_cache: Parse every page again even when its transform batch is cached.
    """
    logger = get_run_logger()
    if (start_date is None) != (end_date is None):
        raise ValueError("give both start_date and end_date, or neither")
    if start_date and end_date:
        check_range(start_date, end_date)
    started = datetime.now(UTC)
    calls = [(name, {"source": name, "mode": "archive", "start_date": start_date, "end_date": end_date,
                     "out": out, "data_dir": data_dir, "batch_size": batch_size,
                       "refresh_cache": refresh_cache}) for name in dict.fromkeys(sources)]
    with dask_cluster(dask_address) as address:
        results = run_children(calls, max_parallel, address)
    summary = report.finish(
        "reprocess", "reprocess", "Reprocess from archive", started,
        [report.UnitOutcome.from_result(name, name, r) for (name, _), r in zip(calls, results, strict=True)],
        {"sources": list(sources), "start_date": start_date, "end_date": end_date, "out": out,
         "data_dir": data_dir}, out, what="source")
    logger.info("reprocess: %s", summary["counts"]["per_source"])
    return summary
