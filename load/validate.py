"""Record checks run before anything is written: a bad record is quarantined, not stored.

The transform promises schema-shaped records; this is where the promise is checked, because a
notebook trusts the dataset. Checks: the record converts to ARTICLE_SCHEMA (known fields,
types), required fields are present, a known `source` name, `kind` and `script`, dates no
later than tomorrow in China time and not before the PRC's founding (1949-10-01: earlier dates
in this corpus are OCR or parsing errors), a non-blank body, and `article_id` unique within the
batch (two records with one id and *different* content mean the id scheme broke; equal
content under one id is a plain duplicate and left to the writer's dedupe).

Failures become quarantine rows with stage "validate", one per input, listing every reason.
At this stage the input's raw bytes are gone, so `head` holds the first 2 KB of the rejected
record as JSON and `raw_sha256` is the record's own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa
import pyarrow.compute as pc

from load.quarantine import quarantine_entry
from load.schema import (
    ARTICLE_SCHEMA,
    DERIVED_COLUMNS,
    LOAD_COLUMNS,
    SHANGHAI_TZ,
    SOURCE_RE,
    month_from_published,
    month_of_dates,
)

EARLIEST = date(1949, 10, 1)
FUTURE_SLACK = timedelta(days=1)  # a page dated tomorrow is normal across time zones
KINDS = {"article", "photo", "table"}
SCRIPTS = {"hans", "hant"}
_MONTH_RE = r"^\d{4}-(?:0[1-9]|1[0-2])$"
REQUIRED = tuple(f.name for f in ARTICLE_SCHEMA if not f.nullable and f.name not in LOAD_COLUMNS)


@dataclass
class Rejection:
    """A record that failed validation: its position in the batch, identity and reasons."""

    index: int
    record: dict
    reasons: list[str] = field(default_factory=list)

    @property
    def input_ref(self) -> str:
        r = self.record
        return str(r.get("input_path") or r.get("url") or r.get("input_key") or f"record {self.index}")


def _as_aware(value: object, tz) -> object:
    # Naive datetimes from the transform are wall-clock times: China time for publication
    # times, UTC for read times; pyarrow would otherwise take them as UTC.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def _prepare(rec: dict) -> dict:
    row = dict(rec)
    row["published_at"] = _as_aware(row.get("published_at"), SHANGHAI_TZ)
    row["read_at"] = _as_aware(row.get("read_at"), UTC)
    return row


def convert(records: Sequence[dict]) -> tuple[pa.Table, list[Rejection]]:
    """Convert to ARTICLE_SCHEMA (plus a `_row` position column); records that do not convert
    are rejected one by one."""
    known = set(ARTICLE_SCHEMA.names)
    rows, rejected = [], []
    for i, rec in enumerate(records):
        unknown = sorted(set(rec) - known)
        if unknown:
            rejected.append(Rejection(i, rec, [f"fields not in the article schema: {unknown}"]))
            continue
        rows.append((i, _prepare(rec)))
    try:
        table = pa.Table.from_pylist([r for _, r in rows], schema=ARTICLE_SCHEMA)
        return table.append_column("_row", pa.array([i for i, _ in rows], pa.int64())), rejected
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    good = []
    for i, row in rows:  # slow path, only when something is wrong: find the culprits
        try:
            pa.Table.from_pylist([row], schema=ARTICLE_SCHEMA)
            good.append((i, row))
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            rejected.append(Rejection(i, records[i], [f"fields do not convert to the article schema: {exc}"]))
    table = pa.Table.from_pylist([r for _, r in good], schema=ARTICLE_SCHEMA)
    return table.append_column("_row", pa.array([i for i, _ in good], pa.int64())), rejected


def _reasons(table: pa.Table, today: date) -> dict[int, list[str]]:
    """{row: reasons} for the rows failing a check; vectorised, so valid batches cost little."""
    out: dict[int, list[str]] = {}
    if table.num_rows == 0:
        return out

    def flag(mask: pa.ChunkedArray | pa.Array, message) -> None:
        for i in pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist():
            out.setdefault(i, []).append(message(i) if callable(message) else message)

    def value(column: str | pa.ChunkedArray, i: int) -> object:
        return (table[column] if isinstance(column, str) else column)[i].as_py()

    for name in REQUIRED:
        flag(pc.is_null(table[name]), f"required field {name} is missing")
    flag(pc.invert(pc.match_substring_regex(table["source"], SOURCE_RE.pattern)),
         lambda i: f"invalid source name {value('source', i)!r}")
    flag(pc.invert(pc.is_in(table["kind"], pa.array(sorted(KINDS)))), lambda i: f"unknown kind {value('kind', i)!r}")
    flag(pc.invert(pc.is_in(table["script"], pa.array(sorted(SCRIPTS)))),
         lambda i: f"unknown script {value('script', i)!r}")
    latest = today + FUTURE_SLACK
    flag(pc.greater(table["published_date"], pa.scalar(latest, pa.date32())),
         lambda i: f"published_date {value('published_date', i)} is in the future (after {latest})")
    flag(pc.less(table["published_date"], pa.scalar(EARLIEST, pa.date32())),
         lambda i: f"published_date {value('published_date', i)} is before {EARLIEST}")
    stated_month = table["published_month"]
    flag(pc.invert(pc.match_substring_regex(stated_month, _MONTH_RE)),
         lambda i: f"published_month {value(stated_month, i)!r} is not YYYY-MM")
    flag(pc.not_equal(stated_month, month_of_dates(table["published_date"])),
         lambda i: f"published_month {value(stated_month, i)} is not the month of published_date {value('published_date', i)}")
    # An undated row is filed by its read day: a clock or file time in the future is refused too.
    flag(pc.greater(table["filed_date"], pa.scalar(latest, pa.date32())),
         lambda i: f"filed_date {value('filed_date', i)} is in the future (after {latest})")
    at_day = pc.cast(pc.local_timestamp(table["published_at"]), pa.date32())  # China wall clock
    flag(pc.greater(at_day, pa.scalar(latest, pa.date32())),
         lambda i: f"published_at {value(at_day, i)} is in the future")
    flag(pc.less(at_day, pa.scalar(EARLIEST, pa.date32())), lambda i: f"published_at {value(at_day, i)} is before {EARLIEST}")
    flag(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(table["body"])), 0), "body is empty")
    flag(pc.less(table["char_count"], 0), "char_count is negative")
    per_id = table.group_by("article_id").aggregate([("content_sha256", "count_distinct")])
    clashing = per_id.filter(pc.greater(per_id["content_sha256_count_distinct"], 1))["article_id"]
    if len(clashing):  # rare: only these rows are looked at one by one
        rows = pc.indices_nonzero(pc.is_in(table["article_id"], clashing)).to_pylist()
        first: dict[str, tuple[int, str]] = {}
        for i in rows:
            aid, sha = str(value("article_id", i)), str(value("content_sha256", i))
            if aid in first and first[aid][1] != sha:
                out.setdefault(i, []).append(f"article_id {aid} also used by record {first[aid][0]} with other content")
            first.setdefault(aid, (i, sha))
    return out


def fill_filed_date(table: pa.Table) -> pa.Table:
    """`published_month` and `filed_date` where a record lacks them (records of older code,
    tables built by hand): the month of the publication date; the publication date, else the
    first of that month, else the day it was read in China time - the rules of
    transform.finish, for rows that did not go through it."""
    table = month_from_published(table)
    month, filed = table["published_month"], table["filed_date"]
    if filed.null_count == 0:
        return table
    china = table["read_at"].cast(pa.timestamp("us", tz="Asia/Shanghai"))
    read_day = pc.cast(pc.local_timestamp(china), pa.date32())
    month_day = pc.cast(pc.strptime(pc.binary_join_element_wise(month, "01", "-"), "%Y-%m-%d", "s", error_is_null=True),
                        pa.date32())
    filled = pc.coalesce(filed, table["published_date"], month_day, read_day)
    return table.set_column(table.schema.get_field_index("filed_date"), table.schema.field("filed_date"), filled)


def validate(data: pa.Table | Sequence[dict], now: datetime | None = None) -> tuple[pa.Table, list[Rejection]]:
    """Split a batch into the valid rows (ARTICLE_SCHEMA) and rejections, keeping batch order."""
    if isinstance(data, pa.Table):
        optional = LOAD_COLUMNS + DERIVED_COLUMNS + ("filed_date", "published_month")  # the writer fills these
        missing = [n for n in ARTICLE_SCHEMA.names if n not in data.column_names and n not in optional]
        if missing:
            raise ValueError(f"table lacks article columns: {missing}")
        for name in optional:
            if name not in data.column_names:
                data = data.append_column(ARTICLE_SCHEMA.field(name), pa.nulls(data.num_rows, ARTICLE_SCHEMA.field(name).type))
        table = data.select(ARTICLE_SCHEMA.names).cast(ARTICLE_SCHEMA.remove_metadata().with_metadata(None))
        table = table.append_column("_row", pa.array(range(table.num_rows), pa.int64()))
        rejected: list[Rejection] = []
    else:
        table, rejected = convert(data)
    table = fill_filed_date(table)
    today = (now or datetime.now(UTC)).astimezone(SHANGHAI_TZ).date()
    reasons = _reasons(table, today)
    if reasons:
        bad = sorted(reasons)
        rows = table.drop_columns(["_row"]).take(pa.array(bad, pa.int64())).to_pylist()
        positions = table["_row"].to_pylist()
        rejected += [Rejection(positions[i], row, reasons[i]) for i, row in zip(bad, rows, strict=True)]
        keep = pa.array([i not in reasons for i in range(table.num_rows)], pa.bool_())
        table = table.filter(keep)
    rejected.sort(key=lambda r: r.index)
    return table.drop_columns(["_row"]).cast(ARTICLE_SCHEMA), rejected


def _json_default(value: object) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def quarantine_rows(rejections: Sequence[Rejection], pipeline_version: str = "",
                    when: datetime | None = None) -> list[dict]:
    """One quarantine row per input (stage "validate"), naming each rejected record's reasons."""
    by_input: dict[str, list[Rejection]] = {}
    for r in rejections:
        by_input.setdefault(r.input_ref, []).append(r)
    rows = []
    for ref, rejs in by_input.items():
        message = "; ".join(f"record {r.record.get('article_id') or r.index}: {', '.join(r.reasons)}" for r in rejs)
        head = json.dumps(rejs[0].record, ensure_ascii=False, default=_json_default).encode("utf-8")
        entry = quarantine_entry(ref, rejs[0].record.get("source"), "validate", ("ValidationError", message),
                                 head, pipeline_version=pipeline_version, when=when)
        entry["raw_sha256"] = rejs[0].record.get("raw_sha256") or entry["raw_sha256"]
        rows.append(entry)
    return rows


