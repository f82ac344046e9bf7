"""Running child flows: at most N at once, each on the thread pool or on a Dask cluster.

Why child flows are started from a wrapper task: the parent's thread-pool task runner gives
them threads and carries the Prefect run context into each, so children run side by side
under their parent in the UI; `max_parallel` is a sliding window over those tasks. A global
concurrency limit (default "backfill-units") caps units across *all* running backfills; it
is acquired once per unit, never per request (acquiring costs 0.5-2 s on a busy server), and
it is optional: when the limit does not exist on the server, units are not throttled by it.

Dask: "local" starts a LocalCluster for the duration of the parent flow (2 single-threaded
worker processes: parsing holds the GIL); any other value is a scheduler address. Each child
flow then connects its own DaskTaskRunner to that one cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed

from flows.params import dask_address

UNIT_LIMIT = "backfill-units"
LOCAL_WORKERS = 2


@contextmanager
def dask_cluster(value: str | None, n_workers: int = LOCAL_WORKERS) -> Iterator[str | None]:
    """Yield the scheduler address to use: None (no Dask), a given address, or a local cluster's."""
    address = dask_address(value)
    if address != "local":
        yield address
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        get_run_logger().info("local Dask cluster %s with %d workers", cluster.scheduler_address, n_workers)
        yield cluster.scheduler_address


def child_flow(address: str | None):
    """ingest_source on the default task runner, or on the Dask cluster at `address`."""
    from flows.ingest import ingest_source

    if not address:
        return ingest_source
    from prefect_dask import DaskTaskRunner

    return ingest_source.with_options(task_runner=DaskTaskRunner(address=address))


@task(name="run-child", cache_policy=NO_CACHE, persist_result=False)
def run_child(kwargs: dict[str, Any], address: str | None, limit: str | None) -> dict:
    """One child flow run (ingest_source), holding a slot of the global limit `limit` if set."""
    flow_ = child_flow(address)
    if not limit:
        return flow_(**kwargs)
    from prefect.concurrency.sync import concurrency

    with concurrency(limit, occupy=1, strict=False):
        return flow_(**kwargs)


def run_children(calls: list[tuple[str, dict[str, Any]]], max_parallel: int, address: str | None,
                 limit: str | None = None) -> list[dict]:
    """Run `calls` (name, ingest_source kwargs), at most `max_parallel` at a time.

    Returns one dict per call, in order: the child's report, or {"error": ...} when it failed,
    so one failed unit never stops the others.
    """
    logger = get_run_logger()
    results: list[dict] = [{} for _ in calls]
    running: dict[PrefectFuture, int] = {}

    def settle(future: PrefectFuture) -> None:
        i = running.pop(future)
        try:
            results[i] = future.result()
        except Exception as exc:  # the child's own failure: recorded, others go on
            logger.error("%s failed: %s: %s", calls[i][0], type(exc).__name__, exc)
            results[i] = {"error": f"{type(exc).__name__}: {exc}"}

    for i, (name, kwargs) in enumerate(calls):
        while len(running) >= max(1, max_parallel):
            settle(next(as_completed(list(running))))
        running[run_child.with_options(task_run_name=f"run-{name}").submit(kwargs, address, limit)] = i
    while running:
        settle(next(as_completed(list(running))))
    return results
