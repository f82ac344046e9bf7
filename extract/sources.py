"""The source registry: one declarative TOML file per source under sources/.

Why declarative files: adding a county site should be a reviewed data change (a URL
template, a link pattern, politeness numbers), not new crawl code; and everything a source
may touch (its hosts) is visible in one place. The loader validates each file completely
(kind, templates, regexes, CSS selectors, host list) so a typo fails at load time, not as
an empty crawl at 3 a.m. See docs/sources.md for the format.

Files whose names start with `_` are not sources (`_fetch.toml` holds fetcher settings).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from transform.common.dates import day_in_text, day_in_url
from transform.options import ParseOptions

KINDS = ("epaper", "listing", "rss", "sitemap", "local")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
HTML_RULE_KEYS = ("body", "title", "date", "author", "noise")
_TOP_KEYS = {"name", "title", "kind", "enabled", "start_urls", "allowed_hosts", "respect_robots", "encoding",
             "notes", "politeness", "epaper", "listing", "links", "extract", "local"}


class RegistryError(ValueError):
    """A source file that does not describe a valid source; the message names the file."""


@dataclass(frozen=True)
class LinkRule:
    """Which links on a discovery page are articles: inside `selector` (CSS) if given, and
    matching `pattern` (regex on the absolute URL) if given, and not matching `exclude`."""

    selector: str | None = None
    pattern: str | None = None
    exclude: str | None = None

    def accepts(self, url: str) -> bool:
        if self.pattern and not re.search(self.pattern, url):
            return False
        return not (self.exclude and re.search(self.exclude, url))


@dataclass(frozen=True)
class Politeness:
    rate: float = 0.5  # requests per second per host (token bucket); 0 = unlimited (tests, bench)
    concurrency: int = 1  # requests in flight per host


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    title: str = ""
    enabled: bool = True
    start_urls: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    respect_robots: bool = True
    encoding: str | None = None
    notes: str = ""
    politeness: Politeness = field(default_factory=Politeness)
    articles: LinkRule = field(default_factory=LinkRule)
    html_rules: dict[str, Any] | None = None
    boilerplate: tuple[tuple[str, str], ...] = ()  # [extract] boilerplate = {name = "regex"}
    # epaper
    index_template: str | None = None
    max_pages: int = 16
    # listing
    page_template: str | None = None
    page_size: int = 15
    next_selector: str | None = None
    max_list_pages: int = 5
    # local
    paths: tuple[str, ...] = ()
    edition_date: date | None = None  # [local] edition_date: the files' edition when their names give none
    file: str | None = None

    def index_url(self, day: date, page: int) -> str:
        """The e-paper page URL for an edition date and page number (1-based)."""
        if not self.index_template:
            raise RegistryError(f"source {self.name}: no index_template")
        return format_index(self.index_template, day, page)

    def list_page_url(self, page: int) -> str | None:
        """Listing page `page` (2, 3, ...) from page_template; None without a template."""
        if not self.page_template:
            return None
        start = (page - 1) * self.page_size + 1
        return self.page_template.format(page=page, page0=page - 1, start=start, end=start + self.page_size - 1,
                                         size=self.page_size)

    def parse_options(self) -> ParseOptions:
        """What this source's pages are parsed with: the one place a registry entry becomes
        transform options (the crawler, the archive reader, local runs and `newsetl parse`)."""
        return ParseOptions(encoding=self.encoding, site_rules=self.html_rules, boilerplate=self.boilerplate)

    def with_origin(self, origin: str) -> Source:
        """The same source served from another origin (tests, mirrors): every URL rebased."""
        def rebase(url: str | None) -> str | None:
            if url is None:
                return None
            parts = urlsplit(url)
            return origin.rstrip("/") + url[len(f"{parts.scheme}://{parts.netloc}"):]

        host = urlsplit(origin).netloc
        return replace(self, start_urls=tuple(rebase(u) or "" for u in self.start_urls),
                       index_template=rebase(self.index_template), page_template=rebase(self.page_template),
                       allowed_hosts=(host,))


def format_index(template: str, day: date, page: int) -> str:
    return template.format(yyyy=f"{day.year:04d}", yy=f"{day.year % 100:02d}", mm=f"{day.month:02d}",
                           dd=f"{day.day:02d}", m=day.month, d=day.day, page=page, date=day)


def _fail(path: Path, msg: str) -> RegistryError:
    return RegistryError(f"{path}: {msg}")


def _strs(path: Path, value: Any, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, f"{key} must be a string or a list of strings")
    return tuple(value)


def _check_regex(path: Path, value: str | None, key: str) -> None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise _fail(path, f"{key}: bad regex {value!r}: {exc}") from None


def _edition(path: Path, value: Any) -> date | None:
    """[local] edition_date: a TOML date (2024-03-18) or the same as a string."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, f"local.edition_date: not a date (YYYY-MM-DD): {value!r}") from None


