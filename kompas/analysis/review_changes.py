"""What changed since a review: new and revised figures (and which moved beyond their margin of error),
new stories, activities with another status, and actions done, late or due soon.

How: when a review opens, ``kompas.store.review_snapshots.snapshot`` records the state of the store in ``review_snapshots``.
``changes_since`` compares that record with the state now (or, with ``until``, with the record of a later
review, which is what the minutes of a past review need). Every row says where it lives in the six-step
walk: ``page`` (a page path for ``st.page_link``) and the id to open there (``indicator_id``, ``node_id``,
``note_id`` or ``action_id``). Figures follow ``kompas.store.suppression``: a figure about too few people
carries no value, and is never compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from kompas.analysis import assumptions, verdict, wave_pair
from kompas.domain import formatting, vocab
from kompas.domain.errors import NotFoundError
from kompas.store import observations, reviews, stories, suppression, visibility
from kompas.store.connection import StoreView, raw
from kompas.store.review_snapshots import FIGURE_KEY, MEASURES, snapshot

PAGES = {
    "outcome": "app_pages/step_5_outcome.py",
    "output": "app_pages/step_4_input.py",
    "activiteit": "app_pages/step_4_input.py",
    "note": "app_pages/verhalen.py",
    "action": "app_pages/acties.py",
}
DUE_SOON_DAYS = 14
_CLOSED = ("gedaan", "vervallen")
_FIGURE = [
    "indicator_id",
    "indicator_title",
    "indicator_kind",
    "unit",
    "wave_id",
    "wave_label",
    "area_code",
    "area_name",
    "group_factor",
    "group_value",
]
_BEYOND = [
    *_FIGURE,
    "direction",
    "previous_wave_label",
    "value_before",
    "value_after",
    "diff",
    "margin",
    "verdict",
    "revised",
    "sentence",
    "page",
]


@dataclass(frozen=True, eq=False)
class Changes:
    """Everything that changed, one DataFrame per kind (columns: see ``changes_since``)."""

    new_observations: pd.DataFrame
    revised_observations: pd.DataFrame
    beyond_margin: pd.DataFrame
    new_stories: pd.DataFrame
    activity_changes: pd.DataFrame
    actions_done: pd.DataFrame
    actions_overdue: pd.DataFrame
    actions_due_soon: pd.DataFrame
    revised_stories: pd.DataFrame = field(default_factory=pd.DataFrame)
    review_id: int | None = None
    assumption_lines: tuple[str, ...] = ()  # kompas.analysis.assumptions.since: assumptions tested anew
    since: date | None = None  # the day of the review compared with
    today: date | None = None

    def ids(self) -> dict[str, set]:
        """What to mark as new on the step pages: ids of indicators, nodes, notes and actions."""
        figures = pd.concat([self.new_observations, self.revised_observations])
        return {
            "indicators": set(figures.get("indicator_id", [])),
            "nodes": set(self.activity_changes.get("node_id", [])),
            "notes": set(self.new_stories.get("note_id", [])) | set(self.revised_stories.get("note_id", [])),
            "actions": set(self.actions_done.get("action_id", [])),
        }


def changes_since(
    store: StoreView,
    review_id: int,
    audience: str = "werkgroep",
    today: date | None = None,
    *,
    until: int | None = None,
) -> Changes:
    """What changed between the opening of review ``review_id`` and now (or the opening of review ``until``).

    Frames (each row also has ``page``, the page path where it lives in the six-step walk):

    - new_observations: indicator_id, indicator_title, indicator_kind, unit, wave_id, wave_label, area_code,
      area_name, group_factor, group_value, value, n, ci_low, ci_high, suppressed, previous_wave_label,
      beyond_margin (boolean; NA when it cannot be said: no previous figure, no margin, suppressed, not
      comparable), verdict (a key of ``verdict.WORDS`` for the change since the previous wave; None without one).
    - revised_observations: the same keys, old_value, new_value, old_n, new_n, old_ci_low, old_ci_high,
      new_ci_low, new_ci_high, suppressed, previous_wave_label, beyond_margin, sentence.
    - beyond_margin: the new or revised figures whose change since the previous wave of the same source is
      real (``kompas.analysis.verdict``, within the family of that pair of waves, as the comparison judges it): the keys
      above, direction, previous_wave_label, value_before, value_after, diff, margin (half-width of the plain
      95% interval of the change), verdict ('beter', 'slechter', 'veranderd'), revised (False: a new figure),
      sentence. The verdict is the store's: for the minutes of a past review, figures revised since are
      judged as they are now.
    - new_stories / revised_stories: the columns of ``stories.notes`` plus note_id; only what ``audience`` may see.
    - activity_changes: node_id, title, programme_id, owner_name, old_status (None for a new activity),
      new_status, sentence.
    - actions_done (closed since, as 'gedaan' or 'vervallen'), actions_overdue, actions_due_soon (open and due
      within 14 days of ``today``): the columns of ``reviews.actions`` plus action_id.
    """
    review = _review(store, review_id)
    then = _stored(store, review_id)
    if until is None:
        now, today = snapshot(raw(store)), today or date.today()  # whole: compared with the stored one
    else:
        now, today = _stored(store, until), today or _review(store, until)["held_on"]
    new, revised, beyond = _figures(store, then, now)
    if not visibility.shows_provisional(store):  # the council's role: no provisional figures
        hidden = observations.provisional_keys(store)
        new, revised, beyond = (
            f[[k not in hidden for k in f[FIGURE_KEY].itertuples(index=False, name=None)]].reset_index(drop=True)
            for f in (new, revised, beyond)
        )
    new_notes, revised_notes = _notes(store, then, now, audience)
    done, overdue, soon = _actions(store, then, now, today)
    opened = [
        store.scalar("SELECT opened_at FROM reviews WHERE id = ?", [r]) if r is not None else None
        for r in (review_id, until)
    ]
    tested_anew = tuple(
        assumptions.since(store, set(new.get("wave_id", [])) | set(revised.get("wave_id", [])), *opened)
    )
    return Changes(
        new,
        revised,
        beyond,
        new_notes,
        _activities(store, then, now),
        done,
        overdue,
        soon,
        revised_notes,
        review_id=int(review_id),
        assumption_lines=tested_anew,
        since=review["held_on"],
        today=today,
    )


def summary(changes: Changes) -> list[str]:
    """Short Dutch sentences for the top of the review page and the minutes; empty when nothing changed.

    >>> summary(Changes(*[pd.DataFrame()] * 8))
    []
    """
    new, done = changes.new_observations, changes.actions_done
    finished = int((done["status"] == "gedaan").sum()) if len(done) else 0
    counts = [
        (len(new), "nieuw cijfer", "nieuwe cijfers"),
        (len(changes.revised_observations), "cijfer is aangepast", "cijfers zijn aangepast"),
        (
            len(changes.beyond_margin),
            "cijfer veranderde meer dan de foutmarge",
            "cijfers veranderden meer dan de foutmarge",
        ),
        (len(changes.new_stories), "nieuw verhaal", "nieuwe verhalen"),
        (len(changes.revised_stories), "verhaal is aangepast", "verhalen zijn aangepast"),
        (len(changes.activity_changes), "activiteit heeft een andere status", "activiteiten hebben een andere status"),
        (finished, "actie is afgerond", "acties zijn afgerond"),
        (len(done) - finished, "actie is vervallen", "acties zijn vervallen"),
        (len(changes.actions_overdue), "actie is te laat", "acties zijn te laat"),
        (
            len(changes.actions_due_soon),
            f"actie moet binnen {DUE_SOON_DAYS} dagen klaar zijn",
            f"acties moeten binnen {DUE_SOON_DAYS} dagen klaar zijn",
        ),
    ]
    out = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    if len(new):
        indicators = new["indicator_id"].nunique()
        out[0] += f" (bij {indicators} {'indicator' if indicators == 1 else 'indicatoren'})"
    return out + list(changes.assumption_lines)


# --- figures ------------------------------------------------------------------------------------------
def _figures(store: StoreView, then: pd.DataFrame, now: pd.DataFrame):
    before, after = _parse_figures(then), _parse_figures(now)
    merged = after.merge(before, on=FIGURE_KEY, how="left", suffixes=("", "_old"), indicator=True)
    is_new = merged["_merge"] == "left_only"
    same = pd.Series(True, index=merged.index)
    for m in MEASURES:
        a, b = merged[m], merged[f"{m}_old"]
        same &= (a.isna() & b.isna()) | np.isclose(a.fillna(np.inf), b.fillna(-np.inf), rtol=1e-9, atol=1e-12)
    merged["_state"] = np.where(is_new, "new", np.where(same, "same", "revised"))
    merged = _describe(store, merged.drop(columns="_merge"))
    hidden_now, hidden_then = _hidden_figures(store, after), _hidden_figures(store, before)
    new = merged[merged["_state"] == "new"].reset_index(drop=True)
    new["suppressed"] = _is_in(new, hidden_now)
    revised = merged[merged["_state"] == "revised"].reset_index(drop=True)
    revised["suppressed"] = _is_in(revised, hidden_now) | _is_in(revised, hidden_then)
    for m in MEASURES:  # one side hidden: show neither, as kompas.analysis.compare does
        new[m] = new[m].mask(new["suppressed"])
        for column in (m, f"{m}_old"):
            revised[column] = revised[column].mask(revised["suppressed"])
    new, beyond_new = _compare_with_previous(store, new, after, hidden_now, revised=False)
    revised, beyond_revised = _compare_with_previous(store, revised, after, hidden_now, revised=True)
    return _new_frame(new), _revised_frame(revised), pd.concat([beyond_new, beyond_revised], ignore_index=True)


def _parse_figures(snap: pd.DataFrame) -> pd.DataFrame:
    part = snap[snap["kind"] == "observation"]
    if part.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=object) for c in FIGURE_KEY} | {m: pd.Series(dtype="float64") for m in MEASURES}
        )
    keys = part["key"].str.split("|", n=4, expand=True).set_axis(FIGURE_KEY, axis=1).astype(object)
    values = part["value"].str.split("|", expand=True).set_axis(MEASURES, axis=1)
    values = values.apply(pd.to_numeric, errors="coerce").astype("float64")
    return pd.concat([keys, values], axis=1).reset_index(drop=True)


def _describe(store: StoreView, frame: pd.DataFrame) -> pd.DataFrame:
    """Figures with their indicator, wave (and the previous wave of the same source) and area; figures whose
    indicator, wave or area no longer exists are left out."""
    indicators = store.df(
        "SELECT id AS indicator_id, title AS indicator_title, kind AS indicator_kind, unit, "
        "direction, min_n FROM indicators"
    )
    waves = store.df(
        "SELECT id AS wave_id, label AS wave_label, period_end, lag(id) OVER w AS previous_wave_id, "
        "lag(label) OVER w AS previous_wave_label FROM waves "
        "WINDOW w AS (PARTITION BY source ORDER BY period_end, label)"
    )
    areas = store.df("SELECT code AS area_code, name AS area_name, level AS area_level FROM areas")
    return (
        frame.astype({c: object for c in FIGURE_KEY})
        .merge(indicators.astype({"indicator_id": object}))
        .merge(waves.astype({"wave_id": object}))
        .merge(areas.astype({"area_code": object}))
    )


def _hidden_figures(store: StoreView, figures: pd.DataFrame) -> set[tuple]:
    """The keys of the figures in this snapshot that ``kompas.store.suppression`` hides, decided over all of them."""
    units = store.df("SELECT id AS indicator_id, unit, min_n FROM indicators").astype({"indicator_id": object})
    frame = figures.astype({c: object for c in FIGURE_KEY}).merge(units, on="indicator_id", how="left")
    hide = suppression.decide(store, frame)["suppressed"]
    return set(map(tuple, frame.loc[hide, FIGURE_KEY].astype(str).itertuples(index=False)))


def _is_in(frame: pd.DataFrame, keys: set[tuple], prefix: dict | None = None) -> pd.Series:
    columns = [(prefix or {}).get(c, c) for c in FIGURE_KEY]
    found = [tuple(map(str, k)) in keys for k in frame[columns].itertuples(index=False)] if len(frame) else []
    return pd.Series(found, index=frame.index, dtype=bool)


def _compare_with_previous(
    store: StoreView, frame: pd.DataFrame, figures: pd.DataFrame, hidden: set[tuple], revised: bool
):
    """Each figure against the same indicator, area and group in the previous wave of its source, judged
    by ``kompas.analysis.verdict`` within the family of that pair of waves."""
    prev = figures.rename(columns={"wave_id": "previous_wave_id", **{m: f"{m}_prev" for m in MEASURES}})
    frame = frame.merge(
        prev, on=["indicator_id", "previous_wave_id", "area_code", "group_factor", "group_value"], how="left"
    )
    gone = _is_in(frame, hidden, {"wave_id": "previous_wave_id"})
    for m in MEASURES:
        frame[f"{m}_prev"] = frame[f"{m}_prev"].mask(gone)
    judged = _judged(store, frame)
    flags, verdicts, rows = [], [], []
    for r in frame.to_dict("records"):
        j = (
            None
            if r["suppressed"] or pd.isna(r["value_prev"])
            else judged.get(
                (
                    r["indicator_id"],
                    r["previous_wave_id"],
                    r["wave_id"],
                    r["area_code"],
                    r["group_factor"],
                    r["group_value"],
                )
            )
        )
        key = None if j is None else j["verdict"]
        verdicts.append(key)
        flags.append(
            pd.NA
            if key in (None, "zonder_marge", "onbekend", "verborgen", "niet_vergelijkbaar")
            else key in verdict.REAL
        )
        if key in verdict.REAL:
            rows.append(
                {
                    **r,
                    "value_before": j["value_from"],
                    "value_after": j["value_to"],
                    "diff": j["diff"],
                    "margin": verdict.Z95 * j["se"],
                    "verdict": key,
                    "revised": revised,
                    "sentence": _margin_sentence(r, j),
                    "page": PAGES[r["indicator_kind"]],
                }
            )
    frame["beyond_margin"] = pd.array(flags, dtype="boolean")
    frame["verdict"] = verdicts
    return frame, pd.DataFrame(rows, columns=_BEYOND)[_BEYOND]


def _judged(store: StoreView, frame: pd.DataFrame) -> dict[tuple, dict]:
    """(indicator, previous wave, wave, area, group factor, group value) -> the judged row of that change."""
    found: dict[tuple, dict] = {}
    known = frame[frame["previous_wave_id"].notna()]
    for (before, after), part in known.groupby(["previous_wave_id", "wave_id"]):
        pair = wave_pair.pair(store, before, after)
        rows = wave_pair.rows(store, pair, indicator_ids=sorted(set(part["indicator_id"])))
        for r in rows.to_dict("records"):
            found[(r["indicator_id"], before, after, r["area_code"], r["group_factor"], r["group_value"])] = {
                **r,
                "tests": pair.family.tests,
            }
    return found


def _margin_sentence(r: dict, j: dict) -> str:
    unit = r["unit"]
    return (
        f"{r['indicator_title']} ({_where(r)}): van {formatting.value(j['value_from'], unit)} in "
        f"{r['previous_wave_label']} naar {formatting.value(j['value_to'], unit)} in {r['wave_label']}: "
        f"{verdict.interval_text(j, unit)}. {verdict.sentence(j, j['tests'])}"
    )


def _where(r: dict) -> str:
    return r["area_name"] if r["group_factor"] == vocab.TOTAL else f"{r['area_name']}, {r['group_value']}"


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    order = frame.assign(
        _level=frame["area_level"].map({"gemeente": 0, "wijk": 1, "buurt": 2}),
        _group=frame["group_factor"] != vocab.TOTAL,
    )
    order = order.sort_values(
        ["indicator_title", "period_end", "_level", "area_name", "_group", "group_factor", "group_value"], kind="stable"
    )
    return order.reset_index(drop=True)


def _new_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = _ordered(frame).assign(page=lambda f: f["indicator_kind"].map(PAGES))
    return frame[
        [
            *_FIGURE,
            "value",
            "n",
            "ci_low",
            "ci_high",
            "suppressed",
            "previous_wave_label",
            "beyond_margin",
            "verdict",
            "page",
        ]
    ]


def _revised_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = _ordered(frame).rename(
        columns={
            "value_old": "old_value",
            "value": "new_value",
            "n_old": "old_n",
            "n": "new_n",
            "ci_low_old": "old_ci_low",
            "ci_high_old": "old_ci_high",
            "ci_low": "new_ci_low",
            "ci_high": "new_ci_high",
        }
    )
    frame["page"] = frame["indicator_kind"].map(PAGES)
    frame["sentence"] = [
        f"{r['indicator_title']} ({_where(r)}, {r['wave_label']}): "
        + (
            f"aangepast; {suppression.SUPPRESSED_TEXT}."
            if r["suppressed"]
            else f"aangepast van {formatting.value(r['old_value'], r['unit'])} naar "
            f"{formatting.value(r['new_value'], r['unit'])}."
        )
        for r in frame.to_dict("records")
    ]
    return frame[
        [
            *_FIGURE,
            "old_value",
            "new_value",
            "old_n",
            "new_n",
            "old_ci_low",
            "old_ci_high",
            "new_ci_low",
            "new_ci_high",
            "suppressed",
            "previous_wave_label",
            "beyond_margin",
            "verdict",
            "sentence",
            "page",
        ]
    ]


# --- stories, activities, actions ----------------------------------------------------------------------
def _notes(store: StoreView, then: pd.DataFrame, now: pd.DataFrame, audience: str):
    """New: not there before, or not for this audience before (a story made public is new to the public)."""
    before, after = _values(then, "note"), _values(now, "note")
    visible = stories.notes(store, audience)
    visible = visible.assign(note_id=visible["id"], page=PAGES["note"])
    keys = visible["id"].astype(str)
    levels = visibility.visible_levels(store, audience)
    seen = keys.map(lambda k: before.get(k, "").split("|")[0] in levels).astype(bool)
    new = keys.isin(list(after)) & ~seen
    revised = seen & keys.map(lambda k: k in after and before.get(k) != after[k]).astype(bool)
    return visible[new].reset_index(drop=True), visible[revised].reset_index(drop=True)


def _activities(store: StoreView, then: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    before, after = _values(then, "node_status"), _values(now, "node_status")
    moved = [k for k in after if before.get(k) != after[k]]
    frame = store.df(
        "SELECT id AS node_id, title, programme_id, owner_name FROM nodes WHERE list_contains(?, id) ORDER BY title",
        [moved],
    )
    frame["old_status"] = [before.get(k) or None for k in frame["node_id"]]
    frame["new_status"] = [after[k] or None for k in frame["node_id"]]
    frame["sentence"] = [
        f"{r['title']}: "
        + (
            f"nieuw, {_status(r['new_status'])}."
            if r["old_status"] is None
            else f"van {_status(r['old_status'])} naar {_status(r['new_status'])}."
        )
        for r in frame.to_dict("records")
    ]
    frame["page"] = PAGES["activiteit"]
    return frame


def _status(key: str | None) -> str:
    return vocab.label(vocab.ACTIVITY_STATUS, key).lower() if key else "zonder status"


def _actions(store: StoreView, then: pd.DataFrame, now: pd.DataFrame, today: date):
    before, after = _values(then, "action"), _values(now, "action")
    frame = reviews.actions(store, today=today)
    frame = frame[frame["id"].astype(str).isin(after.keys())].copy()
    frame["status"] = [after[str(i)] for i in frame["id"]]
    due, day = pd.to_datetime(frame["due_date"]), pd.Timestamp(today)
    still_open = frame["status"].isin(vocab.ACTION_OPEN)
    frame["overdue"] = still_open & (due < day)
    frame = frame.assign(action_id=frame["id"], page=PAGES["action"])
    was_open = frame["id"].map(lambda i: before.get(str(i)) not in _CLOSED).astype(bool)
    closed = frame["status"].isin(_CLOSED) & was_open
    soon = still_open & (due >= day) & (due <= day + timedelta(days=DUE_SOON_DAYS))
    return (
        frame[closed].reset_index(drop=True),
        frame[frame["overdue"]].reset_index(drop=True),
        frame[soon].reset_index(drop=True),
    )


# --- stored snapshots ------------------------------------------------------------------------------------
def _review(store: StoreView, review_id: int) -> dict:
    rows = store.rows("SELECT id, held_on FROM reviews WHERE id = ?", [int(review_id)])
    if not rows:
        raise NotFoundError("Bespreking", review_id)
    return rows[0]


def _stored(store: StoreView, review_id: int) -> pd.DataFrame:
    return store.df(
        "SELECT kind, key, value FROM review_snapshots WHERE review_id = ? ORDER BY kind, key", [int(review_id)]
    ).astype(str)


def _values(snap: pd.DataFrame, kind: str) -> dict[str, str]:
    part = snap[snap["kind"] == kind]
    return dict(zip(part["key"], part["value"]))
