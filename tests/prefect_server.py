"""A real Prefect server for the deployment tests, and helpers shared by the orchestration tests.

`prefect_server` (module scope) starts `prefect server start` on a free 127.0.0.1 port with
its own PREFECT_HOME (SQLite inside it), waits for /api/health (about 13 s), and yields a
`PrefectServer` whose `run()` executes prefect CLI commands against it. Every process it
started is killed at teardown, by process group, even if a test fails.

Use from a test module: `from prefect_server import prefect_server  # noqa: F401`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HEALTH_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PrefectServer:
    url: str  # the API URL, http://127.0.0.1:<port>/api
    home: Path
    env: dict[str, str]
    procs: list[subprocess.Popen] = field(default_factory=list)

    def run(self, *args: str, timeout: float = 180, check: bool = True, **env: str) -> subprocess.CompletedProcess:
        """Run `prefect <args>` from the project root against this server."""
        proc = subprocess.run([str(BIN / "prefect"), *args], cwd=ROOT, env={**self.env, **env}, capture_output=True,
                              text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"prefect {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc

    def start(self, *args: str, log: Path, **env: str) -> subprocess.Popen:
        """Start `prefect <args>` in the background (own process group, killed at teardown)."""
        fh = open(log, "w")  # noqa: SIM115 - owned by the process
        proc = subprocess.Popen([str(BIN / "prefect"), *args], cwd=ROOT, env={**self.env, **env}, stdout=fh,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def server_env(home: Path, api_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="INFO",
               PREFECT_SERVER_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{home / 'prefect.db'}",
               PREFECT_UI_ENABLED="true", PYTHONUNBUFFERED="1")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = HEALTH_TIMEOUT) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise AssertionError(f"prefect server exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                if resp.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"prefect server not healthy after {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory) -> Iterator[PrefectServer]:
    home = tmp_path_factory.mktemp("prefect-server-home")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    server = PrefectServer(url=url, home=home, env=server_env(home, url))
    log = home / "server.log"
    try:
        proc = server.start("server", "start", "--host", "127.0.0.1", "--port", str(port), log=log,
                            PREFECT_API_URL="")
        server.startup_seconds = wait_healthy(url, proc, log)
        yield server
    finally:
        server.stop_all()


# -- helpers for tests that crawl the fixture site -----------------------------------------------
FETCH_TOML = """contact_url = "https://example.org/newsetl-tests"
allow_networks = ["127.0.0.1/32"]
retries = 1
backoff_base = 0.05
backoff_max = 0.2
connect_timeout = 2.0
read_timeout = 2.0
total_timeout = 5.0
"""


def fixture_registry(root: Path, origin: str, names: list[str]) -> Path:
    """A registry directory with the shipped `names` rebased onto the fixture server, unthrottled."""
    netloc = origin.split("://", 1)[1]
    for name in names:
        text = (ROOT / "sources" / f"{name}.toml").read_text(encoding="utf-8")
        for host in ("szb.gansudaily.com.cn", "www.lanzhou.gov.cn", "www.gzq.gov.cn"):
            text = text.replace(f"https://{host}", origin).replace(f'"{host}"', f'"{netloc}"')
        text = text.replace("enabled = false", "enabled = true")
        text = "\n".join("rate = 0" if line.startswith("rate =") else line for line in text.splitlines()) + "\n"
        (root / f"{name}.toml").write_text(text, encoding="utf-8")
    (root / "_fetch.toml").write_text(FETCH_TOML, encoding="utf-8")
    return root


def dataset_files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Relative path -> (bytes, mtime_ns) of every Parquet file: equal means nothing was rewritten."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*.parquet"))}
