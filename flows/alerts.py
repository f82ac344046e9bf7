"""Failure notifications for the scheduled deployments: a Prefect automation, created by
`make deploy` (and `make serve`), that fires when a flow run tagged `scheduled` fails or
crashes.

Why an automation and not code in the flows: a crashed run (killed worker, out of memory)
runs none of its own code, and the server sees every state change. The action is "do
nothing" unless a webhook is configured: the firing is then recorded in the UI's event feed
and on the automation's page, which is the log-only notification. With
`NEWSETL_ALERT_WEBHOOK` set (an https URL, e.g. a chat incoming webhook), a `Webhook` block is
saved and the automation also calls it with the run's name, state and URL.

    python -m flows.alerts            # idempotent: creates or updates the automation
"""

from __future__ import annotations

import os
import sys

AUTOMATION_NAME = "newsetl-scheduled-run-failed"
SCHEDULED_TAG = "scheduled"  # deployment.yaml tags the scheduled deployments with it
WEBHOOK_BLOCK = "newsetl-alert-webhook"
WEBHOOK_BODY = ('{"text": "regional-news-etl: flow run {{ flow_run.name }} is {{ flow_run.state.name }}: '
                '{{ flow_run|ui_url }}"}')


def _actions() -> list:
    from prefect.events.actions import CallWebhook, DoNothing

    actions: list = [DoNothing()]
    url = os.environ.get("NEWSETL_ALERT_WEBHOOK", "").strip()
    if url:
        from prefect.blocks.webhook import Webhook

        block_id = Webhook(method="POST", url=url).save(WEBHOOK_BLOCK, overwrite=True)
        actions.append(CallWebhook(block_document_id=block_id, payload=WEBHOOK_BODY))
    return actions


def failure_automation():
    """The automation, not yet saved: a scheduled flow run entering Failed or Crashed."""
    from prefect.automations import Automation
    from prefect.events.schemas.automations import EventTrigger, Posture

    trigger = EventTrigger(
        expect={"prefect.flow-run.Failed", "prefect.flow-run.Crashed"},
        match_related={"prefect.resource.role": "tag", "prefect.resource.id": f"prefect.tag.{SCHEDULED_TAG}"},
        posture=Posture.Reactive, threshold=1)
    return Automation(name=AUTOMATION_NAME, description="A scheduled regional-news-etl run failed or crashed.",
                      trigger=trigger, actions=_actions(), enabled=True)


def ensure_failure_automation() -> str:
    """Create the automation, or replace one of the same name; returns its id."""
    from prefect.client.orchestration import get_client

    wanted = failure_automation()
    with get_client(sync_client=True) as client:
        for old in client.read_automations_by_name(AUTOMATION_NAME):
            client.delete_automation(old.id)
    return str(wanted.create().id)


if __name__ == "__main__":
    print(f"automation {AUTOMATION_NAME}: {ensure_failure_automation()}")
    sys.exit(0)
