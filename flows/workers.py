"""Parsing in worker processes: a page that crashes, stalls or swells costs that page only, and
every core parses. One mechanism for both (docs/limits.md).

Why processes and not threads: a parse is pure Python holding the GIL, so threads neither use
the second core nor can be stopped; a process can be killed and replaced. How:

- a pool of worker processes (up to one per core by default; the second and later start only
  when pages are still queued a second into a pass) lives as long as the run, each a fresh
  interpreter that imported the transform once (0.35 s of CPU), sharing no state (locks, Prefect's
  threads) with the flow's process;
- the parent hands one page at a time to an idle worker and waits on all the workers' pipes
  with a short tick; at every tick a busy worker past its page's deadline, or whose resident
  size passed the memory budget, is killed and replaced, and its page alone is quarantined
  with the reason;
- inside a worker the address space is limited (RLIMIT_AS) to its size after start-up plus the
  memory budget, so an allocation that would leap past the budget between two ticks fails in
  the worker with MemoryError and is reported the same way;
- a worker that dies (a C library's crash, a kill from outside) costs its page only;
- a worker checks its page's records (fields, required values, source: load.validate.check_records)
  and sends them back pickled; the batch's records become one Arrow table in the parent
  (load.validate.pages_to_table), which costs 0.04 ms a page where a table per page in the worker
  and its IPC round trip cost 0.4 (2026-12-04).

Outcomes are put back in input order, so a run's output does not depend on which worker
finished first. With 0 workers pages are parsed in the calling process, without budgets.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from extract.archive import CrawledPage
from load.validate import RecordError, check_records  # (not load.writer: workers stay small)
from newsetl import settings
from transform import TransformError

TICK_S = 0.05  # how often busy workers' clocks and sizes are checked
STOP_WAIT_S = 2.0
START_WAIT_S = 60.0  # a worker that cannot start in this time fails the run: nothing could be parsed
# A pass starts with the workers the pool has (at least one) and adds the others only when pages
# are still queued this long after the first page was handed out: a worker's start (about 0.35 s
# of CPU for its imports, measured 2026-12-04, then its first pages' warm-up) costs about what a
# small run's whole parse does (the seven samples: 0.3 s), and it is taken from whatever else
# starts beside it (newsetl run: the local Prefect server, whose start-up is the critical path).
GROW_AFTER_S = 1.0
READY = "ready"
EXIT_MEMORY, EXIT_ERROR = 86, 87  # a worker's own exit codes: out of memory, any other error
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Budget:
    """Worker count and what one page's parse may cost."""

    workers: int
    seconds: float
    memory_mb: int

    @classmethod
    def from_settings(cls, workers: int | None = None, seconds: float | None = None,
                      memory_mb: int | None = None) -> Budget:
        """Each value given, else its NEWSETL_* variable, else the default in newsetl.settings."""
        return cls(workers=settings.parse_workers() if workers is None else max(0, workers),
                   seconds=settings.page_seconds() if seconds is None else seconds,
                   memory_mb=settings.page_memory_mb() if memory_mb is None else memory_mb)


@dataclass
class Outcome:
    """One page's result: its records (checked by load.validate.check_records), or the stage
    and reason it failed."""

    index: int
    records: list[dict] | None = None
    stage: str = ""
    error_class: str = ""
    message: str = ""


def parse_one(index: int, page: CrawledPage) -> Outcome:
    """Parse one page and classify any failure by the stage it belongs to."""
    try:
        # places and investment_cny are the writer's to derive (load.mentions.Settler): not here.
        records = page.parse(derived=False)
        check_records(records)
        return Outcome(index, records=records)
    except TransformError as exc:
        return Outcome(index, stage=exc.stage, error_class=type(exc).__name__, message=exc.message)
    except RecordError as exc:  # the transform broke the record contract
        return Outcome(index, stage="validate", error_class=type(exc).__name__, message=str(exc))
    except MemoryError:
        return Outcome(index, stage="transform", error_class="OverMemoryBudget",
                       message="the parse ran out of its memory budget")
    except Exception as exc:  # a transform bug on one odd page must not stop the run
        return Outcome(index, stage="transform", error_class=type(exc).__name__, message=str(exc))


