"""Mistakes a user makes on the command line end at once with one line, before Prefect starts."""

from __future__ import annotations

import time

import pytest

from newsetl.cli import main as newsetl_main


@pytest.mark.parametrize(("argv", "says"), [
    (["reprocess", "--from", "2024-05-01", "--to", "2024-04-01"], "--to 2024-04-01 is before --from 2024-05-01"),
    (["reprocess", "--from", "2024-05-01"], "give both --from and --to"),
    (["reprocess", "--source", "no_such_source"], "unknown source no_such_source (registry "),
    (["run", "--out", "s3://news/data"], "writes local folders only"),
    (["quarantine", "--out", "/no/such/folder"], "no such folder"),
])
def test_one_line_error_before_anything_starts(argv, says, capsys):
    started = time.monotonic()
    assert newsetl_main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0], err
    assert "Traceback" not in err[0]
    assert time.monotonic() - started < 10  # no Prefect server was started


def test_output_under_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert newsetl_main(["run", "--out", str(tmp_path / "f" / "data")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        newsetl_main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("newsetl ")
