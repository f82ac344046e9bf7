"""The run report builder (flows/report.py): one row per unit, failed and skipped ones
included, sums per source, and advice that is true for the parameters used."""

from __future__ import annotations

from flows.report import UnitOutcome, partitions_markdown, source_rows, unit_rows

Unit = UnitOutcome


def _units() -> list[Unit]:
    return [
        Unit("a", "a-2024-03", {"pages_read": 7, "pages_new": 7, "pages_with_articles": 3, "articles_written": 5,
                                "undated": 1, "partitions": ["source=a/year=2024/month=3"]}),
        Unit("a", "a-2024-04", {"pages_read": 7, "pages_new": 7, "pages_with_articles": 4, "articles_written": 6,
                                "partitions": ["source=a/year=2024/month=4"]}),
        Unit.from_result("b", "b-2024-03", {"error": "ConnectError: host unreachable"}),
        Unit("b", "b-2024-02", status="skipped"),
    ]


def test_every_unit_has_a_row_with_its_status_and_error():
    rows = unit_rows(_units())
    assert [(r["unit"], r["status"]) for r in rows] == [("a-2024-03", "done"), ("a-2024-04", "done"),
                                                        ("b-2024-03", "failed"), ("b-2024-02", "skipped")]
    assert rows[2]["error"] == "ConnectError: host unreachable" and rows[2]["articles written"] is None
    assert rows[0]["undated"] == 1 and rows[1]["undated"] == 0 and rows[0]["fetch failures"] == 0


def test_sources_sum_their_units_and_count_failures():
    rows = {r["source"]: r for r in source_rows(_units())}
    assert rows["a"]["articles written"] == 11 and rows["a"]["pages with articles"] == 7
    assert rows["a"]["pages read"] == 14  # the same 7 files read by both months: the reason for per-unit rows
    assert rows["b"]["units"] == 1 and rows["b"]["units failed"] == 1 and rows["b"]["articles written"] == 0


def test_advice_for_failed_units_follows_force():
    plain = partitions_markdown("Backfill", _units())
    forced = partitions_markdown("Backfill", _units(), force=True)
    assert "run the same parameters again to retry only them" in plain
    assert "with `force` off to retry only them" in forced and "again to retry" not in forced
    assert "- b-2024-03: ConnectError: host unreachable" in plain and "- b-2024-02" in plain
    assert "`source=a/year=2024/month=4`" in plain
