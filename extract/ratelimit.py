"""Per-host politeness: a concurrency cap and a request rate per host, for the whole deployment.

`HostLimiter` holds them in one process (a token bucket and an asyncio condition per host);
`SharedHostLimiter` holds the same limits in a folder of small lock files, so every fetcher
that uses the same data folder shares them: the units of a backfill running in threads, a
Dask worker's process, a scheduled run that starts while a backfill runs. Measured before
(issue 15): each backfill unit had its own in-process limiter, and two months of one source
hit one host at 3.4-4.4 requests/s for a configured 2.0/s, two requests in flight for a limit
of one.

How the shared one works: a host's concurrency is N slot files, one held per request with
`flock` (released by the kernel when a process dies, so a crash never leaks a slot); its rate
is the start time of the host's last request in one more file, read and moved forward under
`flock`: a request may start at `last + 1/rate`, and reserving that moment before sleeping
spaces requests from every process exactly (a generic cell rate algorithm with no burst).

Why not Prefect's global concurrency limits: acquiring one costs 0.5-2 s against a busy server
(measured), more than the spacing we want between requests to one small county site, and the
local mode has no server to hold them. The lock files need only a folder every fetcher of
the deployment can reach, which the fetch state already requires (data_dir/_state).

A host's limits are the strictest of what any source fetching it asks for and what its
robots.txt Crawl-delay says (a crawl delay also means one request at a time).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up; rate <= 0 means unlimited."""

    rate: float
    burst: float = 1.0
    _tokens: float = field(init=False)
    _updated: float = field(init=False, default_factory=time.monotonic)
    _lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self._tokens = self.burst

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    async def acquire(self) -> float:
        """Wait for one token; returns the seconds waited. FIFO through the lock."""
        if self.rate <= 0:
            return 0.0
        waited = 0.0
        async with self._lock:
            self._refill(time.monotonic())
            if self._tokens < 1.0:
                delay = (1.0 - self._tokens) / self.rate
                await asyncio.sleep(delay)
                waited = delay
                self._refill(time.monotonic())
            self._tokens -= 1.0
        return waited

    def slow_down(self, rate: float) -> None:
        """Lower the rate (never raise it): robots.txt Crawl-delay arrives after start."""
        if rate > 0 and (self.rate <= 0 or rate < self.rate):
            self._refill(time.monotonic())
            self.rate = rate
            self.burst = 1.0
            self._tokens = min(self._tokens, 0.0)  # the next request waits a whole new interval


class HostGate:
    """A concurrency cap that can be lowered while requests run, plus the host's bucket."""

    def __init__(self, concurrency: int, bucket: TokenBucket) -> None:
        self.limit = concurrency
        self.active = 0
        self.bucket = bucket
        self._cond = asyncio.Condition()

    async def enter(self) -> None:
        async with self._cond:
            await self._cond.wait_for(lambda: self.active < self.limit)
            self.active += 1

    async def leave(self) -> None:
        async with self._cond:
            self.active -= 1
            self._cond.notify()


class HostLimiter:
    """One gate per host name; `async with limiter.slot(host):` around each request."""

    def __init__(self, default_rate: float = 1.0, default_concurrency: int = 2) -> None:
        self.default_rate = default_rate
        self.default_concurrency = max(1, default_concurrency)
        self._gates: dict[str, HostGate] = {}

    def configure(self, host: str, *, rate: float | None = None, concurrency: int | None = None) -> HostGate:
        """Create or tighten a host's gate; an existing gate only ever gets stricter."""
        rate = self.default_rate if rate is None else rate
        concurrency = max(1, concurrency or self.default_concurrency)
        gate = self._gates.get(host)
        if gate is None:
            gate = HostGate(concurrency, TokenBucket(rate, burst=max(1.0, float(concurrency))))
            self._gates[host] = gate
            return gate
        gate.bucket.slow_down(rate)
        gate.limit = min(gate.limit, concurrency)
        return gate

    def apply_crawl_delay(self, host: str, delay: float) -> None:
        if delay > 0:
            self.configure(host, rate=1.0 / delay, concurrency=1)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[float]:
        """Hold a concurrency permit and spend one token; yields the seconds spent waiting."""
        gate = self._gates.get(host) or self.configure(host)
        started = time.monotonic()
        await gate.enter()
        try:
            await gate.bucket.acquire()
            yield time.monotonic() - started
        finally:
            await gate.leave()


class SharedHostLimiter(HostLimiter):
    """HostLimiter whose limits hold across threads and processes using the same `folder`."""

    def __init__(self, folder: str | Path, default_rate: float = 1.0, default_concurrency: int = 2) -> None:
        super().__init__(default_rate, default_concurrency)
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _file(self, host: str, suffix: str) -> str:
        return str(self.folder / f"{re.sub(r'[^A-Za-z0-9.-]', '_', host)}.{suffix}")

    async def _hold_slot(self, host: str, limit: int) -> int:
        """An open, flocked slot file of `host` (one of `limit`); polls while all are held."""
        while True:
            for i in range(limit):
                fd = os.open(self._file(host, f"slot{i}"), os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except BlockingIOError:
                    os.close(fd)
            await asyncio.sleep(0.01)

    def _moved(self, host: str, move) -> float:
        """Under the host's lock, read its last start, write `move(last, now)`; returns the
        new value minus now."""
        fd = os.open(self._file(host, "last"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held for microseconds: a read and a write
            raw = os.pread(fd, 64, 0)
            try:
                last = float(raw) if raw else 0.0
            except ValueError:
                last = 0.0
            now = time.time()
            start = move(last, now)
            os.ftruncate(fd, 0)
            os.pwrite(fd, repr(start).encode(), 0)
            return start - now
        finally:
            os.close(fd)  # releases the lock

    def _reserve(self, host: str, interval: float) -> float:
        """Claim the host's next start (`last + interval`, or now); seconds to wait for it."""
        return self._moved(host, lambda last, now: max(now, last + interval))

    def _started(self, host: str) -> None:
        """The request really leaves now: a late wake-up (a busy event loop, the GIL) moves the
        host's last start with it, so the next request keeps its whole interval."""
        self._moved(host, max)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[float]:
        """Hold one of the host's shared slots and its next start; yields the seconds waited."""
        gate = self._gates.get(host) or self.configure(host)
        started = time.monotonic()
        fd = await self._hold_slot(host, gate.limit)
        try:
            rate = gate.bucket.rate
            wait = self._reserve(host, 1.0 / rate) if rate > 0 else 0.0
            if wait > 0:
                await asyncio.sleep(wait)
            if rate > 0:
                self._started(host)
            yield time.monotonic() - started
        finally:
            os.close(fd)
