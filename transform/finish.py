"""Articles -> schema-shaped records: identity, hashes, the filing date, provenance and the
columns derived from mentions. The last step of every parse (transform.pipeline and the PDF
path); kept apart from transform.record so that the data shapes import no enrichment.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from transform.common.dates import SHANGHAI
from transform.enrich.mentions import article_columns
from transform.record import PIPELINE_VERSION, Article, RawPage

_WS = re.compile(r"\s+")


def content_sha256(article: Article) -> str:
    ws_free = "".join((article.title or "").split()) + "\n" + "".join(article.body.split())
    return hashlib.sha256(ws_free.encode("utf-8")).hexdigest()


def article_id(source: str, input_key: str, ordinal: int) -> str:
    """Stable across re-runs of the same input: depends on where it came from, not on when."""
    return hashlib.sha256(f"{source}\n{input_key}\n{ordinal}".encode()).hexdigest()[:32]


def filed_date(published: date | None, page: RawPage, read_at: datetime, month: str | None = None) -> date:
    """The day a record is filed under (its partition month): the publication date when the
    page gives one, else the page's edition date, else the first day of the month the page
    gives without a day (`published_month`, 1998年3月号), else the day it was read (China time).

    Kept apart from `published_date` so that an undated page is never given a publication
    date it does not print: counting by `published_date` skips it, counting by `filed_date`
    still finds it.
    """
    if published is not None:
        return published
    if page.edition_date is not None:
        return page.edition_date
    if month:
        return date(int(month[:4]), int(month[5:7]), 1)
    return read_at.astimezone(SHANGHAI).date()


def published_month(article: Article) -> str | None:
    """YYYY-MM: the month of `published_date`, or the month a page gives without a day."""
    return article.published_date.strftime("%Y-%m") if article.published_date else article.published_month


_UNDERIVED = {"places": None, "investment_cny": None}


def finish_records(page: RawPage, articles: list[Article], read_at: datetime, *, derived: bool = True) -> list[dict]:
    """Add identity, hashes, the filing date, provenance and the columns derived from mentions.

    `places` and `investment_cny` come from transform.enrich.mentions.article_columns (money and
    place mentions only), so `newsetl parse` shows what the dataset stores. With `derived`
    False they are left null: the pipeline's writer derives them again from the bodies it keeps
    (load.mentions.Settler, right by construction), so computing them in the parse workers was
    work thrown away - about 9% of an HTML page's parse (html-dev pages, 2026-12-04).
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
                "filed_date": filed_date(pub_date, page, read_at, month := published_month(a)),
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
                **(article_columns(a.body) if derived else _UNDERIVED),  # places, investment_cny
                "published_month": month,
            }
        )
    return records
