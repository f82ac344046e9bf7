"""Raw archive: every HTTP exchange as standard WARC records, plus a fetch log in Parquet.

Why WARC: it is the format web archives and Common Crawl use, so pages we fetched can be
re-read by any WARC tool, and pages others archived (Common Crawl extracts, wget --warc-file)
can be fed to our transform with no network (`iter_archive`). Each response is written
before anything parses it, so a transform bug never costs a re-fetch.

Layout: data/raw/<source>/<run_id>.warc.gz, one file per source per run, written under a
hidden temporary name (`.<run_id>.warc.gz.part`) and renamed on close, so a reader never
sees a half-written file under the final name. Records are gzipped one by one (WARC/1.1).

Crashes lose nothing (measured before this design: 11-12 of 45 articles lost for good after a
`kill -9`, because the fetch state marked URLs fetched while their bodies sat in a `.part`
file nobody read, and the next run got 304s for them). Now:
- every exchange is flushed and fsynced before `write_exchange` returns, and the fetcher
  records a URL in its state only after that, so a URL the state calls fetched has its body
  on disk;
- the writer holds an exclusive lock on its `.part` file; the next listing of the source's
  archive (`archive_files`, which every reader and the crawler go through) recovers a `.part`
  nobody holds: cut after its last complete record, renamed to its final name, and its fetch
  log rebuilt from the records themselves (each response carries its kind in
  `WARC-Newsetl-Kind`) when the crash took the log with it.
A crash mid-record loses only that record, which the state never called fetched.

Payloads are stored the way Common Crawl stores them: the body after our bounded
decompression, with `Content-Encoding`, `Transfer-Encoding` and `Content-Length` renamed to
`X-Crawler-*` and a true `Content-Length` added, so readers need no decompression (a stored
gzip bomb cannot explode later) and the payload digest is the hash of what the transform
reads. Responses cut short (size cap, dropped connection) are archived with the standard
`WARC-Truncated` field and never reach the transform.

The fetch log (data/fetch_log/source=<source>/<run_id>.parquet) has one row per request
attempt outcome: url, final_url, status, bytes, sha256, fetched_at, elapsed, attempts, error.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from transform import RawPage, parse_page
from transform.options import DEFAULT_OPTIONS, ParseOptions
from transform.pipeline import MAX_INPUT_BYTES

log = logging.getLogger(__name__)
SOURCE_FIELD = "WARC-Newsetl-Source"  # extension fields: WARC allows any named field
PAGE_DATE_FIELD = "WARC-Newsetl-Page-Date"
KIND_FIELD = "WARC-Newsetl-Kind"  # article, discovery or robots: rebuilds a fetch log lost in a crash
_RENAMED = {"content-encoding", "transfer-encoding", "content-length"}
LOG_BATCH = 500

FETCH_LOG_SCHEMA = pa.schema([
    ("source", pa.string()), ("run_id", pa.string()), ("kind", pa.string()), ("url", pa.string()),
    ("final_url", pa.string()), ("status", pa.int32()), ("bytes", pa.int64()), ("sha256", pa.string()),
    ("fetched_at", pa.timestamp("us", tz="UTC")), ("elapsed", pa.float64()), ("attempts", pa.int32()),
    ("not_modified", pa.bool_()), ("error_class", pa.string()), ("error", pa.string()),
])


@dataclass(frozen=True)
class CrawledPage:
    """A fetched (or re-read) page plus what its source knows about parsing it."""

    raw: RawPage  # its edition_date: the date the source's URL template or listing gave
    options: ParseOptions = DEFAULT_OPTIONS

    def parse(self, derived: bool = True) -> list[dict]:
        """The page's records with its source's options; raises TransformError (`derived`:
        transform.parse_page)."""
        return parse_page(self.raw, self.options, derived=derived)


@dataclass(frozen=True)
class FetchFailure:
    """A URL that produced no page, for the quarantine (stage 'fetch')."""

    url: str
    source: str
    error_class: str
    message: str
    status: int | None = None
    kind: str = "article"
    stage: str = "fetch"


@dataclass
class CrawlStats:
    discovery_pages: int = 0
    not_modified: int = 0
    articles_fetched: int = 0
    skipped_known: int = 0
    skipped_out_of_range: int = 0
    robots_disallowed: int = 0
    failures: int = 0
    given_up: int = 0  # links not asked again: failed permanently too often (FetchConfig.give_up_after)
    discovery_failed: int = 0  # discovery pages that got no usable answer (an end-of-listing 404 is not one)
    outages: int = 0  # robots.txt unreachable or answering 5xx: the host is not crawled and that is reported
    first_error: str = ""  # the first discovery failure, for a one-line reason

    def unreachable(self) -> bool:
        """Nothing the crawl asked to discover anything answered: the source was not reached."""
        return self.discovery_pages > 0 and self.discovery_failed >= self.discovery_pages


@dataclass
class CrawlResult:
    source: str
    run_id: str
    pages: list[CrawledPage] = field(default_factory=list)
    failures: list[FetchFailure] = field(default_factory=list)
    stats: CrawlStats = field(default_factory=CrawlStats)
    warc_path: Path | None = None
    fetch_log_path: Path | None = None


@dataclass
class FetchLogRow:
    source: str
    run_id: str
    kind: str
    url: str
    final_url: str | None = None
    status: int | None = None
    bytes: int = 0
    sha256: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    elapsed: float = 0.0
    attempts: int = 1
    not_modified: bool = False
    error_class: str | None = None
    error: str | None = None


def _http_headers(status: int, reason: str, headers: Iterable[tuple[str, str]], body_len: int) -> StatusAndHeaders:
    out = []
    for name, value in headers:
        if name.lower() in _RENAMED:
            out.append((f"X-Crawler-{name}", value))
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_len)))
    return StatusAndHeaders(f"{status} {reason or 'Unknown'}", out, protocol="HTTP/1.1")


def warc_path(data_dir: str | Path, source: str, run_id: str) -> Path:
    """Where a run's WARC file of a source lives: <data>/raw/<source>/<run_id>.warc.gz."""
    return Path(data_dir) / "raw" / source / f"{run_id}.warc.gz"


