"""Dispatch: decode a raw page, pick the parser by content, finish the records."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from transform.common.boilerplate import DEFAULT_RULESET, RuleSet
from transform.common.decode import decode_bytes
from transform.record import RawPage, TransformError, finish_records

MAX_INPUT_BYTES = 10 * 1024 * 1024
_WORD = re.compile(r"[^\W_]")
_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|head|body|meta|div|p|table)\b", re.I)


def looks_like_html(text: str) -> bool:
    """By content, not by file name: markup tags near the start of the page."""
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


def parse_page(
    page: RawPage,
    rules: RuleSet | None = None,
    *,
    encoding: str | None = None,
    html_rules: dict | None = None,
    read_at: datetime | None = None,
    page_date: date | None = None,
) -> list[dict]:
    """Turn one raw page into schema-shaped article records; raises TransformError.

    page_date: the edition date a source knows from its URL template (e-papers); text
    dumps use it to date articles and to give 3月17日 its year. Without it, the page's own
    `edition_date` (a dated file name, --edition-date) plays that part.
    """
    if len(page.content) > MAX_INPUT_BYTES:
        raise TransformError("read", f"input too large: {len(page.content)} bytes (limit {MAX_INPUT_BYTES})")
    rules = rules or DEFAULT_RULESET
    decoded = decode_bytes(page.content, page.content_type, encoding)
    if looks_like_html(decoded.text):
        from transform.html.extract import extract_html

        articles = extract_html(decoded.text, url=page.url, rules=rules, site_rules=html_rules)
    else:
        from transform.text.page import parse_text

        day, day_source = (page_date, "url") if page_date else (page.edition_date, page.edition_source)
        articles = parse_text(decoded.text, rules=rules, page_date=day, page_date_source=day_source or "url")
    articles = [a for a in articles if _WORD.search(a.body)]
    if not articles:
        raise TransformError("extract", "no article text found")
    when = read_at or page.read_at or datetime.now(UTC)
    return finish_records(page, articles, when)
