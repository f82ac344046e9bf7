"""Discovery per source kind, and the crawl API the flow calls.

A crawl walks a source's discovery pages (e-paper edition pages by date and page number,
listing pages with pagination, RSS/Atom feeds, sitemaps) and fetches the article URLs they
list. Incremental by default: articles fetched in an earlier run are not requested again,
discovery pages are asked for conditionally (a 304 reuses the links remembered in the
state), listing pagination stops at the first page with nothing new, and an e-paper run
without dates starts after the source's watermark (the last complete edition). A backfill
(`since`/`until`) walks editions by date, and listing pages until their items are older
than `since`.

Link extraction (extract.sources.extract_links, beside the registry rules it applies) is a pure
function of bytes, tested against saved pages.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from extract.archive import CrawledPage, CrawlResult, CrawlStats, FetchFailure, WarcArchive
from extract.fetch import FetchConfig, Fetcher, FetchOutcome
from extract.sources import Links, Source, extract_links
from extract.state import FetchState
from newsetl.settings import new_run_id
from transform import RawPage
from transform.common.dates import SHANGHAI, day_in_feed

MAX_CATCHUP_DAYS = 7  # an e-paper run without dates looks back at most this far
MAX_SITEMAPS = 50


def today_shanghai() -> date:
    return datetime.now(SHANGHAI).date()


def _in_range(day: date | None, since: date | None, until: date | None) -> bool:
    return day is None or ((since is None or day >= since) and (until is None or day <= until))


# -- feeds and sitemaps (pure functions of bytes) ------------------------------------
def _xml_root(content: bytes):
    import lxml.etree as etree

    # No entities, no network, no DTD: feeds and sitemaps are untrusted XML.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True,
                             huge_tree=False)
    return etree.fromstring(content.lstrip(), parser)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_feed(content: bytes) -> list[tuple[str, date | None]]:
    """RSS 2.0 items and Atom entries -> (link, date of pubDate/published/updated)."""
    root = _xml_root(content)
    if root is None:
        return []
    out = []
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        link, day = None, None
        for child in item:
            name = _local(child.tag)
            if name == "link":
                link = link or (child.get("href") if child.get("href") else (child.text or "").strip())
            elif name in ("pubdate", "published", "updated", "date") and day is None:
                day = day_in_feed(child.text)
        if link:
            out.append((link, day))
    return out


def parse_sitemap(content: bytes) -> tuple[list[tuple[str, date | None]], list[tuple[str, date | None]]]:
    """(page URLs, child sitemap URLs), each with its lastmod date."""
    root = _xml_root(content)
    if root is None:
        return [], []
    urls, children = [], []
    for node in root:
        name = _local(node.tag)
        if name not in ("url", "sitemap"):
            continue
        loc = mod = None
        for child in node:
            if _local(child.tag) == "loc":
                loc = (child.text or "").strip()
            elif _local(child.tag) == "lastmod":
                mod = day_in_feed(child.text)
        if loc:
            (urls if name == "url" else children).append((loc, mod))
    return urls, children


class _Crawl:
    """One source's crawl; yields CrawledPage and FetchFailure values as they happen."""

    def __init__(self, source: Source, fetcher: Fetcher, archive: WarcArchive | None, state: FetchState,
                 since: date | None, until: date | None, revalidate: bool) -> None:
        self.src, self.fetcher, self.archive, self.state = source, fetcher, archive, state
        self.since, self.until, self.revalidate = since, until, revalidate
        self.stats = CrawlStats()
        self.scheduled: set[str] = set()

    def _failure(self, out: FetchOutcome, kind: str) -> FetchFailure | None:
        """A failed request as a FetchFailure; a URL robots.txt forbids is none, but one refused
        because robots.txt itself could not be read (RobotsUnreachable) is an outage, reported."""
        error_class = out.error_class or "Error"
        if error_class == "RobotsUnreachable":
            self.stats.outages += 1
        if kind == "discovery":
            self.stats.discovery_failed += 1
            self.stats.first_error = self.stats.first_error or f"{error_class}: {out.error or ''}"
        if error_class == "RobotsDisallowed":
            self.stats.robots_disallowed += 1
            return None
        self.stats.failures += 1
        return FetchFailure(out.url, self.src.name, error_class, out.error or "", out.status, kind)

    async def discovery(self, url: str, parse, page_date: date | None = None) -> tuple[FetchOutcome, Links | None]:
        """Fetch a discovery page conditionally; parse it, or reuse the links saved for a 304."""
        out = await self.fetcher.fetch(url, source=self.src, archive=self.archive, kind="discovery",
                                       page_date=page_date)
        self.stats.discovery_pages += 1
        if out.not_modified:
            cached = self.state.cached_links(url)
            if cached is not None:
                self.stats.not_modified += 1
                return out, Links.from_json(cached)
            # A 304 for a page whose links were never saved (a crash between the state write and
            # save_links): ask again without validators rather than lose its articles.
            out = await self.fetcher.fetch(url, source=self.src, archive=self.archive, kind="discovery",
                                           page_date=page_date, conditional=False)
        if not out.ok:
            return out, None
        links = parse(out)
        self.state.save_links(url, self.src.name, links.to_json())
        return out, links

    async def articles(self, links: list[tuple[str, date | None]], page_date: date | None = None
                       ) -> AsyncIterator[CrawledPage | FetchFailure]:
        """Fetch the new ones among `links` concurrently (host gates bound the real concurrency)."""
        todo = []
        for url, day in links:
            if url in self.scheduled:
                continue
            self.scheduled.add(url)
            if not _in_range(day, self.since, self.until):
                self.stats.skipped_out_of_range += 1
            elif self.state.fetched_ok(url) and not self.revalidate:
                self.stats.skipped_known += 1
            elif self.state.given_up(url, self.fetcher.config.give_up_after, self.fetcher.config.give_up_hours):
                self.stats.given_up += 1
            else:
                todo.append((url, day or page_date))
        tasks = [asyncio.ensure_future(self.fetcher.fetch(u, source=self.src, archive=self.archive, kind="article",
                                                          conditional=self.revalidate, page_date=d))
                 for u, d in todo]
        dates = {u: d for u, d in todo}
        try:
            for next_done in asyncio.as_completed(tasks):
                out = await next_done
                if out.not_modified:
                    self.stats.not_modified += 1
                elif out.ok:
                    self.stats.articles_fetched += 1
                    day = dates.get(out.url)
                    raw = RawPage(content=out.content or b"", url=out.final_url or out.url, source=self.src.name,
                                  content_type=out.content_type, read_at=out.fetched_at, edition_date=day,
                                  edition_source="url" if day else None)
                    yield CrawledPage(raw, self.src.parse_options())
                elif failure := self._failure(out, "article"):
                    yield failure
        finally:
            for t in tasks:
                t.cancel()

    def new_links(self, links: Links) -> list[tuple[str, date | None]]:
        return [(u, d) for u, d in links.articles if u not in self.scheduled and not self.state.fetched_ok(u)]

    # -- kinds ----------------------------------------------------------------------
    def epaper_days(self) -> list[date]:
        today = today_shanghai()
        until = min(self.until or today, today)
        if self.since is not None:
            start = self.since
        else:
            mark = self.state.watermark(self.src.name)
            start = max(mark + timedelta(days=1) if mark else until, until - timedelta(days=MAX_CATCHUP_DAYS))
        return [start + timedelta(days=i) for i in range((until - start).days + 1)]

    async def epaper(self) -> AsyncIterator[CrawledPage | FetchFailure]:
        for day in self.epaper_days():
            found, failed = False, False
            for page in range(1, self.src.max_pages + 1):
                url = self.src.index_url(day, page)
                out, links = await self.discovery(url, lambda o: self._links(o), page_date=day)
                if links is None:
                    if out.status in (404, 410):  # past the last page, or no edition that day
                        break
                    failed = True
                    if failure := self._failure(out, "discovery"):
                        yield failure
                    break
                found = True
                async for item in self.articles(links.articles, page_date=day):
                    failed = failed or isinstance(item, FetchFailure)
                    yield item
            if found and not failed:
                self.state.set_watermark(self.src.name, day)

    async def listing(self) -> AsyncIterator[CrawledPage | FetchFailure]:
        for start in self.src.start_urls:
            url: str | None = start
            page = 1
            # Stop early at "nothing new" only if the walk before this one finished with no
            # failure (FetchState.walks): a crash or a failed page leaves older pages to visit.
            may_stop = self.state.walk_finished(start)
            self.state.set_walk(start, self.src.name, finished=False)
            complete = True
            while url and page <= self.src.max_list_pages:
                out, links = await self.discovery(url, lambda o: self._links(o))
                if links is None:
                    if page > 1 and out.status in (404, 410):
                        break  # a 下一页 link past the last page: the end of the listing, as on e-papers
                    if failure := self._failure(out, "discovery"):
                        complete = False
                        yield failure
                    break
                fresh = self.new_links(links)
                async for item in self.articles(links.articles):
                    complete = complete and not isinstance(item, FetchFailure)
                    yield item
                dated = [d for _, d in links.articles if d is not None]
                if self.since is not None and dated and max(dated) < self.since:
                    break  # everything on this page is older than the range
                if self.since is None and not fresh and may_stop:
                    break  # incremental run: nothing new here, so nothing new further back
                page += 1
                url = links.next[0] if links.next else self.src.list_page_url(page)
            self.state.set_walk(start, self.src.name, finished=complete)

    async def feed(self) -> AsyncIterator[CrawledPage | FetchFailure]:
        for url in self.src.start_urls:
            out, links = await self.discovery(url, lambda o: Links(articles=self._accepted(parse_feed(o.content))))
            if links is None:
                if failure := self._failure(out, "discovery"):
                    yield failure
                continue
            async for item in self.articles(links.articles):
                yield item

    async def sitemap(self) -> AsyncIterator[CrawledPage | FetchFailure]:
        queue, done = list(self.src.start_urls), 0
        while queue and done < MAX_SITEMAPS:
            url = queue.pop(0)
            done += 1
            out, links = await self.discovery(url, lambda o: self._sitemap_links(o))
            if links is None:
                if failure := self._failure(out, "discovery"):
                    yield failure
                continue
            queue.extend(u for u in links.next if u not in queue)
            async for item in self.articles(links.articles):
                yield item

    def local(self) -> Iterator[CrawledPage | FetchFailure]:
        from extract.local import ReadFailure, read_local

        for got in read_local(self.src.paths, source=self.src.name, default_edition=self.src.edition_date):
            if isinstance(got, ReadFailure):
                self.stats.failures += 1
                yield FetchFailure(got.input_ref, self.src.name, got.error_class, got.message, kind="local",
                                   stage="read")
                continue
            key = f"file:{got.input_path}"
            if self.state.known_hash(got.raw_sha256, self.src.name) and not self.revalidate:
                self.stats.skipped_known += 1
                continue
            self.state.record(key, source=self.src.name, kind="local", status=200, sha256=got.raw_sha256)
            self.stats.articles_fetched += 1
            yield CrawledPage(got, self.src.parse_options())

    # -- parsing helpers --------------------------------------------------------------
    def _accepted(self, items: list[tuple[str, date | None]], *, rule: bool = True) -> list[tuple[str, date | None]]:
        """Items on declared hosts (and matching the article rule unless `rule` is False)."""
        from extract.safety import UnsafeURL, check_url

        out = []
        for url, day in items:
            try:
                check_url(url, self.src.allowed_hosts)
            except UnsafeURL:
                continue
            if not rule or self.src.articles.accepts(url):
                out.append((url, day))
        return out

    def _links(self, out: FetchOutcome) -> Links:
        return extract_links(self.src, out.content or b"", out.final_url or out.url, out.content_type)

    def _sitemap_links(self, out: FetchOutcome) -> Links:
        urls, children = parse_sitemap(out.content or b"")
        children = [(u, d) for u, d in children if _in_range(d, self.since, None)]
        return Links(articles=self._accepted(urls), next=[u for u, _ in self._accepted(children, rule=False)])

    async def run(self) -> AsyncIterator[CrawledPage | FetchFailure]:
        kind = self.src.kind
        if kind == "local":
            for item in self.local():
                yield item
            return
        self.fetcher.register(self.src)
        walk = {"epaper": self.epaper, "listing": self.listing, "rss": self.feed, "sitemap": self.sitemap}[kind]
        async for item in walk():
            yield item


