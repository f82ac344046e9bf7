"""news_etl's scheduled mode: new pages of the enabled sources since the last run.

"Since the last run" is kept by the fetcher (fetched URLs, conditional-request validators,
e-paper watermarks in data/_state/fetch.sqlite) and by the ledger of archive files already
loaded (flows/pages.py). Each source is one child flow run (flows/ingest.py), so a site that
is down fails its own child and the other sources still load. Two schedules call this (see
deployment.yaml): web sources hourly, e-papers daily at 06:30 Asia/Shanghai.
"""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import get_run_logger

from flows import report
from flows.params import enabled_sources
from flows.runner import dask_cluster, run_children


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
    return report.finish_per_source_run(
        "incremental", "news-etl", "Incremental run", started, calls, results,
        {"sources": sources, "kinds": kinds, "out": out, "data_dir": data_dir}, out)
