"""Indicators (what we measure, linked to a node) and waves (when it was measured)."""

from __future__ import annotations

import json
from dataclasses import asdict

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.model import Indicator, Wave
from kompas.store import audit
from kompas.store.connection import StoreView

_INDICATOR_COLUMNS = list(Indicator.__dataclass_fields__)


def save_indicator(store: StoreView, indicator: Indicator, new: bool = True) -> None:
    """Add an indicator (refusing a taken id) or change an existing one."""
    errors = indicator.problems()
    exists = store.scalar("SELECT count(*) FROM indicators WHERE id = ?", [indicator.id])
    if new and exists:
        errors["id"] = f"De code '{indicator.id}' is al in gebruik. Kies een andere code."
    if not new and not exists:
        raise NotFoundError("Indicator", indicator.id)
    node_kind = store.scalar("SELECT kind FROM nodes WHERE id = ?", [indicator.node_id])
    if indicator.node_id and node_kind is None:
        errors["node_id"] = "Kies een bestaand onderdeel van het veranderverhaal."
    elif node_kind in ("activiteit", "input"):
        errors["node_id"] = "Koppel een indicator aan een output, outcome of maatschappelijk resultaat."
    ValidationError.raise_if(errors)
    values = asdict(indicator)
    with store.transaction() as cur:
        if new:
            cur.execute(
                f"INSERT INTO indicators ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
        else:
            sets = ", ".join(f"{c} = ?" for c in values if c != "id")
            cur.execute(
                f"UPDATE indicators SET {sets} WHERE id = ?",
                [v for c, v in values.items() if c != "id"] + [indicator.id],
            )
        audit.record(
            cur, access_mod.of(store), "toegevoegd" if new else "gewijzigd", "indicator", indicator.id, indicator.title
        )


def get_indicator(store: StoreView, indicator_id: str) -> Indicator:
    rows = store.rows(f"SELECT {', '.join(_INDICATOR_COLUMNS)} FROM indicators WHERE id = ?", [indicator_id])
    if not rows:
        raise NotFoundError("Indicator", indicator_id)
    return Indicator(**rows[0])


def indicators_by_id(store: StoreView) -> dict[str, Indicator]:
    """Every indicator but the population ones, by id, in one query: what ``get_indicator`` returns for each."""
    rows = store.rows(
        f"SELECT {', '.join(_INDICATOR_COLUMNS)} FROM indicators "
        "WHERE id NOT IN (SELECT indicator_id FROM population_indicators) ORDER BY id"
    )
    return {row["id"]: Indicator(**row) for row in rows}


def indicators(
    store: StoreView,
    programme_id: str | None = None,
    kind: str | None = None,
    node_ids: list[str] | None = None,
    include_off: bool = False,
) -> pd.DataFrame:
    """Indicators with their node and programme, filtered on any of the three.

    Indicators the municipality switched off (``switch_indicator``) are left out unless ``include_off``;
    the column ``is_on`` says which is which. Population indicators (counts of inhabitants,
    ``kompas.analysis.coverage``) are no goal of the theory of change and are always left out.
    """
    return store.df(
        "SELECT i.*, n.title AS node_title, n.kind AS node_kind, n.programme_id, n.levensdomein, "
        "p.title AS programme_title, o.indicator_id IS NULL AS is_on FROM indicators i "
        "JOIN nodes n ON n.id = i.node_id JOIN programmes p ON p.id = n.programme_id "
        "LEFT JOIN indicators_off o ON o.indicator_id = i.id "
        "WHERE (?::VARCHAR IS NULL OR n.programme_id = ?) AND (?::VARCHAR IS NULL OR i.kind = ?) "
        "AND (?::VARCHAR[] IS NULL OR list_contains(?, i.node_id)) AND (? OR o.indicator_id IS NULL) "
        "AND i.id NOT IN (SELECT indicator_id FROM population_indicators) "
        "ORDER BY p.sort_order, i.kind DESC, i.title",
        [programme_id, programme_id, kind, kind, node_ids, node_ids, include_off],
    )


def switch_indicator(store: StoreView, indicator_id: str, on: bool) -> None:
    """Switch an indicator off (left out of the pages and of imports) or on again; its figures stay.

    Switching off also sets aside its kept measure mappings, so a monitor file skips that measure; switching
    on restores them. Raises ``NotFoundError`` for an unknown id.
    """
    if not store.scalar("SELECT count(*) FROM indicators WHERE id = ?", [indicator_id]):
        raise NotFoundError("Indicator", indicator_id)
    with store.transaction() as cur:
        if on:
            kept = cur.execute("SELECT mappings FROM indicators_off WHERE indicator_id = ?", [indicator_id]).fetchone()
            for source, key in json.loads(kept[0]) if kept else []:
                cur.execute(
                    "INSERT INTO import_mappings (source, kind, source_value, target) "
                    "VALUES (?, 'measure', ?, ?) ON CONFLICT DO NOTHING",
                    [source, key, indicator_id],
                )
            cur.execute("DELETE FROM indicators_off WHERE indicator_id = ?", [indicator_id])
        elif not cur.execute("SELECT count(*) FROM indicators_off WHERE indicator_id = ?", [indicator_id]).fetchone()[
            0
        ]:
            kept = cur.execute(
                "SELECT source, source_value FROM import_mappings WHERE kind = 'measure' AND target = ?", [indicator_id]
            ).fetchall()
            cur.execute(
                "INSERT INTO indicators_off (indicator_id, mappings) VALUES (?, ?)",
                [indicator_id, json.dumps([list(row) for row in kept])],
            )
            cur.execute("DELETE FROM import_mappings WHERE kind = 'measure' AND target = ?", [indicator_id])
        audit.record(
            cur, access_mod.of(store), "gewijzigd", "indicator", indicator_id, "aangezet" if on else "uitgezet"
        )


def save_wave(store: StoreView, wave: Wave) -> None:
    """Insert or update a wave (a monitor round or reporting period)."""
    errors = wave.problems()
    taken = store.scalar("SELECT id FROM waves WHERE label = ? AND id <> ?", [wave.label, wave.id])
    if taken:
        errors["label"] = f"Er is al een meting met de naam '{wave.label}'."
    ValidationError.raise_if(errors)
    values = asdict(wave)
    with store.transaction() as cur:
        cur.execute(
            f"INSERT INTO waves ({', '.join(values)}) VALUES ({', '.join('?' * len(values))}) "
            "ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in values if c != "id"),
            list(values.values()),
        )
        audit.record(cur, access_mod.of(store), "gewijzigd", "meting", wave.id, wave.label)


def waves(store: StoreView, source: str | None = None) -> pd.DataFrame:
    """Waves in time order, with the year they belong to."""
    return store.df(
        "SELECT *, year(period_end) AS year FROM waves WHERE (?::VARCHAR IS NULL OR source = ?) "
        "ORDER BY period_end, label",
        [source, source],
    )


def year_span(store: StoreView) -> tuple[int, int]:
    """The first year any wave covers and the last year of any wave or story (the period filter's bounds)."""
    row = store.rows(
        "SELECT min(year(period_start)) AS lo, greatest(max(year(period_end)), "
        "(SELECT max(year(note_date)) FROM notes)) AS hi FROM waves"
    )[0]
    if row["lo"] is None:
        return (2000, 2000)
    return int(row["lo"]), int(row["hi"])


def ids(store: StoreView) -> set[str]:
    """The id of every indicator in the store, switched off and population ones included."""
    return set(store.df("SELECT id FROM indicators")["id"])


def described(store: StoreView) -> pd.DataFrame:
    """Every indicator with the words that describe it, by id: id, title, definition, node_title."""
    return store.df(
        "SELECT i.id, i.title, i.definition, n.title AS node_title FROM indicators i "
        "LEFT JOIN nodes n ON n.id = i.node_id ORDER BY i.id"
    )


def wave_rows(store: StoreView, wave_ids: list[str]) -> tuple[dict, ...]:
    """These waves in time order: label, source, period_start, period_end, method_note, population_note."""
    return tuple(
        store.rows(
            "SELECT label, source, period_start, period_end, method_note, population_note "
            "FROM waves WHERE list_contains(?, id) ORDER BY period_end",
            [wave_ids],
        )
    )


def wave_id(store: StoreView, id_or_label: str) -> str | None:
    """The id of the wave with this id or label (what a person types on the command line); None if none."""
    return store.scalar("SELECT id FROM waves WHERE id = ? OR label = ?", [id_or_label, id_or_label])
