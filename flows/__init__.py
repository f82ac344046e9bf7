"""Prefect flows.

Importing this package fills in the local Prefect defaults (newsetl.settings) before a flow
module imports Prefect, which reads its settings only once, at import. Variables already set
in the environment are left alone.
"""

from newsetl.settings import apply_prefect_defaults

apply_prefect_defaults()
