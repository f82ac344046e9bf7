"""One way from a raw page to article records, whatever its format.

PDF pages need their layout read first (transform.pdf.reader, with pdfplumber); every other input
goes straight to transform.parse_page. The CLI, the flows and archived pages all call this,
so a format is never supported in one path and missing in another.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from transform import RawPage, parse_page
from transform.common.boilerplate import RuleSet
from transform.pdf.reader import is_pdf, pdf_records


def parse_raw_page(
    page: RawPage,
    rules: RuleSet | None = None,
    *,
    encoding: str | None = None,
    html_rules: dict[str, Any] | None = None,
    page_date: date | None = None,
) -> list[dict]:
    """Records of one page; raises transform.TransformError for what cannot be parsed."""
    if is_pdf(page.content):
        day, day_source = (page_date, "url") if page_date else (page.edition_date, page.edition_source)
        return pdf_records(page, edition_date=day, edition_source=day_source or "url", rules=rules,
                           read_at=page.read_at)
    return parse_page(page, rules, encoding=encoding, html_rules=html_rules, page_date=page_date)
