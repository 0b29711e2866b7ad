"""The indicator list, targets and figures as one Excel workbook, to edit in Excel and read back with
``python -m kompas import FILE.xlsx`` (``kompas.imports``; the indicator sheet: ``kompas.imports.indicator_sheet``).

Sheet 1 "Cijfers": every figure the small-group rule shows, in the import template's columns (so it is read
back like any template file). Sheet 2 "Indicatoren": per indicator its code, title, definition, target value
and year and caveat (these can be edited) and, for reading only, unit, direction, source and node.
Hidden small groups never leave the app, so they are not in the file; reading it back leaves them as they are.
"""

from __future__ import annotations

from io import BytesIO

import pandas as pd

from kompas.store import indicators as indicators_mod
from kompas.store import observations, suppression
from kompas.imports.staging import TEMPLATE
from kompas.store.connection import StoreView

FIGURES_SHEET = "Cijfers"
INDICATORS_SHEET = "Indicatoren"
# column in the sheet -> field of kompas.domain.model.Indicator; only these are read back
EDITABLE = {"code": "id", "titel": "title", "definitie": "definition", "streefwaarde": "target_value",
            "streefjaar": "target_year", "kanttekening": "caveat"}
READ_ONLY = {"eenheid (niet wijzigen)": "unit", "richting (niet wijzigen)": "direction",
             "bron (niet wijzigen)": "source", "onderdeel (niet wijzigen)": "node_id"}


def workbook(store: StoreView) -> bytes:
    """The workbook as .xlsx bytes."""
    table = indicators_mod.indicators(store)
    listing = pd.DataFrame({column: table[field] for column, field in {**EDITABLE, **READ_ONLY}.items()})
    listing["streefjaar"] = listing["streefjaar"].astype("Int64")
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        figures(store, list(table["id"])).to_excel(writer, sheet_name=FIGURES_SHEET, index=False)
        listing.to_excel(writer, sheet_name=INDICATORS_SHEET, index=False)
    return buffer.getvalue()


def figures(store: StoreView, indicator_ids: list[str]) -> pd.DataFrame:
    """The shown figures of these indicators in the template's columns, wave by its label."""
    frame = store.df(
        "SELECT o.indicator_id AS indicator, w.label AS wave, o.area_code, o.group_factor, o.group_value, o.value, "
        "o.n, o.ci_low, o.ci_high, o.wave_id, o.indicator_id FROM observations o JOIN waves w ON w.id = o.wave_id "
        f"WHERE list_contains(?, o.indicator_id) AND {observations.PUBLISHABLE} "
        "ORDER BY o.indicator_id, w.period_end, o.area_code, o.group_factor, o.group_value",
        [indicator_ids, observations.shows_provisional(store)])
    frame = suppression.apply_stored(store, frame)
    frame = frame[~frame["suppressed"]]
    out = frame[TEMPLATE].reset_index(drop=True)
    out["n"] = out["n"].astype("Int64")
    return out
