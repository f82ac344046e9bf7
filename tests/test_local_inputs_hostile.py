"""Only regular files are inputs: FIFOs, devices, links to them and symlink loops are reported
with a reason and never opened for reading; sizes are enforced while reading; odd file names
stay valid text. Every good file of the same folder is still read."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from conftest import GOOD_TEXT

from extract.local import ReadFailure, discover, read_input
from newsetl.cli import main as newsetl_main
from transform.pipeline import MAX_INPUT_BYTES


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    os.mkfifo(d / "fifo.txt")
    (d / "zero.txt").symlink_to("/dev/zero")
    (d / "loop_a.txt").symlink_to(d / "loop_b.txt")
    (d / "loop_b.txt").symlink_to(d / "loop_a.txt")
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to(d)  # a directory loop: not followed
    with open(d / "big.txt", "wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)  # sparse: large without using disk
    return d


@pytest.fixture(autouse=True)
def _no_hang():
    """A regression that opens the FIFO blocking would hang: fail it after 30 s instead."""
    def boom(*_):
        raise TimeoutError("reading an input blocked")
    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_each_bad_input_is_refused_with_its_reason_and_the_good_one_is_read(hostile):
    items, missing = discover([str(hostile)])
    assert not missing
    got = {Path(i.path).name: read_input(i) for i in items}
    assert set(got) == {"good.txt", "fifo.txt", "zero.txt", "loop_a.txt", "loop_b.txt", "big.txt"}
    assert not isinstance(got["good.txt"], ReadFailure) and got["good.txt"].content.decode() == GOOD_TEXT
    reasons = {name: (r.error_class, r.message) for name, r in got.items() if isinstance(r, ReadFailure)}
    assert reasons["fifo.txt"] == ("NotARegularFile", "a FIFO, not a regular file: not read")
    assert reasons["zero.txt"] == ("NotARegularFile", "a character device, not a regular file: not read")
    assert reasons["loop_a.txt"][0] == reasons["loop_b.txt"][0] == "OSError"
    assert "symbolic links" in reasons["loop_a.txt"][1].lower()
    assert reasons["big.txt"][0] == "InputTooLarge"


def test_a_loop_named_on_the_command_line_is_a_read_failure(hostile):
    items, missing = discover([str(hostile / "loop_a.txt")])
    assert not missing and len(items) == 1
    assert isinstance(read_input(items[0]), ReadFailure)


def test_a_file_name_outside_utf8_is_printed_as_valid_json(tmp_path, capsys):
    raw = os.fsencode(str(tmp_path)) + b"/gsrb_\xff\xfe.txt"
    with open(raw, "wb") as fh:
        fh.write(GOOD_TEXT.encode("utf-8"))
    path = os.fsdecode(raw)
    assert newsetl_main(["parse", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    rec = json.loads(lines[0])
    assert rec["input_path"].endswith("gsrb_\\xff\\xfe.txt")  # traceable: the bytes, written out
    rec["input_path"].encode("utf-8")  # and valid text
