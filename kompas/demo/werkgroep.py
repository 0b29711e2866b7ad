"""The demo werkgroep (``kompas/demo/data/werkgroep.yaml``): its members and earlier, closed reviews with their
attendees, decisions and actions, each with a believable snapshot of its day. Only for the demo municipality;
a real werkgroep holds its reviews in the app (``kompas.store.reviews``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import yaml

from kompas.domain import vocab
from kompas.domain.errors import ValidationError
from kompas.domain.model import Action, Member, Reflection
from kompas.store import reflections, review_snapshots, reviews
from kompas.store.connection import StoreView, raw


def load_werkgroep(store: StoreView, path: str | Path) -> None:
    """Load the demo werkgroep (``kompas/demo/data/werkgroep.yaml``): members, and earlier, closed reviews with
    their attendees, decisions and actions. Each review's snapshot is the state now, taken back to the day
    it was held (``_past_snapshot``) with the review's ``snapshot_overrides``. ``NotAllowedError`` for a role
    that may not edit, before anything is written."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    people = {
        m["key"]: reviews.save_member(
            store, Member(m["name"], m.get("role", ""), m.get("organisation", ""), m.get("active", True))
        )
        for m in data.get("members", ())
    }
    loaded = [(_load_review(store, item, people), item) for item in data.get("reviews", ())]
    for review_id, item in loaded:  # after all reviews: later reviews' actions must not show as existing
        opened = reviews.get_review(store, review_id)["opened_at"]
        # the whole state, as a review stores it (a person's view would leave out what they may not read)
        frame = _past_snapshot(raw(store), opened, item.get("snapshot_overrides") or {})
        with store.transaction() as cur:
            reviews.store_snapshot(cur, review_id, frame)


def _load_review(store: StoreView, item: dict, people: dict[str, int]) -> int:
    held = as_date(item["held_on"])
    at = {hour: datetime.combine(held, time(hour)) for hour in (10, 11, 12)}
    said = [
        Reflection(
            r["kind"], r["text"], r.get("programme"), r.get("author", ""), None, r.get("node"), r.get("indicator")
        )
        for r in item.get("decisions", ())
    ]
    todo = [
        (
            Action(
                a["title"],
                people[a["owner"]] if a.get("owner") else None,
                a.get("owner_name", ""),
                as_date(a["due"]),
                a.get("status", "open"),
                a.get("node"),
                a.get("indicator"),
                None,
                a.get("result", ""),
            ),
            a.get("closed_on"),
        )
        for a in item.get("actions", ())
    ]
    for thing in [*said, *(a for a, _ in todo)]:
        problems = thing.problems() | reflections.link_problems(
            store, node_id=thing.node_id, indicator_id=thing.indicator_id
        )
        ValidationError.raise_if({k: f"{item['title']}: {v}" for k, v in problems.items()})
    with store.transaction() as cur:
        review_id = cur.execute(
            "INSERT INTO reviews (held_on, title, agenda, notes, status, opened_at, closed_at) "
            "VALUES (?, ?, ?, ?, 'gesloten', ?, ?) RETURNING id",
            [held, item["title"], item.get("agenda", "").strip(), item.get("notes", "").strip(), at[10], at[12]],
        ).fetchone()[0]
        reviews.set_attendees(cur, review_id, [people[key] for key in item.get("attendees", ())])
        for reflection in said:
            reflections.insert(cur, replace(reflection, review_id=review_id), created_at=at[11])
        for action, closed_on in todo:
            closed_at = datetime.combine(as_date(closed_on), time(12)) if closed_on else None
            reviews.insert_action(cur, replace(action, review_id=review_id), created_at=at[11], closed_at=closed_at)
    return review_id


def _past_snapshot(store: StoreView, at: datetime, overrides: dict | None = None) -> pd.DataFrame:
    """The snapshot as it would have been taken at ``at``: today's state without the stories dated later
    and the actions created later, with actions closed later still open; then ``overrides``:

    - ``node_status``: {activity id: its status then};
    - ``observations``: items with indicator, wave and optionally area, group_factor, group_value (left out:
      any); ``missing: true`` (the figures did not exist yet) or value, n, ci_low, ci_high, se (what they were);
    - ``new_stories``: ids or titles of stories not yet recorded then.

    ``store``: the system's view (the whole state, as a review stores it). A review opened in the app takes
    ``review_snapshots.snapshot``.
    """
    overrides = overrides or {}
    frame = review_snapshots.snapshot(store).set_index(["kind", "key"])["value"]
    later = store.df("SELECT id::VARCHAR AS key FROM notes WHERE note_date > ?::DATE", [at.date()])["key"]
    unknown_notes = []
    for story in overrides.get("new_stories", ()):
        found = store.df(
            "SELECT id::VARCHAR AS key FROM notes WHERE id::VARCHAR = ? OR title = ?", [str(story), str(story)]
        )["key"]
        unknown_notes += [] if len(found) else [str(story)]
        later = pd.concat([later, found])
    acts = store.df(
        "SELECT id::VARCHAR AS key, created_at > ? AS later, closed_at > ? AS reopened FROM actions", [at, at]
    )
    drop = [("note", k) for k in later] + [("action", k) for k in acts[acts["later"]]["key"]]
    for key in acts[acts["reopened"].fillna(False) & ~acts["later"]]["key"]:
        frame.loc[("action", key)] = "open"
    for node_id, status in (overrides.get("node_status") or {}).items():
        if ("node_status", node_id) not in frame.index or status not in vocab.ACTIVITY_STATUS:
            raise ValueError(f"snapshot_overrides: geen activiteit '{node_id}' of geen status '{status}'")
        frame.loc[("node_status", node_id)] = status
    figures = frame.loc["observation"]
    parts = figures.index.to_series().str.split("|", n=4, expand=True).set_axis(review_snapshots.FIGURE_KEY, axis=1)
    for item in overrides.get("observations", ()):
        wanted = {
            "indicator_id": item["indicator"],
            "wave_id": item["wave"],
            "area_code": item.get("area"),
            "group_factor": item.get("group_factor"),
            "group_value": item.get("group_value"),
        }
        match = pd.Series(True, index=parts.index)
        for column, value in wanted.items():
            match &= True if value is None else parts[column] == str(value)
        if not match.any():
            raise ValueError(f"snapshot_overrides: geen cijfers voor {item}")
        keys = list(parts.index[match])
        if item.get("missing"):
            drop += [("observation", k) for k in keys]
        else:
            old = "|".join("" if item.get(m) is None else repr(float(item[m])) for m in review_snapshots.MEASURES)
            frame.loc[[("observation", k) for k in keys]] = old
    if unknown_notes:
        raise ValueError(f"snapshot_overrides: onbekende verhalen {unknown_notes}")
    frame = frame.drop([d for d in dict.fromkeys(drop) if d in frame.index])
    frame = frame.reset_index()
    return frame.sort_values(["kind", "key"], ignore_index=True)


def as_date(value) -> date:
    """A date from YAML: a ``date`` as it is, else ISO text ('2025-03-01'); ``ValueError`` for other text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
