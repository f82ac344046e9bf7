"""deployment.yaml on a real Prefect server: `prefect deploy --all` creates every deployment
with its schedules, time zone, concurrency limit and a parameter form; a backfill launched
through the API runs in a process worker and writes the month partitions; the same backfill
again writes nothing. One server for the module (fixture in tests/prefect_server.py)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from prefect_server import ROOT, dataset_files, prefect_server  # noqa: F401 - fixture

from flows.params import SOURCE_NAMES
from load.manifest import list_manifests, read_manifest

pytestmark = pytest.mark.slow
POOL = "local-process"
WORKER_TIMEOUT = 240


@pytest.fixture(scope="module")
def deployed(prefect_server):  # noqa: F811 - the fixture imported above
    prefect_server.run("work-pool", "create", POOL, "--type", "process")
    prefect_server.run("gcl", "create", "backfill-units", "--limit", "2")
    prefect_server.run("deploy", "--prefect-file", "deployment.yaml", "--all", "--no-prompt", timeout=300)
    api = httpx.Client(base_url=prefect_server.url, timeout=30)
    deployments = {d["name"]: d for d in api.post("/deployments/filter", json={}).json()}
    yield prefect_server, api, deployments
    api.close()


def test_every_deployment_of_the_file_exists(deployed):
    import yaml

    _, _, deployments = deployed
    names = [d["name"] for d in yaml.safe_load((ROOT / "deployment.yaml").read_text())["deployments"]]
    assert sorted(deployments) == sorted(names)
    assert {"news-etl-web", "news-etl-epaper", "backfill", "reprocess"} <= set(deployments)


def test_schedules_time_zone_and_limits(deployed):
    _, _, d = deployed
    web, epaper = d["news-etl-web"], d["news-etl-epaper"]
    assert [(s["schedule"]["cron"], s["schedule"]["timezone"], s["active"]) for s in web["schedules"]] == [
        ("0 * * * *", "Asia/Shanghai", True)]
    assert [(s["schedule"]["cron"], s["schedule"]["timezone"]) for s in epaper["schedules"]] == [
        ("30 6 * * *", "Asia/Shanghai")]
    assert web["entrypoint"] == "flows/incremental.py:news_incremental"
    assert web["parameters"]["kinds"] == ["listing", "rss", "sitemap"] and "mode" not in web["parameters"]
    assert epaper["parameters"]["kinds"] == ["epaper"]
    for name in ("news-etl-web", "news-etl-epaper"):
        assert d[name]["global_concurrency_limit"]["limit"] == 1
        assert d[name]["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
    assert d["backfill"]["schedules"] == [] and d["reprocess"]["schedules"] == []
    assert d["backfill"]["global_concurrency_limit"]["limit"] == 2
    assert d["backfill"]["concurrency_options"]["collision_strategy"] == "ENQUEUE"
    assert d["backfill"]["work_queue_name"] == "backfill" and web["work_queue_name"] == "scheduled"


def test_backfill_form_has_types_and_descriptions(deployed):
    _, _, d = deployed
    schema = d["backfill"]["parameter_openapi_schema"]
    props = schema["properties"]
    assert set(schema["required"]) == {"start_date", "end_date"}
    assert props["start_date"]["format"] == "date" and props["end_date"]["format"] == "date"
    assert props["sources"]["type"] == "array" and props["sources"]["items"]["enum"] == list(SOURCE_NAMES)
    assert "gansu_daily" in SOURCE_NAMES and "samples" in SOURCE_NAMES  # built from sources/*.toml
    assert props["mode"]["enum"] == ["refetch", "reprocess-from-archive"]
    assert props["max_parallel"]["type"] == "integer" and props["max_parallel"]["minimum"] == 1
    missing = [name for name, p in props.items() if len(p.get("description", "")) < 15]
    assert missing == []
    for name in ("reprocess", "news-etl-web"):
        props = d[name]["parameter_openapi_schema"]["properties"]
        assert all(p.get("description") for p in props.values()), name


def run_backfill(server, api, deployment_id: str, params: dict) -> dict:
    """Create a flow run of the backfill deployment and let a one-shot worker execute it."""
    run = api.post(f"/deployments/{deployment_id}/create_flow_run", json={"parameters": params}).json()
    proc = server.run("worker", "start", "--pool", POOL, "--work-queue", "backfill", "--run-once",
                      timeout=WORKER_TIMEOUT, check=False)
    deadline = time.monotonic() + 30
    while True:
        state = api.get(f"/flow_runs/{run['id']}").json()
        if state["state"]["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert state["state"]["type"] == "COMPLETED", f"{state['state']}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return state


def test_backfill_through_a_worker_then_again_changes_nothing(deployed, tmp_path):
    server, api, d = deployed
    out = tmp_path / "out"
    params = {"start_date": "2024-04-01", "end_date": "2024-06-30", "sources": ["samples"],
              "mode": "reprocess-from-archive", "out": str(out), "data_dir": str(out), "max_parallel": 2}
    first = run_backfill(server, api, d["backfill"]["id"], params)
    assert first["name"] == "backfill-2024-04-01..2024-06-30-reprocess-from-archive"
    stored = dataset_files(out / "articles")
    assert sorted(stored) == [f"source=samples/year=2024/month={m}/part-0.parquet" for m in (4, 5, 6)]
    manifest = read_manifest(list_manifests(str(out))[-1])
    assert manifest["counts"]["units_run"] == 3 and manifest["flow_run_id"] == first["id"]

    children = api.post("/flow_runs/filter", json={"flow_runs": {"parent_flow_run_id": {"any_": [first["id"]]}}}).json()
    units = sorted(r["name"] for r in children if r["state_type"] == "COMPLETED")
    assert units == ["ingest-samples-archive-2024-04-01..2024-04-30", "ingest-samples-archive-2024-05-01..2024-05-31",
                     "ingest-samples-archive-2024-06-01..2024-06-30"]
    artifacts = api.post("/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [first["id"]]}}}).json()
    by_key = {a["key"]: a for a in artifacts}
    table = by_key["backfill-units"]["data"]
    rows = json.loads(table) if isinstance(table, str) else table
    assert [(r["source"], r["unit"], r["status"]) for r in rows] == [
        ("samples", f"samples-2024-{m:02d}", "done") for m in (4, 5, 6)]
    assert sum(r["articles written"] for r in rows) == manifest["counts"]["per_source"][0]["articles written"] > 0
    # a local source's files are read by every month unit; pages with articles are counted once
    assert sum(r["pages with articles"] for r in rows) <= rows[0]["pages read"]
    assert "source=samples/year=2024/month=5" in by_key["backfill-partitions"]["data"]

    second = run_backfill(server, api, d["backfill"]["id"], params)
    again = read_manifest(list_manifests(str(out))[-1])
    assert again["flow_run_id"] == second["id"]
    assert again["counts"]["units_skipped"] == 3 and again["counts"]["units_run"] == 0
    assert dataset_files(out / "articles") == stored  # same bytes, same mtimes


def test_serve_builds_the_same_deployments_from_the_file():
    from flows.serve import runner_deployments

    got = {d.name: d for d in runner_deployments(Path(ROOT / "deployment.yaml"))}
    web = got["news-etl-web"]
    assert [(s.schedule.cron, s.schedule.timezone) for s in web.schedules] == [("0 * * * *", "Asia/Shanghai")]
    assert web.parameters["kinds"] == ["listing", "rss", "sitemap"] and web.concurrency_limit == 1
    assert got["backfill"].schedules in (None, []) and got["backfill"].concurrency_limit == 2


FAILING_SCHEDULED_RUN = """
from prefect import flow, tags

