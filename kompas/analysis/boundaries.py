"""Warnings for comparing two waves of an area whose boundaries changed in between.

Two kinds of change, as the store knows them (``area_years`` and ``gemeente_mergers``, migration 006):

- a gemeente took in another one (herindeling) after the first wave and by the second: the second figure
  is about a larger area and more inhabitants;
- a wijk or buurt code that CBS did not yet use in the year of the first wave, or no longer used in the
  year of the second: CBS re-draws wijken and buurten and gives them new codes, so the same code in both
  waves may not be the same area.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kompas.domain import register
from kompas.store.connection import StoreView


def boundary_warnings(store: StoreView, wave_from: dict, wave_to: dict, area_codes) -> dict[str, list[str]]:
    """Per area code: Dutch sentences on a boundary change between the two waves (dicts with ``label``,
    ``period_end``); areas without a known change are absent.
    """
    codes = sorted(set(area_codes))
    if not codes:
        return {}
    end_from, end_to = _day(wave_from["period_end"]), _day(wave_to["period_end"])
    between = f"tussen {wave_from['label']} en {wave_to['label']}"
    found: dict[str, list[str]] = {}
    merged = store.rows(
        "SELECT m.new_code, m.old_code, m.merged_on, a.name FROM gemeente_mergers m "
        "LEFT JOIN areas a ON a.code = m.new_code WHERE list_contains(?, m.new_code) "
        "AND m.merged_on > ? AND m.merged_on <= ? ORDER BY m.merged_on, m.old_code",
        [codes, end_from, end_to],
    )
    for row in merged:
        old = register.gemeente(row["old_code"])
        found.setdefault(row["new_code"], []).append(
            f"De grens van gemeente {row['name'] or row['new_code']} is {between} veranderd: op "
            f"{row['merged_on']:%d-%m-%Y} ging {old.name if old else row['old_code']} ({row['old_code']}) erin op. "
            "Het tweede cijfer gaat over een groter gebied; vergelijk voorzichtig."
        )
    years = store.rows(
        "SELECT y.code, y.valid_from, y.valid_to, a.name FROM area_years y LEFT JOIN areas a "
        "USING (code) WHERE list_contains(?, y.code) AND ((y.valid_from IS NOT NULL AND "
        "y.valid_from > ?) OR (y.valid_to IS NOT NULL AND y.valid_to < ?))",
        [codes, end_from.year, end_to.year],
    )
    for row in years:
        span = (f"vanaf {row['valid_from']}" if row["valid_from"] else "") + (
            f"{' ' if row['valid_from'] else ''}tot en met {row['valid_to']}" if row["valid_to"] else ""
        )
        found.setdefault(row["code"], []).append(
            f"De grenzen van {row['name'] or row['code']} ({row['code']}) kunnen {between} veranderd zijn: het CBS "
            f"gebruikt deze code {span}. Controleer of beide cijfers over hetzelfde gebied gaan."
        )
    return found


def _day(value) -> date:
    return value.date() if isinstance(value, pd.Timestamp) else value