async def iter_crawl(source: Source, *, fetcher: Fetcher, state: FetchState, archive: WarcArchive | None,
                     since: date | None = None, until: date | None = None, revalidate: bool = False,
                     stats: CrawlStats | None = None) -> AsyncIterator[CrawledPage | FetchFailure]:
    """Stream a source's new pages and failures; memory does not grow with the page count."""
    if source.kind != "local":
        fetcher.config.require_contact()
    crawl = _Crawl(source, fetcher, archive, state, since, until, revalidate)
    if stats is not None:
        crawl.stats = stats
    async for item in crawl.run():
        yield item


async def crawl_source(source: Source, *, state: FetchState, archive: WarcArchive | None,
                       client_config: FetchConfig, since: date | None = None, until: date | None = None,
                       revalidate: bool = False, fetcher: Fetcher | None = None) -> CrawlResult:
    """Crawl one source into memory (pages + failures); use iter_crawl for large runs."""
    result = CrawlResult(source=source.name, run_id=archive.run_id if archive else "")
    own = fetcher is None
    fetcher = fetcher or Fetcher(client_config, state)
    if own:
        await fetcher.__aenter__()
    try:
        async for item in iter_crawl(source, fetcher=fetcher, state=state, archive=archive, since=since,
                                     until=until, revalidate=revalidate, stats=result.stats):
            (result.failures if isinstance(item, FetchFailure) else result.pages).append(item)
    finally:
        if own:
            await fetcher.__aexit__(None, None, None)
    if archive is not None:
        result.warc_path, result.fetch_log_path = archive.path, archive.log_path
    return result




