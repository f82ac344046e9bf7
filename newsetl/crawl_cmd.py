"""`newsetl crawl` and `newsetl sources`: crawling the registry's sites from the command line.

crawl: the same child flow as the deployments (flows.ingest.ingest_source, through
news_incremental without a range and backfill with one), after the checks that cost nothing
(unknown source names the registry folder in use, a reversed range, a missing contact_url),
with a progress line per source while it runs and one row per unit at the end, as the run
report has them. sources: the registry as a table, with when each source was last crawled,
how many articles the dataset holds for it and how many URLs the crawler has given up.

Progress comes from the fetch state (SQLite in WAL mode, so reading it beside the crawl is
safe): the number of URLs the source's crawl has recorded, polled twice a second.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from newsetl import checks, local_api, settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _error(command: str, message: str) -> None:
    print(f"newsetl {command}: {' '.join(message.split())}", file=sys.stderr)


def _check_crawl(args: argparse.Namespace) -> str | None:
    """Every mistake we can see before Prefect starts, as one line."""
    why = checks.sources_known(args.sources) or checks.date_range(args.start, args.end)
    if why is None:
        why = checks.local_output(args.data_dir or args.out, "crawl")  # the archive and state are local
    if why is not None:
        return why
    from extract.fetch import ConfigError, FetchConfig
    from extract.sources import load_registry

    registry = load_registry(settings.sources_dir())
    disabled = [name for name in args.sources if not registry[name].enabled]
    if disabled:
        return (f"source {', '.join(disabled)} is disabled in the registry {settings.sources_dir()} "
                "(set enabled = true in its TOML file to crawl it)")
    if any(registry[name].kind != "local" for name in args.sources):
        try:
            FetchConfig.load().require_contact()
        except ConfigError as exc:
            return f"{exc} (registry {settings.sources_dir()})"
    return None


def _state_counts(data_dir: str, sources: list[str]) -> dict[str, int]:
    from extract.state import FetchState

    path = Path(data_dir) / "_state" / "fetch.sqlite"
    if not path.is_file():
        return dict.fromkeys(sources, 0)
    with FetchState(path) as state:
        return {name: state.count(name) for name in sources}


@contextmanager
def _progress(show: bool, data_dir: str, sources: list[str]) -> Iterator[None]:
    """One line per source: URLs its crawl has recorded so far, from the fetch state."""
    if not show:
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    before = _state_counts(data_dir, sources)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[n]} URLs"),
                  TimeElapsedColumn(), transient=True) as bar:
        tasks = {name: bar.add_task(f"crawl {name}", total=None, n=0) for name in sources}

        def tick() -> None:
            try:
                now = _state_counts(data_dir, sources)
            except Exception:  # noqa: BLE001 - a locked or half-created state file: next tick
                return
            for name, task in tasks.items():
                bar.update(task, n=now[name] - before[name])

        with local_api.polling(0.5, tick):
            yield


def cmd_crawl(args: argparse.Namespace) -> int:
    """Fetch the named sources (new pages, or a date range again) and load what they give."""
    args.sources = list(dict.fromkeys(args.sources))
    if (why := _check_crawl(args)) is not None:
        _error("crawl", why)
        return EXIT_USAGE
    api = local_api.prepare(args.verbose)
    data_dir = args.data_dir or args.out
    try:
        if api is not None:
            api.wait()
        with _progress(not args.no_progress, data_dir, args.sources), local_api.run_settings(api):
            if args.start is None:
                from flows.incremental import news_incremental

                summary = news_incremental(sources=args.sources, out=args.out, data_dir=data_dir)
            else:
                from flows.backfill import backfill

                summary = backfill(start_date=args.start, end_date=args.end, sources=args.sources, mode="refetch",
                                   out=args.out, data_dir=data_dir, force=args.force)
    except Exception as exc:  # the run recorded its report before raising: show it from the manifest
        _error("crawl", f"failed: {type(exc).__name__}: {exc}")
        _render_last(args.out)
        return EXIT_FAILED
    render_units(summary["counts"]["per_unit"])
    print(f"partitions touched: {len(summary['partitions'])}   manifest: {summary['manifest_path']}")
    return EXIT_OK


def _render_last(out: str) -> None:
    from load.manifest import list_manifests, read_manifest

    manifests = list_manifests(out) if Path(out).is_dir() else []
    if manifests:
        rows = read_manifest(manifests[-1]).get("counts", {}).get("per_unit")
        if rows:
            render_units(rows)


def render_units(rows: list[dict]) -> None:
    """The run report's unit rows (flows.report.unit_rows): a table on a terminal, tab-separated
    when piped."""
    if not sys.stdout.isatty():
        columns = list(rows[0]) if rows else []
        print("\t".join(columns))
        for row in rows:
            print("\t".join("" if row[c] is None else str(row[c]) for c in columns))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Units", title_justify="left")
    columns = [c for c in rows[0] if c != "error"] if rows else []
    for col in columns:
        table.add_column(col, justify="left" if col in ("source", "unit", "status") else "right")
    table.add_column("error", overflow="fold")
    for row in rows:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns), row.get("error") or "")
    Console(soft_wrap=True).print(table)


def _articles_per_source(out: str) -> dict[str, int]:
    """Rows per source from the Parquet footers (no data read)."""
    import pyarrow.parquet as pq

    counts: dict[str, int] = {}
    root = settings.articles_root(out)
    if "://" in str(root) or not Path(root).is_dir():
        return counts
    for part in Path(root).glob("source=*/**/*.parquet"):
        if part.name.startswith("."):
            continue
        name = part.relative_to(root).parts[0].removeprefix("source=")
        counts[name] = counts.get(name, 0) + pq.ParquetFile(part).metadata.num_rows
    return counts


def _last_crawls(data_dir: str) -> dict[str, tuple[str, int]]:
    """source -> (newest fetch time, URLs given up) from the fetch state."""
    from extract.fetch import FetchConfig
    from extract.state import FetchState

    path = Path(data_dir) / "_state" / "fetch.sqlite"
    if not path.is_file():
        return {}
    config = FetchConfig.load()
    out: dict[str, tuple[str, int]] = {}
    with FetchState(path) as state:
        for source, last in state.last_fetched_per_source().items():
            gone = len(state.given_up_urls(source, config.give_up_after, config.give_up_hours))
            out[source] = (last[:19].replace("T", " "), gone)
    return out


def cmd_sources(args: argparse.Namespace) -> int:
    """The registry in use: one row per source."""
    from extract.sources import RegistryError, load_registry

    folder = settings.sources_dir()
    try:
        registry = load_registry(folder)
    except RegistryError as exc:
        _error("sources", f"source registry {folder} does not load: {exc}")
        return EXIT_USAGE
    crawled = _last_crawls(args.data_dir or args.out)
    articles = _articles_per_source(args.out)
    header = ("name", "kind", "enabled", "hosts", "rate/s", "last crawl (UTC)", "articles", "given up")
    rows = []
    for name, src in sorted(registry.items()):
        last, gone = crawled.get(name, ("never", 0))
        rate = "-" if src.kind == "local" else f"{src.politeness.rate:g}"
        rows.append((name, src.kind, "yes" if src.enabled else "no", ",".join(src.allowed_hosts) or "-", rate,
                     last, str(articles.get(name, 0)), str(gone)))
    print(f"registry: {folder}")
    if args.format == "tsv" or (args.format == "auto" and not sys.stdout.isatty()):
        print("\t".join(header))
        for row in rows:
            print("\t".join(row))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for col in header:
        table.add_column(col)
    for row in rows:
        table.add_row(*row)
    Console(soft_wrap=True).print(table)
    return EXIT_OK


def add_commands(sub) -> None:
    crawl = sub.add_parser("crawl", help="fetch registry sources (new pages, or a date range again) and load them")
    crawl.add_argument("sources", nargs="+", metavar="SOURCE", help="registry source names (see `newsetl sources`)")
    crawl.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD",
                       help="first publication date to fetch again (with --to); default: only new pages")
    crawl.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    crawl.add_argument("--out", default=settings.default_out(), metavar="DIR_OR_URL",
                       help="dataset root (default: data)")
    crawl.add_argument("--data-dir", default=None, metavar="DIR",
                       help="raw archive and fetch state (default: the --out folder)")
    crawl.add_argument("--force", action="store_true", help="with a range: redo months already done")
    crawl.add_argument("--no-progress", action="store_true", help="no progress lines")
    crawl.add_argument("--verbose", action="store_true", help="show Prefect's logs")
    crawl.set_defaults(func=cmd_crawl)

    sources = sub.add_parser("sources", help="the source registry: kind, hosts, rate, last crawl, articles")
    sources.add_argument("--out", default=settings.default_out(), metavar="DIR", help="dataset root (default: data)")
    sources.add_argument("--data-dir", default=None, metavar="DIR", help="fetch state folder (default: --out)")
    sources.add_argument("--format", choices=("auto", "table", "tsv"), default="auto")
    sources.set_defaults(func=cmd_sources)
