"""The scheduled flow: new pages of the enabled sources since the last run (news_incremental).

A flow of its own, apart from news_etl (local files): the two share tasks (flows/tasks.py) and
the report builder (flows/report.py), not parameters.

"Since the last run" is kept by the fetcher (fetched URLs, conditional-request validators,
e-paper watermarks in data/_state/fetch.sqlite) and by the ledger of archive files already
loaded (flows/pages.py). Each source is one child flow run (flows/ingest.py), so a site that
is down fails its own child and the other sources still load. Two schedules call this (see
deployment.yaml): web sources hourly, e-papers daily at 06:30 Asia/Shanghai.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from pydantic import Field

from flows import report
from flows.params import MAX_PARALLEL_UNITS, SourceKind, SourceName, enabled_sources
from flows.runner import dask_cluster, run_children
from newsetl import settings
from transform.common.dates import SHANGHAI


def selected_sources(sources: list[str] | None, kinds: list[str] | None) -> list[str]:
    """Enabled registry sources, restricted to `sources` and to `kinds` when given."""
    names = enabled_sources(kinds)
    return [n for n in names if sources is None or n in sources]


def run_incremental(sources: list[str] | None, kinds: list[str] | None, out: str, data_dir: str, batch_size: int,
                    max_parallel: int, dask_address: str | None) -> dict:
    """Fetch and load every selected source once; fails (after reporting) if any source failed."""
    logger = get_run_logger()
    started = datetime.now(UTC)
    names = selected_sources(sources, kinds)
    logger.info("incremental run over %s", ", ".join(names) or "no source")
    calls = [(name, {"source": name, "mode": "incremental", "out": out, "data_dir": data_dir,
                     "batch_size": batch_size}) for name in names]
    with dask_cluster(dask_address) as address:
        results = run_children(calls, max_parallel, address) if calls else []
    return report.finish(
        "incremental", "news-etl", "Incremental run", started,
        [report.UnitOutcome.from_result(name, name, r) for (name, _), r in zip(calls, results, strict=True)],
        {"sources": sources, "kinds": kinds, "out": out, "data_dir": data_dir}, out, what="source")


def _run_name() -> str:
    """news-etl-incremental-<kinds or sources>-<Shanghai time>."""
    p = flow_run.parameters or {}
    what = "+".join(p.get("kinds") or p.get("sources") or ["all"])
    return f"news-etl-incremental-{what}-{datetime.now(SHANGHAI):%Y-%m-%dT%H:%M}"


@flow(name="news_incremental", flow_run_name=_run_name)
def news_incremental(
    sources: list[SourceName] | None = None,
    kinds: list[SourceKind] | None = None,
    out: str = settings.DEFAULT_OUT,
    data_dir: str = settings.DEFAULT_OUT,
    batch_size: int = settings.BATCH_SIZE,
    max_parallel: Annotated[int, Field(ge=1, le=MAX_PARALLEL_UNITS)] = 2,
    dask_address: str | None = None,
) -> dict:
    """Fetch and load what is new in the registry's enabled sources since the last run.

    Args:
        sources: Only these registry sources (default: all enabled ones).
        kinds: Only sources of these kinds (the e-paper schedule sets ["epaper"]).
        out: Dataset root (local directory or URL): articles/, quarantine/ and _runs/ below it.
        data_dir: Local directory of the raw WARC archive and the fetch state.
        batch_size: Pages per transform task run.
        max_parallel: Sources fetched and loaded at once.
        dask_address: Dask scheduler for the transform batches, "local" for a local cluster
            (default: NEWSETL_DASK_ADDRESS, else Prefect's thread pool).
    """
    return run_incremental(sources, kinds, out, data_dir, batch_size, max_parallel, dask_address)
