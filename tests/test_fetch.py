"""The fetcher against a real HTTP server on 127.0.0.1: retries, limits, safety, robots."""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from fetch_server import SITE, fast_config, serving
from warcio.archiveiterator import ArchiveIterator

from extract.archive import WarcArchive, read_fetch_log
from extract.crawl import crawl_source
from extract.fetch import ConfigError, Fetcher, backoff_delay, retry_after_seconds
from extract.ratelimit import HostLimiter
from extract.robots import rules_from_response
from extract.safety import BodyTooLarge, BoundedDecoder, UnsafeURL, address_refusal, check_url, parse_networks
from extract.sources import LinkRule, Politeness, Source
from extract.state import FetchState
from transform import parse_page


@pytest.fixture(scope="module")
def fetch_server():
    yield from serving()


def trouble_source(server, **changes) -> Source:
    src = Source(name="trouble", kind="listing", start_urls=(server.url("/trouble/index.html"),),
                 allowed_hosts=("127.0.0.1",), politeness=Politeness(rate=0, concurrency=4),
                 articles=LinkRule(pattern=r"/(trouble|e|private|xwzx)/"), max_list_pages=1)
    return replace(src, **changes)


def run(coro, limit: float = 45.0):
    """Every crawl in these tests must finish within `limit` seconds."""
    return asyncio.run(asyncio.wait_for(coro, limit))


@pytest.fixture(scope="module")
def trouble_crawl(fetch_server, tmp_path_factory):
    """One crawl of the trouble listing: every misbehaving endpoint at once."""
    fetch_server.reset()
    data = tmp_path_factory.mktemp("trouble")
    state = FetchState.open(data)
    archive = WarcArchive(data, "trouble", "run1")
    started = time.monotonic()
    result = run(crawl_source(trouble_source(fetch_server), state=state, archive=archive,
                              client_config=fast_config()))
    elapsed = time.monotonic() - started
    archive.close()
    state.close()
    return result, archive, list(fetch_server.requests), elapsed


