"""A real HTTP server on 127.0.0.1 (free port, background thread) serving tests/fetch_site.

Static files are served with an ETag and Last-Modified (and answer 304 to a matching
conditional GET), `.html` without a charset, as many Chinese servers do. Dynamic routes
under /e/ misbehave on purpose; /bench/ generates pages for bench/fetch_local.py. Every
request is logged (method, path with query, headers) so tests can assert what was *not*
requested.

Each test module declares its own module-scoped fixture around `serving()` (the root conftest
belongs to the whole suite, and `pytest_plugins` is only allowed there).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE = Path(__file__).resolve().parent / "fetch_site"
BIG_BYTES = 50 * 1024 * 1024
LAST_MODIFIED = "Mon, 18 Mar 2024 08:00:00 GMT"
_TYPES = {".html": "text/html", ".xml": "application/xml", ".txt": "text/plain"}
ARTICLE = ("<html><head><title>{title}</title></head><body><div class=\"nav\"><a href=\"/\">首页</a></div>"
           "<h1>{title}</h1><div class=\"content\"><p>{body}</p><p>{body}</p></div></body></html>")


def _bomb() -> bytes:
    return gzip.compress(b"\0" * BIG_BYTES, compresslevel=9)


class FixtureServer:
    def __init__(self, root: Path = SITE) -> None:
        self.root = root
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.arrivals: list[float] = []  # time.time() of each request, for rate checks
        self.in_flight = 0
        self.max_in_flight = 0
        self.counters: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._bomb: bytes | None = None
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.counters.clear()
            self.arrivals.clear()
            self.max_in_flight = 0

    def url(self, path: str) -> str:
        return self.origin + path

    def paths(self) -> list[str]:
        with self.lock:
            return [p for _, p, _ in self.requests]

    def bump(self, key: str) -> int:
        with self.lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]

    def bomb(self) -> bytes:
        with self.lock:
            if self._bomb is None:
                self._bomb = _bomb()
            return self._bomb

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                with server.lock:
                    server.requests.append(("GET", self.path, dict(self.headers.items())))
                    server.arrivals.append(time.time())
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route(server, self)
                finally:
                    with server.lock:
                        server.in_flight -= 1

        return Handler


def send(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", ctype: str = "text/html",
         headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    if "Content-Length" not in (headers or {}):
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if body:
        h.wfile.write(body)


def article(title: str, body: str) -> bytes:
    return ARTICLE.format(title=title, body=body).encode("utf-8")


def route(server: FixtureServer, h: BaseHTTPRequestHandler) -> None:
    parts = urlsplit(h.path)
    path, query = parts.path, parse_qs(parts.query)
    if path.startswith("/e/"):
        return misbehave(server, h, path[3:])
    if path.startswith("/bench/"):
        return bench(h, path)
    if path == "/_stats":  # for bench/fetch_local.py --units: what the server saw (this request excluded)
        import json

        with server.lock:
            stats = {"arrivals": server.arrivals[:-1], "max_in_flight": server.max_in_flight}
        return send(h, 200, json.dumps(stats).encode(), "application/json")
    if path == "/module/web/jpage/dataproxy.jsp":  # Hanweb pagination: records from startrecord on
        path = f"/module/web/jpage/dataproxy_{query.get('startrecord', ['1'])[0]}.xml"
    file = (server.root / path.lstrip("/")).resolve()
    if path.endswith("/"):
        file = file / "index.html"
    if server.root not in file.parents or not file.is_file():
        return send(h, 404, b"<html><body>not found</body></html>")
    body = file.read_bytes()
    if file.suffix == ".xml":  # feeds and sitemaps carry absolute URLs: point them at this server
        body = body.replace(b"{origin}", server.origin.encode())
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
    if h.headers.get("If-None-Match") == etag or h.headers.get("If-Modified-Since") == LAST_MODIFIED:
        h.send_response(304)
        for k, v in headers.items():
            h.send_header(k, v)
        h.end_headers()
        return None
    return send(h, 200, body, _TYPES.get(file.suffix, "application/octet-stream"), headers)


def misbehave(server: FixtureServer, h: BaseHTTPRequestHandler, name: str) -> None:
    if name == "429":
        if server.bump(name) == 1:
            return send(h, 429, b"slow down", headers={"Retry-After": "1"})
        return send(h, 200, article("限流后恢复的稿件", "第二次请求成功取得了这篇关于春耕备耕的报道。" * 3))
    if name == "flaky":
        if server.bump(name) <= 2:
            return send(h, 503, b"busy")
        return send(h, 200, article("重试后取得的稿件", "服务器两次繁忙之后第三次请求成功返回了这篇报道。" * 3))
    if name == "slow":
        server.stopping.wait(3.0)
        return send(h, 200, article("迟到的稿件", "太慢了。"))
    if name == "loop":
        return send(h, 302, headers={"Location": "/e/loop2"})
    if name == "loop2":
        return send(h, 302, headers={"Location": "/e/loop"})
    if name == "away":
        return send(h, 302, headers={"Location": f"http://localhost:{server.port}/trouble/good1.html"})
    if name == "moved":
        return send(h, 301, headers={"Location": "/trouble/good3.html"})
    if name == "big":  # honest Content-Length, far over the cap
        return stream(h, BIG_BYTES, {"Content-Length": str(BIG_BYTES)})
    if name == "big-stream":  # no length announced: the cap must hold while streaming
        return stream(h, BIG_BYTES, {"Connection": "close"})
    if name == "bomb":
        return send(h, 200, server.bomb(), headers={"Content-Encoding": "gzip"})
    if name == "short":
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "10000")
        h.end_headers()
        h.wfile.write(b"<html><body>" + b"x" * 3000)
        h.wfile.flush()
        h.close_connection = True
        return None
    return send(h, 404, b"no such endpoint")


def stream(h: BaseHTTPRequestHandler, total: int, headers: dict[str, str]) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    for k, v in headers.items():
        h.send_header(k, v)
    h.end_headers()
    chunk = b"<p>" + b"a" * 65529 + b"</p>"
    sent = 0
    while sent < total:
        h.wfile.write(chunk[: total - sent])
        sent += len(chunk)
    h.close_connection = True


def bench(h: BaseHTTPRequestHandler, path: str) -> None:
    """/bench/list/<n>.html lists articles n*50 .. n*50+49 and links list n+1; /bench/a/<i>.html."""
    name = path.rsplit("/", 1)[-1].removesuffix(".html")
    if path.startswith("/bench/list/") and name.isdigit():
        n = int(name)
        links = "".join(f'<li><a href="/bench/a/{i}.html">第{i}篇</a><span>2024-03-18</span></li>'
                        for i in range(n * 50, n * 50 + 50))
        body = (f'<html><body><ul class="list">{links}</ul>'
                f'<a class="next" href="/bench/list/{n + 1}.html">下一页</a></body></html>').encode()
        return send(h, 200, body)
    if path.startswith("/bench/a/") and name.isdigit():
        return send(h, 200, article(f"基准稿件{name}", "这是一篇用于测量抓取速度的稿件，内容重复以接近真实页面大小。" * 40))
    return send(h, 404, b"")


def start_server() -> FixtureServer:
    return FixtureServer().start()


def serving() -> Iterator[FixtureServer]:
    """Body of each test module's fixture: `yield from serving()` (module scope)."""
    server = start_server()
    deadline = time.monotonic() + 5
    while not server.thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield server
    finally:
        server.stop()


# -- helpers shared by the fetch test modules ------------------------------------------------
def fast_config(**overrides):
    """A FetchConfig for the fixture server: loopback allowed, short timeouts, 2 MiB caps."""
    from extract.fetch import FetchConfig

    values = dict(contact_url="https://example.org/newsetl-tests", allow_networks=("127.0.0.1/32",), retries=2,
                  backoff_base=0.05, backoff_max=0.2, max_retry_after=2.0, connect_timeout=2.0, read_timeout=0.5,
                  total_timeout=2.0, max_body_bytes=2 * 1024 * 1024, max_decoded_bytes=2 * 1024 * 1024)
    values.update(overrides)
    return FetchConfig(**values)


def registry_source(name: str, server: FixtureServer, **changes):
    """A shipped registry source rebased onto the fixture server, no rate limit."""
    from dataclasses import replace

    from extract.sources import Politeness, load_registry

    src = load_registry(Path(__file__).resolve().parent.parent / "sources")[name].with_origin(server.origin)
    return replace(src, politeness=Politeness(rate=0, concurrency=4), enabled=True, **changes)
