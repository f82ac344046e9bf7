"""Task definitions shared by news_etl, backfill and reprocess: fetch, transform, load.

What Prefect does here and what it does not:
- retries with growing delays on fetch and storage I/O, but only for errors that a later
  attempt can cure (`retry_transient`): a bad registry file or a missing contact URL
  fails at once instead of three times;
- per-host politeness stays inside the fetcher (extract.ratelimit): a Prefect concurrency
  slot costs 0.5-2 s to acquire, more than a polite request interval;
- transform results are cached by what the transform reads (each page's bytes and
  metadata) plus PIPELINE_VERSION, not by task inputs as Prefect would hash them, so a
  reprocess over an unchanged archive skips the parsing and a version bump re-parses all;
- every task takes a batch of pages, never one page: 5-11 ms of Prefect per task run.

No parsing here: pages go to transform.parse_page through CrawledPage.parse.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import pyarrow as pa
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from extract.archive import CrawledPage
from flows.workers import Outcome, WorkerPool, shared_pool
from load.quarantine import quarantine_entry, update_quarantine
from load.schema import SCHEMA_VERSION
from load.spool import Spool
from load.validate import pages_to_table, quarantine_rows
from load.writer import write_articles
from newsetl.settings import BATCH_BYTES
from transform import PIPELINE_VERSION


class _ThreadTimeoutNotice(logging.Filter):
    """Drop Prefect's per-run notice that a sync task's timeout cannot interrupt blocking I/O in
    a worker thread. Known and accepted here: the transform is a pure-Python loop, which the
    timeout does interrupt, and the fetcher bounds every request itself; the notice would
    otherwise be repeated for every task run of every unit."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Timeout of %s seconds configured for this task, but the task is "
                                              "running in a worker thread")


logging.getLogger("prefect.task_runs").addFilter(_ThreadTimeoutNotice())

# Retry delays: fetch waits long enough for a site or link to recover; storage retries fast.
FETCH_RETRY_DELAYS = [30, 120]
STORAGE_RETRY_DELAYS = [2, 10, 30]
_PERMANENT_OS_ERRORS = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)
_TRANSIENT_NAMES = {"EndpointConnectionError", "ConnectTimeoutError", "ReadTimeoutError", "ConnectionClosedError",
                    "SlowDown", "ServiceUnavailable", "RequestTimeout", "ThrottlingException", "TransportError"}


def is_transient(exc: BaseException | None) -> bool:
    """Errors worth another attempt: network, timeouts, a busy database, a throttling store."""
    if exc is None:
        return False
    if isinstance(exc, _PERMANENT_OS_ERRORS):
        return False
    if isinstance(exc, TimeoutError | ConnectionError | OSError):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        return any(w in str(exc).lower() for w in ("locked", "busy"))
    try:
        import httpx

        if isinstance(exc, httpx.TransportError):
            return True
    except ImportError:  # pragma: no cover - httpx is a dependency
        pass
    return any(cls.__name__ in _TRANSIENT_NAMES for cls in type(exc).__mro__)


def retry_transient(task_: Any, task_run: Any, state: Any) -> bool:
    """retry_condition_fn: retry only when the failure was a transient error."""
    try:
        exc = state.result(raise_on_failure=False)
    except Exception as err:  # the result could not be read: judge by that error
        exc = err
    return is_transient(exc if isinstance(exc, BaseException) else None)


@dataclass
class BatchResult:
    """What one transform batch produced: Arrow tables of valid records and quarantine rows.

    Pickled (result cache, Dask transfers) as one Arrow IPC stream: pickling the per-page
    tables took 0.35-0.47 s per 200 pages, a third of their parse time; IPC takes 0.03 s.
    """

    tables: list[pa.Table] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    pages_ok: int = 0
    records: int = 0

    def __getstate__(self) -> dict:
        state = {k: v for k, v in self.__dict__.items() if k != "tables"}
        state["ipc"] = None
        if self.tables:
            table = pa.concat_tables(self.tables)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            state["ipc"] = sink.getvalue().to_pybytes()
        return state

    def __setstate__(self, state: dict) -> None:
        ipc = state.pop("ipc")
        self.__dict__.update(state)
        self.tables = [pa.ipc.open_stream(ipc).read_all()] if ipc else []


def failure_row(ref: str, source: str, stage: str, error: BaseException | tuple[str, str],
                content: bytes | None) -> dict:
    return quarantine_entry(ref, source, stage, error, content, pipeline_version=PIPELINE_VERSION)


