"""What a review records of the store when it opens (``review_snapshots``): every figure, story,
activity status and action as (kind, key, value) rows, so that ``kompas.analysis.review_changes`` can say
what changed since. Read through a person's view, the snapshot holds only what that person may read."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain import vocab
from kompas.store import observations, suppression, visibility
from kompas.store.connection import StoreView, raw

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
        read(f"SELECT 'observation' AS kind, concat_ws('|', {', '.join(FIGURE_KEY)}) AS key, "
             f"concat_ws('|', {measures}) AS value FROM observations"),
        read("SELECT 'note' AS kind, id::VARCHAR AS key, visibility || '|' || md5(concat_ws('|', title, body, "
             "note_date::VARCHAR, source_kind, coalesce(area_code, ''), consent::VARCHAR)) AS value FROM notes"),
        read("SELECT 'node_status' AS kind, id AS key, coalesce(status, '') AS value FROM nodes "
             "WHERE kind = 'activiteit'"),
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
    drop = keys.map(observations.provisional_keys(store).__contains__) if not visibility.shows_provisional(store) \
        else keys.map(lambda k: False)
    seen = {str(i) for i in visibility.visible_note_ids(store)}
    notes = (frame["kind"] == "note") & ~frame["key"].isin(seen)
    return frame[~notes & ~frame.index.isin(drop[drop].index)].reset_index(drop=True)


def past_snapshot(store: StoreView, at: datetime, overrides: dict | None = None) -> pd.DataFrame:
    """The snapshot as it would have been taken at ``at``: today's state without the stories dated later
    and the actions created later, with actions closed later still open; then ``overrides``:

    - ``node_status``: {activity id: its status then};
    - ``observations``: items with indicator, wave and optionally area, group_factor, group_value (left out:
      any); ``missing: true`` (the figures did not exist yet) or value, n, ci_low, ci_high, se (what they were);
    - ``new_stories``: ids or titles of stories not yet recorded then.

    Used to give the demo's earlier reviews a believable past; a review opened in the app takes ``snapshot``.
    """
    overrides = overrides or {}
    frame = snapshot(raw(store)).set_index(["kind", "key"])["value"]
    later = store.df("SELECT id::VARCHAR AS key FROM notes WHERE note_date > ?::DATE", [at.date()])["key"]
    unknown_notes = []
    for story in overrides.get("new_stories", ()):
        found = store.df("SELECT id::VARCHAR AS key FROM notes WHERE id::VARCHAR = ? OR title = ?",
                         [str(story), str(story)])["key"]
        unknown_notes += [] if len(found) else [str(story)]
        later = pd.concat([later, found])
    acts = store.df("SELECT id::VARCHAR AS key, created_at > ? AS later, closed_at > ? AS reopened FROM actions",
                    [at, at])
    drop = [("note", k) for k in later] + [("action", k) for k in acts[acts["later"]]["key"]]
    for key in acts[acts["reopened"].fillna(False) & ~acts["later"]]["key"]:
        frame.loc[("action", key)] = "open"
    for node_id, status in (overrides.get("node_status") or {}).items():
        if ("node_status", node_id) not in frame.index or status not in vocab.ACTIVITY_STATUS:
            raise ValueError(f"snapshot_overrides: geen activiteit '{node_id}' of geen status '{status}'")
        frame.loc[("node_status", node_id)] = status
    figures = frame.loc["observation"]
    parts = figures.index.to_series().str.split("|", n=4, expand=True).set_axis(FIGURE_KEY, axis=1)
    for item in overrides.get("observations", ()):
        wanted = {"indicator_id": item["indicator"], "wave_id": item["wave"], "area_code": item.get("area"),
                  "group_factor": item.get("group_factor"), "group_value": item.get("group_value")}
        match = pd.Series(True, index=parts.index)
        for column, value in wanted.items():
            match &= True if value is None else parts[column] == str(value)
        if not match.any():
            raise ValueError(f"snapshot_overrides: geen cijfers voor {item}")
        keys = list(parts.index[match])
        if item.get("missing"):
            drop += [("observation", k) for k in keys]
        else:
            old = "|".join("" if item.get(m) is None else repr(float(item[m])) for m in MEASURES)
            frame.loc[[("observation", k) for k in keys]] = old
    if unknown_notes:
        raise ValueError(f"snapshot_overrides: onbekende verhalen {unknown_notes}")
    frame = frame.drop([d for d in dict.fromkeys(drop) if d in frame.index])
    frame = frame.reset_index()
    if access_mod.of(store) is not access_mod.OWNER:  # read through a person's view: as ``snapshot`` does
        frame = _for_reader(store, frame)
    return frame.sort_values(["kind", "key"], ignore_index=True)
