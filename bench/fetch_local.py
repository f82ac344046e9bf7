"""Fetcher throughput and memory on the local fixture server, no rate limit.

    .venv/bin/python bench/fetch_local.py            # 500 and 2,000 pages, each in a fresh process
    .venv/bin/python bench/fetch_local.py --pages 2000 [--concurrency 8] [--tracemalloc]
    .venv/bin/python bench/fetch_local.py --units 4 --rate 5   # shared politeness, parallel units

The fixture server (tests/fetch_server.py) runs in a separate process so the figures are the
crawler's alone: listing pages of 50 links (/bench/list/N.html, "下一页" links) and ~2.6 KB
article pages. The whole path is measured: robots.txt, discovery, fetch, WARC archive (gzip
per record), fetch log, SQLite state. Pages are streamed through `iter_crawl` and dropped, as
the flow would hand them to the transform in batches, so memory should not grow with pages.
Two runs per size: one plain (pages/s, CPU s per page, ru_maxrss) and one under tracemalloc
(Python heap peak; tracing slows it down, so its speed is not reported).

`--units N --rate R`: N crawl processes at once (as N backfill units or Dask workers would be),
each its own source on the same host with the same data folder, the host limited to R
requests/s and 1 in flight; prints the rate and in-flight count the server observed beside the
configured ones (extract.ratelimit.SharedHostLimiter).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from extract.archive import WarcArchive  # noqa: E402
from extract.crawl import CrawlStats, FetchFailure, iter_crawl  # noqa: E402
from extract.fetch import FetchConfig, Fetcher  # noqa: E402
from extract.sources import LinkRule, Politeness, Source  # noqa: E402
from extract.state import FetchState  # noqa: E402

SERVER = ("import sys, time; sys.path.insert(0, 'tests'); from fetch_server import start_server; "
          "s = start_server(); print(s.port, flush=True); time.sleep(3600)")


async def crawl(port: int, pages: int, concurrency: int, data: Path) -> tuple[int, int, CrawlStats]:
    src = Source(name="bench", kind="listing", start_urls=(f"http://127.0.0.1:{port}/bench/list/0.html",),
                 allowed_hosts=("127.0.0.1",), politeness=Politeness(rate=0, concurrency=concurrency),
                 articles=LinkRule(pattern=r"/bench/a/\d+\.html$"), next_selector="a.next",
                 max_list_pages=pages // 50)
    config = FetchConfig(contact_url="https://example.org/bench", allow_networks=("127.0.0.1/32",),
                         max_connections=concurrency * 2)
    stats = CrawlStats()
    ok = failed = 0
    with FetchState.open(data) as state, WarcArchive(data, src.name, "bench") as archive:
        async with Fetcher(config, state) as fetcher:
            async for item in iter_crawl(src, fetcher=fetcher, state=state, archive=archive, stats=stats):
                if isinstance(item, FetchFailure):
                    failed += 1
                else:
                    ok += 1
    return ok, failed, stats


def one_run(pages: int, concurrency: int, traced: bool) -> dict:
    server = subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            if traced:
                tracemalloc.start()
            cpu0, wall0 = time.process_time(), time.perf_counter()
            ok, failed, stats = asyncio.run(crawl(port, pages, concurrency, Path(tmp)))
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            peak = tracemalloc.get_traced_memory()[1] if traced else None
            if traced:
                tracemalloc.stop()
            warc = sum(p.stat().st_size for p in Path(tmp).rglob("*.warc.gz"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"pages": ok, "failed": failed, "discovery": stats.discovery_pages, "wall_s": round(wall, 2),
            "pages_per_s": round(ok / wall, 1), "cpu_ms_per_page": round(1000 * cpu / max(ok, 1), 2),
            "tracemalloc_peak_mib": round(peak / 2**20, 2) if peak else None,
            "ru_maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "warc_mib": round(warc / 2**20, 2), "traced": traced}


UNIT = """
import asyncio, sys
sys.path[:0] = [{root!r}, {tests!r}]
from extract.crawl import run_crawl
from extract.fetch import FetchConfig
from extract.sources import LinkRule, Politeness, Source
n, port, rate, data = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
src = Source(name=f"unit{{n}}", kind="listing", start_urls=(f"http://127.0.0.1:{{port}}/bench/list/{{n}}.html",),
             allowed_hosts=("127.0.0.1",), politeness=Politeness(rate=rate, concurrency=1),
             articles=LinkRule(pattern=r"/bench/a/\\d+\\.html$"), next_selector="a.next", max_list_pages=1)
config = FetchConfig(contact_url="https://example.org/bench", allow_networks=("127.0.0.1/32",))
res = run_crawl(src, data_dir=data, config=config)
print(len(res.pages), len(res.failures))
"""


def units_run(units: int, rate: float) -> dict:
    """`units` crawl processes on one host and one data folder; what the server saw."""
    import urllib.request

    server = subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        code = UNIT.format(root=str(ROOT), tests=str(ROOT / "tests"))
        with tempfile.TemporaryDirectory() as tmp:
            wall0 = time.perf_counter()
            procs = [subprocess.Popen([sys.executable, "-c", code, str(n), str(port), str(rate), tmp],
                                      stdout=subprocess.PIPE, text=True) for n in range(units)]
            got = [p.communicate(timeout=600)[0].split() for p in procs]
            wall = time.perf_counter() - wall0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stats") as resp:
            stats = json.loads(resp.read())
    finally:
        server.terminate()
        server.wait(timeout=10)
    t = sorted(stats["arrivals"])
    k = 8
    fastest = max(k / (t[i + k] - t[i]) for i in range(len(t) - k))
    return {"units": units, "configured_rate": rate, "requests": len(t), "pages": sum(int(g[0]) for g in got),
            "observed_rate": round((len(t) - 1) / (t[-1] - t[0]), 2), "fastest_8_requests_rate": round(fastest, 2),
            "max_in_flight": stats["max_in_flight"], "configured_in_flight": 1, "wall_s": round(wall, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, help="one run of this many pages (multiple of 50)")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--units", type=int, help="parallel crawl processes sharing one host (with --rate)")
    ap.add_argument("--rate", type=float, default=5.0, help="requests/s configured for the host (--units)")
    args = ap.parse_args()
    if args.units:
        print(json.dumps(units_run(args.units, args.rate)))
        return
    if args.pages:
        print(json.dumps(one_run(args.pages, args.concurrency, args.tracemalloc)))
        return
    print(f"{'pages':>6} {'pages/s':>8} {'CPU ms/page':>11} {'ru_maxrss MiB':>13} {'tracemalloc peak MiB':>20} "
          f"{'WARC MiB':>8}")
    for pages in (500, 2000):
        runs = []
        for traced in (False, True):
            cmd = [sys.executable, __file__, "--pages", str(pages), "--concurrency", str(args.concurrency)]
            out = subprocess.run(cmd + (["--tracemalloc"] if traced else []), capture_output=True, text=True,
                                 check=True, timeout=600)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        plain, traced_run = runs
        assert plain["failed"] == 0 and plain["pages"] == pages, plain
        print(f"{plain['pages']:>6} {plain['pages_per_s']:>8} {plain['cpu_ms_per_page']:>11} "
              f"{plain['ru_maxrss_mib']:>13} {traced_run['tracemalloc_peak_mib']:>20} {plain['warc_mib']:>8}")


if __name__ == "__main__":
    main()
