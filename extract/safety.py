"""Which URLs and addresses the fetcher may touch.

Three checks, each where it cannot be bypassed:

- `check_url` before every request and every redirect hop: http/https only, no user info,
  and only the hosts a source declares (so a listing that links to, or a server that
  redirects to, another host is not followed unless the registry says so);
- `check_address` on every IP a host name resolves to, at connect time, inside the
  transport (`GuardedBackend`): checking a name before the request and letting the HTTP
  stack resolve it again would let DNS answer differently the second time (rebinding).
  Private, loopback, link-local, multicast, reserved and unspecified addresses are refused
  unless configuration lists their network (tests allow 127.0.0.1/32 explicitly);
- the transport connects to the address it checked, never re-resolving the name; TLS still
  verifies the certificate against the host name (httpcore passes the origin host as SNI).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpcore
import httpx

ALLOWED_SCHEMES = frozenset({"http", "https"})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class UnsafeURL(Exception):
    """A URL or address the fetcher refuses to request; never retried."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason


def normalise_host(host: str) -> str:
    """Lower-case, no trailing dot, IDNA-encoded: the form hosts are compared in."""
    host = host.strip().lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return host


def host_allowed(host: str, port: int | None, allowed: Iterable[str]) -> bool:
    """`allowed` entries: "host", "host:port" or "*.example.com" (subdomains only)."""
    host = normalise_host(host)
    for entry in allowed:
        entry = entry.strip().lower()
        want_port = None
        if entry.count(":") == 1:  # host:port (IPv6 literals are not declared in sources)
            entry, port_text = entry.split(":")
            want_port = int(port_text)
        if want_port is not None and want_port != port:
            continue
        if entry.startswith("*."):
            if host.endswith(entry[1:]) and host != entry[2:]:
                return True
        elif normalise_host(entry) == host:
            return True
    return False


def check_url(url: str | httpx.URL, allowed_hosts: Iterable[str]) -> httpx.URL:
    """Parse and vet a URL for a source; raises UnsafeURL with the reason."""
    try:
        parsed = httpx.URL(str(url))
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise UnsafeURL(str(url), f"invalid URL ({exc})") from None
    if parsed.scheme not in ALLOWED_SCHEMES:
        raise UnsafeURL(str(url), f"scheme {parsed.scheme or '(none)'!r} not allowed")
    if not parsed.host:
        raise UnsafeURL(str(url), "no host")
    if parsed.userinfo:
        raise UnsafeURL(str(url), "credentials in URL")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if not host_allowed(parsed.host, port, allowed_hosts):
        raise UnsafeURL(str(url), f"host {parsed.host!r} not declared by the source")
    return parsed


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values)


def address_refusal(ip: IPAddress, allow: tuple[IPNetwork, ...]) -> str | None:
    """Why this address may not be contacted, or None when it may."""
    if any(ip in net for net in allow):
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return address_refusal(ip.ipv4_mapped, allow)
    for label, bad in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("private", ip.is_private), ("reserved", ip.is_reserved)):
        if bad:
            return label
    if not ip.is_global:
        return "non-global"
    return None


def check_address(host: str, ip: str, allow: tuple[IPNetwork, ...]) -> None:
    reason = address_refusal(ipaddress.ip_address(ip), allow)
    if reason:
        raise UnsafeURL(host, f"{reason} address {ip} refused")


@dataclass
class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves, vets and connects to the vetted address."""

    allow: tuple[IPNetwork, ...] = ()
    inner: httpcore.AsyncNetworkBackend = field(default_factory=httpcore.AnyIOBackend)

    async def resolve(self, host: str, port: int) -> list[str]:
        try:
            ipaddress.ip_address(host)
            return [host]
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        seen: list[str] = []
        for info in infos:
            addr = str(info[4][0]).split("%")[0]
            if addr not in seen:
                seen.append(addr)
        return seen

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options=None) -> httpcore.AsyncNetworkStream:
        addresses = await self.resolve(host, port)
        refusals = []
        for ip in addresses:
            reason = address_refusal(ipaddress.ip_address(ip), self.allow)
            if reason:
                refusals.append(f"{reason} address {ip}")
                continue
            return await self.inner.connect_tcp(ip, port, timeout=timeout, local_address=local_address,
                                                socket_options=socket_options)
        raise UnsafeURL(host, "refused " + ", ".join(refusals or ["no address"]))

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options=None) -> httpcore.AsyncNetworkStream:
        raise UnsafeURL(path, "unix sockets are not used by the fetcher")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool rebuilt on a GuardedBackend.

    httpx does not expose the network backend, so the pool (`_pool`, stable since httpx
    0.18) is replaced; everything else, including httpcore -> httpx exception mapping, stays.
    Proxies and environment settings are off: a proxy would hide the address we connect to.
    """

    def __init__(self, *, allow: tuple[IPNetwork, ...], limits: httpx.Limits, verify: bool = True) -> None:
        super().__init__(trust_env=False, limits=limits, verify=verify)
        if not hasattr(self, "_pool"):  # pragma: no cover - guards an httpx internals change
            raise RuntimeError("httpx transport layout changed: cannot install the address guard")
        ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allow=allow),
        )


