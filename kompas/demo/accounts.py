"""The demo's accounts: one per role, with the passwords README.md publishes. Only for the demo municipality:
``kompas.access.accounts.verify`` refuses them in a store that is not made up."""

from __future__ import annotations

from pathlib import Path

from kompas.access import accounts

DEMO_ACCOUNTS = accounts.PUBLISHED_SIGN_INS  # name (also its role) -> password


def add_demo_accounts(path: str | Path) -> bool:
    """Create the demo accounts (one per role, marked ``demo``) when there is no accounts file at ``path`` yet;
    True if it did, False if a file was there (it is left alone)."""
    if Path(path).exists():
        return False
    for role, password in DEMO_ACCOUNTS.items():
        accounts.add(path, role, role, password, demo=True)
    return True
