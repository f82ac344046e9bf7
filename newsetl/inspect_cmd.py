"""`newsetl status` and `newsetl export`: the dataset for people who do not open Parquet.

status: the latest run (from its manifest), rows per source and month, the undated share and
the quarantine count, read with the project's readers (every schema version through one schema).
export: the articles as CSV or JSON Lines on standard output (or a file), optionally filtered
with a pandas query (`--where "source == 'gsrb' and year == 2024"`) and cut to some columns.
"""

from __future__ import annotations

import argparse
import sys

from newsetl import checks, settings


def cmd_status(args: argparse.Namespace) -> int:
    from load.dataset import read_articles
    from load.manifest import list_manifests, read_manifest
    from load.quarantine import read_quarantine

    if (why := checks.existing_output(args.out)) is not None:
        print(f"newsetl status: {why}", file=sys.stderr)
        return 2
    manifests = list_manifests(args.out)
    if manifests:
        last = read_manifest(manifests[-1])
        counts = last.get("counts", {})
        print(f"latest run: {last.get('run_id')}  records {counts.get('records', '-')}  "
              f"quarantined {counts.get('quarantined', {})}")
    else:
        print("latest run: none recorded")
    table = read_articles(settings.articles_root(args.out),
                          columns=["source", "year", "month", "published_date", "published_month"])
    total = table.num_rows
    undated = table["published_date"].null_count if total else 0
    month_only = undated - table["published_month"].null_count if total else 0  # 1998年3月号: a month, no day
    print(f"articles: {total}  undated: {undated} ({undated / total:.1%}), {month_only} of them with a month"
          if total else "articles: 0")
    if total:
        grouped = table.group_by(["source", "year", "month"]).aggregate([("source", "count")])
        rows = sorted(zip(*(grouped[c].to_pylist() for c in ("source", "year", "month", "source_count")), strict=True))
        print("source\tyear\tmonth\tarticles")
        for source, year, month, n in rows:
            print(f"{source}\t{year}\t{month}\t{n}")
    print(f"quarantine: {len(read_quarantine(settings.quarantine_root(args.out)))} input(s)")
    return 0


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def cmd_export(args: argparse.Namespace) -> int:
    import pandas as pd

    from load.dataset import read_articles

    if (why := checks.existing_output(args.out)) is not None:
        print(f"newsetl export: {why}", file=sys.stderr)
        return 2
    df = read_articles(settings.articles_root(args.out)).to_pandas(types_mapper=pd.ArrowDtype)
    if args.where:
        try:
            df = df.query(args.where)
        except Exception as exc:  # a user's expression: say what is wrong, in one line
            print(f"newsetl export: --where {args.where!r}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
    if args.columns:
        unknown = [c for c in args.columns.split(",") if c not in df.columns]
        if unknown:
            print(f"newsetl export: unknown columns {', '.join(unknown)}", file=sys.stderr)
            return 2
        df = df[args.columns.split(",")]
    sink = open(args.to, "w", encoding="utf-8", newline="") if args.to else sys.stdout  # noqa: SIM115
    try:
        if args.format == "csv":
            df.to_csv(sink, index=False)
        else:  # through Arrow: dates stay dates (2024-05-08), lists stay lists
            import json

            import pyarrow as pa

            for row in pa.Table.from_pandas(df, preserve_index=False).to_pylist():
                sink.write(json.dumps(row, ensure_ascii=False, default=_iso) + "\n")
    finally:
        if args.to:
            sink.close()
    return 0


def add_commands(sub) -> None:
    status = sub.add_parser("status", help="latest run, articles per source and month, undated share, quarantine")
    status.add_argument("--out", default=settings.DEFAULT_OUT, metavar="DIR")
    status.set_defaults(func=cmd_status)
    export = sub.add_parser("export", help="the articles as CSV or JSON Lines")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--where", metavar="EXPR", help="pandas query over the columns, e.g. \"year == 2024\"")
    export.add_argument("--columns", metavar="A,B,...", help="only these columns, in this order")
    export.add_argument("--out", default=settings.DEFAULT_OUT, metavar="DIR", help="the dataset folder (default: data)")
    export.add_argument("--to", metavar="FILE", help="write here instead of standard output")
    export.set_defaults(func=cmd_export)
