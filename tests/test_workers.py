"""Parse worker processes (flows.workers): a page over its time or memory budget, or whose
worker dies, is quarantined alone with the reason, the rest of its batch lands, the output is
the same as parsing in one process, and `newsetl run` keeps every good article."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import GOOD_TEXT

from extract.archive import CrawledPage
from flows.workers import Budget, WorkerPool
from newsetl.cli import main as newsetl_main
from transform import RawPage

ROOT = Path(__file__).resolve().parent.parent


def _heavy_text(paragraphs: int) -> str:
    """A long, legitimate page: many numbered paragraphs of one article (about 120 bytes each)."""
    return "".join(f"第{i}段。兰州新区今天召开项目推进会，研究部署招商引资工作，推动重点项目落地见效。\n\n"
                   for i in range(paragraphs))


def _page(text: str, name: str) -> CrawledPage:
    return CrawledPage(RawPage(text.encode("utf-8"), input_path=name))


READ_AT = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def _samples() -> list[CrawledPage]:
    return [CrawledPage(RawPage(p.read_bytes(), input_path=str(p), read_at=READ_AT))
            for p in sorted((ROOT / "samples").iterdir())]


def test_workers_give_the_same_records_in_input_order_as_one_process():
    pages = _samples()
    with WorkerPool(Budget(workers=2, seconds=60, memory_mb=768)) as pool:
        isolated = pool.parse(pages)
    inline = WorkerPool(Budget(workers=0, seconds=60, memory_mb=768)).parse(pages)
    assert [o.index for o in isolated] == list(range(len(pages)))
    assert all(o.records is not None for o in isolated), [(o.error_class, o.message) for o in isolated]
    for a, b in zip(isolated, inline, strict=True):
        assert a.records is not None and b.records is not None
        assert a.records == b.records


def test_the_pool_adds_workers_only_when_pages_wait_for_them():
    """A small pass runs on the one worker the pool starts with (a second would cost 0.9 s of
    CPU for nothing); a pass whose pages are still queued after GROW_AFTER_S gets the rest."""
    with WorkerPool(Budget(workers=2, seconds=60, memory_mb=768)) as pool:
        small = pool.parse([_page(GOOD_TEXT, f"good-{i}.txt") for i in range(3)])
        after_small = len(pool._workers)
        big = pool.parse([_page(_heavy_text(30_000), f"long-{i}.txt") for i in range(6)])
        after_big = len(pool._workers)
    assert all(o.records is not None for o in small + big), [(o.error_class, o.message) for o in small + big]
    assert (after_small, after_big) == (1, 2)


def test_a_page_over_its_time_budget_is_stopped_and_the_batch_goes_on():
    pages = [_page(GOOD_TEXT, "good-1.txt"), _page(_heavy_text(40_000), "slow.txt"), _page(GOOD_TEXT, "good-2.txt")]
    started = time.monotonic()
    with WorkerPool(Budget(workers=1, seconds=0.5, memory_mb=768)) as pool:
        got = pool.parse(pages)
        # the replacement worker serves the next batch
        again = pool.parse([_page(GOOD_TEXT, "good-3.txt")])
    assert time.monotonic() - started < 15  # not the slow page's own ~2 s, plus two start-ups
    assert got[1].records is None and got[1].error_class == "OverTimeBudget" and got[1].stage == "transform"
    assert "0.5 s" in got[1].message
    assert got[0].records is not None and got[2].records is not None and len(got[0].records) == 1
    assert again[0].records is not None and len(again[0].records) == 1


def test_a_page_over_its_memory_budget_is_stopped_and_the_batch_goes_on():
    # A worker's resident size is about 80-100 MiB once started; this page (9.3 MB of text)
    # adds about 100 MiB more (2026-12-04, measured after the workers stopped extracting
    # mentions, when a 4.9 MB page sometimes fitted the 150 MiB this test had used).
    pages = [_page(_heavy_text(75_000), "huge.txt"), _page(GOOD_TEXT, "good.txt")]
    with WorkerPool(Budget(workers=1, seconds=120, memory_mb=130)) as pool:
        got = pool.parse(pages)
    assert got[0].records is None and got[0].error_class == "OverMemoryBudget", (got[0].error_class, got[0].message)
    assert "130 MiB" in got[0].message or "memory budget" in got[0].message
    assert got[1].records is not None and len(got[1].records) == 1


def test_a_worker_killed_from_outside_costs_its_page_only():
    pages = [_page(_heavy_text(20_000), "victim.txt"), _page(GOOD_TEXT, "good.txt")]
    pool = WorkerPool(Budget(workers=1, seconds=60, memory_mb=768))

    def kill_soon() -> None:
        for _ in range(200):
            time.sleep(0.05)
            busy = [w for w in pool._workers if w.job is not None]
            if busy:
                time.sleep(0.3)
                os.kill(busy[0].proc.pid, signal.SIGKILL)
                return

    killer = threading.Thread(target=kill_soon)
    killer.start()
    try:
        got = pool.parse(pages)
    finally:
        killer.join()
        pool.close()
    assert got[0].error_class == "WorkerDied" and "-9" in got[0].message
    assert got[1].records is not None


def test_newsetl_run_quarantines_the_slow_page_and_lands_every_good_article(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in (ROOT / "samples").iterdir():
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "slow.txt").write_text(_heavy_text(40_000), encoding="utf-8")
    out = tmp_path / "out"
    code = newsetl_main(["run", "--input", str(inputs), "--out", str(out), "--no-progress",
                         "--workers", "2", "--page-seconds", "0.8"])
    assert code == 0
    manifest = json.loads(next((out / "_runs").glob("*.json")).read_text())
    assert manifest["counts"]["parsed"] == 7 and manifest["counts"]["records"] == 24
    assert [(q["input_ref"].endswith("slow.txt"), q["error_class"]) for q in manifest["quarantined"]] == [
        (True, "OverTimeBudget")]
    import pandas as pd

    assert len(pd.read_parquet(out / "articles")) == 24


@pytest.mark.parametrize("argv", [["--workers", "-1"], ["--page-seconds", "0"], ["--page-memory-mb", "10"]])
def test_budget_options_out_of_range_are_a_usage_error(tmp_path, capsys, argv):
    assert newsetl_main(["run", "--out", str(tmp_path / "o"), *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--" in err


def test_batches_are_bounded_by_bytes_as_well_as_by_count(tmp_path):
    from extract.local import LocalInput
    from flows.news_etl import _batches
    from flows.tasks import stable_batches

    items = []
    for i, size in enumerate([10, 5_000, 10, 10, 6_000, 10]):
        path = tmp_path / f"f{i}.txt"
        path.write_bytes(b"x" * size)
        items.append(LocalInput(str(path)))
    got = [[Path(x.path).name for x in b] for b in _batches(items, 100, max_bytes=8_000)]
    assert got == [["f0.txt", "f1.txt", "f2.txt", "f3.txt"], ["f4.txt", "f5.txt"]]
    assert [len(b) for b in _batches(items, 4, max_bytes=10**9)] == [4, 2]

    pages = [CrawledPage(RawPage(bytes([i]) * (3_000 if i % 3 == 0 else 10))) for i in range(60)]
    batches = stable_batches(pages, 1000, max_bytes=5_000)
    assert sum(len(b) for b in batches) == 60
    assert all(sum(len(p.raw.content) for p in b[:-1]) < 5_000 for b in batches)


def test_a_run_spools_its_records_and_stores_the_same_dataset_whatever_its_batches(news_etl, tmp_path):
    """A run adds each batch's records to a spool on local disk and writes once at the end: small
    batches give the same rows and counts as one batch, and the spool is gone afterwards."""
    import pandas as pd

    once = news_etl(inputs=[str(ROOT / "samples")], out=str(tmp_path / "once"), batch_size=100)
    small = news_etl(inputs=[str(ROOT / "samples")], out=str(tmp_path / "small"), batch_size=2)
    cols = ["article_id", "title", "body", "published_date", "dup_group", "places"]
    a = pd.read_parquet(tmp_path / "once" / "articles")[cols].sort_values("article_id").reset_index(drop=True)
    b = pd.read_parquet(tmp_path / "small" / "articles")[cols].sort_values("article_id").reset_index(drop=True)
    assert len(a) == 24 and a.astype(str).equals(b.astype(str))
    for key in ("records", "rows_added", "duplicates_dropped", "rejected"):
        assert once["counts"][key] == small["counts"][key], key
    assert sorted(p["path"] for p in once["partitions"]) == sorted(p["path"] for p in small["partitions"])
    assert sum(p["added"] for p in small["partitions"]) == 24
    spools = tmp_path / "small" / ".articles-work" / "spool"
    assert not spools.exists() or not any(spools.iterdir())


def test_workers_leave_the_derived_columns_to_the_writer():
    """places and investment_cny are derived by the writer from the bodies it keeps; a worker's
    parse leaves them null, `newsetl parse` (transform.parse_page) still fills them."""
    from extract.archive import CrawledPage
    from flows.workers import parse_one
    from transform import RawPage, parse_page

    text = ("兰州新区签约一批产业项目\n\n本报讯 记者从兰州新区获悉，新区日前集中签约产业项目12个，"
            "总投资5亿元，涵盖新材料、精细化工等领域。项目建成后预计年产值可达20亿元。\n").encode()
    raw = RawPage(text, input_path="/in/page.txt")
    worked = parse_one(0, CrawledPage(raw)).records
    assert worked is not None and len(worked) == 1
    assert worked[0].get("places") is None and worked[0].get("investment_cny") is None
    (record,) = parse_page(raw)
    assert record["places"] and record["investment_cny"] == 5e8


def test_a_batch_is_one_table_and_a_page_whose_records_do_not_convert_is_refused_alone():
    """pages_to_table converts a batch's records at once; a page with a record of the wrong type
    is left out whole, with the reason records_to_table would give, and the others are kept."""
    from load.validate import pages_to_table
    from transform import RawPage, parse_page

    def records(name: str) -> list[dict]:
        return parse_page(RawPage(GOOD_TEXT.encode("utf-8"), input_path=f"/in/{name}.txt"), derived=False)

    bad = records("bad")
    bad[0]["clicks"] = "many"  # a count that is text: Arrow refuses it
    table, refused = pages_to_table([records("a"), bad, records("c")])
    assert list(refused) == [1] and refused[1].startswith("record 0: fields do not convert")
    assert table.num_rows == 2 and "_row" not in table.column_names
    assert sorted(table["input_path"].to_pylist()) == ["/in/a.txt", "/in/c.txt"]
