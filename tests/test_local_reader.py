"""extract.local: discovery order, filtering, read_at, and failures reported instead of raised."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from extract.local import LocalInput, ReadFailure, discover, read_input, read_local
from transform import RawPage
from transform.pipeline import MAX_INPUT_BYTES


def _tree(tmp_path):
    root = tmp_path / "in"
    for rel in ["b.txt", "a.html", "sub/c.htm", "sub/d.PDF", "notes.md", ".hidden/e.txt", "_skip/f.txt",
                "sub/.g.txt"]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(rel, encoding="utf-8")
    return root


def test_discover_sorted_filtered_and_paths_as_given(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    inputs, failures = discover(["in"], source="s1")
    assert [i.path for i in inputs] == ["in/a.html", "in/b.txt", "in/sub/c.htm", "in/sub/d.PDF"]
    assert {i.source for i in inputs} == {"s1"} and failures == []


def test_explicit_file_any_suffix_missing_path_and_duplicates(tmp_path):
    root = _tree(tmp_path)
    given = [str(root / "notes.md"), str(root / "nope.txt"), str(root), str(root / "b.txt")]
    inputs, failures = discover(given)
    paths = [i.path for i in inputs]
    assert paths[0] == str(root / "notes.md")  # named explicitly, so read despite the suffix
    assert paths.count(str(root / "b.txt")) == 1  # reached twice, listed once
    assert [(f.input_ref, f.error_class, f.stage) for f in failures] == [
        (str(root / "nope.txt"), "FileNotFoundError", "read")]


def test_read_input_page_fields(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes("新闻".encode())
    os.utime(f, (1_700_000_000, 1_700_000_000))
    page = read_input(LocalInput(path=str(f), source="gs"))
    assert isinstance(page, RawPage)
    assert page.content == "新闻".encode() and page.input_path == str(f) and page.source == "gs"
    assert page.read_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert page.input_key == f"sha256:{page.raw_sha256}"


def test_unreadable_inputs_are_reported_not_raised(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.write(b"head")
        fh.truncate(MAX_INPUT_BYTES + 1)
    got = {name: read_input(LocalInput(path=str(tmp_path / name))) for name in ("dir.txt", "dangling.txt", "big.txt")}
    assert all(isinstance(g, ReadFailure) for g in got.values())
    assert got["dir.txt"].error_class == "IsADirectoryError"
    assert got["dangling.txt"].error_class == "FileNotFoundError"
    assert got["big.txt"].error_class == "InputTooLarge" and got["big.txt"].head.startswith(b"head")


def test_read_local_yields_failures_then_pages_in_order(tmp_path):
    root = _tree(tmp_path)
    out = list(read_local([str(tmp_path / "missing"), str(root / "sub")], source="s"))
    assert isinstance(out[0], ReadFailure)
    assert [p.input_path for p in out[1:]] == [f"{root}/sub/c.htm", f"{root}/sub/d.PDF"]
