"""The fuzz run: every kind of bad input of tests/fuzz_inputs.py mixed with good pages, through a
real `newsetl run` in its own process. Every good article lands, every bad input is quarantined
or skipped with a one-line reason, no traceback reaches the user, the run stays within the sum
of its per-page budgets, and no process of the run grows past 1 GiB (docs/limits.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import fuzz_inputs
import pandas as pd
import pytest

from bench.proctree import sample_peak

ROOT = Path(__file__).resolve().parent.parent
PAGE_SECONDS = 1.0
MEMORY_BOUND_MB = 1024


@pytest.fixture(scope="module")
def fuzz_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    inputs = d / "in"
    inputs.mkdir()
    expected = fuzz_inputs.build(inputs, seed=20261204)
    for p in (ROOT / "samples").iterdir():
        shutil.copy(p, inputs / p.name)
        expected[p.name] = "ok"
    out = d / "out"
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "newsetl", "run", "--input", str(inputs), "--out", str(out),
                             "--no-progress", "--workers", "2", "--page-seconds", str(PAGE_SECONDS),
                             "--page-memory-mb", "600"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
    peak = [0.0, 0.0]  # whole tree, largest process (bench.proctree)
    sampler = threading.Thread(target=sample_peak, args=(proc, peak), daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate(timeout=600)
    sampler.join(5)
    elapsed = time.monotonic() - started
    proc = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    manifest = json.loads(next((out / "_runs").glob("*.json")).read_text(encoding="utf-8"))
    return {"proc": proc, "elapsed": elapsed, "peak_mb": peak[1], "tree_peak_mb": peak[0], "manifest": manifest, "expected": expected,
            "out": out}


def _quarantined(run: dict) -> dict[str, dict]:
    return {Path(q["input_ref"]).name: q for q in run["manifest"]["quarantined"]}


def test_the_run_ends_green_with_no_traceback(fuzz_run):
    proc = fuzz_run["proc"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stdout + proc.stderr


def test_every_bad_input_is_quarantined_or_skipped_with_a_reason(fuzz_run):
    got = _quarantined(fuzz_run)
    for name, expect in fuzz_run["expected"].items():
        if expect == "ok":
            continue
        assert name in got, (name, expect, sorted(got))
        row = got[name]
        assert row["message"] and "\n" not in row["message"], row
        if expect == "skip":
            assert row["stage"] == "read", row
    assert got["slow.txt"]["error_class"] == "OverTimeBudget"
    reasons = {"fanout.pdf": "form XObjects", "bomb.pdf": "drawing instructions", "locked.pdf": "password",
               "scan.pdf": "scanned", "huge.txt": "too large", "pipe.txt": "FIFO"}
    for name, words in reasons.items():
        assert words in got[name]["message"], got[name]


def test_every_good_article_lands(fuzz_run):
    got = _quarantined(fuzz_run)
    # (a name that is not UTF-8 is stored with its odd bytes as \\xNN: extract/local.py)
    good = [os.fsencode(n).decode("utf-8", "backslashreplace") for n, e in fuzz_run["expected"].items() if e == "ok"]
    assert not [n for n in good if n in got], [got[n] for n in good if n in got]
    table = pd.read_parquet(fuzz_run["out"] / "articles")
    landed = {Path(p).name for p in table["input_path"].dropna()}
    assert set(good) <= landed, set(good) - landed
    samples = table[table["input_path"].str.contains("epaper_|news_|web_", regex=True)]
    assert len(samples) == 24


def test_every_encoding_is_decoded_right(fuzz_run):
    table = pd.read_parquet(fuzz_run["out"] / "articles")
    for text in table["body"]:
        assert "\ufffd" not in text and "\x00" not in text
    for name in ("utf16.txt", "utf32.txt", "gbk.txt", "mixed.txt"):  # GOOD_TEXT's last sentence, whole
        bodies = table[table["input_path"].str.endswith(name)]["body"]
        assert any("新区人社局负责人介绍" in b and "解决用工需求" in b for b in bodies), (name, list(bodies))


def test_the_run_stays_within_its_budgets(fuzz_run):
    inputs = len(fuzz_run["expected"])
    # start-up (Prefect, two workers) plus at most every page's own budget
    assert fuzz_run["elapsed"] < 90 + inputs * PAGE_SECONDS, fuzz_run["elapsed"]
    assert 0 < fuzz_run["peak_mb"] < MEMORY_BOUND_MB, fuzz_run["peak_mb"]  # the largest single process
    assert 0 < fuzz_run["tree_peak_mb"] < MEMORY_BOUND_MB, fuzz_run["tree_peak_mb"]  # the whole tree
