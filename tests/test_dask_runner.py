"""The backfill's transform batches on a local Dask cluster (prefect-dask, two worker processes)
give the same dataset, byte for byte, as Prefect's default thread pool."""

from __future__ import annotations

from datetime import date

import pytest
from prefect_server import dataset_files

pytestmark = pytest.mark.slow
RANGE = dict(start_date=date(2024, 4, 1), end_date=date(2024, 6, 30), sources=["samples"],
             mode="reprocess-from-archive", batch_size=2, max_parallel=2, refresh_cache=True)


def test_backfill_on_a_local_dask_cluster_equals_the_default_runner(prefect_harness, tmp_path, monkeypatch):
    import distributed

    from flows.backfill import backfill

    clusters: list[distributed.LocalCluster] = []

    class RecordedCluster(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.workers_started = len(self.worker_spec)  # the spec is emptied when the cluster closes
            clusters.append(self)

    monkeypatch.setattr(distributed, "LocalCluster", RecordedCluster)
    threads, dask = tmp_path / "threads", tmp_path / "dask"
    plain = backfill(**RANGE, out=str(threads), data_dir=str(threads))
    assert clusters == []  # no Dask unless asked for
    on_dask = backfill(**RANGE, out=str(dask), data_dir=str(dask), dask_address="local")

    assert len(clusters) == 1
    assert clusters[0].workers_started == 2
    prefix = clusters[0].scheduler.task_prefixes.get("transform_pages")
    assert prefix is not None and prefix.all_durations.get("compute", 0) > 0  # batches computed on the workers
    rows = on_dask["counts"]["per_source"][0]
    assert rows["new"] == 21 and rows["unchanged"] == 0  # parsed on the cluster, not served from cache

    assert plain["counts"]["per_source"] == on_dask["counts"]["per_source"]
    files_threads = {k: v[0] for k, v in dataset_files(threads / "articles").items()}
    files_dask = {k: v[0] for k, v in dataset_files(dask / "articles").items()}
    assert sorted(files_threads) == [f"source=samples/year=2024/month={m}/part-0.parquet" for m in (4, 5, 6)]
    assert files_dask == files_threads
