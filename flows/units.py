"""Backfill units: (source, month) pieces of a date range, and their completion markers.

Why months: the dataset is partitioned by source and month, so a unit rebuilds exactly the
partitions it owns and two units never rewrite the same partition; a failed unit is redone
alone. A marker (`<out>/_runs/units/<source>/<YYYY-MM>.json`) is written after a unit
loaded successfully; it records the unit's exact range, mode and pipeline version. A
backfill skips every unit whose marker matches, so running the same backfill twice does
no work the second time, and running it again after a failure redoes only the failed
units. The marker lives beside the data (not in Prefect's database): deleting the dataset
deletes the markers too, and a new PIPELINE_VERSION makes every marker stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from load.schema import SCHEMA_VERSION
from load.storage import join, open_store
from transform import PIPELINE_VERSION

MARKER_DIR = ("_runs", "units")


@dataclass(frozen=True)
class Unit:
    source: str
    start: date
    end: date

    @property
    def month(self) -> str:
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def name(self) -> str:
        return f"{self.source}-{self.month}"


def _month_end(day: date) -> date:
    first_next = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def month_units(start: date, end: date, sources: list[str]) -> list[Unit]:
    """The range cut at month boundaries, for each source; sources in the order given."""
    units = []
    for source in dict.fromkeys(sources):
        day = start
        while day <= end:
            last = min(_month_end(day), end)
            units.append(Unit(source, day, last))
            day = last + timedelta(days=1)
    return units


def signature(unit: Unit, mode: str) -> dict:
    """What must match for a unit to count as done."""
    return {"source": unit.source, "start": unit.start.isoformat(), "end": unit.end.isoformat(), "mode": mode,
            "pipeline_version": PIPELINE_VERSION, "schema_version": SCHEMA_VERSION}


def _store(out: str):
    return open_store(join(out, *MARKER_DIR))


def _rel(unit: Unit) -> str:
    return f"{unit.source}/{unit.month}.json"


def read_marker(out: str, unit: Unit) -> dict | None:
    store = _store(out)
    if not store.exists(_rel(unit)):
        return None
    return json.loads(store.get_bytes(_rel(unit)).decode("utf-8"))


def is_done(out: str, unit: Unit, mode: str) -> bool:
    marker = read_marker(out, unit)
    return marker is not None and marker.get("signature") == signature(unit, mode)


def clear_marker(out: str, unit: Unit) -> None:
    """Called before a unit runs: if it then fails, no stale marker says it is done."""
    _store(out).delete(_rel(unit))


def write_marker(out: str, unit: Unit, mode: str, report: dict, flow_run_id: str | None) -> None:
    """Atomic (rename locally, one PUT on object stores), like every other file in the dataset."""
    body = {"signature": signature(unit, mode), "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "backfill_flow_run_id": flow_run_id, "report": report}
    text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
    _store(out).put_bytes(_rel(unit), text.encode("utf-8"))
