"""Storage: the partitioned article dataset, the quarantine and run manifests.

Kept free of Prefect so the CLI and notebooks can use it without starting a server.
"""