def run_crawl(source: Source, *, data_dir: str | Path = "data", run_id: str | None = None,
              config: FetchConfig | None = None, since: date | None = None, until: date | None = None,
              revalidate: bool = False) -> CrawlResult:
    """Sync one-call crawl for a Prefect task: opens state and archive, crawls, closes both."""
    config = config or FetchConfig.load()
    run_id = run_id or new_run_id()
    with FetchState.open(data_dir) as state:
        archive = None if source.kind == "local" else WarcArchive(data_dir, source.name, run_id)
        try:
            return asyncio.run(crawl_source(source, state=state, archive=archive, client_config=config,
                                            since=since, until=until, revalidate=revalidate))
        finally:
            if archive is not None:
                archive.close()


def iter_crawl_batches(source: Source, *, data_dir: str | Path = "data", run_id: str | None = None,
                       config: FetchConfig | None = None, since: date | None = None, until: date | None = None,
                       revalidate: bool = False, batch_size: int = 50
                       ) -> Iterator[list[CrawledPage | FetchFailure]]:
    """Sync, streaming: batches of pages/failures for tasks that transform as they go.

    One private event loop drives the async crawl a batch at a time, so the httpx client and
    host gates live across batches; state and archive are closed when the generator ends.
    """
    config = config or FetchConfig.load()
    run_id = run_id or new_run_id()
    loop = asyncio.new_event_loop()
    state = FetchState.open(data_dir)
    archive = None if source.kind == "local" else WarcArchive(data_dir, source.name, run_id)
    fetcher = Fetcher(config, state)
    items = iter_crawl(source, fetcher=fetcher, state=state, archive=archive, since=since, until=until,
                       revalidate=revalidate)

    async def next_batch() -> list[CrawledPage | FetchFailure]:
        batch: list[CrawledPage | FetchFailure] = []
        async for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                break
        return batch

    try:
        loop.run_until_complete(fetcher.__aenter__())
        while batch := loop.run_until_complete(next_batch()):
            yield batch
    finally:
        loop.run_until_complete(items.aclose())
        loop.run_until_complete(fetcher.__aexit__(None, None, None))
        loop.close()
        if archive is not None:
            archive.close()
        state.close()
