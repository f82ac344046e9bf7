"""Incremental fetch state in SQLite (default data/_state/fetch.sqlite).

What a scheduled run needs to fetch only what is new:

- `urls`: every URL fetched, with its validators (ETag, Last-Modified) for conditional GET,
  the status and content hash of the last full response, and whether it was an article;
  articles fetched once are not requested again unless a run asks to revalidate them.
- `links`: the links a discovery page (listing, e-paper page, feed, sitemap) yielded last
  time, so a 304 on that page still tells the crawler which articles and next pages it
  lists; without it a 304 would hide articles that a failed earlier run never fetched.
- `watermarks`: per source, the newest edition or publication date done, so an e-paper run
  with no date range starts the day after the last complete edition.
- `robots`: robots.txt answers per run scope (FetchConfig.robots_scope, the root flow run),
  so the units of one backfill ask each host once.
- `walks`: per listing start URL, whether the last walk through its pages finished. An
  incremental run stops at the first list page with nothing new only when the walk before it
  finished; after a crash mid-walk it walks on, or the unvisited older pages would be lost.

SQLite because it is one file under the data directory, needs no server, survives crashes
(WAL), and the fetcher's write rate (one row per response) is far below its limits. The
fetcher runs in one event loop, so a single connection is used without locking.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

DEFAULT_STATE_PATH = Path("_state") / "fetch.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    final_url TEXT,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    first_seen TEXT NOT NULL,
    last_fetched TEXT,
    fetched_ok INTEGER NOT NULL DEFAULT 0,
    failed_runs INTEGER NOT NULL DEFAULT 0,
    first_failed TEXT
);
CREATE INDEX IF NOT EXISTS urls_source ON urls(source);
CREATE TABLE IF NOT EXISTS links (
    page_url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    links TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS robots (
    url TEXT NOT NULL,
    scope TEXT NOT NULL,
    status INTEGER,
    body BLOB,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (url, scope)
);
CREATE TABLE IF NOT EXISTS walks (
    start_url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    finished INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watermarks (
    source TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


def _now() -> str:
    return datetime.now(UTC).isoformat()


class FetchState:
    """Open with `FetchState.open(data_dir)` (or a path ending in .sqlite); close when done."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(urls)")}
        for name, decl in (("failed_runs", "INTEGER NOT NULL DEFAULT 0"), ("first_failed", "TEXT")):
            if name not in columns:  # a state file from before these columns
                self._db.execute(f"ALTER TABLE urls ADD COLUMN {name} {decl}")

    @classmethod
    def open(cls, data_dir: str | Path = "data") -> FetchState:
        p = Path(data_dir)
        return cls(p if p.suffix == ".sqlite" else p / DEFAULT_STATE_PATH)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> FetchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- URLs -------------------------------------------------------------------------
    def validators(self, url: str) -> Validators:
        row = self._db.execute("SELECT etag, last_modified FROM urls WHERE url=?", (url,)).fetchone()
        return Validators(*row) if row else Validators()

    def fetched_ok(self, url: str) -> bool:
        """True when this URL once gave a full 2xx response that was archived."""
        row = self._db.execute("SELECT fetched_ok FROM urls WHERE url=?", (url,)).fetchone()
        return bool(row and row[0])

    def known_hash(self, sha256: str, source: str) -> bool:
        row = self._db.execute("SELECT 1 FROM urls WHERE sha256=? AND source=? AND fetched_ok=1 LIMIT 1",
                               (sha256, source)).fetchone()
        return row is not None

    def record(self, url: str, *, source: str, kind: str, status: int | None, final_url: str | None = None,
               etag: str | None = None, last_modified: str | None = None, sha256: str | None = None,
               refused: bool = False, permanent: bool = False) -> None:
        """Remember one response. A 304 keeps the stored hash; an error keeps the validators
        of the last good response, so the next run can still ask conditionally. A `refused`
        response (a 2xx whose body was over the cap) is not fetched; a `permanent` failure
        (404, 410, refused redirect) counts towards giving the URL up, a success resets it."""
        now = _now()
        ok = 1 if status is not None and 200 <= status < 300 and not refused else 0
        if refused:
            sha256 = etag = last_modified = None
        failed = 1 if permanent else 0
        self._db.execute(
            """INSERT INTO urls(url, source, kind, final_url, status, etag, last_modified, sha256,
                                first_seen, last_fetched, fetched_ok, failed_runs, first_failed)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,CASE WHEN ?=1 THEN ? END)
               ON CONFLICT(url) DO UPDATE SET
                 kind=excluded.kind, status=excluded.status, last_fetched=excluded.last_fetched,
                 final_url=COALESCE(excluded.final_url, urls.final_url),
                 etag=CASE WHEN excluded.fetched_ok=1 THEN excluded.etag ELSE urls.etag END,
                 last_modified=CASE WHEN excluded.fetched_ok=1 THEN excluded.last_modified
                                    ELSE urls.last_modified END,
                 sha256=COALESCE(excluded.sha256, urls.sha256),
                 fetched_ok=MAX(urls.fetched_ok, excluded.fetched_ok),
                 failed_runs=CASE WHEN excluded.fetched_ok=1 THEN 0
                                  ELSE urls.failed_runs + excluded.failed_runs END,
                 first_failed=CASE WHEN excluded.fetched_ok=1 OR excluded.failed_runs=0 AND urls.failed_runs=0
                                   THEN NULL ELSE COALESCE(urls.first_failed, excluded.first_failed) END""",
            (url, source, kind, final_url, status, etag, last_modified, sha256, now, now, ok, failed, failed, now),
        )

    def given_up(self, url: str, after: int, hours: float) -> bool:
        """True when `url` failed permanently in `after` runs or more, the first at least
        `hours` before the last: asking again will not help."""
        if after <= 0:
            return False
        row = self._db.execute("SELECT failed_runs, first_failed, last_fetched FROM urls WHERE url=?",
                               (url,)).fetchone()
        if not row or row[0] < after or not row[1] or not row[2]:
            return False
        span = datetime.fromisoformat(row[2]) - datetime.fromisoformat(row[1])
        return span.total_seconds() >= hours * 3600

    def given_up_urls(self, source: str, after: int, hours: float) -> list[tuple[str, int | None, int]]:
        """(url, last status, failed runs) of the source's URLs given up, for `newsetl sources`."""
        rows = self._db.execute("SELECT url, status, failed_runs, first_failed, last_fetched FROM urls "
                                "WHERE source=? AND failed_runs>=? AND fetched_ok=0 ORDER BY url",
                                (source, max(after, 1))).fetchall()
        return [(u, st, n) for u, st, n, first, last in rows
                if first and last and (datetime.fromisoformat(last) - datetime.fromisoformat(first)
                                       ).total_seconds() >= hours * 3600]

    def last_fetched_per_source(self) -> dict[str, str]:
        """source -> newest fetch time (ISO, UTC) of any of its URLs."""
        return dict(self._db.execute("SELECT source, MAX(last_fetched) FROM urls GROUP BY source").fetchall())

    def count(self, source: str | None = None) -> int:
        q, args = ("SELECT COUNT(*) FROM urls WHERE source=?", (source,)) if source else ("SELECT COUNT(*) FROM urls", ())
        return int(self._db.execute(q, args).fetchone()[0])

    # -- discovery links --------------------------------------------------------------
    def save_links(self, page_url: str, source: str, links: dict) -> None:
        self._db.execute(
            "INSERT INTO links(page_url, source, links, updated_at) VALUES (?,?,?,?) "
            "ON CONFLICT(page_url) DO UPDATE SET links=excluded.links, updated_at=excluded.updated_at",
            (page_url, source, json.dumps(links, ensure_ascii=False, default=str), _now()),
        )

    def cached_links(self, page_url: str) -> dict | None:
        row = self._db.execute("SELECT links FROM links WHERE page_url=?", (page_url,)).fetchone()
        return json.loads(row[0]) if row else None

    # -- watermarks -------------------------------------------------------------------
    def watermark(self, source: str) -> date | None:
        row = self._db.execute("SELECT value FROM watermarks WHERE source=?", (source,)).fetchone()
        return date.fromisoformat(row[0]) if row else None

    def set_watermark(self, source: str, value: date) -> None:
        """Only moves forward: a backfill of old dates does not rewind the scheduled run."""
        current = self.watermark(source)
        if current is not None and value <= current:
            return
        self._db.execute(
            "INSERT INTO watermarks(source, value, updated_at) VALUES (?,?,?) "
            "ON CONFLICT(source) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at",
            (source, value.isoformat(), _now()),
        )

    # -- listing walks ----------------------------------------------------------------
    def walk_finished(self, start_url: str) -> bool:
        """True when the last walk from `start_url` reached its end (not cut by a crash)."""
        row = self._db.execute("SELECT finished FROM walks WHERE start_url=?", (start_url,)).fetchone()
        return bool(row and row[0])

    def set_walk(self, start_url: str, source: str, finished: bool) -> None:
        self._db.execute(
            "INSERT INTO walks(start_url, source, finished, updated_at) VALUES (?,?,?,?) "
            "ON CONFLICT(start_url) DO UPDATE SET finished=excluded.finished, updated_at=excluded.updated_at",
            (start_url, source, int(finished), _now()))

    # -- robots.txt shared by the units of one run ------------------------------------------
    def robots_answer(self, url: str, scope: str) -> tuple[int | None, bytes | None] | None:
        row = self._db.execute("SELECT status, body FROM robots WHERE url=? AND scope=?", (url, scope)).fetchone()
        return (row[0], row[1]) if row else None

    def save_robots_answer(self, url: str, scope: str, status: int | None, body: bytes | None) -> None:
        self._db.execute("INSERT OR REPLACE INTO robots(url, scope, status, body, fetched_at) VALUES (?,?,?,?,?)",
                         (url, scope, status, body, _now()))
