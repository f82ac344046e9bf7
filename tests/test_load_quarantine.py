"""`newsetl quarantine` as a table, and quarantine rows from validation rejections."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

from load.quarantine import quarantine_entry, read_quarantine, update_quarantine
from load.schema import QUARANTINE_SCHEMA


def test_quarantine_table_lists_every_column(tmp_path):
    update_quarantine(tmp_path / "quarantine", [
        quarantine_entry("in/a.txt", "s", "decode", ("UnicodeError", "byte soup"), b"\xff\xfe"),
        quarantine_entry("in/b.txt", "s", "validate", ("ValidationError", "record x: body is empty"), b"{}"),
    ], [])
    proc = subprocess.run([sys.executable, "-m", "newsetl.cli", "quarantine", "--out", str(tmp_path),
                           "--format", "table"], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    header = next(line for line in proc.stdout.splitlines() if "input" in line and "stage" in line)
    assert all(col in header for col in ("input", "stage", "error", "message", "since"))
    assert "in/a.txt" in proc.stdout and "UnicodeError" in proc.stdout and "body is empty" in proc.stdout
    assert "2 quarantined input(s)" in proc.stderr
    rows = read_quarantine(tmp_path / "quarantine")
    assert set(rows[0]) == set(QUARANTINE_SCHEMA.names) and rows[0]["head"] == b"\xff\xfe"
