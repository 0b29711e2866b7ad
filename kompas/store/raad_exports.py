"""The register of raadsinformatie factsheets made (``raad_exports``): what was asked, chosen and edited,
and a hash of the data, so a factsheet can be made again and said to rest on the same data or not."""

from __future__ import annotations

import pandas as pd

from kompas.domain import roles
from kompas.domain.errors import NotFoundError
from kompas.store import audit
from kompas.store.connection import StoreView


def next_id(store: StoreView) -> int:
    """The number the next factsheet gets (the document states its own number before it is recorded)."""
    return int(store.scalar("SELECT nextval('raad_export_ids')"))


def record(
    store: StoreView,
    export_id: int,
    made_on,
    author: str,
    question: str,
    request_json: str,
    edits_json: str,
    data_hash: str,
    file_format: str,
    made_as: str,
) -> None:
    """Record a factsheet and its audit line in one transaction. Recording an export is logging, not
    editing: every role that may read may make a factsheet."""
    with store.log_transaction() as cur:
        cur.execute(
            "INSERT INTO raad_exports (id, made_on, author, question, request, edits, data_hash, file_format, "
            "made_as) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [export_id, made_on, author, question, request_json, edits_json, data_hash, file_format, made_as],
        )
        audit.record(
            cur, roles.of(store), "geëxporteerd", "raadsinformatie", export_id, f"{file_format}: {question[:120]}"
        )


def get(store: StoreView, export_id: int) -> dict:
    """One recorded factsheet (every column of ``raad_exports``); ``NotFoundError`` when there is none."""
    rows = store.rows("SELECT * FROM raad_exports WHERE id = ?", [export_id])
    if not rows:
        raise NotFoundError("Raadsinformatie", export_id)
    return rows[0]


def listing(store: StoreView) -> pd.DataFrame:
    """Earlier factsheets, newest first: id, made_on, author, question, file_format, data_hash."""
    return store.df(
        "SELECT id, strftime(made_on, '%Y-%m-%d') AS made_on, author, question, file_format, data_hash "
        "FROM raad_exports ORDER BY created_at DESC, id DESC"
    )
