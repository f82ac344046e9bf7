"""`newsetl crawl` and `newsetl sources` against the fixture site on 127.0.0.1: the same child
flow as the deployments, one row per unit at the end, one-line errors before Prefect starts."""

from __future__ import annotations

import pandas as pd
import pytest
from fetch_server import serving
from prefect_server import fixture_registry

from newsetl import cli

SOURCES = ["gansu_daily", "lanzhou_gov"]


@pytest.fixture(scope="module")
def site():
    yield from serving()


@pytest.fixture
def registry(site, tmp_path, monkeypatch):
    root = tmp_path / "registry"
    root.mkdir()
    fixture_registry(root, site.origin, SOURCES)
    monkeypatch.setenv("NEWSETL_SOURCES_DIR", str(root))
    return root


@pytest.mark.slow
def test_crawl_a_range_then_new_pages_only(prefect_harness, registry, site, tmp_path, capsys):
    out = tmp_path / "data"
    site.reset()
    assert cli.main(["crawl", "lanzhou_gov", "--from", "2024-03-01", "--to", "2024-03-31", "--out", str(out),
                     "--no-progress"]) == 0
    printed = capsys.readouterr().out.splitlines()
    header = printed[0].split("\t")
    [unit] = [dict(zip(header, line.split("\t"), strict=True)) for line in printed[1:] if "\t" in line]
    assert unit["unit"] == "lanzhou_gov-2024-03" and unit["status"] == "done" and int(unit["pages fetched"]) > 0
    df = pd.read_parquet(out / "articles")
    assert len(df) > 0 and set(df["source"]) == {"lanzhou_gov"}
    assert (out / "raw" / "lanzhou_gov").is_dir()  # the archive sits beside the dataset by default

    site.reset()
    assert cli.main(["crawl", "lanzhou_gov", "--out", str(out)]) == 0  # incremental, with the progress lines
    assert not [p for p in site.paths() if "/art/" in p]  # no article asked again
    assert len(pd.read_parquet(out / "articles")) == len(df)

    capsys.readouterr()
    assert cli.main(["sources", "--out", str(out), "--format", "tsv"]) == 0
    rows = {line.split("\t")[0]: line.split("\t") for line in capsys.readouterr().out.splitlines()[2:]}
    assert rows["lanzhou_gov"][5] != "never" and int(rows["lanzhou_gov"][6]) == len(df)
    assert rows["gansu_daily"][5] == "never"


def test_crawl_mistakes_are_one_line_before_prefect(registry, tmp_path, capsys, monkeypatch):
    def error(args: list[str]) -> str:
        assert cli.main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("newsetl crawl: "), err
        return err

    assert str(registry) in error(["crawl", "nosuch"])  # names the registry folder in use
    assert "before" in error(["crawl", "lanzhou_gov", "--from", "2024-03-05", "--to", "2024-03-01"])
    (registry / "_fetch.toml").write_text('allow_networks = ["127.0.0.1/32"]\n', encoding="utf-8")
    monkeypatch.delenv("NEWSETL_FETCH_CONTACT_URL", raising=False)
    assert "contact_url" in error(["crawl", "lanzhou_gov", "--out", str(tmp_path)])
    text = (registry / "lanzhou_gov.toml").read_text(encoding="utf-8").replace("enabled = true", "enabled = false")
    (registry / "lanzhou_gov.toml").write_text(text, encoding="utf-8")
    assert "disabled" in error(["crawl", "lanzhou_gov"])
