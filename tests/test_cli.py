"""The `newsetl` command line, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import GOOD_TEXT, ROOT

from extract.local import LocalInput, read_input
from load.schema import FIELD_NAMES
from newsetl.cli import main as cli_main
from transform import parse_page


def newsetl(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsetl.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.fixture
def good_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD_TEXT, encoding="utf-8")
    b.write_text(GOOD_TEXT.replace("春季", "秋季"), encoding="utf-8")
    return a, b


def test_parse_prints_one_json_object_per_article(good_files):
    a, _ = good_files
    expected = parse_page(read_input(LocalInput(path=str(a))))
    proc = newsetl("parse", str(a))
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == len(expected) >= 1
    assert all(list(line) == list(FIELD_NAMES) for line in lines)
    assert [line["article_id"] for line in lines] == [r["article_id"] for r in expected]
    assert lines[0]["filed_date"] == expected[0]["filed_date"].isoformat()
    assert lines[0]["published_date"] is None and expected[0]["published_date"] is None  # undated page
    assert "date_missing" in lines[0]["flags"]
    assert "兰州新区" in proc.stdout  # ensure_ascii=False: Chinese as is, not \\u escapes


def test_parse_several_paths_tags_each_line_with_its_path(good_files):
    a, b = good_files
    proc = newsetl("parse", str(a), str(b))
    assert proc.returncode == 0, proc.stderr
    paths = [json.loads(line)["input_path"] for line in proc.stdout.splitlines()]
    assert set(paths) == {str(a), str(b)} and paths == sorted(paths, key=[str(a), str(b)].index)


def test_parse_missing_file_exits_2_with_one_line(tmp_path):
    proc = newsetl("parse", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "missing.txt" in proc.stderr


def test_parse_bad_inputs_still_prints_good_ones(good_files, tmp_path):
    a, _ = good_files
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = newsetl("parse", str(tmp_path), str(a), str(empty))
    assert proc.returncode == 2
    assert len(proc.stdout.splitlines()) >= 1 and all(json.loads(x)["input_path"] == str(a)
                                                      for x in proc.stdout.splitlines())
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2 and str(tmp_path) in errors[0] and "empty.txt" in errors[1]


def test_parse_does_not_import_prefect(good_files):
    a, _ = good_files
    code = (f"import sys; from newsetl.cli import main; rc = main(['parse', {str(a)!r}]); "
            "sys.exit(3 if 'prefect' in sys.modules else rc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_help_lists_commands():
    proc = newsetl("--help")
    assert proc.returncode == 0
    assert all(cmd in proc.stdout for cmd in ("run", "parse", "quarantine"))


def test_run_rejects_missing_input_and_bad_source_before_starting(tmp_path):
    proc = newsetl("run", "--input", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "nope" in proc.stderr
    proc = newsetl("run", "--input", str(tmp_path), "--out", str(tmp_path / "o"), "--source", "a/b")
    assert proc.returncode == 2 and "invalid source" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_quarantine_lists_entries(tmp_path):
    from load.quarantine import quarantine_entry, update_quarantine

    assert "empty" in newsetl("quarantine", "--out", str(tmp_path)).stdout
    update_quarantine(tmp_path / "quarantine", [quarantine_entry("x.txt", "s", "decode", ("E", "bad bytes"))], [])
    proc = newsetl("quarantine", "--out", str(tmp_path))
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].split("\t")[:4] == ["x.txt", "decode", "E", "bad bytes"]


def test_fail_on_quarantine_makes_a_run_with_quarantined_inputs_exit_non_zero(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    args = ["run", "--input", str(inputs), "--no-progress", "--workers", "0"]
    assert cli_main([*args, "--out", str(tmp_path / "a")]) == 0
    capsys.readouterr()
    assert cli_main([*args, "--out", str(tmp_path / "b"), "--fail-on-quarantine"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("newsetl run: 1 input(s) quarantined")
    (inputs / "empty.txt").unlink()
    assert cli_main([*args, "--out", str(tmp_path / "c"), "--fail-on-quarantine"]) == 0


def test_cli_prefect_state_is_kept_apart_from_a_server_database(tmp_path):
    """`make server` and the CLI share PREFECT_HOME; the CLI's runs go to their own database so
    they do not show in the server's UI. With PREFECT_API_URL set, runs go to that server."""
    from newsetl import settings

    local = {"PREFECT_HOME": str(tmp_path)}
    settings.apply_prefect_defaults(local)
    assert local["PREFECT_SERVER_DATABASE_CONNECTION_URL"] == f"sqlite+aiosqlite:///{tmp_path}/cli.db"
    served = {"PREFECT_HOME": str(tmp_path), "PREFECT_API_URL": "http://127.0.0.1:4200/api"}
    settings.apply_prefect_defaults(served)
    assert "PREFECT_SERVER_DATABASE_CONNECTION_URL" not in served
    chosen = {"PREFECT_API_DATABASE_CONNECTION_URL": "sqlite+aiosqlite:////elsewhere.db"}
    settings.apply_prefect_defaults(chosen)
    assert "PREFECT_SERVER_DATABASE_CONNECTION_URL" not in chosen  # the user's own choice stands


def test_the_early_local_server_only_starts_for_a_command_of_its_own(monkeypatch):
    """newsetl.local_api starts Prefect's ephemeral server itself only when nothing else set
    Prefect up: not with PREFECT_API_URL, not once Prefect is imported (this test process)."""
    import sys

    from newsetl import local_api

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert local_api.start_if_local() is None
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setitem(sys.modules, "prefect", sys.modules.get("prefect") or object())
    assert local_api.start_if_local() is None
    assert "PREFECT_API_URL" not in __import__("os").environ
