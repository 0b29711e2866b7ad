"""Observations: the figures themselves, per indicator × wave × area × group.

Every read that returns values for display goes through ``suppression.apply_stored``, which decides
over all stored figures of the indicator, so no page, export or CLI command can show a figure based on
too few people, or one that the others would give away. Reads for a role that may not see
provisional figures (the council, ``kompas.domain.roles``) leave those out.
"""

from __future__ import annotations

from dataclasses import astuple, fields

import numpy as np
import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain import vocab
from kompas.domain.errors import ValidationError
from kompas.domain.model import Observation
from kompas.store import audit, suppression, visibility
from kompas.store.connection import StoreView
from kompas.store.indicators import get_indicator

_COLUMNS = [f.name for f in fields(Observation)]


def save_observations(store: StoreView, items: list[Observation]) -> int:
    """Insert or update many observations in one transaction; all or nothing."""
    known = {
        "indicator_id": set(store.df("SELECT id FROM indicators")["id"]),
        "wave_id": set(store.df("SELECT id FROM waves")["id"]),
        "area_code": set(store.df("SELECT code FROM areas")["code"]),
    }
    names = {"indicator_id": "Onbekende indicator", "wave_id": "Onbekende meting", "area_code": "Onbekend gebied"}
    for number, obs in enumerate(items, start=1):
        errors = obs.problems()
        for column, values in known.items():
            if getattr(obs, column) not in values:
                errors[column] = f"{names[column]} '{getattr(obs, column)}'."
        ValidationError.raise_if({f"rij {number}, {k}": f"Rij {number}: {v}" for k, v in errors.items()})
    frame = pd.DataFrame([astuple(obs) for obs in items], columns=_COLUMNS)
    with store.transaction() as cur:
        upsert(cur, frame)
        audit.record(cur, access_mod.of(store), "ingelezen", "cijfers", "", f"{len(items)} cijfers opgeslagen")
    return len(items)


def upsert(cur, frame: pd.DataFrame) -> None:
    """Insert or update observation rows (columns as ``Observation``) inside the caller's transaction."""
    incoming = frame[_COLUMNS].astype(
        {
            "value": "float64",
            "n": "Int64",
            "ci_low": "float64",
            "ci_high": "float64",
            "se": "float64",
            "provisional": "bool",
        }
    )
    updates = ", ".join(f"{c} = excluded.{c}" for c in ("value", "n", "ci_low", "ci_high", "se", "provisional"))
    cur.register("incoming", incoming)
    try:
        cur.execute(
            f"INSERT INTO observations ({', '.join(_COLUMNS)}) SELECT {', '.join(_COLUMNS)} "
            f"FROM incoming ON CONFLICT DO UPDATE SET {updates}"
        )
    finally:
        cur.unregister("incoming")


