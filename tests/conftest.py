"""Shared fixtures. Prefect state goes to a throw-away PREFECT_HOME, set before anything
imports Prefect (it reads its settings once, at import), so tests never touch ~/.prefect or
the project's prefect-home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsetl-test-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ROOT / ".." / "shared" / "seeds"

GOOD_TEXT = """甘肃日报 2024年3月5日

兰州新区举办春季招聘会

本报记者 张三

3月4日,兰州新区在综合服务中心举办春季招聘会,共有120家企业参加,提供就业岗位3000余个。现场求职者络绎不绝,不少人当场与企业签订了意向协议。

新区人社局负责人介绍,今年将继续举办系列招聘活动,帮助企业解决用工需求。
"""


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API (SQLite in a temp dir) for all flow tests: ~10 s to start."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def news_etl(prefect_harness):
    from flows.news_etl import news_etl as flow

    return flow


def make_record(**overrides) -> dict:
    """A valid article record (as transform.finish.finish_records shapes them) for writer tests."""
    rec = {
        "article_id": "a" * 32,
        "source": "test",
        "url": None,
        "input_path": "in/a.txt",
        "input_key": "sha256:" + "0" * 64,
        "title": "标题",
        "subtitle": None,
        "kicker": None,
        "section": None,
        "published_date": date(2024, 5, 3),
        "published_at": None,
        "date_source": "text",
        "authors": ["张三"],
        "editors": [],
        "photographers": [],
        "origin": None,
        "clicks": None,
        "kind": "article",
        "body": "正文内容。",
        "body_original": "正文内容。",
        "script": "hans",
        "captions": [],
        "char_count": 5,
        "flags": [],
        "content_sha256": "c" * 64,
        "raw_sha256": "0" * 64,
        "read_at": datetime(2024, 5, 4, 12, 0, tzinfo=UTC),
        "pipeline_version": "test",
    }
    rec.update(overrides)
    return rec


# A helper process that has imported the load modules and forks one writer per request, so a
# test can SIGKILL many writers without paying an interpreter start (~3 s) for each.
_FORKER = textwrap.dedent(f"""
    import json, os, sys
    sys.path.insert(0, {str(ROOT)!r})
    import pyarrow.dataset  # imports pandas: 1.5 s a child should not pay
    import pyarrow.parquet as pq
    from load.storage import Store
    from load.writer import write_articles
    for line in sys.stdin:  # {{"table": path, "root": path or URL, "options": fsspec options}}
        job = json.loads(line)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            table = pq.read_table(job["table"])
            os.write(w, b"s")
            write_articles(table, Store(job["root"], job.get("options")))
            os._exit(0)
        os.close(w)
        os.read(r, 1)
        os.close(r)
        print(pid, flush=True)  # the writer has started
        print(os.waitpid(pid, 0)[1], flush=True)  # its exit status, once reaped
""")


class Forker:
    """Start writers in the helper; `start` returns once the writer runs, `wait` gives its status."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _FORKER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def start(self, table_path: str, root: str, options: dict | None = None) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"table": table_path, "root": root, "options": options}) + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def wait(self) -> int:
        assert self.proc.stdout is not None
        return int(self.proc.stdout.readline())

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(30)


@pytest.fixture(scope="session")
def forker():
    f = Forker()
    yield f
    f.close()


def corpus_missing(reason: str) -> None:
    """A shared corpus (../shared) is absent: skip on a developer's machine, fail under CI=true,
    where a gate that silently did not run would pass a change it should have stopped."""
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: the shared corpus must be there)")
    pytest.skip(reason)
