"""Stories (notes): what residents and professionals told, linked to what it speaks to.

Visibility: a note is 'intern', 'werkgroep' or 'openbaar'. Every read takes an ``audience``
('werkgroep' or 'openbaar') and returns only the notes that audience may see, never more than the
reader's role allows (``kompas.domain.roles``): the council sees only public notes, and an 'intern' note
is shown only to its author. A public note always has consent (see ``Note``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.model import FigureLink, Note
from kompas.store import areas as areas_mod
from kompas.store import audit, visibility
from kompas.store.connection import StoreView
from kompas.store.observations import figure_exists

_NOTE_COLUMNS = [
    "title",
    "body",
    "note_date",
    "source_kind",
    "area_code",
    "levensdomein",
    "factors",
    "visibility",
    "consent",
    "author",
]


@dataclass(frozen=True)
class NoteFilter:
    """What to select notes on; every field is optional."""

    indicator_id: str | None = None
    node_id: str | None = None
    programme_id: str | None = None
    area_code: str | None = None
    years: tuple[int, int] | None = None
    source_kind: str | None = None
    text: str | None = None
    stance: str | None = None  # only notes that speak to an exact figure in this way


def save_note(store: StoreView, note: Note) -> int:
    """Add a note (``note.id`` None) or replace an existing one with its links; returns its id."""
    access = access_mod.of(store)
    access.require_edit()  # before checking the input: a reader gets the real reason at once
    if note.id is None and not note.author.strip() and access.role != "systeem":
        note = replace(note, author=access.user)  # the signed-in person wrote it
    errors = note.problems()
    errors.update(_link_problems(store, note))
    ValidationError.raise_if(errors)
    values = [getattr(note, c) for c in _NOTE_COLUMNS]
    values[_NOTE_COLUMNS.index("factors")] = list(note.factors)
    with store.transaction() as cur:
        if note.id is None:
            note_id = cur.execute(
                f"INSERT INTO notes ({', '.join(_NOTE_COLUMNS)}) VALUES ({', '.join('?' * len(_NOTE_COLUMNS))}) "
                "RETURNING id",
                values,
            ).fetchone()[0]
        else:
            note_id = note.id
            if not cur.execute("SELECT count(*) FROM notes WHERE id = ?", [note_id]).fetchone()[0]:
                raise NotFoundError("Verhaal", note_id)
            _delete_links(cur, note_id)
            sets = ", ".join(f"{c} = ?" for c in _NOTE_COLUMNS)
            cur.execute(f"UPDATE notes SET {sets}, updated_at = current_timestamp WHERE id = ?", values + [note_id])
        _insert_links(cur, note_id, note)
        audit.record(
            cur,
            access_mod.of(store),
            "toegevoegd" if note.id is None else "gewijzigd",
            "verhaal",
            note_id,
            log_title(note.title, note.visibility),
        )
    return note_id


def delete_note(store: StoreView, note_id: int) -> None:
    with store.transaction() as cur:
        _delete_links(cur, note_id)
        deleted = cur.execute("DELETE FROM notes WHERE id = ? RETURNING title, visibility", [note_id]).fetchall()
        if not deleted:
            raise NotFoundError("Verhaal", note_id)
        audit.record(cur, access_mod.of(store), "verwijderd", "verhaal", note_id, log_title(*deleted[0]))


INTERN_IN_LOG = "(een intern verhaal)"


def log_title(title: str, visibility: str) -> str:
    """What the audit log says about a story: its title, but never the title of an 'intern' story (the log is
    read by the whole werkgroep; an intern story is for its author only)."""
    return INTERN_IN_LOG if visibility == "intern" else title


def get_note(store: StoreView, note_id: int) -> Note:
    """One note with its links; a note the reader's role may not see does not exist for them."""
    visible, params = visibility.notes_sql(store, None)
    rows = store.rows(
        f"SELECT id, {', '.join(_NOTE_COLUMNS)} FROM notes n WHERE id = ? AND {visible}", [note_id] + params
    )
    if not rows:
        raise NotFoundError("Verhaal", note_id)
    row = rows[0]
    row["factors"] = tuple(row["factors"] or ())
    links = {
        "node_ids": tuple(
            store.df("SELECT node_id FROM note_nodes WHERE note_id = ? ORDER BY 1", [note_id])["node_id"]
        ),
        "indicator_ids": tuple(
            store.df("SELECT indicator_id FROM note_indicators WHERE note_id = ? ORDER BY 1", [note_id])["indicator_id"]
        ),
        "wave_ids": tuple(
            store.df("SELECT wave_id FROM note_waves WHERE note_id = ? ORDER BY 1", [note_id])["wave_id"]
        ),
        "figures": tuple(
            FigureLink(**r)
            for r in store.rows(
                "SELECT indicator_id, wave_id, area_code, group_factor, group_value, stance "
                "FROM note_figures WHERE note_id = ? ORDER BY ALL",
                [note_id],
            )
        ),
    }
    return Note(**row, **links)


