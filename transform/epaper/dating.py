"""Dating an e-paper article by its edition: one rule for text dumps and page PDFs."""

from __future__ import annotations

import re
from datetime import date

from transform.common.dates import infer_year
from transform.record import Article

_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def date_epaper_article(a: Article, page_date: date | None, source: str) -> None:
    """An e-paper article is dated by its edition; a body opening with 3月17日 takes
    that day in the edition's year (the year before, if it would fall after the edition)."""
    if page_date is None:
        if _MONTH_DAY.match(a.body):
            a.flags.append("date_without_year")
        return
    a.published_date, a.date_source = page_date, source
    if (m := _MONTH_DAY.match(a.body)) and (day := infer_year(int(m.group(1)), int(m.group(2)), page_date)):
        a.published_date, a.date_source = day, "text"