def _check_css(path: Path, value: str | None, key: str) -> None:
    if value:
        from transform.html.select import css_to_xpath

        try:
            css_to_xpath(value)
        except ValueError as exc:
            raise _fail(path, f"{key}: {exc}") from None


def _boilerplate(path: Path, table: dict | None) -> tuple[tuple[str, str], ...]:
    """`[extract] boilerplate = {name = "regex"}`: the source's own named line patterns."""
    value = (table or {}).get("boilerplate")
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _fail(path, "extract.boilerplate must be a table of name = \"regex\"")
    for name, pattern in value.items():
        if not NAME_RE.match(name):
            raise _fail(path, f"extract.boilerplate: rule name {name!r}: use lower-case letters, digits and '_'")
        _check_regex(path, pattern, f"extract.boilerplate.{name}")
    return tuple(sorted(value.items()))


def _html_rules(path: Path, table: dict | None) -> dict[str, Any] | None:
    table = {k: v for k, v in (table or {}).items() if k != "boilerplate"}
    if not table:
        return None
    unknown = set(table) - set(HTML_RULE_KEYS)
    if unknown:
        raise _fail(path, f"[extract] unknown keys {sorted(unknown)}; allowed: {HTML_RULE_KEYS}")
    for key, value in table.items():
        for sel in ([value] if isinstance(value, str) else value):
            _check_css(path, sel, f"extract.{key}")
    return dict(table)


def parse_source(data: dict[str, Any], path: Path) -> Source:
    """Validate one source table; raises RegistryError naming the file and the key."""
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise _fail(path, f"unknown keys {sorted(unknown)}")
    name = data.get("name") or path.stem
    if not NAME_RE.match(name):
        raise _fail(path, f"name {name!r}: use lower-case letters, digits and '_'")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _fail(path, f"kind must be one of {KINDS}, not {kind!r}")
    pol = data.get("politeness", {})
    politeness = Politeness(rate=float(pol.get("rate", 0.5)), concurrency=int(pol.get("concurrency", 1)))
    if politeness.rate < 0 or politeness.concurrency < 1:
        raise _fail(path, "politeness: rate >= 0 and concurrency >= 1")
    links = data.get("links", {})
    rule = LinkRule(selector=links.get("selector"), pattern=links.get("pattern"), exclude=links.get("exclude"))
    _check_css(path, rule.selector, "links.selector")
    _check_regex(path, rule.pattern, "links.pattern")
    _check_regex(path, rule.exclude, "links.exclude")
    epaper, listing, local = data.get("epaper", {}), data.get("listing", {}), data.get("local", {})
    start_urls = _strs(path, data.get("start_urls"), "start_urls")
    hosts = _strs(path, data.get("allowed_hosts"), "allowed_hosts")
    if not hosts:  # default: the hosts of the configured URLs, nothing else
        urls = [*start_urls, epaper.get("index_template") or "", listing.get("page_template") or ""]
        hosts = tuple(dict.fromkeys(urlsplit(u).hostname for u in urls if urlsplit(u).hostname))
    src = Source(
        name=name, kind=kind, title=data.get("title", ""), enabled=bool(data.get("enabled", True)),
        start_urls=start_urls, allowed_hosts=hosts, respect_robots=bool(data.get("respect_robots", True)),
        encoding=data.get("encoding") or None, notes=data.get("notes", ""), politeness=politeness,
        articles=rule, html_rules=_html_rules(path, data.get("extract")),
        boilerplate=_boilerplate(path, data.get("extract")),
        index_template=epaper.get("index_template"), max_pages=int(epaper.get("max_pages", 16)),
        page_template=listing.get("page_template"), page_size=int(listing.get("page_size", 15)),
        next_selector=listing.get("next_selector"), max_list_pages=int(listing.get("max_pages", 5)),
        paths=_strs(path, local.get("paths"), "local.paths"), edition_date=_edition(path, local.get("edition_date")),
        file=str(path),
    )
    _check_css(path, src.next_selector, "listing.next_selector")
    if kind == "epaper":
        if not src.index_template:
            raise _fail(path, "epaper sources need [epaper] index_template")
        try:
            src.index_url(date(2024, 3, 18), 1)
        except (KeyError, IndexError, ValueError) as exc:
            raise _fail(path, f"epaper.index_template: bad placeholder {exc}") from None
    elif kind == "local":
        if not src.paths:
            raise _fail(path, "local sources need [local] paths")
    elif not start_urls:
        raise _fail(path, f"{kind} sources need start_urls")
    if src.page_template:
        try:
            src.list_page_url(2)
        except (KeyError, IndexError, ValueError) as exc:
            raise _fail(path, f"listing.page_template: bad placeholder {exc}") from None
    if kind != "local" and not src.allowed_hosts:
        raise _fail(path, "no allowed_hosts and none derivable from the URLs")
    return src


