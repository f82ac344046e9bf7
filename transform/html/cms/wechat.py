"""WeChat official-account articles (mp.weixin.qq.com): where the page states its date.

Regional governments and papers publish much of their news as WeChat articles. The template's
visible date element (``<em id="publish_time">``) is filled by a script, so a saved page shows
a relative day (``昨天``, ``前天``) or nothing; the article's creation time is only in a script
variable, ``var ct = "1581517074"`` (seconds since 1970, UTC). Measured on GeneralNewsExtractor's
two WeChat test pages: no date at all before this reader, the day the visible text implies now.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from transform.common.dates import SHANGHAI

DATE_META = "wechat:ct"  # the key meta_tags files the creation time under
_MARKER = "rich_media"  # the article template's class prefix (rich_media_title, rich_media_meta…)
_CREATED = re.compile(r"\bvar\s+ct\s*=\s*[\"'](?P<ts>1\d{9})[\"']")


def creation_time(html: str) -> str | None:
    """The article's creation time in China time (ISO 8601) from a WeChat page's script, or None
    for any other page."""
    if _MARKER not in html or not (m := _CREATED.search(html)):
        return None
    return datetime.fromtimestamp(int(m["ts"]), UTC).astimezone(SHANGHAI).isoformat()