def _limit_address_space(memory_mb: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as fh:
            size = int(fh.read().split()[0]) * _PAGE_BYTES
    except (ImportError, OSError, ValueError):
        return  # no /proc (macOS) or no resource module: the parent's size checks remain
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size + memory_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve(read_fd: str, write_fd: str, memory_mb: str) -> None:
    """A worker's loop (run as `python -c`, see _Worker): receive (index, page), send back the
    outcome; None or a closed pipe stops it. Nothing is printed: a worker that cannot go on
    exits with a code the parent turns into the page's quarantine reason."""
    from load.arrow_env import configure_pipeline_process

    configure_pipeline_process()
    _limit_address_space(int(memory_mb))
    jobs, results = Connection(int(read_fd), writable=False), Connection(int(write_fd), readable=False)
    try:
        results.send(READY)  # a page's clock starts once the worker can take it
        while (job := jobs.recv()) is not None:
            results.send(parse_one(*job))
        os._exit(0)  # every result is sent: the interpreter's teardown (0.15 s) would only delay the run's end
    except (EOFError, OSError, KeyboardInterrupt):
        os._exit(0)  # the run is over or stopped
    except MemoryError:
        os._exit(EXIT_MEMORY)
    except BaseException:
        os._exit(EXIT_ERROR)


_WORKER_MAIN = "import sys; from flows.workers import serve; serve(*sys.argv[1:])"


class _Worker:
    """One worker process and its two pipes. A fresh interpreter (not a fork of a process that
    runs Prefect's threads, not multiprocessing, which would re-import the caller's script)."""

    def __init__(self, memory_mb: int):
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(settings.PROJECT_ROOT), env.get("PYTHONPATH")) if p)
        self.proc = subprocess.Popen([sys.executable, "-c", _WORKER_MAIN, str(job_r), str(res_w), str(memory_mb)],
                                     pass_fds=(job_r, res_w), stdin=subprocess.DEVNULL, env=env)
        os.close(job_r)
        os.close(res_w)
        self.jobs, self.results = Connection(job_w, readable=False), Connection(res_r, writable=False)
        self.job: int | None = None
        self.deadline = 0.0
        self.started = time.monotonic()
        self.ready = False

    def check_ready(self) -> None:
        """Take the worker's start-up message; raise when it died or hangs before it."""
        try:
            if self.results.poll() and self.results.recv() == READY:
                self.ready = True
                return
        except (EOFError, OSError):
            pass
        if self.proc.poll() is not None:
            raise RuntimeError(f"a parse worker could not start (exit code {self.proc.returncode}); "
                               f"run `{sys.executable} -c 'import flows.workers'` to see why")
        if time.monotonic() - self.started > START_WAIT_S:
            raise RuntimeError(f"a parse worker did not start within {START_WAIT_S:g} s")

    def give(self, index: int, page: CrawledPage, seconds: float) -> None:
        self.job, self.deadline = index, time.monotonic() + seconds
        with contextlib.suppress(OSError):  # the worker is gone: collect() reports it
            self.jobs.send((index, page))

    def collect(self) -> Outcome | None:
        """The finished page's outcome, or None when the worker died."""
        try:
            out = self.results.recv()
        except (EOFError, OSError):
            return None
        self.job = None
        return out

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.proc.pid}/statm") as fh:
                return int(fh.read().split()[1]) * _PAGE_BYTES / 2**20
        except (OSError, ValueError, IndexError):
            return 0.0

    def exit_code(self) -> int | None:
        """The exit code of a worker whose pipe closed (it may take a moment to be reaped)."""
        try:
            return self.proc.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self._close()

    def ask_to_stop(self) -> None:
        with contextlib.suppress(OSError):
            self.jobs.send(None)

    def stop(self) -> None:
        self.ask_to_stop()
        try:
            self.proc.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._close()

    def _close(self) -> None:
        self.jobs.close()
        self.results.close()


