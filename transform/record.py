"""The shapes that cross the transform boundary.

`RawPage` is what extract/ hands over (bytes plus where they came from);
`Article` is what a layout parser produces before ids and hashes are added, made of the two
shapes every parser's working state shares: `Headline` (title, subtitle, kicker, section) and
`Credits` (authors, editors, photographers);
transform.finish turns articles into schema-shaped dicts (see load/schema.py).
Data shapes only: keeping them plain dataclasses with no project imports lets every
transform package use them and keeps transform/ free of I/O and Prefect.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

PIPELINE_VERSION = "0.1.0"


@dataclass(frozen=True)
class RawPage:
    """One input as read or fetched, before any decoding."""

    content: bytes
    input_path: str | None = None
    url: str | None = None
    source: str = "local"
    read_at: datetime | None = None
    content_type: str | None = None  # HTTP Content-Type header, when fetched
    # The edition a page belongs to when its input says so outside the text: a dated file or
    # folder name ("path"), the user's --edition-date ("option"); see transform.common.dates.
    edition_date: date | None = None
    edition_source: str | None = None

    @cached_property
    def raw_sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def input_key(self) -> str:
        """Identity of the input across re-runs: the URL, else the content hash."""
        return self.url or f"sha256:{self.raw_sha256}"


@dataclass(kw_only=True)
class Headline:
    """The lines an article is printed under."""

    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None  # 引题/肩题, printed above the title
    section: str | None = None  # 版面/栏目


@dataclass(kw_only=True)
class Credits:
    """Who a page credits. Every parser gathers names into these lists in reading order and
    never twice; `credit` is the one way to add them."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)

    def credit(self, names: list[str], role: str = "authors") -> None:
        """Add `names` to the `role` list (authors, editors, photographers), skipping repeats."""
        target: list[str] = getattr(self, role)
        target += [n for n in names if n not in target]


@dataclass(kw_only=True)
class Article(Headline, Credits):
    """One article or photo item as a layout parser found it (Simplified text)."""

    body: str = ""
    body_original: str | None = None  # before lossy normalisation; None when equal to body
    captions: list[str] = field(default_factory=list)
    origin: str | None = None
    clicks: int | None = None
    kind: str = "article"  # article | photo | table (transform.pdf.tables)
    published_date: date | None = None
    published_at: datetime | None = None
    date_source: str | None = None  # page_meta | text | url | path | option; None when undated
    published_month: str | None = None  # YYYY-MM: the month of published_date, or a month given without a day
    flags: list[str] = field(default_factory=list)
    script: str = "hans"
    images: list[dict] = field(default_factory=list)


class TransformError(Exception):
    """An input the transform cannot turn into records; carries the quarantine stage."""

    def __init__(self, stage: str, message: str):
        super().__init__(message)
        self.stage = stage
        self.message = message
