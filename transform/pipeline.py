"""Dispatch: one way from a raw page to records, whatever its format.

PDF bytes go to the layout reader (transform.pdf); every other input is decoded and sent to
the HTML extractor or the text parser by its content, never by its file name. The CLI, the
flows and archived pages all call `parse_page`, so a format is never supported in one path
and missing in another.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from transform.common.decode import decode_bytes
from transform.finish import finish_records
from transform.options import DEFAULT_OPTIONS, ParseOptions
from transform.record import RawPage, TransformError

MAX_INPUT_BYTES = 10 * 1024 * 1024
_WORD = re.compile(r"[^\W_]")
_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|head|body|meta|div|p|table)\b", re.I)


def looks_like_html(text: str) -> bool:
    """By content, not by file name: markup tags near the start of the page."""
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


def parse_page(page: RawPage, options: ParseOptions | None = None, *, read_at: datetime | None = None,
               derived: bool = True) -> list[dict]:
    """Turn one raw page into schema-shaped article records; raises TransformError.

    derived: fill `places` and `investment_cny` (transform.finish.finish_records); the flows'
    parse workers leave them to the writer, which derives them from the same bodies.

    options: what the page's source knows (encoding, site rules, boilerplate additions;
    extract.sources.Source.parse_options). The page's own `edition_date` dates e-paper
    articles and gives a yearless 3月17日 its year.
    """
    if len(page.content) > MAX_INPUT_BYTES:
        raise TransformError("read", f"input too large: {len(page.content)} bytes (limit {MAX_INPUT_BYTES})")
    options = options or DEFAULT_OPTIONS
    when = read_at or page.read_at or datetime.now(UTC)
    from transform.pdf.reader import is_pdf

    if is_pdf(page.content):
        from transform.pdf.reader import pdf_records

        return pdf_records(page, rules=options.rules, read_at=when, derived=derived)
    decoded = decode_bytes(page.content, page.content_type, options.encoding)
    if looks_like_html(decoded.text):
        from transform.html.extract import extract_html

        articles = extract_html(decoded.text, url=page.url, rules=options.rules, site_rules=options.site_rules)
    else:
        from transform.text.page import parse_text

        articles = parse_text(decoded.text, rules=options.rules, page_date=page.edition_date,
                              page_date_source=page.edition_source or "url")
    articles = [a for a in articles if _WORD.search(a.body)]
    if not articles:
        raise TransformError("extract", "no article text found")
    return finish_records(page, articles, when, derived=derived)
