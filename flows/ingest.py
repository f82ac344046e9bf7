"""The per-source child flow: (fetch) -> pages -> transform batches -> load -> quarantine.

news_etl, backfill and reprocess all end up here, once per source (or per source and month
for a backfill), as a child flow run of their own: its state, logs and task runs show per
source in the UI, a failure stays with its source, and its task runner can be a Dask cluster
(`ingest_source.with_options(task_runner=...)`) while the parent keeps its thread pool.

Pages are gathered inside the child (never passed as parameters: flow parameters are
stored in the Prefect database). Three ways to get them:
- "incremental": fetch what is new, then load every archive file not yet in the ledger;
- "refetch": fetch the window again (conditional requests), then load the whole archive
  of the source for the window, so pages answered 304 are not lost from the partitions;
- "archive": no network, the whole archive (or the given files) for the window.
Local-kind sources always read their files; unchanged files cost a cache hit, not a parse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extract.archive import CrawledPage, CrawlStats, archive_files
from flows import pages as page_io
from flows.params import BATCH_SIZE, load_sources
from flows.progress import PAGES
from flows.tasks import (
    FETCH_RETRY_DELAYS,
    BatchResult,
    failure_row,
    load_tables,
    retry_transient,
    stable_batches,
    store_quarantine,
    transform_pages,
)
from load.spool import Spool
from load.storage import join

IngestMode = Literal["incremental", "refetch", "archive"]


class SourceUnreachable(RuntimeError):
    """No discovery page of the source answered (connection refused, timeouts, robots.txt out)."""


@task(name="fetch-source", cache_policy=NO_CACHE, persist_result=False, retries=len(FETCH_RETRY_DELAYS),
      retry_delay_seconds=FETCH_RETRY_DELAYS, retry_condition_fn=retry_transient, timeout_seconds=3300)
def fetch_source(source: str, data_dir: str, since: date | None = None, until: date | None = None,
                 revalidate: bool = False) -> dict:
    """Crawl one source into the raw archive; the fetcher keeps its own per-host rate limits.

    Returns crawl statistics and fetch failures, not pages: the caller reads the archive.
    """
    from extract.crawl import run_crawl
    from extract.fetch import FetchConfig

    src = load_sources()[source]
    from flows.secrets import fetch_overrides

    # robots.txt once per host for the whole run: every unit of a backfill shares its root run.
    config = FetchConfig.load(robots_scope=str(flow_run.root_flow_run_id or flow_run.id or ""))
    config = replace(config, **fetch_overrides(config.contact_url))  # the contact URL may be a Prefect Variable
    result = run_crawl(src, data_dir=data_dir, config=config, since=since, until=until, revalidate=revalidate)
    failures = [failure_row(f.url, f.source, f.stage, (f.error_class, f.message), None) for f in result.failures]
    return {"stats": asdict(result.stats), "failures": failures,
            "warc": str(result.warc_path) if result.warc_path else None}


@task(name="collect-pages", cache_policy=NO_CACHE, persist_result=False, retries=2, retry_delay_seconds=[2, 10],
      retry_condition_fn=retry_transient, timeout_seconds=1800)
def collect_pages(source: str, data_dir: str, files: list[str] | None,
                  window: tuple[date, date] | None) -> page_io.Collected:
    """Read the pages to transform: local files, or the given (default: all) archive files."""
    src = load_sources()[source]
    if src.kind == "local":
        return page_io.local_pages(src)
    return page_io.archive_pages(src, files if files is not None else archive_files(data_dir, source), window)


def _in_window(table: pa.Table, window: tuple[date, date] | None) -> pa.Table:
    if window is None or table.num_rows == 0:
        return table
    day = table["filed_date"]
    return table.filter(pc.and_(pc.greater_equal(day, pa.scalar(window[0], pa.date32())),
                                pc.less_equal(day, pa.scalar(window[1], pa.date32()))))


def _distributed() -> bool:
    """True when this flow's task runner is a cluster (Dask), not the in-process thread pool."""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ThreadPoolTaskRunner

    ctx = FlowRunContext.get()
    return ctx is not None and not isinstance(ctx.task_runner, ThreadPoolTaskRunner)


def transform_all(pages: list[CrawledPage], batch_size: int, consume: Callable[[BatchResult], None],
                  refresh_cache: bool = False) -> int:
    """Transform every batch and hand each result to `consume` as it is ready (in batch order),
    keeping none; returns the number of pages served from the cache.

    On a cluster the batches are submitted and run side by side; in-process they run one after
    the other: parsing holds the GIL, so threads gain nothing (2,000 pages: 14.3-16.2 s
    submitted to the thread pool, 13.3-14.3 s in sequence).
    """
    batches = stable_batches(pages, batch_size)
    transform = transform_pages.with_options(refresh_cache=True) if refresh_cache else transform_pages
    PAGES.expect(len(pages))
    cached = 0
    if _distributed():
        futures = [transform.submit(batch) for batch in batches]
        for i, batch in enumerate(batches):
            future, futures[i] = futures[i], None
            future.wait()
            cached += len(batch) if future.state.name == "Cached" else 0
            consume(future.state.result())
            PAGES.advance(len(batch))
    else:
        for batch in batches:
            state = transform(batch, return_state=True)
            cached += len(batch) if state.name == "Cached" else 0
            consume(state.result())
            PAGES.advance(len(batch))
    return cached


