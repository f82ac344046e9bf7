"""A crawl killed with SIGKILL loses nothing: at seeded random moments of a real crawl (a
subprocess against the fixture server on 127.0.0.1), then a normal re-run; every article of
the site must be in the finished archive exactly once. Before the archive fsynced each
exchange and recovered `.part` files, 11-12 of 45 articles were lost for good: the state
called them fetched, their bodies sat in a `.part` file no reader opened, and the re-run
skipped them.

Moments that a random kill rarely hits are also made on purpose: a `.part` cut at seeded
byte offsets (mid-record), and an exchange archived whose state row was never written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fetch_server import fast_config, serving

from extract.archive import WarcArchive, archive_files, iter_archive_pages, read_fetch_log
from extract.crawl import run_crawl
from extract.sources import LinkRule, Politeness, Source
from extract.state import FetchState

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 100  # two list pages of 50 (tests/fetch_server.py, /bench/)
KILLS = 10
RATE = 60.0  # requests per second: a crawl of ~1.8 s, so kills land all along it

CRAWL = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from fetch_server import fast_config
from extract.crawl import run_crawl
from extract.sources import LinkRule, Politeness, Source
src = Source(name="bench", kind="listing", start_urls=("{origin}/bench/list/0.html",), allowed_hosts=("127.0.0.1",),
             politeness=Politeness(rate={rate}, concurrency=2), articles=LinkRule(pattern=r"/bench/a/\\d+\\.html$"),
             next_selector="a.next", max_list_pages=2)
run_crawl(src, data_dir=sys.argv[1], config=fast_config())
"""


@pytest.fixture(scope="module")
def site():
    yield from serving()


def _source(origin: str) -> Source:
    return Source(name="bench", kind="listing", start_urls=(f"{origin}/bench/list/0.html",),
                  allowed_hosts=("127.0.0.1",), politeness=Politeness(rate=0, concurrency=4),
                  articles=LinkRule(pattern=r"/bench/a/\d+\.html$"), next_selector="a.next", max_list_pages=2)


def _article_urls(data: Path) -> list[str]:
    return [p.raw.url for p in iter_archive_pages(archive_files(data, "bench")) if "/bench/a/" in p.raw.url]


def _expected(origin: str) -> set[str]:
    return {f"{origin}/bench/a/{i}.html" for i in range(ARTICLES)}


@pytest.mark.slow
def test_sigkill_at_random_moments_then_rerun_loses_nothing(site, tmp_path):
    rng = random.Random(20261204)
    script = CRAWL.format(root=str(ROOT), tests=str(ROOT / "tests"), origin=site.origin, rate=RATE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    lost_before_rerun = []
    for k in range(KILLS):
        data = tmp_path / f"kill{k}"
        proc = subprocess.Popen([sys.executable, "-c", script, str(data)], env=env, stderr=subprocess.DEVNULL)
        raw = data / "raw" / "bench"
        deadline = time.monotonic() + 60
        while not (raw.is_dir() and any(raw.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.005)  # the crawl has started writing its archive
        time.sleep(rng.uniform(0.0, ARTICLES / RATE))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        lost_before_rerun.append(ARTICLES - len(set(_article_urls(data))))

        run_crawl(_source(site.origin), data_dir=data, config=fast_config())  # incremental: known URLs skipped
        urls = _article_urls(data)
        assert set(urls) == _expected(site.origin), (k, len(_expected(site.origin) - set(urls)))
        assert len(urls) == len(set(urls)) or _each_once_after_dedup(data), k
        assert not list(raw.glob(".*.part"))
        log = read_fetch_log(data / "fetch_log")
        assert set(_expected(site.origin)) <= set(log.column("url").to_pylist())
    # the kills did interrupt crawls: some had articles still to fetch when killed
    assert sum(1 for n in lost_before_rerun if 0 < n < ARTICLES) >= KILLS // 2, lost_before_rerun


def _each_once_after_dedup(data: Path) -> bool:
    """A page archived twice (before and after a kill) is read once: the latest copy per URL."""
    from flows.pages import archive_pages

    pages = archive_pages(_source("http://127.0.0.1"), archive_files(data, "bench")).pages
    urls = [p.raw.url for p in pages if "/bench/a/" in p.raw.url]
    return len(urls) == len(set(urls))


def _write(archive: WarcArchive, i: int) -> None:
    archive.write_exchange(url=f"http://127.0.0.1/bench/a/{i}.html", method="GET", request_headers=[],
                           status=200, reason="OK", response_headers=[("Content-Type", "text/html")],
                           body=f"<p>第{i}篇稿件</p>".encode() * 40, kind="article")


def test_a_part_file_cut_mid_record_keeps_every_complete_record(tmp_path):
    src = tmp_path / "src"
    archive = WarcArchive(src, "bench", "20260101T000000Z-aaaa")
    ends = []
    for i in range(8):
        _write(archive, i)
        ends.append(archive._fh.tell())
    data = archive._tmp.read_bytes()
    archive._fh.close()  # abandoned like a killed writer: never closed, never renamed
    rng = random.Random(7)
    for cut in sorted(rng.sample(range(1, len(data)), 12)) + [len(data)]:
        root = tmp_path / f"cut{cut}"
        part = root / "raw" / "bench" / archive._tmp.name
        part.parent.mkdir(parents=True)
        part.write_bytes(data[:cut])
        whole = sum(1 for end in ends if end <= cut)  # exchanges entirely before the cut
        got = _article_urls(root)
        # the response is written before its request record, so a cut inside the request
        # record still leaves a complete response
        assert whole <= len(got) <= whole + 1 and got == [f"http://127.0.0.1/bench/a/{i}.html" for i in range(len(got))]
        assert not list(part.parent.glob(".*.part"))


def test_a_live_writer_part_is_left_alone(tmp_path):
    archive = WarcArchive(tmp_path, "bench", "20260101T000000Z-live")
    _write(archive, 1)
    assert archive_files(tmp_path, "bench") == [] and archive._tmp.exists()  # still being written
    archive.close()
    assert [p.name for p in archive_files(tmp_path, "bench")] == ["20260101T000000Z-live.warc.gz"]


def test_an_exchange_archived_without_its_state_row_is_fetched_again_and_read_once(site, tmp_path):
    """Killed between the archive write and the state write: the body is recovered, the state
    does not know the URL, the re-run fetches it again, and the reader keeps one copy."""
    archive = WarcArchive(tmp_path, "bench", "20260101T000000Z-dead")
    _write(archive, 3)  # http://127.0.0.1/bench/a/3.html, with no state row
    archive._fh.close()
    with FetchState.open(tmp_path) as state:
        assert not state.fetched_ok(f"{site.origin}/bench/a/3.html")
    run_crawl(_source(site.origin), data_dir=tmp_path, config=fast_config())
    assert set(_article_urls(tmp_path)) >= _expected(site.origin)
    assert _each_once_after_dedup(tmp_path)
