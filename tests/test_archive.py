"""The WARC archive and fetch log: standard records, readable by warcio; reprocessing from
WARC files (ours, Common Crawl style, wget style) with no network."""

from __future__ import annotations

import asyncio
import gzip
import io
from datetime import date

import pyarrow.parquet as pq
import pytest
from fetch_server import fast_config, registry_source, serving
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.archive import FETCH_LOG_SCHEMA, WarcArchive, iter_archive, iter_archive_pages, read_fetch_log
from extract.crawl import crawl_source
from extract.state import FetchState
from transform import parse_page

GBK_HTML = ("<html><head><title>临夏州牡丹文化节开幕</title></head><body><h1>临夏州牡丹文化节开幕</h1>"
            "<div class=\"content\"><p>五月的临夏，牡丹盛开。第十届牡丹文化节在临夏市开幕，吸引了大批游客前来观赏。</p>"
            "<p>活动期间还将举办书画展、非遗展演和特色美食展销等活动，持续到五月底。</p></div></body></html>")


@pytest.fixture(scope="module")
def fetch_server():
    yield from serving()


@pytest.fixture(scope="module")
def epaper_run(fetch_server, tmp_path_factory):
    data = tmp_path_factory.mktemp("arc")
    src = registry_source("gansu_daily", fetch_server)
    with FetchState.open(data) as state:
        archive = WarcArchive(data, src.name, "run-a")
        res = asyncio.run(asyncio.wait_for(crawl_source(
            src, state=state, archive=archive, client_config=fast_config(),
            since=date(2024, 3, 18), until=date(2024, 3, 19)), 30))
        archive.close()
    return res, archive


def test_warc_has_warcinfo_and_linked_request_response_pairs(epaper_run):
    _, archive = epaper_run
    with open(archive.path, "rb") as fh:
        records = [(r.rec_type, r.rec_headers, r.http_headers) for r in ArchiveIterator(fh)]
    assert records[0][0] == "warcinfo"
    responses = {h.get_header("WARC-Record-ID"): h for t, h, _ in records if t == "response"}
    requests = [(h, http) for t, h, http in records if t == "request"]
    assert len(requests) == len(responses) == archive.records
    for h, http in requests:
        assert h.get_header("WARC-Concurrent-To") in responses
        assert http.protocol == "GET" and "regional-news-etl" in http.get_header("User-Agent")
    statuses = sorted({http.get_statuscode() for t, _, http in records if t == "response"})
    assert statuses == ["200", "404"]  # the page past the last page is archived too
    for t, h, _http in records:
        if t == "response":
            assert h.get_header("WARC-Payload-Digest").startswith("sha1:")
            assert h.get_header("WARC-Newsetl-Source") == "gansu_daily"
            assert h.get_header("WARC-IP-Address") == "127.0.0.1"


def test_iter_archive_reprocesses_without_network(epaper_run, fetch_server):
    res, archive = epaper_run
    fetch_server.reset()
    pages = list(iter_archive_pages([archive.path.parent]))
    articles = [p for p in pages if "/con/" in (p.raw.url or "")]
    assert sorted(p.raw.url for p in articles) == sorted(p.raw.url for p in res.pages)
    fetched = {p.raw.url: p.raw.content for p in res.pages}
    for p in articles:
        assert p.raw.content == fetched[p.raw.url] and p.raw.source == "gansu_daily"
        assert p.raw.edition_date in (date(2024, 3, 18), date(2024, 3, 19))
        assert p.raw.read_at is not None and p.raw.content_type == "text/html"
    rec = parse_page(next(p for p in articles if p.raw.url.endswith("c1101.html")).raw)[0]
    assert rec["title"] == "敦煌文化旅游迎来客流高峰"
    assert fetch_server.paths() == []
    assert all(isinstance(r.content, bytes) for r in iter_archive([archive.path]))


def test_fetch_log_is_parquet_with_the_documented_columns(epaper_run):
    _, archive = epaper_run
    table = pq.read_table(archive.log_path)
    assert table.schema.equals(FETCH_LOG_SCHEMA)
    for col in ("url", "final_url", "status", "bytes", "sha256", "fetched_at", "elapsed", "attempts", "error"):
        assert col in table.column_names
    rows = read_fetch_log(archive.log_path.parent.parent).to_pylist()
    assert {r["kind"] for r in rows} == {"robots", "discovery", "article"}
    assert sum(1 for r in rows if r["kind"] == "article" and r["status"] == 200) == 4


def _foreign_warc(path):
    """Records as other tools write them: Common Crawl (decoded payload, X-Crawler-* headers),
    wget (chunked + gzip payload as sent), a resource record, a truncated one, a 404, a revisit."""
    body = GBK_HTML.encode("gbk")
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        cc = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("X-Crawler-Content-Encoding", "gzip"),
                                         ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://www.linxia.gov.cn/a/1.html", "response",
                                            payload=io.BytesIO(body), length=len(body), http_headers=cc))
        zipped = gzip.compress(body)
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(zipped), zipped)
        wget = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=GBK"), ("Content-Encoding", "gzip"),
                                           ("Transfer-Encoding", "chunked")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://www.linxia.gov.cn/a/2.html", "response",
                                            payload=io.BytesIO(chunked), length=len(chunked), http_headers=wget))
        w.write_record(w.create_warc_record("http://www.linxia.gov.cn/a/3.html", "resource",
                                            payload=io.BytesIO(body), length=len(body),
                                            warc_headers_dict={"Content-Type": "text/html"}))
        cut = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://www.linxia.gov.cn/a/4.html", "response",
                                            payload=io.BytesIO(body[:50]), length=50, http_headers=cut,
                                            warc_headers_dict={"WARC-Truncated": "length"}))
        nf = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://www.linxia.gov.cn/a/5.html", "response",
                                            payload=io.BytesIO(b"gone"), length=4, http_headers=nf))


