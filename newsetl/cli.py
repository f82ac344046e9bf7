"""`newsetl` command line: run the pipeline, parse single files, reprocess the archive, inspect
the quarantine; `crawl` and `sources` are in crawl_cmd.py, `status` and `export` in
inspect_cmd.py. Also `python -m newsetl`.

Only `run`, `reprocess` and `crawl` import Prefect (lazily, after setting the local defaults):
the other commands are quick checks that should not pay Prefect's ~2 s import or touch its state.
Exit codes: 0 success, 1 the pipeline run failed, 2 bad usage or an input that could not be
read or parsed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsetl import checks, local_api, settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EDITION_HELP = ("edition date of the inputs (e-paper pages); default: a date in the file or folder "
                "name, else none (undated articles keep published_date empty)")


def _error(command: str, message: str) -> None:
    print(f"newsetl {command}: {' '.join(message.split())}", file=sys.stderr)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def registry_options(source: str):
    """The parse options of `source` in the registry folder in use (settings.sources_dir), so
    that `newsetl parse --source NAME` prints what the flow stores for that source; defaults for
    a name the registry does not hold (local files under any source name)."""
    from extract.sources import load_registry
    from transform.options import DEFAULT_OPTIONS

    folder = settings.sources_dir()
    if not (folder / f"{source}.toml").is_file() and not folder.is_dir():
        return DEFAULT_OPTIONS
    src = load_registry(folder).get(source)
    return src.parse_options() if src is not None else DEFAULT_OPTIONS


def cmd_parse(args: argparse.Namespace) -> int:
    """Print one JSON object per article; bad inputs are reported but do not hide good ones."""
    from extract.local import LocalInput, ReadFailure, read_input
    from load.schema import FIELD_NAMES
    from transform import TransformError, parse_page

    options = registry_options(args.source)
    status = EXIT_OK
    for path in args.paths:
        page = read_input(LocalInput(path=path, source=args.source, edition_date=args.edition_date))
        if isinstance(page, ReadFailure):
            _error("parse", f"{path}: read: {page.message}")
            status = EXIT_USAGE
            continue
        try:
            records = parse_page(page, options)
        except TransformError as exc:
            _error("parse", f"{path}: {exc.stage}: {exc.message}")
            status = EXIT_USAGE
            continue
        for rec in records:
            line = {name: _jsonable(rec.get(name)) for name in FIELD_NAMES}
            print(json.dumps(line, ensure_ascii=False))
    return status


def cmd_quarantine(args: argparse.Namespace) -> int:
    """List quarantined inputs: input, stage, error class, message, first seen.

    A table on a terminal; tab-separated lines when piped (or `--format tsv`), for scripts.
    """
    from load.quarantine import read_quarantine

    if (why := checks.existing_output(args.out)) is not None:
        _error("quarantine", why)
        return EXIT_USAGE
    where = settings.quarantine_root(args.out)
    rows = read_quarantine(where)
    if not rows:
        print(f"quarantine is empty ({where})")
        return EXIT_OK
    fmt = args.format if args.format != "auto" else ("table" if sys.stdout.isatty() else "tsv")
    if fmt == "tsv":
        for row in rows:
            when = row["quarantined_at"].isoformat(timespec="seconds")
            print(f"{row['input_ref']}\t{row['stage']}\t{row['error_class']}\t{row['message']}\t{when}")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Quarantine: {len(rows)} input(s) in {where}", title_justify="left")
        for col in ("input", "stage", "error", "message", "since"):
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(row["input_ref"], row["stage"], row["error_class"], row["message"][:300],
                          row["quarantined_at"].isoformat(timespec="seconds"))
        Console(soft_wrap=False).print(table)
    print(f"{len(rows)} quarantined input(s) in {where}", file=sys.stderr)
    return EXIT_OK


def _apply_budgets(args: argparse.Namespace) -> str | None:
    """--workers, --page-seconds, --page-memory-mb: the NEWSETL_* settings the parse workers
    read; the reason when one is out of range."""
    if (args.workers is not None and args.workers < 0) or (args.page_seconds is not None and args.page_seconds <= 0):
        return "--workers must be 0 or more and --page-seconds above 0"
    if args.page_memory_mb is not None and args.page_memory_mb < 64:
        return "--page-memory-mb must be at least 64 (a worker's interpreter alone takes about 100 MiB)"
    for option, variable in (("workers", "NEWSETL_WORKERS"), ("page_seconds", "NEWSETL_PAGE_SECONDS"),
                             ("page_memory_mb", "NEWSETL_PAGE_MEMORY_MB")):
        if getattr(args, option, None) is not None:
            os.environ[variable] = str(getattr(args, option))
    return None


def _add_budget_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, metavar="N",
                        help="parse worker processes (default: one per core; 0: parse in this process, no budgets)")
    parser.add_argument("--page-seconds", type=float, metavar="S",
                        help=f"time one page's parse may take before it is quarantined (default: {settings.PAGE_SECONDS:g})")
    parser.add_argument("--page-memory-mb", type=int, metavar="MB",
                        help=f"memory a parse worker may reach on one page (default: {settings.PAGE_MEMORY_MB})")


def cmd_run(args: argparse.Namespace) -> int:
    """Run the news_etl flow in Prefect's local ephemeral mode and print a summary."""
    from load.validate import RecordError, check_source

    inputs = args.input or list(settings.DEFAULT_INPUTS)
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        _error("run", f"no such input: {', '.join(missing)}")
        return EXIT_USAGE
    try:
        check_source(args.source)
    except RecordError as exc:
        _error("run", str(exc))
        return EXIT_USAGE
    if (why := checks.local_output(args.out, "run")) is not None:
        _error("run", why)
        return EXIT_USAGE
    if (why := _apply_budgets(args)) is not None:
        _error("run", why)
        return EXIT_USAGE
    api = local_api.prepare(args.verbose)  # the server boots on the other core while the flows are imported
    from load.arrow_env import configure_pipeline_process

    configure_pipeline_process()
    from flows.news_etl import news_etl

    try:
        if api is not None:
            from flows.workers import shared_pool

            shared_pool().start()  # the parse workers start up while the server boots
            api.wait()
        with local_api.run_settings(api):
            summary = news_etl(
                inputs=inputs, out=args.out, source=args.source, batch_size=args.batch_size,
                retry_quarantined=not args.no_retry, show_progress=not args.no_progress,
                edition_date=args.edition_date,
            )
    except Exception as exc:  # the flow's own error is the message the user needs
        _error("run", f"pipeline failed: {type(exc).__name__}: {exc}")
        return EXIT_FAILED
    render_summary(summary)
    if args.fail_on_quarantine and (n := len(summary["quarantined"])):
        _error("run", f"{n} input(s) quarantined this run (--fail-on-quarantine); list them with `newsetl quarantine`")
        return EXIT_FAILED
    return EXIT_OK


