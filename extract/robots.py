"""robots.txt, fetched once per origin per run and obeyed (RFC 9309 semantics).

- 2xx: parsed with protego (longest-match Allow/Disallow, wildcards, Crawl-delay), first
  500 KiB only, as the RFC allows;
- 4xx (404 included): no restrictions;
- 5xx, 429, or no answer at all: the origin is treated as fully disallowed for this run —
  an unreachable robots.txt is not permission.

A source may opt out (`respect_robots = false`) only where the site owner agreed; the flag is
in the registry file, so the exception is reviewed like any other change. Crawl-delay is
returned to the caller, which turns it into a per-host rate (see extract.ratelimit).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

ROBOTS_MAX_BYTES = 500 * 1024
RobotsFetch = Callable[[str], Awaitable[tuple[int | None, bytes | None]]]


@dataclass(frozen=True)
class RobotsRules:
    """The verdict for one origin."""

    origin: str
    status: int | None
    parser: Protego | None = None
    allow_all: bool = False
    crawl_delay: float | None = None
    reason: str = ""

    @property
    def outage(self) -> bool:
        """robots.txt could not be read (no answer, 429, 5xx): everything is refused, as for a
        forbidding file, but this is the site's outage to report, not its wish."""
        return self.parser is None and not self.allow_all

    def allows(self, url: str, agent: str) -> bool:
        if self.allow_all:
            return True
        if self.parser is None:
            return False
        return bool(self.parser.can_fetch(url, agent))


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def rules_from_response(origin: str, status: int | None, body: bytes | None, agent: str) -> RobotsRules:
    """Turn a robots.txt answer into rules; status None means no answer (network error)."""
    if status is None:
        return RobotsRules(origin, None, reason="robots.txt unreachable: disallow all")
    if 200 <= status < 300:
        text = (body or b"")[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
        parser = Protego.parse(text)
        delay = parser.crawl_delay(agent)
        return RobotsRules(origin, status, parser=parser, crawl_delay=float(delay) if delay else None)
    if status == 429 or status >= 500:
        return RobotsRules(origin, status, reason=f"robots.txt answered {status}: disallow all")
    return RobotsRules(origin, status, allow_all=True, reason=f"robots.txt answered {status}: no rules")


class RobotsCache:
    """One robots.txt request per origin, even when many requests start at once."""

    def __init__(self, agent: str) -> None:
        self.agent = agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str, fetch: RobotsFetch) -> RobotsRules:
        """`fetch(robots_url) -> (status or None, body)` is called at most once per origin."""
        origin = origin_of(url)
        if origin in self._rules:
            return self._rules[origin]
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                status, body = await fetch(origin + "/robots.txt")
                self._rules[origin] = rules_from_response(origin, status, body, self.agent)
        return self._rules[origin]

