"""The design card's layers hold: checked with import-linter (contracts in pyproject.toml).

newsetl -> flows -> extract | load -> transform; inside transform, the html, text and pdf
packages do not import each other and build on epaper, finish, enrich, options, common and
record in that order; newsetl.settings imports nothing of the project.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a dev dependency: run `make test` (uv sync) first"
    proc = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout or "BROKEN" not in proc.stdout


def test_flows_never_import_the_cli():
    for path in (ROOT / "flows").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "newsetl.cli" not in text, path.name


def test_python_dash_m_newsetl_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "newsetl", "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and "parse" in proc.stdout and "run" in proc.stdout
