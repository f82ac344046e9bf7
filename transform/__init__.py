"""Pure transform: raw page bytes -> article records. No I/O, no Prefect.

Public API:
    parse_page(page, rules=None) -> list[dict]   raises TransformError
"""

from transform.pipeline import parse_page
from transform.record import PIPELINE_VERSION, Article, RawPage, TransformError

__all__ = ["parse_page", "Article", "RawPage", "TransformError", "PIPELINE_VERSION"]
