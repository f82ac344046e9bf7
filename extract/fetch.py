"""The async fetcher: one httpx.AsyncClient, polite and bounded in every dimension.

Per request: URL and host checks (extract.safety) on every hop, robots.txt (extract.robots),
a per-host slot (extract.ratelimit), conditional GET from the state, manual redirects (each
hop checked and archived), a total deadline per hop on top of httpx's per-operation timeouts
(a server dripping one byte per read would otherwise never time out), a cap on bytes on the
wire and on decompressed bytes (extract.safety.BoundedDecoder), retries with exponential backoff and
jitter on connection errors, timeouts, 429 and 5xx, honouring Retry-After up to a cap.

Never `response.text`: httpx decodes a body without a charset as UTF-8, which garbles GBK
sites. The raw bytes and the Content-Type go to transform.RawPage, whose decoder knows better.
Every response is archived (extract.archive) before anything parses it.
"""

from __future__ import annotations

import asyncio
import email.utils
import os
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urljoin

import httpx

from extract.archive import FetchLogRow, WarcArchive
from extract.ratelimit import HostLimiter, SharedHostLimiter
from extract.robots import RobotsCache, RobotsRules
from extract.safety import (
    BodyTooLarge,
    GuardedTransport,
    UnsafeURL,
    UnsupportedEncoding,
    check_url,
    parse_networks,
    read_body,
)
from extract.sources import Source
from extract.state import FetchState
from transform.pipeline import MAX_INPUT_BYTES

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})
RETRY_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError, TimeoutError)


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class FetchConfig:
    """Fetcher settings; `FetchConfig.load()` reads `_fetch.toml` of the registry folder in use
    (newsetl.settings.sources_dir) and NEWSETL_FETCH_* env: every entry point the same way."""

    contact_url: str = ""  # required for any network crawl: the honest part of the User-Agent
    agent_name: str = "regional-news-etl"
    agent_version: str = "0.1"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # per hop, headers and body together
    retries: int = 3  # attempts = retries + 1
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 120.0
    max_redirects: int = 5
    max_body_bytes: int = MAX_INPUT_BYTES  # on the wire
    max_decoded_bytes: int = MAX_INPUT_BYTES  # after gzip/deflate
    max_connections: int = 20
    max_crawl_delay: float = 60.0
    allow_networks: tuple[str, ...] = ()  # e.g. ("127.0.0.1/32",) for tests; private nets stay refused
    verify_tls: bool = True
    # A URL that fails permanently (404/410, a refused redirect, a redirect loop) is given up
    # after this many failed runs spread over at least give_up_hours; 0 = never give up.
    give_up_after: int = 3
    give_up_hours: float = 24.0
    # Fetchers with the same non-empty scope (the flows set the root flow run's id) share one
    # robots.txt answer per origin through the fetch state: once per host per run.
    robots_scope: str = ""

    @property
    def agent_token(self) -> str:
        """The product token robots.txt groups are matched against."""
        return self.agent_name

    def user_agent(self) -> str:
        return f"{self.agent_name}/{self.agent_version} (+{self.contact_url or 'no contact configured'})"

    def request_headers(self) -> dict[str, str]:
        # Only encodings we decode ourselves with a bound: no br/zstd.
        return {"User-Agent": self.user_agent(), "Accept-Encoding": "gzip, deflate",
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}

    def require_contact(self) -> None:
        if not self.contact_url.startswith(("http://", "https://", "mailto:")):
            raise ConfigError("set contact_url (sources/_fetch.toml or NEWSETL_FETCH_CONTACT_URL): sites must be "
                              "able to reach whoever runs this crawler")

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, **overrides: object) -> FetchConfig:
        """File values (`path`, default: the registry folder's `_fetch.toml`), then
        NEWSETL_FETCH_<FIELD> environment variables, then overrides."""
        import tomllib
        from dataclasses import fields
        from pathlib import Path

        from newsetl.settings import sources_dir

        path = path if path is not None else sources_dir() / "_fetch.toml"
        values: dict[str, object] = {}
        if path and Path(path).is_file():
            values.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        known = {f.name: f for f in fields(cls)}
        unknown = set(values) - set(known)
        if unknown:
            raise ConfigError(f"{path}: unknown fetch settings {sorted(unknown)}")
        for name in known:
            env = os.environ.get(f"NEWSETL_FETCH_{name.upper()}")
            if env is not None:
                values[name] = tuple(v for v in env.split(",") if v) if name == "allow_networks" else env
        values.update(overrides)
        for name, value in list(values.items()):
            default = known[name].default
            if isinstance(default, bool) and isinstance(value, str):
                values[name] = value.lower() in ("1", "true", "yes")
            elif isinstance(default, (int, float)) and not isinstance(default, bool):
                values[name] = type(default)(value)
            elif isinstance(default, tuple):
                values[name] = tuple(value)
        return cls(**values)


class RobotsDisallowed(Exception):
    """robots.txt forbids this URL; the request is never sent."""


class RobotsUnreachable(RobotsDisallowed):
    """robots.txt could not be read, so nothing of the origin is requested: an outage."""


class TooManyRedirects(Exception):
    pass


