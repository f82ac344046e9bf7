"""Run reports, the one place that says what a run did: the run manifest (load.manifest), a
table artifact with one row per (source, unit) and a markdown artifact of the partitions
touched, so the UI answers "what did this run do" without reading logs.

Every flow ends here: news_etl (one unit, the local files), news_incremental and reprocess
(one unit per source), backfill (one unit per source and month). Why one row per unit and not
per source: a failed unit must show as a row with its error, and page counts summed over the
months of a local source count every file once per month (7 files read by 2 month units read
as "new 14"); `pages with articles` is the distinct count (a page's articles fall in one month).

Artifact keys are stable per flow (news-etl-units, backfill-partitions, ...): the UI's
Artifacts page then shows each key's history across runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run

from load.manifest import new_run_id, write_manifest
from load.schema import SCHEMA_VERSION
from transform import PIPELINE_VERSION

# (table label, key of a unit's report); additive counts, summed per source as well.
COUNT_COLUMNS = (("pages fetched", "pages_fetched"), ("fetch failures", "fetch_failures"),
                 ("pages read", "pages_read"), ("new", "pages_new"), ("unchanged", "pages_unchanged"),
                 ("pages with articles", "pages_with_articles"), ("articles written", "articles_written"),
                 ("undated", "undated"), ("quarantined", "quarantined"))


@dataclass
class UnitOutcome:
    """One piece of a run: a source's local files, a source, or a (source, month)."""

    source: str
    name: str
    report: dict[str, Any] = field(default_factory=dict)
    status: str = "done"  # done, failed or skipped
    error: str = ""

    @classmethod
    def from_result(cls, source: str, name: str, result: dict[str, Any]) -> UnitOutcome:
        """A child run's result: its report, or {"error": ...} (flows.runner.run_children)."""
        if "error" in result:
            return cls(source, name, status="failed", error=str(result["error"]))
        return cls(source, name, report=result)


def unit_rows(units: Sequence[UnitOutcome]) -> list[dict[str, Any]]:
    """The table artifact: one row per unit, failed and skipped ones included."""
    rows = []
    for unit in units:
        row: dict[str, Any] = {"source": unit.source, "unit": unit.name, "status": unit.status}
        for label, key in COUNT_COLUMNS:
            row[label] = int(unit.report.get(key) or 0) if unit.status == "done" else None
        row["error"] = unit.error
        rows.append(row)
    return rows


def source_rows(units: Sequence[UnitOutcome]) -> list[dict[str, Any]]:
    """Counts summed per source over its done units, with the number of units and failures."""
    rows: dict[str, dict[str, Any]] = {}
    for unit in units:
        row = rows.setdefault(unit.source, {"units": 0, "units failed": 0,
                                            **{label: 0 for label, _ in COUNT_COLUMNS}})
        row["units"] += unit.status != "skipped"
        row["units failed"] += unit.status == "failed"
        for label, key in COUNT_COLUMNS:
            row[label] += int(unit.report.get(key) or 0)
    return [{"source": name, **row} for name, row in sorted(rows.items())]


def partitions_markdown(title: str, units: Sequence[UnitOutcome], force: bool = False) -> str:
    """Partitions written, partitions of the range left alone, skipped and failed units, and
    advice that is true for the parameters used."""
    done = [u.report for u in units if u.status == "done"]
    parts = sorted({p for rep in done for p in rep.get("partitions", [])})
    lines = [f"# {title}", "", f"{len(parts)} partition(s) written:", ""]
    lines += [f"- `{p}`" for p in parts] or ["- none"]
    kept = sorted({p for rep in done for p in rep.get("range_partitions_kept", [])})
    if kept:
        lines += ["", "In the range but left as they were (no new rows):", ""] + [f"- `{p}`" for p in kept]
    skipped = [u.name for u in units if u.status == "skipped"]
    if skipped:
        lines += ["", f"{len(skipped)} unit(s) skipped, already done with these parameters "
                      "(set `force` to redo them):", ""] + [f"- {s}" for s in skipped]
    failed = [u for u in units if u.status == "failed"]
    if failed:
        advice = ("run the same parameters with `force` off to retry only them" if force
                  else "run the same parameters again to retry only them")
        lines += ["", f"**{len(failed)} unit(s) failed** ({advice}):", ""]
        lines += [f"- {u.name}: {u.error}" for u in failed]
    return "\n".join(lines) + "\n"


def publish(key: str, title: str, units: Sequence[UnitOutcome], force: bool = False) -> None:
    """The run's two artifacts (table per unit, partitions markdown)."""
    rows = unit_rows(units)
    empty = {"source": "", "unit": "", "status": "no unit", **{label: None for label, _ in COUNT_COLUMNS},
             "error": ""}
    create_table_artifact(table=rows or [empty], key=f"{key}-units",
                          description=f"{title}: one row per unit (source, or source and month)")
    create_markdown_artifact(markdown=partitions_markdown(title, units, force), key=f"{key}-partitions",
                             description=f"{title}: partitions touched")


def record(kind: str, started: datetime, parameters: dict[str, Any], counts: dict[str, Any],
           partitions: list[Any], out: str, strict: bool = False, **extra: Any) -> dict[str, Any]:
    """The run summary every flow returns, written as the run's manifest (last, atomically)."""
    summary: dict[str, Any] = {
        "run_id": new_run_id(started), "flow_run_id": flow_run.id, "kind": kind,
        "started_at": started, "finished_at": datetime.now(UTC), "parameters": parameters,
        "counts": counts, "partitions": partitions, **extra,
        "pipeline_version": PIPELINE_VERSION, "schema_version": SCHEMA_VERSION,
    }
    summary["manifest_path"] = str(write_manifest(out, summary, strict=strict))
    return summary


def finish(kind: str, key: str, title: str, started: datetime, units: Sequence[UnitOutcome],
           parameters: dict[str, Any], out: str, force: bool = False, what: str = "unit") -> dict[str, Any]:
    """Artifacts and manifest of a run made of child units; raises after recording everything
    when any unit failed, so the run never ends green without having done its job."""
    publish(key, title, units, force)
    done = [u for u in units if u.status == "done"]
    failed = [f"{u.name}: {u.error}" for u in units if u.status == "failed"]
    ran = [u for u in units if u.status != "skipped"]
    counts = {"units": len(units), "units_run": len(done), "units_skipped": len(units) - len(ran),
              "units_failed": len(failed), "per_source": source_rows(units), "per_unit": unit_rows(units)}
    summary = record(kind, started, parameters, counts,
                     sorted({p for u in done for p in u.report.get("partitions", [])}), out,
                     units=[u.report for u in done], skipped=[u.name for u in units if u.status == "skipped"],
                     failed=failed)
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(ran)} {what}(s) failed: " + "; ".join(failed))
    return summary
