"""Benchmark the article writer: rows per second and peak memory, and Delta Lake for comparison.

    .venv/bin/python bench/load.py                      # 1M rows/200 partitions, 200k/40, 200k/200
    .venv/bin/python bench/load.py --rows 50000 --partitions 10 --child   # one scenario, this process
    .tools/bin/uv run --with deltalake python bench/load.py --delta      # rename writer vs deltalake

Each scenario runs in its own process so `ru_maxrss` (the process's peak resident memory) is
its own. Rows are generated and handed to `write_articles` one partition-sized chunk at a
time (a stream), so the writer's memory should follow the largest partition, not the total:
1M rows over 200 partitions and 200k over 40 have the same partition size (5,000 rows) and
should peak alike, while 200k over 200 (1,000 rows each) should peak lower. Reprint grouping
is off here (`reprints_enabled=False`); its cost is measured separately (`--reprints`),
because it hashes every body (MinHash) and is bounded by CPU, not by the writer.
Figures are recorded in docs/storage.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load.schema import ARTICLE_SCHEMA  # noqa: E402
from load.writer import write_articles  # noqa: E402

ARTICLES_PER_INPUT = 10  # like an e-paper page: the writer keeps one key per input, not per row
_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def partition_table(p: int, rows: int, body_chars: int, rng: random.Random) -> pa.Table:
    """One partition's synthetic rows (source s<p % 10>, a month per partition), built columnar."""
    source, year, month = f"s{p % 10}", 2000 + (p // 10) // 12, 1 + (p // 10) % 12
    text = "".join(rng.choice(_CHARS) for _ in range(body_chars * 4))
    starts = [rng.randrange(0, body_chars * 3) for _ in range(rows)]
    bodies = [text[s:s + body_chars] for s in starts]
    ids = [f"{p:04d}{i:08d}" for i in range(rows)]
    keys = [f"sha256:{p:04d}-{i // ARTICLES_PER_INPUT:08d}" for i in range(rows)]
    n = rows
    cols = {
        "article_id": ids, "source": [source] * n, "url": [None] * n, "input_path": keys, "input_key": keys,
        "title": [f"标题{i}" for i in range(n)], "subtitle": [None] * n, "kicker": [None] * n, "section": ["要闻"] * n,
        "published_date": [date(year, month, 1 + i % 28) for i in range(n)], "published_at": [None] * n,
        "date_source": ["text"] * n, "authors": [["记者"]] * n, "editors": [[]] * n, "photographers": [[]] * n,
        "origin": [None] * n, "clicks": [None] * n, "kind": ["article"] * n, "body": bodies, "body_original": bodies,
        "script": ["hans"] * n, "captions": [[]] * n, "char_count": [body_chars] * n, "flags": [[]] * n,
        "content_sha256": [f"{p:04d}{i:08d}" for i in range(n)], "raw_sha256": ["0" * 64] * n,
        "read_at": [datetime(2024, 1, 1, tzinfo=UTC)] * n, "pipeline_version": ["bench"] * n,
        "dup_group": [None] * n, "is_canonical": [None] * n,
    }
    return pa.table(cols, schema=ARTICLE_SCHEMA)


def stream(rows: int, partitions: int, body_chars: int, spent: list[float] | None = None) -> Iterator[pa.Table]:
    """Partition-sized chunks; time spent generating them is added to `spent[0]`."""
    rng = random.Random(7)
    per = rows // partitions
    for p in range(partitions):
        t0 = time.perf_counter()
        table = partition_table(p, per, body_chars, rng)
        if spent is not None:
            spent[0] += time.perf_counter() - t0
        yield table


def child(rows: int, partitions: int, body_chars: int, reprints: bool) -> dict:
    """One scenario in this process: time, rows/s, peak memory three ways."""
    import pandas  # noqa: F401  (pyarrow imports it on first use: keep the import out of the figures)
    import pyarrow.dataset  # noqa: F401

    out = Path(tempfile.mkdtemp(prefix="bench-load-"))
    pool = pa.default_memory_pool()
    write_articles(stream(100, 1, body_chars), out / "warmup", reprints_enabled=reprints)
    spent = [0.0]
    tracemalloc.start()
    t0 = time.perf_counter()
    result = write_articles(stream(rows, partitions, body_chars, spent), out / "articles", reprints_enabled=reprints)
    seconds = time.perf_counter() - t0 - spent[0]  # the writer's time, not the generator's
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = sum(f.stat().st_size for f in (out / "articles").rglob("*.parquet"))
    shutil.rmtree(out)
    assert sum(p.rows for p in result.partitions) == rows // partitions * partitions
    return {"rows": rows, "partitions": partitions, "rows_per_partition": rows // partitions,
            "reprints": reprints, "write_s": round(seconds, 2), "generate_s": round(spent[0], 2),
            "rows_per_s": round(rows / seconds),
            "tracemalloc_peak_mb": round(py_peak / 2**20, 1), "arrow_pool_peak_mb": round(pool.max_memory() / 2**20, 1),
            "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "parquet_mb": round(size / 2**20, 1)}


def run_scenarios(scenarios: list[tuple[int, int, bool]], body_chars: int) -> list[dict]:
    results = []
    for rows, parts, reprints in scenarios:
        cmd = [sys.executable, __file__, "--child", "--rows", str(rows), "--partitions", str(parts),
               "--body-chars", str(body_chars)] + (["--reprints"] if reprints else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    return results


def delta_compare(rows: int, partitions: int, body_chars: int) -> dict:
    """Write the same stream with this writer and with deltalake; replace one partition; read back."""
    import deltalake
    import duckdb
    import pandas as pd

    tmp = Path(tempfile.mkdtemp(prefix="bench-delta-"))
    tables = list(stream(rows, partitions, body_chars))
    t0 = time.perf_counter()
    write_articles(iter(tables), tmp / "plain", reprints_enabled=False)
    plain_s = time.perf_counter() - t0
    to_delta = [t.drop_columns(["dup_group", "is_canonical"]).append_column(
        "year", pa.array([d.year for d in t["published_date"].to_pylist()], pa.int16())).append_column(
        "month", pa.array([d.month for d in t["published_date"].to_pylist()], pa.int8())) for t in tables]
    t0 = time.perf_counter()
    for t in to_delta:  # one commit per partition, like the partition-at-a-time writer
        deltalake.write_deltalake(str(tmp / "delta"), t, mode="append", partition_by=["source", "year", "month"])
    delta_s = time.perf_counter() - t0
    # Replace one partition in each: plain (whole-partition rewrite) vs Delta (predicate overwrite).
    first = to_delta[0]
    key = (first["source"][0].as_py(), first["year"][0].as_py(), first["month"][0].as_py())
    t0 = time.perf_counter()
    write_articles(tables[0], tmp / "plain", reprints_enabled=False)
    plain_replace_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    deltalake.write_deltalake(str(tmp / "delta"), first, mode="overwrite", partition_by=["source", "year", "month"],
                              predicate=f"source = '{key[0]}' AND year = {key[1]} AND month = {key[2]}")
    delta_replace_s = time.perf_counter() - t0
    total = rows // partitions * partitions
    plain_duck = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp}/plain/**/*.parquet')").fetchall()[0][0]
    delta_duck = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp}/delta/**/*.parquet')").fetchall()[0][0]
    delta_pandas = len(pd.read_parquet(tmp / "delta", columns=["article_id"]))
    delta_reader = deltalake.DeltaTable(str(tmp / "delta")).to_pyarrow_table(columns=["article_id"]).num_rows
    out = {"rows": total, "partitions": partitions, "plain_write_s": round(plain_s, 2),
           "delta_write_s": round(delta_s, 2), "plain_replace_partition_s": round(plain_replace_s, 3),
           "delta_replace_partition_s": round(delta_replace_s, 3),
           "rows_seen_by_plain_parquet_readers": {"plain/duckdb": plain_duck, "delta/duckdb": delta_duck,
                                                  "delta/pandas": delta_pandas},
           "rows_seen_by_delta_reader": delta_reader, "deltalake_version": deltalake.__version__}
    shutil.rmtree(tmp)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", action="store_true", help="run one scenario in this process")
    parser.add_argument("--delta", action="store_true", help="compare with deltalake (needs it installed)")
    parser.add_argument("--reprints", action="store_true", help="with reprint grouping (MinHash)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=200)
    parser.add_argument("--body-chars", type=int, default=300)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.rows, args.partitions, args.body_chars, args.reprints)))
    elif args.delta:
        print(json.dumps(delta_compare(args.rows, args.partitions, args.body_chars), indent=2))
    else:
        run_scenarios([(args.rows, args.partitions, False), (args.rows // 5, args.partitions // 5, False),
                       (args.rows // 5, args.partitions, False), (20_000, 20, True)], args.body_chars)


if __name__ == "__main__":
    main()