def notes(store: StoreView, audience: str, where: NoteFilter = NoteFilter()) -> pd.DataFrame:
    """The notes ``audience`` may see that match ``where``, newest first, with their area's name."""
    sql, params = _select(store, where)
    visible, visible_params = visibility.notes_sql(store, audience)
    return store.df(
        f"SELECT n.*, a.name AS area_name FROM notes n LEFT JOIN areas a ON a.code = n.area_code "
        f"WHERE {sql} AND {visible} ORDER BY n.note_date DESC, n.id DESC",
        params + visible_params,
    )


def hidden_count(store: StoreView, audience: str, where: NoteFilter = NoteFilter()) -> int:
    """How many notes match ``where`` but are not for this audience (a count, never which).
    The council's role does not even get the count: always 0."""
    if access_mod.of(store).role == "raad":
        return 0
    sql, params = _select(store, where)
    visible, visible_params = visibility.notes_sql(store, audience)
    return store.scalar(f"SELECT count(*) FROM notes n WHERE {sql} AND NOT ({visible})", params + visible_params)


def figure_links(
    store: StoreView,
    indicator_id: str | None,
    note_ids: list[int],
    area_code: str | None = None,
    *,
    indicator_ids: list[str] | None = None,
) -> pd.DataFrame:
    """For these notes, the exact figures of one indicator (in one area, if given) they speak to, and how.
    With ``indicator_id`` None: those of every indicator in ``indicator_ids`` (all when None), with an
    ``indicator_id`` column first. Only notes this reader may see (``visibility.visible_note_ids``) are answered for; the
    council gets no link to a provisional figure."""
    several = indicator_id is None
    note_ids = sorted({int(i) for i in note_ids} & visibility.visible_note_ids(store))
    # a reader who may not see provisional figures gets no link to one (the check reads observations: only then)
    unpublished = (
        ""
        if access_mod.of(store).sees_provisional
        else (
            "AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.provisional AND o.indicator_id = "
            "f.indicator_id AND o.wave_id = f.wave_id AND o.area_code = f.area_code AND o.group_factor = f.group_factor "
            "AND o.group_value = f.group_value) "
        )
    )
    return store.df(
        f"SELECT {'f.indicator_id, ' if several else ''}f.note_id, f.wave_id, w.label AS wave_label, f.area_code, "
        "f.group_factor, f.group_value, f.stance FROM note_figures f JOIN waves w ON w.id = f.wave_id "
        "WHERE (f.indicator_id = ? OR (?::BOOLEAN AND (?::VARCHAR[] IS NULL OR list_contains(?, f.indicator_id)))) "
        f"AND list_contains(?, f.note_id) AND (?::VARCHAR IS NULL OR f.area_code = ?) {unpublished}"
        "ORDER BY f.indicator_id, f.note_id, w.period_end, f.area_code, f.group_factor, f.group_value",
        [indicator_id, several, indicator_ids, indicator_ids, note_ids, area_code, area_code],
    )