class RedirectLoop(Exception):
    pass


@dataclass
class FetchOutcome:
    """What one `Fetcher.fetch` produced; `content` only for a complete 2xx response."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content: bytes | None = None
    content_type: str | None = None
    not_modified: bool = False
    attempts: int = 0
    elapsed: float = 0.0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    error_class: str | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.content is not None


# Failures that asking again will not cure; counted per URL for giving up (FetchConfig.give_up_after).
PERMANENT_ERRORS = frozenset({"HTTP404", "HTTP410", "UnsafeURL", "RedirectLoop", "TooManyRedirects"})


@dataclass
class _Hop:
    status: int
    final_url: str
    content: bytes
    content_type: str | None
    headers: httpx.Headers


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Full-jitter exponential backoff: uniform(0, base * 2**attempt), capped; attempt from 0."""
    return random.uniform(base * 0.5, min(cap, base * (2 ** attempt)))


class Fetcher:
    """Use as `async with Fetcher(config, state) as f:`; one client and one set of host gates."""

    def __init__(self, config: FetchConfig, state: FetchState | None = None) -> None:
        self.config = config
        self.state = state
        # With a fetch state on disk the host limits are shared by every fetcher of the data
        # folder (threads, processes, Dask workers): extract.ratelimit.SharedHostLimiter.
        shared = state is not None and str(state.path) != ":memory:"
        self.limiter = (SharedHostLimiter(state.path.parent / "hosts", default_rate=0.5, default_concurrency=1)
                        if shared and state is not None else HostLimiter(default_rate=0.5, default_concurrency=1))
        self._client: httpx.AsyncClient | None = None
        self._robots = RobotsCache(config.agent_token)
        self._registered: set[str] = set()

    async def __aenter__(self) -> Fetcher:
        cfg = self.config
        limits = httpx.Limits(max_connections=cfg.max_connections, max_keepalive_connections=cfg.max_connections)
        transport = GuardedTransport(allow=parse_networks(cfg.allow_networks), limits=limits, verify=cfg.verify_tls)
        timeout = httpx.Timeout(connect=cfg.connect_timeout, read=cfg.read_timeout, write=cfg.read_timeout,
                                pool=cfg.total_timeout)
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False,
                                         trust_env=False, headers=cfg.request_headers())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    def register(self, source: Source) -> None:
        """Set up host gates from a source's politeness settings (stricter settings win)."""
        self._registered.add(source.name)
        for host in source.allowed_hosts:
            self.limiter.configure(host.split(":")[0], rate=source.politeness.rate,
                                   concurrency=source.politeness.concurrency)

    # -- robots ---------------------------------------------------------------------
    async def robots_rules(self, url: str, source: Source, archive: WarcArchive | None) -> RobotsRules:
        """The rules for url's origin, fetched (and archived) on first use; applies Crawl-delay."""
        scope = self.config.robots_scope

        async def fetch_robots(robots_url: str) -> tuple[int | None, bytes | None]:
            if scope and self.state is not None and (known := self.state.robots_answer(robots_url, scope)):
                return known  # another unit of this run asked already
            out = await self.fetch(robots_url, source=source, archive=archive, kind="robots", conditional=False,
                                   robots=False, max_bytes=min(self.config.max_body_bytes, 512 * 1024))
            if out.error_class == UnsafeURL.__name__:  # our own refusal, not the site's silence
                raise UnsafeURL(robots_url, out.error or "refused")
            answer = (None, None) if out.status is None else (out.status, out.content)
            if scope and self.state is not None:
                self.state.save_robots_answer(robots_url, scope, *answer)
            return answer

        rules = await self._robots.rules_for(url, fetch_robots)
        if rules.crawl_delay:
            delay = min(rules.crawl_delay, self.config.max_crawl_delay)
            self.limiter.apply_crawl_delay(httpx.URL(url).host, delay)
        return rules

    # -- fetching -------------------------------------------------------------------
    async def fetch(self, url: str, *, source: Source, archive: WarcArchive | None, kind: str = "article",
                    conditional: bool = True, robots: bool = True, page_date: date | None = None,
                    max_bytes: int | None = None) -> FetchOutcome:
        """Fetch one URL with retries; never raises for network or HTTP trouble (see outcome)."""
        if source.name not in self._registered:
            self.register(source)
        started = time.monotonic()
        out = FetchOutcome(url=url)
        attempts_allowed = self.config.retries + 1
        try:
            for attempt in range(attempts_allowed):
                out.attempts = attempt + 1
                delay: float | None = None
                try:
                    hop = await self._follow(url, source, archive, conditional, robots and source.respect_robots,
                                             page_date, max_bytes or self.config.max_body_bytes, kind)
                except RETRY_ERRORS as exc:
                    out.error_class = type(exc).__name__
                    out.error = str(exc) or f"{out.error_class} (read timeout {self.config.read_timeout}s, " \
                                            f"total {self.config.total_timeout}s)"
                    delay = backoff_delay(attempt, self.config.backoff_base, self.config.backoff_max)
                else:
                    out.status, out.final_url, out.content_type = hop.status, hop.final_url, hop.content_type
                    out.etag, out.last_modified = hop.headers.get("etag"), hop.headers.get("last-modified")
                    out.error_class = out.error = None
                    if hop.status in RETRY_STATUSES:
                        out.error_class, out.error = f"HTTP{hop.status}", f"server answered {hop.status}"
                        wait = retry_after_seconds(hop.headers.get("retry-after"))
                        delay = backoff_delay(attempt, self.config.backoff_base, self.config.backoff_max)
                        if wait is not None:
                            delay = min(wait, self.config.max_retry_after)
                    elif hop.status == 304:
                        out.not_modified = True
                    elif 200 <= hop.status < 300:
                        out.content = hop.content
                    elif kind != "robots":
                        out.error_class, out.error = f"HTTP{hop.status}", f"server answered {hop.status}"
                if delay is None or attempt + 1 >= attempts_allowed:
                    break
                await asyncio.sleep(delay)
        except (UnsafeURL, RobotsDisallowed, TooManyRedirects, RedirectLoop, BodyTooLarge,
                UnsupportedEncoding) as exc:
            out.error_class, out.error = type(exc).__name__, str(exc)
            if isinstance(exc, BodyTooLarge):
                out.status = exc.status
        out.elapsed = time.monotonic() - started
        out.fetched_at = datetime.now(UTC)
        self._remember(out, source, archive, kind)
        return out

    def _remember(self, out: FetchOutcome, source: Source, archive: WarcArchive | None, kind: str) -> None:
        from hashlib import sha256

        digest = sha256(out.content).hexdigest() if out.content is not None else None
        if archive is not None:
            archive.log(FetchLogRow(
                source=source.name, run_id=archive.run_id, kind=kind, url=out.url, final_url=out.final_url,
                status=out.status, bytes=len(out.content or b""), sha256=digest, fetched_at=out.fetched_at,
                elapsed=round(out.elapsed, 4), attempts=out.attempts, not_modified=out.not_modified,
                error_class=out.error_class, error=out.error))
        if self.state is None or kind == "robots":
            return
        permanent = out.error_class in PERMANENT_ERRORS
        if out.status is not None or permanent:
            # Validators under the final URL too: that is the URL a later conditional GET reaches.
            # A refused body (over the size cap) keeps its 2xx status but is not fetched.
            for key in dict.fromkeys([out.url, out.final_url or out.url]):
                self.state.record(key, source=source.name, kind=kind, status=out.status, final_url=out.final_url,
                                  etag=out.etag, last_modified=out.last_modified, sha256=digest,
                                  refused=out.error_class is not None, permanent=permanent)

    async def _follow(self, url: str, source: Source, archive: WarcArchive | None, conditional: bool,
                      robots: bool, page_date: date | None, max_bytes: int, kind: str = "article") -> _Hop:
        """Request `url`, following redirects by hand; returns the final hop."""
        visited: set[str] = set()
        current = url
        for _ in range(self.config.max_redirects + 1):
            parsed = check_url(current, source.allowed_hosts)
            if robots:
                rules = await self.robots_rules(current, source, archive)
                if not rules.allows(current, self.config.agent_token):
                    refusal = RobotsUnreachable if rules.outage else RobotsDisallowed
                    why = f" ({rules.reason})" if rules.reason else ""
                    raise refusal(f"robots.txt disallows {current}{why}")
            visited.add(current)
            hop = await self._request(parsed, source, archive, conditional, page_date, max_bytes, kind)
            location = hop.headers.get("location")
            if hop.status in REDIRECTS and location:
                nxt = urljoin(current, location.strip())
                if nxt in visited:
                    raise RedirectLoop(f"redirect loop: {current} -> {nxt}")
                current = nxt
                continue
            return hop
        raise TooManyRedirects(f"more than {self.config.max_redirects} redirects from {url}")

    async def _request(self, url: httpx.URL, source: Source, archive: WarcArchive | None, conditional: bool,
                       page_date: date | None, max_bytes: int, kind: str = "article") -> _Hop:
        if self._client is None:
            raise RuntimeError("use the Fetcher as `async with Fetcher(...)`")
        headers = {}
        if conditional and self.state is not None:
            headers = self.state.validators(str(url)).headers()
        request = self._client.build_request("GET", url, headers=headers)
        async with self.limiter.slot(url.host):
            async with asyncio.timeout(self.config.total_timeout):
                response = await self._client.send(request, stream=True)
                try:
                    body = await read_body(response, max_bytes, self.config.max_decoded_bytes)
                finally:
                    await response.aclose()
        ip = None
        stream = response.extensions.get("network_stream")
        if stream is not None:
            addr = stream.get_extra_info("server_addr")
            ip = addr[0] if addr else None
        if archive is not None:
            archive.write_exchange(
                url=str(url), method="GET", request_headers=[(k, v) for k, v in request.headers.items()],
                status=response.status_code, reason=response.reason_phrase,
                response_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],
                body=body.content, truncated=body.truncated, ip=ip, page_date=page_date, kind=kind)
        if body.error is not None:
            raise body.error
        return _Hop(response.status_code, str(url), body.content, response.headers.get("content-type"),
                    response.headers)
