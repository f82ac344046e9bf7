"""A partition rewritten a slice at a time (load.rows, load.spool): the same rows as a whole
rewrite, in file order, a row group per slice, and no sorted run read whole."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pyarrow.parquet as pq
import pytest
from conftest import make_record

from load import rows as row_io
from load import spool as spool_mod
from load.mentions import default_mentions_root
from load.spool import Spool
from load.storage import open_store
from load.writer import PART_FILE, read_articles, write_articles

BODIES = ["兰州新区签约项目{n}个，总投资{n}亿元，涉及新材料和装备制造。",
          "天水市召开会议，部署第{n}批重点项目建设，计划投资{n}千万元。",
          "武威市第{n}季度外贸进出口总额增长，企业{n}家参与。"]


def _records(n: int, start: int = 0, *, input_prefix: str = "in/p") -> list[dict]:
    out = []
    for i in range(start, start + n):
        body = BODIES[i % 3].format(n=i + 1)
        out.append(make_record(
            article_id=f"{i:032d}", content_sha256=f"{i:064d}", input_key=f"sha256:{i:064d}",
            input_path=f"{input_prefix}{i}.txt", body=body, body_original=body, char_count=len(body),
            published_date=date(2024, 5, 1 + i % 28),
            published_at=datetime(2024, 5, 1 + i % 28, i % 24, tzinfo=UTC) if i % 4 else None,
        ))
    return out


@pytest.fixture
def small_slices(monkeypatch):
    monkeypatch.setattr(row_io, "SLICE_ROWS", 4)
    monkeypatch.setattr(spool_mod, "PIECE_GROUP_ROWS", 4)
    return 4


def _file(root) -> pq.ParquetFile:
    return pq.ParquetFile(root / "source=test" / "year=2024" / "month=5" / PART_FILE)


def _key(rec: dict) -> tuple:
    at = rec["published_at"]
    return (rec["filed_date"], rec["published_date"], at is None, at, rec["article_id"])


def test_a_streamed_write_builds_the_file_a_slice_at_a_time_in_file_order(tmp_path, small_slices):
    recs = _records(30)
    chunks = [recs[:11], recs[11:19], recs[19:]]
    whole = write_articles(recs, tmp_path / "whole" / "articles")
    sliced = write_articles(iter(chunks), tmp_path / "sliced" / "articles")
    assert [p.rows for p in sliced.partitions] == [p.rows for p in whole.partitions] == [30]
    f = _file(tmp_path / "sliced" / "articles")
    assert f.metadata.num_row_groups == 8 and f.metadata.row_group(0).num_rows == small_slices
    got = f.read().to_pylist()
    assert [r["article_id"] for r in got] == [r["article_id"] for r in sorted(got, key=_key)]
    a = read_articles(tmp_path / "whole" / "articles").sort_by("article_id")
    b = read_articles(tmp_path / "sliced" / "articles").sort_by("article_id")
    assert a.equals(b)  # derived columns and reprint groups included
    ma = pq.read_table(default_mentions_root(tmp_path / "whole" / "articles"))
    mb = pq.read_table(default_mentions_root(tmp_path / "sliced" / "articles"))
    assert ma.num_rows > 30 and ma.equals(mb)


def test_a_rewrite_keeps_stored_rows_drops_replaced_ones_and_reads_no_sorted_run_whole(
        tmp_path, small_slices, monkeypatch):
    root = tmp_path / "articles"
    write_articles(_records(20), root)
    whole_reads = []
    original = row_io.Run.read_whole
    monkeypatch.setattr(row_io.Run, "read_whole", lambda self, cols: (whole_reads.append(self), original(self, cols)))
    # inputs 5..9 parsed again, one with a new body; inputs 20..24 new
    again = _records(5, 5)
    again[2]["body"] = again[2]["body_original"] = "临夏州新建项目投资三亿元。"
    again[2]["content_sha256"] = "f" * 64
    later = datetime(2024, 6, 1, tzinfo=UTC)
    for r in again:
        r["read_at"] = later
    result = write_articles(iter([again, _records(5, 20)]), root)
    assert whole_reads == []
    assert result.partitions[0].rows == 25 and result.partitions[0].added == 10
    assert result.rows_replaced == 5
    table = read_articles(root)
    assert table.num_rows == 25
    by_id = {r["article_id"]: r for r in table.to_pylist()}
    assert by_id[f"{7:032d}"]["body"] == "临夏州新建项目投资三亿元。"
    assert by_id[f"{7:032d}"]["investment_cny"] == 3e8
    assert by_id[f"{6:032d}"]["read_at"] == later
    mentions = pq.read_table(default_mentions_root(root)).to_pylist()
    assert {m["article_id"] for m in mentions} == set(by_id)  # every article's mentions, no orphans
    assert result.mentions_extracted == 6  # the changed body and the five new articles


def test_a_stored_file_out_of_file_order_is_read_whole_and_rewritten_in_order(tmp_path, small_slices):
    root = tmp_path / "articles"
    write_articles(_records(12), root)
    path = root / "source=test" / "year=2024" / "month=5" / PART_FILE
    stored = pq.read_table(path)
    pq.write_table(stored.take(list(reversed(range(stored.num_rows)))), path, row_group_size=3)  # older code
    write_articles(_records(3, 12), root)
    got = pq.read_table(path).to_pylist()
    assert len(got) == 15
    assert [r["article_id"] for r in got] == [r["article_id"] for r in sorted(got, key=_key)]


def test_a_spool_of_a_dead_run_is_recovered_and_a_live_one_kept(tmp_path):
    root = tmp_path / "articles"
    live = Spool.on_disk(root)
    live.add(_records(3))
    assert live.directory is not None and any(live.directory.glob("*.parquet"))
    dead = tmp_path / ".articles-work" / "spool" / "spool-dead"
    dead.mkdir(parents=True)
    (dead / "0-test-2024-5.parquet").write_bytes(b"left by a killed run")
    (dead / "owner").write_text("")
    removed = open_store(root).recover()
    assert str(dead) in removed and not dead.exists()
    assert live.directory.exists()
    result = write_articles(live, root)  # the caller's spool is written as it is
    assert result.partitions[0].rows == 3 and live.directory.exists()
    live.close()
    assert not (tmp_path / ".articles-work" / "spool").exists() or not any(
        (tmp_path / ".articles-work" / "spool").iterdir())


def test_spool_pieces_are_sorted_and_cut_into_slice_sized_row_groups(tmp_path, small_slices):
    spool = Spool.on_disk(tmp_path / "articles", now=datetime(2024, 7, 1, tzinfo=UTC))
    recs = _records(10)
    recs.reverse()
    spool.add(recs)
    [piece] = spool.parts[("test", 2024, 5)]
    f = pq.ParquetFile(piece)
    assert f.metadata.num_row_groups == 3
    got = f.read().to_pylist()
    assert [r["article_id"] for r in got] == [r["article_id"] for r in sorted(got, key=_key)]
    bad = make_record(article_id="b" * 32, published_date=date.today() + timedelta(days=400))
    spool.add([bad])
    assert spool.records_in == 11 and len(spool.rejected) == 1
    spool.close()


def test_spool_pieces_are_merged_by_levels_and_the_write_matches_a_whole_one(tmp_path, small_slices, monkeypatch):
    monkeypatch.setattr(spool_mod, "FAN_IN", 3)
    recs = _records(40)
    spool = Spool.on_disk(tmp_path / "spooled" / "articles")
    for i in range(0, 40, 4):  # ten chunks: ten pieces of one partition, merged 3 at a time
        spool.add(recs[i:i + 4])
        assert sorted(spool.levels.values()).count(0) < 3 and sorted(spool.levels.values()).count(1) < 3
    assert sorted(spool.levels.values()) == [0, 2]  # 9 pieces became one of level 2; the tenth waits
    assert len(list(spool.directory.glob("*.parquet"))) == 2
    for piece in spool.parts[("test", 2024, 5)]:
        got = pq.read_table(piece).to_pylist()
        assert [r["article_id"] for r in got] == [r["article_id"] for r in sorted(got, key=_key)]
    write_articles(spool, tmp_path / "spooled" / "articles")
    spool.close()
    write_articles(recs, tmp_path / "whole" / "articles")
    a = read_articles(tmp_path / "whole" / "articles")
    b = read_articles(tmp_path / "spooled" / "articles")
    assert b.num_rows == 40 and a.equals(b)


def test_a_pipeline_process_never_imports_pandas_yet_to_pandas_works():
    code = (
        "import sys\n"
        "from load.arrow_env import arrow_without_pandas\n"
        "assert arrow_without_pandas()\n"
        "import flows.news_etl, load.writer, pyarrow as pa\n"
        "pa.array(['a', 'b']); pa.table({'x': [1]})\n"
        "assert 'pandas' not in sys.modules, 'pandas imported'\n"
        "import pandas as pd\n"
        "assert isinstance(pa.table({'x': [1]}).to_pandas(), pd.DataFrame)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_spool_being_made_is_never_taken_for_a_dead_one(tmp_path):
    """Parallel backfill units share a work folder: one's `recover` must never delete the spool
    another is making (made, not yet locked: a FileNotFoundError on its owner file once)."""
    import threading

    store = open_store(tmp_path / "articles")
    stop, lost = threading.Event(), []

    def sweep() -> None:
        while not stop.is_set():
            lost.extend(store.recover())

    sweeper = threading.Thread(target=sweep)
    sweeper.start()
    try:
        for _ in range(400):
            path = store.scratch_dir()
            assert (path / "owner").exists()
            store.release_scratch(path)
    finally:
        stop.set()
        sweeper.join()
    assert lost == []