@flow(name="newsetl-alert-probe")
def probe():
    raise RuntimeError("probe failure")

with tags("scheduled"):
    try:
        probe()
    except RuntimeError:
        pass
"""


def test_failure_automation_fires_for_a_failed_scheduled_run(deployed):
    """`make deploy` runs `python -m flows.alerts`: one automation (idempotent) that fires when a
    flow run tagged `scheduled` fails; its firing is in the server's event feed."""
    import sys

    server, api, _ = deployed
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "flows.alerts"], cwd=ROOT, env=server.env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
    found = [a for a in api.post("/automations/filter", json={}).json() if a["name"] == "newsetl-scheduled-run-failed"]
    assert len(found) == 1
    trigger = found[0]["trigger"]
    assert set(trigger["expect"]) == {"prefect.flow-run.Failed", "prefect.flow-run.Crashed"}
    assert trigger["match_related"]["prefect.resource.id"] == "prefect.tag.scheduled"
    assert [a["type"] for a in found[0]["actions"]] == ["do-nothing"]

    run = subprocess.run([sys.executable, "-c", FAILING_SCHEDULED_RUN], cwd=ROOT, env=server.env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    automation_id = found[0]["id"]
    deadline = time.monotonic() + 60
    fired = []
    while not fired and time.monotonic() < deadline:
        events = api.post("/events/filter", json={"filter": {"event": {"prefix": ["prefect.automation."]}},
                                                  "limit": 50}).json()["events"]
        fired = [e for e in events if e["resource"]["prefect.resource.id"] == f"prefect.automation.{automation_id}"
                 and e["event"] in ("prefect.automation.triggered", "prefect.automation.action.executed")]
        time.sleep(1)
    assert fired, "the automation did not fire for a failed scheduled run"
