"""HTML main-content extraction (placeholder until the extractor lands)."""

from __future__ import annotations

from transform.boilerplate import RuleSet
from transform.record import Article, TransformError


def extract_html(html: str, *, url: str | None, rules: RuleSet, site_rules: dict | None = None) -> list[Article]:
    raise TransformError("extract", "HTML extraction not implemented yet")