def _run_name() -> str:
    p = flow_run.parameters or {}
    span = f"{p.get('start_date')}..{p.get('end_date')}" if p.get("start_date") else "all"
    return f"ingest-{p.get('source')}-{p.get('mode')}-{span}"


@flow(name="ingest-source", flow_run_name=_run_name, log_prints=False)
def ingest_source(
    source: str,
    mode: IngestMode = "archive",
    start_date: date | None = None,
    end_date: date | None = None,
    out: str = "data",
    data_dir: str = "data",
    batch_size: int = BATCH_SIZE,
    archives: list[str] | None = None,
    refresh_cache: bool = False,
) -> dict:
    """Fetch (optionally), transform and load one source, for a date window or everything.

    Args:
        source: Registry name of the source.
        mode: "incremental" (fetch new pages, load archives not loaded yet), "refetch" (fetch
            the window again, then load it from the whole archive) or "archive" (no network).
        start_date: First publication date of the window (with end_date); none: no window.
        end_date: Last publication date of the window, inclusive.
        out: Dataset root (local directory or URL): articles/, quarantine/ and _runs/ below it.
        data_dir: Local working directory holding raw/ (WARC archive) and _state/.
        batch_size: Pages per transform task run (on average: batches are content-defined).
        archives: Archive files to read in "archive" mode instead of all of the source's.
        refresh_cache: Parse every page again even if its batch is cached (and refresh the cache).
    """
    logger = get_run_logger()
    if "://" in out:
        from flows.secrets import apply_storage_secret

        apply_storage_secret()  # object-store credentials may live in a Prefect Secret block
    src = load_sources()[source]
    window = (start_date, end_date) if start_date and end_date else None
    if mode == "archive" and src.kind != "local" and archives is None and not archive_files(data_dir, source):
        # Nothing to read where pages were expected: not a success with 0 pages (a done marker
        # would make the next backfill skip this unit), but a failure that says why.
        raise FileNotFoundError(f"no raw archive for source {source} under {Path(data_dir) / 'raw' / source}: "
                                "nothing to reprocess (fetch it first with a refetch backfill)")
    fetched = {"stats": {}, "failures": [], "warc": None}
    if mode in ("incremental", "refetch") and src.kind != "local":
        fetched = fetch_source(source, data_dir, since=start_date, until=end_date, revalidate=mode == "refetch")
        crawl = CrawlStats(**fetched["stats"])
        if crawl.unreachable():
            # Not a success that found nothing new: the unit failed (no done marker) and says why.
            raise SourceUnreachable(f"source {source} not reached: {crawl.discovery_failed} of "
                                    f"{crawl.discovery_pages} discovery page(s) failed, first: {crawl.first_error}")
    files: list[str] | None = archives
    if mode == "incremental" and src.kind != "local":
        files = [str(p) for p in page_io.unloaded_archives(data_dir, source, out)]
    got = collect_pages(source, data_dir, files, window)
    failures = list(fetched["failures"])
    failures += [failure_row(ref, source, "read", (cls, msg), head) for ref, cls, msg, head in got.failures]
    records = undated = 0
    pages_with_articles: set[str] = set()
    # Records go to a spool on local disk batch by batch and are written once (load.spool).
    spool = Spool.on_disk(str(join(out, "articles")))

    def consume(res: BatchResult) -> None:
        nonlocal records, undated
        failures.extend(res.failures)
        for table in res.tables:
            kept = _in_window(table, window)
            records += kept.num_rows
            if kept.num_rows:
                spool.add(kept)
                undated += kept["published_date"].null_count
                pages_with_articles.update(kept["input_key"].to_pylist())

    try:
        cached = transform_all(got.pages, batch_size, consume, refresh_cache)
        written = load_tables(spool, str(join(out, "articles")), replace_range=window,
                              range_sources=[source] if window else None)
    finally:
        spool.close()
    failures += written["rejected"]
    processed = [p.raw.input_path or p.raw.url or p.raw.input_key for p in got.pages]
    processed += [f["input_ref"] for f in failures]
    quarantine = store_quarantine(failures, processed, str(join(out, "quarantine")))
    if mode == "incremental" and files:
        page_io.mark_loaded(data_dir, source, out, [Path(f) for f in files])

    stats = fetched["stats"]
    report = {
        "source": source, "mode": mode, "window": [d.isoformat() for d in window] if window else None,
        "flow_run_id": str(flow_run.id),
        "pages_fetched": stats.get("articles_fetched", 0),
        "fetch_failures": len(fetched["failures"]),
        "pages_read": got.read,
        "pages_with_articles": len(pages_with_articles),
        "undated": undated,
        "pages_new": len(got.pages) - cached,
        "pages_unchanged": cached + stats.get("not_modified", 0) + stats.get("skipped_known", 0),
        "pages_out_of_range": got.out_of_range,
        "articles_written": records,
        "rows_added": sum(p["added"] for p in written["partitions"]),
        "quarantined": len(failures),
        "quarantine_total": quarantine["total"],
        "partitions": [p["path"] for p in written["partitions"]],
        "range_partitions_kept": written["range_partitions_kept"],
        "archives": len(files) if files is not None else None,
    }
    logger.info("%s (%s): %d pages read, %d parsed, %d from cache, %d articles, %d quarantined", source, mode,
                got.read, report["pages_new"], cached, records, len(failures))
    return report
