"""The "Indicatoren" sheet of a workbook made by ``kompas.reports.excel_exchange`` (layout: ``kompas.domain.workbook``): which indicators it changes.

Only the editable columns are read (``EXCHANGE.EDITABLE``); an unknown code or a value the indicator
cannot take is a refused row naming the file, row and column. An unchanged sheet gives no edits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain import workbook as EXCHANGE
from kompas.imports.source import ImportFileError, Problem
from kompas.store import audit
from kompas.store.connection import StoreView
from kompas.store.indicators import indicators_by_id


@dataclass(frozen=True)
class IndicatorEdit:
    before: object  # kompas.domain.model.Indicator
    after: object

    def describe(self) -> str:
        parts = [
            f"{column} {_show(getattr(self.before, field))} → {_show(getattr(self.after, field))}"
            for column, field in EXCHANGE.EDITABLE.items()
            if field != "id" and getattr(self.before, field) != getattr(self.after, field)
        ]
        return f"indicator {self.before.id}: " + "; ".join(parts)


def read_edits(store: StoreView, path: Path) -> tuple[list[IndicatorEdit], list[Problem]]:
    """The edits the sheet makes and the rows it refuses; ([], []) when the workbook has no such sheet."""
    from kompas.imports.excel_cells import read_sheet

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return [], []
    try:
        sheet = read_sheet(path, sheet=EXCHANGE.INDICATORS_SHEET)
    except ImportFileError:
        return [], []
    known = indicators_by_id(store)
    edits, problems = [], []
    for row_number, row in sheet.values.iterrows():
        code = row.get("code")
        if code in (None, ""):
            continue
        current = known.get(str(code).strip())
        if current is None:
            problems.append(
                Problem(
                    path.name,
                    int(row_number),
                    "code",
                    f"Onbekende indicator '{code}'. Nieuwe "
                    "indicatoren maakt u op 'Veranderverhaal bewerken'; laat deze rij weg.",
                )
            )
            continue
        changed = {
            field: _value(field, row.get(column))
            for column, field in EXCHANGE.EDITABLE.items()
            if field != "id" and column in row.index
        }
        after = replace(current, **changed)
        for field, message in after.problems().items():
            column = next((c for c, f in EXCHANGE.EDITABLE.items() if f == field), field)
            problems.append(Problem(path.name, int(row_number), column, message))
        if after != current and not after.problems():
            edits.append(IndicatorEdit(current, after))
    return edits, problems


def write(cur, store: StoreView, edits: list[IndicatorEdit]) -> None:
    """Apply the edits inside the import's transaction, each with a line in the audit log."""
    for edit in edits:
        values = {field: getattr(edit.after, field) for field in EXCHANGE.EDITABLE.values() if field != "id"}
        cur.execute(
            f"UPDATE indicators SET {', '.join(f'{f} = ?' for f in values)} WHERE id = ?",
            [*values.values(), edit.after.id],
        )
        audit.record(cur, access_mod.of(store), "gewijzigd", "indicator", edit.after.id, edit.describe()[:500])


def _value(field: str, cell):
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or (isinstance(cell, str) and not cell.strip()):
        return None if field in ("target_value", "target_year") else ""
    if field == "target_value":
        return float(cell)
    if field == "target_year":
        return int(float(cell))
    return str(cell).strip()


def _show(value) -> str:
    return "leeg" if value in (None, "") else f"'{value}'" if isinstance(value, str) else f"{value:g}"
