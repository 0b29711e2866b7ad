"""Step 6: what goes well, what can be better, and what the werkgroep decided."""

from __future__ import annotations

import pandas as pd

from kompas.errors import ValidationError
from kompas.model import Reflection
from kompas.store import Store


def add_reflection(store: Store, reflection: Reflection) -> int:
    errors = reflection.problems()
    if reflection.programme_id and not store.scalar("SELECT count(*) FROM programmes WHERE id = ?",
                                                    [reflection.programme_id]):
        errors["programme_id"] = "Kies een bestaand programma."
    ValidationError.raise_if(errors)
    with store.transaction() as cur:
        return cur.execute(
            "INSERT INTO reflections (programme_id, kind, text, author) VALUES (?, ?, ?, ?) RETURNING id",
            [reflection.programme_id, reflection.kind, reflection.text.strip(), reflection.author],
        ).fetchone()[0]


def reflections(store: Store, programme_id: str | None = None) -> pd.DataFrame:
    """Newest first; with a programme: that programme's and the general ones."""
    return store.df(
        "SELECT r.*, p.title AS programme_title FROM reflections r LEFT JOIN programmes p ON p.id = r.programme_id "
        "WHERE (?::VARCHAR IS NULL OR r.programme_id = ? OR r.programme_id IS NULL) ORDER BY r.created_at DESC, r.id DESC",
        [programme_id, programme_id],
    )