def fetch_log_path(data_dir: str | Path, source: str, run_id: str) -> Path:
    """Where a run's fetch log of a source lives: <data>/fetch_log/source=<source>/<run_id>.parquet."""
    return Path(data_dir) / "fetch_log" / f"source={source}" / f"{run_id}.parquet"


def archive_files(data_dir: str | Path, source: str) -> list[Path]:
    """The source's finished WARC files, oldest run first (run ids sort by time); a file still
    being written (a `.part` name) is not listed, and one left by a crashed run is recovered
    first (`recover_partial`)."""
    root = warc_path(data_dir, source, "x").parent
    if not root.is_dir():
        return []
    from extract.recovery import recover_partial  # (that module reads this one's layout)

    for part in root.glob(".*.part"):
        recover_partial(part)
    return sorted(p for p in root.iterdir()
                  if p.is_file() and not p.name.startswith((".", "_")) and p.name.endswith((".warc.gz", ".warc")))


def article_urls(warc: Path) -> set[str] | None:
    """URLs fetched as articles in the run that wrote `warc`, from that run's fetch log.

    The archive holds every exchange, discovery pages (e-paper layouts, lists, feeds) and
    robots.txt included; only articles go to the transform. None when the run has no fetch
    log (a WARC written by another tool): then every response is offered to the transform.
    """
    run_id = warc.name.removesuffix(".gz").removesuffix(".warc")
    log_file = fetch_log_path(warc.parent.parent.parent, warc.parent.name, run_id)
    if not log_file.is_file():
        return None
    rows = read_fetch_log(log_file).to_pylist()
    return {u for r in rows if r["kind"] == "article" for u in (r["url"], r["final_url"]) if u}