def parse_pages(pages: Iterable[CrawledPage], pool: WorkerPool | None = None) -> BatchResult:
    """Parse a batch in worker processes (flows.workers); a page that fails, stalls or swells is
    quarantined alone, with its stage and reason, and the rest of the batch is kept."""
    logger = get_run_logger()
    pages = list(pages)
    outcomes = (pool or shared_pool()).parse(pages)
    parsed = [out for out in outcomes if out.records is not None]
    table, refused = pages_to_table([out.records for out in parsed])
    refused_at = {parsed[k].index: reason for k, reason in refused.items()}
    result = BatchResult(tables=[table] if table.num_rows else [], records=table.num_rows)
    for out in outcomes:
        if out.index in refused_at:  # records the schema refuses: the page is quarantined, as any failure
            out = Outcome(out.index, stage="validate", error_class="RecordError", message=refused_at[out.index])
        if out.records is not None:
            result.pages_ok += 1
            continue
        raw = pages[out.index].raw
        ref = raw.input_path or raw.url or raw.input_key
        logger.warning("quarantined %s at stage %s: %s: %s", ref, out.stage, out.error_class, out.message)
        result.failures.append(failure_row(ref, raw.source, out.stage, (out.error_class, out.message), raw.content))
    return result


def page_fingerprint(page: CrawledPage) -> str:
    """Everything parse_page reads from a page: bytes, identity, dates and source options."""
    raw = page.raw
    parts = [raw.raw_sha256, raw.url or "", raw.input_path or "", raw.source,
             raw.read_at.isoformat() if raw.read_at else "", raw.content_type or "",
             raw.edition_date.isoformat() if raw.edition_date else "", raw.edition_source or "",
             page.options.fingerprint()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def batch_cache_key(context: Any, parameters: dict[str, Any]) -> str:
    """cache_key_fn: the batch's page fingerprints + pipeline and schema versions."""
    digest = hashlib.sha256(f"{PIPELINE_VERSION}|{SCHEMA_VERSION}".encode())
    for page in parameters["pages"]:
        digest.update(page_fingerprint(page).encode())
    return f"transform-{PIPELINE_VERSION}-{digest.hexdigest()}"


def stable_batches(pages: Sequence[CrawledPage], size: int, max_bytes: int = BATCH_BYTES) -> list[list[CrawledPage]]:
    """Content-defined batches, so that one new or changed page changes one batch's cache key.

    Pages are ordered by fingerprint and a batch ends after a page whose fingerprint is 0
    modulo `size` (a batch of `size` pages on average), or at 2 x `size`, or once it holds
    `max_bytes` of page content (a few huge pages never share one batch's memory). Fixed-size slices
    would shift every later boundary when one page is added and miss the cache for all of them.
    """
    size = max(1, size)
    keyed = sorted((page_fingerprint(p), i) for i, p in enumerate(pages))
    batches: list[list[CrawledPage]] = []
    current: list[CrawledPage] = []
    held = 0
    for fp, i in keyed:
        current.append(pages[i])
        held += len(pages[i].raw.content)
        if int(fp[:12], 16) % size == 0 or len(current) >= 2 * size or held >= max_bytes:
            batches.append(current)
            current, held = [], 0
    if current:
        batches.append(current)
    return batches


@task(name="transform-pages", cache_key_fn=batch_cache_key, persist_result=True,
      cache_expiration=timedelta(days=90), timeout_seconds=900)
def transform_pages(pages: list[CrawledPage]) -> BatchResult:
    """Parse one batch of pages (cached: see the module docstring)."""
    return parse_pages(pages)


# One writer per dataset in this process. Locally the Store's flock does this already; object
# stores have no lock, and the units of one backfill run side by side in this process's threads
# (their partitions differ, but the reprint index under _index/ is shared).
_LOAD_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _dataset_lock(root: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOAD_LOCKS.setdefault(root, threading.Lock())


@task(name="load-articles", cache_policy=NO_CACHE, persist_result=False, retries=len(STORAGE_RETRY_DELAYS),
      retry_delay_seconds=STORAGE_RETRY_DELAYS, retry_condition_fn=retry_transient, timeout_seconds=3600)
def load_tables(tables: list[pa.Table] | Spool, articles_root: str, replace_range: tuple[date, date] | None = None,
                range_sources: list[str] | None = None) -> dict:
    """Write records all at once, so each partition is rewritten once: a unit's tables, or a
    news_etl run's spool (load.spool: its records on local disk, written a slice at a time).

    Safe to retry: a write replaces whole partitions, so a second attempt gives the same files.
    """
    from load.schema import ARTICLE_SCHEMA

    data = tables if isinstance(tables, Spool) else (
        pa.concat_tables(tables) if tables else ARTICLE_SCHEMA.empty_table())
    with _dataset_lock(articles_root):
        result = write_articles(data, articles_root, replace_range=replace_range, range_sources=range_sources)
    out = asdict(result)
    out["partitions"] = [{**asdict(p), "path": p.path} for p in result.partitions]
    out["rejected"] = quarantine_rows(result.rejected, PIPELINE_VERSION)  # quarantine rows, stage "validate"
    return out


@task(name="update-quarantine", cache_policy=NO_CACHE, persist_result=False,
      retries=len(STORAGE_RETRY_DELAYS), retry_delay_seconds=STORAGE_RETRY_DELAYS,
      retry_condition_fn=retry_transient, timeout_seconds=600)
def store_quarantine(failures: list[dict], processed_refs: list[str], quarantine_root: str) -> dict:
    """Replace the quarantine rows of every processed input with this run's failures."""
    with _dataset_lock(quarantine_root):
        return asdict(update_quarantine(quarantine_root, failures, processed_refs))