# -- body size limits ------------------------------------------------------------------
class BodyTooLarge(Exception):
    """Body over the cap on the wire or after decompression (a gzip bomb); never retried."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class UnsupportedEncoding(Exception):
    pass


class BoundedDecoder:
    """gzip/deflate decoding that never produces more than `limit` bytes in total.

    zlib's `max_length` stops each call at the bytes still allowed (+1 to detect overflow);
    input it did not consume waits in `unconsumed_tail`, so a 50 KB gzip of 50 MB of zeros
    costs at most `limit` bytes of memory before it is refused.
    """

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding.strip().lower()
        self.limit = limit
        self.total = 0
        self._d: zlib._Decompress | None = None
        if self.encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding not in ("", "identity", "deflate"):
            raise UnsupportedEncoding(f"unsupported Content-Encoding {encoding!r}")

    @property
    def identity(self) -> bool:
        return self.encoding in ("", "identity")

    def _take(self, data: bytes) -> bytes:
        self.total += len(data)
        if self.total > self.limit:
            raise BodyTooLarge(f"decompressed body over {self.limit} bytes ({self.encoding} bomb?)")
        return data

    def feed(self, chunk: bytes) -> bytes:
        if self.identity:
            return self._take(chunk)
        if self._d is None:  # deflate: zlib-wrapped per RFC, raw deflate from some servers
            wrapped = len(chunk) >= 2 and chunk[0] & 0x0F == 8 and ((chunk[0] << 8) | chunk[1]) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        out = []
        data = chunk
        while data:
            piece = self._d.decompress(data, self.limit - self.total + 1)
            out.append(self._take(piece))
            data = self._d.unconsumed_tail
            if self._d.eof:
                break
        return b"".join(out)

    def finish(self) -> bytes:
        if self._d is None:
            return b""
        return self._take(self._d.flush())


@dataclass
class Body:
    content: bytes
    truncated: str | None = None  # WARC-Truncated value: length | disconnect | time
    error: BaseException | None = None


async def read_body(response: httpx.Response, max_bytes: int, max_decoded: int) -> Body:
    """Stream a body with caps on wire bytes and decoded bytes; never raises for the body.

    An error (too large, cut short, undecodable) comes back in `Body.error` with what was read
    so far, so the caller can archive the truncated response before reporting the failure.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        return Body(b"", "length", BodyTooLarge(
            f"Content-Length {declared} over the {max_bytes}-byte cap", response.status_code))
    try:
        decoder = BoundedDecoder(response.headers.get("content-encoding", ""), max_decoded)
    except UnsupportedEncoding as exc:
        return Body(b"", "unspecified", exc)
    parts: list[bytes] = []
    wire = 0
    try:
        async for chunk in response.aiter_raw():
            wire += len(chunk)
            if wire > max_bytes:
                raise BodyTooLarge(f"body over the {max_bytes}-byte cap while streaming", response.status_code)
            parts.append(decoder.feed(chunk))
        parts.append(decoder.finish())
    except BodyTooLarge as exc:
        exc.status = response.status_code
        return Body(b"".join(parts), "length", exc)
    except zlib.error as exc:
        return Body(b"".join(parts), "unspecified", UnsupportedEncoding(f"corrupt {decoder.encoding} body: {exc}"))
    except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        return Body(b"".join(parts), "disconnect", exc)
    return Body(b"".join(parts))
