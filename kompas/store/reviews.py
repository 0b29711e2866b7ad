"""The werkgroep's monthly review (step 6): members, reviews with attendees, decisions and actions.

One review is open at a time. Opening it records the state of the store (``review_snapshots.snapshot``),
so the next review can show what changed since. Decisions are reflections with the review's id
(``reflections.add_reflection``); actions have an owner, a due date and a status, and closing one as
'gedaan' needs a short note on what it achieved, so output and outcome stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain import vocab
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.model import RESULT_NOTE_NEEDED, Action, Member
from kompas.store import audit, reflections, review_snapshots
from kompas.store.connection import StoreView

# Who may read a review's minutes: the werkgroep (full, the default) or everyone (the public version).
MINUTES_VISIBILITY = {"werkgroep": "Alleen de werkgroep", "openbaar": "Iedereen (openbare versie, zonder namen)"}


# --- members ---------------------------------------------------------------------------------------------
def save_member(store: StoreView, member: Member) -> int:
    """Add a member (``member.id`` None) or change one; returns the id."""
    ValidationError.raise_if(member.problems())
    values = [member.name.strip(), member.role.strip(), member.organisation.strip(), bool(member.active)]
    with store.transaction() as cur:
        if member.id is None:
            member_id = cur.execute(
                "INSERT INTO members (name, role, organisation, active) VALUES (?, ?, ?, ?) RETURNING id", values
            ).fetchone()[0]
            audit.record(cur, access_mod.of(store), "toegevoegd", "lid", member_id, values[0])
            return member_id
        audit.record(cur, access_mod.of(store), "gewijzigd", "lid", member.id, values[0])
        if not cur.execute(
            "UPDATE members SET name = ?, role = ?, organisation = ?, active = ? WHERE id = ? RETURNING id",
            values + [int(member.id)],
        ).fetchall():
            raise NotFoundError("Lid van de werkgroep", member.id)
        return int(member.id)


def members(store: StoreView, active_only: bool = True) -> pd.DataFrame:
    """Members by name. Columns: id, name, role, organisation, active."""
    return store.df(
        "SELECT id, name, role, organisation, active FROM members WHERE active OR NOT ? ORDER BY name, id",
        [active_only],
    )


# --- reviews ---------------------------------------------------------------------------------------------
def open_review(store: StoreView, held_on: date, title: str, agenda: str = "", attendee_ids: Iterable[int] = ()) -> int:
    """Open a review and record the state of the store with it; refused while another review is open.

    Example: ``open_review(store, date(2026, 11, 24), "Werkgroep inclusie november", "Nieuwe cijfers", [1, 2])``.
    """
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Geef de bespreking een titel."
    if not isinstance(held_on, date):
        errors["held_on"] = "Kies de datum van de bespreking."
    attendees = _member_ids(store, attendee_ids, errors)
    ValidationError.raise_if(errors)
    with store.transaction() as cur:
        running = cur.execute("SELECT title, held_on FROM reviews WHERE status = 'open'").fetchone()
        if running:
            raise ValidationError(
                {
                    "status": f"Er is al een bespreking open ('{running[0]}'). "
                    "Sluit die eerst af voordat u een nieuwe opent."
                }
            )
        review_id = cur.execute(
            "INSERT INTO reviews (held_on, title, agenda) VALUES (?, ?, ?) RETURNING id",
            [held_on, title.strip(), agenda or ""],
        ).fetchone()[0]
        set_attendees(cur, review_id, attendees)
        store_snapshot(cur, review_id, review_snapshots.snapshot(store, cur))
        audit.record(cur, access_mod.of(store), "toegevoegd", "bespreking", review_id, title.strip())
    return review_id


def current_review(store: StoreView) -> dict | None:
    """The open review (as ``get_review``), or None."""
    review_id = store.scalar("SELECT id FROM reviews WHERE status = 'open' ORDER BY id DESC LIMIT 1")
    return None if review_id is None else get_review(store, review_id)


def get_review(store: StoreView, review_id: int) -> dict:
    """A review's columns (id, held_on, title, agenda, notes, status, opened_at, closed_at, next_meeting,
    minutes_visibility) and
    ``attendees``: a list of member dicts (id, name, role, organisation, active), by name."""
    rows = store.rows("SELECT * FROM reviews WHERE id = ?", [int(review_id)])
    if not rows:
        raise NotFoundError("Bespreking", review_id)
    review = rows[0]
    review["attendees"] = store.rows(
        "SELECT m.id, m.name, m.role, m.organisation, m.active FROM review_attendees a "
        "JOIN members m ON m.id = a.member_id WHERE a.review_id = ? ORDER BY m.name, m.id",
        [int(review_id)],
    )
    return review


def reviews(store: StoreView) -> pd.DataFrame:
    """All reviews, newest first. Columns: id, held_on, title, status, attendees, decisions (reflections
    recorded during it) and actions (decided in it) as counts, opened_at, closed_at."""
    return store.df(
        "SELECT r.id, r.held_on, r.title, r.status, "
        "(SELECT count(*) FROM review_attendees a WHERE a.review_id = r.id) AS attendees, "
        "(SELECT count(*) FROM reflections f WHERE f.review_id = r.id) AS decisions, "
        "(SELECT count(*) FROM actions x WHERE x.review_id = r.id) AS actions, r.opened_at, r.closed_at "
        "FROM reviews r ORDER BY r.held_on DESC, r.id DESC"
    )


def previous_review(store: StoreView, review_id: int) -> dict | None:
    """The review held before this one (as ``get_review``), or None for the first."""
    review = get_review(store, review_id)
    earlier = store.scalar(
        "SELECT id FROM reviews WHERE held_on < ? OR (held_on = ? AND id < ?) ORDER BY held_on DESC, id DESC LIMIT 1",
        [review["held_on"], review["held_on"], review["id"]],
    )
    return None if earlier is None else get_review(store, earlier)


def update_review(
    store: StoreView,
    review_id: int,
    *,
    agenda: str | None = None,
    notes: str | None = None,
    attendee_ids: Iterable[int] | None = None,
    title: str | None = None,
    held_on: date | None = None,
    next_meeting: date | None = None,
    minutes_visibility: str | None = None,
) -> None:
    """Change what is given (None leaves it); ``attendee_ids`` replaces the attendees. Also after closing,
    so the minutes can be corrected. ``next_meeting``: the date printed in the minutes;
    ``minutes_visibility``: one of ``MINUTES_VISIBILITY`` (migration 012)."""
    get_review(store, review_id)
    errors = {}
    if title is not None and not title.strip():
        errors["title"] = "Geef de bespreking een titel."
    if minutes_visibility is not None and minutes_visibility not in MINUTES_VISIBILITY:
        errors["minutes_visibility"] = "Kies wie het verslag mag lezen: alleen de werkgroep, of iedereen."
    attendees = None if attendee_ids is None else _member_ids(store, attendee_ids, errors)
    ValidationError.raise_if(errors)
    changes = {
        k: v
        for k, v in (
            ("agenda", agenda),
            ("notes", notes),
            ("title", title and title.strip()),
            ("held_on", held_on),
            ("next_meeting", next_meeting),
            ("minutes_visibility", minutes_visibility),
        )
        if v is not None
    }
    with store.transaction() as cur:
        for column, value in changes.items():
            cur.execute(f"UPDATE reviews SET {column} = ? WHERE id = ?", [value, int(review_id)])
        if attendees is not None:
            cur.execute("DELETE FROM review_attendees WHERE review_id = ?", [int(review_id)])
            set_attendees(cur, int(review_id), attendees)
        audit.record(
            cur, access_mod.of(store), "gewijzigd", "bespreking", review_id, ", ".join(changes) or "aanwezigen"
        )


def close_review(store: StoreView, review_id: int, notes: str = "") -> None:
    """Close the open review; non-empty ``notes`` replace its notes."""
    if get_review(store, review_id)["status"] != "open":
        raise ValidationError({"status": "Deze bespreking is al gesloten."})
    with store.transaction() as cur:
        cur.execute(
            "UPDATE reviews SET status = 'gesloten', closed_at = current_timestamp, "
            "notes = CASE WHEN ? = '' THEN notes ELSE ? END WHERE id = ?",
            [(notes or "").strip(), notes or "", int(review_id)],
        )
        audit.record(cur, access_mod.of(store), "gewijzigd", "bespreking", review_id, "gesloten")


def decisions(store: StoreView, review_id: int) -> pd.DataFrame:
    """The reflections recorded during a review, in the order they were made. Columns: id, kind, text,
    author, programme_id, node_id, node_title, indicator_id, indicator_title, review_id, created_at."""
    return store.df(
        "SELECT f.id, f.kind, f.text, f.author, f.programme_id, f.node_id, n.title AS node_title, f.indicator_id, "
        "i.title AS indicator_title, f.review_id, f.created_at FROM reflections f "
        "LEFT JOIN nodes n ON n.id = f.node_id LEFT JOIN indicators i ON i.id = f.indicator_id "
        "WHERE f.review_id = ? ORDER BY f.created_at, f.id",
        [int(review_id)],
    )


# --- actions ---------------------------------------------------------------------------------------------
def add_action(store: StoreView, action: Action) -> int:
    """Add an action (decided in ``action.review_id``, if given: that review must be open); returns its id."""
    ValidationError.raise_if(action.problems() | _action_links(store, action))
    with store.transaction() as cur:
        action_id = insert_action(cur, action)
        audit.record(cur, access_mod.of(store), "toegevoegd", "actie", action_id, action.title)
    return action_id


def set_action_status(store: StoreView, action_id: int, status: str, result_note: str = "") -> None:
    """Move an action to 'open', 'bezig', 'gedaan' (needs ``result_note``) or 'vervallen'.
    An empty ``result_note`` keeps the note it had."""
    if status not in vocab.ACTION_STATUS:
        raise ValidationError({"status": "Kies een geldige waarde voor de status."})
    stored = store.rows("SELECT status, result_note FROM actions WHERE id = ?", [int(action_id)])
    if not stored:
        raise NotFoundError("Actie", action_id)
    note = (result_note or "").strip() or stored[0]["result_note"]
    if status == "gedaan" and not note.strip():
        raise ValidationError({"result_note": RESULT_NOTE_NEEDED})
    closing = status not in vocab.ACTION_OPEN
    with store.transaction() as cur:
        cur.execute(
            "UPDATE actions SET status = ?, result_note = ?, closed_at = CASE WHEN NOT ? THEN NULL "
            "WHEN closed_at IS NOT NULL AND status NOT IN ('open', 'bezig') THEN closed_at "
            "ELSE current_timestamp END WHERE id = ?",
            [status, note, closing, int(action_id)],
        )
        audit.record(cur, access_mod.of(store), "gewijzigd", "actie", action_id, f"status {status}")


def actions(store: StoreView, status=None, owner=None, today: date | None = None) -> pd.DataFrame:
    """Actions, overdue first, then by due date. ``status``: one status or a list; ``owner``: a member id,
    or a name as in ``owner_label``. Columns: id, title, owner, owner_name, owner_label (the member's name,
    else owner_name, else 'nog niemand'), due_date, status, overdue (open or bezig, and due before ``today``),
    node_id, node_title, indicator_id, indicator_title, review_id, review_title, review_held_on,
    result_note, created_at, closed_at."""
    statuses = [status] if isinstance(status, str) else (None if status is None else list(status))
    by_id = None if owner is None or isinstance(owner, str) else int(owner)
    by_name = owner if isinstance(owner, str) else None
    return store.df(
        "SELECT * FROM (SELECT a.id, a.title, a.owner, a.owner_name, "
        "coalesce(m.name, nullif(trim(a.owner_name), ''), 'nog niemand') AS owner_label, a.due_date, a.status, "
        "coalesce(list_contains(['open', 'bezig'], a.status) AND a.due_date < ?::DATE, false) AS overdue, "
        "a.node_id, n.title AS node_title, a.indicator_id, i.title AS indicator_title, a.review_id, "
        "r.title AS review_title, r.held_on AS review_held_on, a.result_note, a.created_at, a.closed_at "
        "FROM actions a LEFT JOIN members m ON m.id = a.owner LEFT JOIN nodes n ON n.id = a.node_id "
        "LEFT JOIN indicators i ON i.id = a.indicator_id LEFT JOIN reviews r ON r.id = a.review_id) "
        "WHERE (?::VARCHAR[] IS NULL OR list_contains(?, status)) AND (?::INTEGER IS NULL OR owner = ?) "
        "AND (?::VARCHAR IS NULL OR owner_label = ?) ORDER BY overdue DESC, due_date NULLS LAST, id",
        [today or date.today(), statuses, statuses, by_id, by_id, by_name, by_name],
    )


def open_actions_carried_over(store: StoreView, review_id: int) -> pd.DataFrame:
    """Actions that were still open or bezig when this review was opened: decided in an earlier review
    or outside any review. Columns as ``actions``, with ``status`` as it is now and ``overdue`` as of
    the day of this review."""
    review = get_review(store, review_id)
    frame = actions(store, today=review["held_on"])
    ids = set(
        store.df(
            "SELECT a.id FROM actions a LEFT JOIN reviews r ON r.id = a.review_id "
            "WHERE a.created_at < ? AND (a.closed_at IS NULL OR a.closed_at > ?) "
            "AND (a.review_id IS NULL OR (a.review_id <> ? AND r.held_on <= ?))",
            [review["opened_at"], review["opened_at"], review["id"], review["held_on"]],
        )["id"]
    )
    return frame[frame["id"].isin(list(ids))].reset_index(drop=True)


def insert_action(cur, action: Action, created_at=None, closed_at=None) -> int:
    """Insert a checked action inside the caller's transaction (``cur``) and return its id; closed statuses get
    ``closed_at`` (default: now). ``add_action`` checks and logs; the demo loader sets the dates of the past."""
    closed = action.status not in vocab.ACTION_OPEN
    return cur.execute(
        "INSERT INTO actions (title, owner, owner_name, due_date, status, node_id, indicator_id, review_id, "
        "result_note, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "coalesce(?::TIMESTAMP, current_timestamp), CASE WHEN ? THEN coalesce(?::TIMESTAMP, current_timestamp) END) "
        "RETURNING id",
        [
            action.title.strip(),
            _int(action.owner),
            (action.owner_name or "").strip(),
            action.due_date,
            action.status,
            action.node_id,
            action.indicator_id,
            _int(action.review_id),
            (action.result_note or "").strip(),
            created_at,
            closed,
            closed_at,
        ],
    ).fetchone()[0]


# --- helpers ---------------------------------------------------------------------------------------------
def _member_ids(store: StoreView, ids, errors: dict) -> list[int]:
    wanted = list(dict.fromkeys(int(i) for i in (ids or ())))
    known = set(store.df("SELECT id FROM members WHERE list_contains(?, id)", [wanted])["id"]) if wanted else set()
    if set(wanted) - known:
        errors["attendee_ids"] = "Kies aanwezigen uit de leden van de werkgroep."
    return wanted


def set_attendees(cur, review_id: int, member_ids: list[int]) -> None:
    """Record these members (ids) as present at the review, inside the caller's transaction (``cur``)."""
    for member_id in member_ids:
        cur.execute("INSERT INTO review_attendees VALUES (?, ?)", [review_id, member_id])


def store_snapshot(cur, review_id: int, frame: pd.DataFrame) -> None:
    """Keep a review's snapshot (kind, key, value rows: ``review_snapshots.snapshot``) inside the caller's
    transaction (``cur``), so the next review can show what changed since."""
    rows = frame.assign(review_id=review_id)[["review_id", "kind", "key", "value"]]
    cur.register("snapshot_rows", rows)
    try:
        cur.execute("INSERT INTO review_snapshots SELECT review_id, kind, key, value FROM snapshot_rows")
    finally:
        cur.unregister("snapshot_rows")


def _action_links(store: StoreView, action: Action) -> dict[str, str]:
    errors = reflections.link_problems(
        store, node_id=action.node_id, indicator_id=action.indicator_id, review_id=action.review_id
    )
    if action.owner is not None and not store.scalar("SELECT count(*) FROM members WHERE id = ?", [int(action.owner)]):
        errors["owner"] = "Kies iemand uit de werkgroep, of schrijf de naam op van wie het doet."
    return errors


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
