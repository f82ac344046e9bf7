"""SIGKILL a writer at random moments: every partition must be its old or its new version.

Writers are forked by a small helper process (conftest.Forker) that has already imported the load modules (and
started no threads), so each of the many kills costs milliseconds, not an interpreter start.
The random delays come from a seeded generator (the seed is in the assertion messages), spread
over the moments a full write swaps its partitions, plus one kill before and one after.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
from conftest import make_record

from load.dataset import dataset
from load.validate import validate
from load.writer import recover, write_articles

PARTS, ROWS, TRIALS = 16, 24, 14
_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研"


def _body(rng: random.Random) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(200))


def _records(prefix: str, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for p in range(PARTS):
        source, month = f"s{p % 4}", 1 + p // 4
        for i in range(ROWS):
            body = _body(rng)
            key = f"{source}-{month}-{i}"
            # The update re-loads half of the inputs (new content, same input) and adds new ones.
            if prefix == "new" and i % 2:
                key = f"fresh-{key}"
            out.append(make_record(article_id=f"{prefix}-{key}", source=source, input_key=key, input_path=key,
                                   published_date=date(2024, month, 1) + timedelta(days=i % 28), body=body,
                                   body_original=body, content_sha256=f"{prefix}-{key}"))
    return out


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def _read_everywhere(root: Path) -> int:
    n_pandas = len(pd.read_parquet(root))
    n_arrow = dataset(root).count_rows()
    n_duck = duckdb.sql(f"SELECT count(*) FROM read_parquet('{root}/**/*.parquet', hive_partitioning=true, "
                        "union_by_name=true)").fetchall()[0][0]
    assert n_pandas == n_arrow == n_duck
    return n_pandas


def test_random_sigkills_leave_each_partition_old_or_new(tmp_path, forker):
    base = tmp_path / "base"
    write_articles(_records("old", 1), base / "articles")
    update, _ = validate(_records("new", 2))
    update_path = tmp_path / "update.parquet"
    pq.write_table(update, update_path)
    before = _snapshot(base / "articles")

    def run(data_dir: Path, kill_after: float | None) -> float:
        shutil.copytree(base, data_dir)
        pid = forker.start(str(update_path), str(data_dir / "articles"))
        t0 = time.time()
        if kill_after is not None:
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):  # already finished and reaped
                os.kill(pid, signal.SIGKILL)
        status = forker.wait()  # the forker has reaped the writer
        assert kill_after is not None or status == 0
        return t0

    t0 = run(tmp_path / "full", None)
    after = _snapshot(tmp_path / "full" / "articles")
    assert after != before and set(after) == set(before)
    # Partitions are swapped after validation and regrouping: aim the kills at the swaps, whose
    # times the full run's file mtimes give.
    swaps = sorted(p.stat().st_mtime - t0 for p in (tmp_path / "full" / "articles").rglob("*.parquet"))
    first, last = max(0.0, swaps[0] - 0.05), swaps[-1] + 0.05

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    delays = [0.0] + sorted(rng.uniform(first, last) for _ in range(TRIALS - 2)) + [last * 2]
    seen_old = seen_new = mixed = 0
    for n, delay in enumerate(delays):
        root = tmp_path / f"trial{n}" / "articles"
        run(root.parent, delay)
        now = _snapshot(root)
        assert set(now) <= set(before) | set(after), f"seed {seed}: stray files"
        old = sum(now.get(k) == before.get(k) for k in after)
        new = sum(now.get(k) == after.get(k) for k in after)
        assert old + new == len(after), f"seed {seed}, delay {delay:.3f}: a partition is neither old nor new"
        assert _read_everywhere(root) > 0
        seen_old, seen_new, mixed = seen_old + old, seen_new + new, mixed + bool(old and new)
        if n == len(delays) // 2:  # after a kill, a re-run converges on the complete write
            recover(root)
            write_articles(pq.read_table(update_path), root)
            assert _snapshot(root) == after, f"seed {seed}: re-run did not converge"
    assert seen_old and seen_new, f"seed {seed}: kills never landed on both sides of a swap"
    print(f"seed {seed}: swaps at {first:.2f}-{last:.2f}s, {mixed} of {len(delays)} kills left a mix of partitions")