class WorkerPool:
    """Worker processes kept for the life of a run (or of the process: shared_pool), so a
    batch does not pay an interpreter's start-up (about 0.3 s) per worker. One batch at a time: the
    pool already uses every core, and the backfill's unit threads take turns."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start one worker now, without waiting for it: a command that has to wait anyway
        (newsetl run, for its local API server) lets it import the transform meanwhile instead
        of after. The others start when a pass has work for them (GROW_AFTER_S). Measured on
        the seven samples (`newsetl run`, 2-core machine, three runs each): 5.3-6.5 s with one
        worker started early, 6.1-7.2 s with two."""
        with self._lock:
            if not self._workers and self.budget.workers:
                self._workers.append(_Worker(self.budget.memory_mb))

    def parse(self, pages: Sequence[CrawledPage]) -> list[Outcome]:
        """Outcomes of all pages, in input order (see the module docstring)."""
        if self.budget.workers == 0 or not pages:
            return [parse_one(i, page) for i, page in enumerate(pages)]
        with self._lock:
            return sorted(self._run(pages), key=lambda o: o.index)

    def _run(self, pages: Sequence[CrawledPage]) -> Iterator[Outcome]:
        budget = self.budget
        if not self._workers:
            self._workers.append(_Worker(budget.memory_mb))
        workers = self._workers
        queue = deque(range(len(pages)))
        grow_at: float | None = None  # GROW_AFTER_S after the first page was handed out
        while queue or any(w.job is not None for w in workers):
            if grow_at is not None and queue and len(workers) < budget.workers and time.monotonic() >= grow_at:
                workers.append(_Worker(budget.memory_mb))  # one at a time, a tick apart at least
            for w in workers:
                if w.job is None and queue and w.ready:
                    i = queue.popleft()
                    w.give(i, pages[i], budget.seconds)
                    if grow_at is None:
                        grow_at = time.monotonic() + GROW_AFTER_S
            watched = [w.results for w in workers if w.job is not None or not w.ready]
            ready = set(wait(watched, timeout=TICK_S))
            for k, w in enumerate(workers):
                if not w.ready:
                    w.check_ready()
                    continue
                out = _settle(w, w.results in ready, budget)
                if out is None:
                    continue
                if w.job is not None:  # killed or died: a fresh worker takes its place
                    w.kill()
                    workers[k] = _Worker(budget.memory_mb)
                yield out

    def close(self) -> None:
        with self._lock:
            for w in self._workers:  # all at once, then wait: each ends in milliseconds
                w.ask_to_stop()
            for w in self._workers:
                w.stop()
            self._workers = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_POOLS: dict[Budget, WorkerPool] = {}
_POOLS_GUARD = threading.Lock()


def shared_pool(budget: Budget | None = None) -> WorkerPool:
    """This process's pool for a budget (the settings' when None), started on first use and
    stopped at exit."""
    budget = budget or Budget.from_settings()
    with _POOLS_GUARD:
        if budget not in _POOLS:
            _POOLS[budget] = WorkerPool(budget)
        return _POOLS[budget]


@atexit.register
def _close_pools() -> None:
    for pool in list(_POOLS.values()):
        pool.close()


def _settle(w: _Worker, ready: bool, budget: Budget) -> Outcome | None:
    """A busy worker's outcome when it has one: its result, or why it was stopped."""
    if w.job is None:
        return None
    if ready:
        out = w.collect()
        if out is not None:
            return out
        if w.exit_code() == EXIT_MEMORY:
            return Outcome(w.job, stage="transform", error_class="OverMemoryBudget",
                           message=f"the page did not fit the parse worker's {budget.memory_mb} MiB "
                                   "(NEWSETL_PAGE_MEMORY_MB); the worker was replaced")
        return Outcome(w.job, stage="transform", error_class="WorkerDied",
                       message=f"the parse worker died (exit code {w.exit_code()}); the page alone was dropped")
    if time.monotonic() > w.deadline:
        return Outcome(w.job, stage="transform", error_class="OverTimeBudget",
                       message=f"the parse took over {budget.seconds:g} s (NEWSETL_PAGE_SECONDS); the worker was stopped")
    if w.rss_mb() > budget.memory_mb:
        return Outcome(w.job, stage="transform", error_class="OverMemoryBudget",
                       message=f"the parse grew past {budget.memory_mb} MiB (NEWSETL_PAGE_MEMORY_MB); "
                               "the worker was stopped")
    return None
