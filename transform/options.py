"""What a source knows about parsing its pages: one typed value instead of loose keyword dicts.

A registry entry (sources/*.toml, extract.sources.Source.parse_options) is the only place that
builds a non-default ParseOptions; the crawler, the archive reader, the local reader and
`newsetl parse --source NAME` all attach the same value to a page, so `newsetl parse` prints
exactly what the flow stores. `fingerprint()` goes into the transform cache key: changing a
source's options re-parses its pages.

What a page knows about itself (its bytes, URL, read time and edition date) stays on
transform.record.RawPage; options are what is true of every page of the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from transform.common.boilerplate import DEFAULT_RULESET, RuleSet


@dataclass(frozen=True)
class ParseOptions:
    """Per-source parsing knowledge.

    encoding: a charset to trust over the page's own labels (a site known to mislabel).
    site_rules: CSS selectors for HTML pages (body, title, date, author, noise, ...), as
        validated by the registry; see transform.html.extract.
    boilerplate: extra named line patterns of this source, appended to the shared rule set
        (`[extract] boilerplate = {name = "regex"}` in the registry).
    """

    encoding: str | None = None
    site_rules: dict[str, Any] | None = field(default=None, hash=False)
    boilerplate: tuple[tuple[str, str], ...] = ()

    @cached_property
    def rules(self) -> RuleSet:
        """The shared boilerplate rules plus this source's own (named `source:<name>`)."""
        if not self.boilerplate:
            return DEFAULT_RULESET
        return DEFAULT_RULESET.extended(dict(self.boilerplate))

    def fingerprint(self) -> str:
        """A stable string of every option: part of the transform cache key."""
        return json.dumps([self.encoding, self.site_rules, list(self.boilerplate)], sort_keys=True,
                          ensure_ascii=False)


DEFAULT_OPTIONS = ParseOptions()
