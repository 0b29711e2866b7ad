"""The audit log: who added, changed, deleted, exported or read in what, and when.

Library write functions call ``record`` with the cursor of their own transaction, so the line
and the change are saved together or not at all. Exports are not changes: ``record_export``
writes its line in a transaction of its own, also for roles that may not edit.
The log is for the werkgroep: ``entries`` refuses other roles.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain.roles import Access

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
    >>> entries(store)["summary"].tolist()
    ['Buurthuis open']
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    cur.execute(
        "INSERT INTO audit_log (user_name, role, action, object_kind, object_id, summary) VALUES (?, ?, ?, ?, ?, ?)",
        [access.user, access.role, action, kind, "" if object_id is None else str(object_id), summary[:500]],
    )


def record_export(store, kind: str, object_id: object = "", summary: str = "") -> None:
    """Log an export (a file someone took out of the app or the CLI), whatever the role."""
    with store.log_transaction() as cur:
        record(cur, access_mod.of(store), "geëxporteerd", kind, object_id, summary)


def entries(store, user: str | None = None, kind: str | None = None, action: str | None = None,
            period: tuple[date, date] | None = None, limit: int = 1000) -> pd.DataFrame:
    """The lines of the log, newest first, filtered on who, what and when (both days included).

    Columns: id, at, user_name, role, action, object_kind, object_id, summary.
    Raises ``NotAllowedError`` for roles other than the werkgroep.
    """
    access_mod.of(store).require_log()
    lo, hi = period or (None, None)
    frame = store.df(
        "SELECT id, \"at\", user_name, role, action, object_kind, object_id, summary FROM audit_log "
        "WHERE (?::VARCHAR IS NULL OR user_name = ?) AND (?::VARCHAR IS NULL OR object_kind = ?) "
        "AND (?::VARCHAR IS NULL OR action = ?) "
        "AND (?::DATE IS NULL OR \"at\" >= ?) AND (?::DATE IS NULL OR \"at\" < ?) "
        "ORDER BY \"at\" DESC, id DESC LIMIT ?",
        [user, user, kind, kind, action, action, lo, lo, hi, hi + timedelta(days=1) if hi else None, limit],
    )
    return _without_intern_titles(store, frame)


def _without_intern_titles(store, frame: pd.DataFrame) -> pd.DataFrame:
    """Lines about a story this reader may not see (another author's intern story) lose its title; lines
    written before titles were left out of the log for intern stories included."""
    from kompas.store import stories  # stories writes to this log

    stories_lines = frame["object_kind"] == "verhaal"
    if not stories_lines.any():
        return frame
    existing = set(store.df("SELECT id::VARCHAR AS id FROM notes")["id"])
    seen = {str(i) for i in stories.visible_note_ids(store)}
    hide = stories_lines & frame["object_id"].isin(existing - seen)
    frame.loc[hide, "summary"] = stories.INTERN_IN_LOG
    return frame


def users(store) -> list[str]:
    """Everyone who appears in the log, for a filter."""
    access_mod.of(store).require_log()
    return list(store.df("SELECT DISTINCT user_name FROM audit_log ORDER BY 1")["user_name"])