def test_crawl_completes_with_every_good_article_once(trouble_crawl, fetch_server):
    result, archive, _, elapsed = trouble_crawl
    assert elapsed < 30
    good = {"/trouble/good1.html", "/trouble/good2.html", "/trouble/good3.html", "/e/429", "/e/flaky",
            "/xwzx/gzyw/202409/t20240904_101.html"}
    got = [p.raw.url.removeprefix(fetch_server.origin) for p in result.pages]
    assert sorted(got) == sorted(good)
    ok_records: dict[str, int] = {}
    with open(archive.path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and rec.http_headers.get_statuscode() == "200" \
                    and not rec.rec_headers.get_header("WARC-Truncated"):
                url = rec.rec_headers.get_header("WARC-Target-URI").removeprefix(fetch_server.origin)
                ok_records[url] = ok_records.get(url, 0) + 1
    assert {u: ok_records.get(u) for u in good} == dict.fromkeys(good, 1)


def test_disallowed_paths_are_never_requested(trouble_crawl):
    result, _, requests, _ = trouble_crawl
    paths = [p for _, p, _ in requests]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not [p for p in paths if p.startswith("/private/")]
    assert result.stats.robots_disallowed == 1


def test_every_failure_is_in_the_fetch_log_with_its_reason(trouble_crawl, fetch_server):
    result, archive, _, _ = trouble_crawl
    log = read_fetch_log(archive.log_path).to_pylist()
    by_url = {r["url"].removeprefix(fetch_server.origin): r for r in log}
    expected = {
        "/e/slow": ("ReadTimeout", 3), "/e/loop": ("RedirectLoop", 1), "/e/away": ("UnsafeURL", 1),
        "/e/big": ("BodyTooLarge", 1), "/e/big-stream": ("BodyTooLarge", 1), "/e/bomb": ("BodyTooLarge", 1),
        "/e/short": ("RemoteProtocolError", 3), "/e/missing": ("HTTP404", 1),
        "/private/secret.html": ("RobotsDisallowed", 1),
    }
    for path, (error_class, attempts) in expected.items():
        row = by_url[path]
        assert (row["error_class"], row["attempts"]) == (error_class, attempts), path
        assert row["error"]
    assert "localhost" in by_url["/e/away"]["error"]
    assert "gzip bomb" in by_url["/e/bomb"]["error"]
    assert "52428800" in by_url["/e/big"]["error"]
    assert by_url["/e/flaky"]["attempts"] == 3 and by_url["/e/flaky"]["status"] == 200
    assert by_url["/e/429"]["attempts"] == 2
    assert by_url["/e/429"]["elapsed"] >= 1.0  # waited for Retry-After: 1
    failed = {f.url.removeprefix(fetch_server.origin): f.error_class for f in result.failures}
    assert failed == {p: c for p, (c, _) in expected.items() if c != "RobotsDisallowed"}
    for row in log:
        if row["error_class"] is None and row["status"] == 200:
            assert row["sha256"] and row["bytes"] > 0


def test_user_agent_names_the_contact_and_encodings_are_ours(trouble_crawl):
    _, _, requests, _ = trouble_crawl
    headers = requests[0][2]
    assert headers["User-Agent"] == "regional-news-etl/0.1 (+https://example.org/newsetl-tests)"
    assert headers["Accept-Encoding"] == "gzip, deflate"


def test_gbk_page_comes_through_as_raw_bytes_and_parses(trouble_crawl, fetch_server):
    result, _, _, _ = trouble_crawl
    page = next(p for p in result.pages if p.raw.url.endswith("t20240904_101.html"))
    on_disk = (SITE / "xwzx/gzyw/202409/t20240904_101.html").read_bytes()
    assert page.raw.content == on_disk  # bytes untouched: no response.text anywhere
    assert page.raw.content_type == "text/html" and page.raw.source == "trouble"
    rec = parse_page(page.raw)[0]
    assert rec["title"] == "甘州区玉米制种基地迎来收获季"
    assert "四十万亩玉米制种基地" in rec["body"]


def test_memory_stays_bounded_on_huge_bodies_and_bombs(fetch_server, tmp_path):
    src = Source(name="huge", kind="listing", start_urls=(fetch_server.url("/"),), allowed_hosts=("127.0.0.1",),
                 politeness=Politeness(rate=0, concurrency=1), respect_robots=False)

    async def fetch_all():
        async with Fetcher(fast_config(retries=0)) as f:
            return [await f.fetch(fetch_server.url(p), source=src, archive=None) for p in
                    ("/e/big", "/e/big-stream", "/e/bomb")]

    fetch_server.bomb()  # built by the server thread, which tracemalloc would count too
    tracemalloc.start()
    try:
        outs = run(fetch_all())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [o.error_class for o in outs] == ["BodyTooLarge"] * 3
    print(f"tracemalloc peak {peak / 2**20:.2f} MiB")
    assert peak < 12 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB for 50 MiB bodies with a 2 MiB cap"


def test_private_addresses_refused_unless_allowed(fetch_server):
    src = trouble_source(fetch_server)

    async def fetch_one(cfg):
        async with Fetcher(cfg) as f:
            return await f.fetch(fetch_server.url("/trouble/good1.html"), source=src, archive=None)

    fetch_server.reset()
    refused = run(fetch_one(fast_config(allow_networks=())))
    assert refused.error_class == "UnsafeURL" and "loopback address 127.0.0.1" in refused.error
    assert fetch_server.paths() == []  # refused before connecting: not even robots.txt
    assert run(fetch_one(fast_config())).ok


def test_network_crawl_needs_a_contact(fetch_server, tmp_path):
    with FetchState.open(tmp_path) as state, pytest.raises(ConfigError):
        run(crawl_source(trouble_source(fetch_server), state=state, archive=None,
                         client_config=fast_config(contact_url="")))


def test_crawl_delay_from_robots_spaces_requests():
    rules = rules_from_response("http://a.cn", 200, b"User-agent: *\nCrawl-delay: 0.3\nDisallow: /x/\n",
                                "regional-news-etl")
    assert rules.crawl_delay == 0.3
    assert not rules.allows("http://a.cn/x/1.html", "regional-news-etl")
    assert rules.allows("http://a.cn/y/1.html", "regional-news-etl")

    async def three():
        limiter = HostLimiter(default_rate=0, default_concurrency=4)
        limiter.configure("a.cn", rate=0, concurrency=4)
        limiter.apply_crawl_delay("a.cn", rules.crawl_delay)
        stamps = []

        async def one():
            async with limiter.slot("a.cn"):
                stamps.append(time.monotonic())

        await asyncio.gather(one(), one(), one())
        return stamps

    stamps = sorted(run(three(), 10))
    assert stamps[2] - stamps[0] >= 0.55


@pytest.mark.parametrize("status, allowed", [(404, True), (403, True), (503, False), (429, False), (None, False)])
def test_robots_status_semantics(status, allowed):
    rules = rules_from_response("http://a.cn", status, None, "bot")
    assert rules.allows("http://a.cn/page.html", "bot") is allowed


@pytest.mark.parametrize("url, reason", [
    ("ftp://a.cn/x", "scheme"), ("file:///etc/passwd", "scheme"), ("javascript:alert(1)", "scheme"),
    ("http://user:pw@a.cn/", "credentials"), ("http://b.cn/", "not declared"), ("http://a.cn.evil.com/", "not declared"),
])
def test_check_url_refusals(url, reason):
    with pytest.raises(UnsafeURL, match=reason):
        check_url(url, ["a.cn", "*.sub.cn"])


def test_check_url_accepts_declared_hosts_and_subdomain_wildcards():
    assert check_url("https://A.CN./x", ["a.cn"]).host.rstrip(".") == "a.cn"
    assert check_url("http://www.sub.cn/x", ["*.sub.cn"])
    with pytest.raises(UnsafeURL):
        check_url("http://sub.cn/x", ["*.sub.cn"])
    with pytest.raises(UnsafeURL):
        check_url("http://127.0.0.1:9/x", ["127.0.0.1:8000"])


@pytest.mark.parametrize("ip, refused", [
    ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("169.254.169.254", "link-local"), ("127.0.0.1", "loopback"),
    ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("8.8.8.8", None), ("2400:da00::6666", None),
])
def test_address_refusal(ip, refused):
    import ipaddress

    assert address_refusal(ipaddress.ip_address(ip), ()) == refused
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), parse_networks(["127.0.0.1/32"])) is None


