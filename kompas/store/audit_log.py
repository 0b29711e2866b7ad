"""Reading the audit log (``kompas.store.audit`` writes it): the lines, filtered, for the werkgroep only
(``NotAllowedError`` for other roles); a story this reader may not see keeps its line but not its title."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.store import stories, visibility
from kompas.store.connection import StoreView


def entries(
    store: StoreView,
    user: str | None = None,
    kind: str | None = None,
    action: str | None = None,
    period: tuple[date, date] | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """The lines of the log, newest first, filtered on who, what and when (both days included).

    Columns: id, at, user_name, role, action, object_kind, object_id, summary.
    Raises ``NotAllowedError`` for roles other than the werkgroep.
    """
    access_mod.of(store).require_log()
    lo, hi = period or (None, None)
    frame = store.df(
        'SELECT id, "at", user_name, role, action, object_kind, object_id, summary FROM audit_log '
        "WHERE (?::VARCHAR IS NULL OR user_name = ?) AND (?::VARCHAR IS NULL OR object_kind = ?) "
        "AND (?::VARCHAR IS NULL OR action = ?) "
        'AND (?::DATE IS NULL OR "at" >= ?) AND (?::DATE IS NULL OR "at" < ?) '
        'ORDER BY "at" DESC, id DESC LIMIT ?',
        [user, user, kind, kind, action, action, lo, lo, hi, hi + timedelta(days=1) if hi else None, limit],
    )
    return _without_intern_titles(store, frame)


def _without_intern_titles(store, frame: pd.DataFrame) -> pd.DataFrame:
    """Lines about a story this reader may not see (another author's intern story) lose its title; lines
    written before titles were left out of the log for intern stories included."""
    stories_lines = frame["object_kind"] == "verhaal"
    if not stories_lines.any():
        return frame
    existing = set(store.df("SELECT id::VARCHAR AS id FROM notes")["id"])
    seen = {str(i) for i in visibility.visible_note_ids(store)}
    hide = stories_lines & frame["object_id"].isin(existing - seen)
    frame.loc[hide, "summary"] = stories.INTERN_IN_LOG
    return frame


def users(store: StoreView) -> list[str]:
    """Everyone who appears in the log, for a filter."""
    access_mod.of(store).require_log()
    return list(store.df("SELECT DISTINCT user_name FROM audit_log ORDER BY 1")["user_name"])