def test_iter_archive_reads_warcs_made_by_other_tools(tmp_path):
    path = tmp_path / "CC-MAIN-sample.warc.gz"
    _foreign_warc(path)
    pages = list(iter_archive([path], source="cc_sample"))
    assert [p.url.rsplit("/", 1)[-1] for p in pages] == ["1.html", "2.html", "3.html"]
    for p in pages:
        assert p.content == GBK_HTML.encode("gbk")  # de-chunked and gunzipped, never re-encoded
        assert p.source == "cc_sample"
        rec = parse_page(p)[0]
        assert rec["title"] == "临夏州牡丹文化节开幕" and "牡丹盛开" in rec["body"]
    assert list(iter_archive([path])) and list(iter_archive([path]))[0].source == tmp_path.name


def test_iter_archive_skips_oversized_payloads(tmp_path):
    path = tmp_path / "big.warc.gz"
    body = b"<html><body>" + b"a" * 5000 + b"</body></html>"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        h = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://a.cn/big.html", "response", payload=io.BytesIO(body),
                                            length=len(body), http_headers=h))
    assert list(iter_archive([path], max_bytes=1000)) == []
    assert len(list(iter_archive([path], max_bytes=10_000))) == 1


def test_archive_renames_transport_headers_and_marks_truncation(tmp_path):
    archive = WarcArchive(tmp_path, "s", "r")
    archive.write_exchange(url="http://a.cn/x.html", method="GET", request_headers=[("User-Agent", "t")],
                           status=200, reason="OK", body=b"<html>partial",
                           response_headers=[("Content-Encoding", "gzip"), ("Content-Length", "999"),
                                             ("Transfer-Encoding", "chunked"), ("Content-Type", "text/html")],
                           truncated="length")
    archive.close()
    with open(archive.path, "rb") as fh:
        resp = next(r for r in ArchiveIterator(fh) if r.rec_type == "response")
        assert resp.rec_headers.get_header("WARC-Truncated") == "length"
        assert resp.http_headers.get_header("Content-Length") == str(len(b"<html>partial"))
        assert resp.http_headers.get_header("X-Crawler-Content-Encoding") == "gzip"
        assert resp.http_headers.get_header("Content-Encoding") is None
        assert resp.content_stream().read() == b"<html>partial"
    assert list(iter_archive([archive.path])) == []  # truncated: never handed to the transform


def test_fetch_log_is_written_in_batches_and_complete(tmp_path):
    from extract.archive import LOG_BATCH, FetchLogRow

    archive = WarcArchive(tmp_path, "s", "r")
    for i in range(LOG_BATCH * 2 + 7):
        archive.log(FetchLogRow(source="s", run_id="r", kind="article", url=f"http://a.cn/{i}.html", status=200))
    assert len(archive.rows) == 7  # the rest are already on disk
    archive.close()
    urls = read_fetch_log(archive.log_path).column("url").to_pylist()
    assert urls == [f"http://a.cn/{i}.html" for i in range(LOG_BATCH * 2 + 7)]


def test_a_corrupt_warc_is_named_and_quarantined_and_the_rest_is_read(tmp_path):
    """A damaged or foreign file in the archive: one-line error naming the file, pages of the
    good files still read (flows.pages.archive_pages keeps going)."""

    from extract.archive import CorruptArchive, WarcArchive, archive_files, iter_archive_pages
    from extract.sources import Source
    from flows.pages import archive_pages

    good = WarcArchive(tmp_path, "s", "20240103T000000Z-good")
    good.write_exchange(url="http://x/a.html", method="GET", request_headers=[], status=200, reason="OK",
                        response_headers=[("Content-Type", "text/html")], body="<p>正文</p>".encode(), kind="article")
    good.close()
    good.log_path.unlink()  # no fetch log: every response is offered (as for other tools' WARCs)
    folder = tmp_path / "raw" / "s"
    (folder / "20240101T000000Z-bad.warc.gz").write_bytes(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\nx")
                                                          + b"garbage" * 10)
    (folder / "20240102T000000Z-foreign.warc.gz").write_bytes(b"\x00\x01not a warc at all" * 10)
    files = archive_files(tmp_path, "s")
    for bad in files[:2]:
        with pytest.raises(CorruptArchive, match=bad.name):
            list(iter_archive_pages([bad]))
    got = archive_pages(Source(name="s", kind="listing"), files)
    assert [p.raw.url for p in got.pages] == ["http://x/a.html"]
    assert sorted(ref.rsplit("/", 1)[-1] for ref, cls, _, _ in got.failures if cls == "CorruptArchive") == [
        "20240101T000000Z-bad.warc.gz", "20240102T000000Z-foreign.warc.gz"]
