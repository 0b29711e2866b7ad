"""Areas: the gemeente, its wijken and buurten, with CBS codes and their parent."""

from __future__ import annotations

import pandas as pd

from kompas.domain.errors import ValidationError
from kompas.domain.model import Area
from kompas.store.connection import Store, StoreView


def save_areas(store: StoreView, items: list[Area]) -> None:
    """Insert or update areas in one transaction; parents must come first or already exist."""
    known = set(store.df("SELECT code FROM areas")["code"])
    for area in items:
        errors = area.problems()
        if area.parent_code and area.parent_code not in known:
            errors["parent_code"] = f"Het bovenliggende gebied '{area.parent_code}' bestaat niet."
        ValidationError.raise_if({f"{area.code}: {k}": v for k, v in errors.items()})
        known.add(area.code)
    with store.transaction() as cur:
        for area in items:
            cur.execute(
                "INSERT INTO areas VALUES (?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
                "name = excluded.name, level = excluded.level, parent_code = excluded.parent_code",
                [area.code, area.name, area.level, area.parent_code],
            )


def areas(store: StoreView, level: str | None = None) -> pd.DataFrame:
    """Areas in reading order: the gemeente, then each wijk followed by its buurten."""
    return store.df(
        "SELECT a.code, a.name, a.level, a.parent_code, p.name AS parent_name FROM areas a "
        "LEFT JOIN areas p ON p.code = a.parent_code WHERE (?::VARCHAR IS NULL OR a.level = ?) "
        "ORDER BY CASE a.level WHEN 'gemeente' THEN 0 WHEN 'wijk' THEN 1 ELSE 2 END, a.name",
        [level, level],
    )


def municipality(store: StoreView) -> dict:
    """The gemeente this store is about (the area without a parent)."""
    rows = store.rows("SELECT code, name FROM areas WHERE level = 'gemeente' ORDER BY code LIMIT 1")
    return rows[0] if rows else {"code": None, "name": "(nog geen gemeente)"}


def area_name(store: StoreView, code: str) -> str:
    return store.scalar("SELECT name FROM areas WHERE code = ?", [code]) or code


def forget_scopes(store: Store) -> None:
    """Drop the scopes ``scope`` remembered on this store, so the next call reads the areas again (the
    app's "clear caches"; a change to the data is noticed without it)."""
    getattr(store, "base", store)._scope_memo = None


def scope(store: StoreView, code: str | None) -> list[str] | None:
    """The area, everything inside it and everything it lies in: what a story about it may concern.

    None (no area chosen) means no restriction.
    """
    if not code:
        return None
    # Every story list on a page asks for the same area's scope; remember it until the store changes,
    # on the store itself (not on one person's view of it): the areas are the same for everyone.
    holder = getattr(store, "base", store)
    memo = getattr(holder, "_scope_memo", None)
    if memo is None or memo[0] != holder.data_version:
        memo = holder._scope_memo = (holder.data_version, {})
    if code in memo[1]:
        return list(memo[1][code])
    frame = store.df(
        "WITH RECURSIVE down(code) AS (SELECT ?::VARCHAR UNION SELECT a.code FROM areas a JOIN down d "
        "ON a.parent_code = d.code), up(code) AS (SELECT parent_code FROM areas WHERE code = ? UNION "
        "SELECT a.parent_code FROM areas a JOIN up u ON a.code = u.code WHERE a.parent_code IS NOT NULL) "
        "SELECT code FROM down UNION SELECT code FROM up WHERE code IS NOT NULL",
        [code, code],
    )
    memo[1][code] = list(frame["code"])
    return list(frame["code"])