def series(
    store: StoreView,
    indicator_id: str,
    area_code: str,
    group_factor: str | None = None,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """One indicator in one area over the waves: the total, plus each group of ``group_factor``.

    Columns: wave_id, wave_label, year, period_start, period_end, method_note, population_note,
    group_factor, group_value, value, n, ci_low, ci_high, se, suppressed.
    """
    get_indicator(store, indicator_id)  # NotFoundError (Dutch) for an unknown indicator
    lo, hi = years or (None, None)
    frame = store.df(
        "SELECT o.wave_id, o.area_code, w.label AS wave_label, year(w.period_end) AS year, w.period_start, "
        "w.period_end, w.method_note, w.population_note, o.group_factor, o.group_value, "
        "o.value, o.n, o.ci_low, o.ci_high, o.se "
        "FROM observations o JOIN waves w ON w.id = o.wave_id "
        "WHERE o.indicator_id = ? AND o.area_code = ? "
        "AND (o.group_factor = 'totaal' OR o.group_factor = ?::VARCHAR) "
        "AND (?::INTEGER IS NULL OR year(w.period_end) >= ?) AND (?::INTEGER IS NULL OR year(w.period_end) <= ?) "
        f"AND {visibility.PUBLISHABLE} "
        "ORDER BY w.period_end, o.group_factor <> 'totaal', o.group_value",
        [indicator_id, area_code, group_factor, lo, lo, hi, hi, visibility.shows_provisional(store)],
    )
    return suppression.apply_stored(store, frame, indicator_id)


def totals_for_area(store: StoreView, area_code: str, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The totals of every indicator in one area, read in one query: for each indicator, its rows (with
    ``indicator_id`` dropped) are what ``series(store, indicator_id, area_code, None, years)`` returns.
    A page showing many figures for one area asks once instead of once per figure."""
    lo, hi = years or (None, None)
    frame = store.df(
        "SELECT o.indicator_id, i.unit, i.min_n, o.wave_id, o.area_code, w.label AS wave_label, "
        "year(w.period_end) AS year, w.period_start, w.period_end, w.method_note, w.population_note, o.group_factor, o.group_value, "
        "o.value, o.n, o.ci_low, o.ci_high, o.se "
        "FROM (SELECT * FROM observations WHERE area_code = ? AND group_factor = 'totaal') o "
        "JOIN waves w ON w.id = o.wave_id JOIN indicators i ON i.id = o.indicator_id "
        "WHERE (?::INTEGER IS NULL OR year(w.period_end) >= ?) AND (?::INTEGER IS NULL OR year(w.period_end) <= ?) "
        f"AND {visibility.PUBLISHABLE} ORDER BY o.indicator_id, w.period_end, o.group_value",
        [area_code, lo, lo, hi, hi, visibility.shows_provisional(store)],
    )
    return suppression.apply_stored(store, frame).drop(columns=["unit", "min_n"])


def one_indicator(totals: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """One indicator's rows of ``totals_for_area``, shaped exactly like ``series``."""
    return totals[totals["indicator_id"] == indicator_id].drop(columns="indicator_id").reset_index(drop=True)


def totals_by_indicator(totals: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """``totals_for_area`` without its ``indicator_id`` column, and each indicator's row positions in it,
    found in one pass: ``frame.take(rows[i]).reset_index(drop=True)`` is what ``one_indicator(totals, i)``
    returns, without a filter over all rows per figure."""
    return totals.drop(columns="indicator_id"), dict(totals.groupby("indicator_id", sort=False).indices)


def group_factors(store: StoreView, indicator_id: str, area_code: str) -> list[str]:
    """The diversity factors this indicator has breakdowns for in this area (single factors; pairs of
    factors are listed by ``kompas.analysis.breakdowns.factors``)."""
    frame = store.df(
        "SELECT DISTINCT group_factor FROM observations WHERE indicator_id = ? AND area_code = ? "
        "AND group_factor <> 'totaal' AND NOT contains(group_factor, ?) ORDER BY group_factor",
        [indicator_id, area_code, vocab.PAIR_SEP],
    )
    return list(frame["group_factor"])


def areas_with_data(store: StoreView, indicator_id: str) -> list[str]:
    frame = store.df("SELECT DISTINCT area_code FROM observations WHERE indicator_id = ? ORDER BY 1", [indicator_id])
    return list(frame["area_code"])


def latest_totals(
    store: StoreView, area_code: str, indicator_ids: list[str], years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """For each indicator: its last two totals in the area within the years (for change overviews)."""
    lo, hi = years or (None, None)
    frame = store.df(
        "SELECT o.indicator_id, i.unit, i.min_n, o.wave_id, w.label AS wave_label, year(w.period_end) AS year, "
        "o.value, o.n, o.ci_low, o.ci_high, o.se, "
        "row_number() OVER (PARTITION BY o.indicator_id ORDER BY w.period_end DESC) AS recency "
        "FROM (SELECT * FROM observations WHERE area_code = ? AND group_factor = 'totaal') o "
        "JOIN waves w ON w.id = o.wave_id JOIN indicators i ON i.id = o.indicator_id "
        "WHERE o.indicator_id IN (SELECT unnest(?::VARCHAR[])) "
        "AND (?::INTEGER IS NULL OR year(w.period_end) >= ?) AND (?::INTEGER IS NULL OR year(w.period_end) <= ?) "
        f"AND {visibility.PUBLISHABLE} QUALIFY recency <= 2 ORDER BY o.indicator_id, recency",
        [area_code, list(indicator_ids), lo, lo, hi, hi, visibility.shows_provisional(store)],
    )
    return suppression.apply_stored(
        store, frame.assign(area_code=area_code, group_factor=vocab.TOTAL, group_value=vocab.TOTAL)
    ).drop(columns=["unit", "min_n"])


def provisional_keys(store: StoreView) -> set[tuple[str, str, str, str, str]]:
    """(indicator, wave, area, group_factor, group_value) of every provisional figure."""
    return set(
        store.df(
            "SELECT indicator_id, wave_id, area_code, group_factor, group_value FROM observations WHERE provisional"
        ).itertuples(index=False, name=None)
    )


def figure_exists(
    store: StoreView,
    indicator_id: str,
    wave_id: str,
    area_code: str,
    group_factor: str = vocab.TOTAL,
    group_value: str = vocab.TOTAL,
) -> bool:
    return bool(
        store.scalar(
            "SELECT count(*) FROM observations WHERE indicator_id = ? AND wave_id = ? AND area_code = ? "
            "AND group_factor = ? AND group_value = ?",
            [indicator_id, wave_id, area_code, group_factor, group_value],
        )
    )


def shown_in_template(store: StoreView, indicator_ids: list[str]) -> pd.DataFrame:
    """The figures of these indicators that the small-group rule shows this reader, in the import template's
    columns plus wave_id and indicator_id (wave by its label), ordered by indicator, time, area and group."""
    frame = store.df(
        "SELECT o.indicator_id AS indicator, w.label AS wave, o.area_code, o.group_factor, o.group_value, o.value, "
        "o.n, o.ci_low, o.ci_high, o.wave_id, o.indicator_id FROM observations o JOIN waves w ON w.id = o.wave_id "
        f"WHERE list_contains(?, o.indicator_id) AND {visibility.PUBLISHABLE} "
        "ORDER BY o.indicator_id, w.period_end, o.area_code, o.group_factor, o.group_value",
        [indicator_ids, visibility.shows_provisional(store)],
    )
    frame = suppression.apply_stored(store, frame)
    return frame[~frame["suppressed"]].reset_index(drop=True)


def shown_series(store: StoreView, indicator_id: str) -> pd.DataFrame:
    """One indicator's shown figures for single groups (no pairs), gemeente first: wave_id, area_code,
    group_factor, group_value, value, n, period_start, period_end, year, level (and the suppression columns)."""
    frame = store.df(
        "SELECT o.wave_id, o.area_code, o.group_factor, o.group_value, o.value, o.n, w.period_start, w.period_end, "
        "year(w.period_end) AS year, a.level FROM observations o JOIN waves w ON w.id = o.wave_id "
        "JOIN areas a ON a.code = o.area_code WHERE o.indicator_id = ? AND o.value IS NOT NULL "
        f"AND {visibility.PUBLISHABLE} AND o.group_factor NOT LIKE '%×%' "
        "ORDER BY w.period_end, a.level <> 'gemeente', o.area_code, o.group_factor <> 'totaal', o.group_value",
        [indicator_id, visibility.shows_provisional(store)],
    )
    if frame.empty:
        return frame
    frame = suppression.apply_stored(store, frame, indicator_id)
    return frame[~frame["suppressed"]].reset_index(drop=True)