@dataclass(frozen=True)
class FigureStories:
    """The stories beside one indicator's figure, as ``figure_stories`` reads them for a whole page.

    ``notes``: rows as ``notes`` returns them (newest first); ``links``: rows as ``figure_links``
    returns them for these notes; ``hidden``: what ``hidden_count`` says.
    """

    notes: tuple[dict, ...] = ()
    links: tuple[dict, ...] = ()
    hidden: int = 0


def figure_stories(
    store: StoreView,
    audience: str,
    indicator_ids: list[str] | None = None,
    area_code: str | None = None,
    years: tuple[int, int] | None = None,
) -> dict[str, FigureStories]:
    """For each indicator (all when ``indicator_ids`` is None), the stories this reader may see about it
    in ``area_code`` and ``years``, their links to its exact figures, and how many are hidden: what
    ``notes``, ``figure_links`` and ``hidden_count`` with ``NoteFilter(indicator_id, area_code, years)``
    give, read in two queries for a page of figures instead of three per figure.
    Indicators without any story are left out.

    >>> figure_stories(store, "werkgroep", ["thuis_buurt"], "WK999906")["thuis_buurt"].notes[0]["title"]  # doctest: +SKIP
    """
    sql, params = _select(store, NoteFilter(area_code=area_code, years=years))
    visible, visible_params = visibility.notes_sql(store, audience)
    wanted = None if indicator_ids is None else list(indicator_ids)
    only = "(?::VARCHAR[] IS NULL OR list_contains(?, indicator_id))"
    found = store.df(
        f"WITH linked AS (SELECT note_id, indicator_id FROM note_indicators WHERE {only} "
        f"UNION SELECT note_id, indicator_id FROM note_figures WHERE {only}) "
        f"SELECT l.indicator_id AS figure_indicator, coalesce({visible}, false) AS shown, "
        f"coalesce(NOT ({visible}), false) AS hidden, n.*, a.name AS area_name "
        "FROM linked l JOIN notes n ON n.id = l.note_id LEFT JOIN areas a ON a.code = n.area_code "
        f"WHERE {sql} ORDER BY l.indicator_id, n.note_date DESC, n.id DESC",
        [wanted, wanted, wanted, wanted] + visible_params * 2 + params,
    )
    shown = found[found["shown"]]
    links = (
        figure_links(store, None, sorted(set(shown["id"])), area_code, indicator_ids=wanted)
        if len(shown)
        else pd.DataFrame(columns=["indicator_id"])
    )
    counts_hidden = access_mod.of(store).role != "raad"
    out = {}
    rows_by_indicator = _group(found.to_dict("records"), "figure_indicator")
    links_by_indicator = _group(links.to_dict("records"), "indicator_id")
    for indicator_id, rows in rows_by_indicator.items():
        out[indicator_id] = FigureStories(
            notes=tuple(_without(r, "figure_indicator", "shown", "hidden") for r in rows if r["shown"]),
            links=tuple(_without(r, "indicator_id") for r in links_by_indicator.get(indicator_id, ())),
            hidden=sum(1 for r in rows if r["hidden"]) if counts_hidden else 0,
        )
    return out


def _group(rows: list[dict], column: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row[column], []).append(row)
    return groups


def _without(row: dict, *columns: str) -> dict:
    return {k: v for k, v in row.items() if k not in columns}


