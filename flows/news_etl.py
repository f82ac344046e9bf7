"""The news_etl flow: local inputs -> transform -> Parquet dataset, quarantine and run manifest.

Tasks take batches of inputs (BATCH_SIZE pages), never one page or article each: Prefect costs
~5-11 ms per task run and its ephemeral server degrades after a few thousand task runs. All
parsing lives in transform/; this module only moves pages between stages and decides what
goes to the quarantine. One bad page never fails the run: its error is caught per page and
recorded with the stage it failed in.

Run it through the CLI (`newsetl run` or `python -m newsetl run`), which sets the local Prefect
defaults before Prefect is imported; flows never import the CLI.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from extract.archive import CrawledPage
from extract.local import LocalInput, ReadFailure, discover, read_input
from flows import report
from flows.tasks import BatchResult, failure_row, load_tables, parse_pages, store_quarantine
from load.quarantine import read_quarantine
from load.spool import Spool
from load.validate import check_source
from newsetl import settings
from transform import RawPage


# Inputs and results are large in-memory objects: no cache keys (hashing every page's bytes)
# and no result persistence; and the batches are passed quoted (prefect quote), so Prefect does
# not walk every page's fields looking for futures to wait on (0.66 s of a 2,000-page run under
# cProfile, 2026-12-04): the task gets the list itself.
@task(name="read-batch", cache_policy=NO_CACHE, persist_result=False)
def read_batch(items: list[LocalInput]) -> tuple[list[RawPage], list[dict]]:
    """Read a batch of local files; unreadable ones become quarantine rows (stage "read")."""
    pages, failures = [], []
    for item in items:
        got = read_input(item)
        if isinstance(got, ReadFailure):
            failures.append(failure_row(got.input_ref, got.source, got.stage, (got.error_class, got.message), got.head))
        else:
            pages.append(got)
    return pages, failures


@task(name="transform-batch", cache_policy=NO_CACHE, persist_result=False)
def transform_batch(pages: list[RawPage]) -> BatchResult:
    """Parse a batch page by page; any error on a page quarantines that page only."""
    return parse_pages(CrawledPage(raw=page) for page in pages)


def _size_hint(item: LocalInput) -> int:
    try:
        return max(0, os.stat(item.path).st_size)
    except OSError:
        return 0  # read_batch reports it


def _batches(items: Sequence[LocalInput], size: int, max_bytes: int = settings.BATCH_BYTES
             ) -> Iterator[list[LocalInput]]:
    """Batches of at most `size` inputs and about `max_bytes` of input (a file's size on disk as
    the hint; the read itself enforces the per-input cap), so a few huge inputs never share one
    batch's memory. A single input over `max_bytes` makes a batch of its own."""
    batch: list[LocalInput] = []
    held = 0
    for item in items:
        hint = _size_hint(item)
        if batch and (len(batch) >= size or held + hint > max_bytes):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += hint
    if batch:
        yield batch


@contextmanager
def _progress(show: bool, total: int) -> Iterator[Callable[[int], None]]:
    if not show:
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:
        job = bar.add_task("inputs", total=total)
        yield lambda n: bar.advance(job, n)


def _quarantined_inputs(quarantine_root: str, known: set[str]) -> list[LocalInput]:
    """Quarantined local files not among this run's inputs: retried so fixes take effect."""
    retry = []
    for row in read_quarantine(quarantine_root):
        ref, source = row["input_ref"], row["source"]
        if ref not in known and source and Path(ref).is_file():
            retry.append(LocalInput(path=ref, source=source))
            known.add(ref)
    return retry


def _run_name() -> str:
    """news-etl-<source>."""
    p = flow_run.parameters or {}
    return f"news-etl-{p.get('source', settings.DEFAULT_SOURCE)}"


