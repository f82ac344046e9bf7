"""One process instead of deploy + worker: `prefect.serve` the deployments of deployment.yaml.

For a small setup (one machine, no work pool to manage): `make server` in one terminal and
`make serve` in another. The deployments, their schedules, time zones, parameters and
concurrency limits are read from deployment.yaml, so the two ways of running stay the same;
only the work pool and queue settings are ignored (served runs execute in this process's
children). The "backfill-units" global limit applies when it exists on the server (`make
deploy` creates it; so does `python -m flows.serve --create-limits`).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

import yaml

from newsetl.settings import PROJECT_ROOT

DEPLOYMENT_FILE = PROJECT_ROOT / "deployment.yaml"


def load_entries(path: Path = DEPLOYMENT_FILE) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["deployments"])


def _flow(entrypoint: str):
    file, name = entrypoint.split(":")
    return getattr(importlib.import_module(file.removesuffix(".py").replace("/", ".")), name)


def _schedules(entry: dict[str, Any]) -> list:
    from prefect.schedules import Cron

    return [Cron(s["cron"], timezone=s.get("timezone"), parameters=s.get("parameters") or {}, slug=s.get("slug"))
            for s in entry.get("schedules") or []]


def _limit(entry: dict[str, Any]):
    from prefect.client.schemas.objects import ConcurrencyLimitConfig

    spec = entry.get("concurrency_limit")
    if isinstance(spec, dict):
        return ConcurrencyLimitConfig(limit=spec["limit"], collision_strategy=spec.get("collision_strategy", "ENQUEUE"))
    return spec


def runner_deployments(path: Path = DEPLOYMENT_FILE) -> list:
    """RunnerDeployment objects equivalent to the file's deployments (names, schedules, limits)."""
    out = []
    for entry in load_entries(path):
        out.append(_flow(entry["entrypoint"]).to_deployment(
            name=entry["name"], description=entry.get("description"), tags=entry.get("tags"),
            parameters=entry.get("parameters") or {}, schedules=_schedules(entry),
            concurrency_limit=_limit(entry)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=4, help="flow runs at once in this process")
    parser.add_argument("--create-limits", action="store_true",
                        help="create the backfill-units global concurrency limit if missing, and the failure "
                             "automation of the scheduled deployments (flows/alerts.py)")
    args = parser.parse_args(argv)
    if args.create_limits:
        _ensure_unit_limit()
        from flows.alerts import ensure_failure_automation

        ensure_failure_automation()
    from prefect import serve

    serve(*runner_deployments(), limit=args.limit)
    return 0


def _ensure_unit_limit(limit: int = 2) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectNotFound

    from flows.runner import UNIT_LIMIT

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(UNIT_LIMIT)
        except ObjectNotFound:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=UNIT_LIMIT, limit=limit))


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_ROOT))
    raise SystemExit(main())
