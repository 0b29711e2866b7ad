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

from kompas.domain.workbook import EDITABLE, FIGURES_SHEET, INDICATORS_SHEET, READ_ONLY
from kompas.imports.staging import TEMPLATE
from kompas.store import indicators as indicators_mod
from kompas.store import observations
from kompas.store.connection import StoreView


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
    out = observations.shown_in_template(store, indicator_ids)[TEMPLATE]
    out["n"] = out["n"].astype("Int64")
    return out
