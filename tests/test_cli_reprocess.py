"""`newsetl reprocess` rebuilds the dataset from the raw archive with no network access:
after a refetch backfill, the site is gone and the command still writes the same rows."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from fetch_server import serving
from prefect_server import fixture_registry

from newsetl import cli

MARCH = (date(2024, 3, 1), date(2024, 3, 31))
SOURCES = ["gansu_daily", "lanzhou_gov"]


@pytest.mark.slow
def test_reprocess_command_rebuilds_from_the_archive_offline(prefect_harness, tmp_path, monkeypatch, capsys):
    from flows.backfill import backfill

    fetched = tmp_path / "fetched"
    server = serving()  # the site exists only for the first fetch
    site = next(server)
    try:
        monkeypatch.setenv("NEWSETL_SOURCES_DIR", str(fixture_registry(_mkdir(tmp_path / "registry"), site.origin, SOURCES)))
        backfill(start_date=MARCH[0], end_date=MARCH[1], sources=SOURCES, mode="refetch", out=str(fetched),
                 data_dir=str(fetched), batch_size=2)
    finally:
        server.close()
    before = pd.read_parquet(fetched / "articles")
    assert len(before) > 0

    rebuilt = tmp_path / "rebuilt"
    args = ["reprocess", "--out", str(rebuilt), "--data-dir", str(fetched), "--from", "2024-03-01", "--to", "2024-03-31"]
    for source in SOURCES:
        args += ["--source", source]
    assert cli.main(args) == 0  # with the progress bar: the children count their pages (flows.progress)
    from flows.progress import PAGES

    assert PAGES.expected == PAGES.done > 0
    after = pd.read_parquet(rebuilt / "articles")
    assert sorted(after["article_id"]) == sorted(before["article_id"])
    assert "partitions touched: 2" in capsys.readouterr().out

    assert cli.main(["reprocess", "--from", "2024-03-01"]) == 2  # half a range is refused


def _mkdir(path):
    path.mkdir(parents=True, exist_ok=True)
    return path
