"""Run reports: a table artifact per run (one row per source) and a markdown artifact listing
the partitions touched, so the UI answers "what did this run do" without reading logs.

Artifact keys are stable per flow (news-etl-sources, backfill-partitions, ...): the UI's
Artifacts page then shows each key's history across runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run

from load.manifest import new_run_id, write_manifest
from transform import PIPELINE_VERSION

COLUMNS = (("source", "source"), ("pages fetched", "pages_fetched"), ("new", "pages_new"),
           ("unchanged", "pages_unchanged"), ("articles written", "articles_written"),
           ("quarantined", "quarantined"))


def source_rows(reports: Sequence[dict]) -> list[dict]:
    """Reports summed per source (a backfill has one report per source and month)."""
    rows: dict[str, dict] = {}
    for rep in reports:
        if "source" not in rep:
            continue
        row = rows.setdefault(rep["source"], {label: 0 for label, _ in COLUMNS[1:]})
        for label, key in COLUMNS[1:]:
            row[label] += int(rep.get(key) or 0)
    return [{"source": name, **row} for name, row in sorted(rows.items())]


def partitions_markdown(title: str, reports: Sequence[dict], skipped: Sequence[str] = (),
                        failed: Sequence[str] = ()) -> str:
    parts = sorted({p for rep in reports for p in rep.get("partitions", [])})
    lines = [f"# {title}", "", f"{len(parts)} partition(s) written:", ""]
    lines += [f"- `{p}`" for p in parts] or ["- none"]
    kept = sorted({p for rep in reports for p in rep.get("range_partitions_kept", [])})
    if kept:
        lines += ["", "In the range but left as they were (no new rows):", ""] + [f"- `{p}`" for p in kept]
    if skipped:
        lines += ["", f"{len(skipped)} unit(s) skipped, already done with these parameters "
                      "(set `force` to redo them):", ""] + [f"- {s}" for s in skipped]
    if failed:
        lines += ["", f"**{len(failed)} unit(s) failed** (run the same parameters again to retry only them):",
                  ""] + [f"- {f}" for f in failed]
    return "\n".join(lines) + "\n"


def publish(key: str, title: str, reports: Sequence[dict], skipped: Sequence[str] = (),
            failed: Sequence[str] = ()) -> list[dict]:
    """Create the two artifacts of a run; returns the table rows (also logged by callers)."""
    rows = source_rows(reports)
    create_table_artifact(table=rows or [{label: "" for label, _ in COLUMNS}], key=f"{key}-sources",
                          description=f"{title}: pages and articles per source")
    create_markdown_artifact(markdown=partitions_markdown(title, reports, skipped, failed),
                             key=f"{key}-partitions", description=f"{title}: partitions touched")
    return rows


def finish_per_source_run(kind: str, key: str, title: str, started: datetime, calls: Sequence[tuple[str, dict]],
                          results: Sequence[dict], parameters: dict, out: str) -> dict:
    """Report, manifest and outcome of a run made of one child run per source; raises after
    recording everything when any source failed, so the run shows as failed in the UI."""
    done = [r for r in results if "error" not in r]
    failed = [f"{name}: {r['error']}" for (name, _), r in zip(calls, results, strict=True) if "error" in r]
    rows = publish(key, title, done, failed=failed)
    summary = {
        "run_id": new_run_id(started), "flow_run_id": flow_run.id, "started_at": started,
        "finished_at": datetime.now(UTC), "kind": kind, "parameters": parameters,
        "counts": {"sources": len(calls), "failed": len(failed), "per_source": rows},
        "partitions": sorted({p for r in done for p in r.get("partitions", [])}),
        "sources": done, "failed": failed, "pipeline_version": PIPELINE_VERSION,
    }
    summary["manifest_path"] = str(write_manifest(out, summary))
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(calls)} source(s) failed: " + "; ".join(failed))
    return summary