def _select(store: StoreView, where: NoteFilter) -> tuple[str, list]:
    parts, params = ["TRUE"], []
    if where.indicator_id:
        parts.append(
            "(n.id IN (SELECT note_id FROM note_indicators WHERE indicator_id = ?) "
            "OR n.id IN (SELECT note_id FROM note_figures WHERE indicator_id = ?))"
        )
        params += [where.indicator_id, where.indicator_id]
    if where.node_id:
        parts.append("n.id IN (SELECT note_id FROM note_nodes WHERE node_id = ?)")
        params.append(where.node_id)
    if where.programme_id:
        parts.append(
            "(n.id IN (SELECT l.note_id FROM note_nodes l JOIN nodes x ON x.id = l.node_id WHERE x.programme_id = ?) "
            "OR n.id IN (SELECT l.note_id FROM note_indicators l JOIN indicators i ON i.id = l.indicator_id "
            "JOIN nodes x ON x.id = i.node_id WHERE x.programme_id = ?) "
            "OR n.id IN (SELECT l.note_id FROM note_figures l JOIN indicators i ON i.id = l.indicator_id "
            "JOIN nodes x ON x.id = i.node_id WHERE x.programme_id = ?))"
        )
        params += [where.programme_id] * 3
    scope = areas_mod.scope(store, where.area_code)
    if scope is not None:
        parts.append("(n.area_code IS NULL OR list_contains(?, n.area_code))")
        params.append(scope)
    if where.years:
        parts.append("year(n.note_date) BETWEEN ? AND ?")
        params += list(where.years)
    if where.source_kind:
        parts.append("n.source_kind = ?")
        params.append(where.source_kind)
    if where.stance:
        parts.append("n.id IN (SELECT note_id FROM note_figures WHERE stance = ?)")
        params.append(where.stance)
    if where.text and where.text.strip():
        parts.append("(n.title ILIKE ? ESCAPE '\\' OR n.body ILIKE ? ESCAPE '\\')")
        pattern = "%" + where.text.strip().replace("%", r"\%").replace("_", r"\_") + "%"
        params += [pattern, pattern]
    return " AND ".join(parts), params


def _link_problems(store: StoreView, note: Note) -> dict[str, str]:
    errors = {}
    checks = [
        ("node_ids", "nodes", "id", "onderdeel"),
        ("indicator_ids", "indicators", "id", "indicator"),
        ("wave_ids", "waves", "id", "meting"),
    ]
    for field, table, column, name in checks:
        wanted = list(getattr(note, field))
        if wanted:
            found = set(store.df(f"SELECT {column} FROM {table} WHERE list_contains(?, {column})", [wanted])[column])
            missing = [w for w in wanted if w not in found]
            if missing:
                errors[field] = f"Onbekend {name}: {', '.join(missing)}."
    if note.area_code and not store.scalar("SELECT count(*) FROM areas WHERE code = ?", [note.area_code]):
        errors["area_code"] = f"Onbekend gebied: {note.area_code}."
    for link in note.figures:
        if not figure_exists(
            store, link.indicator_id, link.wave_id, link.area_code, link.group_factor, link.group_value
        ):
            errors["figures"] = (
                f"Er is geen cijfer voor {link.indicator_id} in {link.wave_id} ({link.area_code}, {link.group_value})."
            )
    return errors


def _delete_links(cur, note_id: int) -> None:
    for table in ("note_nodes", "note_indicators", "note_waves", "note_figures"):
        cur.execute(f"DELETE FROM {table} WHERE note_id = ?", [note_id])


def _insert_links(cur, note_id: int, note: Note) -> None:
    for table, column, values in (
        ("note_nodes", "node_id", note.node_ids),
        ("note_indicators", "indicator_id", note.indicator_ids),
        ("note_waves", "wave_id", note.wave_ids),
    ):
        for value in dict.fromkeys(values):
            cur.execute(f"INSERT INTO {table} (note_id, {column}) VALUES (?, ?)", [note_id, value])
    for link in dict.fromkeys(note.figures):
        cur.execute(
            "INSERT INTO note_figures VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                note_id,
                link.indicator_id,
                link.wave_id,
                link.area_code,
                link.group_factor,
                link.group_value,
                link.stance,
            ],
        )


def links_of(store: StoreView, note_ids: list[int]) -> pd.DataFrame:
    """The figures these stories are linked to: note_id, indicator_id, wave_id, area_code, group_factor,
    group_value (the caller chose the notes, and so what this reader may see)."""
    return store.df(
        "SELECT note_id, indicator_id, wave_id, area_code, group_factor, group_value FROM note_figures "
        "WHERE list_contains(?, note_id) ORDER BY note_id",
        [list(note_ids)],
    )