REQUIRED_FIELDS = tuple(f.name for f in ARTICLE_SCHEMA if not f.nullable)  # the transform's required fields


class RecordError(ValueError):
    """Records that do not fit ARTICLE_SCHEMA (raised by records_to_table)."""


def check_source(source: str) -> str:
    """Source names become directory names: keep them to a portable, unquoted alphabet."""
    if not SOURCE_RE.match(source or ""):
        raise RecordError(f"invalid source name {source!r}: use letters, digits, '_', '.', '-'")
    return source


def check_records(records: Sequence[dict]) -> None:
    """The structural checks that need no Arrow conversion, raising RecordError on the first
    failure: fields the schema knows, required fields present, a portable source name. A parse
    worker runs these on its page's records (cheap); the conversion itself is done once per
    batch by `pages_to_table`."""
    known = set(ARTICLE_SCHEMA.names)
    for i, rec in enumerate(records):
        unknown = sorted(set(rec) - known)
        if unknown:
            raise RecordError(f"record {i}: fields not in the article schema: {unknown}")
        missing = [name for name in REQUIRED_FIELDS if rec.get(name) is None]
        if missing:
            raise RecordError(f"record {i}: required fields missing or null: {missing}")
        check_source(rec["source"])


def records_to_table(records: Sequence[dict]) -> pa.Table:
    """Structural conversion that raises, for the transform task: fields, types, required, source.

    The record-level checks (dates, empty body, unique ids) run in `write_articles`, which
    quarantines the failing records and writes the rest.
    """
    table, rejected = convert(records)
    if rejected:
        first = rejected[0]
        raise RecordError(f"record {first.index}: {'; '.join(first.reasons)}")
    check_records(records)
    return table.drop_columns(["_row"])


def pages_to_table(pages: Sequence[Sequence[dict]]) -> tuple[pa.Table, dict[int, str]]:
    """One table for the records of many pages, and {page position: reason} for the pages
    whose records do not convert to the schema (all of such a page's records are left out, as
    records_to_table would refuse the page). Converting a batch at once instead of a table per
    page: 0.04 against 0.3 ms a page on the html-dev pages (2-core machine, 2026-12-04), and one
    chunk for the writer instead of hundreds."""
    flat: list[dict] = []
    owner: list[int] = []
    first: list[int] = []
    for p, records in enumerate(pages):
        first.append(len(flat))
        flat.extend(records)
        owner.extend([p] * len(records))
    table, rejected = convert(flat)
    bad: dict[int, str] = {}
    for r in rejected:
        bad.setdefault(owner[r.index], f"record {r.index - first[owner[r.index]]}: {'; '.join(r.reasons)}")
    if bad:
        keep = [owner[i] not in bad for i in table.column("_row").to_pylist()]
        table = table.filter(pa.array(keep, pa.bool_()))
    return table.drop_columns(["_row"]), bad