@flow(name="news_etl", flow_run_name=_run_name)
def news_etl(
    inputs: list[str] | None = None,
    out: str = settings.DEFAULT_OUT,
    source: str = settings.DEFAULT_SOURCE,
    batch_size: int = settings.BATCH_SIZE,
    retry_quarantined: bool = True,
    show_progress: bool = False,
    edition_date: date | None = None,
) -> dict:
    """Parse local news pages into the partitioned article dataset (`make run`, `newsetl run`).
    New pages of the registry's sources are the other flow, flows.incremental.news_incremental.

    Args:
        inputs: Files or directories to read (recursively: .txt, .html, .htm, .pdf).
        out: Output directory or URL; articles go to <out>/articles, failures to <out>/quarantine,
            run manifests to <out>/_runs.
        source: Source name stored with every article and used as the `source=` partition.
        batch_size: Inputs per task run.
        retry_quarantined: Also retry quarantined local files that are not among `inputs`.
        show_progress: Draw a progress bar on the terminal (the CLI sets this).
        edition_date: The edition date of every input (e-paper pages whose file names carry no
            date); without it, a date in a file or folder name is used.
    """
    logger = get_run_logger()
    started = datetime.now(UTC)
    check_source(source)
    inputs = list(inputs) if inputs is not None else list(settings.DEFAULT_INPUTS)
    articles_root, quarantine_root = settings.articles_root(out), settings.quarantine_root(out)

    items, missing = discover(inputs, source, edition_date)
    known = {item.path for item in items}
    retried = _quarantined_inputs(str(quarantine_root), known) if retry_quarantined else []
    items += retried
    failures = [failure_row(m.input_ref, m.source, m.stage, (m.error_class, m.message), None) for m in missing]
    pages_read = pages_ok = records = undated = 0
    pages_with_articles: set[str] = set()
    # Records go to a spool on local disk as batches are parsed and are written once at the end:
    # the run holds one batch, never its records, and rewrites each partition once (load.spool).
    spool = Spool.on_disk(str(articles_root))
    try:
        with _progress(show_progress, len(items)) as advance:
            for batch in _batches(items, max(1, batch_size)):
                pages, read_failures = read_batch(quote(batch))
                parsed = transform_batch(quote(pages))  # (quote: see the note on the tasks)
                failures += read_failures + parsed.failures
                if parsed.tables:
                    spool.add(pa.concat_tables(parsed.tables))
                pages_read += len(pages)
                pages_ok += parsed.pages_ok
                records += parsed.records
                undated += sum(t["published_date"].null_count for t in parsed.tables)
                pages_with_articles.update(key for t in parsed.tables for key in t["input_key"].to_pylist())
                advance(len(batch))
                del pages, parsed
        written = load_tables(spool, str(articles_root))
    finally:
        spool.close()
    failures += written["rejected"]
    processed = [item.path for item in items] + [m.input_ref for m in missing]
    quarantine = store_quarantine(failures, processed, str(quarantine_root))

    parameters = {"inputs": inputs, "out": out, "source": source, "batch_size": batch_size,
                  "retry_quarantined": retry_quarantined,
                  "edition_date": edition_date.isoformat() if edition_date else None}
    counts = {
        "inputs": len(items) + len(missing),
        "retried_from_quarantine": len(retried),
        "read": pages_read,
        "parsed": pages_ok,
        "records": records,
        "undated": undated,
        "rejected": len(written["rejected"]),
        "rows_added": sum(p["added"] for p in written["partitions"]),
        "rows_replaced": written["rows_replaced"],
        "duplicates_dropped": written["duplicates_dropped"],
        "reprint_rows_regrouped": written["reprint_rows_regrouped"],
        "quarantined": dict(sorted(Counter(f["stage"] for f in failures).items())),
    }
    unit = report.UnitOutcome(source, "local files", report={
        "pages_read": pages_read, "pages_new": pages_ok, "pages_with_articles": len(pages_with_articles),
        "articles_written": records, "undated": undated, "quarantined": len(failures),
        "partitions": [p["path"] for p in written["partitions"]]})
    report.publish("news-etl-local", f"Local files ({source})", [unit])
    summary = report.record(
        "local", started, parameters, counts, written["partitions"], out, strict=True,
        quarantined=[{k: f[k] for k in ("input_ref", "stage", "error_class", "message")} for f in failures],
        quarantine={**quarantine, "path": str(quarantine_root)}, articles_path=str(articles_root))
    logger.info("run %s: %d records from %d of %d inputs, %d quarantined", summary["run_id"], records, pages_ok,
                summary["counts"]["inputs"], len(failures))
    return summary

