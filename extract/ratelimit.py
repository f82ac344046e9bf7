"""Per-host politeness, in process: a concurrency cap and a token bucket per host.

Why not Prefect concurrency limits: acquiring one costs 0.5-2 s against a busy server
(measured), more than the spacing we want between requests to one small county site, and
the fetcher already runs in one event loop where an asyncio.Semaphore is free.

A host's limits are the strictest of what any source fetching it asks for and what its
robots.txt Crawl-delay says (a crawl delay also means one request at a time).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


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
            self._tokens = min(self._tokens, 1.0)


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
