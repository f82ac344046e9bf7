"""Backfill, reprocess and the scheduled (incremental) mode, in Prefect's test harness, against
the fixture site (Founder e-paper and Hanweb list served on 127.0.0.1) with a registry
rebased onto it: units, skip-if-done, retry of a failed unit alone, transform cache,
artifacts, and no request at all on a repeated backfill."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from fetch_server import serving
from prefect_server import dataset_files, fixture_registry

from extract.archive import archive_files, iter_archive_pages
from flows import units
from flows.backfill import backfill  # at collection: the source choice is built from the real registry
from flows.tasks import is_transient, page_fingerprint, stable_batches
from load.manifest import list_manifests, read_manifest
from transform import RawPage

MARCH = (date(2024, 3, 1), date(2024, 3, 31))
SOURCES = ["gansu_daily", "lanzhou_gov"]


# -- pure parts --------------------------------------------------------------------------------
def test_month_units_cut_the_range_at_month_ends():
    got = units.month_units(date(2024, 1, 20), date(2024, 3, 5), ["a", "b", "a"])
    assert [(u.source, u.start, u.end) for u in got] == [
        ("a", date(2024, 1, 20), date(2024, 1, 31)), ("a", date(2024, 2, 1), date(2024, 2, 29)),
        ("a", date(2024, 3, 1), date(2024, 3, 5)), ("b", date(2024, 1, 20), date(2024, 1, 31)),
        ("b", date(2024, 2, 1), date(2024, 2, 29)), ("b", date(2024, 3, 1), date(2024, 3, 5))]
    assert [u.name for u in units.month_units(date(2023, 12, 31), date(2024, 1, 1), ["s"])] == ["s-2023-12", "s-2024-01"]


def test_one_new_page_changes_few_batches():
    from extract.archive import CrawledPage

    pages = [CrawledPage(RawPage(content=f"page {i}".encode(), url=f"http://x/{i}", source="s")) for i in range(600)]
    before = {tuple(page_fingerprint(p) for p in b) for b in stable_batches(pages, 50)}
    after = {tuple(page_fingerprint(p) for p in b) for b in stable_batches([*pages, CrawledPage(RawPage(b"new"))], 50)}
    assert 6 <= len(before) <= 30  # about 600 / 50 batches, none over 2 x 50 pages
    assert max(len(b) for b in stable_batches(pages, 50)) <= 100
    assert len(after - before) <= 2  # fixed-size slices would change every batch after the insertion point


def test_only_transient_errors_are_retried():
    import sqlite3

    import httpx

    assert is_transient(ConnectionResetError()) and is_transient(TimeoutError())
    assert is_transient(httpx.ConnectError("refused")) and is_transient(sqlite3.OperationalError("database is locked"))
    assert not is_transient(FileNotFoundError("gone")) and not is_transient(PermissionError("no"))
    assert not is_transient(ValueError("bad registry")) and not is_transient(None)


# -- flows against the fixture site ------------------------------------------------------------
@pytest.fixture(scope="module")
def site():
    yield from serving()


@pytest.fixture(scope="module")
def registry(site, tmp_path_factory):
    root = fixture_registry(tmp_path_factory.mktemp("registry"), site.origin, SOURCES)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSETL_SOURCES_DIR", str(root))
        yield root


@pytest.fixture(scope="module")
def refetched(prefect_harness, registry, site, tmp_path_factory):
    """One refetch backfill of March 2024 into a fresh dataset, shared by the tests below."""
    root = tmp_path_factory.mktemp("bf")
    site.reset()
    summary = backfill(start_date=MARCH[0], end_date=MARCH[1], sources=SOURCES, mode="refetch", out=str(root),
                       data_dir=str(root), batch_size=2)
    return root, summary


def expected_ids(root, sources, window) -> set[str]:
    """What the transform alone makes of the archived article pages (by URL pattern), for the window."""
    ids = set()
    for source in sources:
        for page in iter_archive_pages(archive_files(root, source), source=source):
            if "/con/" not in page.raw.url and "/art/" not in page.raw.url:
                continue  # e-paper layouts and list pages are archived too
            for rec in page.parse():
                if window[0] <= rec["published_date"] <= window[1]:
                    ids.add(rec["article_id"])
    return ids


@pytest.mark.slow
def test_refetch_backfill_writes_the_months_of_each_source(refetched, site):
    root, summary = refetched
    assert summary["counts"]["units"] == 2 and summary["counts"]["units_run"] == 2
    assert summary["partitions"] == ["source=gansu_daily/year=2024/month=3", "source=lanzhou_gov/year=2024/month=3"]
    on_disk = sorted(str(p.relative_to(root / "articles")) for p in (root / "articles").glob("source=*/year=*/month=*"))
    assert on_disk == summary["partitions"]
    df = pd.read_parquet(root / "articles")
    assert set(df["article_id"]) == expected_ids(root, SOURCES, MARCH)
    assert pd.to_datetime(df["published_date"]).between("2024-03-01", "2024-03-31").all()
    rows = {r["source"]: r for r in summary["counts"]["per_source"]}
    assert rows["gansu_daily"]["pages fetched"] == 4 and rows["lanzhou_gov"]["pages fetched"] == 3
    assert rows["gansu_daily"]["articles written"] + rows["lanzhou_gov"]["articles written"] == len(df)
    for unit in units.month_units(*MARCH, SOURCES):
        assert units.is_done(str(root), unit, "refetch")


@pytest.mark.slow
def test_repeated_backfill_does_nothing_and_sends_no_request(refetched, site):
    root, _ = refetched
    before = dataset_files(root / "articles")
    site.reset()
    again = backfill(start_date=MARCH[0], end_date=MARCH[1], sources=SOURCES, mode="refetch", out=str(root),
                     data_dir=str(root))
    assert site.paths() == []
    assert again["counts"]["units_skipped"] == 2 and again["counts"]["units_run"] == 0 and again["partitions"] == []
    assert dataset_files(root / "articles") == before  # same bytes, same mtimes: nothing rewritten


@pytest.mark.slow
def test_reprocess_from_archive_hits_the_transform_cache_until_the_version_changes(refetched, site, monkeypatch):
    root, _ = refetched
    before = {k: v[0] for k, v in dataset_files(root / "articles").items()}
    site.reset()
    again = backfill(start_date=MARCH[0], end_date=MARCH[1], sources=SOURCES, mode="reprocess-from-archive",
                     out=str(root), data_dir=str(root), batch_size=2)
    assert site.paths() == []  # no network
    rows = again["counts"]["per_source"]
    assert sum(r["new"] for r in rows) == 0 and sum(r["unchanged"] for r in rows) == 7  # every batch from cache
    assert {k: v[0] for k, v in dataset_files(root / "articles").items()} == before  # identical bytes

    monkeypatch.setattr("flows.tasks.PIPELINE_VERSION", "cache-test-bump")
    bumped = backfill(start_date=MARCH[0], end_date=MARCH[1], sources=["lanzhou_gov"],
                      mode="reprocess-from-archive", out=str(root), data_dir=str(root), batch_size=2, force=True)
    assert bumped["counts"]["per_source"][0]["new"] == 3  # a new version misses the cache


@pytest.mark.slow
def test_a_failed_unit_is_retried_alone(refetched, monkeypatch):
    from flows import pages
    root, _ = refetched
    real = pages.archive_pages

    def broken_in_march(source, files, window=None):
        if window and window[0].month == 3:
            raise RuntimeError("disk on fire")
        return real(source, files, window)

    monkeypatch.setattr(pages, "archive_pages", broken_in_march)
    args = dict(start_date=date(2024, 2, 1), end_date=date(2024, 3, 31), sources=["lanzhou_gov"],
                mode="reprocess-from-archive", out=str(root), data_dir=str(root))
    with pytest.raises(RuntimeError, match=r"1 of 2 backfill unit\(s\) failed: lanzhou_gov-2024-03"):
        backfill(**args, force=True)
    feb, mar = units.month_units(args["start_date"], args["end_date"], ["lanzhou_gov"])
    assert units.is_done(str(root), feb, "reprocess-from-archive") and units.read_marker(str(root), mar) is None
    assert (root / "articles" / "source=lanzhou_gov" / "year=2024" / "month=3").is_dir()  # old data untouched
    failed_run = read_manifest(list_manifests(str(root))[-1])  # recorded before the run raised
    rows = {r["unit"]: r for r in failed_run["counts"]["per_unit"]}
    assert rows["lanzhou_gov-2024-03"]["status"] == "failed" and "disk on fire" in rows["lanzhou_gov-2024-03"]["error"]
    assert rows["lanzhou_gov-2024-02"]["status"] == "done" and rows["lanzhou_gov-2024-03"]["articles written"] is None

    monkeypatch.setattr(pages, "archive_pages", real)
    summary = backfill(**args)
    assert summary["counts"]["units_run"] == 1 and summary["skipped"] == ["lanzhou_gov-2024-02"]
    assert summary["partitions"] == ["source=lanzhou_gov/year=2024/month=3"]
    assert units.is_done(str(root), mar, "reprocess-from-archive")


@pytest.mark.slow
def test_incremental_flow_loads_new_pages_once(prefect_harness, registry, site, tmp_path):
    from prefect.client.orchestration import get_client

    from flows.incremental import news_incremental


    site.reset()
    first = news_incremental(sources=["lanzhou_gov"], out=str(tmp_path), data_dir=str(tmp_path),
                     batch_size=2)
    row = first["counts"]["per_source"][0]
    assert row["pages fetched"] == 3 and row["articles written"] > 0  # the list's first page: 3 articles
    stored = dataset_files(tmp_path / "articles")
    assert list(stored) == ["source=lanzhou_gov/year=2024/month=3/part-0.parquet"]

    second = news_incremental(sources=["lanzhou_gov"], out=str(tmp_path), data_dir=str(tmp_path))
    row = second["counts"]["per_source"][0]
    assert row["pages fetched"] == 0 and row["new"] == 0 and row["articles written"] == 0
    assert dataset_files(tmp_path / "articles") == stored

    with get_client(sync_client=True) as client:
        keys = {a.key for a in client.read_artifacts() if str(a.flow_run_id) == str(second["flow_run_id"])}
    assert {"news-etl-units", "news-etl-partitions"} <= keys


@pytest.mark.slow
def test_reprocess_without_an_archive_fails_and_marks_nothing_done(refetched, tmp_path):
    """A unit with nothing to read where pages were expected is not green and writes no marker."""
    root, _ = refetched
    empty = tmp_path / "no-archive"
    args = dict(start_date=date(2024, 2, 1), end_date=date(2024, 2, 29), sources=["lanzhou_gov"],
                mode="reprocess-from-archive", out=str(empty), data_dir=str(empty))
    with pytest.raises(RuntimeError, match=r"1 of 1 backfill unit\(s\) failed: lanzhou_gov-2024-02"):
        backfill(**args)
    (unit,) = units.month_units(args["start_date"], args["end_date"], ["lanzhou_gov"])
    assert units.read_marker(str(empty), unit) is None


@pytest.mark.slow
def test_refetch_of_a_source_that_does_not_answer_fails_and_marks_nothing_done(prefect_harness, tmp_path,
                                                                               monkeypatch):
    """Nothing listening on the source's port: the unit fails in one line, writes no marker, and
    the outage is in the run's report; it used to end green with "unchanged 3"."""
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    (tmp_path / "reg").mkdir()
    monkeypatch.setenv("NEWSETL_SOURCES_DIR", str(fixture_registry(tmp_path / "reg", dead, ["lanzhou_gov"])))
    out = tmp_path / "out"
    args = dict(start_date=date(2024, 3, 1), end_date=date(2024, 3, 31), sources=["lanzhou_gov"], mode="refetch",
                out=str(out), data_dir=str(out))
    with pytest.raises(RuntimeError, match=r"1 of 1 backfill unit\(s\) failed: lanzhou_gov-2024-03: "
                                           r"SourceUnreachable: source lanzhou_gov not reached"):
        backfill(**args)
    (unit,) = units.month_units(args["start_date"], args["end_date"], ["lanzhou_gov"])
    assert units.read_marker(str(out), unit) is None
    [row] = read_manifest(list_manifests(str(out))[-1])["counts"]["per_unit"]
    assert row["status"] == "failed" and "RobotsUnreachable" in row["error"], row