class WarcArchive:
    """One WARC file and one fetch-log file for one source and run."""

    def __init__(self, data_dir: str | Path, source: str, run_id: str, *, software: str = "regional-news-etl",
                 operator: str = "") -> None:
        self.source, self.run_id = source, run_id
        self.path = warc_path(data_dir, source, run_id)
        self.log_path = fetch_log_path(data_dir, source, run_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(f".{self.path.name}.part")
        self._fh = open(self._tmp, "wb")  # noqa: SIM115 - closed in close()
        fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # ours until close or death
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self.rows: list[FetchLogRow] = []  # not yet written; flushed every LOG_BATCH rows
        self.logged = 0
        self._log_tmp = self.log_path.with_name(f".{self.log_path.name}.tmp")
        self._log_writer: pq.ParquetWriter | None = None
        self.records = 0
        info = {"software": software, "format": "WARC File Format 1.1", "operator": operator,
                "source": source, "run-id": run_id, "robots": "obey unless the source opts out"}
        self._writer.write_record(self._writer.create_warcinfo_record(self.path.name, info))
        self.closed = False

    def write_exchange(self, *, url: str, method: str, request_headers: Iterable[tuple[str, str]], status: int,
                       reason: str, response_headers: Iterable[tuple[str, str]], body: bytes,
                       http_version: str = "HTTP/1.1", truncated: str | None = None, ip: str | None = None,
                       page_date: date | None = None, kind: str | None = None) -> None:
        """Write a response record and its request record (linked by WARC-Concurrent-To); both
        are on disk (flushed and fsynced) when this returns, before the caller records the URL
        as fetched."""
        extra = {SOURCE_FIELD: self.source}
        if kind:
            extra[KIND_FIELD] = kind
        if truncated:
            extra["WARC-Truncated"] = truncated
        if ip:
            extra["WARC-IP-Address"] = ip
        if page_date:
            extra[PAGE_DATE_FIELD] = page_date.isoformat()
        resp = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=_http_headers(status, reason, response_headers, len(body)), warc_headers_dict=extra)
        target = url.split("#")[0]
        path = target.split("://", 1)[-1]
        path = "/" + path.split("/", 1)[1] if "/" in path else "/"
        req_headers = StatusAndHeaders(f"{method} {path} {http_version}", list(request_headers),
                                       is_http_request=True)
        req = self._writer.create_warc_record(url, "request", http_headers=req_headers,
                                              warc_headers_dict={SOURCE_FIELD: self.source})
        self._writer.write_request_response_pair(req, resp)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.records += 1

    def log(self, row: FetchLogRow) -> None:
        self.rows.append(row)
        self.logged += 1
        if len(self.rows) >= LOG_BATCH:
            self._flush_log()

    def _flush_log(self) -> None:
        """Write pending rows as one row group, so a long run's log does not sit in memory."""
        if self._log_writer is None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log_writer = pq.ParquetWriter(self._log_tmp, FETCH_LOG_SCHEMA)
        if self.rows:
            self._log_writer.write_table(pa.Table.from_pylist([asdict(r) for r in self.rows],
                                                              schema=FETCH_LOG_SCHEMA))
            self.rows.clear()

    def close(self) -> Path:
        """Flush, fsync and rename the WARC; write the fetch log. Idempotent."""
        if self.closed:
            return self.path
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp, self.path)
        self._flush_log()
        assert self._log_writer is not None
        self._log_writer.close()
        os.replace(self._log_tmp, self.log_path)
        self.closed = True
        return self.path

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_fetch_log(root: str | Path) -> pa.Table:
    """All fetch-log rows under data/fetch_log (or one file)."""
    root = Path(root)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*.parquet") if not p.name.startswith("."))
    tables = [pq.read_table(f, schema=FETCH_LOG_SCHEMA) for f in files]
    return pa.concat_tables(tables) if tables else FETCH_LOG_SCHEMA.empty_table()


