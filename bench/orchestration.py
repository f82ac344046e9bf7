"""Prefect's overhead: the same pages through the pipeline functions and through the flows.

    .venv/bin/python bench/orchestration.py                      # 2,000 pages, batch sizes 50 and 200
    .venv/bin/python bench/orchestration.py --pages 500 --batch-size 100

Pages are the files of samples/ with a numbered sentence inserted into each copy, so every page
is distinct (the writer would otherwise keep one row per content hash). Three ways, each in a
fresh output directory, all ending with one write of the whole dataset:

- direct: read_input + parse_page + records_to_table per page, then write_articles;
- news_etl: the flow's local-input path (read and transform tasks per batch, one load task);
- ingest (cold): the per-source child flow behind backfill and reprocess, transform batches
  cached by content (result persistence included), refresh_cache=True so every batch parses;
- ingest (warm): the same again with the cache: what a reprocess of unchanged pages costs.

Prefect runs in ephemeral mode in a throw-away PREFECT_HOME; the server start-up is paid
once by a warm-up flow and reported separately, since a deployment's worker never pays it per
run. Figures are recorded in docs/orchestration.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")


def make_pages(dest: Path, n: int) -> int:
    """n distinct pages from samples/, in the samples' own encodings."""
    samples = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".html"))
    for i in range(n):
        src = samples[i % len(samples)]
        raw = src.read_bytes()
        try:
            enc, text = "utf-8", raw.decode("utf-8")
        except UnicodeDecodeError:  # the GBK sample has no charset declaration
            enc, text = "gb18030", raw.decode("gb18030")
        marker = f"本段为第{i}号基准样本。"
        cut = text.find("。")
        text = text[:cut + 1] + marker + text[cut + 1:] if cut >= 0 else text + marker
        (dest / f"{i:05d}-{src.name}").write_bytes(text.encode(enc))
    return n


def run_direct(pages: Path, out: Path) -> int:
    import pyarrow as pa

    from extract.local import ReadFailure, discover, read_input
    from load.validate import RecordError, records_to_table
    from load.writer import write_articles
    from transform import TransformError, parse_page

    tables = []
    items, _ = discover([str(pages)], "bench")
    for item in items:
        page = read_input(item)
        if isinstance(page, ReadFailure):
            continue
        try:
            tables.append(records_to_table(parse_page(page)))
        except (TransformError, RecordError):
            continue
    write_articles(pa.concat_tables(tables), out / "articles")
    return sum(t.num_rows for t in tables)


def run_news_etl(pages: Path, out: Path, batch_size: int) -> int:
    from flows.news_etl import news_etl

    summary = news_etl(inputs=[str(pages)], out=str(out), source="bench", batch_size=batch_size,
                       retry_quarantined=False)
    return summary["counts"]["records"]


def run_ingest(registry: Path, out: Path, batch_size: int, refresh: bool) -> int:
    from flows.ingest import ingest_source

    os.environ["NEWSETL_SOURCES_DIR"] = str(registry)
    report = ingest_source(source="bench", mode="archive", out=str(out), data_dir=str(out), batch_size=batch_size,
                           refresh_cache=refresh)
    return report["articles_written"]


def timed(fn, *args) -> tuple[float, int]:
    started = time.perf_counter()
    got = fn(*args)
    return time.perf_counter() - started, got


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, action="append", help="repeatable (default: 50 and 200)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved repetitions; the best time counts")
    args = parser.parse_args()
    sizes = args.batch_size or [50, 200]
    work = Path(tempfile.mkdtemp(prefix="bench-orchestration-"))
    try:
        pages = work / "pages"
        pages.mkdir()
        make_pages(pages, args.pages)
        registry = work / "registry"
        registry.mkdir()
        (registry / "bench.toml").write_text(f'name = "bench"\nkind = "local"\n[local]\npaths = ["{pages}"]\n',
                                             encoding="utf-8")

        warm = work / "warm"
        warm.mkdir()
        make_pages(warm, 3)
        startup, _ = timed(run_news_etl, warm, work / "out-warmup", 50)
        print(f"ephemeral Prefect start-up + first flow: {startup:.1f} s (paid once per process)")

        # (name, function of the output directory, reuse the previous way's output directory)
        ways = [("direct (functions only)", lambda out: run_direct(pages, out), False)]
        for size in sizes:
            ways += [(f"news_etl, batch {size}", lambda out, n=size: run_news_etl(pages, out, n), False),
                     (f"ingest cold, batch {size}", lambda out, n=size: run_ingest(registry, out, n, True), False),
                     (f"ingest warm (cache), batch {size}", lambda out, n=size: run_ingest(registry, out, n, False),
                      True)]
        best: dict[str, float] = {}
        got: dict[str, int] = {}
        for r in range(args.rounds):  # interleaved rounds, best of each: the machine is shared
            out = work
            for i, (name, fn, reuse) in enumerate(ways):
                out = out if reuse else work / f"out-{r}-{i}"
                t, got[name] = timed(fn, out)
                best[name] = min(best.get(name, float("inf")), t)
        base = best[ways[0][0]]
        print(f"{args.pages} pages -> {got[ways[0][0]]} records; best of {args.rounds} interleaved rounds\n")
        print(f"{'way':<36}{'seconds':>9}{'vs direct':>11}")
        for name, _, _ in ways:
            print(f"{name:<36}{best[name]:>9.2f}{best[name] / base:>11.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
