"""Step 6: what goes well, what can be better, and what the werkgroep decided.

A reflection recorded during a review carries the review's id (``reviews.decisions`` lists them),
and may point at the node or indicator that was on screen when it was said.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain.errors import ValidationError
from kompas.domain.model import Reflection
from kompas.store import audit
from kompas.store.connection import StoreView


def add_reflection(store: StoreView, reflection: Reflection) -> int:
    """Store a reflection after checking what it refers to; returns its id."""
    access = access_mod.of(store)
    if not reflection.author.strip() and access.role != "systeem":
        reflection = replace(reflection, author=access.user)  # the signed-in person wrote it
    errors = reflection.problems() | link_problems(
        store,
        programme_id=reflection.programme_id,
        node_id=reflection.node_id,
        indicator_id=reflection.indicator_id,
        review_id=reflection.review_id,
    )
    ValidationError.raise_if(errors)
    with store.transaction() as cur:
        reflection_id = insert(cur, reflection)
        audit.record(cur, access_mod.of(store), "toegevoegd", "reflectie", reflection_id, reflection.text[:120])
    return reflection_id


def link_problems(
    store: StoreView, *, programme_id=None, node_id=None, indicator_id=None, review_id=None
) -> dict[str, str]:
    """What is wrong with the links of a reflection or action: each must exist, and a review must be open."""
    errors = {}
    checks = [
        ("programme_id", programme_id, "programmes", "Kies een bestaand programma."),
        ("node_id", node_id, "nodes", "Kies een bestaand onderdeel van het veranderverhaal."),
        ("indicator_id", indicator_id, "indicators", "Kies een bestaande indicator."),
    ]
    for field, value, table, message in checks:
        if value and not store.scalar(f"SELECT count(*) FROM {table} WHERE id = ?", [value]):
            errors[field] = message
    if review_id is not None:
        status = store.scalar("SELECT status FROM reviews WHERE id = ?", [int(review_id)])
        if status is None:
            errors["review_id"] = "Deze bespreking bestaat niet (meer)."
        elif status != "open":
            errors["review_id"] = (
                "Deze bespreking is al gesloten. Leg het vast in de bespreking die nu loopt, of zonder bespreking."
            )
    return errors


def insert(cur, reflection: Reflection, created_at: datetime | None = None) -> int:
    """Insert a checked reflection inside the caller's transaction (``created_at`` default: now)."""
    review_id = None if reflection.review_id is None else int(reflection.review_id)
    return cur.execute(
        "INSERT INTO reflections (programme_id, kind, text, author, review_id, node_id, indicator_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?::TIMESTAMP, current_timestamp)) RETURNING id",
        [
            reflection.programme_id,
            reflection.kind,
            reflection.text.strip(),
            reflection.author,
            review_id,
            reflection.node_id,
            reflection.indicator_id,
            created_at,
        ],
    ).fetchone()[0]


def reflections(store: StoreView, programme_id: str | None = None) -> pd.DataFrame:
    """Newest first; with a programme: that programme's and the general ones."""
    return store.df(
        "SELECT r.*, p.title AS programme_title FROM reflections r LEFT JOIN programmes p ON p.id = r.programme_id "
        "WHERE (?::VARCHAR IS NULL OR r.programme_id = ? OR r.programme_id IS NULL) ORDER BY r.created_at DESC, r.id DESC",
        [programme_id, programme_id],
    )