def cmd_reprocess(args: argparse.Namespace) -> int:
    """Transform and load again from the raw WARC archive, with no network access."""
    why = checks.date_range(args.start, args.end) or checks.sources_known(args.source)
    if why is not None:
        _error("reprocess", why)
        return EXIT_USAGE
    if (why := _apply_budgets(args)) is not None:
        _error("reprocess", why)
        return EXIT_USAGE
    api = local_api.prepare(args.verbose)
    from flows.reprocess import reprocess

    params: dict[str, Any] = {"out": args.out, "data_dir": args.data_dir, "refresh_cache": args.refresh_cache}
    if args.source:
        params["sources"] = args.source
    try:
        if api is not None:
            api.wait()
        with _pages_progress(not args.no_progress), local_api.run_settings(api):
            summary = reprocess(start_date=args.start, end_date=args.end, **params)
    except Exception as exc:
        _error("reprocess", f"failed: {type(exc).__name__}: {exc}")
        return EXIT_FAILED
    for row in summary["counts"]["per_source"]:
        print("\t".join(f"{k}={v}" for k, v in row.items()))
    print(f"partitions touched: {len(summary['partitions'])}   manifest: {summary['manifest_path']}")
    return EXIT_OK


@contextmanager
def _pages_progress(show: bool) -> Iterator[None]:
    """The bar `newsetl run` draws, fed by the child flows' page counts (flows.progress)."""
    if not show:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from flows.progress import PAGES

    PAGES.reset()
    with Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:
        job = bar.add_task("pages", total=None)
        with local_api.polling(0.2, lambda: bar.update(job, total=PAGES.expected or None, completed=PAGES.done)):
            yield