def _warc_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = [f for f in p.rglob("*") if f.is_file() and not f.name.startswith((".", "_"))
                     and (f.name.endswith((".warc", ".warc.gz")))]
            yield from sorted(found)
        else:
            yield p


def warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _read_bounded(stream, limit: int) -> bytes:
    """Read until EOF or `limit` bytes: warcio's read(n) may return less than n before EOF."""
    parts, total = [], 0
    while total < limit:
        chunk = stream.read(min(65536, limit - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def iter_archive_pages(paths: Iterable[str | Path], *, source: str | None = None,
                       max_bytes: int = MAX_INPUT_BYTES) -> Iterator[CrawledPage]:
    """Re-read WARC files (ours or other tools') as pages for the transform, no network.

    Yields 2xx `response` records (payload de-chunked and decompressed by warcio, read at most
    `max_bytes` + 1 so an oversized record is skipped, not loaded) and `resource` records.
    Skips truncated records, revisits, requests and metadata. The source name is the
    `source` argument, else our WARC-Newsetl-Source field, else the directory name.
    """
    for path in _warc_files(paths):
        yield from _file_pages(path, source, max_bytes)


class CorruptArchive(Exception):
    """A WARC file that cannot be read (past the records already yielded from it)."""


def _file_pages(path: Path, source: str | None, max_bytes: int) -> Iterator[CrawledPage]:
    records = 0
    with open(path, "rb") as fh:
        try:
            for rec in ArchiveIterator(fh):
                if not rec.format.startswith("warc"):
                    continue  # warcio reads unknown bytes as an ARC record: not ours, not WARC
                records += 1
                page = _record_page(rec, path, source, max_bytes)
                if page is not None:
                    yield page
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on bad bytes
            raise CorruptArchive(f"{path}: unreadable WARC after {records} record(s): "
                                 f"{type(exc).__name__}: {exc}") from exc
        if records == 0 and path.stat().st_size > 0:
            raise CorruptArchive(f"{path}: not a WARC file (no record in {path.stat().st_size} bytes)")


def _record_page(rec, path: Path, source: str | None, max_bytes: int) -> CrawledPage | None:
    """A complete 2xx response or a resource record as a page; None for anything else."""
    if rec.rec_type not in ("response", "resource"):
        return None
    h = rec.rec_headers
    if h.get_header("WARC-Truncated"):
        return None
    if rec.rec_type == "response":
        if rec.http_headers is None:
            return None
        code = rec.http_headers.get_statuscode()
        if not (code.isdigit() and 200 <= int(code) < 300):
            return None
        ctype = rec.http_headers.get_header("Content-Type")
    else:
        ctype = h.get_header("Content-Type")
    body = _read_bounded(rec.content_stream(), max_bytes + 1)
    if len(body) > max_bytes:
        log.warning("skipping %s in %s: payload over %d bytes", h.get_header("WARC-Target-URI"), path, max_bytes)
        return None
    page_date = h.get_header(PAGE_DATE_FIELD)
    raw = RawPage(content=body, url=h.get_header("WARC-Target-URI"),
                  source=source or h.get_header(SOURCE_FIELD) or path.parent.name,
                  read_at=warc_date(h.get_header("WARC-Date")), content_type=ctype)
    if page_date:
        raw = replace(raw, edition_date=date.fromisoformat(page_date), edition_source="url")
    return CrawledPage(raw)


def iter_archive(paths: Iterable[str | Path], *, source: str | None = None,
                 max_bytes: int = MAX_INPUT_BYTES) -> Iterator[RawPage]:
    """`iter_archive_pages` without the source's parse options: just the RawPages."""
    for page in iter_archive_pages(paths, source=source, max_bytes=max_bytes):
        yield page.raw
