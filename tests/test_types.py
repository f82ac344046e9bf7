"""The type checker runs on transform/ and load/ (configuration in pyproject.toml [tool.mypy])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_is_clean_on_transform_and_load():
    exe = shutil.which("mypy", path=str(Path(sys.executable).parent))
    assert exe, "mypy is a dev dependency: run `make test` (uv sync) first"
    proc = subprocess.run([exe, "--no-incremental", "transform", "load"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-1000:]