def test_bounded_decoder_refuses_bombs_and_reads_deflate_both_ways():
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    dec = BoundedDecoder("gzip", 1024 * 1024)
    with pytest.raises(BodyTooLarge):
        for i in range(0, len(bomb), 4096):
            dec.feed(bomb[i:i + 4096])
    assert dec.total <= 1024 * 1024 + 1
    text = "甘肃".encode() * 1000
    for payload in (zlib.compress(text), zlib.compress(text)[2:-4]):  # zlib-wrapped and raw deflate
        d = BoundedDecoder("deflate", 10**6)
        assert d.feed(payload) + d.finish() == text


def test_retry_after_and_backoff():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    delays = [backoff_delay(a, 1.0, 8.0) for a in range(6) for _ in range(20)]
    assert all(0.5 <= d <= 8.0 for d in delays)
    assert max(backoff_delay(0, 1.0, 8.0) for _ in range(50)) <= 1.0


def test_timeouts_are_bounded(fetch_server):
    """The slow endpoint (3 s) is abandoned after the read timeout on each of 3 attempts."""
    src = trouble_source(fetch_server, respect_robots=False)

    async def slow():
        async with Fetcher(fast_config()) as f:
            return await f.fetch(fetch_server.url("/e/slow"), source=src, archive=None)

    started = time.monotonic()
    out = run(slow(), 20)
    assert out.error_class == "ReadTimeout" and out.attempts == 3
    assert time.monotonic() - started < 3.0


def test_archive_is_written_under_a_temporary_name_until_closed(tmp_path):
    archive = WarcArchive(tmp_path, "s", "r1")
    assert not archive.path.exists() and Path(str(archive.path.parent / ".r1.warc.gz.part")).exists()
    archive.close()
    assert archive.path.exists() and archive.log_path.exists()
    assert not list(archive.path.parent.glob(".*"))


def test_refused_bodies_are_retried_and_permanent_failures_given_up(fetch_server, tmp_path):
    """A body refused for size is not 'fetched' (asked again next run, reported again); a URL
    failing permanently (404, redirect loop, redirect to a refused host) is given up after
    `give_up_after` failed runs spread over `give_up_hours`, and listed."""
    cfg = fast_config(give_up_after=2, give_up_hours=0)

    def crawl_once(run_id: str):
        fetch_server.reset()
        with FetchState.open(tmp_path) as state:
            archive = WarcArchive(tmp_path, "trouble", run_id)
            try:
                return run(crawl_source(trouble_source(fetch_server), state=state, archive=archive,
                                        client_config=cfg)), fetch_server.paths()
            finally:
                archive.close()

    permanent = {"/e/missing", "/e/loop", "/e/away"}
    first, _ = crawl_once("r1")
    with FetchState.open(tmp_path) as state:
        assert not state.fetched_ok(fetch_server.url("/e/big")) and state.fetched_ok(fetch_server.url("/e/flaky"))
    second, asked = crawl_once("r2")
    assert permanent | {"/e/big", "/e/bomb"} <= set(asked)
    assert "BodyTooLarge" in {f.error_class for f in second.failures}  # reported on every run it is refused
    third, asked = crawl_once("r3")
    assert not permanent & set(asked) and "/e/big" in asked  # size refusals are not permanent
    assert third.stats.given_up == len(permanent)
    with FetchState.open(tmp_path) as state:
        gone = [u.removeprefix(fetch_server.origin) for u, _, _ in state.given_up_urls("trouble", 2, 0)]
        assert not state.given_up_urls("trouble", 2, 24)  # spread over a day: not yet
    assert gone == sorted(permanent)