def render_summary(summary: dict) -> None:
    """Articles per source and partition, quarantined inputs with reasons, where to look."""
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=True)  # paths and the snippet must stay copyable on one line
    counts = summary["counts"]
    parts = Table(title="Articles per partition", title_justify="left")
    for col in ("source", "year", "month", "rows", "from this run"):
        parts.add_column(col, justify="right" if col != "source" else "left")
    per_source: dict[str, int] = {}
    for p in summary["partitions"]:
        parts.add_row(p["source"], str(p["year"]), str(p["month"]), str(p["rows"]), str(p["added"]))
        per_source[p["source"]] = per_source.get(p["source"], 0) + p["rows"]
    if summary["partitions"]:
        console.print(parts)
        for source, rows in sorted(per_source.items()):
            console.print(f"source {source}: {rows} articles in the partitions touched")
    console.print(
        f"{counts['inputs']} inputs, {counts['parsed']} parsed, {counts['records']} records "
        f"({counts.get('undated', 0)} undated), "
        f"{counts['rows_added']} rows written, {counts['duplicates_dropped']} duplicates dropped, "
        f"{counts.get('rejected', 0)} records rejected by validation, "
        f"{counts.get('reprint_rows_regrouped', 0)} stored rows regrouped as reprints"
    )
    if summary["quarantined"]:
        q = Table(title="Quarantined inputs", title_justify="left")
        for col in ("input", "stage", "reason"):
            q.add_column(col, overflow="fold")
        for f in summary["quarantined"]:
            q.add_row(f["input_ref"], f["stage"], f"{f['error_class']}: {f['message']}"[:200])
        console.print(q)
    console.print(f"quarantine: {summary['quarantine']['total']} input(s) in {summary['quarantine']['path']}"
                  " (list them with `newsetl quarantine`)")
    console.print(f"articles: {summary['articles_path']}   run manifest: {summary['manifest_path']}")
    python = os.path.relpath(sys.executable) if Path(sys.executable).is_relative_to(Path.cwd()) else sys.executable
    snippet = f"import pandas as pd; print(pd.read_parquet('{summary['articles_path']}'))"
    console.print(f'open it: {python} -c "{snippet}"', highlight=False, markup=False)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from transform import PIPELINE_VERSION

    try:
        package = version("regional-news-etl")
    except PackageNotFoundError:
        package = "unknown"
    return f"{package} (pipeline {PIPELINE_VERSION})"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsetl", description="Chinese regional news to partitioned Parquet.")
    parser.add_argument("--version", action="version", version=f"newsetl {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the news_etl flow over local inputs")
    run.add_argument("--input", action="append", metavar="PATH",
                     help="file or directory to read, repeatable (default: samples)")
    run.add_argument("--out", default=settings.DEFAULT_OUT, metavar="DIR", help="output directory (default: data)")
    run.add_argument("--source", default=settings.DEFAULT_SOURCE, metavar="NAME",
                     help="source name for the articles and the source= partition (default: local)")
    run.add_argument("--batch-size", type=int, default=settings.BATCH_SIZE, help="inputs per task run")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument("--no-retry", action="store_true", help="do not retry quarantined inputs not given here")
    run.add_argument("--edition-date", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help=EDITION_HELP)
    run.add_argument("--verbose", action="store_true", help="show Prefect's task-level logs")
    run.add_argument("--fail-on-quarantine", action="store_true",
                     help="exit non-zero when any input of this run was quarantined (for schedulers and CI)")
    _add_budget_options(run)
    run.set_defaults(func=cmd_run)

    parse = sub.add_parser("parse", help="parse files and print one JSON object per article")
    parse.add_argument("paths", nargs="+", metavar="PATH")
    parse.add_argument("--source", default=settings.DEFAULT_SOURCE, metavar="NAME")
    parse.add_argument("--edition-date", type=date.fromisoformat, metavar="YYYY-MM-DD", help=EDITION_HELP)
    parse.set_defaults(func=cmd_parse)

    rep = sub.add_parser("reprocess", help="transform and load again from the raw archive (no network)")
    rep.add_argument("--source", action="append", metavar="NAME", help="registry source, repeatable (default: enabled)")
    rep.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    rep.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    rep.add_argument("--out", default=settings.DEFAULT_OUT, metavar="DIR_OR_URL")
    rep.add_argument("--data-dir", default=settings.DEFAULT_OUT, metavar="DIR",
                     help="working directory holding raw/<source>/*.warc.gz (default: data)")
    rep.add_argument("--refresh-cache", action="store_true", help="parse every page again")
    rep.add_argument("--no-progress", action="store_true", help="no progress bar")
    rep.add_argument("--verbose", action="store_true")
    _add_budget_options(rep)
    rep.set_defaults(func=cmd_reprocess)

    quarantine = sub.add_parser("quarantine", help="list quarantined inputs and why")
    quarantine.add_argument("--out", default=settings.DEFAULT_OUT, metavar="DIR")
    quarantine.add_argument("--format", choices=("auto", "table", "tsv"), default="auto",
                            help="table on a terminal, tab-separated when piped (default: auto)")
    quarantine.set_defaults(func=cmd_quarantine)

    from newsetl import crawl_cmd, inspect_cmd

    crawl_cmd.add_commands(sub)
    inspect_cmd.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; with `argv` None (the `newsetl` script, `python -m newsetl`) the process
    ends here (_exit_now), otherwise the exit code is returned to the caller."""
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
    except BrokenPipeError:  # `newsetl parse ... | head`
        sys.stderr.close()
        code = EXIT_OK
    if argv is None and _only_daemon_threads():
        _exit_now(code)
    return code


def _only_daemon_threads() -> bool:
    """Whether skipping the interpreter's shutdown loses nothing: it would join any thread
    that is not a daemon (none is left by a finished run: Prefect's are daemons)."""
    import threading

    return all(t.daemon or t is threading.main_thread() for t in threading.enumerate())


def _exit_now(code: int) -> None:
    """End the process as soon as its work is safely done: the exit handlers run (Prefect's
    drains of logs and events, the local API server's stop, logging's flush), the standard
    streams are flushed, and the interpreter's own teardown of every imported module is
    skipped. That teardown took 0.6-0.7 s at the end of each `newsetl run` (the seven samples,
    2-core machine, 2026-12-04) and writes nothing: every file the command wrote is closed and
    renamed into place before its function returns, and only daemon threads are left (else the
    process ends the usual way)."""
    import atexit

    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main())
