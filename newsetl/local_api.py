"""Prefect's local ephemeral API server, started at the first line of a command instead of at
its first flow call.

Prefect's ephemeral mode starts a temporary API server (uvicorn in a subprocess) when a flow
first needs the API, and waits for it. That start cost 4.2-4.5 s of a 11.5 s `newsetl run` on
the seven samples (2-core machine), after 2.5 s of importing the flows, one after the other.
This module starts the same server, with the same command line and environment Prefect uses
(prefect.server.api.server.SubprocessASGIServer), before the command imports anything heavy,
points PREFECT_API_URL at it, and stops it when the command exits: the server boots on the
second core while the first imports the flows. Nothing else changes: the runs, their
database (prefect-home/cli.db, newsetl.settings.prefect_defaults) and the flows are the ones
ephemeral mode would give.

Not used when PREFECT_API_URL is set (runs go to that server), when Prefect was imported
before the command (a test harness or a notebook calling newsetl.cli.main: its settings
decide), or when NEWSETL_PREFECT_EAGER=0. Measured (2-core machine, `newsetl run` on the
seven samples, second run): 11.5 s before, 6.0-6.7 s with the early start, no flow-run
heartbeats (run_settings) and the preloads; 4.5-5.2 s (fresh clone) with CLI_SERVER_ENV and the
parse pool's late second worker (flows/workers.py).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

HEALTH_TIMEOUT_S = 90.0
# Modules a run imports on first use (measured: 0.3 s of a samples run, then another 0.1 s in
# the 59 modules still imported after the server answered: the flow engine pulls in graphviz),
# imported while the server boots on the other core instead.
PRELOAD = ("prefect.task_engine", "prefect.flow_engine", "prefect.utilities.visualization", "fastapi",
           "anyio._backends._asyncio", "pyarrow.dataset", "pyarrow.acero", "numpy.ma", "load.describe",
           "rich._emoji_codes")
# The server registers Prefect's block types in its database at every start, and to decide
# whether it must, imports every installed Prefect collection first (prefect-dask brings in
# dask.distributed): 0.55 s of a 0.8 s server start-up, measured, on the critical path of every
# command. The CLI's database (prefect-home/cli.db) is only ever written by these commands,
# which read no block from it (flows.secrets: a missing block means nothing to apply), so the
# registration is skipped there; `make server`'s database registers as usual.
# Of the services an ephemeral server runs, the same reasoning leaves out the event store (and
# with it the event vacuum, which scans the stored events at every start) and the automations
# (triggers and actions: the CLI's database has none). Flow runs, task runs (the task-run
# recorder), states, logs and artifacts are recorded as before. Measured on the samples run
# (2-core machine, three runs each): the flow's time after the server answered 1.2-1.4 s
# instead of 1.4-1.75 s.
CLI_SERVER_ENV = {"PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
                  "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
                  "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
                  "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false"}


class LocalApi:
    """One temporary API server for this process."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/api"
        env = {**CLI_SERVER_ENV, **os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1"}  # the environment's own settings win over CLI_SERVER_ENV
        env.pop("PREFECT_API_URL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL)
        atexit.register(self.stop)

    def wait(self, timeout: float = HEALTH_TIMEOUT_S) -> None:
        """Import what the run will need, then block until the server answers its health check;
        raise when it died or took too long."""
        import importlib

        for name in PRELOAD:
            importlib.import_module(name)

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the local Prefect API server exited with code {self.proc.returncode}")
            if self._healthy():
                return
            time.sleep(0.05)
        raise RuntimeError(f"the local Prefect API server did not answer within {timeout:.0f} s")

    def _healthy(self) -> bool:
        """One health check over plain HTTP. (Not httpx.get: each call builds a TLS context,
        about 30 ms of CPU, 0.8 s over the 25 checks of a samples run, taken from the server
        booting on the other core.)"""
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1.0)
        try:
            conn.request("GET", "/api/health")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    @contextlib.contextmanager
    def run_settings(self) -> Iterator[None]:
        """Settings for the runs of this command: no flow-run heartbeats. They serve a worker's
        zombie detection, which a run inside the command does not have, and ending one costs
        up to a second (the heartbeat thread sleeps in one-second steps and is joined)."""
        from prefect.settings import temporary_settings

        with temporary_settings(updates={"flows.heartbeat_frequency": None}):
            yield

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_if_local() -> LocalApi | None:
    """Start the server and point PREFECT_API_URL at it, unless a server is configured; call
    after newsetl.settings.apply_prefect_defaults and before importing Prefect's client."""
    if os.environ.get("PREFECT_API_URL") or os.environ.get("NEWSETL_PREFECT_EAGER", "1") == "0":
        return None
    if "prefect" in sys.modules:  # Prefect is already set up in this process (a test harness, a
        return None  # notebook): its own settings decide where runs go
    api = LocalApi()
    os.environ["PREFECT_API_URL"] = api.url
    return api


def run_settings(api: LocalApi | None) -> contextlib.AbstractContextManager[None]:
    """`api.run_settings()` for a command's own local server, else nothing changed."""
    return api.run_settings() if api is not None else contextlib.nullcontext()


def prepare(verbose: bool) -> LocalApi | None:
    """What every flow-running command does first: the local Prefect defaults, this module's
    early server, and Prefect's logs kept to warnings unless --verbose (task-by-task lines would
    scroll a progress bar away)."""
    from newsetl import settings

    settings.apply_prefect_defaults()
    api = start_if_local()
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    return api


@contextlib.contextmanager
def polling(every: float, tick) -> Iterator[None]:
    """Call `tick()` every `every` seconds in a daemon thread while the block runs (progress
    lines fed from counters the run updates), and once more at the end."""
    import threading

    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            tick()

    watcher = threading.Thread(target=loop, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join(timeout=2)
        tick()