def load_source(path: str | Path) -> Source:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"not valid TOML: {exc}") from None
    return parse_source(data, path)


def load_registry(path: str | Path = "sources", *, include_disabled: bool = True) -> dict[str, Source]:
    """All sources in a directory, by name; duplicate names are an error."""
    root = Path(path)
    if not root.is_dir():
        raise RegistryError(f"{root}: no such source directory")
    out: dict[str, Source] = {}
    for file in sorted(root.glob("*.toml")):
        if file.name.startswith(("_", ".")):
            continue
        src = load_source(file)
        if src.name in out:
            raise RegistryError(f"{file}: source name {src.name!r} already defined in {out[src.name].file}")
        if src.enabled or include_disabled:
            out[src.name] = src
    return out


# -- reading a source's discovery pages ---------------------------------------------------
# Pure functions of bytes, here beside the rules they apply so that a registry entry and the
# code that interprets it are read together; extract.crawl does the fetching.


@dataclass
class Links:
    """What a discovery page lists: article URLs (with a date when one is visible) and next pages."""

    articles: list[tuple[str, date | None]] = field(default_factory=list)
    next: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"articles": [[u, d.isoformat() if d else None] for u, d in self.articles], "next": self.next}

    @classmethod
    def from_json(cls, data: dict) -> Links:
        return cls([(u, date.fromisoformat(d) if d else None) for u, d in data.get("articles", [])],
                   list(data.get("next", [])))


def _item_date(el) -> date | None:
    """The date printed next to a link: in its list item or table row, not elsewhere."""
    node = el
    for _ in range(3):
        node = node.getparent()
        if node is None:
            return None
        if node.tag in ("li", "tr", "dd", "record") or node.get("class"):
            return day_in_text(node.text_content())
    return None


def extract_links(source: Source, content: bytes, base_url: str, content_type: str | None = None) -> Links:
    """Article links (per the source's LinkRule) and next-page links of one discovery page.

    Hanweb lists hide their anchors in XML records (transform.html.cms.hanweb.unwrap_xml_lists);
    unwrapped first, the same selector and regex find them as ordinary anchors.
    Links to hosts the source does not declare are dropped here, before any request.
    """
    from urllib.parse import urldefrag, urljoin

    import lxml.html

    from extract.safety import UnsafeURL, check_url
    from transform.common.decode import decode_bytes
    from transform.html.cms.hanweb import unwrap_xml_lists
    from transform.html.select import css_to_xpath

    text = unwrap_xml_lists(decode_bytes(content, content_type, source.encoding).text)
    root = lxml.html.document_fromstring(text)
    base = root.xpath("//base/@href")
    base_url = urljoin(base_url, base[0]) if base else base_url
    scope = root.xpath(css_to_xpath(source.articles.selector)) if source.articles.selector else [root]
    found: dict[str, date | None] = {}
    for container in scope:
        anchors = [container] if container.tag in ("a", "area") else container.iter("a", "area")
        for a in anchors:
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urldefrag(urljoin(base_url, href))[0]
            try:
                check_url(url, source.allowed_hosts)
            except UnsafeURL:
                continue
            if source.articles.accepts(url) and url not in found:
                found[url] = _item_date(a) or day_in_url(url)
    nxt: list[str] = []
    if source.next_selector:
        for a in root.xpath(css_to_xpath(source.next_selector)):
            href = (a.get("href") or "").strip()
            if href and not href.startswith(("javascript:", "#")):
                nxt.append(urldefrag(urljoin(base_url, href))[0])
    return Links(list(found.items()), nxt[:1])
