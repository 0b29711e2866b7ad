"""What a review records of the store when it opens (``review_snapshots``): every figure, story,
activity status and action as (kind, key, value) rows, so that ``kompas.analysis.review_changes`` can say
what changed since. Read through a person's view, the snapshot holds only what that person may read."""

from __future__ import annotations

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.store import observations, suppression, visibility
from kompas.store.connection import StoreView

FIGURE_KEY = ["indicator_id", "wave_id", "area_code", "group_factor", "group_value"]
MEASURES = ["value", "n", "ci_low", "ci_high", "se"]


def snapshot(store: StoreView, cur=None) -> pd.DataFrame:
    """The state of the store as rows (kind, key, value), as a review records it when it opens.

    Kinds: 'observation' (key "indicator|wave|area|group_factor|group_value", value "value|n|ci_low|ci_high|se"),
    'note' (key the note's id, value "visibility|hash of its content"), 'node_status' (key an activity's id, value its
    status) and 'action' (key the action's id, value its status). ``cur``: read inside that transaction (the
    library's own, to store it). Read through a person's view, a hidden figure's measures are blank, the council
    gets no provisional figure, and only the stories the role may see are listed.
    """
    read = store.df if cur is None else (lambda sql: cur.execute(sql).df())
    measures = ", ".join(f"coalesce({m}::DOUBLE::VARCHAR, '')" for m in MEASURES)
    parts = [
        read(
            f"SELECT 'observation' AS kind, concat_ws('|', {', '.join(FIGURE_KEY)}) AS key, "
            f"concat_ws('|', {measures}) AS value FROM observations"
        ),
        read(
            "SELECT 'note' AS kind, id::VARCHAR AS key, visibility || '|' || md5(concat_ws('|', title, body, "
            "note_date::VARCHAR, source_kind, coalesce(area_code, ''), consent::VARCHAR)) AS value FROM notes"
        ),
        read(
            "SELECT 'node_status' AS kind, id AS key, coalesce(status, '') AS value FROM nodes "
            "WHERE kind = 'activiteit'"
        ),
        read("SELECT 'action' AS kind, id::VARCHAR AS key, status AS value FROM actions"),
    ]
    frame = pd.concat([p.astype(str) for p in parts], ignore_index=True)
    if cur is None and access_mod.of(store) is not access_mod.OWNER:
        frame = _for_reader(store, frame)
    return frame.sort_values(["kind", "key"], ignore_index=True)


def _for_reader(store: StoreView, frame: pd.DataFrame) -> pd.DataFrame:
    """The snapshot without what this person may not read (see ``snapshot``)."""
    figures = frame["kind"] == "observation"
    keys = frame.loc[figures, "key"].str.split("|", n=4).map(tuple)
    hidden = suppression.decisions(store, sorted({k[0] for k in keys}))
    blank = keys.map(lambda k: hidden.get(k, (False, False))[1])
    frame.loc[blank[blank].index, "value"] = "|".join([""] * len(MEASURES))
    drop = (
        keys.map(observations.provisional_keys(store).__contains__)
        if not visibility.shows_provisional(store)
        else keys.map(lambda k: False)
    )
    seen = {str(i) for i in visibility.visible_note_ids(store)}
    notes = (frame["kind"] == "note") & ~frame["key"].isin(seen)
    return frame[~notes & ~frame.index.isin(drop[drop].index)].reset_index(drop=True)
