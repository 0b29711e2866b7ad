"""What is in a store, as plain records: counts for `info`, and lists for `list` (CLI, JSON).

``summary`` reads with plain SQL and no pandas, so `python -m kompas info` starts fast (tests/cli/test_cli_start.py).
"""

from __future__ import annotations

from kompas.domain import roles as access_mod
from kompas.store import visibility
from kompas.store.connection import StoreView

COUNTED = {
    "programmes": "programmes",
    "nodes": "nodes",
    "edges": "edges",
    "indicators": "indicators",
    "waves": "waves",
    "areas": "areas",
    "observations": "observations",
    "notes": "notes",
}

LISTS = {
    "nodes": "SELECT id, title, kind, programme_id, levensdomein, owner_kind, owner_name, status "
    "FROM nodes ORDER BY programme_id, id",
    "edges": "SELECT id, source_id || ' → ' || target_id AS label, source_id, target_id, assumption, evidence "
    "FROM edges ORDER BY id",
    "indicators": "SELECT id, title, kind, node_id, unit, direction, source, target_value, target_year, "
    "id NOT IN (SELECT indicator_id FROM indicators_off) AS aan FROM indicators ORDER BY id",
    "waves": "SELECT id, label, source, period_start, period_end FROM waves ORDER BY period_end, id",
    "areas": "SELECT code AS id, name AS title, level, parent_code FROM areas ORDER BY code",
}


def summary(store: StoreView) -> dict:
    """Counts of everything in the store, its schema version and which municipality it is about.

    >>> from kompas.store.connection import Store
    >>> summary(Store(":memory:", create=True).as_system("voorbeeld"))["nodes"]
    0
    """
    out = {name: store.scalar(f"SELECT count(*) FROM {table}") for name, table in COUNTED.items()}
    if access_mod.of(store) is not access_mod.OWNER:  # a person counts only the stories they may see
        out["notes"] = len(visibility.visible_note_ids(store))
    if access_mod.of(store).role == "raad":  # and the council only the figures it may see
        out["observations"] = store.scalar(
            f"SELECT count(*) FROM observations o WHERE {visibility.PUBLISHABLE}", [False]
        )
    out["schema_version"] = store.schema_version()
    out["municipality"] = store.info("municipality")
    return out


def listing(store: StoreView, kind: str, audience: str = "werkgroep") -> list[dict]:
    """One record per item of a kind; notes carry their visibility and only those the audience may see."""
    if kind == "notes":
        from kompas.store import stories  # pandas: only for the stories

        frame = stories.notes(store, audience)
        columns = ["id", "title", "note_date", "source_kind", "area_code", "visibility", "consent"]
        return plain_records(frame[columns].to_dict("records"))
    return plain_records(store.rows(LISTS[kind]))


def plain_records(records: list[dict]) -> list[dict]:
    """JSON-ready values: dates as ISO text, numpy numbers as Python numbers, NaN as None."""
    out = []
    for record in records:
        clean = {}
        for key, value in record.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()[:10]
            elif hasattr(value, "item"):
                value = value.item()
            if isinstance(value, float) and value != value:
                value = None
            clean[key] = value
        out.append(clean)
    return out
