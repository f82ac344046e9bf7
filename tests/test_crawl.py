"""Discovery per kind against the fixture server: e-paper editions by date, Hanweb lists with
dataproxy pagination, a GBK county list with a next link, RSS, sitemap, local files; and the
incremental behaviour (304s, nothing new on a second run, watermarks, backfill ranges)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date

import pytest
from fetch_server import fast_config, registry_source, serving

from extract.archive import WarcArchive
from extract.crawl import crawl_source, parse_feed, parse_sitemap, run_crawl
from extract.sources import LinkRule, Source
from extract.state import FetchState

HANWEB_PAGES = ("/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={end}&perpage=15&col=1"
                "&appid=1&webid=1&path=%2F&columnid=15333&sourceContentType=1&unitid=80001&permissiontype=0")


@pytest.fixture(scope="module")
def fetch_server():
    yield from serving()


def crawl(source, data, *, run_id="r1", **kw):
    """One crawl with state and archive under `data`; bounded in time."""
    with FetchState.open(data) as state:
        archive = WarcArchive(data, source.name, run_id)
        try:
            return asyncio.run(asyncio.wait_for(
                crawl_source(source, state=state, archive=archive, client_config=fast_config(), **kw), 30))
        finally:
            archive.close()


def paths(server, prefix=""):
    return [p for p in server.paths() if p.startswith(prefix)]


def test_epaper_backfill_walks_editions_by_date_and_page(fetch_server, tmp_path):
    fetch_server.reset()
    src = registry_source("gansu_daily", fetch_server)
    res = crawl(src, tmp_path, since=date(2024, 3, 18), until=date(2024, 3, 20))
    got = sorted((p.raw.url.rsplit("/", 3)[-3:][-1], p.raw.edition_date) for p in res.pages)
    assert got == [("c1001.html", date(2024, 3, 18)), ("c1002.html", date(2024, 3, 18)),
                   ("c1003.html", date(2024, 3, 18)), ("c1101.html", date(2024, 3, 19))]
    layout = paths(fetch_server, "/gsrb/pc/layout/")
    # pages until the first 404 per edition; 3/20 has no edition at all
    assert layout == ["/gsrb/pc/layout/202403/18/col01.html", "/gsrb/pc/layout/202403/18/col02.html",
                      "/gsrb/pc/layout/202403/18/col03.html", "/gsrb/pc/layout/202403/19/col01.html",
                      "/gsrb/pc/layout/202403/19/col02.html", "/gsrb/pc/layout/202403/20/col01.html"]
    assert res.failures == []
    with FetchState.open(tmp_path) as state:
        assert state.watermark("gansu_daily") == date(2024, 3, 19)  # 3/20: nothing found, not done
    records = res.pages[0].parse()
    assert records[0]["title"] in {"兰州新区精细化工园区签约12个项目", "全省春耕备耕工作有序推进",
                                   "河西走廊新能源装机突破三千万千瓦", "敦煌文化旅游迎来客流高峰"}
    assert records[0]["source"] == "gansu_daily"


def test_epaper_second_run_revalidates_pages_and_fetches_nothing(fetch_server, tmp_path):
    src = registry_source("gansu_daily", fetch_server)
    crawl(src, tmp_path, since=date(2024, 3, 18), until=date(2024, 3, 18))
    fetch_server.reset()
    res = crawl(src, tmp_path, run_id="r2", since=date(2024, 3, 18), until=date(2024, 3, 18))
    assert res.pages == [] and res.failures == []
    assert res.stats.not_modified == 2 and res.stats.skipped_known == 3
    assert paths(fetch_server, "/gsrb/pc/con/") == []
    sent = [h for _, p, h in fetch_server.requests if p.endswith("col01.html")]
    assert sent and "If-None-Match" in sent[0]


def test_hanweb_listing_paginates_through_dataproxy(fetch_server, tmp_path):
    fetch_server.reset()
    src = registry_source("lanzhou_gov", fetch_server, page_template=fetch_server.url(HANWEB_PAGES), page_size=3)
    res = crawl(src, tmp_path)
    assert sorted(p.raw.url.rsplit("_", 1)[-1] for p in res.pages) == [
        "1001.html", "1002.html", "1003.html", "997.html", "998.html"]
    assert any("startrecord=4&endrecord=6" in p for p in fetch_server.paths())
    by_url = {p.raw.url.rsplit("_", 1)[-1]: p for p in res.pages}
    rec = by_url["1001.html"].parse()[0]
    assert rec["title"] == "兰州市部署一季度重点项目建设" and "一季度重点项目建设" in rec["body"]
    assert "分享到" not in rec["body"]


def test_listing_backfill_stops_at_pages_older_than_the_range(fetch_server, tmp_path):
    fetch_server.reset()
    src = registry_source("lanzhou_gov", fetch_server, page_template=fetch_server.url(HANWEB_PAGES), page_size=3)
    res = crawl(src, tmp_path, since=date(2024, 3, 13), until=date(2024, 3, 16))
    assert [p.raw.url.rsplit("_", 1)[-1] for p in res.pages] == ["1002.html"]
    assert res.stats.skipped_out_of_range == 4
    # page 2 (all February) is read and shows everything is older; page 3 is never asked for
    assert any("startrecord=4" in p for p in fetch_server.paths())
    assert not any("startrecord=7" in p for p in fetch_server.paths())


def test_county_gbk_listing_with_next_link_then_incremental(fetch_server, tmp_path):
    fetch_server.reset()
    src = registry_source("ganzhou_rmt", fetch_server)
    res = crawl(src, tmp_path)
    titles = sorted(p.parse()[0]["title"] for p in res.pages)
    assert titles == sorted(["甘州区玉米制种基地迎来收获季", "甘州区开展秋季森林草原防火宣传",
                             "甘州区新增两处城市口袋公园", "甘州区举办农民丰收节系列活动"])
    body = next(p for p in res.pages if p.raw.url.endswith("_103.html")).parse()[0]["body"]
    assert "口袋公园" in body and "\ufffd" not in body
    assert paths(fetch_server, "/xwzx/gzyw/index") == ["/xwzx/gzyw/index.html", "/xwzx/gzyw/index_1.html"]

    fetch_server.reset()
    again = crawl(src, tmp_path, run_id="r2")
    assert again.pages == [] and again.failures == []
    # a scheduled run asks for the first list page (304) and stops: nothing new there
    assert fetch_server.paths() == ["/robots.txt", "/xwzx/gzyw/index.html"]
    assert again.stats.not_modified == 1

    fetch_server.reset()
    revalidated = crawl(src, tmp_path, run_id="r3", revalidate=True)
    assert revalidated.pages == [] and revalidated.stats.not_modified >= 3
    articles = [(p, h) for _, p, h in fetch_server.requests if "/xwzx/gzyw/2024" in p]
    assert articles and all("If-None-Match" in h for _, h in articles)


def test_rss_and_sitemap_sources(fetch_server, tmp_path):
    pattern = LinkRule(pattern=r"/art/\d{4}/")
    rss = Source(name="lz_rss", kind="rss", start_urls=(fetch_server.url("/feed.xml"),),
                 allowed_hosts=(f"127.0.0.1:{fetch_server.port}",), articles=pattern)
    res = crawl(replace(rss, politeness=replace(rss.politeness, rate=0)), tmp_path / "rss",
                since=date(2024, 3, 1))
    assert sorted(p.raw.url.rsplit("_", 1)[-1] for p in res.pages) == ["1001.html", "1002.html"]
    assert res.stats.skipped_out_of_range == 1

    sm = Source(name="lz_sitemap", kind="sitemap", start_urls=(fetch_server.url("/sitemap.xml"),),
                allowed_hosts=("127.0.0.1",), articles=pattern)
    res = crawl(replace(sm, politeness=replace(sm.politeness, rate=0)), tmp_path / "sm")
    assert sorted(p.raw.url.rsplit("_", 1)[-1] for p in res.pages) == ["1001.html", "1003.html"]


def test_feed_and_sitemap_parsers_refuse_entities():
    evil = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><link>https://a.cn/1.html&x;</link></item></channel></rss>")
    assert all("root:" not in u for u, _ in parse_feed(evil))
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.cn/2.html"/>'
            b"<updated>2024-03-18T08:00:00Z</updated></entry></feed>")
    assert parse_feed(atom) == [("https://a.cn/2.html", date(2024, 3, 18))]
    assert parse_sitemap(b"not xml at all") == ([], [])


def test_local_source_reads_samples_and_then_nothing_new(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    src = Source(name="samples", kind="local", paths=(str(root / "samples"),))
    first = run_crawl(src, data_dir=tmp_path, config=fast_config(contact_url=""))
    assert len(first.pages) == len([p for p in (root / "samples").iterdir() if p.suffix in {".txt", ".html"}])
    assert all(p.raw.input_path for p in first.pages) and first.warc_path is None
    second = run_crawl(src, data_dir=tmp_path, config=fast_config(contact_url=""))
    assert second.pages == [] and second.stats.skipped_known == len(first.pages)


def test_run_crawl_is_the_sync_entry_point(fetch_server, tmp_path):
    src = registry_source("ganzhou_rmt", fetch_server)
    res = run_crawl(src, data_dir=tmp_path, run_id="sync1", config=fast_config())
    assert len(res.pages) == 4
    assert res.warc_path == tmp_path / "raw" / "ganzhou_rmt" / "sync1.warc.gz" and res.warc_path.exists()
    assert res.fetch_log_path.exists()


def test_iter_crawl_batches_streams_sync(fetch_server, tmp_path):
    from extract.crawl import iter_crawl_batches

    src = registry_source("lanzhou_gov", fetch_server, page_template=fetch_server.url(HANWEB_PAGES), page_size=3)
    batches = list(iter_crawl_batches(src, data_dir=tmp_path, run_id="b1", config=fast_config(), batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert (tmp_path / "raw" / "lanzhou_gov" / "b1.warc.gz").exists()
    assert (tmp_path / "fetch_log" / "source=lanzhou_gov" / "b1.parquet").exists()
    stopped = iter_crawl_batches(src, data_dir=tmp_path / "early", run_id="b2", config=fast_config(), batch_size=1)
    assert len(next(stopped)) == 1
    stopped.close()  # a consumer that stops early still leaves a closed, renamed archive
    assert (tmp_path / "early" / "raw" / "lanzhou_gov" / "b2.warc.gz").exists()


def test_a_next_link_past_the_last_list_page_ends_the_listing_quietly(fetch_server, tmp_path):
    """The 下一页 link of the last page points at a page that is not there (404): the end of the
    listing, as a 404 ends an e-paper edition, not a failure in the quarantine."""
    fetch_server.reset()
    src = registry_source("ganzhou_rmt", fetch_server, start_urls=(f"{fetch_server.origin}/xwzx/last/index.html",))
    res = crawl(src, tmp_path)
    assert paths(fetch_server, "/xwzx/last/") == ["/xwzx/last/index.html", "/xwzx/last/index_1.html"]
    assert res.failures == [] and [p.raw.url.rsplit("/", 1)[-1] for p in res.pages] == ["t20240830_103.html"]
    with FetchState.open(tmp_path) as state:
        assert state.walk_finished(f"{fetch_server.origin}/xwzx/last/index.html")
