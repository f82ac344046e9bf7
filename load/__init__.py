"""Storage: the partitioned article and mentions datasets, the quarantine and run manifests.

Kept free of Prefect so the CLI and notebooks can use it without starting a server.
Modules: schema (ARTICLE_SCHEMA v3), validate (checks before any write), writer (whole-partition
writes, backfills, streams), merge (the per-partition rules), mentions and mentions_schema (the
mentions dataset kept in step with the articles), dedup and reprints (reprint groups
and their signature index), storage (local rename or one S3 PUT), dataset (readers against the
current schema), quarantine, manifest. docs/storage.md explains the guarantees.
"""
