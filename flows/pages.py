"""Where a run's pages come from: the raw WARC archive (its layout is extract.archive's), local
files, and the ledger of archives already loaded by the scheduled flow.

Why the scheduled flow reads its pages back from the archive instead of taking them from
the fetch task's return value: the fetcher records every URL it fetched in its state, so a
run that fetched pages and then failed would never fetch them again. Reading "every WARC
file not yet in the ledger" picks those pages up on the next run, and the ledger is only
updated after the load succeeded.

Pages carry the parse options of their registry entry (transform.options.ParseOptions): a WARC
re-read does not know them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from extract.archive import CorruptArchive, CrawledPage, archive_files, article_urls, iter_archive_pages
from extract.sources import Source
from transform.common.dates import day_in_url

# A page's URL or edition date may differ from its articles' publication dates by a day or
# two; pages are pre-selected with this margin and records are filtered exactly afterwards.
DATE_MARGIN = timedelta(days=3)
LEDGER_DIR = Path("_state") / "loaded"


@dataclass
class Collected:
    """Pages for one source (latest version of each URL) and why others were left out."""

    pages: list[CrawledPage] = field(default_factory=list)
    failures: list[tuple[str, str, str, bytes | None]] = field(default_factory=list)  # ref, class, message, head
    read: int = 0
    out_of_range: int = 0
    superseded: int = 0


def _known_date(page: CrawledPage) -> date | None:
    return page.raw.edition_date or day_in_url(page.raw.url)


def _near(day: date | None, window: tuple[date, date] | None) -> bool:
    if day is None or window is None:
        return True
    return window[0] - DATE_MARGIN <= day <= window[1] + DATE_MARGIN


def archive_pages(source: Source, files: Iterable[str | Path], window: tuple[date, date] | None = None) -> Collected:
    """Archived article responses of `source` in `files`; with a window, pages dated well outside
    it are skipped unparsed. A URL fetched more than once keeps its latest response."""
    got = Collected()
    by_url: dict[str, CrawledPage] = {}
    for warc in map(Path, files):
        articles = article_urls(warc)
        try:
            for page in iter_archive_pages([warc], source=source.name):
                if articles is None or page.raw.url in articles:
                    got.read += 1
                    _keep(page, source, window, got, by_url)
        except CorruptArchive as exc:  # the pages read before the damage are kept; the rest is quarantined
            got.failures.append((str(warc), "CorruptArchive", str(exc), None))
    got.pages = list(by_url.values())
    return got


def _keep(page: CrawledPage, source: Source, window: tuple[date, date] | None, got: Collected,
          by_url: dict[str, CrawledPage]) -> None:
    if not _near(_known_date(page), window):
        got.out_of_range += 1
        return
    page = replace(page, options=source.parse_options())
    key = page.raw.url or page.raw.input_key
    if key in by_url:
        got.superseded += 1
    by_url[key] = page  # files are read oldest first: the last one wins


def local_pages(source: Source) -> Collected:
    """A local-kind source's files (relative paths are relative to the working directory)."""
    from extract.local import ReadFailure, read_local

    got = Collected()
    for item in read_local(source.paths, source=source.name, default_edition=source.edition_date):
        got.read += 1
        if isinstance(item, ReadFailure):
            got.failures.append((item.input_ref, item.error_class, item.message, item.head))
        else:
            got.pages.append(CrawledPage(item, source.parse_options()))
    return got


# -- ledger: which WARC files the scheduled flow has loaded into which dataset ----------------
def _ledger_path(data_dir: str | Path, source: str) -> Path:
    return Path(data_dir) / LEDGER_DIR / f"{source}.json"


def read_ledger(data_dir: str | Path, source: str) -> dict[str, dict[str, str]]:
    """{dataset root: {WARC file name: loaded_at}}."""
    path = _ledger_path(data_dir, source)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def unloaded_archives(data_dir: str | Path, source: str, out: str) -> list[Path]:
    done = read_ledger(data_dir, source).get(out, {})
    return [p for p in archive_files(data_dir, source) if p.name not in done]


def mark_loaded(data_dir: str | Path, source: str, out: str, files: Iterable[Path]) -> None:
    """Record files as loaded into `out`; written atomically (temp file + rename)."""
    ledger = read_ledger(data_dir, source)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    ledger.setdefault(out, {}).update({Path(f).name: now for f in files})
    path = _ledger_path(data_dir, source)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(ledger, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
