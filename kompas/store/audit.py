"""The audit log: who added, changed, deleted, exported or read in what, and when.

Library write functions call ``record`` with the cursor of their own transaction, so the line
and the change are saved together or not at all. Exports are not changes: ``record_export``
writes its line in a transaction of its own, also for roles that may not edit.
Reading the log is ``kompas.store.audit_log`` (for the werkgroep only).
"""

from __future__ import annotations

from kompas.domain import roles as access_mod
from kompas.domain.roles import Access
from kompas.store.connection import StoreView

ACTIONS = {
    "toegevoegd": "Toegevoegd",
    "gewijzigd": "Gewijzigd",
    "verwijderd": "Verwijderd",
    "geëxporteerd": "Geëxporteerd",
    "ingelezen": "Ingelezen",
    "geweigerd": "Geweigerd",  # a refused sign-in (migration 009)
    "teruggezet": "Teruggezet",  # a backup put back (migration 009)
}

KINDS = {
    "verhaal": "Verhaal",
    "programma": "Programma",
    "onderdeel": "Onderdeel van het veranderverhaal",
    "pijl": "Pijl (veronderstelling)",
    "indicator": "Indicator",
    "meting": "Meting",
    "cijfers": "Cijfers",
    "bespreking": "Werkgroepbespreking",
    "actie": "Actie",
    "reflectie": "Reflectie of besluit",
    "lid": "Werkgroeplid",
    "vergelijking": "Vergelijking van metingen",
    "verslag": "Verslag van een bespreking",
    "drempels": "Drempels voor kleine groepen",
    "raadsinformatie": "Raadsinformatie",
    "gebieden": "Gebieden (gemeente, wijken, buurten)",
    "reservekopie": "Reservekopie",
    "aanmelding": "Inloggen",
    "beleidstoets": "Beleidstoets bij een activiteit",
    "verkenning": "Verkenning (stap 1)",
    "veronderstelling": "Toets van een veronderstelling",
    "uitwisseling": "Uitwisselbestand (IATI of Excel)",
}


def record(cur, access: Access, action: str, kind: str, object_id: object = "", summary: str = "") -> None:
    """Write one line inside the caller's transaction.

    >>> from kompas.store.connection import Store
    >>> store = Store(":memory:", create=True).as_system("voorbeeld")
    >>> with store.transaction() as cur:
    ...     record(cur, store.access, "toegevoegd", "verhaal", 1, "Buurthuis open")
    >>> store.scalar("SELECT summary FROM audit_log")
    'Buurthuis open'
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    cur.execute(
        "INSERT INTO audit_log (user_name, role, action, object_kind, object_id, summary) VALUES (?, ?, ?, ?, ?, ?)",
        [access.user, access.role, action, kind, "" if object_id is None else str(object_id), summary[:500]],
    )


def record_export(store: StoreView, kind: str, object_id: object = "", summary: str = "") -> None:
    """Log an export (a file someone took out of the app or the CLI), whatever the role."""
    with store.log_transaction() as cur:
        record(cur, access_mod.of(store), "geëxporteerd", kind, object_id, summary)
