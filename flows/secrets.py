"""Settings an operator keeps on the Prefect server instead of in files: the crawler's contact
URL as a Prefect Variable, object-store credentials as a Secret block.

Order, first wins: the registry's `_fetch.toml` and `NEWSETL_FETCH_*` environment (as
everywhere, extract.fetch.FetchConfig.load), then the Variable `newsetl_contact_url`.
Credentials: the process environment (AWS_*, what s3fs and botocore read), then the Secret
block `newsetl-storage`, a JSON object of environment names and values, e.g.
`{"AWS_ACCESS_KEY_ID": "...", "AWS_SECRET_ACCESS_KEY": "...", "AWS_ENDPOINT_URL": "http://minio:9000"}`;
variables the environment already sets are left alone. Both are read inside flow runs only:
the local CLI runs have no server to ask.

    prefect variable set newsetl_contact_url https://example.org/crawler-contact
    python -c "from prefect.blocks.system import Secret; Secret(value={...}).save('newsetl-storage')"
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

CONTACT_VARIABLE = "newsetl_contact_url"
STORAGE_SECRET = "newsetl-storage"
log = logging.getLogger(__name__)


def fetch_overrides(configured_contact: str) -> dict[str, Any]:
    """FetchConfig overrides from the server: the contact URL when files and env give none."""
    if configured_contact:
        return {}
    from prefect.variables import Variable

    value = Variable.get(CONTACT_VARIABLE, default=None)
    return {"contact_url": str(value)} if value else {}


def apply_storage_secret() -> list[str]:
    """Export the Secret block's credentials to this process's environment (unset names only);
    returns the names exported. No block, nothing done."""
    from prefect.blocks.system import Secret

    try:
        secret = Secret.load(STORAGE_SECRET, validate=False)
    except ValueError:  # no such block
        return []
    value = secret.get()
    if isinstance(value, str):
        value = json.loads(value)
    exported = [name for name in value if name not in os.environ]
    for name in exported:
        os.environ[name] = str(value[name])
    log.info("credentials from Secret block %s: %s", STORAGE_SECRET, ", ".join(exported) or "none needed")
    return exported
