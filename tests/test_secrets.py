"""The contact URL from a Prefect Variable and object-store credentials from a Secret block,
read inside a flow run (tests/conftest.py's Prefect harness: a real local server)."""

from __future__ import annotations

import os

import pytest


@pytest.mark.slow
def test_contact_url_and_credentials_from_the_server(prefect_harness, monkeypatch):
    from prefect import flow
    from prefect.blocks.system import Secret
    from prefect.variables import Variable

    from flows.secrets import CONTACT_VARIABLE, STORAGE_SECRET, apply_storage_secret, fetch_overrides

    monkeypatch.setenv("NEWSETL_TEST_STORE_KEY", "x")
    monkeypatch.delenv("NEWSETL_TEST_STORE_KEY")  # absent now, and again after the test

    @flow
    def probe():
        none_yet = apply_storage_secret(), fetch_overrides("")
        Variable.set(CONTACT_VARIABLE, "https://example.org/crawler-ops", overwrite=True)
        Secret(value={"NEWSETL_TEST_STORE_KEY": "k1", "PATH": "not-this"}).save(STORAGE_SECRET, overwrite=True)
        return none_yet, fetch_overrides(""), fetch_overrides("https://from-the-toml"), apply_storage_secret()

    try:
        none_yet, from_variable, from_file, exported = probe()
    finally:
        Variable.unset(CONTACT_VARIABLE)
    assert none_yet == ([], {})
    assert from_variable == {"contact_url": "https://example.org/crawler-ops"}
    assert from_file == {}  # the registry's _fetch.toml and the environment come first
    assert exported == ["NEWSETL_TEST_STORE_KEY"] and os.environ["NEWSETL_TEST_STORE_KEY"] == "k1"
    assert os.environ["PATH"] != "not-this"  # what the environment sets is left alone
