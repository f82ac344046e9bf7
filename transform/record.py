"""The shapes that cross the transform boundary.

`RawPage` is what extract/ hands over (bytes plus where they came from);
`Article` is what a layout parser produces before ids and hashes are added;
`finish_records` turns articles into schema-shaped dicts (see load/schema.py).
Keeping these plain dataclasses lets transform/ stay free of I/O and Prefect.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from transform.common.dates import SHANGHAI
from transform.enrich.mentions import article_columns

PIPELINE_VERSION = "0.1.0"
_WS = re.compile(r"\s+")


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


@dataclass
class Article:
    """One article or photo item as a layout parser found it (Simplified text)."""

    body: str
    body_original: str | None = None  # before lossy normalisation; None when equal to body
    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    origin: str | None = None
    clicks: int | None = None
    kind: str = "article"  # article | photo
    published_date: date | None = None
    published_at: datetime | None = None
    date_source: str | None = None  # page_meta | text | url | path | option; None when undated
    flags: list[str] = field(default_factory=list)
    script: str = "hans"
    images: list[dict] = field(default_factory=list)


class TransformError(Exception):
    """An input the transform cannot turn into records; carries the quarantine stage."""

    def __init__(self, stage: str, message: str):
        super().__init__(message)
        self.stage = stage
        self.message = message


def content_sha256(article: Article) -> str:
    ws_free = "".join((article.title or "").split()) + "\n" + "".join(article.body.split())
    return hashlib.sha256(ws_free.encode("utf-8")).hexdigest()


def article_id(source: str, input_key: str, ordinal: int) -> str:
    """Stable across re-runs of the same input: depends on where it came from, not on when."""
    return hashlib.sha256(f"{source}\n{input_key}\n{ordinal}".encode()).hexdigest()[:32]


def filed_date(published: date | None, page: RawPage, read_at: datetime) -> date:
    """The day a record is filed under (its partition month): the publication date when the
    page gives one, else the page's edition date, else the day it was read (China time).

    Kept apart from `published_date` so that an undated page is never given a publication
    date it does not print: counting by `published_date` skips it, counting by `filed_date`
    still finds it.
    """
    return published or page.edition_date or read_at.astimezone(SHANGHAI).date()


def finish_records(page: RawPage, articles: list[Article], read_at: datetime) -> list[dict]:
    """Add identity, hashes, the filing date, provenance and the columns derived from mentions.

    `places` and `investment_cny` come from transform.enrich.mentions.article_columns (money and
    place mentions only: ~6,000 bodies/s), so `newsetl parse` shows what the dataset stores.
    """
    records = []
    for i, a in enumerate(articles):
        pub_date, pub_at, date_source = a.published_date, a.published_at, a.date_source
        flags = list(a.flags)
        if pub_date is None:
            pub_at, date_source = None, None
            flags.append("date_missing")
        if a.title is None and a.kind == "article":
            flags.append("title_missing")
        records.append(
            {
                "article_id": article_id(page.source, page.input_key, i),
                "source": page.source,
                "url": page.url,
                "input_path": page.input_path,
                "title": a.title,
                "subtitle": a.subtitle,
                "kicker": a.kicker,
                "section": a.section,
                "published_date": pub_date,
                "filed_date": filed_date(pub_date, page, read_at),
                "published_at": pub_at,
                "date_source": date_source,
                "authors": list(a.authors),
                "editors": list(a.editors),
                "photographers": list(a.photographers),
                "origin": a.origin,
                "clicks": a.clicks,
                "kind": a.kind,
                "body": a.body,
                "body_original": a.body_original if a.body_original is not None else a.body,
                "script": a.script,
                "captions": list(a.captions),
                "char_count": len(_WS.sub("", a.body)),
                "flags": sorted(set(flags)),
                "content_sha256": content_sha256(a),
                "raw_sha256": page.raw_sha256,
                "input_key": page.input_key,
                "read_at": read_at,
                "pipeline_version": PIPELINE_VERSION,
                **article_columns(a.body),  # places, investment_cny
            }
        )
    return records
