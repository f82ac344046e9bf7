"""The dataset on S3: a moto server on 127.0.0.1 stands in for the object store.

Writes go through s3fs (one PUT per partition file); reads through pandas+s3fs,
pyarrow.dataset over the fsspec filesystem, and DuckDB with that filesystem registered (its
own httpfs extension cannot be downloaded offline).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import threading
import time
from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import make_record
from s3fs.utils import FileExpired

from load.dataset import dataset, duckdb_view, read_articles
from load.manifest import list_manifests, read_manifest, write_manifest
from load.quarantine import quarantine_entry, read_quarantine, update_quarantine
from load.storage import Store
from load.validate import validate
from load.writer import write_articles

pytestmark = pytest.mark.slow
BUCKET = "news"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    options = {"endpoint_url": f"http://127.0.0.1:{port}", "key": "testing", "secret": "testing"}
    store = Store(f"s3://{BUCKET}", options)
    store.fs.mkdir(BUCKET)
    yield options
    server.stop()


@pytest.fixture
def prefix(request) -> str:
    return f"s3://{BUCKET}/{request.node.name}"


def rec(aid: str, day: date, source: str = "gsrb", body: str = "正文内容。") -> dict:
    return make_record(article_id=aid, source=source, published_date=day, content_sha256=f"h-{aid}",
                       input_key=f"k-{aid}", input_path=f"in/{aid}", body=body, body_original=body)


def test_write_and_read_back_four_ways(s3, prefix):
    articles = Store(f"{prefix}/articles", s3)
    recs = [rec("a1", date(2024, 5, 3)), rec("a2", date(2024, 6, 1), "lzwb"), rec("a3", date(2024, 5, 9))]
    result = write_articles(recs, articles)
    assert sorted(p.path for p in result.partitions) == ["source=gsrb/year=2024/month=5",
                                                         "source=lzwb/year=2024/month=6"]
    keys = sorted(articles.fs.find(articles.root))
    assert keys == [f"{BUCKET}/test_write_and_read_back_four_ways/articles/{p}/part-0.parquet"
                    for p in ("source=gsrb/year=2024/month=5", "source=lzwb/year=2024/month=6")]
    assert articles.fs.exists(f"{BUCKET}/test_write_and_read_back_four_ways/_index/minhash.parquet")

    df = pd.read_parquet(f"{prefix}/articles", storage_options=s3)  # no directory objects to trip on
    assert sorted(df["article_id"]) == ["a1", "a2", "a3"]
    table = dataset(articles).to_table()
    assert sorted(zip(table["article_id"].to_pylist(), table["source"].to_pylist(), strict=True)) == [
        ("a1", "gsrb"), ("a2", "lzwb"), ("a3", "gsrb")]
    con = duckdb.connect()
    duckdb_view(con, articles)
    assert con.sql("SELECT source, count(*) FROM articles GROUP BY 1 ORDER BY 1").fetchall() == [
        ("gsrb", 2), ("lzwb", 1)]
    before = articles.get_bytes("source=gsrb/year=2024/month=5/part-0.parquet")
    write_articles(list(reversed(recs)), articles)  # idempotent on S3 too
    assert articles.get_bytes("source=gsrb/year=2024/month=5/part-0.parquet") == before
    assert sorted(read_articles(articles)["article_id"].to_pylist()) == ["a1", "a2", "a3"]


def test_quarantine_and_manifest_on_s3(s3, prefix):
    q = Store(f"{prefix}/quarantine", s3)
    update_quarantine(q, [quarantine_entry("x.txt", "s", "decode", ("E", "bad"), b"\xff" * 10)], ["x.txt"])
    assert [(r["input_ref"], r["head"]) for r in read_quarantine(q)] == [("x.txt", b"\xff" * 10)]
    path = write_manifest(prefix, {"run_id": "r1", "counts": {"read": 1}}, storage_options=s3)
    assert path == f"{prefix}/_runs/r1.json"
    assert list_manifests(prefix, s3) == [path]
    assert read_manifest(path, s3)["counts"] == {"read": 1}


def test_readers_never_see_a_partial_object(s3, prefix):
    """Rewrite a partition again and again while a reader polls it: always a whole old or new file."""
    articles = Store(f"{prefix}/articles", s3)
    versions = [[rec(f"v{v}-{i}", date(2024, 5, 1 + i % 28), body="长文" * 2000 + str(v)) for i in range(60)]
                for v in range(2)]
    write_articles(versions[0], articles, reprints_enabled=False)
    rel = "source=gsrb/year=2024/month=5/part-0.parquet"
    stop, seen, errors, expired = threading.Event(), set(), [], []

    def poll():
        reader = Store(f"{prefix}/articles", s3)
        while not stop.is_set():
            # One GET of the whole object: always one complete version.
            data = reader.fs.cat_file(reader.full(rel))
            ids = pq.read_table(pa.BufferReader(data), columns=["article_id"])
            seen.add(ids["article_id"][0].as_py().split("-")[0])
            # Ranged reads (footer, then columns) may straddle a replacement: s3fs then raises
            # FileExpired (ETag changed) rather than mixing bytes of two versions.
            try:
                with reader.fs.open(reader.full(rel), "rb") as fh:
                    pq.read_table(fh, columns=["article_id"])
            except FileExpired:
                expired.append(1)
            except Exception as exc:
                errors.append(exc)

    thread = threading.Thread(target=poll)
    thread.start()
    for n in range(6):
        # Same inputs, new ids: the partition flips between the two versions.
        batch = [{**r, "input_key": f"k-v0-{i}", "input_path": f"in/v0-{i}"} for i, r in enumerate(versions[n % 2])]
        write_articles(batch, articles, reprints_enabled=False)
    stop.set()
    thread.join()
    assert errors == [] and seen <= {"v0", "v1"} and seen
    print(f"{len(expired)} ranged reads met a replaced object (FileExpired)")


def test_killed_s3_writes_leave_whole_partitions(s3, prefix, forker, tmp_path):
    articles = Store(f"{prefix}/articles", s3)
    write_articles([rec(f"old{i}", date(2024, 1 + i % 6, 1)) for i in range(60)], articles)
    update, _ = validate([rec(f"new{i}", date(2024, 1 + i % 6, 2), body=f"新正文{i}") for i in range(60)])
    update_path = tmp_path / "update.parquet"
    pq.write_table(update, update_path)
    parts = [f"source=gsrb/year=2024/month={m}/part-0.parquet" for m in range(1, 7)]
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for delay in [0.0] + [rng.uniform(0.05, 1.0) for _ in range(4)]:
        pid = forker.start(str(update_path), articles.url, s3)
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        forker.wait()
        articles.refresh()
        for part in parts:  # each partition: 10 old rows, or 10 old + 10 new
            rows = pq.read_table(pa.BufferReader(articles.fs.cat_file(articles.full(part)))).num_rows
            assert rows in (10, 20), f"seed {seed}, delay {delay:.2f}: {part} has {rows} rows"
        assert len(pd.read_parquet(f"{prefix}/articles", storage_options=s3)) in range(60, 121)
    write_articles(update, articles)  # a complete run converges
    assert read_articles(articles).num_rows == 120
